"""Connection request services: request and its rules, accept, reject, withdraw, expire, remind."""

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
    NotYetExpired,
    RequestAlreadyPending,
    TermsChanged,
)
from connections.models import ConnectionRequest
from csp_portal.errors import TransitionNotAllowed
from customers import services as customer_services
from customers.exceptions import AlreadyConnected, CooldownActive, NotAcceptingRequests
from customers.models import Relationship, RelationshipEvent, RelationshipState
from tests.factories import make_customer, make_customer_admin, make_supplier_user

pytestmark = pytest.mark.django_db

Status = ConnectionRequest.Status


def _relationship(supplier, customer) -> Relationship:
    return Relationship.objects.get(supplier=supplier, customer=customer)


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
    relationship = _relationship(supplier, customer)
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
    assert _relationship(supplier, customer).events.count() == 1


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

    relationship = _relationship(supplier, customer)
    assert refused.value.until == relationship.state_changed_at + timedelta(days=7)
    assert ConnectionRequest.objects.count() == 1

    Relationship.objects.filter(pk=relationship.pk).update(
        state_changed_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    assert send_request().status == Status.PENDING


def test_a_request_for_terms_that_changed_meanwhile_is_refused(supplier, supplier_user, customer):
    customer.terms_text = "New terms."
    customer_services.save_customer_settings(customer=customer)

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


# --- accept, reject -------------------------------------------------------


def test_customer_admin_accepts_pending_request(
    pending_request,
    supplier,
    supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    supplier_user.language = "fr"
    supplier_user.save()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.accept_request(connection_request=pending_request, actor=customer_admin)

    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    assert accepted.decided_by == customer_admin
    assert accepted.decided_at is not None
    relationship = _relationship(supplier, customer)
    assert relationship.state == RelationshipState.CONNECTED
    assert [e.description for e in relationship.events.order_by("created_at", "pk")] == [
        "Request sent to buyer@acme.example",
        "Request accepted",
        "Connected: nothing left to do",
    ]
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert message.subject == "Acme Test Industries a accepté votre demande de connexion"
    assert f"/setup/customers/{customer.pk}/" in message.body


def test_two_acceptances_make_one_connection_and_one_email(
    pending_request, customer_admin, customer, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = make_customer_admin("colleague@acme.example", customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(connection_request=pending_request, actor=customer_admin)
        with pytest.raises(TransitionNotAllowed, match="accepted"):
            services.accept_request(connection_request=pending_request, actor=colleague)

    assert len(mailoutbox) == 1
    assert RelationshipEvent.objects.filter(message="Request accepted").count() == 1


def test_customer_admin_rejects_with_a_reason_the_supplier_sees(
    pending_request,
    supplier,
    customer,
    customer_admin,
    supplier_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_request(
            connection_request=pending_request,
            actor=customer_admin,
            reason="  We buy no furniture this year. ",
        )

    pending_request.refresh_from_db()
    assert pending_request.status == Status.REJECTED
    assert pending_request.rejection_reason == "We buy no furniture this year."
    relationship = _relationship(supplier, customer)
    assert relationship.state == RelationshipState.REJECTED
    assert relationship.reason == "We buy no furniture this year."
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert message.subject == "Acme Test Industries rejected your connection request"
    assert "We buy no furniture this year." in message.body


def test_the_colleague_who_sent_the_request_is_told_the_answer_too(
    send_request,
    supplier_member,
    supplier_user,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    supplier_member.supplier_membership.can_manage_connections = True
    supplier_member.supplier_membership.save()
    connection_request = send_request(by=supplier_member)

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(connection_request=connection_request, actor=customer_admin)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [supplier_user.email, supplier_member.email]
    )


def test_an_answered_request_cannot_be_rejected(pending_request, customer_admin):
    services.accept_request(connection_request=pending_request, actor=customer_admin)

    with pytest.raises(TransitionNotAllowed):
        services.reject_request(
            connection_request=pending_request, actor=customer_admin, reason="Too late."
        )

    pending_request.refresh_from_db()
    assert pending_request.status == Status.ACCEPTED


# --- withdraw -------------------------------------------------------------


def test_supplier_withdraws_a_pending_request_and_the_customer_is_told(
    pending_request,
    supplier,
    customer,
    supplier_user,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_request(connection_request=pending_request, actor=supplier_user)

    pending_request.refresh_from_db()
    assert pending_request.status == Status.WITHDRAWN
    assert pending_request.decided_by == supplier_user
    assert _relationship(supplier, customer).state == RelationshipState.WITHDRAWN
    [message] = mailoutbox
    assert message.to == [customer_admin.email]
    assert message.subject == "Fournitures Test SARL withdrew its connection request"


def test_a_member_without_the_right_cannot_withdraw(pending_request, supplier_member):
    with pytest.raises(SupplierAccessDenied):
        services.withdraw_request(connection_request=pending_request, actor=supplier_member)

    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING


def test_another_supplier_cannot_withdraw_the_request(pending_request, other_supplier_user):
    with pytest.raises(SupplierAccessDenied):
        services.withdraw_request(connection_request=pending_request, actor=other_supplier_user)


# --- expire, remind -------------------------------------------------------


def test_a_request_past_its_deadline_expires_and_the_supplier_is_told(
    pending_request,
    supplier,
    customer,
    supplier_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    later = pending_request.expires_at + timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_overdue_requests(now=later) == 1

    pending_request.refresh_from_db()
    assert pending_request.status == Status.EXPIRED
    relationship = _relationship(supplier, customer)
    assert relationship.state == RelationshipState.EXPIRED
    assert relationship.events.last().description == "Request expired: nobody answered in time"
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert message.subject == "Your connection request to Acme Test Industries expired"


def test_a_request_before_its_deadline_does_not_expire(pending_request):
    assert services.expire_overdue_requests() == 0

    with pytest.raises(NotYetExpired):
        services.expire_request(connection_request=pending_request)

    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING


def test_a_request_pending_for_seven_days_is_reminded_once(
    pending_request, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    six_days = pending_request.requested_at + timedelta(days=6)
    seven_days = pending_request.requested_at + timedelta(days=7, minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_pending_requests(now=six_days) == 0
        assert services.remind_pending_requests(now=seven_days) == 1
        assert services.remind_pending_requests(now=seven_days + timedelta(days=1)) == 0

    pending_request.refresh_from_db()
    assert pending_request.reminded_at == seven_days
    [message] = mailoutbox
    assert message.to == [customer_admin.email]
    assert message.subject == "Reminder: Fournitures Test SARL is waiting for your answer"
    assert f"/connectionrequest/{pending_request.pk}/change/" in message.body
    assert RelationshipEvent.objects.filter(
        message="Reminder sent to the customer's administrators"
    ).exists()


def test_an_answered_request_is_not_reminded(pending_request, customer_admin):
    services.accept_request(connection_request=pending_request, actor=customer_admin)

    later = pending_request.requested_at + timedelta(days=8)
    assert services.remind_pending_requests(now=later) == 0


def test_every_supplier_admin_is_told_and_nobody_of_another_company(
    pending_request,
    supplier,
    other_supplier_user,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    make_supplier_user("second.admin@fournitures.example", supplier=supplier)

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(connection_request=pending_request, actor=customer_admin)

    recipients = {m.to[0] for m in mailoutbox}
    assert recipients == {"sophie@fournitures.example", "second.admin@fournitures.example"}
