"""Onboarding: the customer's questionnaire (in versions) and each supplier's answers.

A customer writes a ``Questionnaire`` made of ``Section`` s and ``Question`` s.
Versions: one draft and one published version at most per customer; a
published version is never edited again — editing starts a new draft (a copy),
publishing it makes it current and retires the previous one. Every question
keeps a ``key`` across the versions it is copied into, so answers given to
one version can be read against another (the CSV export, a new onboarding).

When the customer accepts a supplier and has a published questionnaire, the
relationship's ``Onboarding`` holds the supplier's answers to that version
(``values``: question key → answer as text, or a list for multiple choice),
their status and their review. The services in
``customers/services/onboarding.py`` make every change.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from customers.models.customer import Customer
from customers.models.relationships import Relationship, RelationshipState


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
            .select_related("section")
            .order_by("section__position", "section_id", "position", "pk")
        )


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
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are shown from the lowest number up.")
    )

    class Meta:
        verbose_name = _("questionnaire section")
        verbose_name_plural = _("questionnaire sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


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
        if isinstance(value, list):
            return "; ".join(str(item) for item in value)
        return str(value)


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


class OnboardingStatus(models.TextChoices):
    DRAFT = "draft", _("Not submitted yet")
    SUBMITTED = "submitted", _("Submitted, waiting for review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", pgettext_lazy("onboarding answers", "Approved")


# The supplier may change the answers in these statuses (while the relationship onboards).
EDITABLE_STATUSES = frozenset({OnboardingStatus.DRAFT, OnboardingStatus.RETURNED})


class OnboardingQuerySet(models.QuerySet["Onboarding"]):
    def for_customer(self, customer: Customer) -> "OnboardingQuerySet":
        return self.filter(relationship__customer=customer)

    def for_supplier(self, supplier) -> "OnboardingQuerySet":
        return self.filter(relationship__supplier=supplier)

    def due_for_reminder(self, *, started_before) -> "OnboardingQuerySet":
        """Never submitted, started before the cut-off, not reminded yet."""
        return self.filter(
            status=OnboardingStatus.DRAFT,
            relationship__state=RelationshipState.ONBOARDING,
            started_at__lt=started_before,
            reminded_at__isnull=True,
        )

    def open_for(self, relationship: Relationship) -> "Onboarding | None":
        """Empty answers to the customer's current questionnaire, for a relationship that onboards.

        Called by the relationship's ``connect`` move, which holds the
        relationship's row lock: one onboarding per acceptance. A pair that
        onboards again (after ending and reconnecting) reuses its record: new
        version, status and dates, answers kept where the questions are the
        same. Without a published questionnaire there is nothing to answer: ``None``.
        """
        questionnaire = Questionnaire.objects.current_for(relationship.customer)
        if questionnaire is None:
            return None
        questions = list(questionnaire.questions())
        onboarding = self.select_for_update().filter(relationship=relationship).first()
        keys = {question.answer_key for question in questions}
        values = (
            {key: value for key, value in onboarding.values.items() if key in keys}
            if onboarding
            else {}
        )
        now = timezone.now()
        fields = {
            "questionnaire": questionnaire,
            "status": OnboardingStatus.DRAFT,
            "values": values,
            "started_at": now,
            "updated_at": now,
            "submitted_at": None,
            "submitted_by": None,
            "reviewed_at": None,
            "reviewed_by": None,
            "reviewer_comment": "",
            "reminded_at": None,
            **answer_progress(questions, values),
        }
        if onboarding is None:
            return self.create(relationship=relationship, **fields)
        for name, value in fields.items():
            setattr(onboarding, name, value)
        onboarding.save(update_fields=list(fields))
        return onboarding


class Onboarding(models.Model):
    """A supplier's answers to a customer's questionnaire, and their review.

    One per relationship (a later onboarding of the same pair reuses it).
    ``required_answered`` / ``required_total`` are stored with each save so
    lists can show progress without reading the questions.
    """

    Status = OnboardingStatus

    relationship = models.OneToOneField(
        Relationship,
        on_delete=models.CASCADE,
        related_name="onboarding",
        verbose_name=_("relationship"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="onboardings",
        verbose_name=_("questionnaire version"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OnboardingStatus.choices, default=OnboardingStatus.DRAFT
    )
    values = models.JSONField(_("answers"), default=dict, blank=True)
    required_answered = models.PositiveSmallIntegerField(
        _("required questions answered"), default=0
    )
    required_total = models.PositiveSmallIntegerField(_("required questions"), default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewer_comment = models.TextField(_("reviewer's comment"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = OnboardingQuerySet.as_manager()

    class Meta:
        verbose_name = _("onboarding answers")
        verbose_name_plural = _("onboarding answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OnboardingStatus.values),
                name="onboarding_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(required_answered__lte=models.F("required_total")),
                name="onboarding_progress_within_total",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="draft", submitted_at__isnull=True)
                    | (~models.Q(status="draft") & models.Q(submitted_at__isnull=False))
                ),
                name="onboarding_submitted_at_iff_submitted",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned", reviewer_comment=""),
                name="onboarding_returned_with_comment",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="onboarding_status_started")]

    def __str__(self) -> str:
        return str(self.relationship)

    @property
    def is_editable(self) -> bool:
        """The supplier may still change the answers (drafts and returned answers)."""
        return self.status in EDITABLE_STATUSES and self.relationship.needs_onboarding

    @property
    def is_returned(self) -> bool:
        return self.status == OnboardingStatus.RETURNED

    @property
    def is_submitted(self) -> bool:
        return self.status == OnboardingStatus.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == OnboardingStatus.APPROVED

    @property
    def progress_percent(self) -> int:
        if not self.required_total:
            return 100
        return round(100 * self.required_answered / self.required_total)

    @property
    def badge_tone(self) -> str:
        return {
            OnboardingStatus.APPROVED: "ok",
            OnboardingStatus.SUBMITTED: "info",
            OnboardingStatus.RETURNED: "warn",
        }.get(self.status, "muted")
