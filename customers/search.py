"""The customer directory search: text normalisation (and, later, the engine)."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


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


# --- TEMPORARY (issue 6): a minimal stand-in for the directory search engine ---
# The search engine is written in parallel (issue 4) with exactly this
# signature; the lead replaces everything below this line with it at merge.
# Listed customers whose search name contains the normalised query, by name;
# one extra row tells whether there is a next page (no COUNT).

from dataclasses import dataclass, field  # noqa: E402


@dataclass
class SearchPage:
    results: list = field(default_factory=list)
    has_next: bool = False
    has_previous: bool = False
    page: int = 1
    query: str = ""
    corrected_query: str | None = None


def search_customers(query: str, *, page: int = 1, per_page: int = 20) -> SearchPage:
    from customers.models import Customer

    page = max(1, page)
    wanted = normalize_search_text(query)
    if not wanted:
        return SearchPage(page=page, query=query)
    start = (page - 1) * per_page
    rows = list(
        Customer.objects.listed()
        .filter(search_name__contains=wanted)
        .order_by("search_name", "pk")[start : start + per_page + 1]
    )
    return SearchPage(
        results=rows[:per_page],
        has_next=len(rows) > per_page,
        has_previous=page > 1,
        page=page,
        query=query,
    )
