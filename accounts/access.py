"""Who may use the supplier side: the rules, written once, for views and for services.

A user works for at most one supplier company (``SupplierMember``). Three
rules decide what they may do there, each refused with one message:

- ``MEMBER``: the page is for a supplier's staff at all;
- ``MANAGE_CONNECTIONS``: sending and withdrawing connection requests,
  answering invitations and onboarding questions, ending a relationship —
  administrators, and colleagues they allowed;
- ``ADMIN``: the company itself (profile, domains, its team and who may do what).

Sending a connection request also needs a verified email address. A
deactivated colleague may do nothing until an administrator reactivates them.
Which customers a member may see and act for is the customers app's scope
(``customers.access``), checked after these rules.

Views use ``supplier_required`` (it sets ``request.membership``); services
call ``check_supplier_access`` with the acting user, so a service refuses
what its page refuses, with the same words. Refusals are 403s
(``SupplierAccessDenied`` is a ``PermissionDenied``) with an explanation.
"""

from collections.abc import Callable
from enum import Enum
from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import SupplierMember, User


class Need(Enum):
    MEMBER = "member"
    MANAGE_CONNECTIONS = "manage_connections"
    ADMIN = "admin"


class SupplierAccessDenied(PermissionDenied):
    """The user may not do this on the supplier side; ``message`` says why, for them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def supplier_membership(user: User) -> SupplierMember | None:
    """The user's active place in their company, with the company; None for anyone else."""
    membership = membership_of(user)
    return None if membership is None or membership.is_deactivated else membership


def membership_of(user: User) -> SupplierMember | None:
    """The user's membership, deactivated or not (``require`` says why a deactivated one may not act)."""
    if not user.is_authenticated or not user.is_active:
        return None
    load_memberships(user)
    return _MEMBERSHIP.get_cached_value(user)


_MEMBERSHIP = User._meta.get_field("supplier_membership")
# The customers app's side of a user (customers.CustomerMember), named here only to be
# read in the same query: the header's Setup menu needs both on every page.
MEMBERSHIPS = ("supplier_membership__supplier", "customer_membership__customer")


def load_memberships(user: User) -> None:
    """Read the user's membership of a supplier and of a customer (with the company) in one
    query, fresh, and cache both on ``user``, where the page and its header find them."""
    loaded = User.objects.select_related(*MEMBERSHIPS).get(pk=user.pk)
    for name in MEMBERSHIPS:
        relation = User._meta.get_field(name.split("__")[0])
        relation.set_cached_value(user, relation.get_cached_value(loaded, default=None))


def may(membership: SupplierMember | None, need: Need) -> bool:
    if membership is None or membership.is_deactivated:
        return False
    if need is Need.ADMIN:
        return membership.is_admin
    if need is Need.MANAGE_CONNECTIONS:
        return membership.may_manage_connections
    return True


def require(
    membership: SupplierMember | None, need: Need = Need.MEMBER, *, verified_email: bool = False
) -> SupplierMember:
    """The membership, if it allows ``need``; else ``SupplierAccessDenied`` saying which rule."""
    if membership is None or membership.is_deactivated:
        raise SupplierAccessDenied(_no_membership_message(membership))
    if not may(membership, need):
        raise SupplierAccessDenied(refusal_message(membership, need))
    if verified_email and not _has_verified_email(membership.user_id):
        raise SupplierAccessDenied(
            _(
                "Verify your email address before sending connection requests: follow the link "
                "in the email we sent you, or ask for a new one under Email addresses."
            )
        )
    return membership


def check_supplier_access(
    user: User, need: Need = Need.MEMBER, *, verified_email: bool = False
) -> SupplierMember:
    """For services: the acting user's membership, checked with the same rules as the pages."""
    return require(membership_of(user), need, verified_email=verified_email)


def supplier_required(
    need: Need = Need.MEMBER, *, verified_email: bool = False
) -> Callable[[Callable], Callable]:
    """View decorator: sign-in first, then ``require``; the view reads ``request.membership``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            request.membership = require(
                membership_of(request.user), need, verified_email=verified_email
            )
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def deactivated_message(membership: SupplierMember) -> str:
    return _(
        "Your access to %(supplier)s was deactivated by its administrators. Ask one of them "
        "to reactivate it."
    ) % {"supplier": membership.supplier.name}


def not_a_supplier_message() -> str:
    return _(
        "This is for the staff of a supplier company, and your account does not belong to one. "
        "Log in with a supplier account, or create one."
    )


def refusal_message(membership: SupplierMember, need: Need) -> str:
    """Why this member may not do what ``need`` names (also shown on pages as a notice)."""
    supplier = membership.supplier.name
    if need is Need.ADMIN:
        return _("Only the administrators of %(supplier)s can change this.") % {
            "supplier": supplier
        }
    return _(
        "Only an administrator of %(supplier)s, or a colleague they allowed to manage customer "
        "connections, can act on customer connections. Ask an administrator for this right."
    ) % {"supplier": supplier}


def _no_membership_message(membership: SupplierMember | None) -> str:
    if membership is not None:
        return deactivated_message(membership)
    return not_a_supplier_message()


def _has_verified_email(user_id: int) -> bool:
    return EmailAddress.objects.filter(user_id=user_id, verified=True).exists()
