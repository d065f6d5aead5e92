"""Sharing the restricted profile (and the company documents) with one customer.

The supplier's administrators decide, customer by customer: on the company
page's **Sharing** section, and when accepting an invitation or sending a
connection request. Every change goes through ``set_sharing``: it locks the
relationship, records the change on the relationship's timeline (both sides
see it) and in the company's audit log. Unsharing takes effect at once:
every page, export and email reads the relationship's current choice through
``customers.selectors.seen_by_customer``. A closing move of the relationship
ends the sharing too (``customers.services.relationships``).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.access import Need, SupplierAccessDenied, check_supplier_access
from accounts.models import Supplier, User
from customers.exceptions import SharingNotOpen
from customers.models import Relationship
from customers.services.relationships import note_event, record_sharing_change


@transaction.atomic
def set_sharing(*, relationship: Relationship, shared: bool, actor: User) -> Relationship:
    """Share the restricted profile with the relationship's customer, or stop sharing it.

    Only the supplier's administrators may; sharing needs an open
    relationship. The same choice again changes nothing and records nothing.
    """
    membership = check_supplier_access(actor, Need.ADMIN)
    relationship = Relationship.objects.locked().get(pk=relationship.pk)
    if membership.supplier_id != relationship.supplier_id:
        raise SupplierAccessDenied(_("You can only act for your own company."))
    if shared and not relationship.is_open:
        raise SharingNotOpen(customer_name=relationship.customer.name)
    if relationship.restricted_profile_shared == shared:
        return relationship
    relationship.restricted_profile_shared = shared
    relationship.save(update_fields=["restricted_profile_shared"])
    note_event(
        relationship=relationship,
        actor=actor,
        message=gettext_noop("Restricted profile shared")
        if shared
        else gettext_noop("Restricted profile no longer shared"),
    )
    record_sharing_change(relationship, actor=actor, shared=shared)
    return relationship


@transaction.atomic
def save_sharing(*, supplier: Supplier, actor: User, shared_customer_ids: set[int]) -> int:
    """The Sharing section: shared with exactly these customers, among the open relationships.

    Ids of customers the supplier has no open relationship with are ignored.
    Returns how many relationships changed.
    """
    check_supplier_access(actor, Need.ADMIN)
    changed = 0
    for relationship in Relationship.objects.for_supplier(supplier).open().order_by("pk"):
        shared = relationship.customer_id in shared_customer_ids
        if relationship.restricted_profile_shared != shared:
            set_sharing(relationship=relationship, shared=shared, actor=actor)
            changed += 1
    return changed
