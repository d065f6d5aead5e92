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
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services as account_services
from accounts import team as account_team
from accounts.access import Need, supplier_required
from accounts.models import JoinRequest, SupplierMember, TeamInvitation
from csp_portal.errors import DomainError
from csp_portal.join_links import JOIN_LINK_DAYS
from customers.forms import ColleagueRightsForm, InviteColleagueForm
from customers.selectors.team import colleagues, invited_colleagues, join_requests, team_log
from customers.services.team import granted_customers, invite_colleague, update_member

LOG_PAGE_SIZE = 20


@supplier_required(Need.ADMIN)
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    supplier = request.membership.supplier
    log = Paginator(team_log(supplier), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "supplier": supplier,
        "colleagues": colleagues(supplier),
        "invited": invited_colleagues(supplier),
        "join_requests": join_requests(supplier),
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
            invitation = invite_colleague(
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
    customers = granted_customers(membership)
    form = ColleagueRightsForm(
        request.POST or None,
        supplier=membership.supplier,
        initial=ColleagueRightsForm.initial_for(membership, customers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_member(
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


def _team_action(load, change, success: str):
    """A POST-only view of the Team page: load the object named by the URL within the
    company, make one change, and say what happened (``success`` names ``%(name)s``)."""

    @supplier_required(Need.ADMIN)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj, name = load(request, pk)
        try:
            change(obj, request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _(success) % {"name": name})
        return redirect("customers:team")

    return view


def _colleague(request, pk):
    membership = _member(request, pk)
    return membership, membership.user.get_full_name()


def _invited(request, pk):
    invitation = get_object_or_404(
        TeamInvitation.objects.filter(supplier=request.membership.supplier).select_related(
            "supplier"
        ),
        pk=pk,
    )
    return invitation, invitation.email


def _asking(request, pk):
    join_request = get_object_or_404(
        JoinRequest.objects.for_supplier(request.membership.supplier).select_related("user"),
        pk=pk,
    )
    return join_request, join_request.user.get_full_name()


deactivate = _team_action(
    _colleague,
    lambda membership, actor: account_team.deactivate_member(membership=membership, actor=actor),
    gettext_noop("%(name)s is deactivated: their sessions have ended, and they can no longer act."),
)
reactivate = _team_action(
    _colleague,
    lambda membership, actor: account_team.reactivate_member(membership=membership, actor=actor),
    gettext_noop("%(name)s is active again."),
)
remove = _team_action(
    _colleague,
    lambda membership, actor: account_team.remove_member(membership=membership, actor=actor),
    gettext_noop("%(name)s is no longer in your team."),
)
resend_invitation = _team_action(
    _invited,
    lambda invitation, actor: account_team.resend_team_invitation(
        invitation=invitation, actor=actor
    ),
    gettext_noop("The invitation to %(name)s was sent again, with a new link."),
)
revoke_invitation = _team_action(
    _invited,
    lambda invitation, actor: account_team.revoke_team_invitation(
        invitation=invitation, actor=actor
    ),
    gettext_noop("The invitation to %(name)s is withdrawn: its link no longer works."),
)
approve_join_request = _team_action(
    _asking,
    lambda join_request, actor: account_services.approve_join_request(
        join_request_id=join_request.pk, actor=actor
    ),
    gettext_noop(
        "%(name)s is now a member of your company, for all customers. Choose below what they "
        "may do."
    ),
)
decline_join_request = _team_action(
    _asking,
    lambda join_request, actor: account_services.decline_join_request(
        join_request_id=join_request.pk, actor=actor
    ),
    gettext_noop("The request of %(name)s is declined."),
)


# --- helpers ----------------------------------------------------------------------


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _member(request: HttpRequest, member_id: int) -> SupplierMember:
    return get_object_or_404(
        SupplierMember.objects.filter(supplier=request.membership.supplier).select_related(
            "user", "supplier"
        ),
        pk=member_id,
    )
