"""The customers app in the operator's site (/admin/): customers and their first admin,
and read-only views of relationships, invitations, questionnaires and answers.

Customers act in their own site (``customer_admin_site``); the operator
creates a customer and invites its first admin through the same services
(the person becomes an admin when they accept the emailed invitation).
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csp_portal.admin_sites import ReadOnlyAdmin
from csp_portal.audit import AuditEventDisplay
from csp_portal.errors import DomainError
from customers import services
from customers.admin.invitations import InvitationDisplayMixin
from customers.admin.relationships import (
    TERMS_FIELDSET,
    RelationshipDisplayMixin,
    terms_published,
)
from customers.forms import CustomerSettingsForm
from customers.models import (
    Customer,
    CustomerAuditEvent,
    CustomerMember,
    Invitation,
    Onboarding,
    Questionnaire,
    Relationship,
    RelationshipEvent,
)
from customers.services import colleagues


class CustomerMemberInline(admin.TabularInline):
    model = CustomerMember
    extra = 0
    fields = ["user", "role", "added_at"]
    readonly_fields = ["user", "role", "added_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OperatorCustomerForm(CustomerSettingsForm):
    new_admin_email = forms.EmailField(
        label=gettext_lazy("Invite an admin"),
        required=False,
        help_text=gettext_lazy(
            "Email of a person to invite as an admin of this customer. They receive a link to "
            "join (creating their account, or logging in) and become an admin when they accept."
        ),
    )


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    form = OperatorCustomerForm
    list_display = ["name", "country", "city", "accepts_requests", "listed", "created_at"]
    list_filter = ["accepts_requests", "listed", "country"]
    search_fields = ["name", "search_name"]
    readonly_fields = ["terms_published", "created_at"]
    inlines = [CustomerMemberInline]
    fieldsets = [
        (None, {"fields": ["name", "country", "city", "description", "new_admin_email"]}),
        (
            gettext_lazy("Connections"),
            {"fields": ["accepts_requests", "email_domains", "days_to_answer", "listed"]},
        ),
        TERMS_FIELDSET,
    ]

    terms_published = terms_published

    def save_model(self, request, obj, form, change) -> None:
        services.save_customer_settings(customer=obj, actor=request.user)
        services.publish_terms(customer=obj, texts=form.terms_texts(), actor=request.user)
        if email := form.cleaned_data.get("new_admin_email"):
            try:
                colleagues.invite_customer_colleague(
                    customer=obj, actor=request.user, email=email, role=CustomerMember.Role.ADMIN
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                self.message_user(
                    request,
                    _("An invitation to join as an admin was sent to %(email)s.")
                    % {"email": email},
                    messages.SUCCESS,
                )


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


@admin.register(CustomerAuditEvent)
class OperatorCustomerAuditLogAdmin(AuditEventDisplay, admin.ModelAdmin):
    """Every customer's change history, read-only."""

    owner = "customer"


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
