"""Reads for the customers app: Customer Setup's list and panel."""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Supplier
from customers.access import CustomerScope
from customers.models import (
    Relationship,
    RelationshipEvent,
    SetupGroup,
)
from customers.models import (
    RelationshipState as State,
)
from customers.normalization import normalize_search_text


@dataclass
class SetupGroupList:
    key: str
    label: str
    relationships: list[Relationship] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.relationships)


def customer_setup_groups(
    supplier: Supplier, *, scope: CustomerScope, filter_text: str = ""
) -> list[SetupGroupList]:
    """The supplier's relationships the member may see, in the groups of Customer Setup
    (one query)."""
    relationships = scope.filter(
        Relationship.objects.for_supplier(supplier)
        .select_related("customer")
        .order_by("customer__search_name", "customer_id")
    )
    wanted = normalize_search_text(filter_text)
    if wanted:
        relationships = relationships.filter(customer__search_name__contains=wanted)
    groups = {key: SetupGroupList(key=key, label=str(label)) for key, label in SetupGroup.choices}
    for relationship in relationships:
        groups[relationship.setup_group].relationships.append(relationship)
    return list(groups.values())


def relationship_for_supplier(supplier: Supplier, customer_id: int) -> Relationship:
    """The supplier's relationship with this customer; 404 for any other."""
    return get_object_or_404(
        Relationship.objects.for_supplier(supplier).select_related("customer"),
        customer_id=customer_id,
    )


def timeline(relationship: Relationship) -> list[RelationshipEvent]:
    return list(relationship.events.select_related("actor").order_by("created_at", "pk"))


def state_summary(relationship: Relationship, events: list[RelationshipEvent]) -> str:
    """The state in words, with the reason and the next step, for the supplier."""
    customer = relationship.customer.name
    opened = _last_move_into(relationship.state, events)
    since = _day(opened.created_at if opened else relationship.state_changed_at)
    deadline = _day(relationship.deadline) if relationship.deadline else ""
    values = {"customer": customer, "since": since, "deadline": deadline}
    match relationship.state:
        case State.REQUESTED:
            values["contact"] = (opened.params.get("contact") if opened else "") or customer
            return (
                _(
                    "Request sent to %(contact)s on %(since)s; %(customer)s has until "
                    "%(deadline)s to answer; you can withdraw it."
                )
                % values
            )
        case State.INVITED:
            return (
                _(
                    "%(customer)s invited you on %(since)s. Accept the invitation to connect, "
                    "or decline it, before %(deadline)s."
                )
                % values
            )
        case State.ACCEPTED | State.ONBOARDING:
            return (
                _(
                    "%(customer)s accepted on %(since)s and asks for information about your "
                    "company. Finish setup to complete your profile for them."
                )
                % values
            )
        case State.CONNECTED:
            return _("Connected with %(customer)s since %(since)s. Nothing left to do.") % values
        case State.REJECTED:
            values["reason"] = relationship.reason or _("no reason given")
            return (
                _(
                    "%(customer)s rejected your request on %(since)s: “%(reason)s”. You can send "
                    "a new request after the waiting period."
                )
                % values
            )
        case State.DECLINED:
            return (
                _(
                    "You declined the invitation of %(customer)s on %(since)s. Ask them for a "
                    "new invitation, or send a connection request."
                )
                % values
            )
        case State.WITHDRAWN:
            return (
                _(
                    "You withdrew your request on %(since)s. You can send a new one from "
                    "Connection Requests."
                )
                % values
            )
        case State.REVOKED:
            return (
                _(
                    "%(customer)s withdrew its invitation on %(since)s. Ask your contact there "
                    "for a new one, or send a connection request."
                )
                % values
            )
        case State.EXPIRED:
            return (
                _(
                    "Nobody answered in time: this expired on %(since)s. You can send a new "
                    "connection request, or ask %(customer)s for a new invitation."
                )
                % values
            )
        case State.ENDED:
            values["reason"] = relationship.reason or _("no reason given")
            return _("The relationship ended on %(since)s: “%(reason)s”.") % values
    return ""


def _last_move_into(state: str, events: list[RelationshipEvent]) -> RelationshipEvent | None:
    for event in reversed(events):
        if event.to_state == state and event.from_state != state:
            return event
    return None


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")
