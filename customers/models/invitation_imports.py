"""Invitations from a file: the preview of each row, then what became of it when sent.

A customer admin uploads a spreadsheet of suppliers (``customers/invitation_csv.py``
reads it). An ``InvitationImport`` keeps one ``InvitationImportRow`` per row
with what will happen to it (``action``) and why (``reason``); **Send**
queues the rows to send, and a background task sends each one through
``send_invitation`` (or ``resend_invitation``) and records its ``outcome``.
``customers/services/invitation_imports.py`` makes every change.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from customers.models.customer import Customer
from customers.models.invitations import Invitation


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview: not sent yet")
    SENDING = "sending", _("Sending")
    DONE = "done", pgettext_lazy("invitations from a file", "Sent")


class RowAction(models.TextChoices):
    """What Send does with a row, decided when the file is read."""

    INVITE = "invite", _("Invite")
    RESEND = "resend", _("Already invited: send again?")
    SKIP = "skip", _("Skipped")
    ERROR = "error", _("Error")


class RowOutcome(models.TextChoices):
    """What became of a row when the invitations were sent ("" before)."""

    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Invitation sent")
    RESENT = "resent", _("Sent again with a new link")
    REFUSED = "refused", _("Not sent")


# Why a row is skipped, resent or wrong: the message, with its ``reason_params``.
REASONS = {
    "missing_email": _("No email address in this row."),
    "bad_email": _("“%(value)s” is not an email address."),
    "bad_language": _("Unknown language “%(value)s”: write en or fr, or leave it empty."),
    "company_too_long": _("The company name is longer than %(max)s characters."),
    "contact_too_long": _("The contact name is longer than %(max)s characters."),
    "duplicate": _("The same address as row %(line)s: invited once."),
    "already_invited": _("Invited on %(date)s; the invitation is waiting for an answer."),
    "company_invited": _(
        "Their company is already invited, at %(email)s; that invitation is waiting for an answer."
    ),
    "already_connected": _("%(supplier)s is already connected with you."),
    "already_requested": _(
        "%(supplier)s has asked to connect with you: answer their connection request."
    ),
}


class InvitationImportQuerySet(models.QuerySet["InvitationImport"]):
    def for_customer(self, customer: Customer) -> "InvitationImportQuerySet":
        return self.filter(customer=customer)


class InvitationImport(models.Model):
    """One uploaded file of suppliers to invite."""

    Status = ImportStatus

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="invitation_imports",
        verbose_name=_("customer"),
    )
    file_name = models.CharField(_("file"), max_length=255)
    # The rows' content, whatever the encoding: uploading the same list again is noticed.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    language = models.CharField(
        _("language of the page"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("Rows without a language are invited in it; messages are written in it."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sending_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)

    objects = InvitationImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitations from a file")
        verbose_name_plural = _("invitations from files")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values),
                name="invitation_import_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "fingerprint"], name="invitation_import_fingerprint")
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_preview(self) -> bool:
        return self.status == ImportStatus.PREVIEW

    @property
    def is_sending(self) -> bool:
        return self.status == ImportStatus.SENDING

    @property
    def is_done(self) -> bool:
        return self.status == ImportStatus.DONE


class InvitationImportRow(models.Model):
    """One row of the file: the supplier to invite, what Send does with it, what became of it."""

    Action = RowAction
    Outcome = RowOutcome

    invitation_import = models.ForeignKey(
        InvitationImport,
        on_delete=models.CASCADE,
        related_name="rows",
        verbose_name=_("invitations from a file"),
    )
    line = models.PositiveIntegerField(_("row"))
    email = models.CharField(_("email address"), max_length=254, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    action = models.CharField(_("what happens"), max_length=16, choices=RowAction.choices)
    reason = models.CharField(_("why"), max_length=32, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    # The invitation waiting for this address (to send again), then the one sent.
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation"),
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=RowOutcome.choices, blank=True)
    outcome_message = models.TextField(_("why not sent"), blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("row of invitations from a file")
        verbose_name_plural = _("rows of invitations from a file")
        ordering = ["invitation_import", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation_import", "line"], name="invitation_import_row_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=RowAction.values),
                name="invitation_import_row_action_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["invitation_import", "outcome"], name="invitation_import_row_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.email}"

    @property
    def reason_text(self) -> str:
        """Why the row is skipped, offered again or wrong, in the active language."""
        message = REASONS.get(self.reason)
        if message is None:
            return ""
        params = dict(self.reason_params)
        if "date" in params:  # stored as an ISO moment, shown in the reader's format
            moment = timezone.localtime(datetime.fromisoformat(params["date"]))
            params["date"] = date_format(moment, "DATE_FORMAT")
        try:
            return str(message) % params
        except (KeyError, TypeError, ValueError):
            return str(message)

    @property
    def is_error(self) -> bool:
        return self.action == RowAction.ERROR
