"""Migration 0006 renames the relationship states after the words the pages use, both ways."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("customers", "0005_question_profile_fields_match_the_company_profile")
AFTER = ("customers", "0006_relationship_states_named_like_the_pages")


def _pairs(apps) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    Relationship = apps.get_model("customers", "Relationship")
    return {
        r.supplier.name: (r.state, [(e.from_state, e.to_state) for e in r.events.order_by("pk")])
        for r in Relationship.objects.select_related("supplier")
    }


def _seed(apps) -> None:
    Supplier = apps.get_model("accounts", "Supplier")
    Customer = apps.get_model("customers", "Customer")
    Relationship = apps.get_model("customers", "Relationship")
    RelationshipEvent = apps.get_model("customers", "RelationshipEvent")
    customer = Customer.objects.create(name="Acme", search_name="acme")
    for name, state, moves in [
        ("Onboarding SA", "onboarding", [("requested", "connected"), ("connected", "onboarding")]),
        ("Active SA", "active", [("invited", "connected"), ("connected", "active")]),
    ]:
        relationship = Relationship.objects.create(
            supplier=Supplier.objects.create(name=name), customer=customer, state=state
        )
        for from_state, to_state in moves:
            RelationshipEvent.objects.create(
                relationship=relationship,
                actor_side="system",
                from_state=from_state,
                to_state=to_state,
                message="x",
            )


def test_states_are_renamed_forward_and_back(migrate_to):
    def _migrate(target):
        return migrate_to([target])

    _seed(_migrate(BEFORE))

    after = _pairs(_migrate(AFTER))
    before_again = _pairs(_migrate(BEFORE))

    assert after == {
        "Onboarding SA": ("onboarding", [("requested", "accepted"), ("accepted", "onboarding")]),
        "Active SA": ("connected", [("invited", "accepted"), ("accepted", "connected")]),
    }
    assert before_again == {
        "Onboarding SA": ("onboarding", [("requested", "connected"), ("connected", "onboarding")]),
        "Active SA": ("active", [("invited", "connected"), ("connected", "active")]),
    }
