"""Two app processes and one worker against one PostgreSQL work as one portal.

Two gunicorn processes (machines A and B behind a load balancer, DEBUG off)
and a ``db_worker``, as ``deploy/`` runs them: a supplier signs up on A and
confirms the email on B, requests a connection on A, the customer accepts on
B; the worker delivers every email exactly once (anymail's test backend,
observed through its send signals, ``delivery_log``); failed logins count
across both machines. Then a worker dies in the middle of a batch of emails
and another starts: nothing is lost, nothing is sent twice.
"""

import time
from collections import Counter
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from connections.models import ConnectionRequest
from csp_portal.outbox import emails
from csp_portal.outbox.models import OutboxMessage
from tests.deploy import delivery_log
from tests.deploy.stack import Browser, Stack, link_in, wait_for
from tests.factories import PASSWORD, make_customer, make_customer_admin

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUPPLIER_EMAIL = "sophie@dupont-fils.example"
SUPPLIER_PASSWORD = "Dupont-et-Fils-2026!"


@pytest.fixture
def stack(postgres, tmp_path):
    stack = Stack(tmp_path)
    stack.collect_static()
    yield stack
    stack.stop()


def _all_delivered(stack) -> list[dict]:
    """Once no email waits or is being sent: every delivery written down."""
    wait_for(
        lambda: not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists(),
        timeout=60,
        what="the worker to send every email",
    )
    return delivery_log.read(stack.delivery_log)


def _assert_each_row_delivered_once(deliveries: list[dict]) -> None:
    rows = Counter((tuple(row.to), row.subject) for row in OutboxMessage.objects.all())
    delivered = Counter((tuple(line["to"]), line["subject"]) for line in deliveries)
    assert delivered == rows
    assert set(rows.values()) == {1}


