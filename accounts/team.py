"""The supplier's team: invitations to join (join links), roles and rights, deactivation,
leaving, and deleting one's account.

Only administrators change the team (``accounts.access``, ``Need.ADMIN``), and
nobody grants more than they have. The company keeps an active
administrator: the last one cannot be removed, demoted, deactivated or
leave. Each function locks the supplier's row first, so two administrators
changing the team at once see each other's change, and writes one entry of
the company's audit log (who, when, what, before → after).

Which customers a colleague may act for belongs to the customers app
(``customers.services.team`` calls these functions and adds it).
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts import emails
from accounts.access import Need, check_supplier_access
from accounts.exceptions import (
    AccountsError,
    AlreadyInCompany,
    AlreadyInTeam,
    LastAdmin,
    NotForThisAccount,
)
from accounts.models import (
    JoinRequest,
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    TeamInvitation,
    User,
)
from accounts.services import record_company_change, who

Role = SupplierMember.Role


# --- inviting -----------------------------------------------------------------


@transaction.atomic
def invite_colleague(
    *,
    supplier: Supplier,
    actor: User,
    email: str,
    full_name: str = "",
    role: str = Role.MEMBER,
    can_manage_connections: bool = False,
    audit_extra: dict | None = None,
) -> TeamInvitation:
    """Email a join link to ``email``: who follows it joins with this role and these rights.

    Refused for an address already in the team, and while an invitation to it
    is waiting (send that one again). An expired one is replaced.
    ``audit_extra``: what else the caller grants, for the audit entry.
    """
    acting = _admin_acting_for(actor, supplier)
    _check_grant(acting, role=role, can_manage_connections=can_manage_connections)
    supplier = _lock_supplier(supplier)
    email = email.strip().lower()
    if SupplierMember.objects.filter(supplier=supplier, user__email__iexact=email).exists():
        raise AlreadyInTeam(gettext("%(email)s is already in your team.") % {"email": email})
    invitation = TeamInvitation.objects.to_send(supplier=supplier, email=email)
    invitation.full_name = full_name.strip()
    invitation.role = role
    invitation.can_manage_connections = can_manage_connections and role == Role.MEMBER
    _send(invitation, actor=actor)
    record_company_change(
        supplier=supplier,
        actor=actor,
        action="team.invited",
        message=gettext_noop("Invited %(email)s to join the team"),
        params={"email": email},
        after={**_rights(invitation), **(audit_extra or {})},
    )
    return invitation


@transaction.atomic
def resend_team_invitation(*, invitation: TeamInvitation, actor: User) -> TeamInvitation:
    """Send a waiting or expired invitation again, with a new link; the old one stops working."""
    invitation = _lock_invitation(invitation, actor)
    invitation.check_not_answered()
    _send(invitation, actor=actor)
    record_company_change(
        supplier=invitation.supplier,
        actor=actor,
        action="team.invitation_resent",
        message=gettext_noop("Sent the invitation to %(email)s again"),
        params={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def revoke_team_invitation(*, invitation: TeamInvitation, actor: User) -> TeamInvitation:
    """Withdraw a pending invitation: its link stops working."""
    invitation = _lock_invitation(invitation, actor)
    invitation.mark_revoked()
    record_company_change(
        supplier=invitation.supplier,
        actor=actor,
        action="team.invitation_revoked",
        message=gettext_noop("Withdrew the invitation to %(email)s"),
        params={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def accept_team_invitation(
    *, invitation: TeamInvitation, user: User, audit_extra: dict | None = None
) -> SupplierMember:
    """The signed-in person with the invited address joins the company.

    A person works for one company: one who already does must leave it first.
    """
    invitation = TeamInvitation.objects.locked().select_related("supplier").get(pk=invitation.pk)
    supplier = _lock_supplier(invitation.supplier)
    invitation.check_waiting()
    check_may_join(invitation, user)
    membership = SupplierMember.objects.create(
        supplier=supplier,
        user=user,
        role=invitation.role,
        can_manage_connections=invitation.can_manage_connections,
    )
    invitation.mark_accepted(by=user)
    record_company_change(
        supplier=supplier,
        actor=user,
        action="team.joined",
        message=gettext_noop("%(name)s joined the team"),
        params=who(user),
        after={**_rights(membership), **(audit_extra or {})},
    )
    return membership


def check_invited_account(invitation, user: User) -> None:
    """An invitation to join is for the account with the invited address (either side's)."""
    if user.email.lower() != invitation.email.lower():
        raise NotForThisAccount(
            gettext(
                "This invitation is for %(invited)s, and you are signed in as %(email)s. Log out, "
                "then open the link again to log in or create an account with %(invited)s."
            )
            % {"invited": invitation.email, "email": user.email}
        )


def check_may_join(invitation: TeamInvitation, user: User) -> None:
    """Refuse, saying why, a person who may not join with this invitation: another account
    than the invited one, or someone who already works for a company."""
    check_invited_account(invitation, user)
    current = SupplierMember.objects.filter(user=user).select_related("supplier").first()
    if current is None:
        return
    if current.supplier_id == invitation.supplier_id:
        message = gettext("You are already in the team of %(company)s.")
    else:
        message = gettext(
            "You already work for %(current)s: a person works for one company on the portal. "
            "Leave %(current)s first (Your account → Leave), then open the link again."
        )
    raise AlreadyInCompany(
        message % {"company": invitation.supplier.name, "current": current.supplier.name}
    )


# --- roles, rights, deactivation ------------------------------------------------


@transaction.atomic
def change_member(
    *,
    membership: SupplierMember,
    actor: User,
    role: str,
    can_manage_connections: bool,
    audit_before: dict | None = None,
    audit_after: dict | None = None,
) -> SupplierMember:
    """Set a colleague's role and whether they may manage customer connections.

    ``audit_before``/``audit_after``: what else the caller changes, for the audit entry.
    """
    acting = _admin_acting_for(actor, membership.supplier)
    _check_grant(acting, role=role, can_manage_connections=can_manage_connections)
    membership = _lock_member(membership)
    before = _rights(membership)
    if membership.is_admin and role != Role.ADMIN:
        _check_not_last_admin(
            membership,
            gettext(
                "%(name)s is the last administrator of %(company)s: make another colleague an "
                "administrator first."
            ),
        )
    membership.role = role
    membership.can_manage_connections = can_manage_connections and role == Role.MEMBER
    membership.save(update_fields=["role", "can_manage_connections"])
    record_company_change(
        supplier=membership.supplier,
        actor=actor,
        action="team.rights_changed",
        message=gettext_noop("Changed what %(name)s may do"),
        params=who(membership.user),
        before={**before, **(audit_before or {})},
        after={**_rights(membership), **(audit_after or {})},
    )
    return membership


@transaction.atomic
def deactivate_member(*, membership: SupplierMember, actor: User) -> SupplierMember:
    """The colleague may no longer act: their sessions end now; their history stays."""
    membership = _lock_acted_on(membership, actor, gettext("You cannot deactivate yourself."))
    if not membership.is_deactivated:
        _set_active(membership, actor, active=False)
        end_sessions(membership.user)
    return membership


@transaction.atomic
def reactivate_member(*, membership: SupplierMember, actor: User) -> SupplierMember:
    membership = _lock_acted_on(membership, actor, gettext("You cannot reactivate yourself."))
    if membership.is_deactivated:
        _set_active(membership, actor, active=True)
    return membership


@transaction.atomic
def remove_member(*, membership: SupplierMember, actor: User) -> None:
    """Take a colleague off the team. Their account and what they did stay."""
    membership = _lock_acted_on(membership, actor, gettext("You cannot remove yourself."))
    _leave(membership, actor=actor, action="team.removed", message=gettext_noop("Removed %(name)s"))


# --- the person themselves ---------------------------------------------------------


@transaction.atomic
def leave_company(*, user: User) -> Supplier:
    """The user leaves their company (not its last administrator)."""
    membership = SupplierMember.objects.filter(user=user).select_related("supplier", "user").first()
    if membership is None:
        raise AccountsError(gettext("Your account does not belong to a supplier company."))
    membership = _lock_member(membership)
    _check_may_leave(membership)
    _leave(
        membership, actor=user, action="team.left", message=gettext_noop("%(name)s left the team")
    )
    return membership.supplier


def check_may_leave(user: User) -> None:
    """Refuse, saying why, when the user is the last administrator of their company."""
    membership = SupplierMember.objects.filter(user=user).select_related("supplier", "user").first()
    if membership is not None:
        _check_may_leave(_lock_member(membership))


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Empty and close the account: the person is a "former user" wherever they acted.

    The row stays (timelines and audit logs point at it); the address, name,
    password, email addresses and two-factor devices go, every session ends.
    The customers app checks and ends the person's customer staff place first.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    membership = SupplierMember.objects.filter(user=user).select_related("supplier").first()
    if membership is not None:
        membership = _lock_member(membership)
        _check_may_leave(membership)
        _leave(
            membership,
            actor=user,
            action="team.account_deleted",
            message=gettext_noop("%(name)s deleted their account and left the team"),
        )
    JoinRequest.objects.filter(user=user).open().delete()
    forget_name_in_audit(SupplierAuditEvent.objects.all(), user)
    TeamInvitation.objects.filter(accepted_by=user).update(email=former_email(user), full_name="")
    _empty_account(user)


def forget_name_in_audit(events, user: User) -> None:
    """Audit entries about the person name them as a former user from now on."""
    for event in events.filter(params__user_id=user.pk):
        event.params = {**event.params, "name": "", "email": "", "former_user": True}
        event.save(update_fields=["params"])


def end_sessions(user: User) -> None:
    """End every session of the user, in every browser, at once (``User.session_generation``)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)


def send_join_link(invitation, *, actor: User, team_name: str, role_name: str) -> None:
    """(Re)send an invitation to join a team, either side's, with a new link from ``actor``."""
    invitation.invited_by = actor
    token = invitation.new_token()
    invitation.send_count += 1
    invitation.save()
    emails.join_invitation(
        invitation=invitation, token=token, team_name=team_name, role_name=role_name
    )


def former_email(user: User) -> str:
    # ``.invalid`` is reserved (RFC 2606): no mail can ever reach it.
    return f"former-user-{user.pk}@deleted.invalid"


# --- helpers -------------------------------------------------------------------------


def _admin_acting_for(actor: User, supplier: Supplier) -> SupplierMember:
    acting = check_supplier_access(actor, Need.ADMIN)
    if acting.supplier_id != supplier.pk:
        raise AccountsError(gettext("You can only act for your own company."))
    return acting


def _lock_acted_on(membership: SupplierMember, actor: User, not_yourself: str) -> SupplierMember:
    """The colleague an administrator deactivates, reactivates or removes, locked: never
    oneself (leaving is on Your account), never the last active administrator."""
    _admin_acting_for(actor, membership.supplier)
    membership = _lock_member(membership)
    if membership.user_id == actor.pk:
        raise AccountsError(not_yourself + " " + gettext("To leave the company, use Your account."))
    if membership.is_admin and not membership.is_deactivated:
        _check_not_last_admin(
            membership, gettext("%(name)s is the last administrator of %(company)s.")
        )
    return membership


def _set_active(membership: SupplierMember, actor: User, *, active: bool) -> None:
    membership.deactivated_at = None if active else timezone.now()
    membership.deactivated_by = None if active else actor
    membership.save(update_fields=["deactivated_at", "deactivated_by"])
    record_company_change(
        supplier=membership.supplier,
        actor=actor,
        action="team.reactivated" if active else "team.deactivated",
        message=gettext_noop("Reactivated %(name)s")
        if active
        else gettext_noop("Deactivated %(name)s"),
        params=who(membership.user),
        before={"active": not active},
        after={"active": active},
    )


def _check_grant(acting: SupplierMember, *, role: str, can_manage_connections: bool) -> None:
    """Nobody grants more than they have."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    if (role == Role.ADMIN and not acting.is_admin) or (
        can_manage_connections and not acting.may_manage_connections
    ):
        raise AccountsError(gettext("You cannot give a colleague more rights than you have."))


def _check_not_last_admin(membership: SupplierMember, message: str) -> None:
    others = SupplierMember.objects.admins().filter(supplier_id=membership.supplier_id)
    if not others.exclude(pk=membership.pk).exists():
        raise LastAdmin(
            message % {"name": membership.user.get_full_name(), "company": membership.supplier.name}
        )


def _check_may_leave(membership: SupplierMember) -> None:
    if membership.is_admin and not membership.is_deactivated:
        _check_not_last_admin(
            membership,
            gettext(
                "You are the last administrator of %(company)s: make another colleague an "
                "administrator before you leave."
            ),
        )


def _leave(membership: SupplierMember, *, actor: User, action: str, message: str) -> None:
    before = {**_rights(membership), "active": not membership.is_deactivated}
    record_company_change(
        supplier=membership.supplier,
        actor=actor,
        action=action,
        message=message,
        params=who(membership.user),
        before=before,
    )
    membership.delete()


def _empty_account(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = former_email(user)
    user.full_name = ""
    user.language = ""
    user.set_unusable_password()
    user.is_active = False
    user.deleted_at = timezone.now()
    user.session_generation += 1
    user.save()


def _send(invitation: TeamInvitation, *, actor: User) -> None:
    send_join_link(
        invitation,
        actor=actor,
        team_name=invitation.supplier.name,
        role_name=gettext("administrator") if invitation.role == Role.ADMIN else gettext("member"),
    )


def _rights(holder: SupplierMember | TeamInvitation) -> dict[str, object]:
    return {"role": holder.role, "manage_connections": holder.may_manage_connections}


def _lock_supplier(supplier: Supplier) -> Supplier:
    return Supplier.objects.select_for_update().get(pk=supplier.pk)


def _lock_member(membership: SupplierMember) -> SupplierMember:
    _lock_supplier(membership.supplier)
    return SupplierMember.objects.select_related("supplier", "user").get(pk=membership.pk)


def _lock_invitation(invitation: TeamInvitation, actor: User) -> TeamInvitation:
    _admin_acting_for(actor, invitation.supplier)
    _lock_supplier(invitation.supplier)
    return TeamInvitation.objects.select_related("supplier", "invited_by").get(pk=invitation.pk)
