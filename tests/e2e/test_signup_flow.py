"""In a real browser: sign up in French, verify from the saved email, find the menu."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.saved_mail import link_path
from tests.factories import PASSWORD, make_supplier_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supplier_signs_up_in_french_verifies_and_finds_configuration(page_for, local_mail_dir):
    page = page_for("fr")
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Inscrire votre entreprise").click()
    expect(page.get_by_label("Nom de l'entreprise")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nom de l'entreprise").fill("Boulangerie Numérique")
    page.get_by_label("Votre nom").fill("Camille Durand")
    page.get_by_label("E-mail").fill("camille@boulangerie.example")
    page.get_by_label(re.compile(r"^Mot de passe\s*:?$")).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("heading", name="Vérifiez votre adresse e-mail")).to_be_visible()
    assert_accessible(page)

    page.goto(link_path(local_mail_dir, "/accounts/confirm-email/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer").click()

    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("button", name="Configuration").click()
    expect(menu.get_by_role("link", name="Sécurité du compte")).to_be_visible()
    assert_accessible(page, "email confirmed, menu open")


def test_english_user_finds_setup_and_logs_in_with_password(page_for):
    make_supplier_user("alex@supplier.example", company="Supplier Ltd")
    page = page_for("en")
    page.goto("/accounts/login/")
    assert_accessible(page)

    page.get_by_label("Email").fill("alex@supplier.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    navigation = page.get_by_role("navigation", name="Main menu")
    menu = navigation.get_by_role("button", name="Setup")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation.get_by_role("link", name="Account security")).to_be_hidden()
    assert_accessible(page)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="Account security")).to_be_visible()
