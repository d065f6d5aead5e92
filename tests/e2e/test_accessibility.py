"""axe-core on every page of the portal, in English and in French, with the demo data.

Each test walks one side of the portal the way its users do — the supplier's
pages, the customer administration, the invitation pages, the pages before
logging in — and checks each page state with ``assert_accessible``: as
loaded, with its form errors, with the message that follows an action, with
a menu open. The other browser tests check the states of their own flows.
"""

import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Supplier
from connections import services as connection_services
from csp_portal import demo
from customers.demo import NEWCOMER_EMAIL
from customers.models import Customer, Invitation, Relationship
from tests.e2e.axe import assert_accessible
from tests.factories import make_supplier_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "fr"]
WALK_THROUGH_TARGET = "Électricité Démo SA"


def visit(page, path: str, state: str = "") -> None:
    response = page.goto(path)
    assert response is not None and response.status < 500, f"{path}: {response and response.status}"
    assert_accessible(page, state)


def submit(page, form_selector: str = "main form", state: str = "errors") -> None:
    page.locator(f"{form_selector} [type=submit]").last.click()
    page.wait_for_load_state()
    assert_accessible(page, state)


def log_in(page, email_address: str) -> None:
    visit(page, "/accounts/login/")
    page.locator("input[name=login]").fill(email_address)
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert_accessible(page, "logged in")


def customer_id(name: str) -> int:
    return Customer.objects.get(name=name).pk


