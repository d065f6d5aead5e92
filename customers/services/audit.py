"""The customer's audit log: one entry per change to its settings or staff."""

from accounts.models import User
from csp_portal.audit import changed_values
from customers.models import Customer, CustomerAuditEvent


def record_customer_change(
    *,
    customer: Customer,
    actor: User | None,
    action: str,
    message: str,
    params: dict | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> CustomerAuditEvent | None:
    """Write one entry of the customer's audit log, in the caller's transaction.

    As ``accounts.services.record_company_change``: only values that differ
    are kept, and a change that changes nothing writes nothing.
    """
    before, after = before or {}, after or {}
    if before or after:
        before, after = changed_values(before, after)
        if not before and not after:
            return None
    return CustomerAuditEvent.objects.create(
        customer=customer,
        actor=actor,
        action=action,
        message=message,
        params=params or {},
        before=before,
        after=after,
    )
