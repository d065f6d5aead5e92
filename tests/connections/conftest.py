"""Fixtures for the connections tests: a request sent the way the portal sends it."""

import pytest

from connections import services


@pytest.fixture
def send_request(supplier, supplier_user, customer):
    """Send a connection request through the service (defaults: the personas)."""

    def send(*, to=None, by=None, contact="buyer@acme.example", supplier_=None):
        target = to or customer
        return services.request_connection(
            supplier=supplier_ or supplier,
            customer=target,
            actor=by or supplier_user,
            contact_email=contact,
            terms_version=target.terms_version,
        )

    return send


@pytest.fixture
def pending_request(send_request, customer_admin):
    """A pending request from ``supplier`` to ``customer`` (which has an admin)."""
    return send_request()


@pytest.fixture
def supplier_client(client, supplier_user):
    client.force_login(supplier_user)
    return client
