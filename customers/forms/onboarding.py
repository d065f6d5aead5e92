"""Forms of onboarding: the supplier's answers (one field per question), the review.

The answers form checks each answer by the question's kind when the supplier
submits. A draft keeps what was typed (``raw_values``), unfinished or not yet
in shape, so nothing is lost and the submit later says what to fix; only what
can never become an answer stops it (``check_draft``): a NUL character, a
choice the question does not offer, an answer longer than the field allows.

Answers are stored as text (a list of texts for multiple choice): numbers
as plain decimals, dates as ISO dates, yes/no as ``"yes"``/``"no"``,
countries as their ISO code.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.forms.utils import ErrorDict
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from csp_portal.form_rendering import CountrySelect, country_choices
from customers.localized import LocalizedText
from customers.models import Onboarding, Question, QuestionKind
from customers.models.questionnaires import CHOICE_KINDS

MAX_TEXT = 5000  # characters of one answer
MAX_SHORT_TEXT = 500
RADIO_LIMIT = 6  # more choices than this: a drop-down list instead of radio buttons


def validate_phone(value: str) -> None:
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"\+?[0-9 ().\-/]+", value) or not 6 <= len(digits) <= 20:
        raise ValidationError(
            _("Enter a phone number, e.g. +33 1 23 45 67 89."), code="invalid_phone"
        )


def field_for(question: Question, documents: list[tuple[str, str]] | None = None) -> forms.Field:
    """The form field that asks ``question`` and checks its answer.

    A File question offers the supplier's company documents (``documents``:
    id and label); the one chosen is shared with the customer once submitted.
    """
    common = {
        "label": _marked(question.shown_label),
        "required": question.required,
        # Django's field template shows help text as HTML: the customer typed text.
        "help_text": _marked(question.shown_help_text),
    }
    required_attrs = {"aria-required": "true"} if question.required else {}
    match question.kind:
        case QuestionKind.SHORT_TEXT:
            return forms.CharField(
                max_length=MAX_SHORT_TEXT, widget=forms.TextInput(attrs=required_attrs), **common
            )
        case QuestionKind.LONG_TEXT:
            return forms.CharField(
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 4, **required_attrs}),
                **common,
            )
        case QuestionKind.EMAIL:
            return forms.EmailField(widget=forms.EmailInput(attrs=required_attrs), **common)
        case QuestionKind.PHONE:
            return forms.CharField(
                max_length=40,
                validators=[validate_phone],
                widget=forms.TextInput(
                    attrs={"type": "tel", "autocomplete": "tel", **required_attrs}
                ),
                **common,
            )
        case QuestionKind.NUMBER:
            return forms.DecimalField(
                max_digits=20,
                decimal_places=6,
                widget=forms.NumberInput(attrs={"step": "any", **required_attrs}),
                **common,
            )
        case QuestionKind.DATE:
            return forms.DateField(
                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", **required_attrs}),
                **common,
            )
        case QuestionKind.YES_NO:
            return forms.ChoiceField(
                choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
            )
        case QuestionKind.SINGLE_CHOICE:
            choices = _choices(question)
            if len(choices) > RADIO_LIMIT:
                # An <option> holds plain text only: no lang mark there.
                plain = [(value, label.text) for value, label in question.shown_choices()]
                return forms.ChoiceField(
                    choices=[("", "---------"), *plain],
                    widget=forms.Select(attrs=required_attrs),
                    **common,
                )
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        case QuestionKind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=_choices(question),
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        case QuestionKind.COUNTRY:
            return forms.ChoiceField(
                choices=[("", "---------"), *country_choices()],
                widget=CountrySelect(attrs={"autocomplete": "country", **required_attrs}),
                **common,
            )
        case QuestionKind.FILE:
            return forms.ChoiceField(
                choices=[("", _("Choose a document")), *(documents or [])],
                widget=forms.Select(attrs=required_attrs),
                error_messages={
                    "invalid_choice": _("Choose one of your company documents."),
                    "required": _("Choose one of your company documents."),
                },
                **common,
            )
    raise ValueError(f"Unknown question kind {question.kind!r}")


def _marked(text: LocalizedText) -> str:
    """Escaped text; in another language than the page's, marked with its ``lang``."""
    if text.fallback:
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return conditional_escape(text.text)


def _choices(question: Question) -> list[tuple[str, str]]:
    """(stored value, label in the reader's language) of a choice question."""
    return [(value, _marked(label)) for value, label in question.shown_choices()]


def to_storage(question: Question, value) -> str | list[str]:
    """A cleaned answer as stored in ``Onboarding.values``."""
    if value in (None, ""):
        return [] if question.kind == QuestionKind.MULTIPLE_CHOICE else ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value).strip()


def from_storage(question: Question, stored):
    """A stored answer as the form field's initial value (kept as typed if it does not parse)."""
    if question.kind == QuestionKind.NUMBER and isinstance(stored, str) and stored:
        try:
            return Decimal(stored)
        except InvalidOperation:
            return stored
    if question.kind == QuestionKind.DATE and isinstance(stored, str) and stored:
        try:
            return datetime.date.fromisoformat(stored)
        except ValueError:
            return stored
    return stored


