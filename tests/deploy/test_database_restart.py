"""PostgreSQL stops during load and comes back: a 503 page meanwhile, then the portal recovers.

A cluster of the test's own (``initdb``, ``cluster.ThrowawayCluster``), migrated;
gunicorn (two workers, persistent connections as deployed) against it; readers
in English and in French and two suppliers' worth of connection requests. The
cluster crashes (``pg_ctl stop -m immediate``) in the middle: every answer
while it is down is the 503 page in the reader's language with Retry-After,
never a 500 or a traceback. It starts again: the same gunicorn processes
answer 200 without being restarted. Every connection request in the database
is whole (its relationship, its event, its email in the outbox) and every
request the portal confirmed (302) is there.
"""

import time
from collections import Counter

import psycopg
import pytest

from tests.deploy.cluster import ThrowawayCluster
from tests.deploy.fault_world import World
from tests.deploy.load import Load
from tests.deploy.stack import Browser, Stack, wait_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.postgres

ENGLISH_503 = "The portal is briefly unavailable"
FRENCH_503 = "Le portail est momentanément indisponible"


@pytest.fixture
def cluster(postgres):
    cluster = ThrowawayCluster()
    cluster.start()
    cluster.create_database()
    yield cluster
    cluster.remove()


@pytest.fixture
def stack(cluster, tmp_path):
    stack = Stack(tmp_path, database_url=cluster.url)
    stack.env.update(CONN_MAX_AGE="60", CONNECTION_REQUESTS_PER_DAY="10000")
    stack.manage("migrate", "--no-input", "--verbosity", "0")
    stack.manage("createcachetable")
    stack.collect_static()
    yield stack
    stack.stop()


def _log_in(port: int, email: str, language: str) -> Browser:
    browser = Browser()
    browser.cookies["django_language"] = language
    browser.get(port, "/accounts/login/")
    status, _, body = browser.post(port, "/accounts/login/", {"login": email, "password": PASSWORD})
    assert status == 302, body
    return browser


def test_the_portal_answers_503_while_postgresql_is_down_and_recovers_by_itself(cluster, stack):
    world = World.from_json(
        stack.manage(
            "shell",
            "--no-imports",
            "-c",
            "from tests.deploy import fault_world as w; w.print_world(suppliers=2, customers=60)",
        )
    )
    port = stack.start_web(workers=2)
    gunicorn = stack.processes[-1]
    readers = {
        "en": _log_in(port, world.suppliers[0], "en"),
        "fr": _log_in(port, world.suppliers[0], "fr"),
    }
    requesters = [_log_in(port, email, "en") for email in world.suppliers]
    to_ask = [(s, c) for c in world.customers for s in range(len(requesters))]
    sent: dict[tuple[int, int], int] = {}  # (supplier, customer id) → the answer's status

    def read(load: Load, number: int) -> None:
        language = "en" if number % 2 == 0 else "fr"
        for path in (
            "/setup/connection-requests/",
            "/setup/connection-requests/search/?q=Customer",
        ):
            load.ask(readers[language], port, "GET", path)
        time.sleep(0.05)

    def request(load: Load, number: int) -> None:
        try:
            supplier, customer = to_ask.pop()
        except IndexError:  # every pair asked
            time.sleep(0.1)
            return
        path = f"/setup/connection-requests/new/{customer.id}/"
        answer = load.ask(
            requesters[supplier],
            port,
            "POST",
            path,
            {
                "contact_email": customer.admin,
                "accept_terms": "on",
                "terms_version": customer.terms_version,
            },
        )
        sent[supplier, customer.id] = answer.status
        time.sleep(0.05)

    load = Load()
    load.start("reader", read, threads=2)
    load.start("requester", request, threads=2)
    time.sleep(2)
    cluster.crash()
    down_since = time.monotonic()
    time.sleep(3)
    restarting_at = time.monotonic()
    cluster.start()
    # The same processes, not restarted, answer again.
    wait_for(
        lambda: [a for a in load.answers if a.started > restarting_at and a.status == 200],
        timeout=30,
        what="a page answered after the restart",
    )
    time.sleep(1)
    load.stop()
    assert gunicorn.poll() is None

    statuses = load.statuses()
    assert set(statuses) <= {200, 302, 503}, statuses
    while_down = [a for a in load.answers if down_since < a.started and a.ended < restarting_at]
    assert while_down and {a.status for a in while_down} == {503}
    for answer in (a for a in load.answers if a.status == 503):
        assert answer.headers["Retry-After"] == "30"
        assert "Traceback" not in answer.body
        french = answer.who.startswith("reader") and int(answer.who.rsplit("-", 1)[1]) % 2
        assert (FRENCH_503 if french else ENGLISH_503) in answer.body, answer.body[:300]
    assert any(FRENCH_503 in a.body for a in while_down)
    assert any(ENGLISH_503 in a.body for a in while_down)
    assert Counter(sent.values())[302] > 0

    with psycopg.connect(cluster.url) as db:
        whole = _requests_and_their_parts(db)
    confirmed = {pair for pair, status in sent.items() if status == 302}
    supplier_ids = _supplier_ids(cluster, world)
    in_database = {(supplier_ids.index(s), c) for s, c in whole}
    assert confirmed <= in_database
    for (supplier, customer), parts in whole.items():
        assert parts == ("requested", 1, 1), (supplier, customer, parts)


def _requests_and_their_parts(db) -> dict[tuple[int, int], tuple]:
    """Each request → (its relationship's state, its "requested" events, its emails to the admin)."""
    rows = db.execute(
        """
        SELECT r.supplier_id, r.customer_id, rel.state,
               (SELECT count(*) FROM customers_relationshipevent e
                 WHERE e.relationship_id = rel.id AND e.to_state = 'requested'),
               (SELECT count(*) FROM csp_portal_outboxmessage o
                 WHERE o.kind = 'connection_request_received'
                   AND o."to" = to_jsonb(ARRAY[r.contact_email])
                   AND o.body_text LIKE '%%' || s.name || '%%')
        FROM connections_connectionrequest r
        JOIN accounts_supplier s ON s.id = r.supplier_id
        LEFT JOIN customers_relationship rel
          ON rel.supplier_id = r.supplier_id AND rel.customer_id = r.customer_id
        """
    ).fetchall()
    return {
        (supplier, customer): (state, events, emails)
        for supplier, customer, state, events, emails in rows
    }


def _supplier_ids(cluster, world: World) -> list[int]:
    with psycopg.connect(cluster.url) as db:
        ids = dict(
            db.execute(
                "SELECT u.email, m.supplier_id FROM accounts_user u "
                "JOIN accounts_suppliermember m ON m.user_id = u.id"
            ).fetchall()
        )
    return [ids[email] for email in world.suppliers]
