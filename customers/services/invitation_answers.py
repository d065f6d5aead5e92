"""Following an invitation link, and the supplier's answer: accept or decline.

The link's token opens the invitation (its first opening is recorded). The
signed-in supplier who accepts is connected with the customer
(``relationships.connect``, which starts onboarding when the customer has a
questionnaire); the invitation records which company accepted, and with which
address. Accept and decline are also offered in Customer Setup for an
INVITED relationship. Locks: the invitation, then the relationship, in this
order everywhere (``customers.services.invitations`` sends them). The
customer's admins are emailed the answer, each in their language.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.access import Need
from accounts.models import Supplier, SupplierMember, User
from csp_portal.join_links import is_link_token
from customers.access import check_customer_access
from customers.exceptions import (
    AlreadyConnected,
    InvalidInvitationLink,
    InvitationError,
    InvitationExpired,
    OtherEmailNotConfirmed,
    RequestAwaitingAnswer,
)
from customers.models import (
    ACCEPTED_STATES,
    Customer,
    Invitation,
    InvitationStatus,
    Relationship,
    RelationshipState,
)
from customers.models.relationships import transition_not_allowed
from customers.services import relationships, sharing
from customers.services.invitations import (
    customer_actor,
    invited_relationship,
    lock_invitation,
    lock_pair,
)
from customers.services.recipients import customer_admin_users, email_users

Status = InvitationStatus


def open_invitation(*, token: str) -> Invitation:
    """The invitation a followed link names; the first opening of a pending one is recorded.

    Raises ``InvalidInvitationLink`` for an unknown, replaced or tampered token.
    """
    if not is_link_token(token):
        raise InvalidInvitationLink
    invitation = (
        Invitation.objects.with_token(token).select_related("customer", "invited_by").first()
    )
    if invitation is None:
        raise InvalidInvitationLink
    if invitation.status == Status.PENDING and invitation.opened_at is None:
        now = timezone.now()
        # A conditional update: the first opening wins, without locking on a GET.
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
        invitation.opened_at = now
    return invitation


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    user: User,
    other_email_confirmed: bool = False,
    share_restricted_profile: bool = False,
) -> Relationship:
    """The signed-in supplier accepts: their company is connected with the customer.

    Signed in with another address than the invited one, the user must have
    confirmed it; the timeline and the invitation record it. An administrator
    may share the restricted profile with the customer at the same time.
    """
    invitation = lock_invitation(invitation)
    _check_answerable(invitation, answer=Status.ACCEPTED)
    supplier = _managed_supplier(user, invitation.customer)
    other_email = user.email.lower() != invitation.email.lower()
    if other_email and not other_email_confirmed:
        raise OtherEmailNotConfirmed(invitation=invitation, user=user)
    relationship = lock_pair(supplier=supplier, customer=invitation.customer)
    state = relationship.state if relationship else None
    if state in ACCEPTED_STATES:
        raise AlreadyConnected(customer_name=invitation.customer.name)
    if state == RelationshipState.REQUESTED:
        # Connecting here would leave the request record (connections app) pending.
        raise RequestAwaitingAnswer(customer_name=invitation.customer.name)
    if state != RelationshipState.INVITED:
        relationship = relationships.invite(
            supplier=supplier,
            customer=invitation.customer,
            actor=customer_actor(invitation, invitation.invited_by),
            email=invitation.email,
        )
    if other_email:
        relationships.note_event(
            relationship=relationship,
            actor=user,
            message=gettext_noop(
                "Invitation sent to %(invited_email)s accepted with another address, %(email)s"
            ),
            params={"invited_email": invitation.email, "email": user.email},
        )
    relationship = relationships.connect(
        supplier=supplier, customer=invitation.customer, actor=user
    )
    invitation.status, invitation.accepted_at = Status.ACCEPTED, timezone.now()
    invitation.accepted_supplier, invitation.accepted_by = supplier, user
    invitation.accepted_with_email = user.email if other_email else ""
    invitation.save(
        update_fields=[
            "status",
            "accepted_at",
            "accepted_supplier",
            "accepted_by",
            "accepted_with_email",
        ]
    )
    if share_restricted_profile:
        relationship = sharing.set_sharing(relationship=relationship, shared=True, actor=user)
    _tell_customer("invitation_accepted", relationship=relationship, invitation=invitation)
    return relationship


@transaction.atomic
def decline_invitation(*, invitation: Invitation, actor: User | None) -> Invitation:
    """The invited supplier says no. The customer sees it in its list of invitations."""
    invitation = lock_invitation(invitation)
    _check_answerable(invitation, answer=Status.DECLINED)
    invitation.status, invitation.declined_at = Status.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "declined_at"])
    relationship = invited_relationship(invitation)
    if relationship is not None:
        supplier_actor = (
            actor
            if actor is not None
            and SupplierMember.objects.filter(
                user=actor, supplier_id=relationship.supplier_id
            ).exists()
            else None
        )
        relationships.decline(relationship=relationship, actor=supplier_actor)
    _tell_customer(
        "invitation_declined",
        relationship=relationship,
        invitation=invitation,
        supplier=invitation.invited_supplier,
    )
    return invitation


@transaction.atomic
def accept_relationship_invitation(
    *, relationship: Relationship, actor: User, share_restricted_profile: bool = False
) -> Relationship:
    """Accept invitation from Customer Setup (the relationship is INVITED).

    Through its pending invitation when there is one (locks: invitation, then
    relationship, in this order everywhere); else the relationship alone.
    """
    invitation = _pending_invitation_of(relationship)
    if invitation is not None:
        return accept_invitation(
            invitation=invitation,
            user=actor,
            other_email_confirmed=True,
            share_restricted_profile=share_restricted_profile,
        )
    relationship = _lock_relationship(relationship)
    _managed_supplier(actor, relationship.customer)
    if relationship.state != RelationshipState.INVITED:  # a request is the customer's to accept
        raise transition_not_allowed(current=relationship.state, target=RelationshipState.ACCEPTED)
    _check_relationship_deadline(relationship)
    relationship = relationships.connect(
        supplier=relationship.supplier, customer=relationship.customer, actor=actor
    )
    if share_restricted_profile:
        relationship = sharing.set_sharing(relationship=relationship, shared=True, actor=actor)
    _tell_customer("invitation_accepted", relationship=relationship)
    return relationship


@transaction.atomic
def decline_relationship_invitation(*, relationship: Relationship, actor: User) -> Relationship:
    """Decline from Customer Setup (the relationship is INVITED)."""
    _managed_supplier(actor, relationship.customer)
    invitation = _pending_invitation_of(relationship)
    if invitation is not None:
        decline_invitation(invitation=invitation, actor=actor)
        return _lock_relationship(relationship)
    relationship = _lock_relationship(relationship)
    _check_relationship_deadline(relationship)
    relationship = relationships.decline(relationship=relationship, actor=actor)
    _tell_customer("invitation_declined", relationship=relationship)
    return relationship


# --- helpers --------------------------------------------------------------


def _tell_customer(
    template: str,
    *,
    relationship: Relationship | None,
    invitation: Invitation | None = None,
    supplier: Supplier | None = None,
) -> None:
    """Email the customer's admins that the supplier accepted or declined, with a link."""
    customer = relationship.customer if relationship else invitation.customer
    supplier = supplier or (relationship.supplier if relationship else None)
    if relationship is not None:
        path = reverse("customer_admin:customers_relationship_change", args=[relationship.pk])
    else:
        path = reverse("customer_admin:customers_invitation_change", args=[invitation.pk])
    email_users(
        customer_admin_users(customer),
        template=template,
        context={
            "customer_name": customer.name,
            "supplier_name": supplier.name if supplier else "",
            "invited_email": invitation.email if invitation else "",
            "onboarding": relationship is not None
            and relationship.state == RelationshipState.ONBOARDING,
            "admin_url": settings.SITE_URL + path,
        },
    )


def _check_answerable(invitation: Invitation, *, answer: str) -> None:
    if invitation.is_expired:
        raise InvitationExpired(invitation=invitation)
    invitation.check_can_move_to(answer)


def _check_relationship_deadline(relationship: Relationship) -> None:
    if relationship.deadline is not None and relationship.deadline <= timezone.now():
        raise InvitationError(
            _("This invitation expired on %(date)s. Ask %(customer)s for a new one.")
            % {"date": _day(relationship.deadline), "customer": relationship.customer.name}
        )


def _managed_supplier(user: User, customer: Customer) -> Supplier:
    """The user's company, if they may answer this customer's invitations for it."""
    return check_customer_access(user, customer, Need.MANAGE_CONNECTIONS).supplier


def _pending_invitation_of(relationship: Relationship) -> Invitation | None:
    return (
        Invitation.objects.for_customer(relationship.customer)
        .pending()
        .filter(invited_supplier=relationship.supplier)
        .first()
    )


def _lock_relationship(relationship: Relationship) -> Relationship:
    return Relationship.objects.locked().get(pk=relationship.pk)


def _day(moment) -> str:
    return date_format(timezone.localtime(moment))
