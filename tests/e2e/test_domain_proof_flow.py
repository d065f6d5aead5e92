"""In a real browser, in French: an admin adds a domain, sends the link, a colleague proves it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.saved_mail import link_path
from tests.factories import PASSWORD, make_supplier_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_domain_is_proven_by_the_link_a_colleague_follows(browser_context_for, local_mail_dir):
    make_supplier_user("camille@perso.example", company="Boulangerie Numérique")
    admin = browser_context_for("fr").new_page()
    admin.goto("/accounts/login/")
    assert_accessible(admin, "login")
    admin.locator("input[name=login]").fill("camille@perso.example")
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("main form [type=submit]").click()
    admin.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert_accessible(admin, "logged in")

    admin.goto("/company/")
    assert_accessible(admin)
    admin.get_by_label("Domaine de messagerie").fill("boulangerie.example")
    admin.get_by_role("button", name="Ajouter le domaine").click()
    expect(admin.get_by_text("Non prouvé")).to_be_visible()
    assert_accessible(admin, "domain added")
    admin.get_by_label("Adresse sur le domaine").fill("compta@boulangerie.example")
    admin.get_by_role("button", name="Envoyer le lien").click()
    expect(admin.get_by_text("Un lien a été envoyé à compta@boulangerie.example.")).to_be_visible()
    assert_accessible(admin, "link sent")

    colleague = browser_context_for("fr").new_page()  # no account, another browser
    colleague.goto(link_path(local_mail_dir, "/company/domains/prove/"))
    assert_accessible(colleague)
    colleague.get_by_role(
        "button", name="Confirmer que boulangerie.example est le domaine de Boulangerie Numérique"
    ).click()
    expect(colleague.get_by_text("boulangerie.example est désormais prouvé")).to_be_visible()
    assert_accessible(colleague, "proven")

    admin.reload()
    expect(admin.get_by_text("Prouvé", exact=True)).to_be_visible()
    assert_accessible(admin, "proven")
    expect(
        admin.get_by_text("le lien envoyé à compta@boulangerie.example a été suivi")
    ).to_be_visible()
