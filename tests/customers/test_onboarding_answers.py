"""The supplier's answers: drafts keep anything, submitting checks each kind, prefill, progress."""

import pytest

from customers.exceptions import AnswersIncomplete, AnswersNotEditable
from customers.forms import OnboardingAnswersForm
from customers.models import OnboardingStatus, QuestionKind, RelationshipEvent
from customers.models.questionnaires import SupplierProfileField, supplier_profile_value
from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import (
    VALID_INPUT,
    make_questionnaire,
    onboarding_with,
    questions_by_label,
    stored,
)

pytestmark = pytest.mark.django_db

K = QuestionKind


@pytest.fixture
def onboarding(supplier, supplier_user, customer, customer_admin):
    make_questionnaire(customer)
    return onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )


def _form(onboarding, answers: dict) -> OnboardingAnswersForm:
    questions = list(onboarding.questionnaire.questions())
    by_label = questions_by_label(onboarding.questionnaire)
    data = {f"q{by_label[label].pk}": value for label, value in answers.items()}
    return OnboardingAnswersForm(data, questions=questions)


# --- each kind: what submitting refuses, what a draft keeps -----------------------

INVALID = [
    ("Invoices email", "not-an-email", "Enter a valid email address."),
    ("Phone number", "call me", "Enter a phone number"),
    ("Phone number", "12", "Enter a phone number"),
    ("Employees", "forty-two", "Enter a number."),
    ("Founded on", "17/05/2001 or so", "Enter a valid date."),
    ("ISO 9001 certified", "maybe", "Select a valid choice."),
    ("Company size", "Huge", "Select a valid choice."),
    ("Categories", ["Paper", "Weapons"], "Select a valid choice."),
    ("Country of registration", "XX", "Select a valid choice."),
    ("Company name", "x" * 501, "Ensure this value has at most 500 characters"),
]


@pytest.mark.parametrize(("label", "typed", "error"), INVALID, ids=[i[0] for i in INVALID])
def test_submitting_checks_each_answer_by_its_kind(onboarding, label, typed, error):
    form = _form(onboarding, {**VALID_INPUT, label: typed})

    assert not form.is_valid()
    field = f"q{questions_by_label(onboarding.questionnaire)[label].pk}"
    assert error in " ".join(form.errors[field])


@pytest.mark.parametrize(("label", "typed", "error"), INVALID, ids=[i[0] for i in INVALID])
def test_a_draft_keeps_what_was_typed_even_if_it_would_not_pass(
    onboarding, supplier_user, label, typed, error
):
    form = _form(onboarding, {label: typed})

    onboarding_services.save_draft(
        onboarding=onboarding, actor=supplier_user, values=form.raw_values()
    )

    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.DRAFT
    expected = typed if isinstance(typed, list) else typed[:5000]
    assert stored(onboarding, label) == expected


@pytest.mark.parametrize("label", [label for label in VALID_INPUT if label != "Anything else"])
def test_submitting_requires_every_required_answer_and_a_draft_does_not(
    onboarding, supplier_user, label
):
    answers = {**VALID_INPUT, label: [] if isinstance(VALID_INPUT[label], list) else ""}
    form = _form(onboarding, answers)

    assert not form.is_valid()
    assert list(form.errors) == [f"q{questions_by_label(onboarding.questionnaire)[label].pk}"]
    onboarding_services.save_draft(
        onboarding=onboarding, actor=supplier_user, values=form.raw_values()
    )
    onboarding.refresh_from_db()
    assert (onboarding.required_answered, onboarding.required_total) == (9, 10)


def test_valid_answers_are_stored_in_a_plain_form(onboarding):
    form = _form(
        onboarding, {**VALID_INPUT, "Employees": "0042.50", "Company name": "  Fournitures  "}
    )

    assert form.is_valid(), form.errors
    values = form.checked_values()
    by_label = questions_by_label(onboarding.questionnaire)
    assert {label: values[q.answer_key] for label, q in by_label.items()} == {
        "Company name": "Fournitures",
        "About your company": "Office supplies.",
        "Invoices email": "compta@fournitures.example",
        "Phone number": "+33 1 23 45 67 89",
        "Employees": "42.5",
        "Founded on": "2001-05-17",
        "ISO 9001 certified": "yes",
        "Company size": "Medium",
        "Categories": ["Paper", "IT"],
        "Country of registration": "FR",
        "Anything else": "",
    }


