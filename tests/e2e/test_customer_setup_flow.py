"""In a real browser: Configuration → Configuration client, the groups, a customer's panel."""

import pytest
from playwright.sync_api import expect

from csp_portal import demo
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, email, password=demo.DEMO_PASSWORD):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert_accessible(page)


def test_supplier_opens_customer_setup_in_french_and_a_customers_panel(page_for):
    demo.seed()
    page = page_for("fr")
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    _log_in(page, "supplier@example.com")

    navigation = page.get_by_role("navigation", name="Menu principal")
    navigation.get_by_role("button", name="Configuration").click()
    navigation.get_by_role("link", name="Configuration client").click()

    expect(page.get_by_role("heading", name="Configuration client", level=1)).to_be_visible()
    assert_accessible(page)
    customers = page.get_by_role("navigation", name="Vos clients")
    for group in (
        "Profils incomplets",
        "Vous ont invité",
        "Demandes en attente",
        "Connectés",
        "Clôturés",
    ):
        expect(customers.get_by_role("heading", name=group)).to_be_visible()
    expect(customers.get_by_role("link", name="Électricité Démo SA")).to_have_count(0)

    customers.get_by_role("link", name="Wayne Enterprises").click()

    panel = page.get_by_role("region", name="Wayne Enterprises")
    expect(panel).to_contain_text("a refusé votre demande")
    expect(panel).to_contain_text("We already work with a supplier for office furniture this year.")
    expect(panel.get_by_role("heading", name="Historique")).to_be_visible()
    expect(customers.get_by_role("link", name="Wayne Enterprises")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page, "a rejected request")
    assert console_errors == []


def test_supplier_filters_the_list(page_for):
    demo.seed()
    page = page_for("en")
    _log_in(page, "supplier@example.com")
    page.goto("/setup/customers/")
    assert_accessible(page)

    page.get_by_label("Filter customers").fill("stark")
    page.get_by_label("Filter customers").press("Enter")
    page.wait_for_url("**?q=stark")
    assert_accessible(page, "filtered")

    customers = page.get_by_role("navigation", name="Your customers")
    expect(customers.get_by_role("link", name="Stark Industries")).to_be_visible()
    expect(customers.get_by_role("link", name="Wayne Enterprises")).to_have_count(0)


def test_customer_admin_site_runs_without_csp_errors(page_for):
    demo.seed()
    page = page_for("en")
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    page.goto("/customer-admin/")
    assert_accessible(page, "login")
    page.locator("input[name=login]").fill("buyer@acme.example")
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/customer-admin/")
    assert_accessible(page)

    page.get_by_role("link", name="Suppliers", exact=True).click()
    page.wait_for_url("**/relationship/")
    assert_accessible(page)
    page.get_by_role("link", name="Démo Fournitures SARL").click()

    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    assert_accessible(page)
    assert console_errors == []
