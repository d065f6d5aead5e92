"""Joining a team through the emailed link, on both sides: a new account, an existing
account, and the links that no longer work (expired, used, withdrawn, tampered)."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import SupplierAuditEvent, SupplierMember, TeamInvitation, User
from accounts.team import resend_team_invitation, revoke_team_invitation
from customers.models import (
    CustomerAuditEvent,
    CustomerMember,
    CustomerTeamInvitation,
    Relationship,
)
from customers.services import colleagues, team
from tests.factories import PASSWORD, make_customer, make_supplier_user, make_user

pytestmark = pytest.mark.django_db

JOIN = "/join/"
LINK = re.compile(r"https?://[^/\s]+(/join/([A-Za-z0-9_-]+)/)")


@pytest.fixture
def invite_colleague(django_capture_on_commit_callbacks, mailoutbox, supplier, supplier_user):
    """An admin of the supplier invites ``email``; gives (invitation, link path)."""

    def _invite(email="nina@fournitures.example", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = team.invite_colleague(
                supplier=supplier, actor=supplier_user, email=email, **fields
            )
        return invitation, LINK.search(mailoutbox[-1].body).group(1)

    return _invite


@pytest.fixture
def invite_buyer(django_capture_on_commit_callbacks, mailoutbox, customer, customer_admin):
    def _invite(email="new.buyer@acme.example", role="reviewer"):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = colleagues.invite_customer_colleague(
                customer=customer, actor=customer_admin, email=email, role=role
            )
        return invitation, LINK.search(mailoutbox[-1].body).group(1)

    return _invite


def _open(client, path):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, JOIN)
    return client.get(JOIN)


def _sign_up(client, **fields):
    data = {"full_name": "Nina Person", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(reverse("customers:join_signup"), data)


# --- the email ----------------------------------------------------------------------


def test_the_email_names_the_team_the_role_and_the_date(
    invite_colleague, mailoutbox, supplier_user
):
    supplier_user.full_name = "Sophie Martin"
    supplier_user.save()

    invitation, path = invite_colleague(full_name="Nina Person")

    [mail] = mailoutbox
    assert mail.to == ["nina@fournitures.example"]
    assert mail.subject == "Sophie Martin invites you to join Fournitures Test SARL on csp-portal"
    assert "Hello Nina Person," in mail.body
    assert "with the role: member." in mail.body
    assert invitation.expires_at.date() == (timezone.now() + timedelta(days=14)).date()
    assert len(path) == len("/join/") + 43 + 1
    assert TeamInvitation.objects.get().token_hash not in mail.body  # only the hash is stored


# --- a new account --------------------------------------------------------------------


def test_a_new_person_creates_a_verified_account_and_joins_with_the_given_rights(
    client, invite_colleague, mailoutbox, supplier, customer, supplier_user
):
    Relationship.objects.create(supplier=supplier, customer=customer, state="connected")
    _, path = invite_colleague(can_manage_connections=True, customers=[customer])
    page = _open(client, path)
    assert "Join the team of Fournitures Test SARL" in page.content.decode()
    assert "Create your account" in page.content.decode()
    form = client.get(reverse("customers:join_signup")).content.decode()
    assert 'value="nina@fournitures.example"' in form and "disabled" in form
    mail_before = len(mailoutbox)

    response = _sign_up(client, email="someone.else@example.com")

    assert (response.status_code, response["Location"]) == (302, reverse("customers:setup"))
    user = User.objects.get(email="nina@fournitures.example")  # the posted address is ignored
    assert (user.full_name, EmailAddress.objects.get(user=user).verified) == ("Nina Person", True)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert len(mailoutbox) == mail_before  # no "confirm your address" email
    member = SupplierMember.objects.get(user=user)
    assert (member.supplier, member.role, member.can_manage_connections) == (
        supplier,
        "member",
        True,
    )
    assert list(member.customer_access.customers.all()) == [customer]
    assert TeamInvitation.objects.get().status == "accepted"
    joined = SupplierAuditEvent.objects.get(action="team.joined")
    assert (joined.actor, joined.after["customers"]) == (user, ["Acme Test Industries"])
    assert (
        "Welcome to the team of Fournitures Test SARL."
        in client.get(reverse("customers:setup")).content.decode()
    )


def test_a_new_person_joins_a_customers_staff_as_a_reviewer(
    client, invite_buyer, customer, customer_admin
):
    _, path = invite_buyer()
    _open(client, path)

    response = _sign_up(client)

    assert response["Location"] == reverse("customer_admin:index")
    member = CustomerMember.objects.get(user__email="new.buyer@acme.example")
    assert (member.customer, member.role) == (customer, "reviewer")
    assert CustomerAuditEvent.objects.filter(action="staff.joined", customer=customer).exists()
    assert client.get(reverse("customer_admin:index")).status_code == 200


def test_signing_up_when_the_link_was_used_meanwhile_creates_nothing(client, invite_colleague):
    invitation, path = invite_colleague()
    _open(client, path)
    form = client.get(reverse("customers:join_signup"))
    assert form.status_code == 200
    TeamInvitation.objects.filter(pk=invitation.pk).update(status="revoked")

    response = _sign_up(client)

    assert response["Location"] == JOIN
    assert not User.objects.filter(email="nina@fournitures.example").exists()


# --- an existing account ------------------------------------------------------------------


def test_an_existing_account_logs_in_then_joins(client, invite_colleague, supplier):
    nina = make_user("nina@fournitures.example", full_name="Nina Person")
    _, path = invite_colleague(role="admin")
    page = _open(client, path).content.decode()
    assert "Log in as nina@fournitures.example" in page
    assert 'href="/accounts/login/?next=%2Fjoin%2F"' in page
    assert client.get(reverse("customers:join_signup"))["Location"] == JOIN

    login = client.post("/accounts/login/?next=/join/", {"login": nina.email, "password": PASSWORD})
    assert login["Location"] == JOIN
    assert "Join the team" in client.get(JOIN).content.decode()
    joined = client.post(reverse("customers:join_accept"))

    assert joined["Location"] == reverse("customers:setup")
    assert SupplierMember.objects.get(user=nina).role == "admin"
    assert client.get(JOIN).status_code == 404  # the link is forgotten once used


def test_another_signed_in_account_is_told_to_log_out(
    client, invite_colleague, other_supplier_user
):
    _, path = invite_colleague()
    client.force_login(other_supplier_user)

    page = _open(client, path).content.decode()
    refused = client.post(reverse("customers:join_accept"), follow=True).content.decode()

    message = "This invitation is for nina@fournitures.example, and you are signed in as"
    assert message in page and message in refused
    assert "Join the team</button>" not in page
    assert (
        not SupplierMember.objects.filter(supplier__name="Fournitures Test SARL")
        .exclude(user__email="sophie@fournitures.example")
        .exists()
    )


def test_someone_working_for_another_company_must_leave_it_first(client, invite_colleague):
    nina = make_supplier_user("nina@fournitures.example", company="Nina Conseil")
    _, path = invite_colleague()
    client.force_login(nina)

    page = _open(client, path).content.decode()
    client.post(reverse("customers:join_accept"))

    assert "You already work for Nina Conseil" in page
    assert "Leave Nina Conseil first" in page
    assert SupplierMember.objects.get(user=nina).supplier.name == "Nina Conseil"


def test_staff_of_another_customer_learn_it_only_when_they_accept(
    client, invite_buyer, other_customer_admin, customer
):
    _, path = invite_buyer(email=other_customer_admin.email)
    client.force_login(other_customer_admin)

    page = _open(client, path).content.decode()

    assert "You are already on the staff of Globex Test Corporation" in page
    assert CustomerMember.objects.get(user=other_customer_admin).customer.name == (
        "Globex Test Corporation"
    )


# --- links that no longer work ---------------------------------------------------------------


def test_an_expired_link_says_since_when_and_whom_to_ask(client, invite_colleague, supplier_user):
    supplier_user.full_name = "Sophie Martin"
    supplier_user.save()
    invitation, path = invite_colleague()
    TeamInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )

    page = _open(client, path)

    assert page.status_code == 410
    assert "This invitation has expired" in page.content.decode()
    assert "ask Sophie Martin to send you a new invitation" in page.content.decode()
    client.force_login(make_user("nina@fournitures.example"))
    client.post(reverse("customers:join_accept"))
    assert not SupplierMember.objects.filter(user__email="nina@fournitures.example").exists()


def test_a_used_link_works_once(client, invite_colleague):
    nina = make_user("nina@fournitures.example")
    _, path = invite_colleague()
    client.force_login(nina)
    _open(client, path)
    client.post(reverse("customers:join_accept"))
    client.logout()

    page = _open(client, path)

    assert page.status_code == 410
    assert "This invitation was already accepted" in page.content.decode()
    assert "A link can be used only once." in page.content.decode()


def test_a_withdrawn_link_says_so(client, invite_colleague, supplier_user):
    invitation, path = invite_colleague()
    team_invitation = TeamInvitation.objects.get(pk=invitation.pk)
    revoke_team_invitation(invitation=team_invitation, actor=supplier_user)

    page = _open(client, path)

    assert page.status_code == 410
    assert "This invitation was withdrawn" in page.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path[:-3] + "/",  # cut
        lambda path: path[:-2] + ("A" if path[-2] != "A" else "B") + "/",  # one character changed
        lambda path: "/join/" + "x" * 200 + "/",
    ],
    ids=["cut", "changed", "garbage"],
)
def test_a_tampered_link_is_not_valid(client, invite_colleague, tamper):
    _, path = invite_colleague()

    response = client.get(tamper(path))

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert client.get(JOIN).status_code == 404


def test_sending_again_replaces_the_link(
    client, invite_colleague, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, old_path = invite_colleague()
    with django_capture_on_commit_callbacks(execute=True):
        resend_team_invitation(invitation=invitation, actor=supplier_user)
    new_path = LINK.search(mailoutbox[-1].body).group(1)

    assert client.get(old_path).status_code == 404
    assert client.get(new_path)["Location"] == JOIN


def test_an_expired_invitation_to_the_same_address_is_replaced(invite_colleague, supplier):
    invitation, _ = invite_colleague()
    TeamInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )

    again, _ = invite_colleague(role="admin")

    assert again.pk == invitation.pk
    assert (again.role, again.send_count, again.is_waiting) == ("admin", 2, True)


def test_the_customer_team_link_is_its_own(client, invite_buyer):
    other = make_customer("Somewhere Else SA")
    _, path = invite_buyer()

    _open(client, path)

    assert CustomerTeamInvitation.objects.get().customer != other
    assert "Join the team of Acme Test Industries" in client.get(JOIN).content.decode()
