"""The customer's audit log: changes to its settings and staff, for its admins."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from csp_portal.audit import AuditEvent
from customers.models.customer import Customer


class CustomerAuditEventQuerySet(models.QuerySet["CustomerAuditEvent"]):
    def for_customer(self, customer: Customer) -> "CustomerAuditEventQuerySet":
        return self.filter(customer=customer)


class CustomerAuditEvent(AuditEvent):
    """A change to a customer (settings, terms, staff), for its admins and the operator."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="audit_events", verbose_name=_("customer")
    )

    objects = CustomerAuditEventQuerySet.as_manager()
    changed_model = Customer

    class Meta(AuditEvent.Meta):
        verbose_name = _("customer audit event")
        verbose_name_plural = _("customer audit log")
        indexes = [models.Index(fields=["customer", "-created_at"], name="customer_audit_time")]
