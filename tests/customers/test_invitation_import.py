"""**Invite suppliers from a file**: upload, preview, Send in the background, progress."""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers.models import (
    ImportStatus,
    Invitation,
    InvitationImport,
    InvitationImportRow,
    RowAction,
    RowOutcome,
)
from customers.services import relationships as relationship_services
from tests.factories import make_supplier_user

pytestmark = pytest.mark.django_db

UPLOAD = reverse("customer_admin:customers_invitationimport_add")

FRENCH_EXCEL = (
    "\ufeffe-mail;Entreprise;Nom du contact;Langue\r\n"
    "helene.cote@fournisseur-exemple.fr;Société Générale d'Équipement;Hélène Côté;fr\r\n"
    "owner@other-supplier.example;Other Supplier Ltd;Owen;en\r\n"
    "deja@invite.example;Déjà Invité SA;;\r\n"
    "pas-une-adresse;Erreur SARL;;\r\n"
    "HELENE.COTE@fournisseur-exemple.fr;Doublon;;\r\n"
    "sophie@fournitures.example;Fournitures Test SARL;Sophie;fr\r\n"
).encode()


@pytest.fixture
def admin_client(client, customer_admin):
    client.force_login(customer_admin)
    return client


@pytest.fixture
def connected_supplier(supplier, customer, customer_admin):
    """Fournitures Test SARL (sophie@fournitures.example) is connected with the customer."""
    relationship_services.invite(supplier=supplier, customer=customer, actor=customer_admin)
    relationship_services.connect(supplier=supplier, customer=customer, actor=customer_admin)
    return supplier