def test_a_single_choice_with_many_choices_is_a_drop_down_list(customer):
    questionnaire = make_questionnaire(
        customer,
        questions=[("Region", K.SINGLE_CHOICE, True, "\n".join(f"R{i}" for i in range(9)), "")],
    )
    form = OnboardingAnswersForm(questions=list(questionnaire.questions()))

    html = str(form)

    assert "<select" in html
    assert 'type="radio"' not in html


def test_help_text_typed_by_the_customer_is_shown_as_text(customer):
    questionnaire = make_questionnaire(customer, publish=False)
    question = questionnaire.questions().first()
    question.help_text = "<script>alert(1)</script>"
    question.save()

    html = str(OnboardingAnswersForm(questions=[question]))

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- progress --------------------------------------------------------------------


def test_progress_counts_the_required_questions_answered(onboarding, supplier_user):
    form = _form(
        onboarding,
        {
            "Company name": "Fournitures",
            "Categories": ["Paper"],
            "Employees": "   ",
            "Anything else": "Not required: not counted",
        },
    )

    onboarding_services.save_draft(
        onboarding=onboarding, actor=supplier_user, values=form.raw_values()
    )

    onboarding.refresh_from_db()
    assert (onboarding.required_answered, onboarding.required_total) == (2, 10)
    assert onboarding.progress_percent == 20


def test_a_draft_keeps_earlier_answers_it_does_not_mention(onboarding, supplier_user):
    by_label = questions_by_label(onboarding.questionnaire)
    onboarding_services.save_draft(
        onboarding=onboarding,
        actor=supplier_user,
        values={by_label["Company name"].answer_key: "Fournitures"},
    )

    onboarding_services.save_draft(
        onboarding=onboarding,
        actor=supplier_user,
        values={by_label["Employees"].answer_key: "12", "not-a-question": "ignored"},
    )

    onboarding.refresh_from_db()
    assert onboarding.values == {
        by_label["Company name"].answer_key: "Fournitures",
        by_label["Employees"].answer_key: "12",
    }
    assert onboarding.required_answered == 2


# --- submitting ------------------------------------------------------------------


