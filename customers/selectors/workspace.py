"""Reads for the workspace's **To do** (customer admin site): what waits, one query each."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from customers.models import Customer, Invitation, Onboarding
from customers.models import invitations as invitation_conditions


@dataclass(frozen=True)
class InvitationsInTrouble:
    bounced: int
    expiring_soon: int


def invitations_in_trouble(customer: Customer, *, now: datetime) -> InvitationsInTrouble:
    """Waiting invitations that bounced, and those about to expire unanswered (one query)."""
    counts = Invitation.objects.for_customer(customer).aggregate(
        bounced=Count("pk", filter=invitation_conditions.bounced(now=now)),
        expiring_soon=Count("pk", filter=invitation_conditions.expiring_soon(now=now)),
    )
    return InvitationsInTrouble(**counts)


def answers_to_review(customer: Customer) -> int:
    """Suppliers' onboarding answers submitted and waiting for the customer (one query)."""
    return Onboarding.objects.for_customer(customer).waiting_for_review().count()
