"""*Your account*: the places a person holds (a supplier's team, a customer's staff),
leaving them, downloading their own data, and deleting their account.

Spans the apps (each says what it holds about the person), hence here, on top.
Deleting asks for the password again (allauth's reauthentication) and keeps
the person as a "former user" wherever they acted.
"""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts import team
from accounts.access import membership_of
from connections import selectors as connection_selectors
from csp_portal.errors import DomainError
from customers.access import customer_scope
from customers.models import CustomerMember
from customers.selectors import personal
from customers.services import colleagues, people


@login_required
@require_GET
def my_account(request: HttpRequest) -> HttpResponse:
    supplier_membership = membership_of(request.user)
    context = {
        "supplier_membership": supplier_membership,
        "customer_scope": customer_scope(supplier_membership) if supplier_membership else None,
        "customer_membership": CustomerMember.objects.filter(user=request.user)
        .select_related("customer")
        .first(),
    }
    return render(request, "my_account/index.html", context)


@login_required
@never_cache
@require_GET
def download_my_data(request: HttpRequest) -> HttpResponse:
    """Everything the portal holds about the person, as one JSON file."""
    user = request.user
    data = {
        "exported_at": timezone.now().isoformat(),
        **account_selectors.personal_data(user),
        **personal.personal_data(user),
        **connection_selectors.personal_data(user),
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def leave_company(request: HttpRequest) -> HttpResponse:
    return _leave(request, lambda: team.leave_company(user=request.user).name)


@login_required
@require_POST
def leave_customer(request: HttpRequest) -> HttpResponse:
    return _leave(request, lambda: colleagues.leave_customer(user=request.user).name)


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            people.delete_account(user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("my_account")
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for using the portal."))
        return redirect("home")
    return render(request, "my_account/delete.html")


def _leave(request: HttpRequest, leave) -> HttpResponse:
    try:
        name = leave()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have left %(name)s.") % {"name": name})
    return redirect("my_account")
