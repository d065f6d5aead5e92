"""Fixtures for the customers tests: an invitation sent the way the portal sends it."""

import pytest

from tests.customers.invitation_helpers import send


@pytest.fixture
def invite(django_capture_on_commit_callbacks, mailoutbox, customer, customer_admin):
    """Send an invitation (defaults: ``customer_admin`` of ``customer``); gives (invitation, path)."""

    def _invite(**fields):
        fields.setdefault("invited_by", customer_admin)
        fields.setdefault("customer", customer)
        return send(django_capture_on_commit_callbacks, mailoutbox, **fields)

    return _invite