@pytest.fixture
def demo_data(local_mail_dir):
    demo.seed()
    return local_mail_dir


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_before_logging_in_are_accessible(page_for, demo_data, language):
    page = page_for(language)
    visit(page, "/")
    visit(page, "/accounts/login/")
    page.locator("input[name=login]").fill("supplier@example.com")
    page.locator("input[name=password]").fill("not-the-password")
    submit(page, state="wrong password")
    visit(page, "/accounts/signup/")
    page.locator("input[name=email]").fill("not an address")
    submit(page, state="sign-up errors")
    visit(page, "/accounts/password/reset/")
    page.locator("input[name=email]").fill("someone@example.com")
    submit(page, state="reset asked")
    visit(page, "/no-such-page/", "not found")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_suppliers_pages_are_accessible(page_for, demo_data, language):
    page = page_for(language)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "supplier@example.com")
    visit(page, "/setup/")
    page.locator(".main-nav [data-menu] button").click()
    assert_accessible(page, "Setup menu open")

    # Customer Setup: the list, and the panel of every relationship.
    visit(page, "/setup/customers/")
    visit(page, "/setup/customers/?q=zzzz", "filter finds nothing")
    supplier = Supplier.objects.get(members__user__email="supplier@example.com")
    for relationship in Relationship.objects.for_supplier(supplier).select_related("customer"):
        visit(page, f"/setup/customers/{relationship.customer_id}/", relationship.state)

    # Connection Requests: the list, the search, the request form and its errors.
    visit(page, "/setup/connection-requests/")
    visit(page, "/setup/connection-requests/search/")
    visit(page, "/setup/connection-requests/search/?q=demo", "results")
    visit(page, "/setup/connection-requests/search/?q=wayne", "a customer in cooldown")
    visit(page, "/setup/connection-requests/search/?q=elctricite", "corrected typo")
    visit(page, "/setup/connection-requests/search/?q=zzzzzz", "nothing found")
    target = customer_id(WALK_THROUGH_TARGET)
    visit(page, f"/setup/connection-requests/terms/{target}/")
    visit(page, f"/setup/connection-requests/new/{target}/")
    submit(page, state="empty form")
    page.locator("input[name=contact_email]").fill("someone@elsewhere.example")
    submit(page, state="contact outside the customer's domains")
    page.locator("input[name=contact_email]").fill("acheteur@electricite-demo.example")
    page.locator("input[name=accept_terms]").check()
    submit(page, state="request sent")
    page.locator("main form [type=submit]").first.click()  # Withdraw, confirmed
    page.wait_for_load_state()
    assert_accessible(page, "request withdrawn")

    # Onboarding: Acme's draft, Initech's answers returned for changes.
    acme, initech = customer_id("Acme Industries"), customer_id("Initech")
    visit(page, f"/setup/customers/{acme}/onboarding/")
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page, "answers to fix")
    page.locator("button[value=draft]").click()
    page.wait_for_load_state()
    assert_accessible(page, "draft saved")
    visit(page, f"/setup/customers/{initech}/onboarding/", "returned for changes")

    # Ending a relationship, the company page, the account pages.
    stark = customer_id("Stark Industries")
    visit(page, f"/setup/customers/{stark}/end/")
    submit(page, state="no reason")
    visit(page, "/company/")
    page.locator("input[name=domain]").fill("not a domain")
    submit(page, ".domain-form", state="domain refused")
    visit(page, "/accounts/email/")
    visit(page, "/accounts/password/change/")
    submit(page, state="password errors")
    visit(page, "/accounts/2fa/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_customer_administration_is_accessible(page_for, demo_data, language):
    acme = Customer.objects.get(name="Acme Industries")
    newcomer = make_supplier_user("owner@newcomer.example", company="Newcomer Supplies")
    connection_services.request_connection(
        supplier=newcomer.supplier_membership.supplier,
        customer=acme,
        actor=newcomer,
        contact_email="buyer@acme.example",
        terms_version=acme.terms_version,
    )
    page = page_for(language)
    visit(page, "/customer-admin/", "login")
    page.locator("input[name=login]").fill("buyer@acme.example")
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert_accessible(page, "index")

    base = "/customer-admin"
    for model in [
        "customers/relationship",
        "connections/connectionrequest",
        "customers/invitation",
        "customers/onboarding",
        "customers/questionnaire",
        "customers/customermember",
    ]:
        visit(page, f"{base}/{model}/", "list")
    visit(page, f"{base}/customers/customer/{acme.pk}/change/", "settings")
    for relationship in Relationship.objects.for_customer(acme):
        visit(page, f"{base}/customers/relationship/{relationship.pk}/change/", relationship.state)
    for connection_request in acme.connection_requests.all():
        visit(page, f"{base}/connections/connectionrequest/{connection_request.pk}/change/")
    for onboarding_id in Relationship.objects.for_customer(acme).values_list(
        "onboarding__pk", flat=True
    ):
        if onboarding_id:
            visit(page, f"{base}/customers/onboarding/{onboarding_id}/change/", "review")
    questionnaire = acme.questionnaires.order_by("-version").first()
    visit(page, f"{base}/customers/questionnaire/{questionnaire.pk}/change/")
    for invitation in Invitation.objects.for_customer(acme):
        visit(page, f"{base}/customers/invitation/{invitation.pk}/change/")

    # Forms: their errors, and the message after each action.
    pending = acme.connection_requests.get(status="pending")
    visit(page, f"{base}/connections/connectionrequest/{pending.pk}/reject/")
    submit(page, "#content form", state="no reason")
    page.locator("textarea[name=reason]").fill("We have enough suppliers of this kind.")
    submit(page, "#content form", state="rejected")
    visit(page, f"{base}/customers/invitation/add/")
    submit(page, "#content form", state="empty invitation")
    page.locator("input[name=email]").fill("nina@newco.example")
    submit(page, "#content form", state="invitation sent")
    visit(page, f"{base}/customers/customermember/add/")
    submit(page, "#content form", state="no email")
    ongoing = (
        Relationship.objects.for_customer(acme)
        .filter(state__in=["onboarding", "connected"])
        .first()
    )
    visit(page, f"{base}/customers/relationship/{ongoing.pk}/end/")
    submit(page, "#content form", state="no reason")


def _invitation_link(mail_dir, recipient: str) -> str:
    for path in sorted(mail_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == recipient:
            text = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"https?://[^/\s]+(/invite/[A-Za-z0-9_-]+/)", text).group(1)
    raise AssertionError(f"no invitation to {recipient}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_pages_are_accessible(page_for, demo_data, language):
    newcomer = page_for(language)
    visit(newcomer, "/invite/" + "x" * 43 + "/", "invalid link")
    visit(newcomer, _invitation_link(demo_data, NEWCOMER_EMAIL), "pending")
    visit(newcomer, "/invitation/sign-up/")
    newcomer.locator("input[name=password1]").fill("short")
    submit(newcomer, state="sign-up errors")

    invitation = Invitation.objects.get(email=NEWCOMER_EMAIL)
    for status, field in [("declined", "declined_at"), ("revoked", "revoked_at")]:
        Invitation.objects.filter(pk=invitation.pk).update(
            status=status, **{field: invitation.sent_at}
        )
        visit(newcomer, "/invitation/", status)
    Invitation.objects.filter(pk=invitation.pk).update(
        status="pending", expires_at=invitation.sent_at
    )
    visit(newcomer, "/invitation/", "expired")
    submit(newcomer, state="new link asked")

    # The demo supplier accepts Globex's invitation.
    supplier = page_for(language)
    log_in(supplier, "supplier@example.com")
    visit(supplier, _invitation_link(demo_data, "supplier@example.com"), "pending, logged in")
    supplier.locator("main form:not(.invitation-decline) [type=submit]").click()
    expect(supplier.locator(".messages")).to_be_visible()
    assert_accessible(supplier, "accepted")
    visit(supplier, "/invitation/", "already accepted")
