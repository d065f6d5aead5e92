"""The customer's change history (its audit log), in the customer admin site, read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from csp_portal.audit import AuditEventDisplay
from customers.admin_site import CustomerScopedAdmin, customer_admin_site
from customers.models import CustomerAuditEvent


@admin.register(CustomerAuditEvent, site=customer_admin_site)
class CustomerAuditLogAdmin(AuditEventDisplay, CustomerScopedAdmin):
    """Every entry of the member's customer, whatever wrote it (settings, staff, terms…)."""

    section_title = gettext_lazy("Change history")
    section_help = gettext_lazy("Who changed your settings, terms and team, and when.")

    def has_change_permission(self, request, obj=None) -> bool:
        return False
