"""Customer Setup (*Setup → Customer Setup*): the supplier's view of each customer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import SupplierMember
from customers import selectors, services
from customers.exceptions import RelationshipError
from customers.forms import CustomerSetupFilterForm, EndRelationshipForm


@login_required
@require_GET
def customer_setup(request: HttpRequest, customer_id: int | None = None) -> HttpResponse:
    membership = _supplier_membership(request)
    filter_form = CustomerSetupFilterForm(request.GET or None)
    filter_text = filter_form.cleaned_data["q"] if filter_form.is_valid() else ""
    selected = (
        selectors.relationship_for_supplier(membership.supplier, customer_id)
        if customer_id is not None
        else None
    )
    events = selectors.timeline(selected) if selected else []
    groups = selectors.customer_setup_groups(membership.supplier, filter_text=filter_text)
    context = {
        "groups": groups,
        "has_relationships": bool(filter_text) or any(group.count for group in groups),
        "filter_form": filter_form,
        "filter_text": filter_text,
        "selected": selected,
        "events": events,
        "summary": selectors.state_summary(selected, events) if selected else "",
        "may_act": membership.may_manage_connections,
        "end_form": EndRelationshipForm(),
    }
    return render(request, "customers/setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def end_relationship(request: HttpRequest, customer_id: int) -> HttpResponse:
    membership = _supplier_membership(request)
    relationship = selectors.relationship_for_supplier(membership.supplier, customer_id)
    if not membership.may_manage_connections:
        raise PermissionDenied(
            _(
                "Only an administrator of your company, or a colleague allowed to manage customer connections, can end a relationship."
            )
        )
    form = EndRelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end(
                relationship=relationship, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except RelationshipError as error:
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


def _supplier_membership(request: HttpRequest) -> SupplierMember:
    membership = SupplierMember.objects.select_related("supplier").filter(user=request.user).first()
    if membership is None:
        raise PermissionDenied(
            _(
                "Customer Setup is for suppliers. Your account does not belong to a supplier company."
            )
        )
    return membership
