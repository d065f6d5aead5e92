"""The customer's onboarding questionnaire, in versions: sections and questions.

A customer writes a ``Questionnaire`` made of ``Section`` s and ``Question`` s.
Versions: one draft and one published version at most per customer; a
published version is never edited again — editing starts a new draft (a copy),
publishing it makes it current and retires the previous one. Every question
keeps a ``key`` across the versions it is copied into, so answers given to
one version can be read against another (the CSV export, a new onboarding).
The answers themselves are ``customers.models.onboarding``.

Languages: a questionnaire is written in one of the portal's languages
(``language``); every text may also be written in the other one (the
``…_translation`` fields). A supplier reads their language's version of each
text, else the written one, marked as such (the ``shown_…`` properties, read
in the active language). Answers to choice questions are stored as the
choice in the written language, whichever version the supplier read.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from customers.localized import LocalizedText, in_language, other_language, reader_language
from customers.models.customer import Customer


class SupplierProfileField(models.TextChoices):
    """The supplier profile fields a question may be tied to, for prefilling its answer.

    The one list of them; the value is the attribute of ``accounts.Supplier``.
    """

    NAME = "name", _("Trading name")
    LEGAL_NAME = "legal_name", _("Legal name")
    TAX_ID = "tax_id", _("Tax ID")
    COUNTRY = "country", _("Country")
    POSTAL_ADDRESS = "postal_address", _("Postal address")
    PHONE = "phone", _("Phone")
    WEBSITE = "website", _("Website")
    CONTACT_NAME = "contact_name", _("Main contact's name")
    CONTACT_EMAIL = "contact_email", _("Main contact's email")
    DESCRIPTION = "description", _("Company description")


def supplier_profile_value(supplier, field: str) -> str:
    """The supplier's value of a profile field as text ("" when unset or not a field yet)."""
    value = getattr(supplier, field, "") if field in SupplierProfileField.values else ""
    if value is None:
        return ""
    if hasattr(value, "code") and hasattr(value, "name"):  # a django-countries Country
        return value.code or ""
    return str(value).strip()


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    EMAIL = "email", _("Email address")
    PHONE = "phone", _("Phone number")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes / no")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    COUNTRY = "country", _("Country")
    FILE = "file", _("File")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("questionnaire", "Draft")
    PUBLISHED = "published", pgettext_lazy("questionnaire", "Published")
    RETIRED = "retired", _("Replaced by a newer version")


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def for_customer(self, customer: Customer) -> "QuestionnaireQuerySet":
        return self.filter(customer=customer)

    def published(self) -> "QuestionnaireQuerySet":
        return self.filter(status=QuestionnaireStatus.PUBLISHED)

    def drafts(self) -> "QuestionnaireQuerySet":
        return self.filter(status=QuestionnaireStatus.DRAFT)

    def current_for(self, customer: Customer) -> "Questionnaire | None":
        """The version new onboardings answer: the customer's published one."""
        return self.for_customer(customer).published().first()


class Questionnaire(models.Model):
    """One version of a customer's onboarding questionnaire."""

    Status = QuestionnaireStatus

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("customer"),
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
        editable=False,
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("What suppliers see at the top of the form.")
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few words for suppliers: why you ask, whom to contact with questions."),
    )
    language = models.CharField(
        _("written in"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_(
            "The language of the title, introduction, sections and questions. You may also "
            "write each of them in the other language: suppliers read their language's "
            "version, or this one where there is none."
        ),
    )
    title_translation = models.CharField(
        _("title in the other language"), max_length=200, blank=True
    )
    introduction_translation = models.TextField(_("introduction in the other language"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("onboarding questionnaire")
        verbose_name_plural = _("onboarding questionnaires")
        ordering = ["customer", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "version"], name="questionnaire_version_unique"
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(status="draft"),
                name="questionnaire_one_draft_per_customer",
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(status="published"),
                name="questionnaire_one_published_per_customer",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=QuestionnaireStatus.values),
                name="questionnaire_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="draft", published_at__isnull=True)
                    | (~models.Q(status="draft") & models.Q(published_at__isnull=False))
                ),
                name="questionnaire_published_at_iff_published",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(title)s, version %(version)s (%(status)s)") % {
            "title": self.title,
            "version": self.version,
            "status": self.get_status_display().lower(),
        }

    @property
    def is_draft(self) -> bool:
        return self.status == QuestionnaireStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == QuestionnaireStatus.PUBLISHED

    def questions(self) -> models.QuerySet["Question"]:
        """Every question of this version, in the order of the form."""
        return (
            Question.objects.filter(section__questionnaire=self)
            .select_related("section__questionnaire")
            .order_by("section__position", "section_id", "position", "pk")
        )

    @property
    def translation_language(self) -> str:
        """The language of the ``…_translation`` fields: the portal's other one."""
        return other_language(self.language)

    def text_in(self, obj, field: str, language: str | None = None) -> LocalizedText:
        """``obj.field`` of this questionnaire (or of one of its sections or questions) in
        the reader's language, else in the one it is written in."""
        return in_language(
            {
                self.language: getattr(obj, field),
                self.translation_language: getattr(obj, f"{field}_translation"),
            },
            language,
        )

    @property
    def shown_title(self) -> LocalizedText:
        return self.text_in(self, "title")

    @property
    def shown_introduction(self) -> LocalizedText:
        return self.text_in(self, "introduction")


