"""The outbox: mail is a row written with the change, sent after commit, retried."""

import json
from unittest import mock

import pytest
import requests
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from csp_portal.outbox import emails
from csp_portal.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

POSTMARK = {
    "default": {
        "BACKEND": "anymail.backends.postmark.EmailBackend",
        "OPTIONS": {"server_token": "test-server-token"},
    }
}


def _queue(to="buyer@acme.example"):
    return emails.queue_email(
        kind="test", to=[to], subject="Hello", body_text="Body", body_html="<p>Body</p>"
    )


def _postmark_response(status=200):
    """What Postmark's /email endpoint answers (the edge of the world)."""
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(
        {
            "To": "buyer@acme.example",
            "SubmittedAt": "2026-11-28T10:00:00Z",
            "MessageID": "0a129aee-e1cd-480d-b08d-4f48548ff48d",
            "ErrorCode": 0,
            "Message": "OK",
        }
    ).encode()
    response.headers["Content-Type"] = "application/json"
    return response


def test_email_is_written_with_the_change_and_sent_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
        assert mail.outbox == []  # nothing leaves before the transaction commits

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    [sent] = mail.outbox
    assert sent.to == ["buyer@acme.example"]
    assert sent.alternatives[0].content == "<p>Body</p>"


def test_rolled_back_change_leaves_no_email(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_provider_failure_is_recorded_and_retried_by_the_sweeper_after_backoff(
    settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = POSTMARK
    with (
        mock.patch.object(
            requests.Session, "request", side_effect=requests.ConnectionError("no route to host")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = _queue()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 1
    assert "no route to host" in message.last_error
    assert message.next_attempt_at > timezone.now()

    with mock.patch.object(requests.Session, "request", return_value=_postmark_response()) as api:
        call_command("send_pending_mail")
        assert api.call_count == 0  # still backing off
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        call_command("send_pending_mail")
        assert api.call_count == 1

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2
    assert message.provider_message_id == "0a129aee-e1cd-480d-b08d-4f48548ff48d"


def test_sweeper_sends_a_row_whose_task_never_ran(settings):
    message = _queue()  # inside the test transaction: the on-commit task never runs
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now()
        - timezone.timedelta(seconds=settings.MAIL_STUCK_AFTER_SECONDS + 1)
    )

    call_command("send_pending_mail")

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_sweeper_gives_up_after_the_limit_and_the_operator_sees_it(
    settings, client, operator, django_capture_on_commit_callbacks
):
    settings.MAILERS = POSTMARK
    settings.MAIL_MAX_ATTEMPTS = 2
    with mock.patch.object(
        requests.Session, "request", return_value=_postmark_response(status=500)
    ):
        with django_capture_on_commit_callbacks(execute=True):
            message = _queue()
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        call_command("send_pending_mail")
        call_command("send_pending_mail")

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.GIVEN_UP
    assert message.attempts == 2
    assert message.next_attempt_at is None

    client.force_login(operator)
    page = client.get(reverse("admin:csp_portal_outboxmessage_changelist") + "?status=given_up")
    assert page.status_code == 200
    assert "Given up" in page.content.decode()
    assert "buyer@acme.example" in page.content.decode()


def test_operator_can_send_a_given_up_email_again(settings, client, operator):
    message = _queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.GIVEN_UP, attempts=8
    )
    client.force_login(operator)

    client.post(
        reverse("admin:csp_portal_outboxmessage_changelist"),
        {"action": "retry_now", "_selected_action": [message.pk]},
    )

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
