"""Writes for accounts: registering a supplier company."""

from django.db import transaction

from accounts.models import Supplier, SupplierMember, User


@transaction.atomic
def register_supplier(*, user: User, company_name: str) -> Supplier:
    """Create the supplier company of a new user and make the user its admin."""
    supplier = Supplier.objects.create(name=company_name.strip())
    SupplierMember.objects.create(supplier=supplier, user=user, role=SupplierMember.Role.ADMIN)
    return supplier
