"""Invitation services: the token, sending, resending, revoking."""

import hashlib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from csp_portal.errors import TransitionNotAllowed
from csp_portal.outbox import delivery
from csp_portal.outbox.models import OutboxMessage
from customers import exceptions
from customers.models import Invitation, InvitationStatus, Relationship, RelationshipState
from customers.services import invitation_answers, invitations
from customers.services import relationships as relationship_services
from tests.customers.invitation_helpers import token_of

pytestmark = pytest.mark.django_db


# --- the token -------------------------------------------------------------


def test_only_the_sha256_of_a_256_bit_token_is_stored(invite, mailoutbox):
    invitation, _path = invite()

    token = token_of(mailoutbox[0])
    assert len(token) == 43  # secrets.token_urlsafe(32): 256 random bits
    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in Invitation.objects.values().get().values()}


def test_once_sent_the_stored_email_keeps_no_usable_link(invite, mailoutbox):
    invitation, _path = invite()

    token = token_of(mailoutbox[0])
    stored = invitation.outbox_message
    stored.refresh_from_db()
    assert stored.status == OutboxMessage.Status.SENT
    assert token not in stored.body_text
    assert token not in stored.body_html
    assert "/invite/[redacted]/" in stored.body_text


def test_an_email_waiting_for_a_retry_keeps_its_link(settings, customer, customer_admin):
    import requests

    settings.MAILERS = {
        "default": {
            "BACKEND": "anymail.backends.postmark.EmailBackend",
            "OPTIONS": {"server_token": "test-server-token"},
        }
    }
    invitation = invitations.send_invitation(
        customer=customer, email="jane@newco.example", invited_by=customer_admin
    )
    with mock.patch.object(
        requests.Session, "request", side_effect=requests.ConnectionError("no route to host")
    ):
        delivery.deliver(invitation.outbox_message.pk)

    stored = OutboxMessage.objects.get()
    assert stored.status == OutboxMessage.Status.FAILED
    assert re.search(r"/invite/[A-Za-z0-9_-]{43}/", stored.body_text)


def test_two_invitations_get_different_tokens(invite, mailoutbox):
    invite(email="one@newco.example")
    invite(email="two@newco.example")

    assert token_of(mailoutbox[0]) != token_of(mailoutbox[1])
    assert len(set(Invitation.objects.values_list("token_hash", flat=True))) == 2


def test_opening_the_link_finds_the_invitation_and_records_the_first_opening(invite, mailoutbox):
    invitation, _path = invite()
    token = token_of(mailoutbox[0])

    opened = invitation_answers.open_invitation(token=token)
    first_opening = Invitation.objects.get().opened_at
    invitation_answers.open_invitation(token=token)

    assert opened.pk == invitation.pk
    assert first_opening is not None
    assert Invitation.objects.get().opened_at == first_opening


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character changed
        lambda token: token[:20],  # cut when copied
        lambda token: token + "x",
        lambda token: "",
        lambda token: "../../admin",
    ],
)
def test_a_tampered_token_is_an_invalid_link(invite, mailoutbox, tamper):
    invite()

    with pytest.raises(exceptions.InvalidInvitationLink):
        invitation_answers.open_invitation(token=tamper(token_of(mailoutbox[0])))
    assert Invitation.objects.get().opened_at is None


