"""Mixed load at 64 connections: no 5xx, and no request lost or written twice.

gunicorn with four workers and persistent connections, as deployed, against
the test database. Sixty-four browsers at once for ``FAULT_LOAD_SECONDS``
(10 s in ``make test``; ``make fault-load`` runs 60 s): suppliers reading
their pages and sending connection requests, customer admins reading their
lists and accepting. Every answer is a 200 or a redirect; every request the
portal confirmed is in the database once, with its relationship, its one
"requested" event and its one email; every acceptance confirmed is recorded
once, with its one email; nothing else was written.
"""

import os
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from accounts.models import SupplierMember, User
from connections.models import ConnectionRequest
from csp_portal.outbox.models import OutboxMessage
from customers.models import RelationshipEvent
from tests.deploy import fault_world
from tests.deploy.load import Load
from tests.deploy.stack import Browser, Stack

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LOAD_SECONDS = float(os.environ.get("FAULT_LOAD_SECONDS", "10"))
CONNECTIONS = 64
SUBMITTERS, ACCEPTORS = 16, 8
SUPPLIERS, CUSTOMERS = 16, 32


@pytest.fixture
def stack(postgres, tmp_path):
    stack = Stack(tmp_path)
    stack.env.update(
        CONN_MAX_AGE="60",
        CONNECTION_REQUESTS_PER_DAY="100000",
        RATE_LIMIT_LOGIN="10000/m/ip",
    )
    stack.collect_static()
    yield stack
    stack.stop()


def _logged_in(email: str) -> Browser:
    """A browser with a session of ``email``'s, made in the stack's database and under its
    secret key as a login makes it (logging 48 people in through Argon2 is not what is tested)."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    browser = Browser()
    browser.cookies["sessionid"] = client.cookies["sessionid"].value
    browser.cookies["csrftoken"] = get_random_string(32)
    return browser


def test_64_connections_of_pages_requests_and_acceptances(stack, settings):
    world = fault_world.build(suppliers=SUPPLIERS, customers=CUSTOMERS)
    settings.SECRET_KEY = stack.env["SECRET_KEY"]
    suppliers = [_logged_in(email) for email in world.suppliers]
    admins = [_logged_in(side.admin) for side in world.customers]
    port = stack.start_web(workers=4)
    supplier_pages = [
        reverse("home"),
        reverse("setup"),
        reverse("connections:requests"),
        reverse("connections:search") + "?q=Customer",
        reverse("customers:setup"),
        reverse("accounts:company"),
    ]
    admin_pages = [
        reverse("customer_admin:connections_connectionrequest_changelist"),
        reverse("customer_admin:customers_relationship_changelist"),
    ]
    to_request = [(s, c) for c in range(CUSTOMERS) for s in range(SUPPLIERS)]
    requested: dict[tuple[int, int], int] = {}  # (supplier, customer) → the answer's status
    accepted: dict[int, int] = {}  # request id → the answer's status
    lock = threading.Lock()

    def submit(load: Load, number: int) -> None:
        with lock:
            pair = to_request.pop() if to_request else None
        if pair is None:  # every pair asked: read instead
            load.ask(suppliers[number], port, "GET", supplier_pages[2])
            return
        supplier, customer = pair
        side = world.customers[customer]
        answer = load.ask(
            suppliers[supplier],
            port,
            "POST",
            reverse("connections:request", args=[side.id]),
            {
                "contact_email": side.admin,
                "accept_terms": "on",
                "terms_version": side.terms_version,
            },
        )
        requested[pair] = answer.status

    def accept(load: Load, number: int) -> None:
        mine = [c for c in range(CUSTOMERS) if c % ACCEPTORS == number]
        pending = list(
            ConnectionRequest.objects.filter(
                customer_id__in=[world.customers[c].id for c in mine],
                status=ConnectionRequest.Status.PENDING,
            ).values_list("pk", "customer_id")[:4]
        )
        connection.close()
        if not pending:
            load.ask(admins[mine[0]], port, "GET", admin_pages[0])
            return
        by_id = {world.customers[c].id: c for c in mine}
        for request_id, customer_id in pending:
            answer = load.ask(
                admins[by_id[customer_id]],
                port,
                "POST",
                reverse("customer_admin:connections_connectionrequest_accept", args=[request_id]),
            )
            accepted[request_id] = answer.status

    def read_as_supplier(load: Load, number: int) -> None:
        for path in supplier_pages:
            load.ask(suppliers[number % SUPPLIERS], port, "GET", path)

    def read_as_admin(load: Load, number: int) -> None:
        for path in admin_pages:
            load.ask(admins[number % CUSTOMERS], port, "GET", path)

    readers = CONNECTIONS - SUBMITTERS - ACCEPTORS
    load = Load()
    load.start("submitter", submit, threads=SUBMITTERS)
    load.start("acceptor", accept, threads=ACCEPTORS)
    load.start("supplier", read_as_supplier, threads=readers // 2)
    load.start("admin", read_as_admin, threads=readers - readers // 2)
    time.sleep(LOAD_SECONDS)
    load.stop()

    statuses = load.statuses()
    assert set(statuses) <= {200, 302}, statuses
    assert set(requested.values()) == {302}
    assert set(accepted.values()) <= {302}
    print(
        f"\n{len(load.answers)} answers in {LOAD_SECONDS:.0f} s at {CONNECTIONS} connections "
        f"({len(load.answers) / LOAD_SECONDS:.0f}/s): {dict(statuses)}; "
        f"{len(requested)} requests, {len(accepted)} acceptances"
    )

    # Every request confirmed is there once, whole; nothing else was written.
    supplier_ids = dict(SupplierMember.objects.values_list("user__email", "supplier_id"))
    expected_pairs = Counter(
        (supplier_ids[world.suppliers[s]], world.customers[c].id) for s, c in requested
    )
    assert Counter(ConnectionRequest.objects.values_list("supplier_id", "customer_id")) == (
        expected_pairs
    )
    requested_events = Counter(
        RelationshipEvent.objects.filter(to_state="requested").values_list(
            "relationship__supplier_id", "relationship__customer_id"
        )
    )
    assert requested_events == expected_pairs
    assert OutboxMessage.objects.filter(kind="connection_request_received").count() == len(
        requested
    )
    # Every acceptance confirmed is recorded once, with its one email.
    assert set(
        ConnectionRequest.objects.filter(status=ConnectionRequest.Status.ACCEPTED).values_list(
            "pk", flat=True
        )
    ) == set(accepted)
    assert OutboxMessage.objects.filter(kind="connection_request_accepted").count() == len(accepted)