def test_submitting_records_an_event_and_emails_the_customers_admins(
    onboarding,
    supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    form = _form(onboarding, VALID_INPUT)
    assert form.is_valid()

    with django_capture_on_commit_callbacks(execute=True):
        onboarding_services.submit_answers(
            onboarding=onboarding, actor=supplier_user, values=form.checked_values()
        )

    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.SUBMITTED
    assert onboarding.submitted_by == supplier_user
    assert onboarding.submitted_at is not None
    assert (onboarding.required_answered, onboarding.required_total) == (10, 10)
    event = RelationshipEvent.objects.filter(relationship=onboarding.relationship).last()
    assert event.description == "Onboarding answers submitted for review"
    assert event.actor == supplier_user
    [message] = mailoutbox
    assert message.to == [customer_admin.email]
    assert message.subject == "Fournitures Test SARL submitted its onboarding answers"
    assert f"/customer-admin/customers/onboarding/{onboarding.pk}/change/" in message.body


def test_the_customers_admins_are_emailed_in_their_language(
    onboarding, supplier_user, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    customer_admin.language = "fr"
    customer_admin.save()
    form = _form(onboarding, VALID_INPUT)
    assert form.is_valid()

    with django_capture_on_commit_callbacks(execute=True):
        onboarding_services.submit_answers(
            onboarding=onboarding, actor=supplier_user, values=form.checked_values()
        )

    assert mailoutbox[0].subject == ("Fournitures Test SARL a envoyé ses réponses d'intégration")


def test_the_service_refuses_a_submit_with_required_answers_missing(
    onboarding, supplier_user, mailoutbox
):
    with pytest.raises(AnswersIncomplete) as refused:
        onboarding_services.submit_answers(onboarding=onboarding, actor=supplier_user, values={})

    # The company name came from the profile when onboarding started: 9 of 10 are missing.
    assert refused.value.message == "9 required questions are not answered yet."
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.DRAFT
    assert mailoutbox == []


def test_submitted_answers_cannot_be_changed(onboarding, supplier_user):
    form = _form(onboarding, VALID_INPUT)
    assert form.is_valid()
    onboarding_services.submit_answers(
        onboarding=onboarding, actor=supplier_user, values=form.checked_values()
    )

    with pytest.raises(AnswersNotEditable):
        onboarding_services.save_draft(onboarding=onboarding, actor=supplier_user, values={})
    with pytest.raises(AnswersNotEditable):
        onboarding_services.submit_answers(
            onboarding=onboarding, actor=supplier_user, values=form.checked_values()
        )


def test_answers_of_an_ended_relationship_cannot_be_changed(onboarding, supplier_user):
    from customers import services

    services.end(relationship=onboarding.relationship, actor=supplier_user, reason="Stop")

    with pytest.raises(AnswersNotEditable):
        onboarding_services.save_draft(onboarding=onboarding, actor=supplier_user, values={})


# --- prefill from the company profile ---------------------------------------------


def test_a_question_tied_to_the_company_name_starts_with_it(onboarding):
    questions = list(onboarding.questionnaire.questions())

    initial = OnboardingAnswersForm.initial_for(onboarding, questions)

    company = questions_by_label(onboarding.questionnaire)["Company name"]
    assert initial == {f"q{company.pk}": "Fournitures Test SARL"}


def test_a_saved_answer_wins_over_the_profile_even_when_emptied(onboarding, supplier_user):
    company = questions_by_label(onboarding.questionnaire)["Company name"]
    onboarding_services.save_draft(
        onboarding=onboarding, actor=supplier_user, values={company.answer_key: ""}
    )
    onboarding.refresh_from_db()

    initial = OnboardingAnswersForm.initial_for(
        onboarding, list(onboarding.questionnaire.questions())
    )

    assert initial[f"q{company.pk}"] == ""


def test_questions_tied_to_profile_fields_start_with_the_suppliers_values(
    supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(
        customer,
        questions=[
            ("Legal name", K.SHORT_TEXT, True, "", "legal_name"),
            ("VAT number", K.SHORT_TEXT, True, "", "tax_id"),
            ("Country", K.COUNTRY, True, "", "country"),
            ("Size", K.SINGLE_CHOICE, True, "Small\nLarge", ""),
        ],
    )
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    profile = onboarding.relationship.supplier
    profile.legal_name = "Fournitures Test Société à responsabilité limitée"
    profile.tax_id = "FR12345678901"
    profile.country = "FR"
    profile.save()
    onboarding.relationship.supplier.refresh_from_db()
    by_label = questions_by_label(onboarding.questionnaire)

    initial = OnboardingAnswersForm.initial_for(
        onboarding, list(onboarding.questionnaire.questions())
    )

    assert initial == {
        f"q{by_label['Legal name'].pk}": "Fournitures Test Société à responsabilité limitée",
        f"q{by_label['VAT number'].pk}": "FR12345678901",
        f"q{by_label['Country'].pk}": "FR",
    }


def test_profile_values_are_read_as_text_whatever_the_field_holds(supplier):
    from django_countries.fields import Country

    supplier.country = Country("FR")
    supplier.contact_name = None
    supplier.website = "https://fournitures.example"

    assert supplier_profile_value(supplier, SupplierProfileField.NAME) == "Fournitures Test SARL"
    assert supplier_profile_value(supplier, SupplierProfileField.COUNTRY) == "FR"
    assert supplier_profile_value(supplier, SupplierProfileField.CONTACT_NAME) == ""
    assert supplier_profile_value(supplier, SupplierProfileField.WEBSITE) == (
        "https://fournitures.example"
    )
    assert supplier_profile_value(supplier, "password") == ""  # not a profile field


def test_every_tie_able_field_is_a_field_of_the_supplier_profile(supplier):
    from accounts.models import Supplier

    profile_fields = {*Supplier.PUBLIC_PROFILE_FIELDS, *Supplier.RESTRICTED_PROFILE_FIELDS}
    assert set(SupplierProfileField.values) == profile_fields


def test_answers_the_profile_gives_count_before_the_first_save(onboarding):
    name_question = next(
        q for q in onboarding.questionnaire.questions() if q.profile_field == "name"
    )

    assert onboarding.values[name_question.answer_key] == "Fournitures Test SARL"
    assert onboarding.required_answered == 1
