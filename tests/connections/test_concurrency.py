"""On PostgreSQL, at the same moment: a double submit makes one request, the daily limit holds."""

import pytest
from django.test import Client
from django.urls import reverse

from connections.models import ConnectionRequest
from customers.models import RelationshipEvent
from tests.concurrency import run_at_once
from tests.factories import make_customer, make_supplier_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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

    statuses = run_at_once(*(lambda c=c: c.post(url, data).status_code for c in clients))

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

    statuses = run_at_once(*(lambda i=i: send(i) for i in range(6)))

    assert sorted(statuses) == [200, 200, 200, 302, 302, 302]
    assert ConnectionRequest.objects.filter(supplier=supplier).count() == 3
