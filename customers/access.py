"""Which customers a supplier's colleague may see and act for: the customers' side of
the supplier guard (``accounts.access``).

An administrator, and a member without a ``ColleagueAccess`` row, act for
every customer of their company; a member with one, only for the customers
it lists. Any other customer does not exist for them: a page that names it
is a 404, also by URL (``supplier_customer_required``), lists leave it out
(``CustomerScope.filter``), and services refuse to act for it
(``check_customer_access``, in words, for the flows where the customer's
name is already on the page: an emailed invitation).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.access import Need, SupplierAccessDenied, check_supplier_access, supplier_required
from accounts.models import SupplierMember, User
from customers.models import ColleagueAccess, Customer


@dataclass(frozen=True)
class CustomerScope:
    """The customers a colleague may see and act for; ``customer_ids`` None: all of them."""

    customer_ids: frozenset[int] | None = None

    @property
    def is_all(self) -> bool:
        return self.customer_ids is None

    def allows(self, customer_id: int) -> bool:
        return self.customer_ids is None or customer_id in self.customer_ids

    def filter(self, queryset: QuerySet, field: str = "customer") -> QuerySet:
        """``queryset`` without the rows of customers outside the scope."""
        if self.customer_ids is None:
            return queryset
        return queryset.filter(**{f"{field}__in": self.customer_ids})


ALL_CUSTOMERS = CustomerScope()


def customer_scope(membership: SupplierMember) -> CustomerScope:
    """The member's scope (one query, remembered on the membership object)."""
    cached = getattr(membership, "_customer_scope", None)
    if cached is not None:
        return cached
    scope = ALL_CUSTOMERS
    if not membership.is_admin:
        # No row: []; a row: the customers' ids, or [None] when it lists none.
        rows = list(
            ColleagueAccess.objects.filter(membership_id=membership.pk).values_list(
                "customers", flat=True
            )
        )
        if rows:
            scope = CustomerScope(frozenset(pk for pk in rows if pk is not None))
    membership._customer_scope = scope
    return scope


def supplier_customer_required(
    need: Need = Need.MEMBER, *, verified_email: bool = False
) -> Callable[[Callable], Callable]:
    """``supplier_required``, then the customer the URL names (``customer_id``) must be in
    the member's scope: any other is a 404. A view without a ``customer_id`` passes."""

    def decorator(view: Callable) -> Callable:
        @supplier_required(need, verified_email=verified_email)
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            customer_id = kwargs.get("customer_id")
            if customer_id is not None and not customer_scope(request.membership).allows(
                customer_id
            ):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def check_customer_access(
    user: User, customer: Customer, need: Need = Need.MEMBER, *, verified_email: bool = False
) -> SupplierMember:
    """For services: ``check_supplier_access``, then the customer must be in the user's scope."""
    membership = check_supplier_access(user, need, verified_email=verified_email)
    if not customer_scope(membership).allows(customer.pk):
        raise SupplierAccessDenied(out_of_scope_message(membership, customer))
    return membership


def out_of_scope_message(membership: SupplierMember, customer: Customer) -> str:
    return _(
        "The administrators of %(supplier)s chose the customers you act for, and %(customer)s "
        "is not one of them. Ask an administrator for access."
    ) % {"supplier": membership.supplier.name, "customer": customer.name}
