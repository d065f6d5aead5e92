"""Requests to join a supplier company, and its admins' answers."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts import emails
from accounts.exceptions import (
    AlreadyInCompany,
)
from accounts.models import (
    JoinRequest,
    Supplier,
    SupplierMember,
    User,
)
from accounts.services.companies import record_company_change, who

logger = logging.getLogger(__name__)


@transaction.atomic
def request_to_join(*, user: User, supplier: Supplier) -> JoinRequest:
    """A new user asks to join ``supplier`` instead of registering it a second time.

    The administrators hear of it once the user has confirmed their address
    (``submit_join_request``): until then nothing shows they own it.
    """
    if SupplierMember.objects.filter(user=user).exists():
        raise AlreadyInCompany(_already_in_company(user))
    return JoinRequest.objects.create(supplier=supplier, user=user)


@transaction.atomic
def submit_join_request(*, user: User) -> JoinRequest | None:
    """The user confirmed their address: their request to join goes to the admins.

    A no-op (None) when the user has no request waiting for that confirmation,
    e.g. on a later change of address.
    """
    join_request = (
        JoinRequest.objects.select_for_update()
        .filter(user=user, status=JoinRequest.Status.AWAITING_EMAIL)
        .select_related("supplier")
        .first()
    )
    if join_request is None:
        return None
    join_request.check_can_move_to(JoinRequest.Status.PENDING)
    join_request.status = JoinRequest.Status.PENDING
    join_request.save(update_fields=["status"])
    emails.join_request_received(join_request=join_request)
    return join_request


@transaction.atomic
def approve_join_request(*, join_request_id: int, actor: User) -> JoinRequest:
    """The admin adds the requester to the company, as a member."""
    join_request = _locked_join_request(join_request_id)
    join_request.check_can_move_to(JoinRequest.Status.APPROVED)
    if SupplierMember.objects.filter(user=join_request.user).exists():
        raise AlreadyInCompany(_already_in_company(join_request.user))
    membership = SupplierMember.objects.create(
        supplier=join_request.supplier, user=join_request.user, role=SupplierMember.Role.MEMBER
    )
    _decide(join_request, JoinRequest.Status.APPROVED, actor)
    record_company_change(
        supplier=join_request.supplier,
        actor=actor,
        action="team.join_request_approved",
        message=gettext_noop("Approved the request of %(name)s to join the team"),
        params=who(join_request.user),
        after={"role": membership.role, "manage_connections": membership.may_manage_connections},
    )
    emails.join_request_approved(join_request=join_request)
    return join_request


@transaction.atomic
def decline_join_request(*, join_request_id: int, actor: User) -> JoinRequest:
    join_request = _locked_join_request(join_request_id)
    join_request.check_can_move_to(JoinRequest.Status.DECLINED)
    _decide(join_request, JoinRequest.Status.DECLINED, actor)
    record_company_change(
        supplier=join_request.supplier,
        actor=actor,
        action="team.join_request_declined",
        message=gettext_noop("Declined the request of %(name)s to join the team"),
        params=who(join_request.user),
    )
    emails.join_request_declined(join_request=join_request)
    return join_request


def _locked_join_request(join_request_id: int) -> JoinRequest:
    # Two admins answering at once: the second waits here, then sees the answer.
    return (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("supplier", "user")
        .get(pk=join_request_id)
    )


def _decide(join_request: JoinRequest, status: str, actor: User) -> None:
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])


def _already_in_company(user: User) -> str:
    return gettext("%(name)s already works for a company on %(site)s.") % {
        "name": user.get_full_name(),
        "site": settings.SITE_NAME,
    }
