"""Rows that wait for a customer, made in bulk (for the To do counts and query counts)."""

import secrets
from datetime import timedelta

from django.utils import timezone

from accounts.models import Supplier
from connections.models import ConnectionRequest
from csp_portal.join_links import hash_link_token
from customers.models import Invitation, Onboarding, Questionnaire, Relationship
from tests.customers.onboarding_factories import make_questionnaire


def seed_waiting(customer, count: int, *, prefix: str = "Waiting") -> None:
    """``count`` of each: requests to answer (expiring in 3 days), answers to review,
    bounced invitations (expiring in 5 days)."""
    now = timezone.now()
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"{prefix} supplier {n:03d}") for n in range(2 * count)
    )
    requesting, onboarding = suppliers[:count], suppliers[count:]
    Relationship.objects.bulk_create(
        Relationship(
            supplier=supplier, customer=customer, state="requested", deadline=now + timedelta(3)
        )
        for supplier in requesting
    )
    ConnectionRequest.objects.bulk_create(
        ConnectionRequest(
            supplier=supplier,
            customer=customer,
            contact_email="buyer@acme.example",
            terms_version=1,
            expires_at=now + timedelta(days=3),
        )
        for supplier in requesting
    )
    questionnaire = Questionnaire.objects.current_for(customer) or _questionnaire(customer)
    relationships = Relationship.objects.bulk_create(
        Relationship(supplier=supplier, customer=customer, state="onboarding")
        for supplier in onboarding
    )
    Onboarding.objects.bulk_create(
        Onboarding(
            relationship=relationship,
            questionnaire=questionnaire,
            status="submitted",
            submitted_at=now,
        )
        for relationship in relationships
    )
    Invitation.objects.bulk_create(
        Invitation(
            customer=customer,
            email=f"{prefix.lower()}{n}@bounce.example",
            token_hash=hash_link_token(secrets.token_urlsafe(32)),
            sent_at=now - timedelta(days=25),
            expires_at=now + timedelta(days=5),
            bounced_at=now - timedelta(days=24),
        )
        for n in range(count)
    )


def _questionnaire(customer) -> Questionnaire:
    return make_questionnaire(customer, questions=[("Company name", "short_text", True, "", "")])