class Section(models.Model):
    """A titled group of questions, shown as one part of the form."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("questionnaire"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    title_translation = models.CharField(
        _("title in the other language"), max_length=200, blank=True
    )
    description_translation = models.TextField(_("description in the other language"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are shown from the lowest number up.")
    )

    class Meta:
        verbose_name = _("questionnaire section")
        verbose_name_plural = _("questionnaire sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> LocalizedText:
        return self.questionnaire.text_in(self, "title")

    @property
    def shown_description(self) -> LocalizedText:
        return self.questionnaire.text_in(self, "description")


class Question(models.Model):
    """One question; its answer is validated by its kind when the supplier submits."""

    Kind = QuestionKind

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(
        _("help text"), max_length=500, blank=True, help_text=_("Shown under the question.")
    )
    kind = models.CharField(
        _("type of answer"),
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.SHORT_TEXT,
    )
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For single and multiple choice questions: one choice per line."),
    )
    label_translation = models.CharField(
        _("question in the other language"), max_length=300, blank=True
    )
    help_text_translation = models.CharField(
        _("help text in the other language"), max_length=500, blank=True
    )
    choices_translation = models.TextField(
        _("choices in the other language"),
        blank=True,
        help_text=_("The same choices, in the same order, one per line."),
    )
    profile_field = models.CharField(
        _("prefill from the supplier profile"),
        max_length=32,
        blank=True,
        choices=SupplierProfileField.choices,
        help_text=_("The answer starts with this field of the supplier's company profile."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Questions are shown from the lowest number up.")
    )
    # The same question across versions: a copy into a new version keeps it.
    key = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(CHOICE_KINDS), choices=""),
                name="question_choices_for_choice_kinds",
            ),
            models.UniqueConstraint(fields=["section", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def answer_key(self) -> str:
        """Where the answer is stored in ``Onboarding.values``."""
        return str(self.key)

    @property
    def choice_list(self) -> list[str]:
        """The choices, one per line, without blanks and repeats."""
        seen: dict[str, None] = {}
        for line in self.choices.splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
        return list(seen)

    @property
    def shown_label(self) -> LocalizedText:
        return self.section.questionnaire.text_in(self, "label")

    @property
    def shown_help_text(self) -> LocalizedText:
        return self.section.questionnaire.text_in(self, "help_text")

    def shown_choices(self, language: str | None = None) -> list[tuple[str, LocalizedText]]:
        """(stored value, label in the reader's language) for each choice.

        The value is the choice as written in the questionnaire's language;
        the translated choices are used only when there is one per choice.
        """
        values = self.choice_list
        questionnaire = self.section.questionnaire
        wanted = reader_language(language)
        if wanted == questionnaire.language:
            return [(value, LocalizedText(value, wanted)) for value in values]
        originals, translations = _lines(self.choices), _lines(self.choices_translation)
        translated = (
            dict(zip(originals, translations, strict=True))
            if len(originals) == len(translations)
            else {}
        )
        return [
            (
                value,
                LocalizedText(translated[value], wanted)
                if translated.get(value)
                else LocalizedText(value, questionnaire.language, fallback=True),
            )
            for value in values
        ]

    def prefill_from(self, supplier) -> str | list[str]:
        """The answer the supplier's company profile suggests, for a question tied to a field."""
        value = supplier_profile_value(supplier, self.profile_field)
        if self.kind == QuestionKind.MULTIPLE_CHOICE:
            return [value] if value in self.choice_list else []
        return value

    def display_answer(self, value) -> str:
        """An answer as a reader sees it ("" when unanswered)."""
        if value in (None, "", []):
            return ""
        if self.kind == QuestionKind.YES_NO:
            return {"yes": gettext("Yes"), "no": gettext("No")}.get(value, str(value))
        if self.kind == QuestionKind.COUNTRY:
            return dict(countries).get(value, str(value))
        if self.kind == QuestionKind.FILE:  # a document id: readers resolve it (selectors)
            return ""
        if self.kind == QuestionKind.DATE:
            try:
                return date_format(date.fromisoformat(str(value)))
            except ValueError:
                return str(value)  # kept as typed
        if self.kind in CHOICE_KINDS:
            labels = {choice: label.text for choice, label in self.shown_choices()}
            items = value if isinstance(value, list) else [value]
            return "; ".join(labels.get(str(item), str(item)) for item in items)
        if isinstance(value, list):
            return "; ".join(str(item) for item in value)
        return str(value)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def is_answered(value) -> bool:
    """Whether a stored answer counts as given (blank text and empty lists do not)."""
    if isinstance(value, list):
        return any(str(item).strip() for item in value)
    return value is not None and str(value).strip() != ""


def answer_progress(questions: list["Question"], values: dict) -> dict[str, int]:
    """How many required questions there are, and how many of them are answered."""
    required = [question for question in questions if question.required]
    return {
        "required_total": len(required),
        "required_answered": sum(is_answered(values.get(q.answer_key)) for q in required),
    }
