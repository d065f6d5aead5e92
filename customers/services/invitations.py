"""Invitations, the customer's side: send, resend, revoke, expire, ask for a new link,
and delivery tracking. The supplier's answer is ``invitation_answers``.

A customer admin invites an email address. When it belongs to an existing
supplier user, that supplier's relationship moves to INVITED at once (through
``relationships.invite``) and follows the invitation: revoked, declined,
expired or connected with it. Otherwise the invitation waits on its own; the
signed-in supplier who accepts it is connected (``relationships.connect``, which
starts onboarding when the customer has a questionnaire), and the invitation
records which company that was.

Each function runs in a transaction and locks the invitation row, so two
clicks on Accept give one acceptance. The link's token is returned by nobody:
it exists only in the email (the database keeps its hash).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_noop

from accounts.models import Supplier, SupplierMember, User
from csp_portal.errors import TransitionNotAllowed
from csp_portal.join_links import hash_link_token, new_link_token
from csp_portal.outbox import emails
from csp_portal.outbox.models import OutboxMessage
from customers.exceptions import (
    InvitationAlreadyPending,
    NewLinkRecentlyRequested,
    SupplierAlreadyConnected,
    SupplierAlreadyInvited,
    SupplierAlreadyRequested,
)
from customers.models import (
    ACCEPTED_STATES,
    Customer,
    CustomerMember,
    Invitation,
    InvitationStatus,
    Relationship,
    RelationshipState,
)
from customers.services import relationships
from customers.services.recipients import customer_admin_users, email_users

# One "ask for a new link" per invitation in this time: each one emails every admin.
NEW_LINK_REQUEST_INTERVAL = timedelta(hours=12)
Status = InvitationStatus


# --- the customer's side --------------------------------------------------


@transaction.atomic
def send_invitation(
    *,
    customer: Customer,
    email: str,
    invited_by: User | None,
    contact_name: str = "",
    company_name: str = "",
    language: str = "",
    message: str = "",
) -> Invitation:
    """Email a new invitation link to ``email``.

    Refused when an invitation to that address is still pending (offer to
    resend it), and when the address belongs to a supplier already
    connected, already requesting, or already invited by another address.
    """
    email = email.strip().lower()
    now = timezone.now()
    pending = Invitation.objects.for_customer(customer).pending().filter(email=email).first()
    if pending is not None:
        if pending.expires_at >= now:
            raise InvitationAlreadyPending(invitation=pending)
        _expire(lock_invitation(pending), now=now)
    invitation = Invitation(
        customer=customer,
        email=email,
        contact_name=contact_name.strip(),
        company_name=company_name.strip(),
        language=language or settings.LANGUAGE_CODE,
        message=message.strip(),
        invited_by=invited_by,
        sent_at=now,
        created_at=now,
        expires_at=customer.answer_deadline(start=now),
    )
    return _send(invitation, actor=invited_by, now=now)


@transaction.atomic
def resend_invitation(*, invitation: Invitation, actor: User | None) -> Invitation:
    """Send a pending or expired invitation again with a new link; the old link stops working."""
    invitation = lock_invitation(invitation)
    if not invitation.can_resend:
        raise invitation.not_waiting(target=Status.PENDING)
    now = timezone.now()
    invitation.status = Status.PENDING
    invitation.expired_at = None
    invitation.sent_at = now
    invitation.expires_at = invitation.customer.answer_deadline(start=now)
    invitation.send_count += 1
    # A new sending: its delivery and opening are tracked afresh.
    invitation.delivered_at = invitation.bounced_at = invitation.complained_at = None
    invitation.opened_at = invitation.new_link_requested_at = None
    invitation.bounce_reason = ""
    return _send(invitation, actor=actor, now=now, again=True)


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor: User | None) -> Invitation:
    """The customer withdraws a pending invitation: its link stops working."""
    invitation = lock_invitation(invitation)
    invitation.check_can_move_to(Status.REVOKED)
    now = timezone.now()
    invitation.status, invitation.revoked_at = Status.REVOKED, now
    invitation.save(update_fields=["status", "revoked_at"])
    relationship = invited_relationship(invitation)
    if relationship is not None:
        relationships.revoke(relationship=relationship, actor=customer_actor(invitation, actor))
    return invitation


@transaction.atomic
def request_new_link(*, invitation: Invitation) -> Invitation:
    """The holder of an expired link asks for a new one: the customer's admins are told.

    Rate-limited per invitation through the shared cache, since each request
    emails every admin of the customer.
    """
    invitation = lock_invitation(invitation)
    if not invitation.is_expired:
        raise invitation.not_waiting(target=Status.PENDING)
    key = f"invitation-new-link:{invitation.pk}"
    # cache.add is atomic in every shared backend: of two simultaneous asks, one passes.
    if not cache.add(key, True, timeout=int(NEW_LINK_REQUEST_INTERVAL.total_seconds())):
        raise NewLinkRecentlyRequested(customer_name=invitation.customer.name)
    invitation.new_link_requested_at = timezone.now()
    invitation.save(update_fields=["new_link_requested_at"])
    email_users(
        customer_admin_users(invitation.customer),
        template="invitation_new_link_requested",
        context={
            "customer_name": invitation.customer.name,
            "invited_email": invitation.email,
            "company_name": invitation.company_name,
            "contact_name": invitation.contact_name,
            "expired_on": invitation.expires_at,
            "admin_path": reverse(
                "customer_admin:customers_invitation_change", args=[invitation.pk]
            ),
        },
    )
    return invitation


# --- expiry (manage.py expire_stale) ---------------------------------------


def expire_invitations(*, now: datetime | None = None) -> int:
    """Expire every pending invitation past its date; returns how many."""
    now = now or timezone.now()
    expired = 0
    for invitation in Invitation.objects.past_expiry(now=now).order_by("expires_at"):
        try:
            expire_invitation(invitation=invitation, now=now)
        except TransitionNotAllowed:
            continue  # answered or resent since it was listed
        expired += 1
    return expired


@transaction.atomic
def expire_invitation(*, invitation: Invitation, now: datetime | None = None) -> Invitation:
    """Nobody answered in time: EXPIRED, and so is the INVITED relationship it opened."""
    return _expire(lock_invitation(invitation), now=now or timezone.now())


# --- delivery tracking (anymail webhooks) -----------------------------------


@transaction.atomic
def record_delivery_event(
    *,
    provider_message_id: str,
    event_type: str,
    timestamp: datetime | None = None,
    description: str = "",
) -> Invitation | None:
    """Record delivered / bounced / complained against the invitation sent with that message.

    Events about an earlier sending (before a resend), or about other mail,
    match nothing and are ignored.
    """
    if not provider_message_id:
        return None
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(outbox_message__provider_message_id=provider_message_id)
        .first()
    )
    if invitation is None:
        return None
    when = timestamp or timezone.now()
    if event_type == "delivered":
        invitation.delivered_at = when
        fields = ["delivered_at"]
    elif event_type in ("bounced", "rejected"):
        invitation.bounced_at = when
        invitation.bounce_reason = (description or "")[:500]
        fields = ["bounced_at", "bounce_reason"]
    elif event_type == "complained":
        invitation.complained_at = when
        fields = ["complained_at"]
    else:
        return None
    invitation.save(update_fields=fields)
    return invitation


# --- helpers (``customer_actor``, ``invited_relationship`` and the locks are shared with
# ``invitation_answers``) ------------------------------------------------------


def _send(invitation: Invitation, *, actor: User | None, now, again: bool = False) -> Invitation:
    """Put an existing supplier on INVITED, store a new token's hash, email the link."""
    supplier = _supplier_of_email(invitation.email)
    if supplier is not None:
        relationship = _put_on_invited(invitation, supplier=supplier, actor=actor, again=again)
        invitation.invited_supplier = supplier
        # One date for both: the invitation and the relationship expire together.
        invitation.expires_at = relationship.deadline
    token = new_link_token()
    invitation.token_hash = hash_link_token(token)
    try:
        with transaction.atomic():  # a savepoint: the constraints catch a concurrent twin
            invitation.save()
    except IntegrityError:
        others = (
            Invitation.objects.for_customer(invitation.customer)
            .pending()
            .exclude(pk=invitation.pk)
            .select_related("invited_supplier")
        )
        if pending := others.filter(email=invitation.email).first():
            raise InvitationAlreadyPending(invitation=pending) from None
        if supplier is not None and (other := others.filter(invited_supplier=supplier).first()):
            raise SupplierAlreadyInvited(invitation=other) from None
        raise
    invitation.outbox_message = _email_invitation(invitation, token)
    invitation.save(update_fields=["outbox_message"])
    return invitation


