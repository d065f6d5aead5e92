"""Onboarding: versions of the customer's questionnaire, the supplier's answers, the review.

Questionnaire versions (customer admin site):
    draft_questionnaire   the customer's draft: the one being edited, or a new
                          version copied from the published one
    publish_questionnaire the draft becomes current; the previous version retires

The supplier's answers (one ``Onboarding`` per relationship, opened by the
relationship's ``connect`` move through ``Onboarding.objects.open_for``):
    save_draft            partial answers, no checks
    submit_answers        every required question answered; the customer's admins are emailed
    approve_answers       relationship ACTIVE (``complete_onboarding``); the supplier is emailed
    return_answers        back to the supplier with a comment (the answers as submitted are
                          kept, to show what the next submission changed); the supplier is emailed
    send_reminders        one email when answers are still not submitted after some days

Every writer is atomic and locks the rows it changes: the relationship first,
then its onboarding (the order ``connect`` takes them in).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts.models import CompanyDocument, SupplierMember, User
from customers.exceptions import (
    AnswersIncomplete,
    AnswersNotEditable,
    AnswersNotSubmitted,
    QuestionnaireEmpty,
    QuestionnaireNotEditable,
)
from customers.localized import reader_language
from customers.models import (
    Customer,
    Onboarding,
    OnboardingStatus,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    Relationship,
    Section,
)
from customers.models.onboarding import EDITABLE_STATUSES
from customers.models.questionnaires import answer_progress
from customers.selectors.onboarding import document_id_of
from customers.selectors.seen_by_customer import supplier_seen_by_customer
from customers.services.recipients import customer_admin_users, email_users, supplier_admin_users
from customers.services.relationships import complete_onboarding, note_event

# --- the questionnaire's versions -------------------------------------------


@transaction.atomic
def draft_questionnaire(*, customer: Customer) -> Questionnaire:
    """The customer's draft version, started when there is none.

    A new draft copies the published version (sections, questions and their
    keys); without one, it starts empty. Published versions are never edited:
    answers keep the version they answered.
    """
    Customer.objects.select_for_update().get(pk=customer.pk)  # one versioning at a time
    draft = Questionnaire.objects.for_customer(customer).drafts().first()
    if draft is not None:
        return draft
    current = Questionnaire.objects.current_for(customer)
    last_version = (
        Questionnaire.objects.for_customer(customer)
        .order_by("-version")
        .values_list("version", flat=True)
    ).first() or 0
    draft = Questionnaire.objects.create(
        customer=customer,
        version=last_version + 1,
        status=QuestionnaireStatus.DRAFT,
        title=current.title if current else gettext("Supplier onboarding"),
        introduction=current.introduction if current else "",
        language=current.language if current else reader_language(),
        title_translation=current.title_translation if current else "",
        introduction_translation=current.introduction_translation if current else "",
    )
    if current is not None:
        _copy_content(source=current, target=draft)
    return draft


@transaction.atomic
def publish_questionnaire(*, questionnaire: Questionnaire, actor: User | None) -> Questionnaire:
    """The draft becomes the version new onboardings answer; the previous one retires."""
    Customer.objects.select_for_update().get(pk=questionnaire.customer_id)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if not questionnaire.is_draft:
        raise QuestionnaireNotEditable()
    if not questionnaire.questions().exists():
        raise QuestionnaireEmpty()
    now = timezone.now()
    Questionnaire.objects.for_customer(questionnaire.customer).published().update(
        status=QuestionnaireStatus.RETIRED
    )
    questionnaire.status = QuestionnaireStatus.PUBLISHED
    questionnaire.published_at = now
    questionnaire.published_by = actor
    questionnaire.save(update_fields=["status", "published_at", "published_by"])
    return questionnaire


# --- the supplier's answers ---------------------------------------------------


@transaction.atomic
def save_draft(*, onboarding: Onboarding, actor: User, values: dict) -> Onboarding:
    """Keep the answers as they are, complete or not; nobody is told."""
    relationship, onboarding = _lock(onboarding)
    _check_editable(relationship, onboarding)
    questions = list(onboarding.questionnaire.questions())
    return _save_values(onboarding, questions, values)


@transaction.atomic
def submit_answers(*, onboarding: Onboarding, actor: User, values: dict) -> Onboarding:
    """Send the answers for review: every required question answered; the customer is emailed."""
    relationship, onboarding = _lock(onboarding)
    _check_editable(relationship, onboarding)
    questions = list(onboarding.questionnaire.questions())
    _save_values(onboarding, questions, values)
    missing = onboarding.required_total - onboarding.required_answered
    if missing:
        raise AnswersIncomplete(missing=missing)
    resubmitted = onboarding.status == OnboardingStatus.RETURNED
    onboarding.status = OnboardingStatus.SUBMITTED
    onboarding.submitted_at = timezone.now()
    onboarding.submitted_by = actor
    onboarding.submitted_values = dict(onboarding.values)
    onboarding.save(update_fields=["status", "submitted_at", "submitted_by", "submitted_values"])
    note_event(
        relationship=relationship,
        actor=actor,
        message=gettext_noop("Onboarding answers submitted again for review")
        if resubmitted
        else gettext_noop("Onboarding answers submitted for review"),
    )
    email_users(
        customer_admin_users(relationship.customer),
        template="onboarding_submitted",
        context={
            "seen": supplier_seen_by_customer(relationship),
            "supplier_name": relationship.supplier.name,
            "customer_name": relationship.customer.name,
            "resubmitted": resubmitted,
            "review_url": settings.SITE_URL
            + reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk]),
        },
    )
    return onboarding


@transaction.atomic
def approve_answers(*, onboarding: Onboarding, actor: User) -> Onboarding:
    """The customer accepts the answers: the relationship becomes ACTIVE; the supplier is emailed."""
    relationship, onboarding = _lock(onboarding)
    if onboarding.status != OnboardingStatus.SUBMITTED:
        raise AnswersNotSubmitted()
    complete_onboarding(relationship=relationship, actor=actor)
    relationship.refresh_from_db(fields=["state", "state_changed_at"])
    _record_review(onboarding, OnboardingStatus.APPROVED, actor=actor, comment="")
    email_users(
        _supplier_recipients(onboarding),
        template="onboarding_approved",
        context={
            "supplier_name": relationship.supplier.name,
            "customer_name": relationship.customer.name,
            "setup_url": settings.SITE_URL
            + reverse("customers:setup_customer", args=[relationship.customer_id]),
        },
    )
    return onboarding


@transaction.atomic
def return_answers(*, onboarding: Onboarding, actor: User, comment: str) -> Onboarding:
    """The customer asks for changes: the supplier edits and submits again; emailed the comment."""
    relationship, onboarding = _lock(onboarding)
    if onboarding.status != OnboardingStatus.SUBMITTED or not relationship.needs_onboarding:
        raise AnswersNotSubmitted()
    comment = comment.strip()
    # What the supplier submitted, to compare the next submission with.
    onboarding.previous_values = dict(onboarding.values)
    onboarding.previous_submitted_at = onboarding.submitted_at
    onboarding.save(update_fields=["previous_values", "previous_submitted_at"])
    _record_review(onboarding, OnboardingStatus.RETURNED, actor=actor, comment=comment)
    note_event(
        relationship=relationship,
        actor=actor,
        message=gettext_noop("Onboarding answers returned for changes"),
        note=comment,
    )
    email_users(
        _supplier_recipients(onboarding),
        template="onboarding_returned",
        context={
            "supplier_name": relationship.supplier.name,
            "customer_name": relationship.customer.name,
            "comment": comment,
            "onboarding_url": settings.SITE_URL
            + reverse("customers:onboarding", args=[relationship.customer_id]),
        },
    )
    return onboarding


def send_reminders(*, now=None) -> int:
    """Email the supplier once when its answers are not submitted some days after the start.

    Each reminder is its own transaction; a row another process is reminding
    (locked) is skipped, so two runs at once send one email.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ONBOARDING_REMINDER_DAYS)
    sent = 0
    for onboarding_id in Onboarding.objects.due_for_reminder(started_before=cutoff).values_list(
        "pk", flat=True
    ):
        sent += _remind(onboarding_id, cutoff=cutoff, now=now)
    return sent


