"""The customer's connection terms: a new version each time their text changes.

A version never changes once published (``CustomerTerms``): connection
requests point to the one they accepted. Publishing is recorded in the
customer's audit log.
"""

from django.db import transaction
from django.utils.translation import gettext_noop

from accounts.models import User
from customers.localized import language_codes, normalize_text
from customers.models import Customer, CustomerTerms
from customers.services.audit import record_customer_change


@transaction.atomic
def publish_terms(
    *, customer: Customer, texts: dict[str, str], actor: User | None
) -> CustomerTerms | None:
    """Publish the terms as typed (language code → text) when they differ from the current ones.

    Returns the version suppliers accept from now on: a new one, or the
    current one when nothing changed (``None`` while no terms were ever
    written). Clearing every language publishes an empty version: the
    customer then has no terms.
    """
    Customer.objects.select_for_update().get(pk=customer.pk)  # one new version at a time
    texts = {code: normalize_text(texts.get(code)) for code in language_codes()}
    current = CustomerTerms.objects.current_for(customer)
    if current is None and not any(texts.values()):
        return None
    if current is not None and {code: normalize_text(t) for code, t in current.texts.items()} == (
        texts
    ):
        return current
    terms = CustomerTerms.objects.create(
        customer=customer,
        version=current.version + 1 if current else 1,
        published_by=actor,
        **{f"text_{code}": text for code, text in texts.items()},
    )
    record_customer_change(
        customer=customer,
        actor=actor,
        action="terms.published",
        message=gettext_noop("Connection terms version %(version)s published"),
        params={"version": terms.version},
        before={"terms_version": current.version if current else None},
        after={"terms_version": terms.version},
    )
    return terms
