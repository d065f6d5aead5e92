"""Rough figures for docs/scaling.md: what one page costs the app and the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/csp_scaling \\
        .venv/bin/python -m tests.deploy.scaling_figures

Migrates the database and loads the demo data (``seed_demo``) if needed, then
asks each page 60 times through Django's test client (DEBUG off, persistent
connection), after 10 unmeasured asks: the app's CPU per page (this process's
CPU time, so other load on the machine inflates it little), the SQL queries per
page and their time as the app waits for them. Then the rows one connection
request and one acceptance write, and the average size of a row of each table
that grows. Not ``make bench`` (wrk against gunicorn): a quick loop, for orders
of magnitude.
"""

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # no line per request
os.environ.setdefault("SECRET_KEY", "scaling-figures-only-" + "x" * 40)

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from connections import services  # noqa: E402
from customers.models import Customer  # noqa: E402
from tests.factories import make_customer, make_customer_admin  # noqa: E402

ASKS, WARM_UP = 60, 10
GROWING_TABLES = [
    "django_session",
    "csp_portal_outboxmessage",
    "django_tasks_database_dbtaskresult",
    "customers_relationship",
    "customers_relationshipevent",
    "connections_connectionrequest",
    "customers_customer",
]


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    if not User.objects.filter(email="supplier@example.com").exists():
        call_command("seed_demo", verbosity=0)
    with override_settings(
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        pages()
    rows_per_action()
    row_sizes()


def pages() -> None:
    acme = Customer.objects.get(name="Acme Industries")
    supplier, buyer = Client(), Client()
    supplier.force_login(User.objects.get(email="supplier@example.com"))
    buyer.force_login(User.objects.get(email="buyer@acme.example"))
    asked = [
        ("login (anonymous)", Client(), reverse("account_login")),
        ("home", supplier, reverse("home")),
        ("Connection Requests list", supplier, reverse("connections:requests")),
        ("search", supplier, reverse("connections:search") + "?q=acme"),
        ("Customer Setup", supplier, reverse("customers:setup")),
        (
            "Customer Setup, a customer open",
            supplier,
            reverse("customers:setup_customer", args=[acme.pk]),
        ),
        ("company page", supplier, reverse("accounts:company")),
        (
            "customer admin: connection requests",
            buyer,
            reverse("customer_admin:connections_connectionrequest_changelist"),
        ),
        (
            "customer admin: relationships",
            buyer,
            reverse("customer_admin:customers_relationship_changelist"),
        ),
    ]
    print("| page | status | app CPU ms | req/s per core (app) | queries | SQL ms (wall) |")
    print("|---|---|---|---|---|---|")
    for label, client, path in asked:
        for _ in range(WARM_UP):
            client.get(path)
        cpu, sql, queries = [], [], []
        for _ in range(ASKS):
            timer = _SqlTimer()
            with connection.execute_wrapper(timer):
                started = time.process_time()
                response = client.get(path)
                cpu.append(time.process_time() - started)
            sql.append(timer.seconds)
            queries.append(timer.queries)
        app_ms = statistics.median(cpu) * 1000
        print(
            f"| {label} | {response.status_code} | {app_ms:.1f} | {1000 / app_ms:.0f} "
            f"| {statistics.median(queries):.0f} | {statistics.median(sql) * 1000:.1f} |"
        )


class _SqlTimer:
    def __init__(self) -> None:
        self.seconds, self.queries = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def rows_per_action() -> None:
    """Rows written by one request and one acceptance (rolled back afterwards)."""
    supplier_user = User.objects.get(email="supplier@example.com")
    supplier = supplier_user.supplier_membership.supplier
    try:
        with transaction.atomic():
            customer = make_customer("Figures Ltd", email_domains=["figures.example"])
            make_customer_admin("buyer@figures.example", customer=customer)
            before = _counts()
            request = services.request_connection(
                supplier=supplier,
                customer=customer,
                actor=supplier_user,
                contact_email="buyer@figures.example",
                terms_version=customer.terms_version,
            )
            requested = _counts()
            services.accept_request(connection_request=request, actor=None)
            accepted = _counts()
            raise _RollBack
    except _RollBack:
        pass
    print("\n| table | rows per request | rows per acceptance |")
    print("|---|---|---|")
    for table in GROWING_TABLES:
        print(
            f"| {table} | {requested[table] - before[table]} "
            f"| {accepted[table] - requested[table]} |"
        )


class _RollBack(Exception):
    pass


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in GROWING_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
        return counts


def row_sizes() -> None:
    """A row's own bytes (``pg_column_size`` of the row, plus the 24-byte tuple header)."""
    print("\n| table | rows here | bytes per row (heap, no index) |")
    print("|---|---|---|")
    with connection.cursor() as cursor:
        for table in GROWING_TABLES:
            cursor.execute(f"SELECT count(*), avg(pg_column_size(t.*)) + 24 FROM {table} t")
            rows, size = cursor.fetchone()
            print(f"| {table} | {rows} | {size:.0f} |" if rows else f"| {table} | 0 | — |")


if __name__ == "__main__":
    main()
