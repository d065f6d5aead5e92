"""The form renderer: Django's templates, with the most rendered ones written in Python.

A form field goes through half a dozen small templates (the widget, its
``attrs.html``, each ``<option>`` of a select, the label, the empty error
list). On a page of many fields, or with a select of every country, that is
most of the page's time (``make bench``). ``PortalFormRenderer`` writes the
same markup, character for character, for the templates below — as long as
Django's own template is the one in use: override one in ``templates/`` and
the renderer goes back to rendering it (``tests/csp_portal/test_form_rendering.py``
checks both). Anything else is rendered by the templates, as before.
"""

import functools
from collections.abc import Callable
from pathlib import Path

import django.forms
from django import forms
from django.conf import settings
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries

_WIDGETS = "django/forms/widgets/"
_DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"


def _attributes(attrs: dict) -> str:
    """``attrs.html``: ``True`` writes the name alone, ``False`` leaves the attribute out."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(context: dict) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attributes(widget["attrs"])}>'
    )


def _select(context: dict) -> str:
    widget = context["widget"]
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            # select_option.html ends with a newline, which Django's markup keeps.
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"'
                f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(context: dict) -> str:
    widget = context["widget"]
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>'
        f"\n{value}</textarea>"
    )


def _label(context: dict) -> str:
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attributes(context['attrs'])}>{label}</{tag}>"


def _error_list(context: dict) -> str | None:
    # Every field renders its error list; only the empty one is written here.
    return "" if not context["errors"] else None


_INPUT_TEMPLATES = [f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html"]
# template → (how to write it, the templates it stands for, which must all be Django's)
FAST: dict[str, tuple[Callable[[dict], str | None], list[str]]] = {
    **{
        f"{_WIDGETS}{kind}.html": (_input, [f"{_WIDGETS}{kind}.html", *_INPUT_TEMPLATES])
        for kind in (
            "input",
            "text",
            "email",
            "url",
            "number",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "tel",
            "search",
            "color",
            "checkbox",
        )
    },
    f"{_WIDGETS}select.html": (
        _select,
        [f"{_WIDGETS}select.html", f"{_WIDGETS}select_option.html", f"{_WIDGETS}attrs.html"],
    ),
    f"{_WIDGETS}textarea.html": (_textarea, [f"{_WIDGETS}textarea.html", f"{_WIDGETS}attrs.html"]),
    "django/forms/label.html": (_label, ["django/forms/label.html", "django/forms/attrs.html"]),
    "django/forms/errors/list/default.html": (
        _error_list,
        ["django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"],
    ),
}


class PortalFormRenderer(TemplatesSetting):
    """``TemplatesSetting`` (templates/ first), with ``FAST`` written in Python."""

    def __init__(self) -> None:
        super().__init__()
        self._fast: dict[str, Callable[[dict], str | None]] | None = None

    def render(self, template_name, context, request=None):
        if self._fast is None:
            self._fast = self._usable_shortcuts()
        write = self._fast.get(template_name)
        if write is not None:
            html = write(context)
            if html is not None:
                return html
        return super().render(template_name, context, request)

    def _usable_shortcuts(self) -> dict[str, Callable[[dict], str | None]]:
        """The shortcuts whose templates are all Django's own (none overridden here)."""
        return {
            name: write
            for name, (write, templates) in FAST.items()
            if all(self._is_djangos(template) for template in templates)
        }

    def _is_djangos(self, template_name: str) -> bool:
        origin = Path(self.get_template(template_name).origin.name)
        return origin.is_relative_to(_DJANGO_FORM_TEMPLATES)


# --- Countries ---------------------------------------------------------------------


def country_choices() -> tuple[tuple[str, str], ...]:
    """(ISO code, name) of every country, sorted by name in the active language (kept)."""
    return _countries(get_language() or settings.LANGUAGE_CODE)[0]


@functools.cache
def _countries(language: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Per language: the choices, and each country's ``<option>`` as Django writes it
    (unselected, selected)."""
    with translation.override(language):
        choices = tuple((code, str(name)) for code, name in countries)
    options = tuple(
        (
            f'\n  <option value="{escape(code)}">{escape(name)}</option>\n',
            f'\n  <option value="{escape(code)}" selected>{escape(name)}</option>\n',
        )
        for code, name in choices
    )
    return choices, options


class CountrySelect(forms.Select):
    """A select of a blank choice and every country, for a field whose choices are those.

    Django builds a dictionary per option and renders each through its
    template: with 250 countries that was most of the onboarding form's and
    the company page's time (``make bench``). The options are written once
    per language and kept; the markup is Django's, ``selected`` included.
    """

    def __init__(self, attrs=None, *, blank_label: str = "---------") -> None:
        super().__init__(attrs)
        self.blank_label = blank_label

    def optgroups(self, name, value, attrs=None):
        return []  # render() writes the options

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        chosen = next((value for value in widget["value"] if value), "")
        language = get_language() or settings.LANGUAGE_CODE
        choices, options = _countries(language)
        selected = " selected" if not chosen else ""
        parts = [
            f'<select name="{conditional_escape(name)}"{_attributes(widget["attrs"])}>',
            f'\n  <option value=""{selected}>{conditional_escape(self.blank_label)}</option>\n',
        ]
        for (code, _name), (unselected, selected) in zip(choices, options, strict=True):
            parts.append(selected if code == chosen else unselected)
        parts.append("\n</select>")
        return mark_safe("".join(parts))
