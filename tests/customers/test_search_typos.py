"""Typos in a directory search: corrected when the search finds nothing, on PostgreSQL and
SQLite alike."""

import pytest

from customers.search import search_customers
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


def _names(page) -> list[str]:
    return [customer.name for customer in page.results]


def test_a_typo_in_a_long_word_is_corrected(directory):
    page = search_customers("Electrcite")
    assert _names(page) == ["Électricité Démo SA"]
    assert page.corrected_query == "electricite"

    page = search_customers("generalle")
    assert _names(page) == ["Société Générale Démo"]
    assert page.corrected_query == "generale"

    page = search_customers("Société Génerlae Démo")
    assert _names(page) == ["Société Générale Démo"]
    assert page.corrected_query == "societe generale demo"


def test_the_start_of_a_word_with_a_typo_is_corrected(directory):
    page = search_customers("electrcit")
    assert _names(page) == ["Électricité Démo SA"]
    assert page.corrected_query == "electricit"


def test_a_typo_in_a_short_word_is_not_corrected(directory):
    page = search_customers("Acne")  # "acme", 4 letters
    assert page.results == []
    assert page.corrected_query is None


def test_a_query_that_finds_something_is_not_corrected(db):
    make_customer("Generalle Transports")
    make_customer("Société Générale Démo")
    page = search_customers("generalle")
    assert _names(page) == ["Generalle Transports"]
    assert page.corrected_query is None


def test_the_correction_prefers_the_word_more_names_use(db):
    for city in ["Paris Supplies", "Paris Logistics", "Hotel de Paris"]:
        make_customer(city)
    make_customer("Parks Ltd")
    page = search_customers("parus")
    assert page.corrected_query == "paris"
    assert _names(page) == ["Paris Logistics", "Paris Supplies", "Hotel de Paris"]


def test_the_correction_weighs_how_likely_the_slip_is(db):
    # "htugown": "thugown" with two letters swapped, or "hugown" with a letter
    # added. A swap (or a letter left out) gives one string only, an added or
    # replaced letter any of about eight: the swap wins over a word 3 times as
    # common, not over one 9 times as common.
    make_customer("Thugown Bakery")
    for i in range(3):
        make_customer(f"Hugown Marine {i}")
    assert search_customers("htugown").corrected_query == "thugown"
    for i in range(3, 9):
        make_customer(f"Hugown Marine {i}")
    assert search_customers("htugown").corrected_query == "hugown"


def test_a_letter_left_out_is_likelier_than_one_replaced(db):
    make_customer("Sterirea Transports")
    for i in range(3):
        make_customer(f"Stearea Logistics {i}")
    page = search_customers("steirea")  # "sterirea" without its second r
    assert page.corrected_query == "sterirea"
    assert _names(page) == ["Sterirea Transports"]


def test_the_correction_never_reveals_an_unlisted_customer(db):
    make_customer("Zephyrine Holdings", listed=False)
    page = search_customers("zephyrime")
    assert page.results == []
    assert page.corrected_query is None


def test_paging_through_corrected_results_keeps_the_correction(db):
    for i in range(25):
        make_customer(f"Électricité Régionale {i:02d}")
    second = search_customers("electrcite", page=2)
    assert second.corrected_query == "electricite"
    assert _names(second) == [f"Électricité Régionale {i:02d}" for i in range(20, 25)]
    assert not second.has_next


def test_the_demo_typo_finds_the_customer_on_either_database(directory):
    page = search_customers("elctricite")
    assert _names(page) == ["Électricité Démo SA"]
    assert page.corrected_query == "electricite"
