"""The customer directory search (customers/search/) and its vocabulary of name words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers import search
from customers.models import Customer, CustomerSearchWord
from customers.normalization import normalize_search_text
from customers.search import search_customers
from customers.search import tiers as search_tiers
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


def _names(page) -> list[str]:
    return [customer.name for customer in page.results]


# --- what matches ------------------------------------------------------------------


def test_search_ignores_accents_and_case(directory):
    assert _names(search_customers("societe generale")) == ["Société Générale Démo"]
    assert _names(search_customers("ELECTRICITE")) == ["Électricité Démo SA"]
    assert _names(search_customers("crÉdit AGRICOLE")) == ["Crédit Agricole Démo"]


def test_search_ignores_punctuation_and_spacing(directory):
    assert _names(search_customers("  société—générale ")) == ["Société Générale Démo"]


def test_search_finds_name_starts_word_starts_and_pieces_inside_words(directory):
    assert _names(search_customers("glob")) == ["Globex Corporation"]
    assert _names(search_customers("corpo")) == ["Globex Corporation"]
    assert _names(search_customers("lobex")) == ["Globex Corporation"]
    assert _names(search_customers("generale demo")) == ["Société Générale Démo"]


def test_one_or_two_letters_match_name_and_word_starts_only(db):
    make_customer("Acme Industries")
    make_customer("Globex Acme")
    make_customer("Tracmer")
    assert _names(search_customers("ac")) == ["Acme Industries", "Globex Acme"]
    assert _names(search_customers("acm")) == ["Acme Industries", "Globex Acme", "Tracmer"]


def test_a_search_that_matches_nothing_returns_an_empty_page(directory):
    page = search_customers("zzzz nothing")
    assert page.results == []
    assert not page.has_next
    assert not page.has_previous
    assert page.corrected_query is None


# --- ranking -----------------------------------------------------------------------


def test_results_come_exact_name_first_then_name_starts_then_word_starts_then_the_rest(db):
    for name in ["Tracmer", "Zeta Acmeco", "Acmeco", "Globex Acme Ltd", "Acme Industries", "Acme"]:
        make_customer(name)
    assert _names(search_customers("Acme")) == [
        "Acme",  # the exact name
        "Acme Industries",  # names starting with the query
        "Acmeco",
        "Globex Acme Ltd",  # a later word starting with the query
        "Zeta Acmeco",
        "Tracmer",  # the query inside a word
    ]


def test_customers_with_the_same_name_keep_a_stable_order(db):
    first, second, third = (make_customer("Acme") for _ in range(3))
    page = search_customers("acme")
    assert [customer.pk for customer in page.results] == [first.pk, second.pk, third.pk]


def _reference_ranking(query: str) -> list[str]:
    """The ranking the docstring of ``customers.search`` describes, over every listed name."""
    wanted = normalize_search_text(query)

    def tier(name: str) -> int | None:
        if name.startswith(wanted):
            return 1
        if f" {wanted}" in name:
            return 2
        if len(wanted) >= search_tiers.MIN_SUBSTRING_LENGTH and wanted in name:
            return 3
        return None

    customers = Customer.objects.listed().values_list("search_name", "id", "name")
    ranked = sorted(
        (tier(search_name), search_name, pk, name)
        for search_name, pk, name in customers
        if tier(search_name)
    )
    return [name for *_key, name in ranked]


@pytest.fixture
def crowded_directory(db):
    """Names holding "acme" at the start, at a word start, inside a first word and inside
    a later word, with neighbours that hold none."""
    for i in range(12):
        make_customer(f"Acme {i:02d}")
        make_customer(f"Zeta Acme {i:02d}")
        make_customer(f"Tracmer {i:02d}")
        make_customer(f"Other Tracmeo {i:02d}")
        make_customer(f"Other {i:02d}")
    make_customer("Tracmex Acme")  # tier 2, though its first word holds "acme" too
    make_customer("Zeta Tracmer", listed=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE customers_customer")  # the size the walk is planned on


# Each way of reading the tiers, forced: the estimate's choice; always the walk
# (over the whole directory); a walk that finds too few; never the walk; and on
# PostgreSQL never splitting tier 3, or splitting it on a count of one name.
_STRATEGIES = {
    "as estimated": {},
    "always walk": {"WALK_COST": 1e-9},
    "walk finds too few": {"WALK_COST": 1e-9, "WALK_MARGIN": 1e-9, "WALK_BUDGET": 1e-18},
    "never walk": {"WALK_COST": 1e9},
    "never split": {"MAX_SPLIT_WORDS": -1},
    "first words barely counted": {"COUNTED_NAMES": 1},
}


@pytest.mark.parametrize("strategy", _STRATEGIES)
@pytest.mark.parametrize("query", ["acme", "acm", "cme", "racm", "tracme", "acme 0", "e 0"])
def test_ranking_is_the_same_whichever_way_the_tiers_are_read(
    crowded_directory, monkeypatch, strategy, query
):
    for name, value in _STRATEGIES[strategy].items():
        monkeypatch.setattr(search_tiers, name, value)
    used = []
    fetch = search_tiers._fetch

    def recording_fetch(template, *args, **kwargs):
        used.append(template)
        return fetch(template, *args, **kwargs)

    monkeypatch.setattr(search_tiers, "_fetch", recording_fetch)
    expected = _reference_ranking(query)
    assert expected  # every query finds something here

    found = []
    page = 1
    while True:
        result = search_customers(query, page=page, per_page=7)
        found += _names(result)
        if not result.has_next:
            break
        page += 1
    assert found == expected
    assert _names(search_customers(query, per_page=5)) == expected[:5]
    walked = search_tiers._WALK in used
    if " " in query:  # several words: never walked, both tiers sorted at once
        assert not walked
        assert search_tiers._SORTED_TOGETHER in used
    elif strategy in ("always walk", "walk finds too few"):
        assert walked
    if strategy == "never walk":
        assert not walked
    if query == "cme" and connection.vendor == "postgresql":
        # Inside first words ("tracmer") and later ones ("other tracmeo"): split
        # when the walk is not taken or finds too few, unless forbidden.
        split = {search_tiers._FIRST_WORDS, search_tiers._LATER_WORDS} <= set(used)
        if strategy in ("walk finds too few", "never walk"):
            assert split
        if strategy == "never split":
            assert search_tiers._FIRST_WORDS not in used


# --- who is found --------------------------------------------------------------------


def test_unlisted_customers_never_appear(directory):
    assert _names(search_customers("acme")) == ["Acme Industries"]
    assert search_customers("secret").results == []
    assert search_customers("acme secret holdings").results == []


# --- paging --------------------------------------------------------------------------


def test_pages_follow_each_other_without_overlap(db):
    names = [f"Paging Test {i:02d}" for i in range(45)]
    for name in reversed(names):
        make_customer(name)

    first = search_customers("paging test")
    second = search_customers("paging test", page=2)
    third = search_customers("paging test", page=3)

    assert _names(first) == names[:20]
    assert first.has_next and not first.has_previous
    assert first.next_page_number == 2 and first.previous_page_number is None
    assert _names(second) == names[20:40]
    assert second.has_next and second.has_previous
    assert _names(third) == names[40:]
    assert not third.has_next and third.previous_page_number == 2
    assert search_customers("paging test", page=4).results == []


def test_a_page_below_one_is_the_first_page(db):
    make_customer("Acme Industries")
    page = search_customers("acme", page=0)
    assert page.page == 1
    assert _names(page) == ["Acme Industries"]


def test_paging_stops_at_the_result_limit(db, monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 4)
    for i in range(6):
        make_customer(f"Acme {i}")
    second = search_customers("acme", page=2, per_page=2)
    assert _names(second) == ["Acme 2", "Acme 3"]
    assert not second.has_next
    assert search_customers("acme", page=3, per_page=2).results == []


def _queries_of(query: str, **kwargs) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        search_customers(query, **kwargs)
    return [entry["sql"] for entry in captured.captured_queries]


def test_paging_never_counts_and_costs_the_same_whatever_the_directory_size(db):
    for i in range(30):
        make_customer(f"Paging Test {i:02d}")
    small = [_queries_of("paging", page=page) for page in (1, 2)]
    for i in range(60):
        make_customer(f"Unrelated {i:02d}")
        make_customer(f"Zeta Unrelated {i:02d}")
    large = [_queries_of("paging", page=page) for page in (1, 2)]

    # Page 1: the names starting with the query, then the customers of the page.
    # Page 2: that tier runs short, so the vocabulary is asked whether the other
    # tiers can hold any name: none can, so they are not read.
    assert [len(queries) for queries in small] == [2, 3]
    assert [len(queries) for queries in large] == [2, 3]
    for queries in small + large:  # nothing counts more than a bounded few rows
        assert not any("COUNT(" in sql.upper() and "LIMIT" not in sql.upper() for sql in queries)


def test_a_search_sends_a_bounded_number_of_queries_whatever_the_directory_size(db):
    def queries_per_kind() -> list[int]:
        # A name start, a word start, pieces inside first and later words.
        return [len(_queries_of(query)) for query in ("zeta", "acme", "racm", "acmeo")]

    for size in (5, 200):
        for i in range(Customer.objects.count() // 4, size):
            make_customer(f"Zeta Acme {i:03d}")
            make_customer(f"Tracmer {i:03d}")
            make_customer(f"Other Tracmeo {i:03d}")
            make_customer(f"Unrelated {i:03d}")
        # At most: tier 1, the vocabulary, tier 2 walked then sorted, tier 3's
        # first words counted, walked, then read in two parts, the customers.
        assert all(1 <= count <= 9 for count in queries_per_kind())


def test_a_typo_reads_no_names_but_their_starts(directory):
    with CaptureQueriesContext(connection) as captured:
        page = search_customers("electrcite")
    assert page.corrected_query == "electricite"
    queries = [entry["sql"] for entry in captured.captured_queries]
    # The names starting with the typo; the vocabulary: no other tier can match,
    # and the corrections; then the same for the correction, and its customer.
    assert len(queries) == 6
    assert not any("search_name LIKE '%" in sql for sql in queries)


def test_empty_blank_and_punctuation_only_queries_find_nothing_without_a_query(
    directory, django_assert_num_queries
):
    for query in ["", "   ", "!!!", "—", "-- ' %% __"]:
        with django_assert_num_queries(0):
            page = search_customers(query)
        assert page.results == []
        assert not page.has_next


def test_like_wildcards_in_a_query_are_only_punctuation(directory):
    assert search_customers("a%e").results == []  # "a e", not "a, anything, e"
    assert _names(search_customers("_cme")) == ["Acme Industries"]  # "cme"


def test_a_very_long_query_finds_nothing_and_does_not_fail(directory):
    assert search_customers("a" * 10_000).results == []
    assert search_customers("société générale " * 50).results == []
    # Just under the limit, with many long words to take for typos.
    long_words = " ".join(["generalle", "electrcite", "agricolle", "corporatin"] * 4)
    assert len(long_words) < search.MAX_QUERY_LENGTH
    assert search_customers(long_words).results == []


def test_per_page_must_be_sensible(db):
    with pytest.raises(ValueError):
        search_customers("acme", per_page=0)


# --- the PostgreSQL indexes ----------------------------------------------------------


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('customers_customer', 'customers_customersearchword')"
        )
        return dict(cursor.fetchall())


@pytest.mark.postgres
def test_the_search_indexes_exist_on_postgresql(postgres):
    indexes = _indexes()
    assert "USING gin (search_name gin_trgm_ops)" in indexes["customer_search_name_trgm"]
    assert '(search_name COLLATE "C", id) WHERE listed' in indexes["customer_listed_search_name_c"]
    assert '(word COLLATE "C") INCLUDE (names)' in indexes["customer_search_word_c"]
    assert "USING gin (word gin_trgm_ops)" in indexes["customer_search_word_trgm"]
    later_words = indexes["customer_later_words_trgm"]
    expression = "substr((search_name)::text, (strpos((search_name)::text, ' '::text) + 1))"
    assert f"USING gin ({expression} gin_trgm_ops)" in later_words
    assert later_words.endswith("WHERE listed")


def _plans_of(query: str) -> list[tuple[str, str]]:
    """(SQL, plan) of each query a search sends."""
    with CaptureQueriesContext(connection) as captured:
        search_customers(query)
    plans = []
    with connection.cursor() as cursor:
        for entry in captured.captured_queries:
            cursor.execute(f"EXPLAIN {entry['sql']}")
            plans.append((entry["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    return plans


@pytest.mark.postgres
def test_the_search_queries_use_the_indexes(postgres, directory):
    Customer.objects.bulk_create(
        Customer(name=f"Filler Company {i}", search_name=f"filler company {i}") for i in range(3000)
    )
    with connection.cursor() as cursor:
        # What VACUUM would do after a bulk load: no pending GIN entries, fresh statistics.
        cursor.execute("SELECT gin_clean_pending_list('customer_search_name_trgm')")
        cursor.execute("SELECT gin_clean_pending_list('customer_later_words_trgm')")
        cursor.execute("ANALYZE customers_customer")
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a directory of millions

    plans = _plans_of("lobex")
    starting = next(plan for sql, plan in plans if "LIKE 'lobex%'" in sql and "NOT" not in sql)
    assert "customer_listed_search_name_c" in starting
    assert "Sort" not in starting
    # Inside the first word: a range of the byte-ordered index for "globex".
    first_words = next(plan for sql, plan in plans if "CROSS JOIN LATERAL" in sql)
    assert "customer_listed_search_name_c" in first_words

    plans = _plans_of("corp")  # the start of a later word: the trigram index
    word_start = next(plan for sql, plan in plans if "search_name LIKE '% corp%'" in sql)
    assert "customer_search_name_trgm" in word_start

    plans = _plans_of("orporation")  # inside a later word: the index of later words
    later = next(plan for sql, plan in plans if "substr(search_name" in sql)
    assert "customer_later_words_trgm" in later


# --- the vocabulary of name words ------------------------------------------------------


def _vocabulary() -> dict[str, int]:
    return dict(CustomerSearchWord.objects.values_list("word", "names"))


def test_saving_a_customer_counts_the_words_of_its_name(db):
    make_customer("Acme Industries")
    make_customer("Acme Acme Logistics")
    assert _vocabulary() == {"acme": 2, "industries": 1, "logistics": 1}


def test_renaming_a_customer_moves_its_word_counts(db):
    customer = make_customer("Acme Industries")
    make_customer("Globex Industries")
    customer.name = "Acme Logistics"
    customer.save(update_fields=["name"])
    assert _vocabulary() == {"acme": 1, "industries": 1, "globex": 1, "logistics": 1}


def test_saving_other_fields_leaves_the_vocabulary_alone(db, django_assert_num_queries):
    customer = make_customer("Acme Industries")
    customer.city = "Lyon"
    with django_assert_num_queries(1):
        customer.save()
    assert _vocabulary() == {"acme": 1, "industries": 1}
