"""The customer directory search behind *Connection Requests → Search*.

API
---
``search_customers(query, *, page=1, per_page=20) -> SearchPage``

``SearchPage`` carries ``results`` (``list[Customer]``, at most ``per_page``),
``page``, ``per_page``, ``query`` (as typed), ``corrected_query`` (``None``, or
the normalised query that was searched instead — "Showing results for …"),
``has_next``, ``has_previous``, ``next_page_number``,
``previous_page_number``. An empty, blank or punctuation-only query gives an
empty page without touching the database; a page number below 1 is read as 1.

What matches
------------
Names and queries are compared in normalised form (``normalize_search_text``:
lower case, no accents, no punctuation, single spaces), so "societe generale"
finds "Société Générale Démo". Only listed customers are searched.

Ranking, in tiers; inside a tier by normalised name (byte order), then id, so
pages never overlap or skip:

1. names starting with the query — the exact name first, since it is the
   shortest name starting with it ("acme", then "acme industries", then
   "acmeco");
2. names with a later word starting with the query ("globex *acme* ltd");
3. names containing the query anywhere else ("tr*acme*r") — only for queries
   of 3 characters or more: one or two letters match name and word starts
   only.

Paging fetches ``per_page + 1`` rows to know whether there is a next page;
nothing ever counts the matches. At most ``MAX_RESULTS`` matches are
reachable (50 pages of 20); past that, the user is expected to refine the
query.

Typos (PostgreSQL only)
-----------------------
When a query matches nothing, each of its words of 5 to 30 letters that no
name word starts with is taken for a typo. Every string one edit away from it
(a letter deleted, inserted, replaced, or two neighbours swapped) is looked up
in ``CustomerSearchWord``, the vocabulary of name words, in one query. The
variants that start a known word become the corrections — whole words first,
then same-length edits, then alphabetical — and the first corrected query
that matches something is searched instead and returned as
``corrected_query``. Words shorter than 5 letters are never corrected. SQLite
searches the same way without typo correction.

Speed at a million customers (PostgreSQL)
-----------------------------------------
Every tier is its own ``LIMIT``-ed query on ``search_name``, run in order and
only while the page is not full, so a common term never has all its matches
sorted. The migration ``0002_directory_search`` adds the indexes: a trigram
GIN index (``LIKE '%…%'`` for tiers 2 and 3) and a btree on
``(search_name COLLATE "C", id) WHERE listed``, which serves tier 1 as a range
scan and lets the planner walk names in the tiers' order when a term is
frequent. Ordering by the "C" collation is byte order, the same as SQLite's,
so both databases rank identically. Typo correction probes a "C" btree on the
vocabulary. A search costs 2 to 4 queries (the tiers it needs, then one that
loads the customers of the page); a corrected search adds one vocabulary
lookup and the tiers of each correction tried (at most
``MAX_CORRECTIONS_TRIED``).
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from customers.models import Customer

MAX_RESULTS = 1000
MIN_SUBSTRING_LENGTH = 3
PROBE_LIMIT = 1000
EARLY_NAMES = 5000
MIN_TYPO_WORD_LENGTH = 5
MAX_TYPO_WORD_LENGTH = 30
MAX_TYPO_WORDS = 3
MAX_CORRECTIONS_TRIED = 3
# Longer than any stored name (``Customer.search_name`` has 200 characters):
# such a query cannot match, so it is not sent to the database.
MAX_QUERY_LENGTH = 200

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_ALPHABET = string.ascii_lowercase + string.digits


def normalize_search_text(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text with single spaces.

    "Société Générale Démo" → "societe generale demo". Names are stored in
    this form (``Customer.search_name``) and queries are normalised the same
    way, so a plain substring match is accent- and case-insensitive.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = stripped.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
    return _NOT_WORD.sub(" ", stripped).strip()


@dataclass(frozen=True)
class SearchPage:
    """One page of directory search results."""

    query: str
    page: int
    per_page: int
    results: list[Customer] = field(default_factory=list)
    has_next: bool = False
    corrected_query: str | None = None

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def next_page_number(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def previous_page_number(self) -> int | None:
        return self.page - 1 if self.has_previous else None


def search_customers(query: str, *, page: int = 1, per_page: int = 20) -> SearchPage:
    """Listed customers matching ``query``, best matches first, one page of them."""
    if not 1 <= per_page <= MAX_RESULTS:
        raise ValueError(f"per_page must be between 1 and {MAX_RESULTS}, not {per_page}")
    page = max(page, 1)
    empty = SearchPage(query=query, page=page, per_page=per_page)
    wanted = normalize_search_text(query)
    offset = (page - 1) * per_page
    if not wanted or len(wanted) > MAX_QUERY_LENGTH or offset >= MAX_RESULTS:
        return empty

    ids, has_next = _ranked_ids(wanted, offset=offset, limit=per_page)
    corrected = None
    if not ids and _corrects_typos():
        corrected, ids, has_next = _corrected_search(
            wanted, page=page, offset=offset, limit=per_page
        )
    if not ids:
        return SearchPage(query=query, page=page, per_page=per_page, corrected_query=corrected)

    from customers.models import Customer  # customers.models imports this module

    by_id = Customer.objects.listed().order_by().in_bulk(ids)
    return SearchPage(
        query=query,
        page=page,
        per_page=per_page,
        results=[by_id[pk] for pk in ids if pk in by_id],
        has_next=has_next,
        corrected_query=corrected,
    )


def _ranked_ids(wanted: str, *, offset: int, limit: int) -> tuple[list[int], bool]:
    """The ids of one page of matches, and whether more follow."""
    needed = offset + limit + 1
    ids = _fetch_ids(_STARTING, [f"{wanted}%", needed])
    if len(ids) < needed:
        ids += _containing_ids(wanted, count=needed - len(ids))
    has_next = len(ids) > offset + limit and offset + limit < MAX_RESULTS
    return ids[offset : offset + limit], has_next


@dataclass(frozen=True)
class _Tier:
    """Listed names containing ``contained`` and matching no ``excluded`` LIKE pattern."""

    contained: str
    excluded: tuple[str, ...]


def _containing_ids(wanted: str, *, count: int) -> list[int]:
    """The first ``count`` ids of tiers 2 and 3, in ranking order."""
    word_start = _Tier(contained=f" {wanted}", excluded=(f"{wanted}%",))
    tiers = [word_start]
    if len(wanted) >= MIN_SUBSTRING_LENGTH:
        tiers.append(_Tier(contained=wanted, excluded=(f"{wanted}%", f"% {wanted}%")))
    # A frequent word fills the page with names early in the directory.
    ids = _walk(word_start, count=count, among_first=EARLY_NAMES)
    if len(ids) == count:
        return ids
    # Usually few names contain the query: one probe finds those of both tiers.
    found = _probe(_Tier(contained=tiers[-1].contained, excluded=word_start.excluded))
    if found is not None:
        ranked = sorted((f" {wanted}" not in name, name, pk) for name, pk in found)
        return [pk for _later_tier, _name, pk in ranked[:count]]
    # Many names contain it: each tier on its own.
    ids = []
    for tier in tiers:
        if len(ids) == count:
            break
        ids += _tier_ids(tier, count=count - len(ids), walked_early=tier is word_start)
    return ids


def _tier_ids(tier: _Tier, *, count: int, walked_early: bool) -> list[int]:
    """The first ``count`` ids of one tier, in ranking order."""
    if not walked_early:
        ids = _walk(tier, count=count, among_first=EARLY_NAMES)
        if len(ids) == count:
            return ids
    found = _probe(tier)
    if found is not None:
        return [pk for _name, pk in sorted(found)[:count]]
    # Many names match, but few among the first ones: walk until the page is full.
    return _walk(tier, count=count)


def _probe(tier: _Tier) -> list[tuple[str, int]] | None:
    """Every (name, id) of the tier, unordered, through the trigram index; ``None``
    when there are more than ``PROBE_LIMIT`` (too many to sort here)."""
    params = [f"%{tier.contained}%", *tier.excluded, PROBE_LIMIT + 1]
    found = _fetch(_PROBING, params, exclusions=len(tier.excluded))
    return found if len(found) <= PROBE_LIMIT else None


def _walk(tier: _Tier, *, count: int, among_first: int | None = None) -> list[int]:
    """The tier's first ``count`` ids, walking the names in ranking order (only the
    first ``among_first`` names, when given)."""
    params = [tier.contained, *tier.excluded, count]
    if among_first is None:
        return _fetch_ids(_CONTAINING, params, exclusions=len(tier.excluded))
    params = [among_first, *params]
    return _fetch_ids(_CONTAINING_AMONG_FIRST, params, exclusions=len(tier.excluded))


def _corrected_search(
    wanted: str, *, page: int, offset: int, limit: int
) -> tuple[str | None, list[int], bool]:
    """The first correction of a query that finds nothing, with its page of ids."""
    # Page 1 decides the correction, so that paging through the corrected
    # results keeps the same one.
    if page > 1 and _matches_any(wanted):
        return None, [], False  # past the last page of real results
    for candidate in _corrections(wanted):
        if page == 1:
            ids, has_next = _ranked_ids(candidate, offset=offset, limit=limit)
            if ids:
                return candidate, ids, has_next
        elif _matches_any(candidate):
            ids, has_next = _ranked_ids(candidate, offset=offset, limit=limit)
            return candidate, ids, has_next
    return None, [], False


def _matches_any(wanted: str) -> bool:
    return bool(_ranked_ids(wanted, offset=0, limit=1)[0])


# The tiers' queries. ``{bytes}`` orders and compares in byte order: PostgreSQL's
# "C" collation, SQLite's default. The database's own collation (en_US, fr_FR…)
# would rank differently and could not serve the prefix range scan.
# ``{position}`` finds a substring without the trigram index (strpos/instr),
# so that the planner, whose estimates for LIKE '%…%' are far off, has only
# the ordered walk of the byte-ordered index to choose. Patterns need no
# escaping: normalised text holds only [0-9a-z ].
_STARTING = """
    SELECT id FROM {table}
    WHERE listed AND search_name{bytes} LIKE %s
    ORDER BY search_name{bytes}, id LIMIT %s