# --- helpers ----------------------------------------------------------------


def _lock(onboarding: Onboarding) -> tuple[Relationship, Onboarding]:
    relationship = Relationship.objects.locked().get(pk=onboarding.relationship_id)
    onboarding = (
        Onboarding.objects.select_for_update(of=("self",))
        .select_related("questionnaire")
        .get(pk=onboarding.pk)
    )
    onboarding.relationship = relationship
    return relationship, onboarding


def _check_editable(relationship: Relationship, onboarding: Onboarding) -> None:
    if not relationship.needs_onboarding or onboarding.status not in EDITABLE_STATUSES:
        raise AnswersNotEditable(customer_name=relationship.customer.name)


def _save_values(onboarding: Onboarding, questions: list[Question], values: dict) -> Onboarding:
    keys = {question.answer_key for question in questions}
    values = _own_documents_only(onboarding, questions, values)
    onboarding.values = {
        **{key: value for key, value in onboarding.values.items() if key in keys},
        **{key: value for key, value in values.items() if key in keys},
    }
    onboarding.updated_at = timezone.now()
    for name, value in answer_progress(questions, onboarding.values).items():
        setattr(onboarding, name, value)
    onboarding.save(update_fields=["values", "updated_at", "required_answered", "required_total"])
    return onboarding


