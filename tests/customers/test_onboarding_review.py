"""The customer admin site: review answers (approve, return for changes), export them to CSV."""

import csv
import io

import pytest
from django.urls import reverse

from customers.models import OnboardingStatus, RelationshipEvent, RelationshipState
from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import (
    VALID_INPUT,
    make_questionnaire,
    onboarding_with,
    questions_by_label,
)
from tests.factories import make_supplier_user

pytestmark = pytest.mark.django_db

LIST = reverse("customer_admin:customers_onboarding_changelist")
EXPORT = reverse("customer_admin:customers_onboarding_export")


def _review(onboarding) -> str:
    return reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk])


def _approve(onboarding) -> str:
    return reverse("customer_admin:customers_onboarding_approve", args=[onboarding.pk])


def _return(onboarding) -> str:
    return reverse("customer_admin:customers_onboarding_return", args=[onboarding.pk])


def _answers_by_label(questionnaire, answers: dict) -> dict:
    by_label = questions_by_label(questionnaire)
    return {by_label[label].answer_key: value for label, value in answers.items()}


def _submitted(onboarding, user, answers=VALID_INPUT):
    return onboarding_services.submit_answers(
        onboarding=onboarding,
        actor=user,
        values=_answers_by_label(onboarding.questionnaire, answers),
    )


@pytest.fixture
def onboarding(supplier, supplier_user, customer, customer_admin):
    make_questionnaire(customer)
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    return _submitted(onboarding, supplier_user)


