"""The cron commands: expire_stale (requests and invitations) and remind_pending_requests."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from connections.models import ConnectionRequest
from customers import services as customer_services
from customers.models import Relationship, RelationshipState

pytestmark = pytest.mark.django_db

Status = ConnectionRequest.Status


def _run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def _make_overdue(connection_request) -> None:
    overdue = timezone.now() - timedelta(minutes=1)
    ConnectionRequest.objects.filter(pk=connection_request.pk).update(expires_at=overdue)
    Relationship.objects.filter(
        supplier_id=connection_request.supplier_id, customer_id=connection_request.customer_id
    ).update(deadline=overdue)


def test_expire_stale_expires_overdue_requests_and_invitations_and_tells_the_supplier(
    pending_request,
    supplier,
    supplier_user,
    other_customer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _make_overdue(pending_request)
    invitation = customer_services.invite(supplier=supplier, customer=other_customer, actor=None)
    Relationship.objects.filter(pk=invitation.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        output = _run("expire_stale")

    assert output.strip() == "2 expired."
    pending_request.refresh_from_db()
    assert pending_request.status == Status.EXPIRED
    assert set(Relationship.objects.values_list("state", flat=True)) == {RelationshipState.EXPIRED}
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert "expired" in message.subject


def test_expire_stale_leaves_requests_within_their_deadline(pending_request):
    assert _run("expire_stale").strip() == "0 expired."

    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING


def test_remind_pending_requests_emails_the_customers_admins_once(
    pending_request, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    ConnectionRequest.objects.filter(pk=pending_request.pk).update(
        requested_at=timezone.now() - timedelta(days=7, minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = _run("remind_pending_requests")
        second = _run("remind_pending_requests")

    assert (first.strip(), second.strip()) == ("1 reminded.", "0 reminded.")
    [message] = mailoutbox
    assert message.to == [customer_admin.email]
    assert message.subject.startswith("Reminder:")


def test_a_request_younger_than_a_week_is_not_reminded(pending_request, mailoutbox):
    assert _run("remind_pending_requests").strip() == "0 reminded."
