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
        value = onboarding.values.get(question.answer_key)
        display = question.display_answer(value) if is_answered(value) else ""
        sections.setdefault(question.section_id, AnsweredSection(question.section)).answers.append(
            (question, display)
        )
    return list(sections.values())


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
        *(question.label for question in questions),
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


def _datetime(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""
