"""The supplier's side of connection requests (*Setup → Connection Requests*).

The requests list, the directory search, the request form (Customer Contact,
reCAPTCHA, terms, Request), a customer's connection terms, and Withdraw.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Need, supplier_required
from connections import selectors, services
from connections.forms import ConnectionRequestForm, CustomerSearchForm
from csp_portal.errors import DomainError
from customers.access import customer_scope, supplier_customer_required

REQUESTS_PAGE_SIZE = 25
RECAPTCHA_HOSTS = ["https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"]
# The request page loads Google's reCAPTCHA script and frame: only there,
# the policy allows exactly those hosts on top of the portal's own.
REQUEST_PAGE_CSP = {
    **settings.SECURE_CSP,
    "script-src": [*settings.SECURE_CSP.get("script-src", []), *RECAPTCHA_HOSTS],
    "frame-src": [*settings.SECURE_CSP.get("frame-src", []), *RECAPTCHA_HOSTS],
}


@supplier_required()
@require_GET
def requests_list(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    page = Paginator(
        selectors.requests_for_supplier(membership.supplier, scope=customer_scope(membership)),
        REQUESTS_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "connection_requests": page.object_list,
        "may_act": membership.may_manage_connections,
    }
    return render(request, "connections/requests.html", context)


@supplier_required()
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    form = CustomerSearchForm(request.GET)
    form.is_valid()  # a bad page number alone must not lose the query
    query = (form.cleaned_data.get("q") or "").strip()
    page_number = form.cleaned_data.get("page") or 1
    found, results = (
        selectors.search_for_supplier(
            membership.supplier, query, scope=customer_scope(membership), page=page_number
        )
        if query
        else (None, [])
    )
    context = {
        "form": form,
        "query": query,
        "found": found,
        "results": results,
        "may_act": membership.may_manage_connections,
        "supplier": membership.supplier,
    }
    return render(request, "connections/search.html", context)


@supplier_customer_required(Need.MANAGE_CONNECTIONS, verified_email=True)
@require_http_methods(["GET", "POST"])
@csp_override(REQUEST_PAGE_CSP)
def request_connection(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = selectors.requestable_customer(customer_id)
    form = ConnectionRequestForm(
        request.POST if request.method == "POST" else None,
        customer_name=customer.name,
        may_share=request.membership.is_admin,
    )
    if request.method == "POST" and not form.is_valid():
        # Every field at once: the contact's domain too, even with the terms unticked.
        contact_email = form.cleaned_data.get("contact_email")
        if contact_email:
            try:
                services.check_contact_email(customer=customer, contact_email=contact_email)
            except DomainError as error:
                form.add_error(error.field, error.message)
    elif request.method == "POST":
        try:
            connection_request = services.request_connection(
                supplier=request.membership.supplier,
                customer=customer,
                actor=request.user,
                contact_email=form.cleaned_data["contact_email"],
                terms_version=form.cleaned_data["terms_version"],
                share_restricted_profile=form.cleaned_data.get("share_restricted_profile", False),
                language=get_language(),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your connection request was sent to %(customer)s. They have until "
                    "%(deadline)s to answer; you will be emailed their answer."
                )
                % {
                    "customer": customer.name,
                    "deadline": _day(connection_request.expires_at),
                },
            )
            return redirect("connections:requests")
    context = {
        "customer": customer,
        "form": form,
        "terms": selectors.current_terms(customer),
        "cooldown_ends_at": selectors.cooldown_ends_at(request.membership.supplier, customer),
    }
    return render(request, "connections/request_form.html", context)


@supplier_customer_required()
@require_GET
def terms(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = selectors.requestable_customer(customer_id)
    context = {"customer": customer, "terms": selectors.current_terms(customer)}
    return render(request, "connections/terms.html", context)


@supplier_customer_required(Need.MANAGE_CONNECTIONS)
@require_POST
def withdraw(request: HttpRequest, customer_id: int) -> HttpResponse:
    connection_request = selectors.pending_request_for_supplier(
        request.membership.supplier, customer_id
    )
    try:
        services.withdraw_request(connection_request=connection_request, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You withdrew your connection request to %(customer)s.")
            % {"customer": connection_request.customer.name},
        )
    # Back to the page the button was on: a path of this site only (``redirect`` would
    # also take a word for the name of a view, and fail on one that names none).
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect("connections:requests")


def _day(moment) -> str:
    return date_format(timezone.localtime(moment))
