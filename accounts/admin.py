from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    CompanyDomain,
    JoinRequest,
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    User,
)
from csp_portal.audit import AuditEventDisplay


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


class CompanyDomainInline(admin.TabularInline):
    model = CompanyDomain
    extra = 0
    fields = ["domain", "added_at", "added_by"]
    readonly_fields = ["added_at", "added_by"]


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
