"""In a real browser, in French: an administrator invites a colleague limited to one
customer (Configuration → Équipe); the colleague follows the emailed link, creates their
account, joins, and Configuration client shows that customer alone."""

import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from customers.models import Relationship
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _join_path(mail_dir, recipient: str) -> str:
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == recipient:
            text = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"https?://[^/\s]+(/join/[A-Za-z0-9_-]+/)", text).group(1)
    raise AssertionError(f"no email to {recipient} in {mail_dir}")


def test_an_admin_invites_a_colleague_for_one_customer_who_then_sees_only_it(
    page_for, local_mail_dir, supplier, supplier_user, customer, other_customer
):
    for each in (customer, other_customer):
        Relationship.objects.create(supplier=supplier, customer=each, state="connected")
    admin = page_for("fr")
    admin.goto("/accounts/login/")
    assert_accessible(admin, "login")
    admin.locator("input[name=login]").fill(supplier_user.email)
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert_accessible(admin, "home")

    navigation = admin.get_by_role("navigation", name="Menu principal")
    navigation.get_by_role("button", name="Configuration").click()
    navigation.get_by_role("link", name="Équipe").click()
    expect(admin.get_by_role("heading", name="Équipe", level=1)).to_be_visible()
    assert_accessible(admin, "team page")
    admin.get_by_role("link", name="Inviter un collègue").click()
    assert_accessible(admin, "invite form")
    admin.get_by_label("Adresse e-mail").fill("nina@fournitures.example")
    admin.get_by_label(re.compile(r"^Nom\b")).fill("Nina Personne")
    admin.get_by_label("Seulement les clients choisis ici").check()
    admin.get_by_label("Acme Test Industries").check()
    admin.get_by_role("button", name="Envoyer l'invitation").click()

    expect(admin.get_by_text("Invitation envoyée à nina@fournitures.example.")).to_be_visible()
    waiting = admin.get_by_role("region", name="Invitations en attente de réponse")
    expect(waiting.get_by_role("cell", name="Acme Test Industries", exact=True)).to_be_visible()
    assert_accessible(admin, "invitation sent")

    colleague = page_for("fr")
    colleague.goto(_join_path(local_mail_dir, "nina@fournitures.example"))
    expect(
        colleague.get_by_role("heading", name="Rejoindre l'équipe de Fournitures Test SARL")
    ).to_be_visible()
    assert_accessible(colleague, "join page")
    colleague.get_by_role("link", name="Créer votre compte").click()
    expect(colleague.get_by_label("Votre nom")).to_have_value("Nina Personne")
    assert_accessible(colleague, "join sign-up")
    colleague.locator("input[name=password1]").fill(PASSWORD)
    colleague.locator("input[name=password2]").fill(PASSWORD)
    colleague.get_by_role("button", name="Créer le compte et rejoindre l'équipe").click()

    expect(colleague.get_by_role("heading", name="Configuration client", level=1)).to_be_visible()
    expect(
        colleague.get_by_text("Bienvenue dans l'équipe de Fournitures Test SARL.")
    ).to_be_visible()
    customers = colleague.get_by_role("navigation", name="Vos clients")
    expect(customers.get_by_role("link", name=re.compile("Acme Test Industries"))).to_be_visible()
    expect(customers.get_by_role("link", name=re.compile("Globex"))).to_have_count(0)
    assert_accessible(colleague, "joined")
    assert colleague.goto(f"/setup/customers/{other_customer.pk}/").status == 404
    assert_accessible(colleague, "another customer: not found")

    admin.goto("/setup/team/")
    history = admin.get_by_role("region", name="Historique de l'équipe")
    expect(history.get_by_text("Nina Personne a rejoint l'équipe")).to_be_visible()
    assert_accessible(admin, "team history")
