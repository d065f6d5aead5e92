"""The customers app's models, one module per concern."""

from customers.models.customer import (
    Customer,
    CustomerMember,
    CustomerMemberQuerySet,
    CustomerQuerySet,
)
from customers.models.relationships import (
    ALLOWED_MOVES,
    CLOSED_STATES,
    CONNECTED_STATES,
    OPEN_STATES,
    SETUP_GROUP_STATES,
    WAITING_STATES,
    Relationship,
    RelationshipEvent,
    RelationshipQuerySet,
    RelationshipState,
    SetupGroup,
)

__all__ = [
    "ALLOWED_MOVES",
    "CLOSED_STATES",
    "CONNECTED_STATES",
    "OPEN_STATES",
    "SETUP_GROUP_STATES",
    "WAITING_STATES",
    "Customer",
    "CustomerMember",
    "CustomerMemberQuerySet",
    "CustomerQuerySet",
    "Relationship",
    "RelationshipEvent",
    "RelationshipQuerySet",
    "RelationshipState",
    "SetupGroup",
]
