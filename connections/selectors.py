"""Reads of the connections app: the search results, the requests lists, a request's timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, OuterRef, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import Supplier
from accounts.selectors import iso
from connections.models import (
    ConnectionRequest,
    ConnectionRequestQuerySet,
    expiring_soon,
    waiting_for_answer,
)
from customers.access import CustomerScope
from customers.models import (
    OPEN_STATES,
    Customer,
    CustomerTerms,
    Relationship,
    RelationshipEvent,
    RelationshipState,
)
from customers.search import SearchPage, search_customers

SEARCH_PAGE_SIZE = 20


@dataclass(frozen=True)
class SearchResult:
    """A customer found by the search, with the supplier's relationship with it, if any."""

    customer: Customer
    relationship: Relationship | None
    # False: the member does not act for this customer (no state, no action).
    in_scope: bool = True

    @property
    def relationship_state(self) -> str | None:
        return self.relationship.state if self.relationship else None

    @property
    def is_open(self) -> bool:
        """Invited, requested, profile incomplete or connected: the badge of that state."""
        return self.relationship_state in OPEN_STATES

    @property
    def can_ask_again_on(self):
        """After a rejection, the first moment a new request is allowed (else ``None``)."""
        if self.relationship is not None and self.relationship.in_cooldown():
            return self.relationship.cooldown_ends_at
        return None

    @property
    def is_invitation_only(self) -> bool:
        return not self.customer.accepts_requests


def search_for_supplier(
    supplier: Supplier, query: str, *, scope: CustomerScope, page: int = 1
) -> tuple[SearchPage, list[SearchResult]]:
    """One page of the directory search, each customer with the supplier's relationship (2 queries).

    The directory is public; the relationship with a customer outside the member's scope is
    not shown.
    """
    found = search_customers(query, page=page, per_page=SEARCH_PAGE_SIZE)
    relationships = {
        relationship.customer_id: relationship
        for relationship in scope.filter(
            Relationship.objects.for_supplier(supplier).filter(
                customer__in=[customer.pk for customer in found.results]
            )
        ).only("customer_id", "state", "state_changed_at")
    }
    return found, [
        SearchResult(customer, relationships.get(customer.pk), scope.allows(customer.pk))
        for customer in found.results
    ]


def requests_for_supplier(supplier: Supplier, *, scope: CustomerScope) -> ConnectionRequestQuerySet:
    """The supplier's requests to the customers the member may see, newest first, each with
    ``relationship_ended_at``: when the relationship it opened ended later ("Accepted —
    relationship ended on …"), else ``None``."""
    ended = RelationshipEvent.objects.filter(
        relationship__supplier_id=OuterRef("supplier_id"),
        relationship__customer_id=OuterRef("customer_id"),
        to_state=RelationshipState.ENDED,
        created_at__gte=OuterRef("requested_at"),
    ).order_by("created_at")
    return scope.filter(
        ConnectionRequest.objects.for_supplier(supplier)
        .select_related("customer")
        .annotate(relationship_ended_at=Subquery(ended.values("created_at")[:1]))
        .newest_first()
    )


@dataclass(frozen=True)
class WaitingRequests:
    """The customer's requests waiting for an answer: how many, how many expire soon, and
    the first deadline."""

    waiting: int
    expiring_soon: int
    first_deadline: datetime | None


def waiting_requests(customer: Customer, *, now: datetime) -> WaitingRequests:
    """One query, whatever the number of requests."""
    waiting = waiting_for_answer(now=now)
    counts = ConnectionRequest.objects.for_customer(customer).aggregate(
        waiting=Count("pk", filter=waiting),
        expiring_soon=Count("pk", filter=expiring_soon(now=now)),
        first_deadline=Min("expires_at", filter=waiting),
    )
    return WaitingRequests(**counts)


def requestable_customer(customer_id: int) -> Customer:
    """A customer a supplier may open the request form for: listed in the directory, else 404."""
    return get_object_or_404(Customer.objects.listed(), pk=customer_id)


def cooldown_ends_at(supplier: Supplier, customer: Customer):
    """While a rejection's cooldown runs, when the supplier may ask again (else ``None``)."""
    relationship = Relationship.objects.for_supplier(supplier).filter(customer=customer).first()
    if relationship is not None and relationship.in_cooldown():
        return relationship.cooldown_ends_at
    return None


def current_terms(customer: Customer) -> CustomerTerms | None:
    """The version of the terms a supplier accepts when requesting now (``None``: never written;
    an empty version: the customer cleared its terms)."""
    return CustomerTerms.objects.current_for(customer)


def pending_request_for_supplier(supplier: Supplier, customer_id: int) -> ConnectionRequest:
    """The supplier's pending request to this customer; 404 for any other."""
    return get_object_or_404(
        ConnectionRequest.objects.for_supplier(supplier).pending().select_related("customer"),
        customer_id=customer_id,
    )


def request_timeline(connection_request: ConnectionRequest) -> list[RelationshipEvent]:
    """The relationship's events from this request until the pair's next request, if any."""
    events = RelationshipEvent.objects.filter(
        relationship__supplier_id=connection_request.supplier_id,
        relationship__customer_id=connection_request.customer_id,
        created_at__gte=connection_request.requested_at,
    )
    next_request_at = (
        ConnectionRequest.objects.filter(
            supplier_id=connection_request.supplier_id,
            customer_id=connection_request.customer_id,
            requested_at__gt=connection_request.requested_at,
        )
        .order_by("requested_at")
        .values_list("requested_at", flat=True)
        .first()
    )
    if next_request_at is not None:
        events = events.filter(created_at__lt=next_request_at)
    return list(events.select_related("actor").order_by("created_at", "pk"))


def personal_data(user) -> dict:
    """The connection requests the person sent or answered, for their own download."""
    sent = ConnectionRequest.objects.filter(requested_by=user).select_related(
        "customer", "supplier"
    )
    answered = ConnectionRequest.objects.filter(decided_by=user).select_related(
        "customer", "supplier"
    )
    return {
        "connection_requests_sent": [
            {
                "at": iso(request.requested_at),
                "customer": request.customer.name,
                "contact_email": request.contact_email,
                "status": request.status,
            }
            for request in sent
        ],
        "connection_requests_answered": [
            {
                "at": iso(request.decided_at),
                "supplier": request.supplier.name,
                "status": request.status,
            }
            for request in answered
        ],
    }
