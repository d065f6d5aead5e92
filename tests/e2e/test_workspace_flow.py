"""In a real browser: a buyer logs in at the portal, sees what waits, answers it in two
clicks; and invites a list of suppliers from a spreadsheet, following the progress."""

import re

import pytest
from playwright.sync_api import expect

from connections import services
from customers.models import Invitation, InvitationImport
from customers.services.invitation_sending import process_import
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in_at_the_portal(page, email: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page, "login")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_buyer_logs_in_sees_one_waiting_request_opens_it_and_accepts(
    page_for, customer, customer_admin, supplier, supplier_user
):
    services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=supplier_user,
        contact_email="buyer@acme.example",
        terms_version=customer.terms_version,
    )
    page = page_for("en")

    _log_in_at_the_portal(page, customer_admin.email)

    expect(page).to_have_url(re.compile(r"/customer-admin/$"))
    todo = page.get_by_role("region", name="To do")
    waiting = todo.get_by_role("link", name=re.compile(r"connection request waits for your answer"))
    expect(waiting.locator(".todo-count")).to_have_text("1")
    assert_accessible(page, "workspace home, one request waiting")
    waiting.click()
    expect(page.get_by_role("link", name="Fournitures Test SARL")).to_be_visible()
    assert_accessible(page, "the waiting requests")
    page.get_by_role("link", name="Fournitures Test SARL").click()
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    assert_accessible(page, "the request")
    page.get_by_role("button", name="Accept").click()

    expect(
        page.get_by_text("You accepted the connection request of Fournitures Test SARL")
    ).to_be_visible()
    assert_accessible(page, "request accepted")
    page.get_by_role("link", name="Home").click()
    expect(page.get_by_role("region", name="To do")).to_contain_text("Nothing waits for you")
    assert_accessible(page, "workspace home, nothing waits")


def test_a_buyer_invites_suppliers_from_a_french_excel_file_and_follows_the_progress(
    page_for, customer, customer_admin, settings, tmp_path
):
    # Tasks wait (as with a worker that has not run yet): the page shows the progress line.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    spreadsheet = tmp_path / "fournisseurs.csv"
    spreadsheet.write_bytes(
        "\ufeffe-mail;Entreprise;Nom du contact;Langue\r\n"
        "helene@fournisseur-exemple.fr;Société Générale d'Équipement;Hélène Côté;fr\r\n"
        "bob@supplies.example;Bob Supplies;Bob;en\r\n"
        "pas-une-adresse;Erreur SARL;;\r\n".encode()
    )
    page = page_for("fr")
    _log_in_at_the_portal(page, customer_admin.email)
    expect(page).to_have_url(re.compile(r"/customer-admin/$"))
    assert_accessible(page, "workspace home")

    page.get_by_role("link", name="Inviter des fournisseurs depuis un fichier").click()
    assert_accessible(page, "the file form")
    page.get_by_label("Fichier des fournisseurs (CSV)").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Lire le fichier").click()
    expect(page.get_by_text("Société Générale d'Équipement")).to_be_visible()
    expect(page.get_by_text("Erreur à la ligne 4")).to_be_visible()
    assert_accessible(page, "the preview, with an error row")
    page.get_by_role("button", name="Envoyer").click()

    progress = page.get_by_role("status")
    expect(progress).to_have_text("Envoi\u00a0: 0 sur 2 invitations traitées.")
    assert_accessible(page, "sending, with its progress line")
    process_import(import_id=InvitationImport.objects.get().pk)  # the worker's turn

    expect(page.get_by_text("Terminé\u00a0: 2 invitations envoyées.")).to_be_visible(timeout=15_000)
    assert_accessible(page, "sent")
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "helene@fournisseur-exemple.fr",
        "bob@supplies.example",
    }
