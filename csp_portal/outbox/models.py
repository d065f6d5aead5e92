"""The outbox: every email is a row here before it is sent.

A row is written in the same transaction as the change that causes the mail,
so a rolled-back change sends nothing and a committed one cannot lose its
mail. A task sends the row after commit; ``manage.py send_pending_mail``
re-sends rows that failed or got stuck.

Sending claims the row first: a short transaction marks it "sending" with a
lease (``lease_expires_at``) and a token, then the provider is called outside
any transaction. While the lease holds nobody else sends the row; a process
that died mid-send leaves a lapsed lease, and the sweeper sends it again.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def due_for_retry(self, *, now=None) -> "OutboxMessageQuerySet":
        """Failed rows whose backoff has passed, and pending rows nobody sent."""
        now = now or timezone.now()
        stuck_before = now - timedelta(seconds=settings.MAIL_STUCK_AFTER_SECONDS)
        return self.filter(
            models.Q(status=OutboxMessage.Status.FAILED, next_attempt_at__lte=now)
            | models.Q(status=OutboxMessage.Status.PENDING, created_at__lte=stuck_before)
            | models.Q(status=OutboxMessage.Status.SENDING, lease_expires_at__lte=now)
        )

    def claimable(self, *, now) -> "OutboxMessageQuerySet":
        """Rows a sender may claim now: waiting, failed, or sending under a lapsed lease."""
        return self.filter(
            models.Q(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED])
            | models.Q(status=OutboxMessage.Status.SENDING, lease_expires_at__lte=now)
        )


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GIVEN_UP = "given_up", _("Given up")

    kind = models.CharField(
        _("kind"), max_length=100, blank=True, help_text=_("Which email this is.")
    )
    to = models.JSONField(_("to"), default=list)
    from_email = models.CharField(_("from"), max_length=255)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # While "sending": the claim's end, and whose claim it is (see the module docstring).
    lease_expires_at = models.DateTimeField(_("claimed until"), null=True, blank=True)
    lease_token = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The provider's id for the message, to match delivery webhooks.
    provider_message_id = models.CharField(
        _("provider message id"), max_length=255, blank=True, db_index=True
    )

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_retry_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
