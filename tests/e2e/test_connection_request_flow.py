"""In a real browser, the guide's third path with the demo data.

The demo supplier, in French: Configuration → Demande de connexion →
Rechercher, type the name, Enter, Sélectionner, Contact client, the terms,
Demander — and the request is pending. The customer's admin, in English,
follows the emailed link to the request and accepts it. The supplier then
finds the customer under Connectés in Configuration client.
"""

import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from accounts import demo as accounts_demo
from connections import demo as connections_demo
from csp_portal.demo import DEMO_PASSWORD
from customers import demo as customers_demo
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUSTOMER = "Électricité Démo SA"
CUSTOMER_ADMIN = "acheteur@electricite-demo.example"


def _seed_demo() -> None:
    accounts_demo.seed(password=DEMO_PASSWORD)
    customers_demo.seed(password=DEMO_PASSWORD)
    connections_demo.seed(password=DEMO_PASSWORD)


def _log_in(page, email_address: str, *, email_label, password_label, button) -> None:
    page.get_by_label(email_label).fill(email_address)
    page.get_by_label(password_label).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=button).click()


def _link_in_mail_to(mail_dir, recipient: str, path_start: str) -> str:
    for path in sorted(mail_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == recipient:
            text = message.get_body(preferencelist=("plain",)).get_content()
            match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"\S*)", text)
            if match:
                return match.group(1)
    raise AssertionError(f"no email to {recipient} with a link to {path_start}")


def test_supplier_requests_in_french_and_the_customer_accepts_in_english(page_for, local_mail_dir):
    _seed_demo()

    # The demo supplier, in French, follows the guide.
    supplier = page_for("fr")
    supplier.goto("/accounts/login/")
    assert_accessible(supplier)
    _log_in(
        supplier,
        "supplier@example.com",
        email_label=re.compile("^E-mail"),
        password_label=re.compile(r"^Mot de passe\s*:?$"),
        button="Se connecter",
    )
    menu = supplier.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("button", name="Configuration").click()
    assert_accessible(supplier, "menu open")
    menu.get_by_role("link", name="Demande de connexion").click()
    expect(supplier.get_by_role("heading", name="Demande de connexion")).to_be_visible()
    assert_accessible(supplier)
    supplier.get_by_role("link", name="Rechercher").click()
    assert_accessible(supplier)

    search_box = supplier.get_by_label("Nom du client")
    search_box.fill("Électricité Démo")
    search_box.press("Enter")
    expect(supplier.get_by_role("list", name="Clients trouvés")).to_be_visible()
    assert_accessible(supplier, "results")
    supplier.get_by_role("link", name=f"Sélectionner {CUSTOMER}").click()

    expect(supplier.get_by_role("heading", name=CUSTOMER)).to_be_visible()
    assert_accessible(supplier)
    supplier.get_by_label("Contact client").fill(CUSTOMER_ADMIN)
    supplier.get_by_label("J'accepte les conditions").check()
    supplier.get_by_role("button", name="Demander").click()

    expect(supplier.get_by_role("status")).to_contain_text(
        f"Votre demande de connexion a été envoyée à {CUSTOMER}"
    )
    row = supplier.get_by_role("row").filter(has_text=CUSTOMER)
    expect(row).to_contain_text("En attente")
    expect(row).to_contain_text(CUSTOMER_ADMIN)
    expect(row.get_by_role("button", name=re.compile("^Retirer"))).to_be_visible()
    assert_accessible(supplier, "request sent")

    # The customer's admin, in English, follows the link of the email.
    request_path = _link_in_mail_to(
        local_mail_dir, CUSTOMER_ADMIN, "/customer-admin/connections/connectionrequest/"
    )
    customer = page_for("en")
    customer.goto(request_path)
    assert_accessible(customer, "login")
    _log_in(
        customer, CUSTOMER_ADMIN, email_label="Email", password_label="Password", button="Sign in"
    )
    expect(customer.get_by_text("Démo Fournitures SARL").first).to_be_visible()
    expect(
        customer.get_by_text("Request sent to acheteur@electricite-demo.example")
    ).to_be_visible()
    assert_accessible(customer)
    customer.get_by_role("button", name="Accept").click()
    expect(
        customer.get_by_text("You accepted the connection request of Démo Fournitures SARL")
    ).to_be_visible()
    expect(customer.get_by_text("Request accepted")).to_be_visible()
    assert_accessible(customer, "accepted")

    # The supplier finds the customer among the connected ones.
    menu = supplier.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("button", name="Configuration").click()
    menu.get_by_role("link", name="Configuration client").click()
    connected = supplier.get_by_role("region", name=re.compile("^Connectés"))
    expect(connected.get_by_role("link", name=re.compile(CUSTOMER))).to_be_visible()
    assert_accessible(supplier)
