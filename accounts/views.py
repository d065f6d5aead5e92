"""The company page (Setup → Company profile): profile, sharing, documents, email domains,
and the company's change history; and the page a domain proof link opens.

A user only ever sees their own company: the page has no id in its URL, and
the ids of domains are looked up within the user's company, so another
company's are a 404. Members read; administrators change. The team (and the
requests to join) is on the Team page (``customers.views.team``). The proof
link's page is for whoever received the link, signed in or not.
"""

import html
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors, services
from accounts.access import (
    Need,
    deactivated_message,
    membership_of,
    require,
    supplier_required,
)
from accounts.exceptions import InvalidProofLink, ProofLinkExpired
from accounts.forms import (
    CompanyDocumentForm,
    CompanyDomainForm,
    CompanyProfileForm,
    DomainProofLinkForm,
    ReplaceDocumentForm,
)
from accounts.models import CompanyDomain, SupplierAuditEvent, SupplierMember
from accounts.uploads import download_response, too_large_message, unsafe_name_message
from csp_portal.errors import DomainError

HISTORY_PAGE_SIZE = 50
_TOO_LARGE = "csp_portal.upload_too_large"
_UNSAFE_NAMES = "csp_portal.unsafe_upload_names"


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


# --- company documents ---------------------------------------------------------


def _checked_upload(view):
    """For views receiving a document: the upload is read with our limits, then CSRF is checked.

    A file past ``DOCUMENT_MAX_BYTES`` is skipped while it is read (never
    written out whole), and a name with path separators or control characters
    (which Django would silently cut) is noted; the form then says which.
    Upload handlers must be set before anything reads the body, CSRF's check
    included: hence Django's documented csrf_exempt + csrf_protect pattern.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        request.upload_handlers = [_SizeLimitedUpload(request)]
        request.multipart_parser_class = _NameCheckingParser
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


@supplier_required(Need.ADMIN)
@require_POST
@_checked_upload
def add_document(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    document_form = CompanyDocumentForm(
        request.POST, request.FILES, upload_problem=_upload_problem(request)
    )
    if document_form.is_valid():
        data = document_form.cleaned_data
        try:
            document = services.add_company_document(
                supplier=membership.supplier,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                expires_on=data["expires_on"],
                uploaded=data["file"],
            )
        except ValidationError as error:  # the service checks the file again
            document_form.add_error("file", error)
        else:
            messages.success(request, _("“%(title)s” is added.") % {"title": document.title})
            return redirect(reverse("accounts:company") + "#documents")
    form = CompanyProfileForm(instance=membership.supplier)
    return _render_company(
        request,
        membership,
        form=form,
        domain_form=CompanyDomainForm(),
        document_form=document_form,
    )


@supplier_required(Need.ADMIN)
@require_POST
@_checked_upload
def replace_document(request: HttpRequest, pk: int) -> HttpResponse:
    membership = request.membership
    document = selectors.document_for_supplier(membership.supplier, pk)
    replace_form = ReplaceDocumentForm(
        request.POST,
        request.FILES,
        prefix=f"replace-{document.pk}",
        upload_problem=_upload_problem(request),
    )
    if replace_form.is_valid():
        try:
            services.replace_company_document(
                document=document,
                actor=request.user,
                expires_on=replace_form.cleaned_data["expires_on"],
                uploaded=replace_form.cleaned_data["file"],
            )
        except ValidationError as error:  # the service checks the file again
            replace_form.add_error("file", error)
        else:
            messages.success(
                request,
                _("“%(title)s” is replaced; the previous file stays visible to your company only.")
                % {"title": document.title},
            )
            return redirect(reverse("accounts:company") + "#documents")
    return _render_company(
        request,
        membership,
        form=CompanyProfileForm(instance=membership.supplier),
        domain_form=CompanyDomainForm(),
        replace_forms={document.pk: replace_form},
    )


@supplier_required(Need.ADMIN)
@require_POST
def remove_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for_supplier(request.membership.supplier, pk)
    services.remove_company_document(document=document, actor=request.user)
    messages.success(request, _("“%(title)s” is removed.") % {"title": document.title})
    return redirect(reverse("accounts:company") + "#documents")


@supplier_required()
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Any file of the company's documents, current or replaced, for its own staff."""
    return download_response(
        selectors.document_version_for_supplier(request.membership.supplier, pk)
    )


@supplier_required(Need.ADMIN)
@require_http_methods(["GET"])
def history(request: HttpRequest) -> HttpResponse:
    """The company's change history (its audit log), newest first, for its administrators."""
    supplier = request.membership.supplier
    events = SupplierAuditEvent.objects.for_supplier(supplier).select_related("actor")
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/history.html", {"supplier": supplier, "page": page})


def _render_company(
    request: HttpRequest,
    membership: SupplierMember,
    *,
    form: CompanyProfileForm | None,
    domain_form: CompanyDomainForm,
    document_form: CompanyDocumentForm | None = None,
    replace_forms: dict[int, ReplaceDocumentForm] | None = None,
    link_forms: dict[int, DomainProofLinkForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    supplier = membership.supplier
    documents = selectors.company_documents(supplier)
    replace_forms = replace_forms or {}
    for document in documents:
        document.replace_form = replace_forms.get(document.pk) or ReplaceDocumentForm(
            prefix=f"replace-{document.pk}"
        )
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
        "documents": documents,
        "document_form": document_form or CompanyDocumentForm(),
    }
    return render(request, "accounts/company.html", context, status=status)


def _upload_problem(request: HttpRequest) -> str:
    if request.META.get(_UNSAFE_NAMES):
        return unsafe_name_message(request.META[_UNSAFE_NAMES][0]) or ""
    if request.META.get(_TOO_LARGE):
        return too_large_message()
    return ""


class _SizeLimitedUpload(TemporaryFileUploadHandler):
    """Stops keeping a file once it passes ``DOCUMENT_MAX_BYTES``; the form says so."""

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        if content_length is not None and content_length > settings.DOCUMENT_MAX_BYTES:
            self.request.META[_TOO_LARGE] = True
            raise SkipFile
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.DOCUMENT_MAX_BYTES:
            self.request.META[_TOO_LARGE] = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)


class _NameCheckingParser(MultiPartParser):
    """Django cuts path separators and control characters out of uploaded names;
    we refuse such a name instead, so it is noted before it is cut."""

    def sanitize_file_name(self, file_name):
        if unsafe_name_message(html.unescape(file_name) or "x"):
            self._meta.setdefault(_UNSAFE_NAMES, []).append(html.unescape(file_name))
        return super().sanitize_file_name(file_name)


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
