"""Admin for customers: the operator's site (/admin/) and the customer admin site.

Both go through the same services as the pages (``customers/services/``).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.uploads import download_response
from csp_portal.errors import DomainError
from customers import services
from customers.admin_site import CustomerScopedAdmin, customer_admin_site, member_customer
from customers.forms import CustomerSettingsForm, EndRelationshipForm
from customers.forms.relationships import TERMS_HELP
from customers.models import Customer, CustomerTerms, Relationship
from customers.selectors import seen_by_customer
from customers.selectors.setup import customer_state_summary, timeline

# --- shared pieces ----------------------------------------------------------


class RelationshipDisplayMixin:
    @admin.display(description=gettext_lazy("supplier"), ordering="supplier__name")
    def supplier_name(self, obj: Relationship) -> str:
        return obj.supplier.name

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_badge(self, obj: Relationship) -> str:
        return format_html(
            '<span class="badge badge-{}">{}</span>', obj.badge_tone, obj.get_state_display()
        )


TERMS_FIELDSET = (
    gettext_lazy("Connection terms"),
    {"fields": ["terms_en", "terms_fr", "terms_published"], "description": TERMS_HELP},
)


@admin.display(description=gettext_lazy("version in force"))
def terms_published(model_admin, customer: Customer) -> str:
    """The current version of the customer's terms: its number, date and author."""
    terms = CustomerTerms.objects.current_for(customer) if customer.pk else None
    if terms is None:
        return _("No terms written yet.")
    text = _("Version %(version)s, published on %(date)s") % {
        "version": terms.version,
        "date": date_format(timezone.localtime(terms.published_at), "DATE_FORMAT"),
    }
    if terms.published_by:
        text += " — " + (terms.published_by.get_full_name() or terms.published_by.email)
    return text


# --- the customer admin site ----------------------------------------------


@admin.register(Customer, site=customer_admin_site)
class CustomerSettingsAdmin(CustomerScopedAdmin):
    """The member's own customer: its settings. The list goes straight to it."""

    customer_lookup = "pk"
    admins_only = True
    section_title = gettext_lazy("Settings")
    section_help = gettext_lazy(
        "Your company's details, how suppliers reach you, and your connection terms."
    )
    form = CustomerSettingsForm
    readonly_fields = ["terms_published"]
    fieldsets = [
        (None, {"fields": ["name", "country", "city", "description"]}),
        (
            gettext_lazy("Connections"),
            {
                "fields": [
                    "accepts_requests",
                    "email_domains",
                    "days_to_answer",
                    "listed",
                ]
            },
        ),
        TERMS_FIELDSET,
    ]

    terms_published = terms_published

    def changelist_view(self, request, extra_context=None):
        customer = member_customer(request)
        if customer is None:
            raise PermissionDenied
        return HttpResponseRedirect(
            reverse("customer_admin:customers_customer_change", args=[customer.pk])
        )

    def save_model(self, request, obj, form, change) -> None:
        services.save_customer_settings(customer=obj, actor=request.user)
        services.publish_terms(customer=obj, texts=form.terms_texts(), actor=request.user)


@admin.register(Relationship, site=customer_admin_site)
class CustomerRelationshipAdmin(RelationshipDisplayMixin, CustomerScopedAdmin):
    """The customer's suppliers: state, public profile, timeline, and the actions."""

    section_title = gettext_lazy("Suppliers")
    section_help = gettext_lazy(
        "Every supplier you are connected with or talking to, with its history."
    )
    list_display = ["supplier_name", "state_badge", "state_changed_at", "deadline"]
    list_filter = ["state"]
    search_fields = ["supplier__name"]
    list_select_related = ["supplier"]
    ordering = ["supplier__name"]
    change_form_template = "admin/customers/relationship/change_form.html"
    fields = ["supplier", "state", "state_changed_at", "deadline", "reason"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # read-only page; the moves are explicit actions below

    def get_urls(self):
        return [
            path(
                "<path:object_id>/end/",
                self.admin_site.admin_view(self.end_view),
                name="customers_relationship_end",
            ),
            path(
                "<path:object_id>/documents/<id:document_id>/",
                self.admin_site.admin_view(require_GET(self.document_view)),
                name="customers_relationship_document",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        relationship = self.get_object(request, object_id)
        events = timeline(relationship)
        extra = {
            **(extra_context or {}),
            "seen": seen_by_customer.supplier_seen_by_customer(relationship),
            "timeline": events,
            "summary": customer_state_summary(relationship, events),
            "end_url": (
                reverse("customer_admin:customers_relationship_end", args=[relationship.pk])
                if relationship.can_end
                else ""
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def document_view(self, request, object_id, document_id: int):
        """A company document of this supplier, while this customer may open it; else 404."""
        relationship = self.get_object(request, object_id)
        return download_response(seen_by_customer.document_for_customer(relationship, document_id))

    def end_view(self, request, object_id):
        relationship = self.get_object(request, object_id)
        form = EndRelationshipForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.end(
                    relationship=relationship,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    _("The relationship with %(supplier)s has ended; they have been told.")
                    % {"supplier": relationship.supplier.name},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("customer_admin:customers_relationship_change", args=[relationship.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("End the relationship with %(supplier)s")
            % {"supplier": relationship.supplier.name},
            "relationship": relationship,
            "form": form,
            "opts": self.opts,
            "section_title": self.section_title,
        }
        return TemplateResponse(request, "admin/customers/relationship/end.html", context)
