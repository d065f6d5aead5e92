"""Sending one outbox row through the configured mailer, and recording the outcome."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.utils import timezone

from csp_portal.logging import redact_url_secrets
from csp_portal.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)


def deliver(outbox_id: int) -> OutboxMessage | None:
    """Send one outbox row through the configured mailer and record the outcome.

    Returns ``None`` when the row is already sent, given up, or being sent by
    another process (its row lock is held): sending twice is worse than waiting.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(
                pk=outbox_id,
                status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED],
            )
            .first()
        )
        if message is None:
            return None
        email = _as_email(message)
        now = timezone.now()
        message.attempts += 1
        try:
            mailers.default.send_messages([email])
        except Exception as error:  # any provider or network failure is retried later
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= settings.MAIL_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.GIVEN_UP
                message.next_attempt_at = None
                logger.error("Gave up on email %s after %s attempts", message.pk, message.attempts)
            else:
                message.status = OutboxMessage.Status.FAILED
                backoff = settings.MAIL_RETRY_BASE_SECONDS * 2 ** (message.attempts - 1)
                message.next_attempt_at = now + timedelta(seconds=backoff)
                logger.warning(
                    "Email %s failed (attempt %s): %s", message.pk, message.attempts, error
                )
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = now
            message.last_error = ""
            message.next_attempt_at = None
            status = getattr(email, "anymail_status", None)
            if status is not None and status.message_id:
                message.provider_message_id = str(status.message_id)[:255]
            # Once sent, the stored copy keeps no link token (invitations: only a hash is kept).
            message.body_text = redact_url_secrets(message.body_text)
            message.body_html = redact_url_secrets(message.body_html)
        message.save(
            update_fields=[
                "status",
                "attempts",
                "last_error",
                "next_attempt_at",
                "sent_at",
                "provider_message_id",
                "body_text",
                "body_html",
            ]
        )
        return message


def send_again(outbox_id: int) -> OutboxMessage | None:
    """The operator's "send now": also retries a row the sweeper gave up on."""
    OutboxMessage.objects.filter(pk=outbox_id, status=OutboxMessage.Status.GIVEN_UP).update(
        status=OutboxMessage.Status.FAILED, attempts=0
    )
    return deliver(outbox_id)


def _as_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=message.to,
        headers=message.headers,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email
