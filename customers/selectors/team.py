"""Reads for the supplier's Team page: colleagues with their customers, invitations, log."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import (
    JoinRequest,
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    TeamInvitation,
)
from customers.models import Customer


@dataclass(frozen=True)
class Colleague:
    """A member (or an invited colleague) and the customers they act for (None: all)."""

    holder: SupplierMember | TeamInvitation
    customers: list[Customer] | None


def colleagues(supplier: Supplier) -> list[Colleague]:
    """The company's members, administrators first, with their customers (2 queries)."""
    members = (
        SupplierMember.objects.filter(supplier=supplier)
        .select_related("user", "customer_access")
        .prefetch_related("customer_access__customers")
        .order_by("role", "user__full_name", "user__email")
    )
    return [Colleague(member, _customers(member)) for member in members]


def invited_colleagues(supplier: Supplier) -> list[Colleague]:
    """Invitations to join not answered yet (expired ones too: they can be sent again)."""
    invitations = (
        TeamInvitation.objects.filter(supplier=supplier)
        .pending()
        .select_related("invited_by", "customer_access")
        .prefetch_related("customer_access__customers")
    )
    return [Colleague(invitation, _customers(invitation)) for invitation in invitations]


def join_requests(supplier: Supplier) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.for_supplier(supplier).pending().select_related("user")


def team_log(supplier: Supplier) -> QuerySet[SupplierAuditEvent]:
    """The company's audit entries about its team, newest first."""
    return (
        SupplierAuditEvent.objects.for_supplier(supplier)
        .filter(action__startswith="team.")
        .select_related("actor")
    )


def _customers(holder) -> list[Customer] | None:
    access = getattr(holder, "customer_access", None)
    if access is None:
        return None
    return sorted(access.customers.all(), key=lambda customer: customer.name)
