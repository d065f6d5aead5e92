"""Reads of the connections app: the search results, the requests lists, a request's timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.shortcuts import get_object_or_404

from accounts.models import Supplier
from connections.models import (
    ConnectionRequest,
    ConnectionRequestQuerySet,
    expiring_soon,
    waiting_for_answer,
)
from customers.models import (
    ACCEPTED_STATES,
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
    """A customer found by the search, with where the supplier stands with it."""

    customer: Customer
    relationship_state: str | None

    @property
    def is_accepted(self) -> bool:
        return self.relationship_state in ACCEPTED_STATES

    @property
    def is_request_pending(self) -> bool:
        return self.relationship_state == RelationshipState.REQUESTED

    @property
    def has_invited_you(self) -> bool:
        return self.relationship_state == RelationshipState.INVITED

    @property
    def is_invitation_only(self) -> bool:
        return not self.customer.accepts_requests


def search_for_supplier(
    supplier: Supplier, query: str, *, page: int = 1
) -> tuple[SearchPage, list[SearchResult]]:
    """One page of the directory search, each customer with the supplier's state (2 queries)."""
    found = search_customers(query, page=page, per_page=SEARCH_PAGE_SIZE)
    states = dict(
        Relationship.objects.for_supplier(supplier)
        .filter(customer__in=[customer.pk for customer in found.results])
        .values_list("customer_id", "state")
    )
    return found, [SearchResult(customer, states.get(customer.pk)) for customer in found.results]


def requests_for_supplier(supplier: Supplier) -> ConnectionRequestQuerySet:
    return (
        ConnectionRequest.objects.for_supplier(supplier).select_related("customer").newest_first()
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
