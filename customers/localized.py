"""Texts a customer writes in English and/or French, shown in the reader's language.

A customer writes its connection terms and each questionnaire in one or both
of the portal's languages. A reader gets the text in their language when it
exists, else the other one, marked as such (``fallback``) so that pages can
say so and set the ``lang`` attribute. Pure functions: no imports from the app.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# "in English" / "in French", as a label's end: "Title in French".
IN_LANGUAGE = {"en": _("in English"), "fr": _("in French")}


@dataclass(frozen=True)
class LocalizedText:
    """A text as one reader sees it: in which language, and whether it is not theirs."""

    text: str
    language: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def reader_language(language: str | None = None) -> str:
    """A supported language code: the one given, else the active one, else the default."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in language_codes() else settings.LANGUAGE_CODE


def other_language(language: str) -> str:
    """The portal's other language (it has two)."""
    others = [code for code in language_codes() if code != language]
    return others[0] if others else language


def in_language(texts: dict[str, str], language: str | None = None) -> LocalizedText:
    """The text in the reader's language; else the first other language that has one."""
    wanted = reader_language(language)
    if (texts.get(wanted) or "").strip():
        return LocalizedText(texts[wanted], wanted)
    for code in language_codes():
        if code != wanted and (texts.get(code) or "").strip():
            return LocalizedText(texts[code], code, fallback=True)
    return LocalizedText("", wanted)


def normalize_text(text: str | None) -> str:
    """A text as typed in a browser, compared and stored the same way whatever the line ends."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
