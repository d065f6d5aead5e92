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

Side = RelationshipEvent.Side


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
    """The state in words for the supplier: who did what, when, and the next step.

    The sentences are the "what the supplier sees" column of ``docs/vocabulary.md``.
    """
    values = _summary_values(relationship, events, other=relationship.customer.name)
    match relationship.state:
        case State.INVITED:
            return (
                _(
                    "%(customer)s invited you on %(since)s. Accept the invitation to connect, "
                    "or decline it, before %(deadline)s."
                )
                % values
            )
        case State.REQUESTED:
            return (
                _(
                    "You sent a connection request to %(contact)s on %(since)s. %(customer)s has "
                    "until %(deadline)s to answer; you can withdraw it."
                )
                % values
            )
        case State.ACCEPTED | State.ONBOARDING:
            if values["accepted_by_supplier"]:
                return (
                    _(
                        "You accepted the invitation of %(customer)s on %(accepted)s. Before you "
                        "are connected, %(customer)s asks for information about your company: "
                        "finish setup, then they review your answers."
                    )
                    % values
                )
            return (
                _(
                    "%(customer)s accepted your connection request on %(accepted)s. Before you "
                    "are connected, %(customer)s asks for information about your company: "
                    "finish setup, then they review your answers."
                )
                % values
            )
        case State.CONNECTED:
            return _("Connected with %(customer)s since %(since)s. Nothing left to do.") % values
        case State.REJECTED:
            if relationship.in_cooldown():
                return (
                    _(
                        "%(customer)s rejected your request on %(since)s: “%(reason)s”. You can "
                        "ask again from %(until)s."
                    )
                    % values
                )
            return (
                _(
                    "%(customer)s rejected your request on %(since)s: “%(reason)s”. You can send "
                    "a new request."
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
                    "You withdrew your connection request on %(since)s. You can send a new one "
                    "from Connection Requests."
                )
                % values
            )
        case State.REVOKED:
            return (
                _(
                    "%(customer)s revoked its invitation on %(since)s. Ask your contact there "
                    "for a new one, or send a connection request."
                )
                % values
            )
        case State.EXPIRED:
            return (
                _(
                    "Nobody answered in time: it expired on %(since)s. You can send a new "
                    "connection request, or ask %(customer)s for a new invitation."
                )
                % values
            )
        case State.ENDED:
            if values["ended_by_supplier"]:
                return _("You ended the relationship on %(since)s: “%(reason)s”.") % values
            return _("%(customer)s ended the relationship on %(since)s: “%(reason)s”.") % values
    return ""


def customer_state_summary(relationship: Relationship, events: list[RelationshipEvent]) -> str:
    """The state in words for the customer's staff (``docs/vocabulary.md``)."""
    values = _summary_values(relationship, events, other=relationship.supplier.name)
    values["supplier"] = values.pop("customer")
    match relationship.state:
        case State.INVITED:
            return (
                _("You invited %(supplier)s on %(since)s; they have until %(deadline)s to answer.")
                % values
            )
        case State.REQUESTED:
            return (
                _(
                    "%(supplier)s sent you a connection request on %(since)s. Accept or reject "
                    "it by %(deadline)s."
                )
                % values
            )
        case State.ACCEPTED | State.ONBOARDING:
            return (
                _(
                    "%(supplier)s is not connected yet: their profile is incomplete until you "
                    "approve their answers to your onboarding questionnaire."
                )
                % values
            )
        case State.CONNECTED:
            return _("%(supplier)s is connected with you since %(since)s.") % values
        case State.REJECTED:
            return _("You rejected the request of %(supplier)s on %(since)s.") % values
        case State.DECLINED:
            return _("%(supplier)s declined your invitation on %(since)s.") % values
        case State.WITHDRAWN:
            return _("%(supplier)s withdrew its connection request on %(since)s.") % values
        case State.REVOKED:
            return _("You revoked your invitation to %(supplier)s on %(since)s.") % values
        case State.EXPIRED:
            return _("Nobody answered in time: it expired on %(since)s.") % values
        case State.ENDED:
            if values["ended_by_supplier"]:
                return _("%(supplier)s ended the relationship on %(since)s: “%(reason)s”.") % values
            return _("You ended the relationship on %(since)s: “%(reason)s”.") % values
    return ""


def _summary_values(
    relationship: Relationship, events: list[RelationshipEvent], *, other: str
) -> dict:
    opened = _last_move_into(relationship.state, events)
    accepted = _last_move_into(State.ACCEPTED, events)
    since = _day(opened.created_at if opened else relationship.state_changed_at)
    until = relationship.cooldown_ends_at
    return {
        "customer": other,
        "since": since,
        "deadline": _day(relationship.deadline) if relationship.deadline else "",
        "until": _day(until) if until else "",
        "reason": relationship.reason or _("no reason given"),
        "contact": (opened.params.get("contact") if opened else "") or other,
        "accepted": _day(accepted.created_at) if accepted else since,
        # Accepting an invitation is the supplier's move; a request, the customer's.
        "accepted_by_supplier": accepted is not None and accepted.from_state == State.INVITED,
        "ended_by_supplier": opened is not None and opened.actor_side == Side.SUPPLIER,
    }


def _last_move_into(state: str, events: list[RelationshipEvent]) -> RelationshipEvent | None:
    for event in reversed(events):
        if event.to_state == state and event.from_state != state:
            return event
    return None


def _day(moment) -> str:
    return date_format(timezone.localtime(moment))


def sharing_choices(supplier: Supplier) -> list[Relationship]:
    """The relationships the Sharing section lists: every open one, by customer name."""
    return list(
        Relationship.objects.for_supplier(supplier)
        .open()
        .select_related("customer")
        .order_by("customer__search_name", "customer_id")
    )
