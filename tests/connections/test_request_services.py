"""Sending a connection request: who may, to whom, the contact, the terms, the limits."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import SupplierAccessDenied
from connections import services
from connections.exceptions import (
    ContactNotAccepted,
    DailyLimitReached,
    InvitationWaiting,
    RequestAlreadyPending,
    TermsChanged,
)
from connections.models import ConnectionRequest
from customers import services as customer_services
from customers.exceptions import AlreadyConnected, CooldownActive, NotAcceptingRequests
from customers.models import Relationship, RelationshipState
from tests.connections.request_helpers import Status, relationship_between
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


# --- request --------------------------------------------------------------


def test_request_moves_relationship_to_requested_and_records_contact_terms_and_time(
    supplier, supplier_user, customer
):
    before = timezone.now()

    connection_request = services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=supplier_user,
        contact_email="  Buyer@ACME.example ",
        terms_version=customer.terms_version,
    )

    connection_request.refresh_from_db()
    assert connection_request.status == Status.PENDING
    assert connection_request.contact_email == "buyer@acme.example"
    assert connection_request.terms_version == customer.terms_version == 1
    assert connection_request.requested_by == supplier_user
    assert before <= connection_request.requested_at <= timezone.now()
    relationship = relationship_between(supplier, customer)
    assert relationship.state == RelationshipState.REQUESTED
    assert connection_request.expires_at == relationship.deadline
    assert relationship.deadline.date() == (before + timedelta(days=30)).date()
    event = relationship.events.get()
    assert event.description == "Request sent to buyer@acme.example"
    assert event.actor == supplier_user


def test_request_emails_admins_a_link_and_tells_a_contact_who_is_not_a_member_who_can_act(
    supplier,
    supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    customer_admin.full_name = "Alice Buyer"
    customer_admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        connection_request = services.request_connection(
            supplier=supplier,
            customer=customer,
            actor=supplier_user,
            contact_email="someone.else@acme.example",
            terms_version=1,
        )

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"buyer@acme.example", "someone.else@acme.example"}
    admin_mail = by_recipient["buyer@acme.example"]
    assert admin_mail.subject == "Fournitures Test SARL asks to connect with Acme Test Industries"
    assert (
        f"/customer-admin/connections/connectionrequest/{connection_request.pk}/change/"
        in admin_mail.body
    )
    assert "someone.else@acme.example" in admin_mail.body
    contact_mail = by_recipient["someone.else@acme.example"]
    assert "named you as their contact" in contact_mail.body
    assert "Alice Buyer (buyer@acme.example)" in contact_mail.body
    assert "/customer-admin/" not in contact_mail.body


def test_a_contact_who_is_an_admin_gets_the_admin_email_only(
    send_request, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_request(contact="buyer@acme.example")

    [message] = mailoutbox
    assert message.to == ["buyer@acme.example"]
    assert "/customer-admin/connections/connectionrequest/" in message.body


def test_a_contact_at_a_customer_without_admins_learns_nobody_can_answer_yet(
    send_request, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_request(contact="someone@acme.example")

    [message] = mailoutbox
    assert message.to == ["someone@acme.example"]
    assert "Nobody at Acme Test Industries administers csp-portal yet" in message.body


def test_the_contact_email_is_in_french_for_a_customer_in_france(
    supplier, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    french_customer = make_customer("Électricité Test SA", country="FR")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_connection(
            supplier=supplier,
            customer=french_customer,
            actor=supplier_user,
            contact_email="achats@electricite.example",
            terms_version=1,
        )

    [message] = mailoutbox
    assert message.subject == (
        "Fournitures Test SARL vous a désigné comme contact chez Électricité Test SA"
    )


def test_a_member_without_the_right_to_manage_connections_may_not_request(
    supplier, supplier_member, customer
):
    with pytest.raises(SupplierAccessDenied):
        services.request_connection(
            supplier=supplier,
            customer=customer,
            actor=supplier_member,
            contact_email="buyer@acme.example",
            terms_version=1,
        )

    assert not ConnectionRequest.objects.exists()
    assert not Relationship.objects.exists()


def test_a_member_allowed_to_manage_connections_may_request(supplier, supplier_member, customer):
    supplier_member.supplier_membership.can_manage_connections = True
    supplier_member.supplier_membership.save()

    connection_request = services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=supplier_member,
        contact_email="buyer@acme.example",
        terms_version=1,
    )

    assert connection_request.requested_by == supplier_member


def test_an_admin_whose_email_is_not_verified_may_not_request(supplier, supplier_user, customer):
    EmailAddress.objects.filter(user=supplier_user).update(verified=False)

    with pytest.raises(SupplierAccessDenied, match="Verify your email address"):
        services.request_connection(
            supplier=supplier,
            customer=customer,
            actor=supplier_user,
            contact_email="buyer@acme.example",
            terms_version=1,
        )


def test_a_supplier_cannot_request_for_another_company(supplier, other_supplier_user, customer):
    with pytest.raises(SupplierAccessDenied):
        services.request_connection(
            supplier=supplier,
            customer=customer,
            actor=other_supplier_user,
            contact_email="buyer@acme.example",
            terms_version=1,
        )


def test_a_contact_outside_the_customers_domains_is_refused_and_nothing_is_created(
    send_request, supplier, customer
):
    with pytest.raises(ContactNotAccepted) as refused:
        send_request(contact="buyer@gmail.example")

    assert refused.value.field == "contact_email"
    assert "@acme.example" in refused.value.message
    assert not ConnectionRequest.objects.exists()
    assert not Relationship.objects.exists()


def test_any_contact_address_is_accepted_when_the_customer_lists_no_domain(
    send_request, other_customer
):
    connection_request = send_request(to=other_customer, contact="someone@anywhere.example")

    assert connection_request.contact_email == "someone@anywhere.example"


def test_a_second_request_while_one_is_pending_is_refused(send_request, supplier, customer):
    send_request()

    with pytest.raises(RequestAlreadyPending, match="already sent a request"):
        send_request(contact="other@acme.example")

    assert ConnectionRequest.objects.count() == 1
    assert relationship_between(supplier, customer).events.count() == 1


def test_the_database_holds_one_pending_request_per_supplier_and_customer(
    pending_request, supplier, customer
):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConnectionRequest.objects.create(
            supplier=supplier,
            customer=customer,
            contact_email="x@acme.example",
            terms_version=1,
            expires_at=timezone.now(),
        )


def test_a_new_request_may_follow_a_withdrawn_one(send_request, supplier_user):
    first = send_request()
    services.withdraw_request(connection_request=first, actor=supplier_user)

    second = send_request()

    assert second.pk != first.pk
    assert second.status == Status.PENDING


def test_no_request_when_already_connected(send_request, customer_admin):
    services.accept_request(connection_request=send_request(), actor=customer_admin)

    with pytest.raises(AlreadyConnected, match="already connected with Acme Test Industries"):
        send_request()

    assert ConnectionRequest.objects.count() == 1


def test_no_request_to_an_invitation_only_customer(send_request, supplier):
    invitation_only = make_customer("Invitations Only Ltd", accepts_requests=False)

    with pytest.raises(NotAcceptingRequests, match="by invitation only"):
        send_request(to=invitation_only, contact="x@example.com")

    assert not Relationship.objects.exists()


def test_no_request_when_the_customer_has_invited_you(send_request, supplier, customer):
    customer_services.invite(supplier=supplier, customer=customer, actor=None)

    with pytest.raises(InvitationWaiting, match="already invited you"):
        send_request()


def test_after_a_rejection_a_new_request_waits_for_the_cooldown(
    send_request, supplier, customer, customer_admin, settings
):
    settings.REQUEST_COOLDOWN_DAYS = 7
    services.reject_request(
        connection_request=send_request(), actor=customer_admin, reason="Not now."
    )

    with pytest.raises(CooldownActive) as refused:
        send_request()

    relationship = relationship_between(supplier, customer)
    assert refused.value.until == relationship.state_changed_at + timedelta(days=7)
    assert ConnectionRequest.objects.count() == 1

    Relationship.objects.filter(pk=relationship.pk).update(
        state_changed_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    assert send_request().status == Status.PENDING


def test_a_request_for_terms_that_changed_meanwhile_is_refused(supplier, supplier_user, customer):
    customer_services.publish_terms(customer=customer, texts={"en": "New terms."}, actor=None)

    with pytest.raises(TermsChanged):
        services.request_connection(
            supplier=supplier,
            customer=customer,
            actor=supplier_user,
            contact_email="buyer@acme.example",
            terms_version=1,
        )

    assert not Relationship.objects.exists()


def test_a_supplier_sends_at_most_the_daily_limit_of_requests_in_24_hours(
    send_request, supplier, settings
):
    settings.CONNECTION_REQUESTS_PER_DAY = 2
    customers = [make_customer(f"Customer {n}") for n in range(3)]
    first = send_request(to=customers[0], contact="a@example.com")
    send_request(to=customers[1], contact="b@example.com")

    with pytest.raises(DailyLimitReached) as refused:
        send_request(to=customers[2], contact="c@example.com")

    assert refused.value.next_allowed_at == first.requested_at + timedelta(hours=24)
    assert "2 connection requests in the last 24 hours" in refused.value.message
    assert not Relationship.objects.filter(customer=customers[2]).exists()

    ConnectionRequest.objects.filter(pk=first.pk).update(
        requested_at=timezone.now() - timedelta(hours=24, seconds=1)
    )
    assert send_request(to=customers[2], contact="c@example.com").status == Status.PENDING


def test_the_daily_limit_is_per_supplier_company(send_request, other_supplier_user, settings):
    settings.CONNECTION_REQUESTS_PER_DAY = 1
    send_request()
    other_supplier = other_supplier_user.supplier_membership.supplier

    connection_request = send_request(by=other_supplier_user, supplier_=other_supplier)

    assert connection_request.supplier == other_supplier
