"""Answering an invitation: accept, decline, expiry, asking for a new link."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from csp_portal.errors import TransitionNotAllowed
from customers import exceptions
from customers.exceptions import AlreadyConnected
from customers.models import Invitation, InvitationStatus, Relationship, RelationshipState
from customers.services import invitation_answers, invitations
from customers.services import relationships as relationship_services
from tests.factories import make_customer_admin, make_supplier_user

pytestmark = pytest.mark.django_db


# --- answering -----------------------------------------------------------------


def test_a_supplier_accepting_a_waiting_invitation_connects_their_company(
    invite, other_supplier_user, customer
):
    invitation, _path = invite(email=other_supplier_user.email.upper())
    # The email belonged to an account already: the relationship is INVITED.
    supplier = other_supplier_user.supplier_membership.supplier

    relationship = invitation_answers.accept_invitation(
        invitation=invitation, user=other_supplier_user
    )

    assert relationship.state == RelationshipState.CONNECTED
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_supplier == supplier
    assert invitation.accepted_by == other_supplier_user
    assert invitation.accepted_with_email == ""
    assert [event.description for event in relationship.events.all()] == [
        "Invitation sent to owner@other-supplier.example",
        "Invitation accepted",
        "Connected: nothing left to do",
    ]


def test_accepting_with_another_email_needs_the_confirmation_and_is_recorded(
    invite, supplier_user, customer
):
    invitation, _path = invite(email="someone.else@newco.example")

    with pytest.raises(exceptions.OtherEmailNotConfirmed) as refused:
        invitation_answers.accept_invitation(invitation=invitation, user=supplier_user)
    assert "sent to someone.else@newco.example" in refused.value.message
    assert "signed in as sophie@fournitures.example" in refused.value.message
    assert not Relationship.objects.exists()

    relationship = invitation_answers.accept_invitation(
        invitation=invitation, user=supplier_user, other_email_confirmed=True
    )

    invitation.refresh_from_db()
    assert invitation.accepted_with_email == "sophie@fournitures.example"
    assert invitation.accepted_supplier == supplier_user.supplier_membership.supplier
    assert (
        "Invitation sent to someone.else@newco.example accepted with another address, "
        "sophie@fournitures.example"
    ) in [event.description for event in relationship.events.all()]


def test_a_supplier_already_connected_is_told_so_on_accepting(
    invite, supplier, supplier_user, customer, customer_admin
):
    invitation, _path = invite(email="someone.else@newco.example")
    relationship_services.invite(supplier=supplier, customer=customer, actor=customer_admin)
    relationship_services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    with pytest.raises(AlreadyConnected):
        invitation_answers.accept_invitation(
            invitation=invitation, user=supplier_user, other_email_confirmed=True
        )
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_a_supplier_with_a_pending_request_is_told_to_withdraw_it_first(
    invite, supplier, supplier_user, customer
):
    invitation, _path = invite(email="someone.else@newco.example")
    relationship_services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )

    with pytest.raises(exceptions.RequestAwaitingAnswer) as refusal:
        invitation_answers.accept_invitation(
            invitation=invitation, user=supplier_user, other_email_confirmed=True
        )

    assert "Withdraw it in Connection Requests" in refusal.value.message
    assert Invitation.objects.get().status == InvitationStatus.PENDING
    assert customer.relationships.get().state == "requested"


def test_a_member_without_the_right_cannot_accept(invite, supplier_member):
    from django.core.exceptions import PermissionDenied

    invitation, _path = invite(email=supplier_member.email)

    with pytest.raises(PermissionDenied):
        invitation_answers.accept_invitation(invitation=invitation, user=supplier_member)
    assert Relationship.objects.get().state == RelationshipState.INVITED


def test_declining_closes_the_invitation_and_the_invited_relationship(invite, supplier_user):
    invitation, _path = invite(email=supplier_user.email)

    invitation_answers.decline_invitation(invitation=invitation, actor=supplier_user)

    invitation.refresh_from_db()
    relationship = Relationship.objects.get()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.declined_at is not None
    assert relationship.state == RelationshipState.DECLINED
    assert relationship.events.last().actor == supplier_user


def test_accepting_from_customer_setup_uses_the_pending_invitation(invite, supplier_user, customer):
    invitation, _path = invite(email=supplier_user.email)
    relationship = Relationship.objects.get()

    invitation_answers.accept_relationship_invitation(
        relationship=relationship, actor=supplier_user
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert Relationship.objects.get().state == RelationshipState.CONNECTED


def test_accepting_an_invitation_made_without_email_from_customer_setup(
    supplier, supplier_user, customer, customer_admin
):
    relationship = relationship_services.invite(
        supplier=supplier, customer=customer, actor=customer_admin
    )

    invitation_answers.accept_relationship_invitation(
        relationship=relationship, actor=supplier_user
    )

    assert Relationship.objects.get().state == RelationshipState.CONNECTED


def test_a_supplier_cannot_accept_its_own_request_from_customer_setup(
    supplier, supplier_user, customer
):

    relationship = relationship_services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="b@acme.example"
    )

    with pytest.raises(TransitionNotAllowed):
        invitation_answers.accept_relationship_invitation(
            relationship=relationship, actor=supplier_user
        )
    assert Relationship.objects.get().state == RelationshipState.REQUESTED


# --- expiry ----------------------------------------------------------------------


def test_expire_stale_expires_invitations_and_their_relationships(invite, supplier_user):
    invite()
    invite(email=supplier_user.email)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    Relationship.objects.update(deadline=timezone.now() - timedelta(minutes=1))

    output = io.StringIO()
    call_command("expire_stale", stdout=output)

    assert output.getvalue() == "2 expired.\n"
    assert set(Invitation.objects.values_list("status", flat=True)) == {"expired"}
    assert Relationship.objects.get().state == RelationshipState.EXPIRED
    assert Relationship.objects.get().events.last().description == (
        "Invitation expired: nobody answered in time"
    )


def test_expire_leaves_invitations_within_their_time(invite):
    invite()

    assert invitations.expire_invitations() == 0
    assert Invitation.objects.get().status == InvitationStatus.PENDING


# --- asking for a new link -------------------------------------------------------


def test_asking_for_a_new_link_emails_every_admin_once_in_a_while(
    invite, mailoutbox, customer, django_capture_on_commit_callbacks
):
    colleague = make_customer_admin("colleague@acme.example", customer=customer)
    colleague.language = "fr"
    colleague.save()
    invitation, _path = invite()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        invitations.request_new_link(invitation=invitation)
    with pytest.raises(exceptions.NewLinkRecentlyRequested):
        invitations.request_new_link(invitation=invitation)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "buyer@acme.example",
        "colleague@acme.example",
    ]
    english = next(m for m in mailoutbox if m.to == ["buyer@acme.example"])
    french = next(m for m in mailoutbox if m.to == ["colleague@acme.example"])
    assert english.subject == "new.person@newco.example asks for a new invitation link"
    assert f"/customer-admin/customers/invitation/{invitation.pk}/change/" in english.body
    assert french.subject == "new.person@newco.example demande un nouveau lien d'invitation"
    assert Invitation.objects.get().new_link_requested_at is not None


def test_a_new_link_cannot_be_asked_for_a_pending_invitation(invite):
    invitation, _path = invite()

    with pytest.raises(TransitionNotAllowed):
        invitations.request_new_link(invitation=invitation)


def test_an_invitation_for_a_supplier_of_another_email_waits_alone(invite):
    make_supplier_user("someone@elsewhere.example", company="Elsewhere")

    invitation, _path = invite(email="nobody@newco.example")

    assert invitation.invited_supplier is None
    assert not Relationship.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_give_one_acceptance(
    postgres, customer, customer_admin, supplier_user
):
    from tests.concurrency import run_at_once

    invitation = invitations.send_invitation(
        customer=customer, email=supplier_user.email, invited_by=customer_admin
    )

    def accept():
        return invitation_answers.accept_invitation(invitation=invitation, user=supplier_user)

    outcomes = [
        "accepted" if isinstance(o, Relationship) else type(o).__name__
        for o in run_at_once(accept, accept)
    ]

    assert sorted(outcomes) == ["TransitionNotAllowed", "accepted"]
    relationship = Relationship.objects.get()
    assert relationship.events.filter(message="Invitation accepted").count() == 1