"""
_CONTAINING_AMONG_FIRST = """
    SELECT id FROM (
        SELECT id, search_name FROM {table} WHERE listed
        ORDER BY search_name{bytes}, id LIMIT %s
    ) AS first_names
    WHERE {position}(search_name, %s) > 0{exclusions}
    ORDER BY search_name{bytes}, id LIMIT %s
"""
_CONTAINING = """
    SELECT id FROM {table}
    WHERE listed AND {position}(search_name, %s) > 0{exclusions}
    ORDER BY search_name{bytes}, id LIMIT %s
"""
_PROBING = """
    SELECT search_name, id FROM {table}
    WHERE listed AND search_name LIKE %s{exclusions}
    LIMIT %s
"""


def _fetch(template: str, params: list, *, exclusions: int = 0) -> list[tuple]:
    from customers.models import Customer  # customers.models imports this module

    postgres = connection.vendor == "postgresql"
    sql = template.format(
        table=Customer._meta.db_table,
        bytes=' COLLATE "C"' if postgres else "",
        position="strpos" if postgres else "instr",
        exclusions=" AND search_name NOT LIKE %s" * exclusions,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch_ids(template: str, params: list, *, exclusions: int = 0) -> list[int]:
    return [row[0] for row in _fetch(template, params, exclusions=exclusions)]


def _corrects_typos() -> bool:
    return connection.vendor == "postgresql"


def _corrections(wanted: str) -> list[str]:
    """Queries with each misspelt word replaced, most likely first."""
    words = wanted.split()
    suspects = sorted(
        {word for word in words if MIN_TYPO_WORD_LENGTH <= len(word) <= MAX_TYPO_WORD_LENGTH}
    )[:MAX_TYPO_WORDS]
    if not suspects:
        return []
    variants = {suspect: _one_edit_away(suspect) for suspect in suspects}
    usage = _word_usage([*suspects, *itertools.chain.from_iterable(variants.values())])
    options: dict[str, list[str]] = {}
    for suspect in suspects:
        if suspect in usage:
            continue  # it starts a name word: not a typo
        found = sorted(
            (variant for variant in variants[suspect] if variant in usage),
            key=lambda variant: _likelihood(variant, usage[variant], typed=suspect),
        )
        if found:
            options[suspect] = found[:MAX_CORRECTIONS_TRIED]
    if not options:
        return []
    # Every combination of the replacements, the best-ranked ones first.
    combinations = sorted(
        itertools.product(*(enumerate(choices) for choices in options.values())),
        key=lambda combination: sum(rank for rank, _choice in combination),
    )
    corrections = []
    for combination in combinations[:MAX_CORRECTIONS_TRIED]:
        replacement = dict(zip(options, (choice for _rank, choice in combination), strict=True))
        corrections.append(" ".join(replacement.get(word, word) for word in words))
    return corrections


def _likelihood(variant: str, names: int | None, *, typed: str) -> tuple:
    """Sort key of a correction: most likely first."""
    # A whole word before a word start (the start of a word still being typed);
    # then the more names use it; a letter replaced or swapped before one
    # added or left out; then alphabetical, so that every page picks the same.
    return (names is None, -(names or 0), len(variant) != len(typed), variant)


def _word_usage(candidates: list[str]) -> dict[str, int | None]:
    """The candidates that start a word of some name, each with the number of
    names using it as a whole word (``None``: it is only the start of words)."""
    from customers.models import CustomerSearchWord  # customers.models imports this module

    table = CustomerSearchWord._meta.db_table
    # Words hold only [0-9a-z]; "~" sorts after all of them in byte order, so
    # [candidate, candidate + "~") is the range of words starting with it.
    sql = f"""
        SELECT candidate, whole_word.names
        FROM unnest(%s::text[]) AS candidate
        LEFT JOIN {table} AS whole_word ON whole_word.word = candidate AND whole_word.names > 0
        WHERE EXISTS (
            SELECT 1 FROM {table}
            WHERE word COLLATE "C" >= candidate AND word COLLATE "C" < candidate || '~'
                AND names > 0
        )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [candidates])
        return dict(cursor.fetchall())


def _one_edit_away(word: str) -> list[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletions = [left + right[1:] for left, right in splits if right]
    swaps = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replacements = [
        left + char + right[1:] for left, right in splits if right for char in _ALPHABET
    ]
    insertions = [left + char + right for left, right in splits for char in _ALPHABET]
    return sorted(set(deletions + swaps + replacements + insertions) - {word})
