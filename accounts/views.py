"""The company page (Setup → Company profile): profile and email domains.

A user only ever sees their own company: the page has no id in its URL, and
the ids of domains are looked up within the user's company, so another
company's are a 404. Members read; administrators change. The team (and the
requests to join) is on the Team page (``customers.views.team``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.access import (
    Need,
    deactivated_message,
    membership_of,
    require,
    supplier_required,
)
from accounts.exceptions import DomainTaken
from accounts.forms import CompanyDomainForm, CompanyProfileForm
from accounts.models import CompanyDomain, SupplierMember


@login_required
@require_http_methods(["GET", "POST"])
def company(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    if membership is None or membership.is_deactivated:
        # Someone waiting to join a company, or deactivated, sees where that stands.
        return render(
            request,
            "accounts/no_company.html",
            {
                "join_request": selectors.open_join_request_of(request.user),
                "deactivated": deactivated_message(membership) if membership else "",
            },
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
    }
    return render(request, "accounts/company.html", context)
