"""Customer administration: a customer's settings, from either admin site."""

from django.db import transaction
from django.utils.translation import gettext_noop

from accounts.models import User
from csp_portal.audit import field_values
from customers.models import Customer
from customers.services.audit import record_customer_change

# What the customer's audit log records of its settings (terms: ``terms.published``).
AUDITED_SETTINGS = (
    "name",
    "country",
    "city",
    "description",
    "email_domains",
    "accepts_requests",
    "days_to_answer",
    "listed",
)


@transaction.atomic
def save_customer_settings(*, customer: Customer, actor: User | None = None) -> Customer:
    """Save a customer edited in an admin site (its terms: ``terms.publish_terms``).

    A change to an existing customer is one entry of its audit log, with the
    settings that changed (none: no entry). ``actor`` is None only for scripts.
    """
    stored = None
    if customer.pk:
        stored = Customer.objects.select_for_update().get(pk=customer.pk)
    customer.email_domains = sorted(
        {d.strip().lower() for d in customer.email_domains if d.strip()}
    )
    customer.save()
    if stored is not None:
        record_customer_change(
            customer=customer,
            actor=actor,
            action="settings.changed",
            message=gettext_noop("Settings changed"),
            before=field_values(stored, AUDITED_SETTINGS),
            after=field_values(customer, AUDITED_SETTINGS),
        )
    return customer
