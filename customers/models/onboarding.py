"""Onboarding: each supplier's answers to a customer's questionnaire, and their review.

When the customer accepts a supplier and has a published questionnaire, the
relationship's ``Onboarding`` holds the supplier's answers to that version
(``values``: question key → answer as text, or a list for multiple choice),
their status and their review. The customer sees ``submitted_values``, the
answers as last submitted, never a draft. The services in
``customers/services/onboarding.py`` make every change.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from customers.models.customer import Customer
from customers.models.questionnaires import Questionnaire, answer_progress, is_answered
from customers.models.relationships import Relationship, RelationshipState


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

    def waiting_for_review(self) -> "OnboardingQuerySet":
        """Submitted by a supplier still onboarding: the customer should approve or return them."""
        return self.filter(
            status=OnboardingStatus.SUBMITTED, relationship__state=RelationshipState.ONBOARDING
        )

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
        # Answers the company profile gives are answers from the start: progress counts them.
        for question in questions:
            if question.profile_field and question.answer_key not in values:
                prefilled = question.prefill_from(relationship.supplier)
                if is_answered(prefilled):
                    values[question.answer_key] = prefilled
        now = timezone.now()
        fields = {
            "questionnaire": questionnaire,
            "status": OnboardingStatus.DRAFT,
            "values": values,
            "submitted_values": {},
            "started_at": now,
            "updated_at": now,
            "submitted_at": None,
            "submitted_by": None,
            "reviewed_at": None,
            "reviewed_by": None,
            "reviewer_comment": "",
            "previous_values": {},
            "previous_submitted_at": None,
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
    # What the customer sees: the answers as last submitted (drafts stay the supplier's).
    submitted_values = models.JSONField(_("submitted answers"), default=dict, blank=True)
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
    # The answers as last submitted, kept when they are returned for changes, so that
    # the review of the next submission shows what changed (before → after).
    previous_values = models.JSONField(
        _("answers of the previous submission"), default=dict, blank=True
    )
    previous_submitted_at = models.DateTimeField(_("previous submission"), null=True, blank=True)
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
    def is_resubmission(self) -> bool:
        """Submitted (or approved) again after being returned: there is a previous version."""
        return self.previous_submitted_at is not None and self.status in (
            OnboardingStatus.SUBMITTED,
            OnboardingStatus.APPROVED,
        )

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
