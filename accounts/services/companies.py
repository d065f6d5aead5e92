"""Writes of a supplier company: registering it, its profile, and its audit log."""

import logging

from django.db import transaction
from django.utils.translation import gettext_noop

from accounts.access import (
    Need,
    SupplierAccessDenied,
    check_supplier_access,
    refusal_message,
    supplier_membership,
)
from accounts.models import (
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    User,
)
from csp_portal.audit import field_values, record_change

logger = logging.getLogger(__name__)


PROFILE_FIELDS = Supplier.PUBLIC_PROFILE_FIELDS + Supplier.RESTRICTED_PROFILE_FIELDS


@transaction.atomic
def register_supplier(*, user: User, company_name: str) -> Supplier:
    """Create the supplier company of a new user and make the user its admin."""
    supplier = Supplier.objects.create(name=company_name.strip())
    SupplierMember.objects.create(supplier=supplier, user=user, role=SupplierMember.Role.ADMIN)
    return supplier


@transaction.atomic
def update_company_profile(
    *, supplier_id: int, changes: dict[str, object], actor: User | None
) -> Supplier:
    """Set the profile fields given in ``changes`` (public and restricted alike).

    The audit log gets one entry with the fields that changed (none: no entry).
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    supplier = Supplier.objects.select_for_update().get(pk=supplier_id)
    before = field_values(supplier, changes)
    for field, value in changes.items():
        setattr(supplier, field, value)
    supplier.save(update_fields=list(changes))
    record_company_change(
        supplier=supplier,
        actor=actor,
        action="profile.changed",
        message=gettext_noop("Company profile changed"),
        before=before,
        after=field_values(supplier, changes),
    )
    return supplier


def record_company_change(
    *,
    supplier: Supplier,
    actor: User | None,
    action: str,
    message: str,
    params: dict | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> SupplierAuditEvent | None:
    """Write one entry of the company's audit log (``csp_portal.audit.record_change``)."""
    return record_change(
        SupplierAuditEvent,
        supplier=supplier,
        actor=actor,
        action=action,
        message=message,
        params=params,
        before=before,
        after=after,
    )


def who(user: User) -> dict[str, object]:
    """How an audit entry names a person (``user_id`` lets their deletion forget the name)."""
    return {"user_id": user.pk, "name": user.get_full_name(), "email": user.email}


def check_admin_of(actor: User | None, supplier: Supplier) -> None:
    """A change by a person (not the system) needs an admin of this company."""
    if actor is None:
        return
    if check_supplier_access(actor, Need.ADMIN).supplier_id != supplier.pk:
        raise SupplierAccessDenied(refusal_message(supplier_membership(actor), Need.ADMIN))
