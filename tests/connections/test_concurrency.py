"""On PostgreSQL, at the same moment: a double submit makes one request, the daily limit holds."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from connections.models import ConnectionRequest
from customers.models import RelationshipEvent
from tests.factories import make_customer, make_supplier_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(count: int, work) -> list:
    """Run ``work(index)`` in ``count`` threads released together; their results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_double_submit_at_the_same_moment_makes_one_request(postgres, supplier_user, customer):
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(supplier_user)
    data = {
        "contact_email": "buyer@acme.example",
        "accept_terms": "on",
        "terms_version": customer.terms_version,
    }
    url = reverse("connections:request", args=[customer.pk])

    statuses = _at_once(2, lambda i: clients[i].post(url, data).status_code)

    assert sorted(statuses) == [200, 302]  # one sent, one told it is already pending
    assert ConnectionRequest.objects.count() == 1
    assert RelationshipEvent.objects.count() == 1


def test_the_daily_limit_holds_when_colleagues_send_at_the_same_moment(
    postgres, supplier, settings
):
    settings.CONNECTION_REQUESTS_PER_DAY = 3
    users = [
        make_supplier_user(f"colleague{n}@fournitures.example", supplier=supplier) for n in range(6)
    ]
    customers = [make_customer(f"Parallel Customer {n}") for n in range(6)]
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)

    def send(index: int) -> int:
        return (
            clients[index]
            .post(
                reverse("connections:request", args=[customers[index].pk]),
                {
                    "contact_email": f"c{index}@example.com",
                    "accept_terms": "on",
                    "terms_version": 1,
                },
            )
            .status_code
        )

    statuses = _at_once(6, send)

    assert sorted(statuses) == [200, 200, 200, 302, 302, 302]
    assert ConnectionRequest.objects.filter(supplier=supplier).count() == 3
