"""Saving the company page's **Sharing** section (the section renders from
``customers.templatetags.sharing``)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import Need, supplier_required
from customers.forms import SharingForm
from customers.services import sharing


@supplier_required(Need.ADMIN)
@require_POST
def save_sharing(request: HttpRequest) -> HttpResponse:
    form = SharingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The choices were not understood; nothing was changed."))
    else:
        changed = sharing.save_sharing(
            supplier=request.membership.supplier,
            actor=request.user,
            shared_customer_ids=set(form.cleaned_data["shared"]),
        )
        messages.success(
            request,
            ngettext(
                "Sharing is saved: %(count)d customer changed.",
                "Sharing is saved: %(count)d customers changed.",
                changed,
            )
            % {"count": changed}
            if changed
            else _("Sharing is saved: nothing changed."),
        )
    return redirect(reverse("accounts:company") + "#sharing")
