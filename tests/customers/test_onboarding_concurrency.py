"""Two admins accepting at the same moment, in two real PostgreSQL transactions."""

import threading

import pytest
from django.db import connection

from customers import services
from customers.exceptions import RelationshipError
from customers.models import Onboarding, Relationship, RelationshipEvent
from customers.models import RelationshipState as State
from tests.customers.onboarding_factories import make_questionnaire
from tests.factories import make_customer_admin

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    """Run the calls at once, each in its own thread, connection and transaction."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # collected and asserted below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_accepts_at_once_start_one_onboarding(
    postgres, supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(customer)
    colleague = make_customer_admin("colleague@acme.example", customer=customer)
    services.request(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )

    outcomes = _race(
        lambda: services.connect(supplier=supplier, customer=customer, actor=customer_admin),
        lambda: services.connect(supplier=supplier, customer=customer, actor=colleague),
    )

    assert sum(isinstance(o, Relationship) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, RelationshipError) for o in outcomes) == 1, outcomes
    assert Relationship.objects.get().state == State.ONBOARDING
    assert Onboarding.objects.count() == 1
    assert RelationshipEvent.objects.filter(to_state=State.CONNECTED).count() == 1
    assert RelationshipEvent.objects.filter(to_state=State.ONBOARDING).count() == 1
