"""Admin for customers: the operator's site (/admin/) and the customer admin site.

Both go through the same services as the pages (``customers/services.py``).
"""

from django import forms
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

from csp_portal.errors import DomainError
from customers import services
from customers.admin_site import CustomerScopedAdmin, customer_admin_site, member_customer
from customers.forms import CustomerSettingsForm, EndRelationshipForm
from customers.forms.relationships import TERMS_HELP
from customers.models import Customer, CustomerMember, CustomerTerms, Relationship
from customers.selectors import setup as selectors

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


class AddColleagueForm(forms.ModelForm):
    """Adds an admin by email; the service creates the user if needed and emails them."""

    email = forms.EmailField(label=gettext_lazy("Email address"))
    full_name = forms.CharField(label=gettext_lazy("Name"), max_length=150, required=False)

    class Meta:
        model = CustomerMember
        fields: list[str] = []

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if CustomerMember.objects.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("This person is already an administrator of a customer on the portal.")
            )
        return email


# --- the customer admin site ----------------------------------------------


@admin.register(Customer, site=customer_admin_site)
class CustomerSettingsAdmin(CustomerScopedAdmin):
    """The member's own customer: its settings. The list goes straight to it."""

    customer_lookup = "pk"
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
        services.save_customer_settings(customer=obj)
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
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        relationship = self.get_object(request, object_id)
        extra = {
            **(extra_context or {}),
            "timeline": selectors.timeline(relationship),
            "end_url": (
                reverse("customer_admin:customers_relationship_end", args=[relationship.pk])
                if relationship.can_end
                else ""
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context=extra)

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


@admin.register(CustomerMember, site=customer_admin_site)
class CustomerColleagueAdmin(CustomerScopedAdmin):
    """The customer's admins; a member adds colleagues as admins of the same customer."""

    section_title = gettext_lazy("Team")
    section_help = gettext_lazy("The colleagues who look after your suppliers with you.")
    list_display = ["colleague_email", "colleague_name", "added_at"]
    ordering = ["user__email"]
    list_select_related = ["user"]

    @admin.display(description=gettext_lazy("email address"), ordering="user__email")
    def colleague_email(self, obj: CustomerMember) -> str:
        return obj.user.email

    @admin.display(description=gettext_lazy("name"))
    def colleague_name(self, obj: CustomerMember) -> str:
        return obj.user.full_name

    def has_add_permission(self, request) -> bool:
        return member_customer(request) is not None

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        return AddColleagueForm

    def get_fields(self, request, obj=None):
        return ["email", "full_name"] if obj is None else ["user", "added_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "added_at"]

    def save_model(self, request, obj, form, change) -> None:
        membership = services.add_customer_admin(
            customer=member_customer(request),
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            actor=request.user,
        )
        # The admin goes on to log and redirect with ``obj``: make it the saved row.
        obj.pk, obj.customer, obj.user = membership.pk, membership.customer, membership.user
