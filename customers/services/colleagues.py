"""A customer's staff: invitations to join (join links), roles, removing, leaving.

Nobody becomes a customer's staff without accepting: an admin (or the
operator, for a customer's first admin) invites an address, and the person
who follows the link with that address joins. Inviting never tells whether
the address has an account or works for another customer: the invitation is
sent all the same, and only the invited person learns, on accepting, that
they must leave the other customer first. The customer keeps an admin: the
last one cannot be demoted, removed or leave. Each change is an entry of the
customer's audit log; each function locks the customer's row first.
"""

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from accounts.models import User
from accounts.services import who
from accounts.team import check_invited_account, send_join_link
from customers.exceptions import AdminsOnly, CustomerTeamError
from customers.models import Customer, CustomerMember, CustomerTeamInvitation
from customers.services.audit import record_customer_change

Role = CustomerMember.Role


@transaction.atomic
def invite_customer_colleague(
    *, customer: Customer, actor: User, email: str, full_name: str = "", role: str
) -> CustomerTeamInvitation:
    """Email a join link to ``email``. The same answer whoever the address belongs to,
    except for this customer's own staff and invitations (which the admin sees anyway)."""
    customer = _lock_customer(customer, actor)
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    email = email.strip().lower()
    if CustomerMember.objects.filter(customer=customer, user__email__iexact=email).exists():
        raise CustomerTeamError(
            gettext("%(email)s is already one of your colleagues.") % {"email": email}
        )
    invitation = CustomerTeamInvitation.objects.to_send(customer=customer, email=email)
    invitation.full_name, invitation.role = full_name.strip(), role
    _send(invitation, actor=actor)
    record_customer_change(
        customer=customer,
        actor=actor,
        action="staff.invited",
        message=gettext_noop("Invited %(email)s to join the staff"),
        params={"email": email},
        after={"role": role},
    )
    return invitation


