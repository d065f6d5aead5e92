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
then by how likely each was meant: the names using it, times how likely the
slip (a letter left out or two swapped: 1; a letter replaced or added, one of
about eight keys around the right one: 1/8), then alphabetical. Up to ``MAX_CORRECTIONS_TRIED``
corrected queries are searched in that order; the first that finds something
is the page, and its normalised text is ``corrected_query``. Words shorter
than 5 letters are never corrected. PostgreSQL and SQLite correct alike: the
candidates are sent as one array (``unnest`` of a text array on PostgreSQL,
``json_each`` of a JSON array on SQLite), and the vocabulary is compared in
byte order on both.

Speed at a million customers (PostgreSQL)
-----------------------------------------
``customers.search.tiers`` reads the tiers in order, each by ``LIMIT``-ed
queries, only while the page is not full. Tier 1 is a range scan of a btree on
``(search_name COLLATE "C", id) WHERE listed`` (migration 0004), already in
ranking order; "C" is byte order, as in SQLite, so both databases rank alike
whatever the database's own collation.

For tiers 2 and 3, one query first reads the vocabulary: how many names use
words starting with the query (tier 2) and containing it elsewhere (tier 3),
and how many names there are. A tier no word could match is not read at all
(a typo costs no search of the names). Otherwise each tier is read by

- a *walk*: the btree in order, testing each name, stopping when the page is
  full — fast when the matches are many and spread through the directory;
- or a *sort*: every match through a trigram GIN index on ``search_name``,
  sorted — fast when they are few;

whichever the estimate says is cheaper, with a walk that finds too few
falling back to the sort. Matches are not always spread evenly: a word that
starts many names ("Comptoir …") puts them together, late in the order, where
a walk does not reach and a sort reads them all. So on PostgreSQL tier 3 of a
one-word query is split (migration 0021): the names whose *first* word
contains the query are read as one short btree range per such word of the
vocabulary, those with a *later* word containing it through a trigram index
of the name after its first word, and the two are merged.

A search sends 2 to 7 queries (tiers, then one that loads the page's
customers); a corrected one adds the vocabulary lookup and the searches of
the corrections tried. ``make bench-search`` measures it at 10 k, 100 k and
1 M customers (README, "Directory search benchmark").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from customers.models import Customer
from customers.normalization import normalize_search_text
from customers.search.tiers import containing_ids, starting_ids
from customers.search.typos import corrections

MAX_RESULTS = 1000
# Longer than any stored name (``Customer.search_name`` has 200 characters):
# such a query cannot match, so it is not sent to the database.
MAX_QUERY_LENGTH = 200


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
    ids = starting_ids(wanted, count=needed)
    if len(ids) < needed:
        ids += containing_ids(wanted, count=needed - len(ids), name_starts=len(ids))
    has_next = len(ids) > offset + limit and offset + limit < MAX_RESULTS
    return ids[offset : offset + limit], has_next


def _corrected_search(
    wanted: str, *, page: int, offset: int, limit: int
) -> tuple[str | None, list[int], bool]:
    """The first correction of a query that finds nothing, with its page of ids."""
    # Page 1 decides the correction, so that paging through the corrected
    # results keeps the same one.
    if page > 1 and _matches_any(wanted):
        return None, [], False  # past the last page of real results
    for candidate in corrections(wanted):
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
