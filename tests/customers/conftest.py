"""Fixtures for the customers tests: an invitation sent the way the portal sends it, a
supplier onboarding with a customer whose questionnaire asks one question of each kind, and
a small directory to search."""

import pytest

from tests.customers.invitation_helpers import send
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with
from tests.factories import make_customer


@pytest.fixture
def invite(django_capture_on_commit_callbacks, mailoutbox, customer, customer_admin):
    """Send an invitation (defaults: ``customer_admin`` of ``customer``); gives (invitation, path)."""

    def _invite(**fields):
        fields.setdefault("invited_by", customer_admin)
        fields.setdefault("customer", customer)
        return send(django_capture_on_commit_callbacks, mailoutbox, **fields)

    return _invite


@pytest.fixture
def onboarding(supplier, supplier_user, customer, customer_admin):
    make_questionnaire(customer)
    return onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )


@pytest.fixture
def directory(db):
    """A few directory customers, French and English, plus one that is not listed."""
    for name in [
        "Société Générale Démo",
        "Électricité Démo SA",
        "Acme Industries",
        "Globex Corporation",
        "Crédit Agricole Démo",
    ]:
        make_customer(name)
    make_customer("Acme Secret Holdings", listed=False)
