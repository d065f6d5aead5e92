"""Customers' email domains, which no supplier company may declare as its own."""

from django.db.models import Q

from customers.models import Customer


def is_customer_domain(domain: str) -> bool:
    """Whether ``domain`` is one of a customer's email domains, or under one (mail.acme.example).

    Registered with ``accounts.domains.reserve_domains`` (``customers/apps.py``).
    """
    labels = domain.lower().split(".")
    candidates = {".".join(labels[start:]) for start in range(len(labels) - 1)}
    if not candidates:
        return False
    matches = Q()
    for candidate in candidates:  # the JSON text holds it; the exact check follows
        matches |= Q(email_domains__icontains=candidate)
    return any(
        candidates & {str(listed).lower() for listed in listed_domains}
        for listed_domains in Customer.objects.filter(matches).values_list(
            "email_domains", flat=True
        )
        if isinstance(listed_domains, list)
    )
