"""The workspace's own pages in the customer admin site: a person's email notifications.

Wired in ``csp_portal/urls.py`` under /customer-admin/ through the site's
``admin_view`` (login and membership required), like the site's own pages.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from customers.admin_site import customer_admin_site, customer_membership
from customers.forms import DailyDigestForm
from customers.services import digest


@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest):
    """The signed-in person's choice about the daily digest (theirs alone)."""
    membership = customer_membership(request)
    form = DailyDigestForm(
        request.POST if request.method == "POST" else None,
        initial={"daily_digest": membership.daily_digest},
    )
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data["daily_digest"]
        digest.set_daily_digest(membership=membership, enabled=enabled)
        messages.success(
            request,
            _("You will receive a summary by email on each day something waits for you.")
            if enabled
            else _("You will no longer receive the daily summary by email."),
        )
        return HttpResponseRedirect(reverse("customer_admin:index"))
    request.current_app = customer_admin_site.name
    context = {
        **customer_admin_site.each_context(request),
        "title": _("Your email notifications"),
        "form": form,
    }
    return TemplateResponse(request, "admin/customer_notifications.html", context)