def _upload(client, content: bytes, name: str = "fournisseurs.csv", language: str = "fr"):
    return client.post(
        UPLOAD, {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE=language
    )


def _send(client, invitation_import, capture, *, resend=(), language="fr"):
    url = reverse("customer_admin:customers_invitationimport_send", args=[invitation_import.pk])
    with capture(execute=True):
        return client.post(
            url, {"resend": [str(line) for line in resend]}, HTTP_ACCEPT_LANGUAGE=language
        )


def _rows(invitation_import) -> dict[int, tuple[str, str]]:
    return {
        row.line: (row.action, row.outcome)
        for row in InvitationImportRow.objects.filter(invitation_import=invitation_import)
    }


def test_the_upload_page_explains_the_columns_and_offers_the_template(admin_client):
    content = admin_client.get(UPLOAD).content.decode()

    assert "<h1>Invite suppliers from a file</h1>" in content
    assert "email, company, contact name and language" in content
    assert reverse("customer_admin:customers_invitationimport_template") in content


def test_a_french_excel_file_is_previewed_row_by_row_and_nothing_is_sent(
    admin_client, invite, other_supplier_user, connected_supplier, mailoutbox
):
    invite(email="deja@invite.example")
    mails_before = len(mailoutbox)

    response = _upload(admin_client, FRENCH_EXCEL)

    invitation_import = InvitationImport.objects.get()
    assert response["Location"] == reverse(
        "customer_admin:customers_invitationimport_change", args=[invitation_import.pk]
    )
    assert _rows(invitation_import) == {
        2: (RowAction.INVITE, ""),
        3: (RowAction.INVITE, ""),  # a supplier on the portal, not yet related: invited
        4: (RowAction.RESEND, ""),
        5: (RowAction.ERROR, ""),
        6: (RowAction.SKIP, ""),
        7: (RowAction.SKIP, ""),
    }
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Société Générale d&#x27;Équipement" in page
    assert "Hélène Côté" in page
    assert "2 new invitations to send." in page
    assert "Error in row 5" in page
    assert "“pas-une-adresse” is not an email address." in page
    assert "The same address as row 2: invited once." in page
    assert "Fournitures Test SARL is already connected with you." in page
    assert 'name="resend" value="4"' in page
    assert len(mailoutbox) == mails_before
    assert Invitation.objects.count() == 1


def test_send_invites_the_valid_rows_through_the_invitation_service_in_each_rows_language(
    admin_client,
    invite,
    other_supplier_user,
    connected_supplier,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    invite(email="deja@invite.example")
    _upload(admin_client, FRENCH_EXCEL)
    invitation_import = InvitationImport.objects.get()
    mails_before = len(mailoutbox)

    response = _send(admin_client, invitation_import, django_capture_on_commit_callbacks)

    invitation_import.refresh_from_db()
    assert invitation_import.status == ImportStatus.DONE
    assert _rows(invitation_import)[2] == (RowAction.INVITE, RowOutcome.SENT)
    assert _rows(invitation_import)[4] == (RowAction.RESEND, "")  # not ticked: not resent
    helene = Invitation.objects.get(email="helene.cote@fournisseur-exemple.fr")
    assert (helene.company_name, helene.contact_name, helene.language) == (
        "Société Générale d'Équipement",
        "Hélène Côté",
        "fr",
    )
    owen = Invitation.objects.get(email="owner@other-supplier.example")
    assert owen.invited_supplier == other_supplier_user.supplier_membership.supplier
    sent = {mail.to[0]: mail for mail in mailoutbox[mails_before:]}
    assert set(sent) == {"helene.cote@fournisseur-exemple.fr", "owner@other-supplier.example"}
    assert "Acme Test Industries" in sent["helene.cote@fournisseur-exemple.fr"].subject
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Done: 2 invitations sent." in page


def test_ticked_invitations_are_sent_again_with_a_new_link(
    admin_client, invite, django_capture_on_commit_callbacks
):
    invitation, _path = invite(email="deja@invite.example")
    _upload(admin_client, b"email\ndeja@invite.example\n")
    invitation_import = InvitationImport.objects.get()

    _send(admin_client, invitation_import, django_capture_on_commit_callbacks, resend=[2])

    invitation.refresh_from_db()
    assert invitation.send_count == 2
    assert _rows(invitation_import) == {2: (RowAction.RESEND, RowOutcome.RESENT)}


def test_uploading_the_same_file_again_invites_nobody_twice(
    admin_client, django_capture_on_commit_callbacks
):
    content = b"email;entreprise\nann@example.com;Ann Ltd\nbob@example.com;Bob Ltd\n"
    _upload(admin_client, content)
    _send(admin_client, InvitationImport.objects.get(), django_capture_on_commit_callbacks)

    response = _upload(admin_client, content)
    second = InvitationImport.objects.order_by("-pk").first()
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    refused = _send(admin_client, second, django_capture_on_commit_callbacks, language="en")

    assert _rows(second) == {2: (RowAction.RESEND, ""), 3: (RowAction.RESEND, "")}
    assert "You uploaded the same list on" in page
    assert "There is nothing to send" in admin_client.get(refused["Location"]).content.decode()
    assert Invitation.objects.count() == 2
    assert Invitation.objects.filter(send_count=1).count() == 2


def test_a_second_send_of_the_same_preview_sends_nothing_more(
    admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    _upload(admin_client, b"email\nann@example.com\n")
    invitation_import = InvitationImport.objects.get()
    _send(admin_client, invitation_import, django_capture_on_commit_callbacks)
    mails = len(mailoutbox)

    _send(admin_client, invitation_import, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == mails
    assert Invitation.objects.count() == 1


def test_an_address_invited_by_hand_meanwhile_is_not_invited_twice(
    admin_client, invite, django_capture_on_commit_callbacks
):
    _upload(admin_client, b"email\nann@example.com\n", language="en")
    invitation_import = InvitationImport.objects.get()
    invite(email="ann@example.com")

    _send(admin_client, invitation_import, django_capture_on_commit_callbacks, language="en")

    row = InvitationImportRow.objects.get()
    assert (row.outcome, row.invitation.email) == (RowOutcome.REFUSED, "ann@example.com")
    assert "still waiting for an answer" in row.outcome_message
    assert Invitation.objects.count() == 1


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(admin_client):
    response = _upload(admin_client, b"name,company\nAnn,Ann Ltd\n", language="en")

    assert response.status_code == 200
    assert "No column is named email" in response.content.decode()
    assert not InvitationImport.objects.exists()


def test_1000_rows_are_previewed_and_sent_with_a_constant_number_of_queries(
    admin_client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    content = "email;entreprise;langue\n" + "".join(
        f"fournisseur{n:04d}@exemple.fr;Fournisseur {n};fr\n" for n in range(1000)
    )
    started = time.perf_counter()
    with django_assert_max_num_queries(20):
        response = _upload(admin_client, content.encode())
    previewed = time.perf_counter()
    with django_assert_max_num_queries(20):
        page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1000 new invitations to send." in page

    _send(admin_client, InvitationImport.objects.get(), django_capture_on_commit_callbacks)
    sent = time.perf_counter()

    assert Invitation.objects.count() == 1000
    assert InvitationImport.objects.get().status == ImportStatus.DONE
    print(f"1,000 rows: preview {previewed - started:.2f} s, send {sent - previewed:.2f} s")


def test_the_progress_line_says_how_far_the_sending_is(
    admin_client, django_capture_on_commit_callbacks
):
    _upload(admin_client, b"email\nann@example.com\nbob@example.com\n")
    invitation_import = InvitationImport.objects.get()
    progress = reverse(
        "customer_admin:customers_invitationimport_progress", args=[invitation_import.pk]
    )
    # Send queues the rows; the task has not run yet (its on-commit callback is held).
    with django_capture_on_commit_callbacks(execute=False):
        admin_client.post(
            reverse("customer_admin:customers_invitationimport_send", args=[invitation_import.pk])
        )

    sending = admin_client.get(progress).json()
    page = admin_client.get(
        reverse("customer_admin:customers_invitationimport_change", args=[invitation_import.pk])
    ).content.decode()

    assert sending == {
        "status": "sending",
        "done": 0,
        "total": 2,
        "text": "Sending: 0 of 2 invitations done.",
    }
    assert 'role="status"' in page
    assert re.search(r'<progress max="2" value="0"', page)
    assert "invitation_import.js" in page


def test_a_stalled_sending_can_be_continued(admin_client, django_capture_on_commit_callbacks):
    _upload(admin_client, b"email\nann@example.com\n")
    invitation_import = InvitationImport.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        _send_url = reverse(
            "customer_admin:customers_invitationimport_send", args=[invitation_import.pk]
        )
        admin_client.post(_send_url)
    InvitationImport.objects.filter(pk=invitation_import.pk).update(
        sending_started_at=invitation_import.uploaded_at.replace(year=2020)
    )
    page = admin_client.get(
        reverse("customer_admin:customers_invitationimport_change", args=[invitation_import.pk])
    ).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(_send_url)

    assert "Continue sending" in page
    assert Invitation.objects.filter(email="ann@example.com").exists()
    assert InvitationImport.objects.get().status == ImportStatus.DONE


@pytest.mark.parametrize(
    ("language", "name", "first_line"),
    [
        ("fr", "fournisseurs-a-inviter.csv", "\ufeffe-mail;entreprise;nom du contact;langue"),
        ("en", "suppliers-to-invite.csv", "\ufeffemail,company,contact name,language"),
    ],
)
def test_the_template_file_is_in_the_pages_language(admin_client, language, name, first_line):
    response = admin_client.get(
        reverse("customer_admin:customers_invitationimport_template"),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content.decode().splitlines()[0] == first_line


def test_another_customers_file_does_not_exist(
    client, admin_client, other_customer_admin, django_capture_on_commit_callbacks
):
    _upload(admin_client, b"email\nann@example.com\n")
    invitation_import = InvitationImport.objects.get()
    client.force_login(other_customer_admin)

    for action in ("change", "progress"):
        url = reverse(
            f"customer_admin:customers_invitationimport_{action}", args=[invitation_import.pk]
        )
        assert client.get(url).status_code == 404
    send = reverse("customer_admin:customers_invitationimport_send", args=[invitation_import.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(send).status_code == 404
    assert not Invitation.objects.exists()


def test_suppliers_cannot_upload_files(client, supplier_user):
    make_supplier_user("x@y.example", company="Y")
    client.force_login(supplier_user)

    response = client.get(UPLOAD, follow=True)

    assert response.status_code == 403
