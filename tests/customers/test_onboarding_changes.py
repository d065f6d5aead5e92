"""Answers submitted again after **Return for changes**: the review shows what changed first."""

import pytest
from django.test import Client
from django.urls import reverse

from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import (
    VALID_INPUT,
    form_data,
    make_questionnaire,
    onboarding_with,
    questions_by_label,
)

pytestmark = pytest.mark.django_db


def _review(onboarding) -> str:
    return reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk])


def _values(questionnaire, answers: dict) -> dict:
    by_label = questions_by_label(questionnaire)
    return {by_label[label].answer_key: value for label, value in answers.items()}


def _submit(onboarding, user, answers):
    return onboarding_services.submit_answers(
        onboarding=onboarding, actor=user, values=_values(onboarding.questionnaire, answers)
    )


def _return(onboarding, admin, comment="Please check the figures."):
    return onboarding_services.return_answers(onboarding=onboarding, actor=admin, comment=comment)


def _changes_table(content: str) -> str:
    start = content.index('id="changes"')
    return content[start : content.index("</table>", start)]


@pytest.fixture
def returned(supplier, supplier_user, customer, customer_admin):
    """Answers submitted once, then returned for changes."""
    make_questionnaire(customer)
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    onboarding = _submit(onboarding, supplier_user, VALID_INPUT)
    return _return(onboarding, customer_admin)


@pytest.fixture
def admin_client(client, customer_admin):
    client.force_login(customer_admin)
    return client


def test_the_answers_returned_are_kept_to_compare_with(returned):
    assert returned.previous_submitted_at == returned.submitted_at
    assert returned.previous_values == returned.values


def test_the_review_of_a_resubmission_shows_what_changed_before_the_rest(
    returned, supplier_user, admin_client
):
    supplier_client = Client()
    supplier_client.force_login(supplier_user)
    customer_id = returned.relationship.customer_id
    changed = {
        **VALID_INPUT,
        "Employees": "43",
        "Categories": ["Paper", "Furniture"],
        "Anything else": "We deliver on Saturdays.",
    }
    supplier_client.post(
        reverse("customers:onboarding", args=[customer_id]),
        form_data(returned.questionnaire, changed),
    )

    content = admin_client.get(_review(returned)).content.decode()

    table = _changes_table(content)
    assert content.index("What changed since the previous submission") < content.index(
        "Where it stands"
    )
    assert "<del>42</del>" in table
    assert "<ins>43</ins>" in table
    assert "<del>Paper; IT</del>" in table
    assert "<ins>Paper; Furniture</ins>" in table
    assert "<ins>We deliver on Saturdays.</ins>" in table
    assert "Not answered" in table  # "Anything else" was empty before
    assert "Company name" not in table  # unchanged answers are in the rest of the page only
    assert "All answers" in content


def test_the_same_answers_submitted_again_say_nothing_changed(
    returned, supplier_user, admin_client
):
    _submit(returned, supplier_user, VALID_INPUT)

    content = admin_client.get(_review(returned)).content.decode()

    assert "No answer changed: the supplier submitted the same answers again." in content


def test_a_first_submission_has_no_changes_section(
    supplier, supplier_user, customer, customer_admin, admin_client
):
    make_questionnaire(customer)
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    _submit(onboarding, supplier_user, VALID_INPUT)

    content = admin_client.get(_review(onboarding)).content.decode()

    assert "What changed since" not in content
    assert "All answers" not in content


def test_a_second_return_compares_with_the_second_submission(
    returned, supplier_user, customer_admin, admin_client
):
    _submit(returned, supplier_user, {**VALID_INPUT, "Employees": "43"})
    _return(returned, customer_admin, comment="And the size?")
    _submit(returned, supplier_user, {**VALID_INPUT, "Employees": "43", "Company size": "Large"})

    table = _changes_table(admin_client.get(_review(returned)).content.decode())

    assert "<del>Medium</del>" in table
    assert "<ins>Large</ins>" in table
    assert "42" not in table


def test_answers_being_changed_by_the_supplier_show_no_comparison_yet(
    returned, supplier_user, admin_client
):
    onboarding_services.save_draft(
        onboarding=returned,
        actor=supplier_user,
        values=_values(returned.questionnaire, {"Employees": "44"}),
    )

    content = admin_client.get(_review(returned)).content.decode()

    assert "What changed since" not in content
