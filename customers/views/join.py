"""Joining a team through an emailed link, on either side: a supplier's team or a
customer's staff.

The same mechanics as the customers' invitations (``customers.views.invitations``):
the link (``customers:join_link``) remembers the invitation in the session and
sends the browser on to ``customers:join``, a URL without the token. There the
invited person creates their account (the address counts as verified: the
link proved it) or logs in, then joins. A link that was used, withdrawn, or
expired gets a page that says which; an unknown one gets the invalid-link page.
"""

from allauth.account.adapter import get_adapter
from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import TeamInvitation, User
from accounts.team import check_may_join
from csp_portal.errors import DomainError
from csp_portal.join_links import JoinInvitation, is_link_token, remember_link, remembered_link
from customers.forms import JoinSignupForm
from customers.models import CustomerTeamInvitation
from customers.services import colleagues, team

SESSION_KEY = "customers.join"
SUPPLIER, CUSTOMER = "supplier", "customer"
SIDES = {SUPPLIER: TeamInvitation, CUSTOMER: CustomerTeamInvitation}


@never_cache
@require_GET
def join_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the email: remember the invitation, then leave the token behind."""
    if is_link_token(token):
        for side, model in SIDES.items():
            invitation = model.objects.with_token(token).first()
            if invitation is not None:
                remember_link(request, SESSION_KEY, invitation, side=side)
                return redirect("customers:join")
    return _invalid_link(request)


@never_cache
@require_GET
def join_page(request: HttpRequest) -> HttpResponse:
    invitation = _remembered(request)
    if invitation is None:
        return _invalid_link(request)
    context = _context(request, invitation)
    status = invitation.shown_status
    if status != JoinInvitation.Status.PENDING:
        return render(request, f"customers/join/{status}.html", context, status=410)
    if request.user.is_authenticated:
        context["problem"] = _problem(invitation, request.user)
    else:
        context["has_account"] = User.objects.filter(email__iexact=invitation.email).exists()
    return render(request, "customers/join/join.html", context)


@method_decorator(never_cache, name="dispatch")
class JoinSignupView(SignupView):
    """allauth's sign-up for the invited address (counted as verified), then joining at once."""

    template_name = "customers/join/signup.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = _remembered(request)
        if self.invitation is None:
            return _invalid_link(request)
        if (
            request.user.is_authenticated
            or not self.invitation.is_waiting
            or User.objects.filter(email__iexact=self.invitation.email).exists()
        ):
            return redirect("customers:join")
        # Following the link proved the mailbox: allauth creates the address verified.
        get_adapter(request).stash_verified_email(request, self.invitation.email)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return JoinSignupForm

    def get_form_kwargs(self) -> dict:
        return {
            **super().get_form_kwargs(),
            "invited_email": self.invitation.email,
            "join": lambda user: _join(self.invitation, user),
        }

    def get_initial(self) -> dict:
        return {**super().get_initial(), "full_name": self.invitation.full_name}

    def form_valid(self, form):
        try:
            response = super().form_valid(form)  # the form's save joins, before the login
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if self.user is not None:
            _joined(self.request, self.invitation)
        return response

    def get_success_url(self) -> str:
        return _landing(self.invitation)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(_context(self.request, self.invitation))
        context["login_url"] = _login_url()
        return context


join_signup = JoinSignupView.as_view()


@login_required
@require_POST
def join_accept(request: HttpRequest) -> HttpResponse:
    invitation = _remembered(request)
    if invitation is None:
        return _invalid_link(request)
    try:
        _join(invitation, request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("customers:join")
    _joined(request, invitation)
    return redirect(_landing(invitation))


# --- helpers ----------------------------------------------------------------------


def _remembered(request: HttpRequest) -> TeamInvitation | CustomerTeamInvitation | None:
    side = (request.session.get(SESSION_KEY) or {}).get("side")
    if side not in SIDES:
        return None
    queryset = SIDES[side].objects.select_related("invited_by", side)
    return remembered_link(request, SESSION_KEY, queryset)


def _team_name(invitation) -> str:
    if isinstance(invitation, TeamInvitation):
        return invitation.supplier.name
    return invitation.customer.name


def _context(request: HttpRequest, invitation) -> dict:
    return {
        "invitation": invitation,
        "team_name": _team_name(invitation),
        "is_supplier_team": isinstance(invitation, TeamInvitation),
        "login_url": _login_url(),
    }


def _problem(invitation, user: User) -> str:
    """Why the signed-in person cannot join with this link, in words; "" when they can."""
    try:
        if isinstance(invitation, TeamInvitation):
            check_may_join(invitation, user)
        else:
            colleagues.check_may_join_customer(invitation, user)
    except DomainError as error:
        return error.message
    return ""


def _join(invitation, user: User) -> None:
    if isinstance(invitation, TeamInvitation):
        team.join_team(invitation=invitation, user=user)
    else:
        colleagues.accept_customer_invitation(invitation=invitation, user=user)


def _joined(request: HttpRequest, invitation) -> None:
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request, _("Welcome to the team of %(team)s.") % {"team": _team_name(invitation)}
    )


def _landing(invitation) -> str:
    if isinstance(invitation, TeamInvitation):
        return reverse("customers:setup")
    return reverse("customer_admin:index")


def _login_url() -> str:
    return reverse("account_login") + "?" + urlencode({"next": reverse("customers:join")})


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "links/invalid.html", status=404)
