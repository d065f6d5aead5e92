"""Sending one outbox row through the configured mailer, and recording the outcome.

Three steps, so that no transaction (and no row lock) is held while the
provider answers: claim the row (a short transaction: "sending", a lease and
a token), call the provider, record the outcome (a short transaction that
only writes if the claim is still ours).
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from csp_portal.logging import redact_url_secrets
from csp_portal.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)


def deliver(outbox_id: int) -> OutboxMessage | None:
    """Send one outbox row through the configured mailer and record the outcome.

    Returns ``None`` when the row is already sent, given up, or claimed by
    another sender whose lease still holds: sending twice is worse than waiting.
    """
    message = claim(outbox_id)
    if message is None:
        return None
    email = _as_email(message)
    try:
        mailers.default.send_messages([email])
    except Exception as error:  # any provider or network failure is retried later
        return _record_failure(message, error)
    return _record_success(message, email)


def claim(outbox_id: int, *, now=None) -> OutboxMessage | None:
    """Mark the row "sending" for ``MAIL_LEASE_SECONDS``; ``None`` if it is not ours to send.

    One conditional UPDATE: of two senders at once, the database lets one
    match the row and the other match nothing. A claim counts as an attempt,
    so a message that crashes its sender every time is given up in the end.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        claimed = (
            OutboxMessage.objects.claimable(now=now)
            .filter(pk=outbox_id)
            .update(
                status=OutboxMessage.Status.SENDING,
                lease_token=token,
                lease_expires_at=now + timedelta(seconds=settings.MAIL_LEASE_SECONDS),
                attempts=F("attempts") + 1,
            )
        )
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=outbox_id)


def send_again(outbox_id: int) -> OutboxMessage | None:
    """The operator's "send now": also retries a row the sweeper gave up on."""
    OutboxMessage.objects.filter(pk=outbox_id, status=OutboxMessage.Status.GIVEN_UP).update(
        status=OutboxMessage.Status.FAILED, attempts=0
    )
    return deliver(outbox_id)


def _record_failure(message: OutboxMessage, error: Exception) -> OutboxMessage | None:
    now = timezone.now()
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= settings.MAIL_MAX_ATTEMPTS:
        message.status = OutboxMessage.Status.GIVEN_UP
        message.next_attempt_at = None
        logger.error("Gave up on email %s after %s attempts", message.pk, message.attempts)
    else:
        message.status = OutboxMessage.Status.FAILED
        backoff = settings.MAIL_RETRY_BASE_SECONDS * 2 ** (message.attempts - 1)
        message.next_attempt_at = now + timedelta(seconds=backoff)
        logger.warning("Email %s failed (attempt %s): %s", message.pk, message.attempts, error)
    return _release(message, ["last_error", "next_attempt_at"])


def _record_success(message: OutboxMessage, email: EmailMultiAlternatives) -> OutboxMessage | None:
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.next_attempt_at = None
    status = getattr(email, "anymail_status", None)
    if status is not None and status.message_id is not None:
        message.provider_message_id = str(status.message_id)[:255]
    # Once sent, the stored copy keeps no link token (invitations: only a hash is kept).
    message.body_text = redact_url_secrets(message.body_text)
    message.body_html = redact_url_secrets(message.body_html)
    return _release(
        message,
        [
            "sent_at",
            "last_error",
            "next_attempt_at",
            "provider_message_id",
            "body_text",
            "body_html",
        ],
    )


def _release(message: OutboxMessage, fields: list[str]) -> OutboxMessage | None:
    """Write the outcome and end the lease, if the claim is still ours."""
    values = {field: getattr(message, field) for field in fields}
    written = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.SENDING, lease_token=message.lease_token
    ).update(status=message.status, lease_token=None, lease_expires_at=None, **values)
    if not written:
        # The lease ran out before the provider answered and another sender
        # claimed the row: its outcome is the one kept. MAIL_LEASE_SECONDS is
        # meant to be far longer than a provider's timeout.
        logger.error("Email %s: the claim expired before the provider answered", message.pk)
        return None
    message.lease_token = message.lease_expires_at = None
    return message


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
