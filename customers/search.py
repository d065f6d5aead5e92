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

Typos
-----
Only a query that matches nothing is corrected. Each of its words of 5 to 30
letters that starts no word of any name is taken for a typo, and every string
one edit away from it (a letter left out, added, replaced, or two neighbours
swapped) is looked up, in one query, in ``CustomerSearchWord``: the
vocabulary of name words with how many names use each. The variants found are
ranked: whole words before the start of a word (a word still being typed),
then the words more names use, then a replaced or swapped letter before an
added or missing one, then alphabetical. Up to ``MAX_CORRECTIONS_TRIED``
corrected queries are searched in that order; the first that finds something
is the page, and its normalised text is ``corrected_query``. Words shorter
than 5 letters are never corrected. PostgreSQL and SQLite correct alike: the
candidates are sent as one array (``unnest`` of a text array on PostgreSQL,
``json_each`` of a JSON array on SQLite), and the vocabulary is compared in
byte order on both.

Speed at a million customers (PostgreSQL)
-----------------------------------------
The tiers are read in order, each by ``LIMIT``-ed queries, only while the page
is not full; the matches of a frequent term are never all sorted. Migration
``0004_directory_search`` adds two indexes on ``search_name``:

- a btree on ``(search_name COLLATE "C", id) WHERE listed``: tier 1 is a
  range scan of it, already in ranking order. The "C" collation is byte
  order, as in SQLite, so both databases rank alike whatever the database's
  own collation;
- a trigram GIN index (pg_trgm): ``LIKE '%…%'`` for tiers 2 and 3.

Tiers 2 and 3 are read in up to three steps:

1. a frequent word usually fills the page with names early in the directory:
   a walk of the first ``EARLY_NAMES`` names of the btree, in order;
2. otherwise one probe of the trigram index returns the matches of both
   tiers, unordered; when there are at most ``PROBE_LIMIT``, that is all of
   them, and they are ranked here;
3. otherwise (many matches, few early: "omptoir" inside "Comptoir …"), each
   tier's matches are found through the trigram index and sorted by the
   database. The probe's names are some of the tier's, so its n-th name in
   order bounds the tier's n-th: only the names up to it are sorted, and the
   planner often reads just that short range of the btree instead.

A search sends 2 to 6 queries (tiers, then one that loads the page's
customers); a corrected one adds the vocabulary lookup and the searches of
the corrections tried. Typo correction reads a "C" btree on the vocabulary.
"""

from __future__ import annotations

import itertools
import json
import string
from dataclasses import dataclass, field

from django.db import connection

from customers.models import Customer, CustomerSearchWord
from customers.normalization import normalize_search_text

MAX_RESULTS = 1000
MIN_SUBSTRING_LENGTH = 3
PROBE_LIMIT = 2000
EARLY_NAMES = 10000
MIN_TYPO_WORD_LENGTH = 5
MAX_TYPO_WORD_LENGTH = 30
MAX_TYPO_WORDS = 3
MAX_CORRECTIONS_TRIED = 3
# Longer than any stored name (``Customer.search_name`` has 200 characters):
# such a query cannot match, so it is not sent to the database.
MAX_QUERY_LENGTH = 200

_ALPHABET = string.ascii_lowercase + string.digits


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
    if not ids:
        corrected, ids, has_next = _corrected_search(
            wanted, page=page, offset=offset, limit=per_page
        )
    if not ids:
        return SearchPage(query=query, page=page, per_page=per_page, corrected_query=corrected)

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
    ids = [pk for (pk,) in _fetch(_STARTING, [f"{wanted}%", needed])]
    if len(ids) < needed:
        ids += _containing_ids(wanted, count=needed - len(ids))
    has_next = len(ids) > offset + limit and offset + limit < MAX_RESULTS
    return ids[offset : offset + limit], has_next


@dataclass(frozen=True)
class _Tier:
    """Listed names containing ``contained`` and matching no ``excluded`` LIKE pattern."""

    contained: str
    excluded: tuple[str, ...]

    def holds(self, search_name: str) -> bool:
        return self.contained in search_name and not any(
            _like(search_name, pattern) for pattern in self.excluded
        )

    def early_ids(self, *, count: int) -> list[int]:
        """The first ``count`` ids among the first ``EARLY_NAMES`` names."""
        values = [EARLY_NAMES, self.contained, *self.excluded, count]
        return [pk for (pk,) in self._fetch(_EARLY, values)]

    def probe(self) -> list[tuple[str, int]]:
        """(name, id) of up to ``PROBE_LIMIT + 1`` names, unordered."""
        return self._fetch(_PROBING, [f"%{self.contained}%", *self.excluded, PROBE_LIMIT + 1])

    def sorted_ids(self, *, count: int, at_most: str | None) -> list[int]:
        """The first ``count`` ids, sorting the tier's names (those up to ``at_most``)."""
        bounds = [] if at_most is None else [at_most]
        values = [f"%{self.contained}%", *self.excluded, *bounds, count]
        return [pk for (pk,) in self._fetch(_SORTED, values, bounded=bool(bounds))]

    def _fetch(self, template: str, values: list, *, bounded: bool = False) -> list[tuple]:
        return _fetch(template, values, exclusions=len(self.excluded), bounded=bounded)


