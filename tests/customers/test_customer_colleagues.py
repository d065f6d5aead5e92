"""A customer's staff in /customer-admin/: colleagues join by accepting an invitation (the
form reveals nothing about the address), admins and reviewers, the last admin stays."""

import re

import pytest
from django.urls import reverse

from connections import services as connection_services
from connections.models import ConnectionRequest
from customers.exceptions import CustomerTeamError
from customers.models import (
    Customer,
    CustomerAuditEvent,
    CustomerMember,
    CustomerTeamInvitation,
    Relationship,
)
from customers.services import colleagues
from tests.factories import make_customer_admin, make_supplier_user, make_user

pytestmark = pytest.mark.django_db

COLLEAGUES = reverse("customer_admin:customers_customermember_changelist")
ADD = reverse("customer_admin:customers_customermember_add")
REVIEWERS_MAY_NOT = "Only the admins of Acme Test Industries can change its settings, team and"


def _invite(client, email: str):
    return client.post(ADD, {"email": email, "full_name": "", "role": "reviewer"}, follow=True)


def _answer(response, email: str) -> tuple[int, str]:
    """The status and the messages shown, the address replaced by EMAIL."""
    messages = re.search(r'<ul class="messagelist">.*?</ul>', response.content.decode(), re.S)
    return response.status_code, messages.group(0).replace(email, "EMAIL")


# --- inviting -----------------------------------------------------------------------------


