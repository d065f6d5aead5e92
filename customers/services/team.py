"""A supplier's team, with the customers each colleague may act for.

``accounts.team`` runs the team (join links, roles, rights, deactivation,
leaving); the accounts app cannot see customers, so this module adds, in the
same transaction and the same audit entry, which customers an invited or
current member may see and act for (``ColleagueAccess``: none means all
customers; administrators always have all). Nobody grants more than they
have: only customers in the acting person's own scope can be granted.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext

from accounts import team
from accounts.access import Need, check_supplier_access
from accounts.exceptions import AccountsError
from accounts.models import Supplier, SupplierMember, TeamInvitation, User
from customers.access import customer_scope
from customers.models import ColleagueAccess, Customer

Role = SupplierMember.Role
ALL = "all"  # how the audit log records "all customers"


@transaction.atomic
def invite_colleague(
    *,
    supplier: Supplier,
    actor: User,
    email: str,
    full_name: str = "",
    role: str = Role.MEMBER,
    can_manage_connections: bool = False,
    customers: Iterable[Customer] | None = None,
) -> TeamInvitation:
    """Invite a colleague; ``customers`` None: all customers (always, for an administrator)."""
    customers = _granted(actor, role=role, customers=customers)
    invitation = team.invite_colleague(
        supplier=supplier,
        actor=actor,
        email=email,
        full_name=full_name,
        role=role,
        can_manage_connections=can_manage_connections,
        audit_extra={"customers": _audit_value(customers)},
    )
    ColleagueAccess.objects.filter(invitation=invitation).delete()  # a replaced expired one
    if customers is not None:
        ColleagueAccess.objects.create(invitation=invitation).customers.set(customers)
    return invitation


@transaction.atomic
def join_team(*, invitation: TeamInvitation, user: User) -> SupplierMember:
    """The invited person joins, with the customers chosen when they were invited."""
    access = ColleagueAccess.objects.filter(invitation=invitation).first()
    customers = list(access.customers.all()) if access else None
    membership = team.accept_team_invitation(
        invitation=invitation, user=user, audit_extra={"customers": _audit_value(customers)}
    )
    if access is not None:
        access.invitation, access.membership = None, membership
        access.save(update_fields=["invitation", "membership"])
    return membership


@transaction.atomic
def update_member(
    *,
    membership: SupplierMember,
    actor: User,
    role: str,
    can_manage_connections: bool,
    customers: Iterable[Customer] | None = None,
) -> SupplierMember:
    """Set a colleague's role, right to manage connections and customers, in one audit entry."""
    customers = _granted(actor, role=role, customers=customers)
    before = granted_customers(membership)
    membership = team.change_member(
        membership=membership,
        actor=actor,
        role=role,
        can_manage_connections=can_manage_connections,
        audit_before={"customers": _audit_value(before)},
        audit_after={"customers": _audit_value(customers)},
    )
    ColleagueAccess.objects.filter(membership=membership).delete()
    if customers is not None:
        ColleagueAccess.objects.create(membership=membership).customers.set(customers)
    return membership


def granted_customers(holder: SupplierMember | TeamInvitation) -> list[Customer] | None:
    """The customers a member (or an invited colleague) may act for; None: all of them."""
    if isinstance(holder, SupplierMember):
        access = ColleagueAccess.objects.filter(membership=holder).first()
    else:
        access = ColleagueAccess.objects.filter(invitation=holder).first()
    return list(access.customers.order_by("name")) if access else None


def _granted(actor: User, *, role: str, customers: Iterable[Customer] | None):
    """The customers to grant, checked against the actor's own (None: all)."""
    if role == Role.ADMIN or customers is None:
        customers = None
    else:
        customers = sorted(set(customers), key=lambda customer: (customer.name, customer.pk))
    acting = check_supplier_access(actor, Need.ADMIN)
    scope = customer_scope(acting)
    wanted_all = customers is None
    if (wanted_all and not scope.is_all) or not all(scope.allows(c.pk) for c in customers or []):
        raise AccountsError(gettext("You cannot give a colleague more rights than you have."))
    return customers


def _audit_value(customers: list[Customer] | None) -> str | list[str]:
    return ALL if customers is None else [customer.name for customer in customers]
