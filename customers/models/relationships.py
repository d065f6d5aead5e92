"""The supplier-customer relationship and its timeline.

One ``Relationship`` per (supplier, customer) pair carries the state every
page reads; ``RelationshipEvent`` rows are its timeline. The states and the
moves allowed between them are written once, here; ``customers/services.py``
performs the moves.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Supplier
from csp_portal.errors import TransitionNotAllowed
from customers.models.customer import Customer


class RelationshipState(models.TextChoices):
    """The states, named as the pages name them (``docs/vocabulary.md``, whose table a
    test keeps equal to these labels and to what each page says).

    ACCEPTED lasts no longer than the move that enters it: the customer
    accepted, and the relationship passes on at once to ONBOARDING (the
    customer's questionnaire waits for answers) or CONNECTED (the customer
    considers the supplier connected).
    """

    INVITED = "invited", pgettext_lazy("relationship state", "Invited")
    REQUESTED = "requested", pgettext_lazy("relationship state", "Request pending")
    ACCEPTED = "accepted", pgettext_lazy("relationship state", "Accepted")
    ONBOARDING = "onboarding", pgettext_lazy("relationship state", "Profile incomplete")
    CONNECTED = "connected", pgettext_lazy("relationship state", "Connected")
    REJECTED = "rejected", pgettext_lazy("relationship state", "Rejected")
    DECLINED = "declined", pgettext_lazy("relationship state", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("relationship state", "Withdrawn")
    REVOKED = "revoked", pgettext_lazy("relationship state", "Revoked")
    EXPIRED = "expired", pgettext_lazy("relationship state", "Expired")
    ENDED = "ended", pgettext_lazy("relationship state", "Ended")


State = RelationshipState
OPEN_STATES = frozenset(
    {State.INVITED, State.REQUESTED, State.ACCEPTED, State.ONBOARDING, State.CONNECTED}
)
CLOSED_STATES = frozenset(
    {State.REJECTED, State.DECLINED, State.WITHDRAWN, State.REVOKED, State.EXPIRED, State.ENDED}
)
WAITING_STATES = frozenset({State.INVITED, State.REQUESTED})  # these carry a deadline
# An invitation or a request this close to its deadline is "expiring soon" (the To do list).
EXPIRING_SOON_DAYS = 7
# The customer took the supplier on (the questionnaire may still wait for answers).
ACCEPTED_STATES = frozenset({State.ACCEPTED, State.ONBOARDING, State.CONNECTED})

# Every allowed move, written once. ``None`` is "no relationship yet".
ALLOWED_MOVES: dict[str | None, frozenset[str]] = {
    None: frozenset({State.INVITED, State.REQUESTED}),
    State.INVITED: frozenset({State.ACCEPTED, State.DECLINED, State.REVOKED, State.EXPIRED}),
    State.REQUESTED: frozenset({State.ACCEPTED, State.REJECTED, State.WITHDRAWN, State.EXPIRED}),
    State.ACCEPTED: frozenset({State.ONBOARDING, State.CONNECTED}),
    # ONBOARDING → ONBOARDING: answers returned to the supplier for changes.
    State.ONBOARDING: frozenset({State.ONBOARDING, State.CONNECTED, State.ENDED}),
    State.CONNECTED: frozenset({State.ENDED}),
    **{closed: frozenset({State.INVITED, State.REQUESTED}) for closed in CLOSED_STATES},
}


def transition_not_allowed(*, current: str | None, target: str) -> TransitionNotAllowed:
    """The refusal of a relationship move, in words: where it is, where it cannot go."""
    labels = dict(RelationshipState.choices)
    return TransitionNotAllowed(
        gettext(
            "This cannot be done now: the relationship is %(current)s, not one that can become %(target)s."
        )
        % {
            "current": str(labels.get(current, gettext("not started"))).lower(),
            "target": str(labels[target]).lower(),
        },
        current=current,
        target=target,
    )


class SetupGroup(models.TextChoices):
    """The groups of Customer Setup, in the order the page shows them."""

    INCOMPLETE = "incomplete", pgettext_lazy("setup group", "Incomplete profiles")
    INVITED = "invited", pgettext_lazy("setup group", "Invited you")
    REQUESTED = "requested", pgettext_lazy("setup group", "Requests pending")
    CONNECTED = "connected", pgettext_lazy("setup group", "Connected")
    CLOSED = "closed", pgettext_lazy("setup group", "Closed")


SETUP_GROUP_STATES: dict[str, frozenset[str]] = {
    SetupGroup.INCOMPLETE: frozenset({State.ONBOARDING}),
    SetupGroup.INVITED: frozenset({State.INVITED}),
    SetupGroup.REQUESTED: frozenset({State.REQUESTED}),
    SetupGroup.CONNECTED: frozenset({State.ACCEPTED, State.CONNECTED}),
    SetupGroup.CLOSED: CLOSED_STATES,
}


class RelationshipQuerySet(models.QuerySet["Relationship"]):
    def for_supplier(self, supplier: Supplier) -> "RelationshipQuerySet":
        return self.filter(supplier=supplier)

    def for_customer(self, customer: Customer) -> "RelationshipQuerySet":
        return self.filter(customer=customer)

    def in_states(self, states) -> "RelationshipQuerySet":
        return self.filter(state__in=list(states))

    def open(self) -> "RelationshipQuerySet":
        return self.in_states(OPEN_STATES)

    def closed(self) -> "RelationshipQuerySet":
        return self.in_states(CLOSED_STATES)

    def incomplete(self) -> "RelationshipQuerySet":
        return self.filter(state=State.ONBOARDING)

    def accepted(self) -> "RelationshipQuerySet":
        return self.in_states(ACCEPTED_STATES)

    def locked(self) -> "RelationshipQuerySet":
        """These rows, locked until the transaction ends, with their customer and supplier."""
        return self.select_for_update(of=("self",)).select_related("customer", "supplier")

    def past_deadline(self, *, now=None) -> "RelationshipQuerySet":
        return self.in_states(WAITING_STATES).filter(deadline__lt=now or timezone.now())


class Relationship(models.Model):
    """The state of one supplier with one customer."""

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="relationships",
        verbose_name=_("supplier"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="relationships",
        verbose_name=_("customer"),
    )
    state = models.CharField(_("state"), max_length=16, choices=RelationshipState.choices)
    deadline = models.DateTimeField(
        _("answer by"),
        null=True,
        blank=True,
        help_text=_("When an open invitation or request expires."),
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why the request was rejected or the relationship ended."),
    )
    state_changed_at = models.DateTimeField(_("since"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The supplier's choice (customers/services/sharing.py); a closing move clears it.
    restricted_profile_shared = models.BooleanField(
        _("restricted profile shared"),
        default=False,
        help_text=_("The supplier shares its restricted profile and documents with this customer."),
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "customer"], name="relationship_one_per_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=RelationshipState.values),
                name="relationship_state_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(state__in=sorted(WAITING_STATES), deadline__isnull=False)
                    | (
                        ~models.Q(state__in=sorted(WAITING_STATES))
                        & models.Q(deadline__isnull=True)
                    )
                ),
                name="relationship_deadline_iff_waiting",
            ),
            models.CheckConstraint(
                condition=models.Q(restricted_profile_shared=False)
                | models.Q(state__in=sorted(OPEN_STATES)),
                name="relationship_shared_only_while_open",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "state"], name="relationship_customer_state"),
            models.Index(fields=["state", "deadline"], name="relationship_state_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} — {self.customer} ({self.get_state_display()})"

    # --- predicates the pages ask -----------------------------------------
    @property
    def is_accepted(self) -> bool:
        return self.state in ACCEPTED_STATES

    @property
    def needs_onboarding(self) -> bool:
        return self.state == State.ONBOARDING

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def shares_restricted_profile(self) -> bool:
        """Whether the customer sees the restricted profile and documents now."""
        return self.restricted_profile_shared and self.is_open

    @property
    def can_end(self) -> bool:
        return State.ENDED in ALLOWED_MOVES[self.state]

    @property
    def can_withdraw(self) -> bool:
        return State.WITHDRAWN in ALLOWED_MOVES[self.state]

    @property
    def cooldown_ends_at(self):
        """After a rejection, when the supplier may request again (``None``: no waiting)."""
        if self.state != State.REJECTED:
            return None
        return self.state_changed_at + timedelta(days=settings.REQUEST_COOLDOWN_DAYS)

    def in_cooldown(self, *, now=None) -> bool:
        ends = self.cooldown_ends_at
        return ends is not None and (now or timezone.now()) < ends

    @property
    def setup_group(self) -> str:
        return next(group for group, states in SETUP_GROUP_STATES.items() if self.state in states)

    @property
    def badge_tone(self) -> str:
        """The colour of the state badge (CSS modifier)."""
        if self.state == State.CONNECTED:
            return "ok"
        if self.state in WAITING_STATES or self.state == State.ONBOARDING:
            return "warn"
        if self.state in {State.REJECTED, State.ENDED, State.REVOKED}:
            return "danger"
        return "muted"

    def can_move_to(self, state: str) -> bool:
        return state in ALLOWED_MOVES[self.state]

    def check_can_move_to(self, state: str) -> None:
        if not self.can_move_to(state):
            raise transition_not_allowed(current=self.state, target=state)


class RelationshipEvent(models.Model):
    """One step of a relationship's timeline: who, when, from, to, and what happened."""

    class Side(models.TextChoices):
        SUPPLIER = "supplier", _("Supplier")
        CUSTOMER = "customer", _("Customer")
        OPERATOR = "operator", _("Operator")
        SYSTEM = "system", _("Automatic")

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("relationship"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    from_state = models.CharField(
        _("from"), max_length=16, choices=RelationshipState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=16, choices=RelationshipState.choices)
    # An English sentence marked for translation (gettext_noop), with its
    # parameters: the timeline shows it in the reader's language.
    message = models.CharField(_("what happened"), max_length=300)
    params = models.JSONField(_("details"), default=dict, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Words typed by a person, as typed.")
    )

    class Meta:
        verbose_name = _("relationship event")
        verbose_name_plural = _("relationship events")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["relationship", "created_at"], name="event_relationship_time")
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        try:
            return gettext(self.message) % self.params
        except (KeyError, TypeError, ValueError):
            return gettext(self.message)
