"""The people of a supplier company: members and their roles, requests to join, invitations
to join, and the company's audit log."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models.companies import Supplier
from accounts.models.users import User
from csp_portal.audit import AuditEvent
from csp_portal.errors import TransitionNotAllowed
from csp_portal.join_links import JoinInvitation


class SupplierMemberQuerySet(models.QuerySet["SupplierMember"]):
    def active(self) -> "SupplierMemberQuerySet":
        return self.filter(deactivated_at__isnull=True)

    def admins(self) -> "SupplierMemberQuerySet":
        """The active administrators (a deactivated one administers nothing)."""
        return self.active().filter(role=SupplierMember.Role.ADMIN)


class SupplierMember(models.Model):
    """A user's place in their supplier company. A user works for one company."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="members", verbose_name=_("supplier")
    )
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="supplier_membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    can_manage_connections = models.BooleanField(
        _("may manage customer connections"),
        default=False,
        help_text=_("Members with this right may send and withdraw connection requests."),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    # A deactivated colleague keeps their place and history but may not act;
    # an administrator can reactivate them.
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    deactivated_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deactivated by"),
    )

    objects = SupplierMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier member")
        verbose_name_plural = _("supplier members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "member"]), name="supplier_member_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.supplier} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    @property
    def is_deactivated(self) -> bool:
        return self.deactivated_at is not None

    @property
    def may_manage_connections(self) -> bool:
        return self.is_admin or self.can_manage_connections


class JoinRequestQuerySet(models.QuerySet["JoinRequest"]):
    def for_supplier(self, supplier: Supplier) -> "JoinRequestQuerySet":
        return self.filter(supplier=supplier)

    def pending(self) -> "JoinRequestQuerySet":
        return self.filter(status=JoinRequest.Status.PENDING)

    def open(self) -> "JoinRequestQuerySet":
        return self.filter(status__in=JoinRequest.OPEN_STATUSES)


class JoinRequest(models.Model):
    """Someone who signed up with an address on a company's domain asks to join it.

    The request waits for the requester to confirm their address, then for an
    administrator of the company to approve it (the requester becomes a
    member) or to decline it.
    """

    class Status(models.TextChoices):
        AWAITING_EMAIL = "awaiting_email", _("Waiting for the email address to be confirmed")
        PENDING = "pending", _("Waiting for an administrator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    ALLOWED_MOVES = {
        Status.AWAITING_EMAIL: {Status.PENDING},
        Status.PENDING: {Status.APPROVED, Status.DECLINED},
    }
    OPEN_STATUSES = (Status.AWAITING_EMAIL, Status.PENDING)

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("supplier"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("user")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.AWAITING_EMAIL
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["awaiting_email", "pending"]),
                name="join_request_one_open_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["awaiting_email", "pending", "approved", "declined"]
                ),
                name="join_request_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.supplier} ({self.get_status_display()})"

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED_MOVES.get(self.status, set())

    def check_can_move_to(self, status: str) -> None:
        if self.can_move_to(status):
            return
        message = (
            _("This request is not ready: the person has not confirmed their email address.")
            if self.status == self.Status.AWAITING_EMAIL
            else _("This request has already been answered.")
        )
        raise TransitionNotAllowed(message, current=self.status, target=status)


class SupplierAuditEventQuerySet(models.QuerySet["SupplierAuditEvent"]):
    def for_supplier(self, supplier: Supplier) -> "SupplierAuditEventQuerySet":
        return self.filter(supplier=supplier)


class SupplierAuditEvent(AuditEvent):
    """A change to a supplier company (profile, domains, sharing, team), for its admins."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="audit_events", verbose_name=_("supplier")
    )

    objects = SupplierAuditEventQuerySet.as_manager()
    changed_model = Supplier

    class Meta(AuditEvent.Meta):
        verbose_name = _("company audit event")
        verbose_name_plural = _("company audit log")
        indexes = [models.Index(fields=["supplier", "-created_at"], name="supplier_audit_time")]


# --- Company documents ---------------------------------------------------------


class TeamInvitation(JoinInvitation):
    """An administrator invites a colleague to join the supplier company (a join link).

    The role and rights are chosen when inviting; the customers the colleague
    may act for are the customers app's (``customers.ColleagueAccess``).
    """

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="team_invitations",
        verbose_name=_("supplier"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=SupplierMember.Role.choices,
        default=SupplierMember.Role.MEMBER,
    )
    can_manage_connections = models.BooleanField(
        _("may manage customer connections"), default=False
    )

    class Meta(JoinInvitation.Meta):
        verbose_name = pgettext_lazy("team", "invitation to join")
        verbose_name_plural = pgettext_lazy("team", "invitations to join")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "email"],
                condition=models.Q(status="pending"),
                name="team_invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "accepted", "revoked"]),
                name="team_invitation_status_valid",
            ),
        ]

    @property
    def is_admin(self) -> bool:
        return self.role == SupplierMember.Role.ADMIN

    @property
    def may_manage_connections(self) -> bool:
        return self.is_admin or self.can_manage_connections
