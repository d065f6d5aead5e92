"""What the customers app holds about a person, for their own download (JSON-ready)."""

from accounts.models import User
from accounts.selectors import audit_entry, iso
from customers.models import (
    CustomerAuditEvent,
    CustomerMember,
    Invitation,
    RelationshipEvent,
)


def personal_data(user: User) -> dict:
    membership = CustomerMember.objects.filter(user=user).select_related("customer").first()
    events = RelationshipEvent.objects.filter(actor=user).select_related(
        "relationship__supplier", "relationship__customer"
    )
    return {
        "customer_membership": membership
        and {
            "customer": membership.customer.name,
            "role": membership.role,
            "added_at": iso(membership.added_at),
        },
        "relationship_events": [
            {
                "at": iso(event.created_at),
                "supplier": event.relationship.supplier.name,
                "customer": event.relationship.customer.name,
                "what": event.description,
                "note": event.note,
            }
            for event in events.order_by("created_at", "pk")
        ],
        "customer_audit_entries": [
            audit_entry(event, customer=event.customer.name)
            for event in CustomerAuditEvent.objects.filter(actor=user).select_related("customer")
        ],
        "invitations_sent_to_suppliers": [
            {
                "at": iso(invitation.sent_at),
                "customer": invitation.customer.name,
                "email": invitation.email,
                "status": invitation.shown_status,
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related("customer")
        ],
    }
