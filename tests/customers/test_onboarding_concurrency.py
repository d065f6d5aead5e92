"""Two admins accepting at the same moment, in two real PostgreSQL transactions."""

import pytest

from csp_portal.errors import DomainError
from customers import services
from customers.models import Onboarding, Relationship, RelationshipEvent, RelationshipState
from tests.concurrency import run_at_once
from tests.customers.onboarding_factories import make_questionnaire
from tests.factories import make_customer_admin

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_accepts_at_once_start_one_onboarding(
    postgres, supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(customer)
    colleague = make_customer_admin("colleague@acme.example", customer=customer)
    services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )

    outcomes = run_at_once(
        lambda: services.connect(supplier=supplier, customer=customer, actor=customer_admin),
        lambda: services.connect(supplier=supplier, customer=customer, actor=colleague),
    )

    assert sum(isinstance(o, Relationship) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1, outcomes
    assert Relationship.objects.get().state == RelationshipState.ONBOARDING
    assert Onboarding.objects.count() == 1
    assert RelationshipEvent.objects.filter(to_state=RelationshipState.ACCEPTED).count() == 1
    assert RelationshipEvent.objects.filter(to_state=RelationshipState.ONBOARDING).count() == 1
