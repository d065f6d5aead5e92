"""The supplier's side: Customer Setup's panel, and the onboarding form (Finish setup)."""

import pytest
from django.urls import reverse

from customers import services
from customers.models import Onboarding, OnboardingStatus
from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import (
    VALID_INPUT,
    form_data,
    make_questionnaire,
    onboarding_with,
    stored,
)
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def onboarding(supplier, supplier_user, customer, customer_admin):
    make_questionnaire(customer, sections=2)
    return onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )


def _url(customer) -> str:
    return reverse("customers:onboarding", args=[customer.pk])


def _panel(customer) -> str:
    return reverse("customers:setup_customer", args=[customer.pk])


def _submit(client, onboarding, answers=VALID_INPUT, **extra):
    data = form_data(onboarding.questionnaire, answers, action="submit")
    return client.post(_url(onboarding.relationship.customer), data, **extra)


# --- who may open it ----------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, onboarding, customer):
    response = client.get(_url(customer))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_customer_admin_gets_a_403_with_an_explanation(client, onboarding, customer_admin):
    client.force_login(customer_admin)

    response = client.get(_url(onboarding.relationship.customer))

    assert response.status_code == 403
    assert (
        "This is for the staff of a supplier company, and your account does not belong to one."
        in response.content.decode()
    )


def test_another_suppliers_answers_do_not_exist_for_you(
    client, onboarding, customer, other_supplier_user
):
    client.force_login(other_supplier_user)

    assert client.get(_url(customer)).status_code == 404
    assert _submit(client, onboarding).status_code == 404
    onboarding.refresh_from_db()
    assert set(onboarding.values.values()) <= {
        "Fournitures Test SARL"
    }  # the profile's prefill only


def test_unknown_customer_and_a_relationship_without_onboarding_are_404(
    client, supplier, supplier_user, customer, onboarding
):
    plain = make_customer("No Questions Ltd")
    services.request_connection(
        supplier=supplier, customer=plain, actor=supplier_user, contact_email="a@b.example"
    )
    services.connect(supplier=supplier, customer=plain, actor=None)
    client.force_login(supplier_user)

    assert client.get(reverse("customers:onboarding", args=[999999])).status_code == 404
    assert client.get(_url(plain)).status_code == 404


def test_the_form_accepts_only_get_and_post(client, supplier_user, onboarding, customer):
    client.force_login(supplier_user)

    assert client.put(_url(customer)).status_code == 405
    assert client.delete(_url(customer)).status_code == 405