def _put_on_invited(
    invitation: Invitation, *, supplier: Supplier, actor: User | None, again: bool
) -> Relationship:
    customer = invitation.customer
    relationship = lock_pair(supplier=supplier, customer=customer)
    state = relationship.state if relationship else None
    if state in ACCEPTED_STATES:
        raise SupplierAlreadyConnected(supplier_name=supplier.name)
    if state == RelationshipState.REQUESTED:
        raise SupplierAlreadyRequested(supplier_name=supplier.name)
    actor = customer_actor(invitation, actor)
    if state != RelationshipState.INVITED:
        return relationships.invite(
            supplier=supplier, customer=customer, actor=actor, email=invitation.email
        )
    other = (
        Invitation.objects.for_customer(customer)
        .pending()
        .filter(invited_supplier=supplier)
        .exclude(pk=invitation.pk)
        .first()
    )
    if other is not None:
        raise SupplierAlreadyInvited(invitation=other)
    # Already INVITED (resent, or invited before without an email): the new
    # link gives the supplier the customer's full time to answer again.
    Relationship.objects.filter(pk=relationship.pk).update(deadline=invitation.expires_at)
    relationship.deadline = invitation.expires_at
    relationships.note_event(
        relationship=relationship,
        actor=actor,
        message=gettext_noop("Invitation sent again to %(email)s")
        if again
        else gettext_noop("Invitation sent to %(email)s"),
        params={"email": invitation.email},
    )
    return relationship


