"""Writing emails to the outbox, and sending outbox rows.

Every email of the portal goes through ``send_templated_email`` (our own
mail) or ``queue_message`` (mail rendered by a library, e.g. allauth). Both
write an ``OutboxMessage`` in the caller's transaction and enqueue the
sending task on commit.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from csp_portal.logging import redact_url_secrets
from csp_portal.models import OutboxMessage

logger = logging.getLogger(__name__)


def send_templated_email(
    *,
    template: str,
    to: str | list[str],
    context: dict,
    language: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Render ``emails/<template>_{subject.txt,body.txt,body.html}`` and queue it.

    ``language`` is the recipient's; without one, the active language is used.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", ctx).split())
        body_text = render_to_string(f"emails/{template}_body.txt", ctx).strip() + "\n"
        try:
            body_html = render_to_string(f"emails/{template}_body.html", ctx)
        except TemplateDoesNotExist:
            body_html = ""
    return queue_email(
        kind=template,
        to=recipients,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers,
        language=language,
    )


def queue_message(message: EmailMessage, *, kind: str, language: str = "") -> OutboxMessage:
    """Queue a message some library rendered (allauth's account emails)."""
    body_html = ""
    for alternative in getattr(message, "alternatives", []):
        if alternative.mimetype == "text/html":
            body_html = alternative.content
    body_text = message.body
    if message.content_subtype == "html":
        body_text, body_html = "", message.body
    return queue_email(
        kind=kind,
        to=list(message.to),
        subject=message.subject,
        body_text=body_text,
        body_html=body_html,
        from_email=message.from_email,
        headers=dict(message.extra_headers),
        language=language or translation.get_language() or "",
    )


def queue_email(
    *,
    kind: str,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
    language: str = "",
) -> OutboxMessage:
    message = OutboxMessage.objects.create(
        kind=kind,
        to=to,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        subject=subject[:998],
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        language=language,
    )
    transaction.on_commit(partial(_enqueue_delivery, message.pk))
    return message


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


def _enqueue_delivery(outbox_id: int) -> None:
    from csp_portal.tasks import send_outbox_message

    try:
        send_outbox_message.enqueue(outbox_id)
    except Exception:  # the sweeper picks the row up later; the change is committed
        logger.exception("Could not enqueue email %s", outbox_id)
