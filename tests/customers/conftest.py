"""Fixtures for the customers tests: an invitation sent the way the portal sends it, and a
supplier onboarding with a customer whose questionnaire asks one question of each kind."""

import pytest

from tests.customers.invitation_helpers import send
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with


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
