"""Every move of a supplier-customer relationship.

Each move is one function: it runs in a transaction, locks the relationship
row, refuses a move the current state does not allow (``TransitionNotAllowed``),
saves with ``update_fields`` and writes a ``RelationshipEvent``. Mail goes
through the outbox in the same transaction. The moves (``docs/architecture.md``):

    invite, request_connection → INVITED / REQUESTED
    connect         → CONNECTED, then ONBOARDING (questionnaire) or ACTIVE
    reject, decline, withdraw, revoke, expire → closed states
    start_onboarding, complete_onboarding, end
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Supplier, SupplierMember, User
from accounts.services import record_company_change
from customers.exceptions import AlreadyConnected, CooldownActive, NotAcceptingRequests
from customers.models import (
    ACCEPTED_STATES,
    CLOSED_STATES,
    Customer,
    CustomerMember,
    Onboarding,
    Questionnaire,
    Relationship,
    RelationshipEvent,
)
from customers.models import (
    RelationshipState as State,
)
from customers.models.relationships import transition_not_allowed
from customers.services.recipients import (
    customer_admin_users,
    email_users,
    supplier_admin_users,
)

Side = RelationshipEvent.Side


# --- opening moves --------------------------------------------------------


@transaction.atomic
def invite(
    *, supplier: Supplier, customer: Customer, actor: User | None, email: str = ""
) -> Relationship:
    """The customer invited an existing supplier: the relationship is INVITED."""
    return _open(
        supplier=supplier,
        customer=customer,
        to_state=State.INVITED,
        actor=actor,
        message=gettext_noop("Invitation sent to %(email)s")
        if email
        else gettext_noop("Invitation sent"),
        params={"email": email} if email else {},
    )


@transaction.atomic
def request_connection(
    *, supplier: Supplier, customer: Customer, actor: User, contact_email: str
) -> Relationship:
    """The supplier asked to connect: the relationship is REQUESTED.

    Refused for an invitation-only customer, when already connected, and
    during the cooldown after a rejection.
    """
    if not customer.accepts_requests:
        raise NotAcceptingRequests(customer_name=customer.name)
    return _open(
        supplier=supplier,
        customer=customer,
        to_state=State.REQUESTED,
        actor=actor,
        message=gettext_noop("Request sent to %(contact)s"),
        params={"contact": contact_email},
        check=_check_cooldown,
    )


# --- the customer accepted ------------------------------------------------


@transaction.atomic
def connect(*, supplier: Supplier, customer: Customer, actor: User | None) -> Relationship:
    """The customer accepted (a request or an invitation): the single place this happens.

    Moves to CONNECTED, then at once to ONBOARDING when the customer has a
    published questionnaire, else to ACTIVE. Under concurrent accepts the row
    lock makes the second caller see the first one's result and fail with
    ``TransitionNotAllowed``: one acceptance, one onboarding, one email.
    """
    relationship = _lock_pair(supplier=supplier, customer=customer)
    if relationship is None:
        raise transition_not_allowed(current=None, target=State.ACCEPTED)
    message = (
        gettext_noop("Invitation accepted")
        if relationship.state == State.INVITED
        else gettext_noop("Request accepted")
    )
    _move(relationship, State.ACCEPTED, actor=actor, message=message)
    if Questionnaire.objects.current_for(customer) is not None:
        return _start_onboarding(relationship, actor=actor)
    return _move(
        relationship,
        State.CONNECTED,
        actor=actor,
        message=gettext_noop("Connected: nothing left to do"),
    )


@transaction.atomic
def start_onboarding(*, relationship: Relationship, actor: User | None) -> Relationship:
    relationship = _lock(relationship)
    _require(relationship, State.ACCEPTED, target=State.ONBOARDING)
    return _start_onboarding(relationship, actor=actor)


@transaction.atomic
def complete_onboarding(
    *, relationship: Relationship, actor: User | None, note: str = ""
) -> Relationship:
    """The customer approved the supplier's onboarding answers: ACTIVE."""
    relationship = _lock(relationship)
    _require(relationship, State.ONBOARDING, target=State.CONNECTED)
    return _move(
        relationship,
        State.CONNECTED,
        actor=actor,
        message=gettext_noop("Onboarding approved"),
        note=note,
    )


# --- closing moves --------------------------------------------------------