class OnboardingAnswersForm(forms.Form):
    """One field per question of a questionnaire version, named ``q<question id>``."""

    # Drafts may leave required questions empty: the browser must not block them.
    use_required_attribute = False
    required_css_class = "required"

    def __init__(
        self,
        *args,
        questions: list[Question],
        documents: list[tuple[str, str]] | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault("label_suffix", "")  # the required mark follows the label
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.has_file_questions = any(q.kind == QuestionKind.FILE for q in questions)
        for question in questions:
            self.fields[self.field_name(question)] = field_for(question, documents)

    @staticmethod
    def field_name(question: Question) -> str:
        return f"q{question.pk}"

    @classmethod
    def initial_for(cls, onboarding: Onboarding, questions: list[Question]) -> dict:
        """The answers saved so far; an unanswered question tied to a profile field starts with it.

        A question the supplier emptied on purpose (saved as empty) stays empty.
        """
        supplier = onboarding.relationship.supplier
        initial = {}
        for question in questions:
            name = cls.field_name(question)
            if question.answer_key in onboarding.values:
                initial[name] = from_storage(question, onboarding.values[question.answer_key])
            elif question.profile_field:
                initial[name] = question.prefill_from(supplier)
        return initial

    def sections(self) -> list[tuple]:
        """(section, [bound field, …]) in the order of the questionnaire."""
        grouped: dict[int, tuple] = {}
        for question in self.questions:
            section = question.section
            grouped.setdefault(section.pk, (section, []))[1].append(self[self.field_name(question)])
        return list(grouped.values())

    def check_draft(self) -> bool:
        """Whether the typed answers can be kept as a draft; if not, each field says why.

        Unanswered, unfinished or badly formatted answers are fine in a draft;
        a NUL character, a choice the question does not offer and an answer
        longer than its field allows are not (each with the field's message).
        """
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}
        for question in self.questions:
            name = self.field_name(question)
            field = self.fields[name]
            for text in _typed_texts(self._raw(question)):
                try:
                    _check_draft_text(field, text)
                except ValidationError as error:
                    self.add_error(name, error)
                    break
        return not self._errors

    def raw_values(self) -> dict[str, str | list[str]]:
        """What was typed, once ``check_draft`` passed: question key → text or list of texts."""
        values: dict[str, str | list[str]] = {}
        for question in self.questions:
            texts = _typed_texts(self._raw(question))
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                values[question.answer_key] = list(dict.fromkeys(t for t in texts if t))
            else:
                values[question.answer_key] = texts[0] if texts else ""
        return values

    def _raw(self, question: Question):
        name = self.field_name(question)
        return self.fields[name].widget.value_from_datadict(
            self.data, self.files, self.add_prefix(name)
        )

    def checked_values(self) -> dict[str, str | list[str]]:
        """The answers once the form is valid: question key → stored form."""
        return {
            question.answer_key: to_storage(
                question, self.cleaned_data.get(self.field_name(question))
            )
            for question in self.questions
        }


def _typed_texts(raw) -> list[str]:
    """What a widget read from the request, as stripped texts (a list for multiple choice)."""
    items = raw if isinstance(raw, list) else [raw]
    return [("" if item is None else str(item)).strip() for item in items]


def _check_draft_text(field: forms.Field, text: str) -> None:
    ProhibitNullCharactersValidator()(text)
    if isinstance(field, forms.ChoiceField):  # multiple choice too
        if text and not field.valid_value(text):
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": text},
            )
        return
    MaxLengthValidator(getattr(field, "max_length", None) or MAX_SHORT_TEXT)(text)


class ReturnForChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the supplier change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The supplier sees this comment next to the form, and receives it by email."),
    )


class QuestionAdminForm(forms.ModelForm):
    """A question in the customer admin site: choice questions need their choices."""

    class Meta:
        model = Question
        fields = [
            "label",
            "help_text",
            "kind",
            "required",
            "choices",
            "label_translation",
            "help_text_translation",
            "choices_translation",
            "profile_field",
            "position",
        ]
        widgets = {
            "choices": forms.Textarea(attrs={"rows": 3}),
            "choices_translation": forms.Textarea(attrs={"rows": 3}),
            "help_text": forms.TextInput(attrs={"size": 40}),
            "help_text_translation": forms.TextInput(attrs={"size": 40}),
            "label": forms.TextInput(attrs={"size": 40}),
            "label_translation": forms.TextInput(attrs={"size": 40}),
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        lines = _lines(cleaned.get("choices", ""))
        translated = _lines(cleaned.get("choices_translation", ""))
        if kind == QuestionKind.FILE and cleaned.get("profile_field"):
            self.add_error(
                "profile_field",
                _(
                    "A File question asks for a document: it cannot be prefilled from a profile field."
                ),
            )
        if kind in CHOICE_KINDS and len(lines) < 2:
            self.add_error(
                "choices", _("Type at least two choices, one per line, for a choice question.")
            )
        elif kind not in CHOICE_KINDS:
            cleaned["choices"] = cleaned["choices_translation"] = ""
        else:
            cleaned["choices"] = "\n".join(lines)
            cleaned["choices_translation"] = "\n".join(translated)
            if translated and len(translated) != len(lines):
                self.add_error(
                    "choices_translation",
                    _(
                        "Type one translated choice for each choice, in the same order: "
                        "%(expected)d lines, not %(typed)d."
                    )
                    % {"expected": len(lines), "typed": len(translated)},
                )
        return cleaned


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
