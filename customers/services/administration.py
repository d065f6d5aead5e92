"""Customer administration: a customer's settings, from either admin site."""

from django.db import transaction

from customers.models import Customer


@transaction.atomic
def save_customer_settings(*, customer: Customer) -> Customer:
    """Save a customer edited in an admin site; new terms text means a new terms version."""
    if customer.pk:
        stored = Customer.objects.select_for_update().get(pk=customer.pk)
        if stored.terms_text.strip() != customer.terms_text.strip():
            customer.terms_version = stored.terms_version + 1
    customer.email_domains = sorted(
        {d.strip().lower() for d in customer.email_domains if d.strip()}
    )
    customer.save()
    return customer