def _containing_ids(wanted: str, *, count: int) -> list[int]:
    """The first ``count`` ids of tiers 2 and 3, in ranking order."""
    word_start = _Tier(contained=f" {wanted}", excluded=(f"{wanted}%",))
    tiers = [word_start]
    if len(wanted) >= MIN_SUBSTRING_LENGTH:
        tiers.append(_Tier(contained=wanted, excluded=(f"{wanted}%", f"% {wanted}%")))
    # A frequent word fills the page with names early in the directory.
    ids = word_start.early_ids(count=count)
    if len(ids) == count:
        return ids
    # Usually few names contain the query: one probe finds those of both tiers.
    found = _Tier(contained=tiers[-1].contained, excluded=word_start.excluded).probe()
    if len(found) <= PROBE_LIMIT:
        ranked = sorted((not word_start.holds(name), name, pk) for name, pk in found)
        return [pk for _later_tier, _name, pk in ranked[:count]]
    # Many names contain it, but not early in the directory: each tier's names
    # are sorted by the database. What the probe found is some of them: its
    # n-th name in order is at or after the tier's n-th, so no name after it
    # needs sorting, and often the database then reads only a short range of
    # the byte-ordered index instead.
    ids = []
    for tier in tiers:
        wanted_here = count - len(ids)
        if wanted_here == 0:
            break
        sample = sorted(name for name, _pk in found if tier.holds(name))
        at_most = sample[wanted_here - 1] if len(sample) >= wanted_here else None
        ids += tier.sorted_ids(count=wanted_here, at_most=at_most)
    return ids


def _like(text: str, pattern: str) -> bool:
    """SQL LIKE for the patterns built here: text with "%" at one or both ends."""
    if pattern.startswith("%"):
        return pattern.strip("%") in text
    return text.startswith(pattern.rstrip("%"))


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
# would rank differently and could not serve the prefix range scan. Patterns
# need no escaping: normalised text holds only [0-9a-z ].
_STARTING = """
    SELECT id FROM {table}
    WHERE listed AND search_name{bytes} LIKE %s
    ORDER BY search_name{bytes}, id LIMIT %s
"""
# The first names in ranking order, read from the byte-ordered index, then
# tested for the substring (``{position}``: strpos/instr).
_EARLY = """
    SELECT id FROM (
        SELECT id, search_name FROM {table} WHERE listed
        ORDER BY search_name{bytes}, id LIMIT %s
    ) AS first_names
    WHERE {position}(search_name, %s) > 0{exclusions}
    ORDER BY search_name{bytes}, id LIMIT %s
"""
# Through the trigram index, unordered.
_PROBING = """
    SELECT search_name, id FROM {table}
    WHERE listed AND search_name LIKE %s{exclusions}
    LIMIT %s
"""
# Through the trigram index, then sorted; ``{bound}``: only names up to a given
# one. MATERIALIZED keeps the planner, whose estimates for LIKE '%…%' are far
# off, from walking the byte-ordered index until the page is full: a walk that
# can cross most of the directory (350 ms at a million names).
_SORTED = """
    WITH matches AS MATERIALIZED (
        SELECT id, search_name FROM {table}
        WHERE listed AND search_name LIKE %s{exclusions}{bound}
    )
    SELECT id FROM matches ORDER BY search_name{bytes}, id LIMIT %s
"""


def _fetch(
    template: str, values: list, *, exclusions: int = 0, bounded: bool = False
) -> list[tuple]:
    """Run one of the queries above, with ``exclusions`` NOT LIKE patterns and, when
    ``bounded``, an upper bound on the name."""

    in_bytes = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    sql = template.format(
        table=Customer._meta.db_table,
        bytes=in_bytes,
        position="strpos" if connection.vendor == "postgresql" else "instr",
        exclusions=" AND search_name NOT LIKE %s" * exclusions,
        bound=f" AND search_name{in_bytes} <= %s" if bounded else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


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

    table = CustomerSearchWord._meta.db_table
    if connection.vendor == "postgresql":
        candidate_rows, parameter = "unnest(%s::text[]) AS candidates(candidate)", candidates
        in_bytes = ' COLLATE "C"'
    else:  # SQLite: a JSON array; its default collation is already byte order
        candidate_rows = "(SELECT value AS candidate FROM json_each(%s)) AS candidates"
        parameter, in_bytes = json.dumps(candidates), ""
    # Words hold only [0-9a-z]; "~" sorts after all of them in byte order, so
    # [candidate, candidate + "~") is the range of words starting with it.
    sql = f"""
        SELECT candidate, whole_word.names
        FROM {candidate_rows}
        LEFT JOIN {table} AS whole_word ON whole_word.word = candidate AND whole_word.names > 0
        WHERE EXISTS (
            SELECT 1 FROM {table}
            WHERE word{in_bytes} >= candidate AND word{in_bytes} < candidate || '~'
                AND names > 0
        )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [parameter])
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
