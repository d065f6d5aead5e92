"""Two people acting at the same moment, in two real PostgreSQL transactions."""

import pytest

from csp_portal.errors import DomainError
from customers import services
from customers.models import Relationship, RelationshipEvent, RelationshipState
from tests.concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_admins_accepting_at_once_make_one_transition_and_one_event(
    postgres, supplier, supplier_user, customer, customer_admin
):
    services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )

    outcomes = run_at_once(
        lambda: services.connect(supplier=supplier, customer=customer, actor=customer_admin),
        lambda: services.connect(supplier=supplier, customer=customer, actor=customer_admin),
    )

    accepted = [o for o in outcomes if isinstance(o, Relationship)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(accepted) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert Relationship.objects.get().state == RelationshipState.CONNECTED
    assert RelationshipEvent.objects.filter(to_state=RelationshipState.ACCEPTED).count() == 1
    assert RelationshipEvent.objects.filter(to_state=RelationshipState.CONNECTED).count() == 1


def test_two_first_requests_at_once_create_one_relationship(
    postgres, supplier, supplier_user, customer
):
    def request():
        return services.request_connection(
            supplier=supplier,
            customer=customer,
            actor=supplier_user,
            contact_email="a@acme.example",
        )

    outcomes = run_at_once(request, request)

    assert sum(isinstance(o, Relationship) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1, outcomes
    assert Relationship.objects.count() == 1
    assert RelationshipEvent.objects.count() == 1
