"""Shared fixtures: the personas, the browser, and the real-parts switches.

Personas: ``supplier_user`` (admin of a supplier company),
``supplier_member`` (a colleague in the same company, all customers, no right
to manage connections), ``other_supplier_user`` (another company),
``customer_admin`` (admin of the customer "Acme Test"), ``customer_reviewer``
(a reviewer of the same customer), ``other_customer_admin`` (admin of another
customer), ``operator`` (superuser).
"""

import os
import shutil

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in this thread; the ORM beside it
# is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.e2e import axe
from tests.factories import make_customer, make_customer_admin, make_supplier_user, make_user

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip where a real part is missing locally; under CI that is a failure."""
    if IN_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


_DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Rate limits live in the (database) cache; every test starts with none used."""
    uses_db = request.node.get_closest_marker("django_db") or _DB_FIXTURES & set(
        request.fixturenames
    )
    if not uses_db:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # the test database, set up as the test asks
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def stored_files(settings, tmp_path):
    """Uploaded files go to a folder of the test's own (the real storage API, on disk)."""
    directory = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(directory)},
        },
    }
    return directory


@pytest.fixture
def postgres(django_db_blocker):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture
def migrate_to(transactional_db):
    """``migrate_to(targets, keep_latest=("accounts",))`` migrates the test database to
    ``targets`` (the apps named in ``keep_latest`` stay at their latest migration) and
    returns the historical apps there. Afterwards, pass or fail, every app goes back to
    its latest migration: a test left behind on an old schema breaks the tests after it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets, keep_latest=("accounts",)):
        executor = MigrationExecutor(connection)
        leaves = executor.loader.graph.leaf_nodes()
        targets = [*targets, *(node for node in leaves if node[0] in keep_latest)]
        executor.migrate(targets)
        executor.loader.build_graph()
        return executor.loader.project_state(targets).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def local_mail_dir(settings, tmp_path):
    """Send mail through the local .eml backend, into a temporary folder."""
    directory = tmp_path / "mail"
    settings.MAIL_DIR = directory
    settings.MAILERS = {
        "default": {
            "BACKEND": "csp_portal.outbox.backends.LocalFileEmailBackend",
            "OPTIONS": {"directory": str(directory)},
        }
    }
    return directory


# --- Personas ---------------------------------------------------------------


@pytest.fixture
def supplier_user(db):
    return make_supplier_user("sophie@fournitures.example", company="Fournitures Test SARL")


@pytest.fixture
def supplier(supplier_user):
    return supplier_user.supplier_membership.supplier


@pytest.fixture
def supplier_member(supplier):
    return make_supplier_user("colleague@fournitures.example", supplier=supplier, role="member")


@pytest.fixture
def other_supplier_user(db):
    return make_supplier_user("owner@other-supplier.example", company="Other Supplier Ltd")


@pytest.fixture
def customer(db):
    return make_customer(
        "Acme Test Industries", country="US", city="Springfield", email_domains=["acme.example"]
    )


@pytest.fixture
def customer_admin(customer):
    return make_customer_admin("buyer@acme.example", customer=customer)


@pytest.fixture
def customer_reviewer(customer):
    return make_customer_admin("reviewer@acme.example", customer=customer, role="reviewer")


@pytest.fixture
def other_customer(db):
    return make_customer("Globex Test Corporation", country="FR", city="Lyon")


@pytest.fixture
def other_customer_admin(other_customer):
    return make_customer_admin("buyer@globex.example", customer=other_customer)


@pytest.fixture
def operator(db):
    return make_user("operator@example.com", is_staff=True, is_superuser=True)


# --- Browser ----------------------------------------------------------------


@pytest.fixture(scope="session")
def _browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        skip_or_fail(f"needs Debian's chromium at {CHROMIUM} (apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev group installs it
        skip_or_fail("needs Playwright for Python")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context_for(_browser, live_server, settings):
    """Open a browser context speaking the given language against the live server."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    contexts = []
    pages = []

    def watch_page(page):
        # Every document a page loads must be checked by axe (tests/e2e/axe.py).
        axe.watch(page, live_server.url)
        pages.append(page)

    def open_context(locale: str = "en"):
        context = _browser.new_context(
            locale=locale,
            base_url=live_server.url,
            extra_http_headers={"Accept-Language": locale},
        )
        context.set_default_timeout(10_000)
        context.on("page", watch_page)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    missed = axe.unchecked_pages(pages)
    if missed:
        pytest.fail(
            "pages loaded without assert_accessible(page) (tests/e2e/axe.py) after them: "
            + ", ".join(missed)
        )


@pytest.fixture
def page_for(browser_context_for):
    def open_page(locale: str = "en"):
        return browser_context_for(locale).new_page()

    return open_page


def pytest_terminal_summary(terminalreporter):
    tally = axe.TALLY
    if tally.states:
        found = ", ".join(f"{rule} {count}" for rule, count in sorted(tally.violations.items()))
        terminalreporter.write_line(
            f"axe-core: {tally.states} page states checked on {len(tally.pages)} pages, "
            f"{tally.elements} elements in violation" + (f" ({found})" if found else "")
        )
