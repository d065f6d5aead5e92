"""Customer Setup (*Setup → Customer Setup*): the supplier's view of each customer."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Need
from csp_portal.errors import DomainError
from customers import services
from customers.access import customer_scope, supplier_customer_required
from customers.forms import CustomerSetupFilterForm, EndRelationshipForm, ShareChoiceForm
from customers.selectors.setup import (
    customer_setup_groups,
    relationship_for_supplier,
    state_summary,
    timeline,
)


@supplier_customer_required()
@require_GET
def customer_setup(request: HttpRequest, customer_id: int | None = None) -> HttpResponse:
    membership = request.membership
    filter_form = CustomerSetupFilterForm(request.GET or None)
    filter_text = filter_form.cleaned_data["q"] if filter_form.is_valid() else ""
    selected = (
        relationship_for_supplier(membership.supplier, customer_id)
        if customer_id is not None
        else None
    )
    events = timeline(selected) if selected else []
    groups = customer_setup_groups(
        membership.supplier, scope=customer_scope(membership), filter_text=filter_text
    )
    context = {
        "groups": groups,
        "has_relationships": bool(filter_text) or any(group.count for group in groups),
        "filter_form": filter_form,
        "filter_text": filter_text,
        "selected": selected,
        "events": events,
        "summary": state_summary(selected, events) if selected else "",
        "may_act": membership.may_manage_connections,
        "end_form": EndRelationshipForm(),
        # Accepting an invitation asks an administrator whether to share the restricted profile.
        "share_form": (
            ShareChoiceForm(customer_name=selected.customer.name)
            if selected is not None and membership.is_admin
            else None
        ),
    }
    return render(request, "customers/setup.html", context)


@supplier_customer_required(Need.MANAGE_CONNECTIONS)
@require_http_methods(["GET", "POST"])
def end_relationship(request: HttpRequest, customer_id: int) -> HttpResponse:
    relationship = relationship_for_supplier(request.membership.supplier, customer_id)
    form = EndRelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end(
                relationship=relationship, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your relationship with %(customer)s has ended.")
                % {"customer": relationship.customer.name},
            )
            return redirect("customers:setup_customer", customer_id=customer_id)
    return render(
        request, "customers/end_relationship.html", {"relationship": relationship, "form": form}
    )
