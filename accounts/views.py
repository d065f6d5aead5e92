"""The company page (Setup → Company profile): profile, email domains, requests to join,
and the company's change history.

A user only ever sees their own company: the page has no id in its URL, and
the ids of domains and requests are looked up within the user's company, so
another company's are a 404. Members read; administrators change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.access import Need, require, supplier_membership, supplier_required
from accounts.exceptions import DomainTaken
from accounts.forms import CompanyDomainForm, CompanyProfileForm
from accounts.models import CompanyDomain, JoinRequest, SupplierAuditEvent, SupplierMember
from csp_portal.errors import DomainError

HISTORY_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def company(request: HttpRequest) -> HttpResponse:
    membership = supplier_membership(request.user)
    if membership is None:  # someone waiting to join a company sees where that stands
        return render(
            request,
            "accounts/no_company.html",
            {"join_request": selectors.open_join_request_of(request.user)},
        )
    supplier = membership.supplier
    form = CompanyProfileForm(instance=supplier) if membership.is_admin else None
    if request.method == "POST":
        require(membership, Need.ADMIN)
        form = CompanyProfileForm(request.POST, instance=supplier)
        if form.is_valid():
            services.update_company_profile(
                supplier_id=supplier.pk,
                changes={name: form.cleaned_data[name] for name in form.Meta.fields},
                actor=request.user,
            )
            messages.success(request, _("The company profile is saved."))
            return redirect("accounts:company")
    return _render_company(request, membership, form=form, domain_form=CompanyDomainForm())


@supplier_required(Need.ADMIN)
@require_POST
def add_domain(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    domain_form = CompanyDomainForm(request.POST)
    if domain_form.is_valid():
        domain = domain_form.cleaned_data["domain"]
        try:
            services.declare_company_domain(
                supplier=membership.supplier, domain=domain, actor=request.user
            )
        except DomainTaken as error:
            domain_form.add_error("domain", str(error))
        else:
            messages.success(request, _("%(domain)s is added.") % {"domain": domain})
            return redirect("accounts:company")
    form = CompanyProfileForm(instance=membership.supplier)
    return _render_company(request, membership, form=form, domain_form=domain_form)


@supplier_required(Need.ADMIN)
@require_POST
def remove_domain(request: HttpRequest, pk: int) -> HttpResponse:
    domain = get_object_or_404(
        CompanyDomain.objects.for_supplier(request.membership.supplier), pk=pk
    )
    services.remove_company_domain(domain_id=domain.pk)
    messages.success(request, _("%(domain)s is removed.") % {"domain": domain.domain})
    return redirect("accounts:company")


@supplier_required(Need.ADMIN)
@require_POST
def approve_join_request(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = _join_request(request, pk)
    try:
        services.approve_join_request(join_request_id=join_request.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now a member of your company.")
            % {"name": join_request.user.get_full_name()},
        )
    return redirect("accounts:company")


@supplier_required(Need.ADMIN)
@require_POST
def decline_join_request(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = _join_request(request, pk)
    try:
        services.decline_join_request(join_request_id=join_request.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The request of %(name)s is declined.") % {"name": join_request.user.get_full_name()},
        )
    return redirect("accounts:company")


@supplier_required(Need.ADMIN)
@require_http_methods(["GET"])
def history(request: HttpRequest) -> HttpResponse:
    """The company's change history (its audit log), newest first, for its administrators."""
    supplier = request.membership.supplier
    events = SupplierAuditEvent.objects.for_supplier(supplier).select_related("actor")
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/history.html", {"supplier": supplier, "page": page})


class SetPasswordView(PasswordResetConfirmView):
    """A first password, from the link emailed to a person an admin added (Django's token)."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("account_login")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is saved: log in with it."))
        return super().form_valid(form)


def _render_company(
    request: HttpRequest,
    membership: SupplierMember,
    *,
    form: CompanyProfileForm | None,
    domain_form: CompanyDomainForm,
) -> HttpResponse:
    supplier = membership.supplier
    context = {
        "supplier": supplier,
        "membership": membership,
        "form": form if membership.is_admin else None,
        "domain_form": domain_form,
        "domains": CompanyDomain.objects.for_supplier(supplier),
        "join_requests": (
            JoinRequest.objects.for_supplier(supplier).pending().select_related("user")
            if membership.is_admin
            else JoinRequest.objects.none()
        ),
    }
    return render(request, "accounts/company.html", context)


def _join_request(request: HttpRequest, pk: int) -> JoinRequest:
    return get_object_or_404(
        JoinRequest.objects.for_supplier(request.membership.supplier).select_related("user"),
        pk=pk,
    )