@transaction.atomic
def reject(*, relationship: Relationship, actor: User | None, reason: str) -> Relationship:
    return _move(
        _lock(relationship),
        State.REJECTED,
        actor=actor,
        message=gettext_noop("Request rejected"),
        note=reason,
        reason=reason,
    )


@transaction.atomic
def decline(*, relationship: Relationship, actor: User | None, note: str = "") -> Relationship:
    return _move(
        _lock(relationship),
        State.DECLINED,
        actor=actor,
        message=gettext_noop("Invitation declined"),
        note=note,
    )


@transaction.atomic
def withdraw(*, relationship: Relationship, actor: User | None) -> Relationship:
    return _move(
        _lock(relationship), State.WITHDRAWN, actor=actor, message=gettext_noop("Request withdrawn")
    )


@transaction.atomic
def revoke(*, relationship: Relationship, actor: User | None) -> Relationship:
    return _move(
        _lock(relationship), State.REVOKED, actor=actor, message=gettext_noop("Invitation revoked")
    )


@transaction.atomic
def expire(*, relationship: Relationship, now=None) -> Relationship:
    """Nobody answered before the deadline. A no-op refusal if the deadline moved."""
    relationship = _lock(relationship)
    now = now or timezone.now()
    if relationship.deadline is None or relationship.deadline >= now:
        raise transition_not_allowed(current=relationship.state, target=State.EXPIRED)
    message = (
        gettext_noop("Invitation expired: nobody answered in time")
        if relationship.state == State.INVITED
        else gettext_noop("Request expired: nobody answered in time")
    )
    return _move(relationship, State.EXPIRED, actor=None, message=message)


@transaction.atomic
def end(*, relationship: Relationship, actor: User, reason: str) -> Relationship:
    """Either side ends an onboarding or active relationship; the other side is emailed."""
    relationship = _lock(relationship)
    side = _side_of(actor, relationship)
    message = (
        gettext_noop("Relationship ended by the customer")
        if side == Side.CUSTOMER
        else gettext_noop("Relationship ended by the supplier")
    )
    _move(relationship, State.ENDED, actor=actor, message=message, note=reason, reason=reason)
    recipients = (
        supplier_admin_users(relationship.supplier)
        if side == Side.CUSTOMER
        else customer_admin_users(relationship.customer)
    )
    email_users(
        recipients,
        template="relationship_ended",
        context={
            "relationship": relationship,
            "supplier_name": relationship.supplier.name,
            "customer_name": relationship.customer.name,
            "ended_by_customer": side == Side.CUSTOMER,
            "reason": reason,
        },
    )
    return relationship


# --- timeline entries that do not change the state ------------------------


@transaction.atomic
def note_event(
    *,
    relationship: Relationship,
    actor: User | None,
    message: str,
    params: dict | None = None,
    note: str = "",
) -> RelationshipEvent:
    """Add a timeline entry without a move (e.g. "Invitation resent")."""
    relationship = _lock(relationship)
    return _record(
        relationship,
        from_state=relationship.state,
        actor=actor,
        message=message,
        params=params or {},
        note=note,
    )


# --- helpers --------------------------------------------------------------


def _lock(relationship: Relationship) -> Relationship:
    return Relationship.objects.locked().get(pk=relationship.pk)


def _lock_pair(*, supplier: Supplier, customer: Customer) -> Relationship | None:
    return Relationship.objects.locked().filter(supplier=supplier, customer=customer).first()


def _open(
    *,
    supplier: Supplier,
    customer: Customer,
    to_state: str,
    actor: User | None,
    message: str,
    params: dict,
    check=None,
) -> Relationship:
    """Create the pair's relationship in ``to_state``, or move the closed one there."""
    now = timezone.now()
    deadline = customer.answer_deadline(start=now)
    relationship = _lock_pair(supplier=supplier, customer=customer)
    if relationship is None:
        try:
            with transaction.atomic():  # a savepoint: the pair may be created concurrently
                relationship = Relationship.objects.create(
                    supplier=supplier,
                    customer=customer,
                    state=to_state,
                    deadline=deadline,
                    state_changed_at=now,
                    created_at=now,
                )
        except IntegrityError:
            relationship = _lock_pair(supplier=supplier, customer=customer)
        else:
            _record(relationship, from_state="", actor=actor, message=message, params=params)
            return relationship
    if relationship.state in ACCEPTED_STATES:
        raise AlreadyConnected(customer_name=customer.name)
    if check is not None:
        check(relationship, now=now)
    return _move(
        relationship, to_state, actor=actor, message=message, params=params, deadline=deadline
    )


