"""Helpers for the onboarding tests: questionnaires and relationships that onboard."""

from customers import services
from customers.models import Question, QuestionKind, Questionnaire, Section
from customers.services import onboarding as onboarding_services

K = QuestionKind

# One question of each kind: (label, kind, required, choices, profile field).
EVERY_KIND = [
    ("Company name", K.SHORT_TEXT, True, "", "name"),
    ("About your company", K.LONG_TEXT, True, "", ""),
    ("Invoices email", K.EMAIL, True, "", ""),
    ("Phone number", K.PHONE, True, "", ""),
    ("Employees", K.NUMBER, True, "", ""),
    ("Founded on", K.DATE, True, "", ""),
    ("ISO 9001 certified", K.YES_NO, True, "", ""),
    ("Company size", K.SINGLE_CHOICE, True, "Small\nMedium\nLarge", ""),
    ("Categories", K.MULTIPLE_CHOICE, True, "Paper\nFurniture\nIT", ""),
    ("Country of registration", K.COUNTRY, True, "", ""),
    ("Anything else", K.LONG_TEXT, False, "", ""),
]

# Valid answers, as a supplier types them (form data), by label.
VALID_INPUT = {
    "Company name": "Fournitures Test SARL",
    "About your company": "Office supplies.",
    "Invoices email": "compta@fournitures.example",
    "Phone number": "+33 1 23 45 67 89",
    "Employees": "42",
    "Founded on": "2001-05-17",
    "ISO 9001 certified": "yes",
    "Company size": "Medium",
    "Categories": ["Paper", "IT"],
    "Country of registration": "FR",
    "Anything else": "",
}


def make_questionnaire(
    customer, *, questions=EVERY_KIND, sections=1, publish=True, actor=None
) -> Questionnaire:
    """The customer's draft filled with ``questions`` (spread over ``sections``), published."""
    draft = onboarding_services.draft_questionnaire(customer=customer)
    section_rows = [
        Section.objects.create(questionnaire=draft, title=f"Part {n + 1}", position=n + 1)
        for n in range(sections)
    ]
    for index, (label, kind, required, choices, profile_field) in enumerate(questions):
        Question.objects.create(
            section=section_rows[index % sections],
            label=label,
            kind=kind,
            required=required,
            choices=choices,
            profile_field=profile_field,
            position=index,
        )
    if publish:
        onboarding_services.publish_questionnaire(questionnaire=draft, actor=actor)
        draft.refresh_from_db()
    return draft


def onboarding_with(supplier, customer, *, supplier_user, customer_admin=None):
    """Request, then accept: the relationship onboards. Returns its ``Onboarding``."""
    services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )
    relationship = services.connect(supplier=supplier, customer=customer, actor=customer_admin)
    return relationship.onboarding


def questions_by_label(questionnaire) -> dict[str, Question]:
    return {question.label: question for question in questionnaire.questions()}


def form_data(questionnaire, answers: dict, *, action: str = "submit") -> dict:
    """POST data of the supplier's form from answers by label."""
    by_label = questions_by_label(questionnaire)
    data = {"action": action}
    for label, value in answers.items():
        data[f"q{by_label[label].pk}"] = value
    return data


def stored(onboarding, label: str):
    """The stored answer to the question with this label."""
    question = questions_by_label(onboarding.questionnaire)[label]
    return onboarding.values.get(question.answer_key)