def test_resend_gives_a_new_link_and_the_old_one_stops_working(
    invite, mailoutbox, customer_admin, django_capture_on_commit_callbacks
):
    invitation, _path = invite()
    old_token = token_of(mailoutbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend_invitation(invitation=invitation, actor=customer_admin)

    new_token = token_of(mailoutbox[1])
    assert new_token != old_token
    with pytest.raises(exceptions.InvalidInvitationLink):
        invitation_answers.open_invitation(token=old_token)
    assert invitation_answers.open_invitation(token=new_token).pk == invitation.pk
    invitation.refresh_from_db()
    assert invitation.send_count == 2
    assert invitation.outbox_message.to == ["new.person@newco.example"]


def test_an_accepted_invitation_cannot_be_accepted_again(invite, other_supplier_user):
    invitation, _path = invite(email=other_supplier_user.email)
    invitation_answers.accept_invitation(invitation=invitation, user=other_supplier_user)

    with pytest.raises(TransitionNotAllowed):
        invitation_answers.accept_invitation(invitation=invitation, user=other_supplier_user)
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED


def test_an_invitation_past_its_date_cannot_be_accepted(invite, customer, supplier_user):
    invitation, _path = invite()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(exceptions.InvitationExpired) as refused:
        invitation_answers.accept_invitation(
            invitation=invitation, user=supplier_user, other_email_confirmed=True
        )
    assert "Ask Acme Test Industries for a new link" in refused.value.message
    assert not Relationship.objects.exists()


# --- sending ---------------------------------------------------------------


def test_invitation_email_says_who_invites_why_the_link_and_when_it_expires(
    invite, mailoutbox, customer
):
    customer.days_to_answer = 10
    customer.save()

    invitation, path = invite(
        contact_name="Nina Person", company_name="NewCo", message="Please join our panel."
    )

    [message] = mailoutbox
    assert message.to == ["new.person@newco.example"]
    assert message.subject == "Acme Test Industries invites you to connect on csp-portal"
    assert "Hello Nina Person," in message.body
    assert "of Acme Test Industries invites you to connect" in message.body
    assert "Please join our panel." in message.body
    assert f"http://127.0.0.1:8000{path}" in message.body
    expiry = timezone.localtime(invitation.expires_at)
    assert f"until {expiry.day} {expiry:%B} {expiry.year}" in message.body
    assert path in message.alternatives[0].content  # the HTML part has the button
    assert (invitation.expires_at - invitation.sent_at).days == 10
    assert invitation.invited_supplier is None
    assert not Relationship.objects.exists()  # no account yet: the invitation waits alone


def test_invitation_email_is_in_the_chosen_language(invite, mailoutbox):
    invite(language="fr")

    assert (
        mailoutbox[0].subject == "Acme Test Industries vous invite à vous connecter sur csp-portal"
    )


def test_inviting_an_existing_supplier_user_moves_their_relationship_to_invited(
    invite, supplier, supplier_user, customer
):
    invitation, _path = invite(email="SOPHIE@fournitures.example")

    relationship = Relationship.objects.get(supplier=supplier, customer=customer)
    assert relationship.state == RelationshipState.INVITED
    assert relationship.deadline == invitation.expires_at
    assert invitation.invited_supplier == supplier
    assert invitation.email == "sophie@fournitures.example"
    [event] = relationship.events.all()
    assert event.description == "Invitation sent to sophie@fournitures.example"


def test_inviting_a_supplier_already_connected_is_refused(
    invite, supplier, supplier_user, customer, customer_admin
):
    relationship_services.invite(supplier=supplier, customer=customer, actor=customer_admin)
    relationship_services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    with pytest.raises(exceptions.SupplierAlreadyConnected) as refused:
        invite(email=supplier_user.email)

    assert refused.value.message == (
        "Fournitures Test SARL is already connected with you: there is nothing to invite them to."
    )
    assert not Invitation.objects.exists()


def test_inviting_an_email_with_a_pending_invitation_offers_to_resend_it(invite):
    first, _path = invite()

    with pytest.raises(exceptions.InvitationAlreadyPending) as refused:
        invite(email="New.Person@NewCo.example")

    assert refused.value.invitation == first
    assert "You can send it again with a new link." in refused.value.message
    assert Invitation.objects.count() == 1


def test_an_email_whose_invitation_expired_can_be_invited_anew(invite):
    first, _path = invite()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    second, _path = invite()

    first.refresh_from_db()
    assert first.status == InvitationStatus.EXPIRED
    assert second.status == InvitationStatus.PENDING


def test_the_database_holds_one_pending_invitation_per_email(customer, customer_admin):
    from django.db import IntegrityError, transaction

    Invitation.objects.create(
        customer=customer, email="x@newco.example", token_hash="a" * 64, expires_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            customer=customer,
            email="x@newco.example",
            token_hash="b" * 64,
            expires_at=timezone.now(),
        )


# --- resending and revoking ----------------------------------------------------


def test_resending_an_expired_invitation_reopens_it_and_the_relationship(
    invite, supplier, supplier_user, customer, customer_admin, django_capture_on_commit_callbacks
):
    invitation, _path = invite(email=supplier_user.email)
    later = timezone.now() + timedelta(days=31)
    assert invitations.expire_invitations(now=later) == 1
    assert Relationship.objects.get().state == RelationshipState.EXPIRED

    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend_invitation(invitation=invitation, actor=customer_admin)

    invitation.refresh_from_db()
    relationship = Relationship.objects.get()
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.expired_at is None
    assert relationship.state == RelationshipState.INVITED
    assert relationship.deadline == invitation.expires_at


def test_resending_while_invited_extends_the_relationship_and_notes_it(
    invite, supplier_user, customer_admin, django_capture_on_commit_callbacks
):
    invitation, _path = invite(email=supplier_user.email)
    Invitation.objects.update(bounced_at=timezone.now(), opened_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend_invitation(invitation=invitation, actor=customer_admin)

    invitation.refresh_from_db()
    relationship = Relationship.objects.get()
    assert relationship.deadline == invitation.expires_at
    assert relationship.events.last().description == (
        "Invitation sent again to sophie@fournitures.example"
    )
    assert invitation.bounced_at is None and invitation.opened_at is None


def test_revoking_stops_the_link_and_revokes_the_invited_relationship(
    invite, mailoutbox, supplier_user, customer_admin
):
    invitation, _path = invite(email=supplier_user.email)

    invitations.revoke_invitation(invitation=invitation, actor=customer_admin)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert invitation.revoked_at is not None
    assert Relationship.objects.get().state == RelationshipState.REVOKED
    assert invitation_answers.open_invitation(token=token_of(mailoutbox[0])).status == "revoked"
    with pytest.raises(TransitionNotAllowed):
        invitation_answers.accept_invitation(invitation=invitation, user=supplier_user)


def test_a_revoked_invitation_cannot_be_resent(invite, customer_admin):
    invitation, _path = invite()
    invitations.revoke_invitation(invitation=invitation, actor=customer_admin)

    with pytest.raises(TransitionNotAllowed):
        invitations.resend_invitation(invitation=invitation, actor=customer_admin)
