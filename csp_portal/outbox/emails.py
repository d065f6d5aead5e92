"""Writing emails to the outbox.

Every email of the portal goes through ``send_templated_email`` (our own
mail) or ``queue_message`` (mail rendered by a library, e.g. allauth). Both
write an ``OutboxMessage`` in the caller's transaction and enqueue the
sending task (``tasks.send_outbox_message``) on commit.
"""

import logging
import re
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import translation

from csp_portal.elision import elide, elide_html
from csp_portal.outbox.models import OutboxMessage
from csp_portal.outbox.tasks import send_outbox_message

logger = logging.getLogger(__name__)
_ONE_LINE = re.compile(r"[ \t\r\n\f\v]+")


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
        # One line; a no-break space (French « : ») is kept, unlike str.split()'s whitespace.
        subject = _ONE_LINE.sub(
            " ", render_plain_text(f"emails/{template}_subject.txt", ctx)
        ).strip()
        body_text = render_plain_text(f"emails/{template}_body.txt", ctx).strip() + "\n"
        try:
            body_html = render_to_string(f"emails/{template}_body.html", ctx)
        except TemplateDoesNotExist:
            body_html = ""
    if language.startswith("fr"):  # « d'Acme Industries »
        subject, body_text, body_html = elide(subject), elide(body_text), elide_html(body_html)
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


def render_plain_text(name: str, context: dict) -> str:
    """A subject or text body: nothing HTML-escaped, so "Dupont & Fils" reads as typed."""
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def _enqueue_delivery(outbox_id: int) -> None:
    try:
        send_outbox_message.enqueue(outbox_id)
    except Exception:  # the sweeper picks the row up later; the change is committed
        logger.exception("Could not enqueue email %s", outbox_id)
