"""The invitation link and its pages, as a supplier (new or existing) goes through them."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import SupplierMember, User
from customers.models import Invitation, InvitationStatus, Relationship, RelationshipState
from customers.services import invitation_answers, invitations
from tests.customers.invitation_helpers import send
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

INVITATION = "/invitation/"


@pytest.fixture
def invite(django_capture_on_commit_callbacks, mailoutbox, customer, customer_admin):
    customer_admin.full_name = "Alice Buyer"
    customer_admin.save()

    def _invite(**fields):
        fields.setdefault("invited_by", customer_admin)
        fields.setdefault("customer", customer)
        return send(django_capture_on_commit_callbacks, mailoutbox, **fields)

    return _invite


def _open(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == INVITATION
    return client.get(INVITATION)


# --- a valid link ------------------------------------------------------------


def test_the_link_shows_the_customer_who_invited_and_the_two_choices(client, invite):
    _invitation, path = invite(message="Welcome aboard.")

    page = _open(client, path)

    assert page.status_code == 200
    content = page.content.decode()
    assert "Acme Test Industries invites you to connect" in content
    assert "Alice Buyer of Acme Test Industries invites new.person@newco.example" in content
    assert "Welcome aboard." in content
    assert f'href="{reverse("customers:invitation_signup")}"' in content
    assert "Create an account" in content
    assert 'href="/accounts/login/?next=%2Finvitation%2F"' in content
    assert Invitation.objects.get().opened_at is not None


def test_the_token_is_left_behind_after_the_first_request(client, invite, mailoutbox):
    _invitation, path = invite()

    response = client.get(path)

    assert response["Location"] == INVITATION
    assert path.split("/")[2] not in response["Location"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_new_user_via_link_gets_a_verified_account_and_is_connected(
    client, invite, mailoutbox, customer
):
    invitation, path = invite(company_name="NewCo Supplies", contact_name="Nina Person")
    _open(client, path)

    form_page = client.get(reverse("customers:invitation_signup"))
    content = form_page.content.decode()
    assert form_page.status_code == 200
    assert 'value="new.person@newco.example"' in content
    assert 'value="NewCo Supplies"' in content
    assert 'value="Nina Person"' in content
    assert 'name="next" value="/invitation/"' in content
    assert "is confirmed by the invitation link" in content
    assert 'href="/accounts/login/?next=%2Finvitation%2F"' in content  # "sign in" comes back

    mail_before = len(mailoutbox)
    signed_up = client.post(
        reverse("account_signup"),
        {
            "company_name": "NewCo Supplies",
            "full_name": "Nina Person",
            "email": "new.person@newco.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": INVITATION,
        },
    )

    user = User.objects.get(email="new.person@newco.example")
    assert signed_up.status_code == 302
    assert signed_up["Location"] == INVITATION
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == mail_before  # no "confirm your email" message
    landing = client.get(INVITATION)
    assert "Accept invitation" in landing.content.decode()
    assert "Connect NewCo Supplies" in landing.content.decode()

    accepted = client.post(reverse("customers:invitation_accept"))

    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("customers:setup_customer", args=[customer.pk])
    supplier = SupplierMember.objects.get(user=user).supplier
    relationship = Relationship.objects.get(supplier=supplier, customer=customer)
    assert relationship.state == RelationshipState.CONNECTED
    invitation.refresh_from_db()
    assert invitation.accepted_supplier == supplier
    setup = client.get(accepted["Location"])
    assert "You accepted the invitation of Acme Test Industries" in setup.content.decode()


def test_existing_user_via_link_logs_in_then_accepts(client, invite, supplier_user, customer):
    invitation, path = invite(email=supplier_user.email)
    page = _open(client, path)
    assert "Log in" in page.content.decode()
    assert "Create an account" not in page.content.decode()  # the address has one
    assert client.get(reverse("customers:invitation_signup"))["Location"] == INVITATION

    logged_in = client.post(
        "/accounts/login/?next=%2Finvitation%2F",
        {"login": supplier_user.email, "password": PASSWORD, "next": INVITATION},
    )
    assert logged_in["Location"] == INVITATION
    accepted = client.post(reverse("customers:invitation_accept"))

    assert accepted["Location"] == reverse("customers:setup_customer", args=[customer.pk])
    assert Relationship.objects.get().state == RelationshipState.CONNECTED
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_signed_in_with_another_email_the_user_confirms_naming_both(
    client, invite, supplier_user, customer
):
    invitation, path = invite(email="purchasing@fournitures.example")
    client.force_login(supplier_user)

    page = _open(client, path)
    content = page.content.decode()
    assert (
        "This invitation was sent to purchasing@fournitures.example, and you are signed in as "
        "sophie@fournitures.example."
    ) in content
    assert (
        "I accept this invitation, sent to purchasing@fournitures.example, with my account "
        "sophie@fournitures.example."
    ) in content

    refused = client.post(reverse("customers:invitation_accept"))
    assert refused.status_code == 200
    assert "Tick the box to accept with sophie@fournitures.example" in refused.content.decode()
    assert not Relationship.objects.exists()

    accepted = client.post(reverse("customers:invitation_accept"), {"confirm_other_email": "on"})

    assert accepted["Location"] == reverse("customers:setup_customer", args=[customer.pk])
    relationship = Relationship.objects.get()
    assert relationship.state == RelationshipState.CONNECTED
    assert any(
        "accepted with another address, sophie@fournitures.example" in event.description
        for event in relationship.events.all()
    )
    invitation.refresh_from_db()
    assert invitation.accepted_with_email == "sophie@fournitures.example"


def test_decline_from_the_link_without_an_account(client, invite):
    invitation, path = invite()
    _open(client, path)

    response = client.post(reverse("customers:invitation_decline"), follow=True)

    assert response.status_code == 410
    content = response.content.decode()
    assert "You declined the invitation of Acme Test Industries; they can see it." in content
    assert "You declined this invitation" in content
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


def test_accepting_twice_from_two_tabs_gives_one_acceptance(client, invite, supplier_user):
    _invitation, path = invite(email=supplier_user.email)
    client.force_login(supplier_user)
    _open(client, path)
    session_copy = dict(client.session)

    client.post(reverse("customers:invitation_accept"))
    session = client.session
    session.update(session_copy)
    session.save()
    second = client.post(reverse("customers:invitation_accept"), follow=True)

    assert "no longer waiting for an answer: it is accepted" in second.content.decode()
    assert Relationship.objects.get().events.filter(message="Invitation accepted").count() == 1


# --- the bad links, each with its own page ---------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/invite/" + "A" * 43 + "/",  # well-formed, unknown
        "/invite/short/",
        "/invite/" + "A" * 42 + "%21/",
    ],
)
def test_an_unknown_or_tampered_link_says_it_is_not_valid(client, invite, path):
    invite()

    response = client.get(path)

    assert response.status_code == 404
    content = response.content.decode()
    assert "This link is not valid" in content
    assert "Acme Test Industries" not in content
    assert "newco.example" not in content


def test_the_old_link_after_a_resend_is_not_valid(client, invite, customer_admin):
    invitation, path = invite()
    _open(client, path)  # this browser followed the old link already
    invitations.resend_invitation(invitation=invitation, actor=customer_admin)

    assert client.get(path).status_code == 404
    remembered = client.get(INVITATION)
    assert remembered.status_code == 404
    assert "This link is not valid" in remembered.content.decode()


def test_the_invitation_page_without_a_followed_link_is_not_valid(client, db):
    response = client.get(INVITATION)

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_an_expired_link_gives_the_date_and_asks_for_a_new_one(
    client, invite, mailoutbox, django_capture_on_commit_callbacks
):
    _invitation, path = invite()
    expired_on = timezone.now() - timedelta(days=2)
    Invitation.objects.update(expires_at=expired_on)

    page = _open(client, path)

    assert page.status_code == 410
    content = page.content.decode()
    day = timezone.localtime(expired_on)
    assert f"expired on {day.day} {day:%B} {day.year}" in content
    assert "Ask Acme Test Industries for a new link" in content

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("customers:invitation_new_link"), follow=True)
    again = client.post(reverse("customers:invitation_new_link"), follow=True)

    assert "We asked Acme Test Industries for a new link" in asked.content.decode()
    assert [message.to for message in mailoutbox] == [["buyer@acme.example"]]
    assert "You have already asked Acme Test Industries for a new link" in again.content.decode()
    assert len(mailoutbox) == 1


def test_a_revoked_link_says_the_customer_withdrew_it(client, invite, customer_admin):
    invitation, path = invite()
    invitations.revoke_invitation(invitation=invitation, actor=customer_admin)

    page = _open(client, path)

    assert page.status_code == 410
    content = page.content.decode()
    assert "This invitation was withdrawn" in content
    assert "Acme Test Industries withdrew this invitation on" in content
    assert "Accept invitation" not in content


def test_an_accepted_link_points_to_customer_setup(client, invite, supplier_user, customer):
    invitation, path = invite(email=supplier_user.email)
    invitation_answers.accept_invitation(invitation=invitation, user=supplier_user)
    client.force_login(supplier_user)

    page = _open(client, path)

    assert page.status_code == 200
    content = page.content.decode()
    assert "This invitation was already accepted" in content
    assert reverse("customers:setup_customer", args=[customer.pk]) in content


def test_an_accepted_link_opened_by_a_stranger_names_no_company(client, invite, supplier_user):
    invitation, path = invite(email=supplier_user.email)
    invitation_answers.accept_invitation(invitation=invitation, user=supplier_user)

    content = _open(client, path).content.decode()

    assert "This invitation was already accepted" in content
    assert "Fournitures Test SARL" not in content


# --- who may do what ---------------------------------------------------------------


def test_accepting_needs_a_login(client, invite):
    _invitation, path = invite()
    _open(client, path)

    response = client.post(reverse("customers:invitation_accept"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_a_customer_admin_cannot_accept_and_is_told_why(client, invite, other_customer_admin):
    _invitation, path = invite(email=other_customer_admin.email)
    client.force_login(other_customer_admin)

    page = _open(client, path)
    response = client.post(reverse("customers:invitation_accept"))

    assert "which is not a supplier account" in page.content.decode()
    assert response.status_code == 403
    assert (
        "This is for the staff of a supplier company, and your account does not belong to one."
        in response.content.decode()
    )


def test_a_member_without_the_right_cannot_accept(client, invite, supplier_member):
    _invitation, path = invite(email=supplier_member.email)
    client.force_login(supplier_member)

    page = _open(client, path)
    response = client.post(reverse("customers:invitation_accept"))

    assert "Only an administrator of Fournitures Test SARL" in page.content.decode()
    assert response.status_code == 403
    assert Relationship.objects.get().state == RelationshipState.INVITED


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/invite/" + "A" * 43 + "/"),
        ("get", "/invitation/accept/"),
        ("get", "/invitation/decline/"),
        ("get", "/invitation/new-link/"),
        ("post", "/invitation/sign-up/"),
    ],
)
def test_wrong_methods_are_refused(client, supplier_user, method, url):
    client.force_login(supplier_user)

    assert getattr(client, method)(url).status_code == 405


# --- Customer Setup: Invited you, with Accept invitation / Decline ---------------------


def test_customer_setup_lists_the_invitation_with_accept_and_decline(
    client, invite, supplier_user, customer
):
    invite(email=supplier_user.email)
    client.force_login(supplier_user)

    page = client.get(reverse("customers:setup_customer", args=[customer.pk]))

    content = page.content.decode()
    assert 'Invited you <span class="count">(1)</span>' in content
    assert reverse("customers:accept_invitation", args=[customer.pk]) in content
    assert reverse("customers:decline_invitation", args=[customer.pk]) in content
    assert "Accept invitation" in content


def test_accept_invitation_in_customer_setup_connects(client, invite, supplier_user, customer):
    invitation, _path = invite(email=supplier_user.email)
    client.force_login(supplier_user)

    response = client.post(reverse("customers:accept_invitation", args=[customer.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("customers:setup_customer", args=[customer.pk])
    assert "You accepted the invitation of Acme Test Industries: you are connected." in (
        response.content.decode()
    )
    assert Relationship.objects.get().state == RelationshipState.CONNECTED
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_decline_in_customer_setup(client, invite, supplier_user, customer):
    invitation, _path = invite(email=supplier_user.email)
    client.force_login(supplier_user)

    client.post(reverse("customers:decline_invitation", args=[customer.pk]))

    assert Relationship.objects.get().state == RelationshipState.DECLINED
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


@pytest.mark.parametrize("action", ["accept_invitation", "decline_invitation"])
def test_setup_invitation_actions_permissions(
    client, invite, supplier_user, supplier_member, other_supplier_user, customer, action
):
    invite(email=supplier_user.email)
    url = reverse(f"customers:{action}", args=[customer.pk])

    anonymous = client.post(url)
    client.force_login(other_supplier_user)
    other_tenant = client.post(url)
    client.force_login(supplier_member)
    member = client.post(url)
    client.force_login(supplier_user)
    wrong_method = client.get(url)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert other_tenant.status_code == 404
    assert member.status_code == 403
    assert wrong_method.status_code == 405
    assert Relationship.objects.get().state == RelationshipState.INVITED
