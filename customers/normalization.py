"""Text as the directory search compares it: no case, accents or punctuation.

Pure functions with no imports from the app, so that the models (which store
the normalised name) and the search (which normalises queries) both use them.
"""

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
