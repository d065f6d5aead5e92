"""Invitations: a customer emails a supplier a link to join the portal and connect.

An ``Invitation`` is addressed to an email. When that email belongs to an
existing supplier user, the supplier's relationship moves to INVITED at once
(``invited_supplier``); otherwise the invitation waits on its own, and whoever
accepts it, signed in, connects their company (``accepted_supplier``).

The link carries a random token; only its hash is stored
(``csp_portal.join_links``). ``customers/services/invitations.py`` performs every
change; this module holds the data, the constraints and the predicates.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Supplier
from csp_portal.errors import TransitionNotAllowed
from csp_portal.join_links import hash_link_token
from csp_portal.outbox.models import OutboxMessage
from customers.models.customer import Customer
from customers.models.relationships import EXPIRING_SOON_DAYS


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")
    EXPIRED = "expired", pgettext_lazy("invitation", "Expired")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")


# Every allowed move, written once. PENDING → PENDING and EXPIRED → PENDING:
# sent again with a new link.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    InvitationStatus.PENDING: frozenset(
        {
            InvitationStatus.PENDING,
            InvitationStatus.ACCEPTED,
            InvitationStatus.DECLINED,
            InvitationStatus.EXPIRED,
            InvitationStatus.REVOKED,
        }
    ),
    InvitationStatus.EXPIRED: frozenset({InvitationStatus.PENDING}),
    InvitationStatus.ACCEPTED: frozenset(),
    InvitationStatus.DECLINED: frozenset(),
    InvitationStatus.REVOKED: frozenset(),
}

# The moment each status was reached; the database holds it to these.
STATUS_DATE_FIELDS = {
    InvitationStatus.ACCEPTED: "accepted_at",
    InvitationStatus.DECLINED: "declined_at",
    InvitationStatus.EXPIRED: "expired_at",
    InvitationStatus.REVOKED: "revoked_at",
}


def waiting_for_answer(*, now) -> models.Q:
    """Pending and within its time (``Invitation.is_pending``)."""
    return models.Q(status=InvitationStatus.PENDING, expires_at__gt=now)


def bounced(*, now) -> models.Q:
    """Waiting, and its latest sending bounced (``Invitation.is_bounced``): check the address."""
    return (
        waiting_for_answer(now=now)
        & models.Q(bounced_at__isnull=False)
        & (models.Q(delivered_at__isnull=True) | models.Q(bounced_at__gte=models.F("delivered_at")))
    )


def expiring_soon(*, now) -> models.Q:
    """Waiting, and within ``EXPIRING_SOON_DAYS`` of its expiry."""
    return waiting_for_answer(now=now) & models.Q(
        expires_at__lt=now + timedelta(days=EXPIRING_SOON_DAYS)
    )


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def for_customer(self, customer: Customer) -> "InvitationQuerySet":
        return self.filter(customer=customer)

    def pending(self) -> "InvitationQuerySet":
        return self.filter(status=InvitationStatus.PENDING)

    def bounced(self, *, now=None) -> "InvitationQuerySet":
        return self.filter(bounced(now=now or timezone.now()))

    def expiring_soon(self, *, now=None) -> "InvitationQuerySet":
        return self.filter(expiring_soon(now=now or timezone.now()))

    def past_expiry(self, *, now=None) -> "InvitationQuerySet":
        return self.pending().filter(expires_at__lt=now or timezone.now())

    def locked(self) -> "InvitationQuerySet":
        """These rows, locked until the transaction ends, with what the services read of them."""
        return self.select_for_update(of=("self",)).select_related(
            "customer", "invited_by", "invited_supplier"
        )

    def with_token(self, token: str) -> "InvitationQuerySet":
        return self.filter(token_hash=hash_link_token(token))


class Invitation(models.Model):
    """One emailed invitation of a customer to a supplier, and what became of it."""

    Status = InvitationStatus

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("customer")
    )
    email = models.EmailField(_("email address"))
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the email"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    message = models.TextField(_("personal message"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    # The company of an existing supplier user the email belongs to, known when sending.
    invited_supplier = models.ForeignKey(
        Supplier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited supplier"),
    )
    token_hash = models.CharField(_("link token hash"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    expires_at = models.DateTimeField(_("expires"))
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    # The email of the latest sending, whose provider id delivery webhooks name.
    outbox_message = models.ForeignKey(
        OutboxMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("email"),
    )

    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=500, blank=True)
    complained_at = models.DateTimeField(_("marked as spam"), null=True, blank=True)
    opened_at = models.DateTimeField(_("link opened"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    new_link_requested_at = models.DateTimeField(
        _("new link asked for"),
        null=True,
        blank=True,
        help_text=_("When the holder of the expired link asked for a new one."),
    )

    accepted_supplier = models.ForeignKey(
        Supplier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_invitations",
        verbose_name=_("accepted by company"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    # Set when the account that accepted has another email than the invited one.
    accepted_with_email = models.EmailField(
        _("accepted with another email"),
        blank=True,
        help_text=_("The address of the account that accepted, when not the invited one."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "email"],
                condition=models.Q(status="pending"),
                name="invitation_one_pending_per_email",
            ),
            # An existing supplier follows one invitation at a time (its relationship is INVITED).
            models.UniqueConstraint(
                fields=["customer", "invited_supplier"],
                condition=models.Q(status="pending", invited_supplier__isnull=False),
                name="invitation_one_pending_per_supplier",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InvitationStatus.values),
                name="invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="pending")
                    | models.Q(status="accepted", accepted_at__isnull=False)
                    | models.Q(status="declined", declined_at__isnull=False)
                    | models.Q(status="expired", expired_at__isnull=False)
                    | models.Q(status="revoked", revoked_at__isnull=False)
                ),
                name="invitation_status_has_its_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="invitation_status_expiry"),
            models.Index(fields=["customer", "status"], name="invitation_customer_status"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_shown_status_display()})"

    # --- predicates the pages ask -----------------------------------------
    @property
    def is_pending(self) -> bool:
        """Waiting for an answer, and still within its time."""
        return self.status == InvitationStatus.PENDING and not self.is_past_expiry

    @property
    def is_past_expiry(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_expired(self) -> bool:
        """Expired, whether or not the hourly job has recorded it yet."""
        return self.status == InvitationStatus.EXPIRED or (
            self.status == InvitationStatus.PENDING and self.is_past_expiry
        )

    @property
    def is_bounced(self) -> bool:
        """The latest sending bounced: the customer should check the address."""
        return self.bounced_at is not None and (
            self.delivered_at is None or self.bounced_at >= self.delivered_at
        )

    @property
    def can_resend(self) -> bool:
        return self.can_move_to(InvitationStatus.PENDING)

    @property
    def can_revoke(self) -> bool:
        return self.is_pending

    @property
    def shown_status(self) -> str:
        """The status as the customer should read it (an expired, unrecorded one is expired)."""
        if self.is_expired:
            return InvitationStatus.EXPIRED
        return self.status

    @property
    def badge_tone(self) -> str:
        status = self.shown_status
        if status == InvitationStatus.ACCEPTED:
            return "ok"
        if status == InvitationStatus.PENDING:
            return "danger" if self.is_bounced else "warn"
        if status == InvitationStatus.REVOKED:
            return "danger"
        return "muted"

    def get_shown_status_display(self) -> str:
        return str(InvitationStatus(self.shown_status).label)

    def can_move_to(self, status: str) -> bool:
        return status in ALLOWED_MOVES[self.status]

    def check_can_move_to(self, status: str) -> None:
        if not self.can_move_to(status):
            raise self.not_waiting(target=status)

    def not_waiting(self, *, target: str) -> TransitionNotAllowed:
        """The refusal of a move this invitation cannot make: it no longer waits for one."""
        return TransitionNotAllowed(
            gettext(
                "The invitation to %(email)s is no longer waiting for an answer: it is %(status)s."
            )
            % {"email": self.email, "status": self.get_shown_status_display().lower()},
            current=self.status,
            target=target,
        )
