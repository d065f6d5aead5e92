"""The invitation link and what a supplier does with it; Accept/Decline in Customer Setup.

The emailed link (``customers:invitation_link``) carries the token. Its view
records the opening, keeps the invitation (id and token hash) in the session
and redirects to ``customers:invitation``, a URL without the token: the token
then appears in no further request line, log or Referer. Every later step —
create an account, log in, accept, decline, ask for a new link — reads the
invitation from the session, and only while its token hash still matches
(a resent invitation has a new token: the old link and its session stop working).
"""

from allauth.account.adapter import get_adapter
from allauth.account.views import SignupView
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Need, supplier_membership, supplier_required
from accounts.models import SupplierMember
from csp_portal.errors import DomainError
from csp_portal.join_links import remember_link, remembered_link
from customers.access import customer_scope, out_of_scope_message, supplier_customer_required
from customers.exceptions import InvalidInvitationLink
from customers.forms import AcceptInvitationForm, ShareChoiceForm
from customers.models import (
    ACCEPTED_STATES,
    Invitation,
    InvitationStatus,
    Relationship,
    RelationshipState,
)
from customers.selectors.setup import relationship_for_supplier
from customers.services import invitation_answers, invitations

SESSION_KEY = "customers.invitation"


@never_cache
@require_GET
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the email: remember the invitation, then leave the token behind."""
    try:
        invitation = invitation_answers.open_invitation(token=token)
    except InvalidInvitationLink:
        return _invalid_link(request)
    remember_link(request, SESSION_KEY, invitation)
    return redirect("customers:invitation")


@never_cache
@require_GET
def invitation_page(request: HttpRequest) -> HttpResponse:
    """The invitation: the choices while it is pending, else a page saying what became of it."""
    invitation = _remembered_invitation(request)
    if invitation is None:
        return _invalid_link(request)
    context = {"invitation": invitation, "customer": invitation.customer}
    if invitation.status == InvitationStatus.ACCEPTED:
        context["own_company"] = _accepted_by_users_company(request, invitation)
        return render(request, "customers/invitations/accepted.html", context)
    if invitation.status == InvitationStatus.REVOKED:
        return render(request, "customers/invitations/revoked.html", context, status=410)
    if invitation.status == InvitationStatus.DECLINED:
        return render(request, "customers/invitations/declined.html", context, status=410)
    if invitation.is_expired:
        return render(request, "customers/invitations/expired.html", context, status=410)
    return _pending_page(request, invitation)


@method_decorator(never_cache, name="dispatch")
class InvitationSignupView(SignupView):
    """allauth's sign-up, prefilled from the invitation, with its email counted as verified.

    Following the link proved the mailbox, so the invited address is stashed
    with allauth's own mechanism (``stash_verified_email``): the account is
    created verified and signed in, and lands back on the invitation. The form
    posts to allauth's ``account_signup`` like any sign-up.
    """

    template_name = "customers/invitations/signup.html"
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.invitation = _remembered_invitation(request)
        if self.invitation is None:
            return _invalid_link(request)
        # An address that already has an account logs in instead.
        if (
            request.user.is_authenticated
            or not self.invitation.is_pending
            or self.invitation.invited_supplier_id is not None
        ):
            return redirect("customers:invitation")
        get_adapter(request).stash_verified_email(request, self.invitation.email)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict:
        return {
            **super().get_initial(),
            "email": self.invitation.email,
            "company_name": self.invitation.company_name,
            "full_name": self.invitation.contact_name,
        }

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        back = reverse("customers:invitation")
        context["invitation"] = self.invitation
        context["redirect_field_value"] = back
        context["redirect_field"] = format_html(
            '<input type="hidden" name="{}" value="{}">', self.redirect_field_name, back
        )
        context["login_url"] = reverse("account_login") + "?" + urlencode({"next": back})
        return context


invitation_signup = InvitationSignupView.as_view()


@supplier_required(Need.MANAGE_CONNECTIONS)
@require_POST
def accept_invitation(request: HttpRequest) -> HttpResponse:
    invitation = _remembered_invitation(request)
    if invitation is None:
        return _invalid_link(request)
    form = _accept_form(request, invitation, data=request.POST)
    if not form.is_valid():
        return _pending_page(request, invitation, form=form)
    try:
        relationship = invitation_answers.accept_invitation(
            invitation=invitation,
            user=request.user,
            other_email_confirmed=form.cleaned_data["confirm_other_email"],
            share_restricted_profile=form.cleaned_data.get("share_restricted_profile", False),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("customers:invitation")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _accepted_message(relationship))
    return redirect("customers:setup_customer", customer_id=invitation.customer_id)


@require_POST
def decline_invitation(request: HttpRequest) -> HttpResponse:
    """Whoever holds the link may decline, with or without an account."""
    invitation = _remembered_invitation(request)
    if invitation is None:
        return _invalid_link(request)
    actor = request.user if request.user.is_authenticated else None
    try:
        invitation_answers.decline_invitation(invitation=invitation, actor=actor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You declined the invitation of %(customer)s; they can see it.")
            % {"customer": invitation.customer.name},
        )
    return redirect("customers:invitation")


@require_POST
def request_new_link(request: HttpRequest) -> HttpResponse:
    """From the expired-link page: ask the customer's admins for a new link."""
    invitation = _remembered_invitation(request)
    if invitation is None:
        return _invalid_link(request)
    try:
        invitations.request_new_link(invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "We asked %(customer)s for a new link. When they send it, it will come by email "
                "to %(email)s."
            )
            % {"customer": invitation.customer.name, "email": invitation.email},
        )
    return redirect("customers:invitation")


