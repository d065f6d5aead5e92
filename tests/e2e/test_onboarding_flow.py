"""In a real browser: the supplier finishes an onboarding in French, the customer approves it."""

import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from customers.models import QuestionKind
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = [
    ("Nom de l'entreprise", QuestionKind.SHORT_TEXT, True, "", "name"),
    ("Courriel de facturation", QuestionKind.EMAIL, True, "", ""),
    ("Effectif", QuestionKind.NUMBER, True, "", ""),
    ("Date de création", QuestionKind.DATE, True, "", ""),
    ("Certifiée ISO 9001", QuestionKind.YES_NO, True, "", ""),
    ("Taille de l'entreprise", QuestionKind.SINGLE_CHOICE, True, "Petite\nMoyenne\nGrande", ""),
    ("Catégories", QuestionKind.MULTIPLE_CHOICE, True, "Papeterie\nMobilier\nInformatique", ""),
    ("Pays d'immatriculation", QuestionKind.COUNTRY, True, "", ""),
    ("Téléphone", QuestionKind.PHONE, True, "", ""),
    ("Présentation", QuestionKind.LONG_TEXT, False, "", ""),
]


def _log_in(page, email_address):
    page.locator("input[name=login]").fill(email_address)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _mail_to(mail_dir, address):
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(mail_dir.glob("*.eml"))
    ]
    return [m for m in messages if m["To"] == address]


def test_supplier_finishes_onboarding_in_french_and_the_customer_approves_it(
    page_for, local_mail_dir, supplier, supplier_user, customer, customer_admin
):
    supplier_user.language = "fr"
    supplier_user.save()
    customer_admin.language = "en"  # each side's email in its own language
    customer_admin.save()
    make_questionnaire(customer, questions=QUESTIONS, sections=2)
    onboarding_with(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)
    page = page_for("fr")
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.goto("/accounts/login/")
    assert_accessible(page)
    _log_in(page, supplier_user.email)
    assert_accessible(page)

    # Configuration → Configuration client: the customer is an incomplete profile.
    navigation = page.get_by_role("navigation", name="Menu principal")
    navigation.get_by_role("button", name="Configuration").click()
    navigation.get_by_role("link", name="Configuration client").click()
    customers = page.get_by_role("navigation", name="Vos clients")
    expect(customers).to_be_visible()
    assert_accessible(page)
    incomplete = customers.get_by_role("region", name=re.compile("^Profils incomplets"))
    incomplete.get_by_role("link", name=re.compile("Acme Test Industries")).click()
    panel = page.get_by_role("region", name="Acme Test Industries")
    expect(panel).to_contain_text("Réponses aux questions obligatoires\u00a0: 1 sur 9")
    assert_accessible(page, "incomplete profile")
    panel.get_by_role("link", name="Terminer la configuration").click()

    # The form: the company name comes from the profile; a draft first.
    expect(
        page.get_by_role("heading", name="Terminer la configuration pour Acme Test Industries")
    ).to_be_visible()
    expect(page.get_by_label("Nom de l'entreprise")).to_have_value("Fournitures Test SARL")
    assert_accessible(page)
    page.get_by_label("Courriel de facturation").fill("compta@fournitures.example")
    page.get_by_label("Effectif").fill("42")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")
    assert_accessible(page, "draft saved")
    expect(page.get_by_text("Réponses aux questions obligatoires\u00a0: 3 sur 9")).to_be_visible()

    # Submitting with a mistake keeps the answers and says what to fix.
    page.get_by_label("Téléphone").fill("appelez-nous")
    page.get_by_role("button", name="Envoyer les réponses").click()
    expect(page.get_by_role("alert")).to_contain_text("Certaines réponses sont à revoir")
    expect(page.get_by_label("Courriel de facturation")).to_have_value("compta@fournitures.example")
    assert_accessible(page, "answers to fix")

    page.get_by_label("Date de création").fill("2001-05-17")
    page.get_by_role("group", name=re.compile("Certifiée ISO 9001")).get_by_label("Oui").check()
    page.get_by_role("group", name=re.compile("Taille de l'entreprise")).get_by_label(
        "Moyenne"
    ).check()
    categories = page.get_by_role("group", name=re.compile("Catégories"))
    categories.get_by_label("Papeterie").check()
    categories.get_by_label("Informatique").check()
    page.get_by_label("Pays d'immatriculation").select_option(label="France")
    page.get_by_label("Téléphone").fill("+33 1 23 45 67 89")
    page.get_by_role("button", name="Envoyer les réponses").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Vos réponses ont été envoyées à Acme Test Industries"
    )
    expect(page.get_by_role("region", name="Acme Test Industries")).to_contain_text(
        "Envoyées, en attente d'examen"
    )
    assert_accessible(page, "answers submitted")
    [submitted] = _mail_to(local_mail_dir, customer_admin.email)
    assert submitted["Subject"] == "Fournitures Test SARL submitted its onboarding answers"

    # The customer admin reviews and approves in /customer-admin/.
    admin_page = page_for("en")
    admin_page.goto("/customer-admin/")
    assert_accessible(admin_page, "login")
    _log_in(admin_page, customer_admin.email)
    assert_accessible(admin_page)
    admin_page.get_by_role("link", name="Onboarding answers", exact=True).click()
    expect(admin_page.get_by_role("link", name="Fournitures Test SARL")).to_be_visible()
    assert_accessible(admin_page)
    admin_page.get_by_role("link", name="Fournitures Test SARL").click()
    expect(admin_page.get_by_text("compta@fournitures.example")).to_be_visible()
    assert_accessible(admin_page, "review")
    expect(admin_page.get_by_text("Papeterie; Informatique")).to_be_visible()
    admin_page.get_by_role("button", name="Approve").click()
    expect(
        admin_page.get_by_text("You approved the answers of Fournitures Test SARL")
    ).to_be_visible()
    assert_accessible(admin_page, "approved")

    # Back in Configuration client: the customer moved to Connectés.
    page.goto("/setup/customers/")
    connected = page.get_by_role("navigation", name="Vos clients").get_by_role(
        "region", name=re.compile("^Connectés")
    )
    expect(connected.get_by_role("link", name=re.compile("Acme Test Industries"))).to_be_visible()
    assert_accessible(page)
    [approved] = _mail_to(local_mail_dir, supplier_user.email)
    assert approved["Subject"] == (
        "Acme Test Industries a approuvé votre intégration\u00a0: vous êtes connectés"
    )
    assert console_errors == []
