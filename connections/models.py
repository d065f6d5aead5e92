"""Connection requests: a supplier asks a customer to connect.

A ``ConnectionRequest`` is the record of one request: who asked, which
Customer Contact they named, which version of the customer's terms they
accepted, and how it ended. The supplier-customer ``Relationship`` (customers
app) carries the state every page reads; ``connections/services.py`` moves
both together.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Supplier
from csp_portal.errors import TransitionNotAllowed
from customers.models import EXPIRING_SOON_DAYS, Customer, CustomerTerms


class ConnectionRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


Status = ConnectionRequestStatus
# Every allowed move, written once: only a pending request can end, once.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.ACCEPTED, Status.REJECTED, Status.EXPIRED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.EXPIRED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


def waiting_for_answer(*, now) -> models.Q:
    """Pending and still within its time: the customer should answer."""
    return models.Q(status=Status.PENDING, expires_at__gte=now)


def expiring_soon(*, now) -> models.Q:
    """Waiting for an answer, and within ``EXPIRING_SOON_DAYS`` of its deadline."""
    return waiting_for_answer(now=now) & models.Q(
        expires_at__lt=now + timedelta(days=EXPIRING_SOON_DAYS)
    )


class ConnectionRequestQuerySet(models.QuerySet["ConnectionRequest"]):
    def for_supplier(self, supplier: Supplier) -> "ConnectionRequestQuerySet":
        return self.filter(supplier=supplier)

    def for_customer(self, customer: Customer) -> "ConnectionRequestQuerySet":
        return self.filter(customer=customer)

    def pending(self) -> "ConnectionRequestQuerySet":
        return self.filter(status=Status.PENDING)

    def waiting_for_answer(self, *, now=None) -> "ConnectionRequestQuerySet":
        return self.filter(waiting_for_answer(now=now or timezone.now()))

    def expiring_soon(self, *, now=None) -> "ConnectionRequestQuerySet":
        return self.filter(expiring_soon(now=now or timezone.now()))

    def newest_first(self) -> "ConnectionRequestQuerySet":
        return self.order_by("-requested_at", "-pk")

    def sent_since(self, moment) -> "ConnectionRequestQuerySet":
        return self.filter(requested_at__gte=moment)

    def past_deadline(self, *, now=None) -> "ConnectionRequestQuerySet":
        return self.pending().filter(expires_at__lt=now or timezone.now())

    def due_for_reminder(self, *, pending_since, now=None) -> "ConnectionRequestQuerySet":
        """Pending since before ``pending_since``, not reminded yet, not past the deadline."""
        return self.pending().filter(
            requested_at__lte=pending_since,
            reminded_at__isnull=True,
            expires_at__gte=now or timezone.now(),
        )


class ConnectionRequest(models.Model):
    """One connection request from a supplier to a customer."""

    Status = ConnectionRequestStatus

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="connection_requests",
        verbose_name=_("supplier"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="connection_requests",
        verbose_name=_("customer"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    contact_email = models.EmailField(_("Customer Contact"))
    terms_version = models.PositiveIntegerField(_("terms version accepted"))
    # The exact text accepted (null: the customer had written no terms, or the request
    # predates the keeping of each version, when only the number was recorded).
    terms = models.ForeignKey(
        CustomerTerms,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="connection_requests",
        verbose_name=_("terms accepted"),
    )
    terms_language = models.CharField(
        _("language of the terms read"),
        max_length=8,
        blank=True,
        help_text=_("The language of the version of the terms the supplier was shown."),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    expires_at = models.DateTimeField(_("expires"))
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)

    objects = ConnectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # A double submit, or two colleagues at once, make one request.
            models.UniqueConstraint(
                fields=["supplier", "customer"],
                condition=models.Q(status="pending"),
                name="connection_request_one_pending_per_pair",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ConnectionRequestStatus.values),
                name="connection_request_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="connection_request_decided_iff_not_pending",
            ),
        ]
        indexes = [
            models.Index(fields=["supplier", "requested_at"], name="conn_request_supplier_time"),
            models.Index(
                fields=["customer", "status", "requested_at"], name="conn_request_customer_status"
            ),
            models.Index(fields=["status", "expires_at"], name="conn_request_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.customer} ({self.get_status_display()})"

    # --- predicates the pages ask -----------------------------------------
    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == Status.ACCEPTED

    @property
    def is_rejected(self) -> bool:
        return self.status == Status.REJECTED

    @property
    def badge_tone(self) -> str:
        return {
            Status.PENDING: "warn",
            Status.ACCEPTED: "ok",
            Status.REJECTED: "danger",
        }.get(self.status, "muted")

    def can_move_to(self, status: str) -> bool:
        return status in ALLOWED_MOVES[self.status]

    def check_can_move_to(self, status: str) -> None:
        if not self.can_move_to(status):
            raise self.not_pending(target=status)

    def not_pending(self, *, target: str) -> TransitionNotAllowed:
        """The refusal of a move this request cannot make: it is no longer pending."""
        return TransitionNotAllowed(
            gettext("This request is no longer pending: its status is %(status)s.")
            % {"status": str(self.get_status_display()).lower()},
            current=self.status,
            target=target,
        )
