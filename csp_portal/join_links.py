"""Emailed links that carry a secret token: customers' invitations and invitations to join a team.

The token is random (256 bits, 43 URL-safe characters); only its SHA-256
hash is stored, so a fast hash is enough and the lookup by hash is an
indexed equality. A followed link is remembered in the session (the
object's id and token hash) and the browser is sent on to a URL without the
token, so the token appears in no further request line, log or Referer; the
session stops working as soon as the object has a new token (sent again).

``JoinInvitation`` is the shape both sides' invitations to join a team share
(``accounts.TeamInvitation``, ``customers.CustomerTeamInvitation``): single
use, valid ``JOIN_LINK_DAYS`` days, sent again with a new link, withdrawn.
A bottom-layer module: it imports no app.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from csp_portal.errors import DomainError

JOIN_LINK_DAYS = 14
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_link_token() -> str:
    """A fresh token: ``secrets.token_urlsafe(32)``, 43 characters."""
    return secrets.token_urlsafe(32)


def hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_link_token(token: str) -> bool:
    """Has the shape of a token we issue (anything else is not worth a database lookup)."""
    return bool(_TOKEN_SHAPE.fullmatch(token or ""))


def remember_link(request: HttpRequest, key: str, obj: models.Model, **extra) -> None:
    """Remember in the session the object whose link this browser followed."""
    request.session[key] = {"id": obj.pk, "token_hash": obj.token_hash, **extra}


def remembered_link(request: HttpRequest, key: str, queryset: models.QuerySet):
    """The object remembered under ``key``, while its token is still the one followed."""
    remembered = request.session.get(key)
    if not isinstance(remembered, dict) or not isinstance(remembered.get("id"), int):
        return None
    obj = queryset.filter(pk=remembered["id"]).first()
    if obj is None or not constant_time_compare(
        obj.token_hash, str(remembered.get("token_hash", ""))
    ):
        return None
    return obj


class InvalidLink(DomainError):
    """No link of ours has this token: cut, changed, or replaced by a newer one."""

    def __init__(self) -> None:
        super().__init__(gettext("This link is not valid."))


class StillWaiting(DomainError):
    """An invitation to this address is still waiting for an answer: send it again instead."""

    def __init__(self, invitation: "JoinInvitation") -> None:
        super().__init__(
            gettext(
                "An invitation to %(email)s, sent on %(date)s, is still waiting for an answer. "
                "You can send it again with a new link."
            )
            % {
                "email": invitation.email,
                "date": date_format(timezone.localtime(invitation.sent_at)),
            }
        )


class JoinInvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "Withdrawn")


class JoinInvitationQuerySet(models.QuerySet):
    def pending(self) -> "JoinInvitationQuerySet":
        return self.filter(status=JoinInvitationStatus.PENDING)

    def waiting(self, *, now=None) -> "JoinInvitationQuerySet":
        """Pending and still within their time: the ones a team page lists."""
        return self.pending().filter(expires_at__gt=now or timezone.now())

    def with_token(self, token: str) -> "JoinInvitationQuerySet":
        return self.filter(token_hash=hash_link_token(token))

    def locked(self) -> "JoinInvitationQuerySet":
        return self.select_for_update(of=("self",))

    def to_send(self, **fields) -> "JoinInvitation":
        """The invitation to send for ``fields`` (a team and an address), locked: the pending
        one if it has expired (sent again), else a new one. ``StillWaiting`` while one waits."""
        invitation = self.locked().pending().filter(**fields).first()
        if invitation is None:
            return self.model(**fields, send_count=0)
        if invitation.is_waiting:
            raise StillWaiting(invitation)
        return invitation


class JoinInvitation(models.Model):
    """An invitation to join a team, sent to an email address (abstract).

    Stored statuses are pending, accepted and withdrawn; a pending one past
    ``expires_at`` is expired (nothing needs to record it: it only stops working).
    """

    Status = JoinInvitationStatus

    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    token_hash = models.CharField(_("link token hash"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=JoinInvitationStatus.choices,
        default=JoinInvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = JoinInvitationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.email

    def new_token(self, *, now=None) -> str:
        """Give the invitation a new link, valid ``JOIN_LINK_DAYS`` from now; returns the token.

        The previous link (and any session that followed it) stops working.
        """
        now = now or timezone.now()
        token = new_link_token()
        self.token_hash = hash_link_token(token)
        self.sent_at = now
        self.expires_at = now + timedelta(days=JOIN_LINK_DAYS)
        return token

    @property
    def is_expired(self) -> bool:
        return self.status == JoinInvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def is_waiting(self) -> bool:
        """Can still be accepted."""
        return self.status == JoinInvitationStatus.PENDING and not self.is_expired

    @property
    def shown_status(self) -> str:
        """pending, accepted, revoked, or expired (a pending link past its time)."""
        return "expired" if self.is_expired else self.status

    def check_not_answered(self) -> None:
        """Sending again or withdrawing: only before the invitation is accepted or withdrawn."""
        if self.status != JoinInvitationStatus.PENDING:
            self.check_waiting()

    def mark_revoked(self) -> None:
        self.check_not_answered()
        self.status, self.revoked_at = JoinInvitationStatus.REVOKED, timezone.now()
        self.save(update_fields=["status", "revoked_at"])

    def mark_accepted(self, *, by) -> None:
        self.check_waiting()
        self.status, self.accepted_at, self.accepted_by = (
            JoinInvitationStatus.ACCEPTED,
            timezone.now(),
            by,
        )
        self.save(update_fields=["status", "accepted_at", "accepted_by"])

    def check_waiting(self) -> None:
        """Refuse an answer to an invitation that no longer waits for one, saying why."""
        if self.is_waiting:
            return
        if self.status == JoinInvitationStatus.ACCEPTED:
            message = gettext("This invitation was already accepted: a link can be used only once.")
        elif self.status == JoinInvitationStatus.REVOKED:
            message = gettext("This invitation was withdrawn: its link no longer works.")
        else:
            message = gettext("This invitation has expired: ask for a new one.")
        raise DomainError(message)
