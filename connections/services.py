"""Every move of a connection request: request, accept, reject, withdraw, expire, remind.

Each runs in one transaction, locks the rows it changes, moves the
supplier-customer relationship through ``customers.services`` (which writes
the timeline event) and writes its emails to the outbox, sent after commit.
Refusals raise ``DomainError`` subclasses (``connections.exceptions``,
``customers.exceptions``, ``TransitionNotAllowed``) whose ``.message`` is for
the user; the acting user's rights are checked by ``accounts.access``.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.access import Need, SupplierAccessDenied
from accounts.models import Supplier, User
from connections import emails
from connections.exceptions import (
    AlreadyReminded,
    ContactNotAccepted,
    DailyLimitReached,
    InvitationWaiting,
    NotYetExpired,
    RequestAlreadyPending,
    TermsChanged,
)
from connections.models import ConnectionRequest
from csp_portal.errors import TransitionNotAllowed
from customers import services as customer_services
from customers.access import check_customer_access
from customers.models import Customer, CustomerTerms, Relationship, RelationshipState
from customers.services import sharing

Status = ConnectionRequest.Status
DAY = timedelta(hours=24)


# --- the supplier's moves -------------------------------------------------


@transaction.atomic
def request_connection(
    *,
    supplier: Supplier,
    customer: Customer,
    actor: User,
    contact_email: str,
    terms_version: int,
    share_restricted_profile: bool = False,
    language: str = "",
) -> ConnectionRequest:
    """Send a connection request: the relationship becomes REQUESTED.

    ``terms_version`` is the version of the customer's terms the supplier was
    shown (0: the customer had none), read in ``language`` (the page's); the
    request records that exact version and the language of the text shown. An
    administrator may share the restricted profile with the customer at the
    same time (the customer's emails then carry it).

    Refused (with the reason) when the user may not request, when a request
    is already pending or an invitation waits, when the customer takes
    invitations only, when already connected, during the cooldown after a
    rejection, for a contact outside the customer's domains, for terms that
    changed meanwhile, and past the supplier's daily limit.
    """
    membership = check_customer_access(
        actor, customer, Need.MANAGE_CONNECTIONS, verified_email=True
    )
    if membership.supplier_id != supplier.pk:
        raise SupplierAccessDenied(_("You can only act for your own company."))
    # The supplier's row lock serialises its requests across processes: the
    # daily count and the pending check below see every committed request.
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    customer = Customer.objects.get(pk=customer.pk)
    now = timezone.now()
    contact_email = contact_email.strip().lower()

    pending = ConnectionRequest.objects.for_supplier(supplier).for_customer(customer).pending()
    if existing := pending.first():
        raise RequestAlreadyPending(
            customer_name=customer.name,
            requested_at=existing.requested_at,
            expires_at=existing.expires_at,
        )
    if Relationship.objects.filter(
        supplier=supplier, customer=customer, state=RelationshipState.INVITED
    ).exists():
        raise InvitationWaiting(customer_name=customer.name)
    # Invitation only, already connected, cooldown: the relationship's rules.
    relationship = customer_services.request_connection(
        supplier=supplier, customer=customer, actor=actor, contact_email=contact_email
    )
    check_contact_email(customer=customer, contact_email=contact_email)
    terms = CustomerTerms.objects.current_for(customer)
    if terms_version != (terms.version if terms else 0):
        raise TermsChanged(customer_name=customer.name)
    _check_daily_limit(supplier, now=now)

    try:
        with transaction.atomic():
            connection_request = ConnectionRequest.objects.create(
                supplier=supplier,
                customer=customer,
                requested_by=actor,
                contact_email=contact_email,
                terms_version=terms_version,
                terms=terms,
                terms_language=terms.text_in(language).language
                if terms and not terms.is_empty
                else "",
                requested_at=now,
                expires_at=relationship.deadline,
            )
    except IntegrityError:  # a concurrent twin got there first (one pending per pair)
        existing = pending.get()
        raise RequestAlreadyPending(
            customer_name=customer.name,
            requested_at=existing.requested_at,
            expires_at=existing.expires_at,
        ) from None
    if share_restricted_profile:
        sharing.set_sharing(relationship=relationship, shared=True, actor=actor)
    emails.request_received(connection_request)
    return connection_request


def check_contact_email(*, customer: Customer, contact_email: str) -> None:
    """A Customer Contact outside the customer's email domains is refused (``ContactNotAccepted``).

    The request form also asks this alone, so that a page with other errors
    (terms not ticked) names this one too.
    """
    if not customer.accepts_contact_email(contact_email.strip().lower()):
        raise ContactNotAccepted(
            customer_name=customer.name, domains=sorted(customer.email_domains)
        )


@transaction.atomic
def withdraw_request(*, connection_request: ConnectionRequest, actor: User) -> ConnectionRequest:
    """The supplier takes its pending request back; the customer's admins are told."""
    connection_request = _lock(connection_request)
    membership = check_customer_access(actor, connection_request.customer, Need.MANAGE_CONNECTIONS)
    if membership.supplier_id != connection_request.supplier_id:
        raise SupplierAccessDenied(_("You can only act for your own company."))
    _close(connection_request, Status.WITHDRAWN, actor=actor)
    customer_services.withdraw(relationship=_relationship(connection_request), actor=actor)
    emails.request_withdrawn(connection_request)
    return connection_request


# --- the customer's moves -------------------------------------------------


@transaction.atomic
def accept_request(
    *, connection_request: ConnectionRequest, actor: User | None
) -> ConnectionRequest:
    """The customer accepts: ``connect`` (which may start onboarding); the supplier is told.

    Two admins accepting at once: the request's row lock makes the second
    one see an accepted request and get ``TransitionNotAllowed``.
    """
    connection_request = _lock(connection_request)
    _close(connection_request, Status.ACCEPTED, actor=actor)
    customer_services.connect(
        supplier=connection_request.supplier, customer=connection_request.customer, actor=actor
    )
    emails.request_answered(connection_request)
    return connection_request


@transaction.atomic
def reject_request(
    *, connection_request: ConnectionRequest, actor: User | None, reason: str
) -> ConnectionRequest:
    """The customer rejects, with a reason the supplier sees; the cooldown starts."""
    connection_request = _lock(connection_request)
    reason = reason.strip()
    connection_request.rejection_reason = reason
    _close(connection_request, Status.REJECTED, actor=actor, fields=["rejection_reason"])
    customer_services.reject(
        relationship=_relationship(connection_request), actor=actor, reason=reason
    )
    emails.request_answered(connection_request)
    return connection_request


# --- what happens with time (cron) ----------------------------------------


@transaction.atomic
def expire_request(*, connection_request: ConnectionRequest, now=None) -> ConnectionRequest:
    """Nobody answered before the deadline: EXPIRED, and the supplier is told."""
    now = now or timezone.now()
    connection_request = _lock(connection_request)
    if connection_request.is_pending and connection_request.expires_at >= now:
        raise NotYetExpired()
    _close(connection_request, Status.EXPIRED, actor=None, at=now)
    relationship = _relationship(connection_request)
    if relationship.state == RelationshipState.REQUESTED:
        customer_services.expire(relationship=relationship, now=now)
    emails.request_expired(connection_request)
    return connection_request


def expire_overdue_requests(*, now=None) -> int:
    """Expire every pending request past its deadline; how many were expired."""
    now = now or timezone.now()
    expired = 0
    for pk in ConnectionRequest.objects.past_deadline(now=now).values_list("pk", flat=True):
        try:
            expire_request(connection_request=ConnectionRequest(pk=pk), now=now)
        except (TransitionNotAllowed, NotYetExpired):
            continue  # answered (or extended) since we listed it
        expired += 1
    return expired


@transaction.atomic
def remind_about_request(*, connection_request: ConnectionRequest, now=None) -> ConnectionRequest:
    """Remind the customer's admins of a request still waiting (once per request)."""
    now = now or timezone.now()
    connection_request = _lock(connection_request)
    if not connection_request.is_pending:
        raise connection_request.not_pending(target=connection_request.status)
    if connection_request.reminded_at is not None:
        raise AlreadyReminded()
    connection_request.reminded_at = now
    connection_request.save(update_fields=["reminded_at"])
    customer_services.note_event(
        relationship=_relationship(connection_request),
        actor=None,
        message=gettext_noop("Reminder sent to the customer's administrators"),
    )
    emails.request_reminder(connection_request)
    return connection_request


def remind_pending_requests(*, now=None) -> int:
    """Remind about every request pending for ``CONNECTION_REQUEST_REMINDER_DAYS``."""
    now = now or timezone.now()
    pending_since = now - timedelta(days=settings.CONNECTION_REQUEST_REMINDER_DAYS)
    due = ConnectionRequest.objects.due_for_reminder(pending_since=pending_since, now=now)
    reminded = 0
    for pk in due.values_list("pk", flat=True):
        try:
            remind_about_request(connection_request=ConnectionRequest(pk=pk), now=now)
        except (TransitionNotAllowed, AlreadyReminded):
            continue  # answered, or reminded by a concurrent run
        reminded += 1
    return reminded


# --- helpers --------------------------------------------------------------


def _lock(connection_request: ConnectionRequest) -> ConnectionRequest:
    return (
        ConnectionRequest.objects.select_for_update(of=("self",))
        .select_related("supplier", "customer", "requested_by")
        .get(pk=connection_request.pk)
    )


def _relationship(connection_request: ConnectionRequest) -> Relationship:
    return Relationship.objects.get(
        supplier_id=connection_request.supplier_id, customer_id=connection_request.customer_id
    )


def _close(
    connection_request: ConnectionRequest,
    status: str,
    *,
    actor: User | None,
    at=None,
    fields: list[str] | None = None,
) -> None:
    connection_request.check_can_move_to(status)
    connection_request.status = status
    connection_request.decided_by = actor
    connection_request.decided_at = at or timezone.now()
    connection_request.save(update_fields=["status", "decided_by", "decided_at", *(fields or [])])


def _check_daily_limit(supplier: Supplier, *, now) -> None:
    limit = settings.CONNECTION_REQUESTS_PER_DAY
    window = ConnectionRequest.objects.for_supplier(supplier).sent_since(now - DAY)
    if window.count() >= limit:
        oldest = window.order_by("requested_at").values_list("requested_at", flat=True).first()
        raise DailyLimitReached(limit=limit, next_allowed_at=(oldest or now) + DAY)
