"""Answers to a connection request: accept, reject, withdraw, expire, remind."""

from datetime import timedelta

import pytest

from accounts.access import SupplierAccessDenied
from connections import services
from connections.exceptions import NotYetExpired
from csp_portal.errors import TransitionNotAllowed
from customers.models import RelationshipEvent, RelationshipState
from tests.connections.request_helpers import Status, relationship_between
from tests.customers.onboarding_factories import make_questionnaire
from tests.factories import make_customer_admin, make_supplier_user

pytestmark = pytest.mark.django_db


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
    relationship = relationship_between(supplier, customer)
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
    assert "vous êtes connectés" in message.body


def test_the_acceptance_email_says_connected_only_when_nothing_is_left_to_do(
    pending_request, customer, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    make_questionnaire(customer)

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_request(connection_request=pending_request, actor=customer_admin)

    [message] = mailoutbox
    assert "Before you are connected, they ask for information about your company." in message.body
    assert "you are connected" not in message.body.replace("Before you are connected", "")
    assert "Finish setup" in message.body


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
    relationship = relationship_between(supplier, customer)
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
    assert relationship_between(supplier, customer).state == RelationshipState.WITHDRAWN
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
    relationship = relationship_between(supplier, customer)
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