def test_two_app_processes_and_a_worker_work_as_one_portal(stack):
    customer = make_customer("Achats & Co", email_domains=["acme.example"])
    make_customer_admin("buyer@acme.example", customer=customer)
    machine_a, machine_b = stack.start_web(), stack.start_web()
    worker = stack.start_worker("worker-1")

    # A supplier signs up on A …
    supplier = Browser()
    supplier.get(machine_a, "/accounts/signup/")
    status, headers, _ = supplier.post(
        machine_a,
        "/accounts/signup/",
        {
            "company_name": "Dupont & Fils",
            "full_name": "Sophie Dupont",
            "email": SUPPLIER_EMAIL,
            "password1": SUPPLIER_PASSWORD,
            "password2": SUPPLIER_PASSWORD,
        },
    )
    assert status == 302, (headers, _)
    # … the worker sends the confirmation, and the link is opened on B.
    [confirmation] = wait_for(
        lambda: [d for d in delivery_log.read(stack.delivery_log) if d["to"] == [SUPPLIER_EMAIL]],
        timeout=30,
        what="the confirmation email",
    )
    assert confirmation["pid"] == worker.pid
    link = link_in(confirmation["body"], r"/accounts/confirm-email/[^/\s]+/")
    assert supplier.get(machine_b, link)[0] == 200
    status, headers, _ = supplier.post(machine_b, link, {})
    assert status == 302
    assert EmailAddress.objects.get(email=SUPPLIER_EMAIL).verified

    # A connection request on A (the session made on B is valid there too).
    request_path = reverse("connections:request", args=[customer.pk])
    assert supplier.get(machine_a, request_path)[0] == 200
    status, _, _ = supplier.post(
        machine_a,
        request_path,
        {
            "contact_email": "buyer@acme.example",
            "accept_terms": "on",
            "terms_version": customer.terms_version,
        },
    )
    assert status == 302
    connection_request = ConnectionRequest.objects.get(customer=customer)

    # The customer logs in and accepts on B.
    buyer = Browser()
    buyer.get(machine_b, "/accounts/login/")
    assert (
        buyer.post(
            machine_b, "/accounts/login/", {"login": "buyer@acme.example", "password": PASSWORD}
        )[0]
        == 302
    )
    accept = reverse(
        "customer_admin:connections_connectionrequest_accept", args=[connection_request.pk]
    )
    assert buyer.post(machine_b, accept, {})[0] == 302
    connection_request.refresh_from_db()
    assert connection_request.status == ConnectionRequest.Status.ACCEPTED

    # Every email was delivered by the worker, once.
    deliveries = _all_delivered(stack)
    kinds = set(OutboxMessage.objects.values_list("kind", flat=True))
    assert {"connection_request_received", "connection_request_accepted"} <= kinds
    assert {line["pid"] for line in deliveries} == {worker.pid}
    _assert_each_row_delivered_once(deliveries)
    # Once sent, the stored copy of the confirmation keeps no key.
    stored = OutboxMessage.objects.get(kind__contains="email_confirmation")
    assert link not in stored.body_text
    assert "/accounts/confirm-email/[redacted]/" in stored.body_text

    # Failed logins count on both machines: 3 on A and 2 on B lock the account (5/5m/key).
    guesser = Browser()
    for machine in (machine_a, machine_a, machine_a, machine_b, machine_b):
        guesser.get(machine, "/accounts/login/")
        _, _, page = guesser.post(
            machine, "/accounts/login/", {"login": SUPPLIER_EMAIL, "password": "guess"}
        )
        assert "are not correct" in page
    owner = Browser()
    owner.get(machine_a, "/accounts/login/")
    status, _, page = owner.post(
        machine_a, "/accounts/login/", {"login": SUPPLIER_EMAIL, "password": SUPPLIER_PASSWORD}
    )
    assert status == 200
    assert "Too many failed login attempts" in page

    # One JSON line per request on each machine, with the id the response carried.
    status, headers, _ = owner.get(machine_b, "/accounts/login/")
    request_id = headers["X-Request-ID"]
    assert f'"request_id": "{request_id}"' in stack.log_of(f"web-{machine_b}")
    assert '"event": "task_finished"' in stack.log_of("worker-1")


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_sends_nothing_twice(
    stack, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lease = timedelta(seconds=int(stack.env["MAIL_LEASE_SECONDS"]))
    slow = stack.start_worker("slow-worker", delivery_delay=1.5)
    with transaction.atomic():
        for number in range(8):
            emails.queue_email(
                kind="batch",
                to=[f"reader{number}@example.test"],
                subject=f"Newsletter {number}",
                body_text="Hello.",
            )

    def mid_send() -> OutboxMessage | None:
        """A row claimed just now, after two sent: the worker is waiting for the provider."""
        if OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() < 2:
            return None
        just_now = timezone.now() + lease - timedelta(seconds=0.5)
        return OutboxMessage.objects.filter(
            status=OutboxMessage.Status.SENDING, lease_expires_at__gte=just_now
        ).first()

    interrupted = wait_for(mid_send, timeout=60, what="the worker to be in the middle of a send")
    slow.kill()
    slow.wait()
    interrupted.refresh_from_db()
    assert interrupted.status == OutboxMessage.Status.SENDING
    delivered_before = len(delivery_log.read(stack.delivery_log))
    assert 2 <= delivered_before < 8

    stack.start_worker("worker-2")
    wait_for(
        lambda: OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 7,
        timeout=60,
        what="the new worker to send the rest",
    )
    # While the dead worker's claim holds, nobody sends its email, not even the sweeper.
    assert stack.manage("send_pending_mail").startswith("0 due")
    interrupted.refresh_from_db()
    assert interrupted.status == OutboxMessage.Status.SENDING
    subjects = [line["subject"] for line in delivery_log.read(stack.delivery_log)]
    assert interrupted.subject not in subjects

    # Once the claim lapses, the sweeper sends it.
    time.sleep(max(0, (interrupted.lease_expires_at - timezone.now()).total_seconds()) + 0.2)
    assert stack.manage("send_pending_mail").startswith("1 due: 1 sent")

    deliveries = _all_delivered(stack)
    _assert_each_row_delivered_once(deliveries)
    interrupted.refresh_from_db()
    assert interrupted.attempts == 2
