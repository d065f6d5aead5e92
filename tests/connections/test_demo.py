"""The demo data: the demo supplier's request-based relationships are real requests."""

import pytest

from connections.models import ConnectionRequest
from csp_portal import demo
from customers.models import Relationship, RelationshipState

pytestmark = pytest.mark.django_db

Status = ConnectionRequest.Status


def test_the_demo_supplier_has_a_request_in_each_status_and_none_with_electricite_demo():
    demo.seed()

    requests = dict(
        ConnectionRequest.objects.filter(
            supplier__members__user__email="supplier@example.com"
        ).values_list("customer__name", "status")
    )
    assert requests == {
        "Acme Industries": Status.ACCEPTED,
        "Initech": Status.ACCEPTED,
        "Stark Industries": Status.ACCEPTED,
        "Umbrella Corporation": Status.PENDING,
        "Wayne Enterprises": Status.REJECTED,
        "Tyrell Corporation": Status.WITHDRAWN,
        "Cyberdyne Systems": Status.EXPIRED,
        "Soylent Industries": Status.ACCEPTED,
    }
    states = dict(Relationship.objects.values_list("customer__name", "state"))
    assert states["Soylent Industries"] == RelationshipState.ENDED
    assert states["Globex Corporation"] == RelationshipState.INVITED
    assert states["Massive Dynamic"] == RelationshipState.DECLINED
    assert "Électricité Démo SA" not in states


def test_seeding_again_creates_nothing_and_changes_nothing():
    demo.seed()
    before = list(ConnectionRequest.objects.order_by("pk").values())

    assert demo.seed() == []
    assert list(ConnectionRequest.objects.order_by("pk").values()) == before
