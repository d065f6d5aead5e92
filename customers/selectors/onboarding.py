"""Reads of onboarding: the supplier's answers for its own form, answers laid out by section.

What a customer sees of the answers (submitted ones only) is read through
``customers.selectors.seen_by_customer``.
"""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.models import CompanyDocumentVersion, Supplier
from accounts.selectors import current_document_files
from csp_portal.ids import parse_id
from customers.models import Onboarding, Question, QuestionKind, Questionnaire, Section
from customers.models.questionnaires import is_answered


@dataclass(frozen=True)
class Answer:
    """One answer as a reader sees it: text ("" when unanswered), and a link for a file."""

    question: Question
    text: str
    url: str = ""


@dataclass
class AnsweredSection:
    section: Section
    answers: list[Answer] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentLink:
    title: str
    url: str


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


def company_files(supplier: Supplier) -> list[CompanyDocumentVersion]:
    """The current file of each of the company's documents: one query for the form's
    choices and the answers' links below."""
    return current_document_files([supplier.pk]).get(supplier.pk, [])


def document_choices(files: list[CompanyDocumentVersion]) -> list[tuple[str, str]]:
    """The company's documents (``company_files``), for a File question: (id, "title — type")."""
    return [
        (
            str(version.document_id),
            f"{version.document.title} — {version.document.get_kind_display()}",
        )
        for version in files
    ]


def answers_by_section(
    onboarding: Onboarding, questions: list[Question], files: list[CompanyDocumentVersion]
) -> list[AnsweredSection]:
    """The supplier's own answers as saved (drafts included), with links to its own files
    (``company_files`` of the onboarding's supplier)."""
    links = {
        version.document_id: DocumentLink(
            title=version.document.title,
            url=reverse("accounts:document_download", args=[version.pk]),
        )
        for version in files
    }
    return sections_of(questions, onboarding.values, links)


def sections_of(
    questions: list[Question], values: dict, documents: dict[int, DocumentLink]
) -> list[AnsweredSection]:
    """Each question with its answer; a File answer is the title of one of ``documents``."""
    sections: dict[int, AnsweredSection] = {}
    for question in questions:
        sections.setdefault(question.section_id, AnsweredSection(question.section)).answers.append(
            answer_of(question, values.get(question.answer_key), documents)
        )
    return list(sections.values())


def answer_of(question: Question, value, documents: dict[int, DocumentLink]) -> Answer:
    if not is_answered(value):
        return Answer(question, "")
    if question.kind == QuestionKind.FILE:
        link = documents.get(document_id_of(value))
        return Answer(question, link.title, link.url) if link else Answer(question, "")
    return Answer(question, question.display_answer(value))


def document_id_of(value) -> int | None:
    """The document a File answer names (stored as its id in text), or None."""
    return parse_id(str(value).strip()) if isinstance(value, str | int) else None


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


def _shown_answer(question: Question, value) -> str:
    return question.display_answer(value) if is_answered(value) else ""