def _own_documents_only(onboarding: Onboarding, questions: list[Question], values: dict) -> dict:
    """A File answer names one of the supplier's own documents, or nothing."""
    file_keys = {q.answer_key for q in questions if q.kind == QuestionKind.FILE}
    if not file_keys & set(values):
        return values
    own = set(
        CompanyDocument.objects.for_supplier(onboarding.relationship.supplier).values_list(
            "pk", flat=True
        )
    )
    return {
        key: (value if key not in file_keys or document_id_of(value) in own else "")
        for key, value in values.items()
    }


def _record_review(onboarding: Onboarding, status: str, *, actor: User, comment: str) -> None:
    onboarding.status = status
    onboarding.reviewed_at = timezone.now()
    onboarding.reviewed_by = actor
    onboarding.reviewer_comment = comment
    onboarding.save(update_fields=["status", "reviewed_at", "reviewed_by", "reviewer_comment"])


def _supplier_recipients(onboarding: Onboarding) -> list[User]:
    """The supplier's admins, and the colleague who submitted the answers."""
    recipients = supplier_admin_users(onboarding.relationship.supplier)
    submitter = onboarding.submitted_by
    if (
        submitter is not None
        and submitter.is_active
        and submitter not in recipients
        and SupplierMember.objects.filter(
            user=submitter, supplier_id=onboarding.relationship.supplier_id
        ).exists()
    ):
        recipients.append(submitter)
    return recipients


@transaction.atomic
def _remind(onboarding_id: int, *, cutoff, now) -> int:
    # The relationship first, then its onboarding: the order every writer locks them in.
    relationship = (
        Relationship.objects.select_for_update(skip_locked=True)
        .select_related("customer", "supplier")
        .filter(onboarding__pk=onboarding_id)
        .first()
    )
    onboarding = (
        Onboarding.objects.select_for_update()
        .due_for_reminder(started_before=cutoff)
        .filter(pk=onboarding_id)
        .first()
        if relationship is not None
        else None
    )
    if onboarding is None:
        return 0  # submitted, reminded or being changed since we listed it
    onboarding.reminded_at = now
    onboarding.save(update_fields=["reminded_at"])
    note_event(
        relationship=relationship,
        actor=None,
        message=gettext_noop("Reminder sent: the onboarding answers are not submitted yet"),
    )
    email_users(
        supplier_admin_users(relationship.supplier),
        template="onboarding_reminder",
        context={
            "supplier_name": relationship.supplier.name,
            "customer_name": relationship.customer.name,
            "started_at": onboarding.started_at,
            "required_answered": onboarding.required_answered,
            "required_total": onboarding.required_total,
            "onboarding_url": settings.SITE_URL
            + reverse("customers:onboarding", args=[relationship.customer_id]),
        },
    )
    return 1


def _copy_content(*, source: Questionnaire, target: Questionnaire) -> None:
    for section in source.sections.prefetch_related("questions"):
        copy = Section.objects.create(
            questionnaire=target,
            title=section.title,
            description=section.description,
            title_translation=section.title_translation,
            description_translation=section.description_translation,
            position=section.position,
        )
        Question.objects.bulk_create(
            Question(
                section=copy,
                label=question.label,
                help_text=question.help_text,
                kind=question.kind,
                required=question.required,
                choices=question.choices,
                label_translation=question.label_translation,
                help_text_translation=question.help_text_translation,
                choices_translation=question.choices_translation,
                profile_field=question.profile_field,
                position=question.position,
                key=question.key,
            )
            for question in section.questions.all()
        )