# --- Customer Setup: the INVITED relationship --------------------------------


@supplier_customer_required(Need.MANAGE_CONNECTIONS)
@require_POST
def accept_from_setup(request: HttpRequest, customer_id: int) -> HttpResponse:
    relationship = relationship_for_supplier(request.membership.supplier, customer_id)
    choice = ShareChoiceForm(request.POST, customer_name=relationship.customer.name)
    share = (
        request.membership.is_admin
        and choice.is_valid()
        and choice.cleaned_data["share_restricted_profile"]
    )
    try:
        relationship = invitation_answers.accept_relationship_invitation(
            relationship=relationship, actor=request.user, share_restricted_profile=share
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _accepted_message(relationship))
    return redirect("customers:setup_customer", customer_id=customer_id)


@supplier_customer_required(Need.MANAGE_CONNECTIONS)
@require_POST
def decline_from_setup(request: HttpRequest, customer_id: int) -> HttpResponse:
    relationship = relationship_for_supplier(request.membership.supplier, customer_id)
    try:
        invitation_answers.decline_relationship_invitation(
            relationship=relationship, actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You declined the invitation of %(customer)s; they can see it.")
            % {"customer": relationship.customer.name},
        )
    return redirect("customers:setup_customer", customer_id=customer_id)


# --- helpers ----------------------------------------------------------------


def _accepted_message(relationship: Relationship) -> str:
    """ "Connected" only when the customer considers the supplier connected (docs/vocabulary.md)."""
    values = {"customer": relationship.customer.name}
    if relationship.state == RelationshipState.CONNECTED:
        return _("You accepted the invitation of %(customer)s: you are connected.") % values
    return (
        _(
            "You accepted the invitation of %(customer)s. Before you are connected, they ask "
            "for information about your company: finish setup."
        )
        % values
    )


def _remembered_invitation(request: HttpRequest) -> Invitation | None:
    """The invitation whose link this browser followed, while that link is the current one."""
    return remembered_link(
        request, SESSION_KEY, Invitation.objects.select_related("customer", "invited_by")
    )


def _pending_page(
    request: HttpRequest, invitation: Invitation, *, form: AcceptInvitationForm | None = None
) -> HttpResponse:
    user = request.user
    membership = None
    already_connected = False
    out_of_scope = ""
    if user.is_authenticated:
        membership = supplier_membership(user)
        if form is None:
            form = _accept_form(request, invitation)
        if membership is not None and not customer_scope(membership).allows(invitation.customer_id):
            out_of_scope = out_of_scope_message(membership, invitation.customer)
        if membership is not None:
            already_connected = (
                Relationship.objects.for_supplier(membership.supplier)
                .filter(customer=invitation.customer, state__in=list(ACCEPTED_STATES))
                .exists()
            )
    invitation_path = reverse("customers:invitation")
    context = {
        "invitation": invitation,
        "customer": invitation.customer,
        "membership": membership,
        "already_connected": already_connected,
        "out_of_scope": out_of_scope,
        "form": form,
        "login_url": reverse("account_login") + "?" + urlencode({"next": invitation_path}),
    }
    return render(request, "customers/invitations/invitation.html", context)


def _accept_form(request: HttpRequest, invitation: Invitation, data=None) -> AcceptInvitationForm:
    membership = supplier_membership(request.user)
    return AcceptInvitationForm(
        data,
        invited_email=invitation.email,
        user_email=request.user.email,
        customer_name=invitation.customer.name,
        may_share=membership is not None and membership.is_admin,
    )


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "links/invalid.html", status=404)


def _accepted_by_users_company(request: HttpRequest, invitation: Invitation) -> bool:
    if not request.user.is_authenticated or invitation.accepted_supplier_id is None:
        return False
    return SupplierMember.objects.filter(
        user=request.user, supplier_id=invitation.accepted_supplier_id
    ).exists()