@transaction.atomic
def resend_customer_invitation(
    *, invitation: CustomerTeamInvitation, actor: User
) -> CustomerTeamInvitation:
    invitation = _lock_invitation(invitation, actor)
    invitation.check_not_answered()
    _send(invitation, actor=actor)
    record_customer_change(
        customer=invitation.customer,
        actor=actor,
        action="staff.invitation_resent",
        message=gettext_noop("Sent the invitation to %(email)s again"),
        params={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def revoke_customer_invitation(
    *, invitation: CustomerTeamInvitation, actor: User
) -> CustomerTeamInvitation:
    invitation = _lock_invitation(invitation, actor)
    invitation.mark_revoked()
    record_customer_change(
        customer=invitation.customer,
        actor=actor,
        action="staff.invitation_revoked",
        message=gettext_noop("Withdrew the invitation to %(email)s"),
        params={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def accept_customer_invitation(*, invitation: CustomerTeamInvitation, user: User) -> CustomerMember:
    """The signed-in person with the invited address joins the customer's staff."""
    invitation = CustomerTeamInvitation.objects.locked().get(pk=invitation.pk)
    customer = Customer.objects.select_for_update().get(pk=invitation.customer_id)
    invitation.check_waiting()
    check_may_join_customer(invitation, user)
    membership = CustomerMember.objects.create(customer=customer, user=user, role=invitation.role)
    invitation.mark_accepted(by=user)
    record_customer_change(
        customer=customer,
        actor=user,
        action="staff.joined",
        message=gettext_noop("%(name)s joined the staff"),
        params=who(user),
        after={"role": membership.role},
    )
    return membership


def check_may_join_customer(invitation: CustomerTeamInvitation, user: User) -> None:
    """Refuse, saying why, a person who may not join with this invitation: another account
    than the invited one, or someone already on a customer's staff."""
    check_invited_account(invitation, user)
    current = CustomerMember.objects.filter(user=user).select_related("customer").first()
    if current is None:
        return
    if current.customer_id == invitation.customer_id:
        message = gettext("You are already on the staff of %(customer)s.")
    else:
        message = gettext(
            "You are already on the staff of %(current)s: a person works for one customer on "
            "the portal. Leave %(current)s first (Your account → Leave), then open the link "
            "again."
        )
    raise CustomerTeamError(
        message % {"customer": invitation.customer.name, "current": current.customer.name}
    )


@transaction.atomic
def change_customer_role(*, membership: CustomerMember, actor: User, role: str) -> CustomerMember:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    _lock_customer(membership.customer, actor)
    membership = _member(membership)
    before = membership.role
    if membership.is_admin and role != Role.ADMIN:
        _check_not_last_admin(
            membership,
            gettext(
                "%(name)s is the last admin of %(customer)s: make another colleague an admin first."
            ),
        )
    membership.role = role
    membership.save(update_fields=["role"])
    record_customer_change(
        customer=membership.customer,
        actor=actor,
        action="staff.role_changed",
        message=gettext_noop("Changed the role of %(name)s"),
        params=who(membership.user),
        before={"role": before},
        after={"role": role},
    )
    return membership


@transaction.atomic
def remove_customer_colleague(*, membership: CustomerMember, actor: User) -> None:
    """Take a colleague off the staff; their account and what they did stay."""
    _lock_customer(membership.customer, actor)
    membership = _member(membership)
    if membership.user_id == actor.pk:
        raise CustomerTeamError(gettext("You cannot remove yourself. To leave, use Your account."))
    if membership.is_admin:
        _check_not_last_admin(membership, gettext("%(name)s is the last admin of %(customer)s."))
    _leave(
        membership, actor=actor, action="staff.removed", message=gettext_noop("Removed %(name)s")
    )


@transaction.atomic
def leave_customer(*, user: User) -> Customer:
    membership = CustomerMember.objects.select_related("customer", "user").filter(user=user).first()
    if membership is None:
        raise CustomerTeamError(gettext("Your account is not on the staff of a customer."))
    Customer.objects.select_for_update().get(pk=membership.customer_id)
    check_may_leave_customer(membership)
    _leave(
        membership, actor=user, action="staff.left", message=gettext_noop("%(name)s left the staff")
    )
    return membership.customer


def check_may_leave_customer(membership: CustomerMember) -> None:
    if membership.is_admin:
        _check_not_last_admin(
            membership,
            gettext(
                "You are the last admin of %(customer)s: make another colleague an admin before "
                "you leave."
            ),
        )


def leave_on_account_deletion(membership: CustomerMember) -> None:
    """The person deletes their account: they leave the staff (the caller checked they may)."""
    _leave(
        membership,
        actor=membership.user,
        action="staff.account_deleted",
        message=gettext_noop("%(name)s deleted their account and left the staff"),
    )


# --- helpers -------------------------------------------------------------------------


def _lock_customer(customer: Customer, actor: User) -> Customer:
    """The customer, locked, if ``actor`` is one of its admins (or the operator)."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not actor.is_superuser and not (
        CustomerMember.objects.admins().filter(customer=customer, user=actor).exists()
    ):
        raise AdminsOnly(customer_name=customer.name)
    return customer


def _lock_invitation(invitation: CustomerTeamInvitation, actor: User) -> CustomerTeamInvitation:
    _lock_customer(invitation.customer, actor)
    return CustomerTeamInvitation.objects.select_related("customer").get(pk=invitation.pk)


def _member(membership: CustomerMember) -> CustomerMember:
    return CustomerMember.objects.select_related("customer", "user").get(pk=membership.pk)


def _check_not_last_admin(membership: CustomerMember, message: str) -> None:
    others = CustomerMember.objects.admins().filter(customer_id=membership.customer_id)
    if not others.exclude(pk=membership.pk).exists():
        raise CustomerTeamError(
            message
            % {"name": membership.user.get_full_name(), "customer": membership.customer.name}
        )


def _leave(membership: CustomerMember, *, actor: User, action: str, message: str) -> None:
    record_customer_change(
        customer=membership.customer,
        actor=actor,
        action=action,
        message=message,
        params=who(membership.user),
        before={"role": membership.role},
    )
    membership.delete()


def _send(invitation: CustomerTeamInvitation, *, actor: User) -> None:
    send_join_link(
        invitation,
        actor=actor,
        team_name=invitation.customer.name,
        role_name=gettext("admin") if invitation.role == Role.ADMIN else gettext("reviewer"),
    )
