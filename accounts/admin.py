"""The accounts app in the operator's site (/admin/): users, companies, their domains."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import (
    CompanyDomain,
    JoinRequest,
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    User,
)
from csp_portal.admin_sites import ReadOnlyAdmin
from csp_portal.audit import AuditEventDisplay
from csp_portal.errors import DomainError


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined", "deleted_at"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    readonly_fields = ["deleted_at"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


class SupplierMemberInline(admin.TabularInline):
    model = SupplierMember
    extra = 0
    raw_id_fields = ["user"]


COMPANY_DOMAIN_FIELDS = ["domain", "added_at", "added_by", "proven_at", "proof", "proven_with"]


class CompanyDomainInline(admin.TabularInline):
    """Read-only: the company's admins declare and prove domains on their company page."""

    model = CompanyDomain
    extra = 0
    fields = COMPANY_DOMAIN_FIELDS
    readonly_fields = COMPANY_DOMAIN_FIELDS
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CompanyDomain)
class CompanyDomainAdmin(ReadOnlyAdmin):
    """Every company's domains; the operator may vouch for one checked by other means."""

    list_display = ["domain", "supplier", "proven_at", "proof", "added_at"]
    list_filter = ["proof"]
    search_fields = ["domain", "supplier__name"]
    list_select_related = ["supplier"]
    fields = ["supplier", *COMPANY_DOMAIN_FIELDS, "link_sent_to", "link_sent_at"]
    readonly_fields = fields
    actions = ["vouch_for_selected"]

    @admin.action(description=_("Mark the selected domains as proven (checked by the operator)"))
    def vouch_for_selected(self, request, queryset) -> None:
        for claim in queryset.select_related("supplier"):
            try:
                services.mark_domain_proven(domain_id=claim.pk, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{claim.domain}: {error.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(domain)s is proven for %(company)s.")
                    % {"domain": claim.domain, "company": claim.supplier.name},
                    messages.SUCCESS,
                )


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "created_at"]
    search_fields = ["name", "legal_name", "domains__domain"]
    fieldsets = [
        (None, {"fields": ["name", "created_at"]}),
        (_("Public profile"), {"fields": ["country", "website", "description"]}),
        (
            _("Restricted profile"),
            {
                "fields": [
                    "legal_name",
                    "tax_id",
                    "postal_address",
                    "phone",
                    "contact_name",
                    "contact_email",
                ]
            },
        ),
    ]
    inlines = [CompanyDomainInline, SupplierMemberInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "supplier", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "supplier__name"]
    raw_id_fields = ["user", "supplier", "decided_by"]
    readonly_fields = ["status", "created_at", "decided_at", "decided_by"]


@admin.register(SupplierAuditEvent)
class SupplierAuditLogAdmin(AuditEventDisplay, admin.ModelAdmin):
    """Every company's change history, read-only."""

    owner = "supplier"
