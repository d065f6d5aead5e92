"""French typography in the French catalogues: ``make messages`` runs it after makemessages.

Every French translation gets "e-mail" (never "courriel") and a non-breaking
space (U+00A0) before « : ; ? ! » and inside « guillemets », whoever wrote it
(docs/vocabulary.md). ``tests/test_copy_rules.py`` checks the result.
"""

import re

import polib
from django.core.management.base import BaseCommand

from csp_portal.management.commands.compile_translations import project_catalogues

NBSP = "\u00a0"
_WORDS = [
    ("courriels", "e-mails"),
    ("Courriels", "E-mails"),
    ("courriel", "e-mail"),
    ("Courriel", "E-mail"),
]


def french_typography(text: str) -> str:
    for word, replacement in _WORDS:
        text = text.replace(word, replacement)
    # ; ? ! ending a word, and : ending a word (not "http://" nor "12:30").
    text = re.sub(r"[ \u202f\u00a0]?([;?!])(?=\s|$|<|\"|»|\))", lambda m: NBSP + m.group(1), text)
    text = re.sub(r"(?<=[^\s\u00a0])[ \u202f]?:(?=\s|$)", NBSP + ":", text)
    text = re.sub(r"«[ \u00a0]?", "«" + NBSP, text)
    return re.sub(r"[ \u00a0]?»", NBSP + "»", text)


class Command(BaseCommand):
    help = "Put French typography into the French catalogues (e-mail, non-breaking spaces)."

    def handle(self, *args, **options) -> None:
        changed = 0
        for path in project_catalogues():
            if "/fr/" not in str(path):
                continue
            catalogue = polib.pofile(str(path))
            for entry in catalogue:
                if entry.msgstr:
                    tidy = french_typography(entry.msgstr)
                    changed += tidy != entry.msgstr
                    entry.msgstr = tidy
                for key, text in entry.msgstr_plural.items():
                    tidy = french_typography(text)
                    changed += tidy != text
                    entry.msgstr_plural[key] = tidy
            if changed:
                catalogue.save()
        self.stdout.write(f"{changed} French translation(s) tidied.")