def test_a_colleague_without_the_right_reads_the_answers_and_cannot_post(
    client, onboarding, customer, supplier_member
):
    client.force_login(supplier_member)

    page = client.get(_url(customer), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = _submit(client, onboarding)

    assert "Only an administrator of Fournitures Test SARL" in page
    assert '<form method="post" class="onboarding-form"' not in page
    assert "Invoices email" in page
    assert response.status_code == 403
    assert "can act on customer connections" in response.content.decode()
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.DRAFT


def test_a_colleague_allowed_to_manage_connections_may_answer(
    client, onboarding, customer, supplier_member
):
    membership = supplier_member.supplier_membership
    membership.can_manage_connections = True
    membership.save()
    client.force_login(supplier_member)

    response = _submit(client, onboarding)

    assert response.status_code == 302
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.SUBMITTED


# --- answering ----------------------------------------------------------------------


def test_the_form_shows_every_section_and_prefills_the_company_name(
    client, supplier_user, onboarding, customer
):
    client.force_login(supplier_user)

    content = client.get(_url(customer)).content.decode()

    assert "<legend>Part 1</legend>" in content
    assert "<legend>Part 2</legend>" in content
    assert 'value="Fournitures Test SARL"' in content
    assert "1 of 10 required questions answered" in content  # the name, from the profile
    assert "Save draft" in content
    assert "Submit answers" in content


def test_save_draft_keeps_partial_and_unchecked_answers(
    client, supplier_user, onboarding, customer
):
    client.force_login(supplier_user)
    data = form_data(
        onboarding.questionnaire,
        {"Company name": "Fournitures", "Invoices email": "not yet"},
        action="draft",
    )

    response = client.post(_url(customer), data, follow=True)

    assert response.redirect_chain[-1][0] == _url(customer)
    content = response.content.decode()
    assert "Draft saved" in content
    assert 'value="not yet"' in content
    assert "2 of 10 required questions answered" in content
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.DRAFT
    assert stored(onboarding, "Invoices email") == "not yet"


def test_submit_with_mistakes_shows_them_and_keeps_the_input(
    client, supplier_user, onboarding, customer, mailoutbox
):
    client.force_login(supplier_user)

    response = _submit(
        client, onboarding, {**VALID_INPUT, "Invoices email": "compta@", "Employees": ""}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Some answers need your attention" in content
    assert "Enter a valid email address." in content
    assert "This field is required." in content
    assert 'value="compta@"' in content
    assert 'value="+33 1 23 45 67 89"' in content
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.DRAFT
    assert set(onboarding.values.values()) <= {
        "Fournitures Test SARL"
    }  # the profile's prefill only
    assert mailoutbox == []


def test_submit_sends_the_answers_and_goes_back_to_customer_setup(
    client,
    supplier_user,
    onboarding,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(supplier_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, onboarding, follow=True)

    assert response.redirect_chain[-1][0] == _panel(customer)
    content = response.content.decode()
    assert "Your answers were sent to Acme Test Industries" in content
    assert "is reviewing your answers" in content
    assert "See the answers" in content
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.SUBMITTED
    assert stored(onboarding, "Categories") == ["Paper", "IT"]
    assert [m.to for m in mailoutbox] == [[customer_admin.email]]


def test_submitted_answers_are_read_only_for_the_supplier(
    client, supplier_user, onboarding, customer
):
    client.force_login(supplier_user)
    _submit(client, onboarding)

    page = client.get(_url(customer)).content.decode()
    again = _submit(client, onboarding, {**VALID_INPUT, "Company name": "Changed"})

    assert 'class="onboarding-form"' not in page
    assert "compta@fournitures.example" in page
    assert "cannot be changed now" in again.content.decode()
    onboarding.refresh_from_db()
    assert stored(onboarding, "Company name") == "Fournitures Test SARL"


def test_returned_answers_show_the_reviewers_comment_next_to_the_form_and_resubmit(
    client,
    supplier_user,
    onboarding,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(supplier_user)
    _submit(client, onboarding)
    onboarding_services.return_answers(
        onboarding=onboarding, actor=customer_admin, comment="Your phone number is missing a digit."
    )

    page = client.get(_url(customer)).content.decode()
    panel = client.get(_panel(customer)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, onboarding, {**VALID_INPUT, "Phone number": "+33 1 23 45 67 80"})

    assert 'class="card onboarding-comment"' in page
    assert "Your phone number is missing a digit." in page
    assert 'class="onboarding-form"' in page
    assert "Your phone number is missing a digit." in panel
    assert "Finish setup" in panel
    assert response.status_code == 302
    onboarding.refresh_from_db()
    assert onboarding.status == OnboardingStatus.SUBMITTED
    assert stored(onboarding, "Phone number") == "+33 1 23 45 67 80"
    assert (
        mailoutbox[-1].subject == "Fournitures Test SARL submitted its changed onboarding answers"
    )


# --- Customer Setup ---------------------------------------------------------------


def test_customer_setup_lists_the_customer_under_incomplete_profiles_with_progress(
    client, supplier_user, onboarding, customer
):
    company = onboarding.questionnaire.questions().get(label="Company name")
    onboarding_services.save_draft(
        onboarding=onboarding, actor=supplier_user, values={company.answer_key: "Fournitures"}
    )
    client.force_login(supplier_user)

    content = client.get(_panel(customer), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    incomplete = content.split('id="group-incomplete"')[1].split("</section>")[0]
    assert "Acme Test Industries" in incomplete
    assert '<progress id="onboarding-progress-' in content
    assert 'max="10" value="1"' in content
    assert "Réponses aux questions obligatoires\u00a0: 1 sur 10" in content
    assert f'href="{_url(customer)}">Terminer la configuration</a>' in content


def test_a_colleague_without_the_right_is_offered_to_see_the_answers(
    client, onboarding, customer, supplier_member
):
    client.force_login(supplier_member)

    content = client.get(_panel(customer)).content.decode()

    assert f'href="{_url(customer)}">See the answers</a>' in content
    assert "Finish setup</a>" not in content


def test_approved_onboarding_moves_the_customer_to_connected(
    client, supplier_user, onboarding, customer, customer_admin
):
    client.force_login(supplier_user)
    _submit(client, onboarding)
    onboarding_services.approve_answers(onboarding=onboarding, actor=customer_admin)

    content = client.get(_panel(customer)).content.decode()

    connected = content.split('id="group-connected"')[1].split("</section>")[0]
    assert "Acme Test Industries" in connected
    assert "Finish setup" not in content
    assert "Onboarding approved" in content


@pytest.mark.parametrize("count", [1, 60])
def test_customer_setup_runs_a_fixed_number_of_queries_with_many_onboardings(
    client, supplier, supplier_user, count, django_assert_max_num_queries
):
    customers = [make_customer(f"Customer {i:03d}") for i in range(count)]
    for customer in customers:
        make_questionnaire(customer, questions=[("Name", "short_text", True, "", "name")])
        services.request_connection(
            supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@b.example"
        )
        services.connect(supplier=supplier, customer=customer, actor=None)
    assert Onboarding.objects.count() == count
    client.force_login(supplier_user)

    # session, user, membership, selected relationship, its timeline, its onboarding,
    # the list, membership (Setup menu): the same for 1 or 60 onboardings.
    with django_assert_max_num_queries(8):
        response = client.get(_panel(customers[0]))

    assert response.status_code == 200
    assert response.content.decode().count('class="entry-name"') == count
    assert "of 1 required question answered" in response.content.decode()


def test_panel_of_a_relationship_that_does_not_onboard_runs_no_onboarding_query(
    client, supplier, supplier_user, customer, django_assert_num_queries
):
    services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@b.example"
    )
    client.force_login(supplier_user)

    # session, user, memberships, relationship, timeline, list: no onboarding.
    with django_assert_num_queries(6):
        client.get(_panel(customer))


def test_submitting_from_a_stale_page_says_the_answers_can_no_longer_change(
    client, supplier_user, onboarding, customer
):
    client.force_login(supplier_user)
    _submit(client, onboarding)

    response = _submit(client, onboarding, {**VALID_INPUT, "Invoices email": "broken"})

    content = response.content.decode()
    assert "cannot be changed now" in content
    assert "Some answers need your attention" not in content