def _email_invitation(invitation: Invitation, token: str) -> OutboxMessage:
    inviter = invitation.invited_by
    return emails.send_templated_email(
        template="invitation",
        to=invitation.email,
        language=invitation.language,
        context={
            "customer_name": invitation.customer.name,
            "inviter_name": inviter.get_full_name() if inviter else "",
            "contact_name": invitation.contact_name,
            "company_name": invitation.company_name,
            "personal_message": invitation.message,
            "invitation_url": settings.SITE_URL
            + reverse("customers:invitation_link", args=[token]),
            "expires_at": invitation.expires_at,
            "has_account": invitation.invited_supplier_id is not None,
        },
    )


def _expire(invitation: Invitation, *, now) -> Invitation:
    invitation.check_can_move_to(Status.EXPIRED)
    if invitation.expires_at >= now:  # resent since it was listed: a new deadline
        raise invitation.not_waiting(target=Status.EXPIRED)
    invitation.status, invitation.expired_at = Status.EXPIRED, now
    invitation.save(update_fields=["status", "expired_at"])
    relationship = invited_relationship(invitation)
    if relationship is not None and relationship.deadline < now:
        relationships.expire(relationship=relationship, now=now)
    return invitation


def _supplier_of_email(email: str) -> Supplier | None:
    membership = (
        SupplierMember.objects.select_related("supplier")
        .filter(user__email__iexact=email, user__is_active=True)
        .first()
    )
    return membership.supplier if membership else None


def customer_actor(invitation: Invitation, actor: User | None) -> User | None:
    """The acting customer admin for the timeline, or nobody if they left the customer."""
    if actor is None:
        return None
    is_member = CustomerMember.objects.filter(
        user=actor, customer_id=invitation.customer_id
    ).exists()
    return actor if is_member or actor.is_superuser else None


def invited_relationship(invitation: Invitation) -> Relationship | None:
    """The INVITED relationship this invitation opened, locked, if it is still open."""
    if invitation.invited_supplier_id is None:
        return None
    relationship = lock_pair(supplier=invitation.invited_supplier, customer=invitation.customer)
    if relationship is None or relationship.state != RelationshipState.INVITED:
        return None
    return relationship


def lock_invitation(invitation: Invitation) -> Invitation:
    return Invitation.objects.locked().get(pk=invitation.pk)


def lock_pair(*, supplier: Supplier, customer: Customer) -> Relationship | None:
    return Relationship.objects.locked().filter(supplier=supplier, customer=customer).first()


def _day(moment) -> str:
    return date_format(timezone.localtime(moment))
