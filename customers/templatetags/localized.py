"""``{% load localized %}``: mark a text shown in another language than the page's.

``<h2{{ questionnaire.shown_title|lang_attr }}>{{ questionnaire.shown_title }}</h2>``
adds ``lang="fr"`` when the French text stands in for a missing English one
(a ``customers.localized.LocalizedText`` with ``fallback``).
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def lang_attr(text) -> str:
    if getattr(text, "fallback", False):
        return format_html(' lang="{}"', text.language)
    return ""
