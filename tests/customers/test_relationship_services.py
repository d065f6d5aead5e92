"""The relationship state machine: every allowed and refused move, events, emails."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from csp_portal.errors import TransitionNotAllowed
from customers import services
from customers.exceptions import AlreadyConnected, CooldownActive, NotAcceptingRequests
from customers.models import (
    ALLOWED_MOVES,
    Relationship,
    RelationshipEvent,
)
from customers.models import (
    RelationshipState as State,
)
from tests.factories import make_customer, make_user

pytestmark = pytest.mark.django_db


def _request(supplier, customer, supplier_user, contact="buyer@acme.example"):
    return services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email=contact
    )


def _in_state(state, supplier, customer, supplier_user, customer_admin) -> Relationship:
    """Drive a fresh relationship into ``state`` through the services only."""
    if state in (State.INVITED, State.DECLINED, State.REVOKED):
        relationship = services.invite(supplier=supplier, customer=customer, actor=customer_admin)
        if state == State.DECLINED:
            services.decline(relationship=relationship, actor=supplier_user)
        if state == State.REVOKED:
            services.revoke(relationship=relationship, actor=customer_admin)
        return Relationship.objects.get(pk=relationship.pk)
    relationship = _request(supplier, customer, supplier_user)
    if state == State.REJECTED:
        services.reject(relationship=relationship, actor=customer_admin, reason="Not now")
    elif state == State.WITHDRAWN:
        services.withdraw(relationship=relationship, actor=supplier_user)
    elif state == State.EXPIRED:
        Relationship.objects.filter(pk=relationship.pk).update(
            deadline=timezone.now() - timedelta(minutes=1)
        )
        services.expire(relationship=relationship)
    elif state in (State.CONNECTED, State.ENDED):
        services.connect(supplier=supplier, customer=customer, actor=customer_admin)
        if state == State.ENDED:
            services.end(relationship=relationship, actor=customer_admin, reason="Done")
    elif state == State.ONBOARDING:
        services.connect(supplier=supplier, customer=customer, actor=customer_admin)
        Relationship.objects.filter(pk=relationship.pk).update(state=State.ACCEPTED)
        services.start_onboarding(relationship=relationship, actor=customer_admin)
    elif state == State.ACCEPTED:
        services.connect(supplier=supplier, customer=customer, actor=customer_admin)
        Relationship.objects.filter(pk=relationship.pk).update(state=State.ACCEPTED)
    return Relationship.objects.get(pk=relationship.pk)


# --- opening -----------------------------------------------------------------


def test_supplier_request_opens_a_requested_relationship_with_deadline_and_event(
    supplier, supplier_user, customer
):
    before = timezone.now()

    relationship = _request(supplier, customer, supplier_user, contact="j.doe@acme.example")

    assert relationship.state == State.REQUESTED
    assert (
        before + timedelta(days=30) <= relationship.deadline <= timezone.now() + timedelta(days=30)
    )
    [event] = relationship.events.all()
    assert (event.from_state, event.to_state) == ("", State.REQUESTED)
    assert event.actor == supplier_user
    assert event.actor_side == RelationshipEvent.Side.SUPPLIER
    assert event.description == "Request sent to j.doe@acme.example"


def test_deadline_follows_the_customers_days_to_answer(supplier, supplier_user, customer):
    customer.days_to_answer = 10
    customer.save()

    relationship = _request(supplier, customer, supplier_user)

    assert relationship.deadline.date() == (timezone.now() + timedelta(days=10)).date()


def test_customer_invitation_opens_an_invited_relationship(supplier, customer, customer_admin):
    relationship = services.invite(
        supplier=supplier,
        customer=customer,
        actor=customer_admin,
        email="sophie@fournitures.example",
    )

    assert relationship.state == State.INVITED
    event = relationship.events.get()
    assert event.actor_side == RelationshipEvent.Side.CUSTOMER
    assert event.description == "Invitation sent to sophie@fournitures.example"


def test_invitation_only_customer_refuses_requests(supplier, supplier_user):
    globex = make_customer("Globex", accepts_requests=False)

    with pytest.raises(NotAcceptingRequests) as refusal:
        _request(supplier, globex, supplier_user)

    assert "by invitation only" in refusal.value.message
    assert not Relationship.objects.exists()


@pytest.mark.parametrize("state", [State.CONNECTED, State.ONBOARDING])
def test_connected_supplier_cannot_request_or_be_invited_again(
    state, supplier, supplier_user, customer, customer_admin
):
    _in_state(state, supplier, customer, supplier_user, customer_admin)

    with pytest.raises(AlreadyConnected):
        _request(supplier, customer, supplier_user)
    with pytest.raises(AlreadyConnected):
        services.invite(supplier=supplier, customer=customer, actor=customer_admin)


def test_pending_request_cannot_be_sent_twice(supplier, supplier_user, customer):
    _request(supplier, customer, supplier_user)

    with pytest.raises(TransitionNotAllowed):
        _request(supplier, customer, supplier_user)

    assert Relationship.objects.get().events.count() == 1


def test_new_request_after_rejection_waits_for_the_cooldown(
    settings, supplier, supplier_user, customer, customer_admin
):
    settings.REQUEST_COOLDOWN_DAYS = 7
    relationship = _in_state(State.REJECTED, supplier, customer, supplier_user, customer_admin)

    with pytest.raises(CooldownActive) as refusal:
        _request(supplier, customer, supplier_user)
    assert refusal.value.until == relationship.state_changed_at + timedelta(days=7)

    Relationship.objects.filter(pk=relationship.pk).update(
        state_changed_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    reopened = _request(supplier, customer, supplier_user)
    assert reopened.pk == relationship.pk
    assert reopened.state == State.REQUESTED
    assert reopened.reason == ""


@pytest.mark.parametrize(
    "closed", [State.DECLINED, State.WITHDRAWN, State.REVOKED, State.EXPIRED, State.ENDED]
)
def test_closed_relationships_can_be_reopened_by_either_side(
    closed, supplier, supplier_user, customer, customer_admin
):
    relationship = _in_state(closed, supplier, customer, supplier_user, customer_admin)

    reopened = services.invite(supplier=supplier, customer=customer, actor=customer_admin)

    assert reopened.pk == relationship.pk
    assert reopened.state == State.INVITED
    assert Relationship.objects.count() == 1


# --- accepting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "message"),
    [(State.REQUESTED, "Request accepted"), (State.INVITED, "Invitation accepted")],
)
def test_accepting_connects_and_without_questionnaire_goes_active(
    opening, message, supplier, supplier_user, customer, customer_admin
):
    _in_state(opening, supplier, customer, supplier_user, customer_admin)

    relationship = services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    assert relationship.state == State.CONNECTED
    assert relationship.deadline is None
    moves = [(e.from_state, e.to_state, e.description) for e in relationship.events.all()][1:]
    assert moves == [
        (opening, State.ACCEPTED, message),
        (State.ACCEPTED, State.CONNECTED, "Connected: nothing left to do"),
    ]


def test_accepting_twice_is_refused_and_writes_nothing(
    supplier, supplier_user, customer, customer_admin
):
    _request(supplier, customer, supplier_user)
    services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    with pytest.raises(TransitionNotAllowed):
        services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    assert RelationshipEvent.objects.count() == 3


def test_nothing_to_accept_without_a_relationship(supplier, customer, customer_admin):
    with pytest.raises(TransitionNotAllowed):
        services.connect(supplier=supplier, customer=customer, actor=customer_admin)


def test_onboarding_completes_to_active(supplier, supplier_user, customer, customer_admin):
    relationship = _in_state(State.ONBOARDING, supplier, customer, supplier_user, customer_admin)

    relationship = services.complete_onboarding(relationship=relationship, actor=customer_admin)

    assert relationship.state == State.CONNECTED
    assert relationship.events.last().description == "Onboarding approved"


# --- every move, allowed or refused ---------------------------------------------

MOVES = {
    State.ACCEPTED: lambda r, s, c: services.connect(
        supplier=r.supplier, customer=r.customer, actor=c
    ),
    State.REJECTED: lambda r, s, c: services.reject(relationship=r, actor=c, reason="No"),
    State.DECLINED: lambda r, s, c: services.decline(relationship=r, actor=s),
    State.WITHDRAWN: lambda r, s, c: services.withdraw(relationship=r, actor=s),
    State.REVOKED: lambda r, s, c: services.revoke(relationship=r, actor=c),
    State.ONBOARDING: lambda r, s, c: services.start_onboarding(relationship=r, actor=c),
    State.CONNECTED: lambda r, s, c: services.complete_onboarding(relationship=r, actor=c),
    State.ENDED: lambda r, s, c: services.end(relationship=r, actor=c, reason="Over"),
}
STARTS = [
    State.INVITED,
    State.REQUESTED,
    State.CONNECTED,
    State.ONBOARDING,
    State.REJECTED,
    State.DECLINED,
    State.WITHDRAWN,
    State.REVOKED,
    State.EXPIRED,
    State.ENDED,
]


# Written out from the product's state diagram, independently of ALLOWED_MOVES.
ALLOWED_FROM = {
    State.ACCEPTED: {State.INVITED, State.REQUESTED},
    State.REJECTED: {State.REQUESTED},
    State.DECLINED: {State.INVITED},
    State.WITHDRAWN: {State.REQUESTED},
    State.REVOKED: {State.INVITED},
    State.ONBOARDING: {State.ACCEPTED},
    State.CONNECTED: {State.ONBOARDING},  # complete_onboarding
    State.ENDED: {State.ONBOARDING, State.CONNECTED},
}


@pytest.mark.parametrize("start", [*STARTS, State.ACCEPTED])
@pytest.mark.parametrize("target", list(MOVES))
def test_each_move_is_allowed_exactly_where_the_state_machine_says(
    start, target, supplier, supplier_user, customer, customer_admin
):
    relationship = _in_state(start, supplier, customer, supplier_user, customer_admin)
    events_before = relationship.events.count()
    allowed = start in ALLOWED_FROM[target]

    if allowed:
        MOVES[target](relationship, supplier_user, customer_admin)
        relationship.refresh_from_db()
        assert relationship.state != start
        assert relationship.events.count() > events_before
        assert relationship.events.filter(from_state=start).exists()
    else:
        with pytest.raises(TransitionNotAllowed) as refusal:
            MOVES[target](relationship, supplier_user, customer_admin)
        assert "This cannot be done now" in refusal.value.message
        relationship.refresh_from_db()
        assert relationship.state == start
        assert relationship.events.count() == events_before


def test_state_machine_table_matches_the_design():
    for target, starts in ALLOWED_FROM.items():
        for start in starts:
            assert target in ALLOWED_MOVES[start]
    for closed in (
        State.REJECTED,
        State.DECLINED,
        State.WITHDRAWN,
        State.REVOKED,
        State.EXPIRED,
        State.ENDED,
    ):
        assert ALLOWED_MOVES[closed] == {State.INVITED, State.REQUESTED}
    assert ALLOWED_MOVES[None] == {State.INVITED, State.REQUESTED}


def test_expire_refuses_before_the_deadline(supplier, supplier_user, customer):
    relationship = _request(supplier, customer, supplier_user)

    with pytest.raises(TransitionNotAllowed):
        services.expire(relationship=relationship)

    relationship.refresh_from_db()
    assert relationship.state == State.REQUESTED


# --- ending -------------------------------------------------------------------


def test_customer_ending_emails_the_supplier_admins_in_their_language(
    supplier,
    supplier_user,
    supplier_member,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    supplier_user.language = "fr"
    supplier_user.save()
    relationship = _in_state(State.CONNECTED, supplier, customer, supplier_user, customer_admin)

    with django_capture_on_commit_callbacks(execute=True):
        services.end(relationship=relationship, actor=customer_admin, reason="Budget gelé")

    relationship.refresh_from_db()
    assert relationship.state == State.ENDED
    assert relationship.reason == "Budget gelé"
    event = relationship.events.last()
    assert event.description == "Relationship ended by the customer"
    assert event.note == "Budget gelé"
    [mail] = mailoutbox  # the admin, not the plain member
    assert mail.to == ["sophie@fournitures.example"]
    assert mail.subject == "Acme Test Industries a mis fin à votre relation"
    assert "Budget gelé" in mail.body


def test_supplier_ending_emails_the_customer_admins(
    supplier,
    supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    relationship = _in_state(State.CONNECTED, supplier, customer, supplier_user, customer_admin)

    with django_capture_on_commit_callbacks(execute=True):
        services.end(relationship=relationship, actor=supplier_user, reason="We stop this line")

    [mail] = mailoutbox
    assert mail.to == ["buyer@acme.example"]
    assert mail.subject == "Fournitures Test SARL ended your relationship"
    assert "/customer-admin/customers/relationship/" in mail.body


def test_an_outsider_cannot_act_on_a_relationship(
    supplier, supplier_user, customer, customer_admin
):
    relationship = _in_state(State.CONNECTED, supplier, customer, supplier_user, customer_admin)
    outsider = make_user("nobody@example.com")

    with pytest.raises(PermissionDenied):
        services.end(relationship=relationship, actor=outsider, reason="?")

    relationship.refresh_from_db()
    assert relationship.state == State.CONNECTED


# --- database invariants --------------------------------------------------------


def test_database_allows_one_relationship_per_pair(supplier, customer):
    Relationship.objects.create(supplier=supplier, customer=customer, state=State.CONNECTED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(supplier=supplier, customer=customer, state=State.CONNECTED)


@pytest.mark.parametrize(
    ("state", "deadline"),
    [(State.REQUESTED, None), (State.CONNECTED, "now"), ("nonsense", None)],
)
def test_database_refuses_inconsistent_rows(state, deadline, supplier, customer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(
            supplier=supplier,
            customer=customer,
            state=state,
            deadline=timezone.now() if deadline else None,
        )
