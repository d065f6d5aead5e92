"""Helpers for the sharing tests: a supplier with a restricted profile, a relationship, sharing."""

from accounts import services as account_services
from customers import services
from customers.models import Relationship
from customers.services import sharing

RESTRICTED = {
    "legal_name": "Fournitures Test Holding SAS",
    "tax_id": "FR99887766554",
    "postal_address": "7 quai des Essais\n69002 Lyon",
    "phone": "+33 4 11 22 33 44",
    "contact_name": "Camille Restreinte",
    "contact_email": "camille.restreinte@fournitures.example",
}
# Values that appear only in the restricted profile (none of them is public).
RESTRICTED_MARKS = ["FR99887766554", "Fournitures Test Holding SAS", "camille.restreinte@"]


def give_restricted_profile(supplier) -> None:
    account_services.update_company_profile(supplier_id=supplier.pk, changes=RESTRICTED, actor=None)
    supplier.refresh_from_db()


def connect(supplier, customer, *, supplier_user, customer_admin=None) -> Relationship:
    """Request, then accept: the relationship is open (connected, or onboarding)."""
    services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )
    return services.connect(supplier=supplier, customer=customer, actor=customer_admin)


def share(relationship, actor, shared: bool = True) -> Relationship:
    return sharing.set_sharing(relationship=relationship, shared=shared, actor=actor)


def shows_restricted(text: str) -> bool:
    """Whether every restricted mark is in ``text``; fails loudly on a partial leak."""
    found = [mark in text for mark in RESTRICTED_MARKS]
    assert all(found) or not any(found), f"some restricted values leak: {found}"
    return all(found)
