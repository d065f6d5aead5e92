"""In a real browser, in French: enrol an authenticator app, then log in with a code."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from tests.accounts.totp import fresh_totp_code, wrong_code
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD, make_supplier_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "camille@boulangerie.example"


def _log_in(page):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_supplier_enrols_two_factor_in_french_and_logs_in_with_a_code(page_for):
    user = make_supplier_user(EMAIL, company="Boulangerie Numérique")
    page = page_for("fr")
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    _log_in(page)

    page.get_by_role("button", name=EMAIL).click()
    assert_accessible(page, "user menu open")
    page.get_by_role("link", name="Authentification à deux facteurs").click()
    expect(page.get_by_role("heading", name="Authentification à deux facteurs")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Activer").click()
    assert_accessible(page, "password asked again")

    # allauth asks for the password again before a change of security settings.
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Confirmer").click()

    expect(
        page.get_by_role("heading", name="Activer l'application d'authentification")
    ).to_be_visible()
    assert_accessible(page)
    qr_code = page.get_by_role(
        "img", name="Code QR à scanner avec votre application d'authentification"
    )
    expect(qr_code).to_be_visible()
    assert qr_code.bounding_box()["width"] > 100  # drawn, not blocked by the CSP
    secret = page.get_by_label("Secret d'authentification").input_value()
    page.get_by_label("Code de l'authentificateur").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Activer").click()

    expect(page.get_by_role("heading", name="Codes de récupération")).to_be_visible()
    assert_accessible(page)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    page.get_by_role("button", name=EMAIL).click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("navigation", name="Menu principal")).to_have_count(0)
    assert_accessible(page, "logged out")
    _log_in(page)

    expect(page.get_by_role("heading", name="Authentification à deux facteurs")).to_be_visible()
    assert_accessible(page, "code asked")
    page.get_by_label("Code").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("button", name=EMAIL)).to_be_visible()
    assert violations == []


def test_a_wrong_code_in_the_browser_is_refused_in_french(page_for):
    user = make_supplier_user(EMAIL, company="Boulangerie Numérique")
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    page = page_for("fr")
    _log_in(page)

    assert_accessible(page, "code asked")
    page.get_by_label("Code").fill(wrong_code(secret))
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_text("Code incorrect.")).to_be_visible()
    assert_accessible(page, "wrong code")
    expect(page.get_by_role("navigation", name="Menu principal")).to_have_count(0)
