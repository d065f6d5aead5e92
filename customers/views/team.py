"""The supplier's Team page (*Setup → Team*): colleagues, what each may do and for which
customers, invitations to join, requests to join, and the team's audit log.

For the company's administrators only (a member gets a 403 saying so). Every
id in a URL is looked up within the user's company, so another company's is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services as account_services
from accounts import team as account_team
from accounts.access import Need, supplier_required
from accounts.models import JoinRequest, SupplierMember, TeamInvitation
from csp_portal.errors import DomainError
from csp_portal.join_links import JOIN_LINK_DAYS
from customers.forms import ColleagueRightsForm, InviteColleagueForm
from customers.selectors import team as selectors
from customers.services import team as services

LOG_PAGE_SIZE = 20


@supplier_required(Need.ADMIN)
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    supplier = request.membership.supplier
    log = Paginator(selectors.team_log(supplier), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "supplier": supplier,
        "colleagues": selectors.colleagues(supplier),
        "invited": selectors.invited_colleagues(supplier),
        "join_requests": selectors.join_requests(supplier),
        "log": log,
    }
    return render(request, "customers/team/team.html", context)


@supplier_required(Need.ADMIN)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    supplier = request.membership.supplier
    form = InviteColleagueForm(request.POST or None, supplier=supplier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite_colleague(
                supplier=supplier,
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                can_manage_connections=data["can_manage_connections"],
                customers=form.chosen_customers(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Invitation sent to %(email)s. They join your team when they follow its "
                    "link, which works once, until %(date)s."
                )
                % {"email": invitation.email, "date": _day(invitation.expires_at)},
            )
            return redirect("customers:team")
    return render(
        request, "customers/team/invite.html", {"form": form, "link_days": JOIN_LINK_DAYS}
    )


@supplier_required(Need.ADMIN)
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    """What one colleague may do: role, connections, customers; deactivate or remove them."""
    membership = _member(request, member_id)
    customers = services.granted_customers(membership)
    form = ColleagueRightsForm(
        request.POST or None,
        supplier=membership.supplier,
        initial=ColleagueRightsForm.initial_for(membership, customers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(
                membership=membership,
                actor=request.user,
                role=form.cleaned_data["role"],
                can_manage_connections=form.cleaned_data["can_manage_connections"],
                customers=form.chosen_customers(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("What %(name)s may do is saved.") % {"name": membership.user.get_full_name()},
            )
            return redirect("customers:team")
    context = {"colleague": membership, "form": form, "is_self": membership.user == request.user}
    return render(request, "customers/team/member.html", context)


@supplier_required(Need.ADMIN)
@require_POST
def deactivate(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = _member(request, member_id)
    return _act(
        request,
        lambda: account_team.deactivate_member(membership=membership, actor=request.user),
        _("%(name)s is deactivated: their sessions have ended, and they can no longer act.")
        % {"name": membership.user.get_full_name()},
    )


@supplier_required(Need.ADMIN)
@require_POST
def reactivate(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = _member(request, member_id)
    return _act(
        request,
        lambda: account_team.reactivate_member(membership=membership, actor=request.user),
        _("%(name)s is active again.") % {"name": membership.user.get_full_name()},
    )


@supplier_required(Need.ADMIN)
@require_POST
def remove(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = _member(request, member_id)
    return _act(
        request,
        lambda: account_team.remove_member(membership=membership, actor=request.user),
        _("%(name)s is no longer in your team.") % {"name": membership.user.get_full_name()},
    )


@supplier_required(Need.ADMIN)
@require_POST
def resend_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    return _act(
        request,
        lambda: account_team.resend_team_invitation(invitation=invitation, actor=request.user),
        _("The invitation to %(email)s was sent again, with a new link.")
        % {"email": invitation.email},
    )


@supplier_required(Need.ADMIN)
@require_POST
def revoke_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    return _act(
        request,
        lambda: account_team.revoke_team_invitation(invitation=invitation, actor=request.user),
        _("The invitation to %(email)s is withdrawn: its link no longer works.")
        % {"email": invitation.email},
    )


@supplier_required(Need.ADMIN)
@require_POST
def approve_join_request(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = _join_request(request, pk)
    return _act(
        request,
        lambda: account_services.approve_join_request(
            join_request_id=join_request.pk, actor=request.user
        ),
        _(
            "%(name)s is now a member of your company, for all customers. Choose below what "
            "they may do."
        )
        % {"name": join_request.user.get_full_name()},
    )


@supplier_required(Need.ADMIN)
@require_POST
def decline_join_request(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = _join_request(request, pk)
    return _act(
        request,
        lambda: account_services.decline_join_request(
            join_request_id=join_request.pk, actor=request.user
        ),
        _("The request of %(name)s is declined.") % {"name": join_request.user.get_full_name()},
    )


# --- helpers ----------------------------------------------------------------------


def _act(request: HttpRequest, change, success: str) -> HttpResponse:
    """Run one change; its refusal, or ``success``, as a message on the Team page."""
    try:
        change()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("customers:team")


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _member(request: HttpRequest, member_id: int) -> SupplierMember:
    return get_object_or_404(
        SupplierMember.objects.filter(supplier=request.membership.supplier).select_related(
            "user", "supplier"
        ),
        pk=member_id,
    )


def _invitation(request: HttpRequest, invitation_id: int) -> TeamInvitation:
    return get_object_or_404(
        TeamInvitation.objects.filter(supplier=request.membership.supplier).select_related(
            "supplier"
        ),
        pk=invitation_id,
    )


def _join_request(request: HttpRequest, pk: int) -> JoinRequest:
    return get_object_or_404(
        JoinRequest.objects.for_supplier(request.membership.supplier).select_related("user"),
        pk=pk,
    )
