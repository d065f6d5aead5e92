"""Teams: which customers a supplier's colleague may act for, and invitations to join a
customer's staff.

A supplier's member sees and acts for every customer of the company unless
an administrator limited them to a chosen list (``ColleagueAccess``: no row
means all customers; administrators always have all). The list is held by
the invitation to join until it is accepted, then by the membership.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import SupplierMember, TeamInvitation
from csp_portal.join_links import JoinInvitation
from customers.models.customer import Customer, CustomerMember


class ColleagueAccess(models.Model):
    """A supplier's colleague (or invited colleague) limited to a chosen list of customers."""

    membership = models.OneToOneField(
        SupplierMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="customer_access",
        verbose_name=_("colleague"),
    )
    invitation = models.OneToOneField(
        TeamInvitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="customer_access",
        verbose_name=pgettext_lazy("team", "invitation to join"),
    )
    customers = models.ManyToManyField(
        Customer, blank=True, related_name="+", verbose_name=_("customers")
    )

    class Meta:
        verbose_name = _("customers a colleague may act for")
        verbose_name_plural = _("customers colleagues may act for")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(membership__isnull=False, invitation__isnull=True)
                | models.Q(membership__isnull=True, invitation__isnull=False),
                name="colleague_access_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership or self.invitation)


class CustomerTeamInvitation(JoinInvitation):
    """A customer's admin (or the operator) invites a person to join the customer's staff."""

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="team_invitations",
        verbose_name=_("customer"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=CustomerMember.Role.choices,
        default=CustomerMember.Role.REVIEWER,
    )

    class Meta(JoinInvitation.Meta):
        verbose_name = _("invitation to join the staff")
        verbose_name_plural = _("invitations to join the staff")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "email"],
                condition=models.Q(status="pending"),
                name="customer_team_invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "accepted", "revoked"]),
                name="customer_team_invitation_status_valid",
            ),
        ]