def test_adding_a_colleague_sends_an_invitation_and_nobody_joins_before_accepting(
    client, customer, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(customer_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, "New.Buyer@acme.example")

    assert "Invitation sent to new.buyer@acme.example." in response.content.decode()
    assert "new.buyer@acme.example" in response.content.decode()  # invitations waiting
    assert not CustomerMember.objects.filter(user__email="new.buyer@acme.example").exists()
    [mail] = mailoutbox
    assert (
        mail.subject == "buyer@acme.example invites you to join Acme Test Industries on csp-portal"
    )
    assert re.search(r"/join/[A-Za-z0-9_-]{43}/", mail.body)
    assert CustomerAuditEvent.objects.get(action="staff.invited").after == {"role": "reviewer"}


@pytest.mark.parametrize(
    "who",
    ["nobody", "a supplier's account", "another customer's staff"],
)
def test_the_form_answers_the_same_whoever_the_address_belongs_to(
    client, customer_admin, other_customer, who
):
    email = "someone@elsewhere.example"
    if who == "a supplier's account":
        make_supplier_user(email, company="Elsewhere SARL")
    elif who == "another customer's staff":
        make_customer_admin(email, customer=other_customer)
    client.force_login(customer_admin)
    baseline = _answer(_invite(client, "baseline@elsewhere.example"), "baseline@elsewhere.example")

    answer = _answer(_invite(client, email), email)

    assert answer == baseline
    assert "Invitation sent to EMAIL." in answer[1]
    assert CustomerTeamInvitation.objects.filter(email=email).exists()
    assert not CustomerMember.objects.filter(
        user__email=email, customer__name="Acme Test Industries"
    ).exists()


def test_a_colleague_already_on_the_staff_is_named_as_such(
    client, customer_admin, customer_reviewer
):
    client.force_login(customer_admin)

    response = _invite(client, customer_reviewer.email)

    assert "reviewer@acme.example is already one of your colleagues." in response.content.decode()


def test_admins_send_an_invitation_again_or_withdraw_it(client, customer, customer_admin):
    invitation = colleagues.invite_customer_colleague(
        customer=customer, actor=customer_admin, email="new.buyer@acme.example", role="admin"
    )
    old_hash = invitation.token_hash
    client.force_login(customer_admin)

    client.post(reverse("customer_admin:customers_customermember_resend", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert (invitation.send_count, invitation.token_hash != old_hash) == (2, True)

    client.post(reverse("customer_admin:customers_customermember_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


# --- roles ---------------------------------------------------------------------------------


def test_a_reviewer_reads_the_settings_and_is_told_why_they_cannot_change_them(
    client, customer, customer_reviewer
):
    client.force_login(customer_reviewer)
    url = reverse("customer_admin:customers_customer_change", args=[customer.pk])

    page = client.get(url).content.decode()
    refused = client.post(url, {"name": "Hijacked"})

    assert "Acme Test Industries" in page and 'name="name"' not in page
    assert refused.status_code == 403
    assert REVIEWERS_MAY_NOT in refused.content.decode()
    assert Customer.objects.get(pk=customer.pk).name == "Acme Test Industries"


@pytest.mark.parametrize(
    "url",
    [ADD, reverse("customer_admin:customers_questionnaire_new_version")],
    ids=["invite a colleague", "edit the questionnaire"],
)
def test_a_reviewer_cannot_change_the_team_or_the_questionnaires(client, customer_reviewer, url):
    client.force_login(customer_reviewer)

    response = client.post(url, {"email": "friend@acme.example", "role": "admin"})

    assert response.status_code == 403
    assert REVIEWERS_MAY_NOT in response.content.decode()
    assert not CustomerTeamInvitation.objects.exists()


def test_a_reviewer_answers_connection_requests(
    client, customer, customer_reviewer, supplier, supplier_user
):
    connection_request = connection_services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=supplier_user,
        contact_email="buyer@acme.example",
        terms_version=customer.terms_version,
    )
    client.force_login(customer_reviewer)

    response = client.post(
        reverse("customer_admin:connections_connectionrequest_accept", args=[connection_request.pk])
    )

    assert response.status_code == 302
    assert ConnectionRequest.objects.get().status == "accepted"
    assert Relationship.objects.get().state in {"onboarding", "connected"}


def test_a_reviewer_sees_no_invite_button_on_the_colleagues_page(client, customer_reviewer):
    client.force_login(customer_reviewer)

    content = client.get(COLLEAGUES).content.decode()

    assert "reviewer@acme.example" in content
    assert "Invite a colleague" not in content


def test_an_admin_changes_a_colleagues_role(client, customer_admin, customer_reviewer):
    client.force_login(customer_admin)
    membership = customer_reviewer.customer_membership

    client.post(
        reverse("customer_admin:customers_customermember_change", args=[membership.pk]),
        {"role": "admin"},
    )

    assert CustomerMember.objects.get(pk=membership.pk).role == "admin"
    assert CustomerAuditEvent.objects.get(action="staff.role_changed").changes == [
        ("role", "reviewer", "admin")
    ]


def test_the_last_admin_cannot_step_down_or_be_removed(client, customer_admin, customer_reviewer):
    client.force_login(customer_admin)
    own = customer_admin.customer_membership

    response = client.post(
        reverse("customer_admin:customers_customermember_change", args=[own.pk]),
        {"role": "reviewer"},
    )

    assert "is the last admin of Acme Test Industries" in response.content.decode()
    assert CustomerMember.objects.get(pk=own.pk).role == "admin"
    with pytest.raises(CustomerTeamError, match="You cannot remove yourself"):
        colleagues.remove_customer_colleague(membership=own, actor=customer_admin)
    with pytest.raises(CustomerTeamError, match="last admin"):
        colleagues.leave_customer(user=customer_admin)


def test_an_admin_removes_a_colleague_after_confirming(client, customer_admin, customer_reviewer):
    client.force_login(customer_admin)
    url = reverse(
        "customer_admin:customers_customermember_delete",
        args=[customer_reviewer.customer_membership.pk],
    )

    confirm = client.get(url)
    client.post(url)

    assert "will no longer work in the customer administration" in confirm.content.decode()
    assert not CustomerMember.objects.filter(user=customer_reviewer).exists()
    assert CustomerAuditEvent.objects.filter(action="staff.removed").exists()


# --- the operator --------------------------------------------------------------------------------


def test_the_operator_creates_a_customer_whose_first_admin_joins_by_accepting(
    client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:customers_customer_add"),
            {
                "name": "Initech Démo",
                "country": "FR",
                "city": "Paris",
                "email_domains": "initech.example",
                "accepts_requests": "on",
                "terms_en": "Be nice.",
                "days_to_answer": 30,
                "listed": "on",
                "new_admin_email": "peter@initech.example",
                "members-TOTAL_FORMS": 0,
                "members-INITIAL_FORMS": 0,
            },
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    customer = Customer.objects.get(name="Initech Démo")
    invitation = CustomerTeamInvitation.objects.get(customer=customer)
    assert (invitation.email, invitation.role) == ("peter@initech.example", "admin")
    assert not CustomerMember.objects.filter(customer=customer).exists()
    [mail] = mailoutbox
    assert "with the role: admin." in mail.body

    peter = make_user("peter@initech.example")
    colleagues.accept_customer_invitation(invitation=invitation, user=peter)

    assert CustomerMember.objects.get(user=peter).role == "admin"


def test_colleagues_cannot_be_removed_in_bulk(client, customer_admin, customer_reviewer):
    client.force_login(customer_admin)

    response = client.post(
        COLLEAGUES,
        {
            "action": "delete_selected",
            "_selected_action": [
                customer_admin.customer_membership.pk,
                customer_reviewer.customer_membership.pk,
            ],
            "post": "yes",
        },
    )

    assert response.status_code in (200, 302)
    assert CustomerMember.objects.count() == 2