def _require(relationship: Relationship, state: str, *, target: str) -> None:
    """For moves that the state machine allows from several states but this service from one."""
    if relationship.state != state:
        raise transition_not_allowed(current=relationship.state, target=target)


def _check_cooldown(relationship: Relationship, *, now) -> None:
    if relationship.in_cooldown(now=now):
        raise CooldownActive(
            customer_name=relationship.customer.name, until=relationship.cooldown_ends_at
        )


def _start_onboarding(relationship: Relationship, *, actor: User | None) -> Relationship:
    _move(
        relationship,
        State.ONBOARDING,
        actor=actor,
        message=gettext_noop("Onboarding started: the customer asks for information about you"),
    )
    Onboarding.objects.open_for(relationship)  # under the row lock: once per acceptance
    return relationship


def _move(
    relationship: Relationship,
    to_state: str,
    *,
    actor: User | None,
    message: str,
    params: dict | None = None,
    note: str = "",
    reason: str | None = None,
    deadline=None,
) -> Relationship:
    relationship.check_can_move_to(to_state)
    from_state = relationship.state
    relationship.state = to_state
    relationship.state_changed_at = timezone.now()
    relationship.deadline = deadline if to_state in (State.INVITED, State.REQUESTED) else None
    fields = ["state", "state_changed_at", "deadline"]
    if reason is not None or to_state in (State.INVITED, State.REQUESTED):
        relationship.reason = reason or ""
        fields.append("reason")
    sharing_ends = to_state in CLOSED_STATES and relationship.restricted_profile_shared
    if sharing_ends:
        relationship.restricted_profile_shared = False
        fields.append("restricted_profile_shared")
    relationship.save(update_fields=fields)
    _record(
        relationship,
        from_state=from_state,
        actor=actor,
        message=message,
        params=params or {},
        note=note,
    )
    if sharing_ends:  # a reopened relationship starts unshared: the question is asked again
        _record(
            relationship,
            from_state=to_state,
            actor=actor,
            message=gettext_noop("Restricted profile no longer shared: the relationship is closed"),
        )
        record_sharing_change(relationship, actor=actor, shared=False)
    return relationship


def record_sharing_change(relationship: Relationship, *, actor: User | None, shared: bool) -> None:
    """The company's audit log entry for a change of sharing (the supplier's own record)."""
    supplier_actor = (
        actor
        if actor is not None
        and SupplierMember.objects.filter(user=actor, supplier_id=relationship.supplier_id).exists()
        else None
    )
    record_company_change(
        supplier=relationship.supplier,
        actor=supplier_actor,
        action="sharing.shared" if shared else "sharing.unshared",
        message=gettext_noop("Restricted profile shared with %(customer)s")
        if shared
        else gettext_noop("Restricted profile no longer shared with %(customer)s"),
        params={"customer": relationship.customer.name},
        before={"restricted_profile_shared": not shared},
        after={"restricted_profile_shared": shared},
    )


def _record(
    relationship: Relationship,
    *,
    from_state: str,
    actor: User | None,
    message: str,
    params: dict | None = None,
    note: str = "",
) -> RelationshipEvent:
    return RelationshipEvent.objects.create(
        relationship=relationship,
        actor=actor,
        actor_side=_side_of(actor, relationship),
        from_state=from_state,
        to_state=relationship.state,
        message=message,
        params=params or {},
        note=note,
    )


def _side_of(actor: User | None, relationship: Relationship) -> str:
    """Which side acts; an actor from neither company may not act at all."""
    if actor is None:
        return Side.SYSTEM
    if CustomerMember.objects.filter(user=actor, customer_id=relationship.customer_id).exists():
        return Side.CUSTOMER
    if SupplierMember.objects.filter(user=actor, supplier_id=relationship.supplier_id).exists():
        return Side.SUPPLIER
    if actor.is_superuser:
        return Side.OPERATOR
    raise PermissionDenied(
        _("Only the supplier's or the customer's staff can act on this relationship.")
    )
