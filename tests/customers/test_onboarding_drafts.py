"""Saving a draft keeps what was typed, except what can never be an answer (field by field)."""

import pytest
from django.urls import reverse

from customers.models import OnboardingStatus
from tests.customers.onboarding_factories import (
    form_data,
    stored,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def answering(client, supplier_user, onboarding):
    client.force_login(supplier_user)

    def post(answers: dict):
        data = form_data(onboarding.questionnaire, answers, action="draft")
        customer_id = onboarding.relationship.customer_id
        return client.post(reverse("customers:onboarding", args=[customer_id]), data)

    return post


def _refused(response, *messages: str) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    assert "Some answers need your attention" in content
    for message in messages:
        assert message in content
    return content


@pytest.mark.parametrize(
    "label", ["Company name", "About your company", "Invoices email", "Employees", "Founded on"]
)
def test_a_nul_character_is_refused_with_the_fields_message_and_nothing_is_saved(
    answering, onboarding, label
):
    before = onboarding.values
    response = answering({"Company name": "Fournitures", label: "Four\x00nitures"})

    _refused(response, "Null characters are not allowed.")
    onboarding.refresh_from_db()
    assert onboarding.values == before


@pytest.mark.parametrize(
    "label, answer",
    [
        ("Company size", "Gigantic"),
        ("ISO 9001 certified", "maybe"),
        ("Country of registration", "ZZ"),
        ("Categories", ["Paper", "Weapons"]),
    ],
)
def test_a_choice_the_question_does_not_offer_is_refused(answering, onboarding, label, answer):
    before = onboarding.values
    response = answering({"Company name": "Fournitures", label: answer})

    _refused(response, "is not one of the available choices.")
    onboarding.refresh_from_db()
    assert onboarding.values == before


def test_an_answer_longer_than_its_field_allows_is_refused_not_cut(answering, onboarding):
    before = onboarding.values
    response = answering({"Company name": "F" * 501, "About your company": "a" * 5001})

    content = _refused(
        response,
        "Ensure this value has at most 500 characters (it has 501).",
        "Ensure this value has at most 5000 characters (it has 5001).",
    )
    assert "F" * 501 in content  # kept in the form, to shorten
    onboarding.refresh_from_db()
    assert onboarding.values == before


def test_unfinished_and_unchecked_answers_are_still_a_draft(answering, onboarding):
    response = answering(
        {
            "Company name": "F" * 500,
            "Invoices email": "compta@",
            "Employees": "about forty",
            "Founded on": "spring 2001",
            "Categories": ["Paper", "IT"],
            "Company size": "",
        }
    )

    assert response.status_code == 302
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.DRAFT
    assert stored(onboarding, "Company name") == "F" * 500
    assert stored(onboarding, "Employees") == "about forty"
    assert stored(onboarding, "Categories") == ["Paper", "IT"]


def test_a_draft_in_french_says_it_in_french(answering, client, onboarding):
    client.cookies["django_language"] = "fr"

    response = answering({"Company name": "Four\x00nitures"})

    content = response.content.decode()
    assert "Certaines réponses sont à revoir" in content
    assert "Le caractère nul n\u2019est pas autorisé." in content


@pytest.mark.usefixtures("postgres")
def test_on_postgresql_a_nul_never_reaches_the_json_column(answering, onboarding):
    before = onboarding.values
    response = answering({"About your company": "\x00"})

    assert response.status_code == 200
    onboarding.refresh_from_db()
    assert onboarding.values == before
    assert "\x00" not in str(onboarding.values)
