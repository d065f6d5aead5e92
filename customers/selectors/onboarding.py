"""Reads of onboarding: the supplier's answers for a form or a review, the CSV export."""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Supplier
from customers.models import Customer, Onboarding, Question, Questionnaire, Section
from customers.models.questionnaires import is_answered


@dataclass
class AnsweredSection:
    section: Section
    answers: list[tuple[Question, str]] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerChange:
    """One question whose answer differs from the previous submission, as a reader sees both."""

    question: Question
    before: str
    after: str


def onboarding_for_supplier(supplier: Supplier, customer_id: int) -> Onboarding:
    """The supplier's onboarding with this customer; 404 for any other (or none)."""
    return get_object_or_404(
        Onboarding.objects.for_supplier(supplier).select_related(
            "relationship__customer", "relationship__supplier", "questionnaire"
        ),
        relationship__customer_id=customer_id,
    )


def answers_by_section(onboarding: Onboarding, questions: list[Question]) -> list[AnsweredSection]:
    """Each question with its answer as a reader sees it ("" when unanswered)."""
    sections: dict[int, AnsweredSection] = {}
    for question in questions:
        display = _shown_answer(question, onboarding.values.get(question.answer_key))
        sections.setdefault(question.section_id, AnsweredSection(question.section)).answers.append(
            (question, display)
        )
    return list(sections.values())


def changes_since_previous(onboarding: Onboarding, questions: list[Question]) -> list[AnswerChange]:
    """The answers that differ from the previous submission, in the order of the form.

    Empty unless the answers were submitted again after a return for changes.
    An answer emptied or newly given counts as a change ("" on that side).
    """
    if not onboarding.is_resubmission:
        return []
    changes = []
    for question in questions:
        before = _shown_answer(question, onboarding.previous_values.get(question.answer_key))
        after = _shown_answer(question, onboarding.values.get(question.answer_key))
        if before != after:
            changes.append(AnswerChange(question, before, after))
    return changes


def fallback_language(questionnaire: Questionnaire, questions: list[Question]) -> str | None:
    """The language of the texts shown in place of the reader's, if any text is missing in
    the reader's (active) language; ``None`` when every text is in it."""
    texts = [questionnaire.shown_title, questionnaire.shown_introduction]
    for question in questions:
        texts += [question.section.shown_title, question.shown_label]
    return next((text.language for text in texts if text.fallback), None)


def export_table(customer: Customer) -> list[list[str]]:
    """Every supplier's answers: a header row, then one row per supplier.

    One column per question of the current version. Answers to an older
    version fill the columns of the same questions (same key); a question
    that version did not ask stays empty.
    """
    current = Questionnaire.objects.current_for(customer)
    questions = list(current.questions()) if current else []
    header = [
        _("Supplier"),
        _("Status"),
        _("Questionnaire version"),
        _("Submitted on"),
        _("Required questions answered"),
        *(question.shown_label.text for question in questions),
    ]
    rows = [header]
    onboardings = (
        Onboarding.objects.for_customer(customer)
        .select_related("relationship__supplier", "questionnaire")
        .order_by("relationship__supplier__name", "pk")
    )
    for onboarding in onboardings:
        rows.append(
            [
                onboarding.relationship.supplier.name,
                str(onboarding.get_status_display()),
                str(onboarding.questionnaire.version),
                _datetime(onboarding.submitted_at),
                f"{onboarding.required_answered}/{onboarding.required_total}",
                *(
                    question.display_answer(onboarding.values.get(question.answer_key))
                    for question in questions
                ),
            ]
        )
    return rows


def _shown_answer(question: Question, value) -> str:
    return question.display_answer(value) if is_answered(value) else ""


def _datetime(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""
