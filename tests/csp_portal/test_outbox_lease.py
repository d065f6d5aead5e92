"""The outbox's claim: a short transaction marks a row "sending" with a lease, the
provider is called outside any transaction, and a lapsed lease is the sweeper's."""

from datetime import timedelta
from unittest import mock

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from csp_portal.outbox import delivery, emails
from csp_portal.outbox.models import OutboxMessage
from tests.csp_portal.test_outbox import POSTMARK, _postmark_response


def _queue(to="buyer@acme.example"):
    return emails.queue_email(kind="test", to=[to], subject="Hello", body_text="Body")


def _lapse(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.django_db(transaction=True)
def test_the_provider_is_called_outside_any_transaction_with_the_row_claimed(settings):
    settings.MAILERS = POSTMARK
    # A row as a committed change leaves it (no task: this test sends it itself).
    message = OutboxMessage.objects.create(
        kind="test",
        to=["buyer@acme.example"],
        from_email="a@b.example",
        subject="Hi",
        body_text=".",
    )
    seen = {}

    def provider(*args, **kwargs):
        row = OutboxMessage.objects.get(pk=message.pk)
        seen.update(
            in_transaction=connection.in_atomic_block,
            status=row.status,
            lease_left=row.lease_expires_at - timezone.now(),
        )
        return _postmark_response()

    with mock.patch.object(requests.Session, "request", side_effect=provider):
        delivery.deliver(message.pk)

    assert seen["in_transaction"] is False
    assert seen["status"] == OutboxMessage.Status.SENDING
    assert timedelta(seconds=settings.MAIL_LEASE_SECONDS - 30) < seen["lease_left"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert (message.lease_token, message.lease_expires_at) == (None, None)


@pytest.mark.django_db
def test_a_row_being_sent_is_not_sent_again_while_its_lease_holds(settings):
    settings.MAILERS = POSTMARK
    message = _queue()  # the on-commit task never runs inside the test transaction
    assert delivery.claim(message.pk) is not None  # a sender that is now mid-send

    with mock.patch.object(requests.Session, "request", return_value=_postmark_response()) as api:
        assert delivery.deliver(message.pk) is None
        call_command("send_pending_mail")

    assert api.call_count == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENDING
    assert message.attempts == 1


@pytest.mark.django_db
def test_a_send_that_crashed_is_sent_by_the_sweeper_once_its_lease_lapses(settings):
    settings.MAILERS = POSTMARK
    message = _queue()
    delivery.claim(message.pk)  # the sender died here, before the provider answered
    _lapse(message)

    with mock.patch.object(requests.Session, "request", return_value=_postmark_response()) as api:
        call_command("send_pending_mail")
        call_command("send_pending_mail")

    assert api.call_count == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2


@pytest.mark.django_db
def test_a_message_that_crashes_its_sender_every_time_is_given_up_in_the_end(settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    message = _queue()
    for _ in range(2):
        delivery.claim(message.pk)
        _lapse(message)

    settings.MAILERS = POSTMARK
    with mock.patch.object(requests.Session, "request", return_value=_postmark_response(500)):
        call_command("send_pending_mail")

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.GIVEN_UP
    assert message.attempts == 3


@pytest.mark.django_db
def test_a_sender_whose_lease_ran_out_does_not_overwrite_the_next_senders_outcome(settings):
    settings.MAILERS = POSTMARK
    message = _queue()
    calls = []

    def slow_provider(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # the first sender is so slow that its lease runs out …
            _lapse(message)
            assert delivery.deliver(message.pk).status == OutboxMessage.Status.SENT
            return _postmark_response(500)  # … and then its provider call fails
        return _postmark_response()

    with mock.patch.object(requests.Session, "request", side_effect=slow_provider):
        assert delivery.deliver(message.pk) is None

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.last_error == ""
