"""French elision around names: « l'invitation d'Acme Industries », « d'Électricité Démo SA ».

A French sentence reads "de %(customer)s"; when the name begins with a vowel,
French writes "d'" instead. ``elide`` applies this to a French text, and
``elide_html`` to the text of a French page (never inside tags, attributes,
form fields or scripts: what a person typed stays as typed). Emails and pages
go through them (``csp_portal.outbox.emails``, ``FrenchElisionMiddleware``).
"""

import re

_VOWEL_START = r"(?=[AEIOUÉÈÊËÀÂÎÏÔÛÙaeiouéèêëàâîïôûù])"
_ELIDABLE = re.compile(r"\b([Dd]e|[Qq]ue) " + _VOWEL_START)
# One pass over the page: what to keep as is (tags, and the whole of textarea, pre,
# script and style elements), else a word to elide. Half the time of splitting the page
# first (make bench, French pages).
_PAGE = re.compile(
    r"(?is:(<(textarea|pre|script|style)\b.*?</\2\s*>|<[^>]*>))|\b([Dd]e|[Qq]ue) " + _VOWEL_START
)


def elide(text: str) -> str:
    return _ELIDABLE.sub(lambda match: match.group(1)[:-1] + "'", text)


def elide_html(html: str) -> str:
    return _PAGE.sub(_elide_outside_tags, html)


def _elide_outside_tags(match: re.Match) -> str:
    if match.group(1):
        return match.group(1)
    return match.group(3)[:-1] + "'"
