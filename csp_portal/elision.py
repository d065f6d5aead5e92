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
_KEPT_AS_IS = re.compile(
    r"(<(textarea|pre|script|style)\b.*?</\2\s*>|<[^>]*>)", re.DOTALL | re.IGNORECASE
)


def elide(text: str) -> str:
    return _ELIDABLE.sub(lambda match: match.group(1)[:-1] + "'", text)


def elide_html(html: str) -> str:
    parts = _KEPT_AS_IS.split(html)
    # split() returns text, then the kept match and its inner group, in turns.
    out, index = [], 0
    while index < len(parts):
        out.append(elide(parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
        index += 3
    return "".join(out)