# --- who may see what ---------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, onboarding):
    for url in (LIST, _review(onboarding), EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_supplier_user_gets_a_403_with_an_explanation(client, onboarding, supplier_user):
    client.force_login(supplier_user)

    response = client.get(_review(onboarding), follow=True)

    assert response.status_code == 403
    assert "is not an admin of any customer" in response.content.decode()


def test_another_customers_answers_do_not_exist_for_you(client, onboarding, other_customer_admin):
    client.force_login(other_customer_admin)

    assert client.get(_review(onboarding)).status_code == 404
    assert client.post(_approve(onboarding)).status_code == 404
    assert client.post(_return(onboarding), {"comment": "No"}).status_code == 404
    assert "Fournitures Test SARL" not in client.get(LIST).content.decode()
    assert "Fournitures Test SARL" not in client.get(EXPORT).content.decode("utf-8-sig")
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.SUBMITTED


def test_unknown_or_malformed_ids_are_404(client, customer_admin):
    client.force_login(customer_admin)

    assert client.get("/customer-admin/customers/onboarding/999999/change/").status_code == 404
    assert client.post("/customer-admin/customers/onboarding/abc/approve/").status_code == 404


def test_approve_and_return_take_posts_only_and_the_review_gets_only(
    client, onboarding, customer_admin
):
    client.force_login(customer_admin)

    assert client.get(_approve(onboarding)).status_code == 405
    assert client.get(_return(onboarding)).status_code == 405
    assert client.post(_review(onboarding)).status_code == 405
    assert client.post(EXPORT).status_code == 405


# --- the review ---------------------------------------------------------------------


def test_the_list_shows_each_supplier_with_status_and_progress(client, onboarding, customer_admin):
    client.force_login(customer_admin)

    content = client.get(LIST).content.decode()

    assert "Fournitures Test SARL" in content
    assert "Submitted, waiting for review" in content
    assert "10/10" in content
    assert "Export all answers (CSV)" in content


def test_the_review_page_shows_the_answers_by_section_and_the_decision(
    client, onboarding, customer_admin
):
    client.force_login(customer_admin)

    content = client.get(_review(onboarding)).content.decode()

    assert "Onboarding answers of Fournitures Test SARL" in content
    assert "compta@fournitures.example" in content
    assert "Paper; IT" in content
    assert "France" in content
    assert "Yes" in content
    assert "Not answered" in content  # the optional question left empty
    assert "17 May 2001" in content and "2001-05-17" not in content  # the language's date format
    assert 'value="Approve"' in content
    assert 'value="Return for changes"' in content


def test_the_reviewer_reads_a_date_answer_in_french_too(client, onboarding, customer_admin):
    client.force_login(customer_admin)

    content = client.get(_review(onboarding), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "17 mai 2001" in content


def test_approving_connects_and_emails_the_supplier(
    client,
    onboarding,
    customer_admin,
    supplier_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(customer_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approve(onboarding), follow=True)

    assert "You approved the answers of Fournitures Test SARL" in response.content.decode()
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.APPROVED
    assert onboarding.reviewed_by == customer_admin
    assert onboarding.relationship.state == RelationshipState.CONNECTED
    event = onboarding.relationship.events.last()
    assert (event.from_state, event.to_state) == (
        RelationshipState.ONBOARDING,
        RelationshipState.CONNECTED,
    )
    assert event.description == "Onboarding approved"
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert message.subject == "Acme Test Industries approved your onboarding: you are connected"


def test_approving_twice_is_refused_with_a_message(client, onboarding, customer_admin, mailoutbox):
    client.force_login(customer_admin)
    client.post(_approve(onboarding))

    response = client.post(_approve(onboarding), follow=True)

    assert "not waiting for a review" in response.content.decode()
    assert RelationshipEvent.objects.filter(to_state=RelationshipState.CONNECTED).count() == 1


def test_returning_needs_a_comment_and_keeps_the_page(client, onboarding, customer_admin):
    client.force_login(customer_admin)

    response = client.post(_return(onboarding), {"comment": "   "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.SUBMITTED


def test_returning_for_changes_keeps_onboarding_and_emails_the_comment(
    client,
    onboarding,
    customer_admin,
    supplier_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(customer_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _return(onboarding), {"comment": "Please give your VAT number."}, follow=True
        )

    assert "went back to Fournitures Test SARL" in response.content.decode()
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.RETURNED
    assert onboarding.reviewer_comment == "Please give your VAT number."
    assert onboarding.relationship.state == RelationshipState.ONBOARDING
    event = onboarding.relationship.events.last()
    assert event.description == "Onboarding answers returned for changes"
    assert event.note == "Please give your VAT number."
    assert (event.from_state, event.to_state) == (
        RelationshipState.ONBOARDING,
        RelationshipState.ONBOARDING,
    )
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert message.subject == "Acme Test Industries asks you to change your onboarding answers"
    assert "Please give your VAT number." in message.body
    assert "/setup/customers/" in message.body


def test_the_colleague_who_submitted_is_told_of_the_review_too(
    supplier,
    supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    make_questionnaire(customer)
    colleague = make_supplier_user(
        "colleague@fournitures.example", supplier=supplier, role="member"
    )
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    _submitted(onboarding, colleague)

    with django_capture_on_commit_callbacks(execute=True):
        onboarding_services.approve_answers(onboarding=onboarding, actor=customer_admin)

    assert sorted(m.to[0] for m in mailoutbox) == [colleague.email, supplier_user.email]


def test_a_draft_cannot_be_approved_or_returned(
    supplier, supplier_user, customer, customer_admin, client
):
    make_questionnaire(customer)
    draft = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    client.force_login(customer_admin)

    review = client.get(_review(draft)).content.decode()
    approve = client.post(_approve(draft), follow=True)
    returned = client.post(_return(draft), {"comment": "Hurry"})

    assert 'value="Approve"' not in review
    assert "not waiting for a review" in approve.content.decode()
    assert "not waiting for a review" in returned.content.decode()
    draft.refresh_from_db()
    assert draft.status == OnboardingStatus.DRAFT
    assert draft.relationship.state == RelationshipState.ONBOARDING


# --- CSV export ---------------------------------------------------------------------


def test_export_has_one_row_per_supplier_and_one_column_per_current_question(
    client, onboarding, supplier, customer, customer_admin
):
    other = make_supplier_user("b@other-supplier.example", company="=Other Supplier")
    other_onboarding = onboarding_with(
        other.supplier_membership.supplier,
        customer,
        supplier_user=other,
        customer_admin=customer_admin,
    )
    onboarding_services.save_draft(
        onboarding=other_onboarding,
        actor=other,
        values=_answers_by_label(other_onboarding.questionnaire, {"Employees": "7"}),
    )
    client.force_login(customer_admin)

    response = client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="onboarding-answers-acme-test-industries-'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *lines = rows
    questions = [q.label for q in onboarding.questionnaire.questions()]
    assert header == [
        "Supplier",
        "Status",
        "Questionnaire version",
        "Submitted on",
        "Required questions answered",
        "Legal name",
        "Tax ID",
        "Postal address",
        "Phone",
        "Main contact",
        "Main contact's email",
        "Documents",
        *questions,
    ]
    assert [line[0] for line in lines] == ["'=Other Supplier", "Fournitures Test SARL"]
    answers = dict(zip(header, lines[1], strict=True))
    assert answers["Status"] == "Submitted, waiting for review"
    assert answers["Company name"] == "Fournitures Test SARL"
    assert answers["Categories"] == "Paper; IT"
    assert answers["ISO 9001 certified"] == "Yes"
    assert answers["Country of registration"] == "France"
    assert answers["Anything else"] == ""
    other_answers = dict(zip(header, lines[0], strict=True))
    # A draft is the supplier's own: the customer sees submitted answers only.
    assert other_answers["Employees"] == ""
    assert other_answers["Status"] == "Not submitted yet"
    assert other_answers["Submitted on"] == ""


def test_export_reads_older_versions_into_the_current_questions(
    client, onboarding, customer, customer_admin
):
    draft = onboarding_services.draft_questionnaire(customer=customer)
    draft_questions = questions_by_label(draft)
    draft_questions["Anything else"].delete()
    draft_questions["Employees"].label = "Headcount"
    draft_questions["Employees"].save()
    onboarding_services.publish_questionnaire(questionnaire=draft, actor=customer_admin)
    client.force_login(customer_admin)

    rows = list(csv.reader(io.StringIO(client.get(EXPORT).content.decode("utf-8-sig"))))

    header, line = rows
    assert "Anything else" not in header
    answers = dict(zip(header, line, strict=True))
    assert answers["Headcount"] == "42"
    assert answers["Questionnaire version"] == "1"
