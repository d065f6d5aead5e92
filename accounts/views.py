"""The company page (Setup → Company profile): profile, email domains, requests to join;
and the page a domain proof link opens.

A user only ever sees their own company: the page has no id in its URL, and
the ids of domains and requests are looked up within the user's company, so
another company's are a 404. Members read; administrators change. The proof
link's page is for whoever received the link, signed in or not.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.access import Need, require, supplier_membership, supplier_required
from accounts.exceptions import InvalidProofLink, ProofLinkExpired
from accounts.forms import CompanyDomainForm, CompanyProfileForm, DomainProofLinkForm
from accounts.models import CompanyDomain, JoinRequest, SupplierMember
from csp_portal.errors import DomainError


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
        try:
            claim = services.declare_company_domain(
                supplier=membership.supplier,
                domain=domain_form.cleaned_data["domain"],
                actor=request.user,
            )
        except DomainError as error:
            domain_form.add_error(error.field, error.message)
        else:
            messages.success(request, _domain_added_message(claim))
            return redirect(_domains_anchor())
    form = CompanyProfileForm(instance=membership.supplier)
    return _render_company(request, membership, form=form, domain_form=domain_form)


@supplier_required(Need.ADMIN)
@require_POST
def send_domain_link(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    claim = get_object_or_404(CompanyDomain.objects.for_supplier(membership.supplier), pk=pk)
    link_form = DomainProofLinkForm(request.POST, prefix=_link_prefix(claim))
    if link_form.is_valid():
        try:
            claim = services.send_domain_proof_link(
                domain_id=claim.pk, email=link_form.cleaned_data["email"], actor=request.user
            )
        except DomainError as error:
            if error.field is None:  # proven or removed meanwhile: the list says how it stands
                messages.error(request, error.message)
                return redirect(_domains_anchor())
            link_form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _(
                    "A link was sent to %(email)s. Once someone follows it, %(domain)s is "
                    "proven for your company."
                )
                % {"email": claim.link_sent_to, "domain": claim.domain},
            )
            return redirect(_domains_anchor())
    form = CompanyProfileForm(instance=membership.supplier)
    return _render_company(
        request,
        membership,
        form=form,
        domain_form=CompanyDomainForm(),
        link_forms={claim.pk: link_form},
    )


@supplier_required(Need.ADMIN)
@require_http_methods(["GET", "POST"])
def remove_domain(request: HttpRequest, pk: int) -> HttpResponse:
    domain = get_object_or_404(
        CompanyDomain.objects.for_supplier(request.membership.supplier), pk=pk
    )
    if request.method == "GET":
        return render(request, "accounts/remove_domain.html", {"domain": domain})
    services.remove_company_domain(domain_id=domain.pk, actor=request.user)
    messages.success(request, _("%(domain)s is removed.") % {"domain": domain.domain})
    return redirect(_domains_anchor())


@never_cache
@require_http_methods(["GET", "POST"])
def prove_domain(request: HttpRequest, token: str) -> HttpResponse:
    """The page of the emailed link: confirm (a POST: mail scanners only GET), then done."""
    try:
        claim = services.domain_claim_for_link(token=token)
        if request.method == "POST":
            actor = request.user if request.user.is_authenticated else None
            claim = services.prove_domain_with_link(token=token, actor=actor)
            messages.success(
                request,
                _(
                    "Thank you: %(domain)s is now proven for %(company)s. Someone who signs up "
                    "with an address on it is offered to join %(company)s, whose administrators "
                    "decide."
                )
                % {"domain": claim.domain, "company": claim.supplier.name},
            )
            return redirect("home")
    except (InvalidProofLink, ProofLinkExpired) as error:
        status = 410 if isinstance(error, ProofLinkExpired) else 404
        return render(request, "accounts/domain_proof.html", {"refusal": error}, status=status)
    except DomainError as error:  # already proven, or taken meanwhile: nothing left to do here
        return render(request, "accounts/domain_proof.html", {"refusal": error})
    return render(request, "accounts/domain_proof.html", {"claim": claim})


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
    link_forms: dict[int, DomainProofLinkForm] | None = None,
) -> HttpResponse:
    supplier = membership.supplier
    link_forms = link_forms or {}
    domains = [
        (
            claim,
            None
            if claim.is_proven or not membership.is_admin
            else link_forms.get(claim.pk) or DomainProofLinkForm(prefix=_link_prefix(claim)),
        )
        for claim in CompanyDomain.objects.for_supplier(supplier)
    ]
    context = {
        "supplier": supplier,
        "membership": membership,
        "form": form if membership.is_admin else None,
        "domain_form": domain_form,
        "domains": domains,
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


def _link_prefix(claim: CompanyDomain) -> str:
    return f"domain-{claim.pk}"


def _domains_anchor() -> str:
    return reverse("accounts:company") + "#domains-title"


def _domain_added_message(claim: CompanyDomain) -> str:
    if claim.is_proven:
        return _(
            "%(domain)s is added and proven: your own address %(email)s is on it. Someone who "
            "signs up with an address on it is offered to join your company."
        ) % {"domain": claim.domain, "email": claim.proven_with}
    return _(
        "%(domain)s is added. Prove that it is your company's: send a link to an address on it."
    ) % {"domain": claim.domain}
