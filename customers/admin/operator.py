"""The customers app in the operator's site (/admin/): customers and their first admin,
and read-only views of relationships, invitations, questionnaires and answers.

Customers act in their own site (``customer_admin_site``); the operator
creates a customer and its first admin through the same services.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csp_portal.admin_sites import ReadOnlyAdmin
from customers import services
from customers.admin.invitations import InvitationDisplayMixin
from customers.admin.relationships import RelationshipDisplayMixin
from customers.forms import CustomerSettingsForm
from customers.models import (
    Customer,
    CustomerMember,
    Invitation,
    Onboarding,
    Questionnaire,
    Relationship,
    RelationshipEvent,
)


class CustomerMemberInline(admin.TabularInline):
    model = CustomerMember
    extra = 0
    fields = ["user", "added_at"]
    readonly_fields = ["user", "added_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OperatorCustomerForm(CustomerSettingsForm):
    new_admin_email = forms.EmailField(
        label=gettext_lazy("Add an admin"),
        required=False,
        help_text=gettext_lazy(
            "Email of a person to make an admin of this customer. A new user receives an "
            "email with a link to set their password."
        ),
    )

    def clean_new_admin_email(self) -> str:
        email = self.cleaned_data["new_admin_email"].strip().lower()
        if email and CustomerMember.objects.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("This person is already an administrator of a customer on the portal.")
            )
        return email


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    form = OperatorCustomerForm
    list_display = ["name", "country", "city", "accepts_requests", "listed", "created_at"]
    list_filter = ["accepts_requests", "listed", "country"]
    search_fields = ["name", "search_name"]
    readonly_fields = ["terms_version", "created_at"]
    inlines = [CustomerMemberInline]
    fieldsets = [
        (None, {"fields": ["name", "country", "city", "description", "new_admin_email"]}),
        (
            gettext_lazy("Connections"),
            {"fields": ["accepts_requests", "email_domains", "days_to_answer", "listed"]},
        ),
        (gettext_lazy("Connection terms"), {"fields": ["terms_text", "terms_version"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        services.save_customer_settings(customer=obj)
        if email := form.cleaned_data.get("new_admin_email"):
            services.add_customer_admin(customer=obj, email=email, actor=request.user)


class RelationshipEventInline(admin.TabularInline):
    model = RelationshipEvent
    extra = 0
    fields = ["created_at", "actor", "actor_side", "from_state", "to_state", "description", "note"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("what happened"))
    def description(self, obj: RelationshipEvent) -> str:
        return obj.description

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Relationship)
class RelationshipAdmin(RelationshipDisplayMixin, admin.ModelAdmin):
    list_display = ["supplier_name", "customer", "state_badge", "state_changed_at", "deadline"]
    list_filter = ["state"]
    search_fields = ["supplier__name", "customer__name"]
    list_select_related = ["supplier", "customer"]
    readonly_fields = [
        "supplier",
        "customer",
        "state",
        "deadline",
        "reason",
        "state_changed_at",
        "created_at",
    ]
    inlines = [RelationshipEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class OperatorInvitationAdmin(InvitationDisplayMixin, ReadOnlyAdmin):
    """The operator sees every invitation, read-only (customers act in their own site)."""

    list_display = ["email", "customer", "company", "status_with_date", "sent", "delivery"]
    list_filter = ["status"]
    search_fields = ["email", "company_name", "customer__name"]
    list_select_related = ["customer", "accepted_supplier", "invited_supplier"]
    exclude = ["token_hash"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Invitation._meta.fields if f.name != "token_hash"]


@admin.register(Questionnaire)
class OperatorQuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["customer", "version", "title", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["customer__name", "title"]
    list_select_related = ["customer"]


@admin.register(Onboarding)
class OperatorOnboardingAdmin(ReadOnlyAdmin):
    list_display = ["relationship", "status", "required_answered", "required_total", "started_at"]
    list_filter = ["status"]
    search_fields = ["relationship__supplier__name", "relationship__customer__name"]
    list_select_related = ["relationship__supplier", "relationship__customer"]
