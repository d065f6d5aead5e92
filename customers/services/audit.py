"""The customer's audit log: one entry per change to its settings or staff."""

from accounts.models import User
from csp_portal.audit import record_change
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
    """Write one entry of the customer's audit log (``csp_portal.audit.record_change``)."""
    return record_change(
        CustomerAuditEvent,
        customer=customer,
        actor=actor,
        action=action,
        message=message,
        params=params,
        before=before,
        after=after,
    )
