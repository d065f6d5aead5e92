"""Company documents on the company page: upload, replace, remove, and every bad input.

Files are real: written through Django's storage API into the test's folder
(``stored_files``), their type read from their content.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import CompanyDocument, CompanyDocumentVersion, SupplierAuditEvent
from tests.accounts.documents import JPEG, PNG, make_document, pdf_bytes, pdf_file

pytestmark = pytest.mark.django_db

COMPANY = reverse("accounts:company")
ADD = reverse("accounts:add_document")


def _form(file, **fields) -> dict:
    return {"kind": "insurance", "title": "Civil liability insurance", "file": file, **fields}


def _stored(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("certificate.pdf", pdf_bytes(), "application/pdf"),
        ("scan.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("no-extension", pdf_bytes(), "application/pdf"),  # the content decides
    ],
)
def test_an_admin_uploads_a_document_stored_under_a_random_name(
    client, supplier, supplier_user, stored_files, name, content, content_type
):
    client.force_login(supplier_user)

    response = client.post(
        ADD,
        _form(SimpleUploadedFile(name, content, "text/plain"), expires_on="2027-06-30"),
        follow=True,
    )

    assert "“Civil liability insurance” is added." in response.content.decode()
    version = CompanyDocumentVersion.objects.get(document__supplier=supplier)
    assert (version.content_type, version.filename, version.size) == (
        content_type,
        name,
        len(content),
    )
    assert str(version.expires_on) == "2027-06-30"
    assert version.file.name.startswith(f"documents/{supplier.pk}/")
    assert name not in version.file.name
    [stored] = list(stored_files.rglob("*.*"))
    assert stored.read_bytes() == content
    assert SupplierAuditEvent.objects.filter(action="document.added", actor=supplier_user).exists()


def _multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    """A form as a browser could send it, with a file name the test client would cut."""
    boundary = "----csp-portal-test"
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninsurance\r\n'
        % boundary.encode(),
        b'--%s\r\nContent-Disposition: form-data; name="title"\r\n\r\nCertificate\r\n'
        % boundary.encode(),
        b'--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
        b"Content-Type: application/pdf\r\n\r\n%s\r\n"
        % (boundary.encode(), filename.encode(), content),
        b"--%s--\r\n" % boundary.encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


BAD_FILES = [
    # (what, file name, content, the words of the message)
    ("wrong type", "certificate.pdf", b"MZ\x90\x00 not a pdf", "is not a PDF, PNG or JPEG file"),
    ("html posing as png", "logo.png", b"<html><script>alert(1)</script>", "is not a PDF"),
    ("empty", "empty.pdf", b"", "is empty"),
    ("backslash", "..\\..\\evil.pdf", pdf_bytes(), "holds a path separator or a control"),
    ("slash", "../../etc/evil.pdf", pdf_bytes(), "holds a path separator or a control"),
    ("control character", "evil\x1b[31m.pdf", pdf_bytes(), "holds a path separator or a control"),
    ("right-to-left override", "invoice\u202efdp.exe", pdf_bytes(), "path separator or a control"),
]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [bad[1:] for bad in BAD_FILES],
    ids=[bad[0] for bad in BAD_FILES],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_stored(
    client, supplier, supplier_user, stored_files, name, content, words
):
    client.force_login(supplier_user)
    body, content_type = _multipart(name, content)

    response = client.generic("POST", ADD, body, content_type=content_type)

    page = response.content.decode()
    assert response.status_code == 200
    assert words in page
    assert 'value="Certificate"' in page  # what was typed is kept
    assert not CompanyDocument.objects.exists()
    assert _stored(stored_files) == []


def test_a_file_larger_than_10_mb_is_refused_while_read(
    client, supplier_user, stored_files, settings
):
    client.force_login(supplier_user)
    big = pdf_bytes() + b"0" * (settings.DOCUMENT_MAX_BYTES + 1)

    response = client.post(ADD, _form(SimpleUploadedFile("big.pdf", big, "application/pdf")))

    assert "The file is larger than 10.0\xa0MB." in response.content.decode()
    assert not CompanyDocument.objects.exists()
    assert _stored(stored_files) == []


def test_missing_title_or_file_is_said_and_nothing_is_stored(client, supplier_user, stored_files):
    client.force_login(supplier_user)

    page = client.post(ADD, {"kind": "iso", "title": " ", "expires_on": "31/31/2027"}).content

    assert b"Choose the file to upload." in page
    assert b"This field is required." in page
    assert b"Enter a valid date." in page
    assert not CompanyDocument.objects.exists()


def test_replacing_keeps_the_previous_file_for_the_company_only(
    client, supplier, supplier_user, customer
):
    document = make_document(supplier, actor=supplier_user)
    first = document.versions.get()
    client.force_login(supplier_user)

    response = client.post(
        reverse("accounts:replace_document", args=[document.pk]),
        {
            f"replace-{document.pk}-file": pdf_file("renewed.pdf", text="2027"),
            f"replace-{document.pk}-expires_on": "2028-01-31",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "the previous file stays visible to your company only" in page
    current = CompanyDocumentVersion.objects.get(document=document, is_current=True)
    assert (current.filename, str(current.expires_on)) == ("renewed.pdf", "2028-01-31")
    first.refresh_from_db()
    assert not first.is_current
    assert "Previous files (visible to your company only)" in page
    assert reverse("accounts:document_download", args=[first.pk]) in page
    assert client.get(reverse("accounts:document_download", args=[first.pk])).status_code == 200
    assert SupplierAuditEvent.objects.filter(action="document.replaced").exists()


def test_a_bad_replacement_keeps_the_current_file(client, supplier, supplier_user):
    document = make_document(supplier, actor=supplier_user)
    client.force_login(supplier_user)

    response = client.post(
        reverse("accounts:replace_document", args=[document.pk]),
        {f"replace-{document.pk}-file": SimpleUploadedFile("x.pdf", b"plain text")},
    )

    assert "is not a PDF, PNG or JPEG file" in response.content.decode()
    assert document.versions.get().is_current


def test_removing_a_document_deletes_it_and_its_files(
    client, supplier, supplier_user, stored_files, django_capture_on_commit_callbacks
):
    document = make_document(supplier, actor=supplier_user)
    client.force_login(supplier_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:remove_document", args=[document.pk]))

    assert not CompanyDocument.objects.exists()
    assert _stored(stored_files) == []
    assert SupplierAuditEvent.objects.filter(action="document.removed").exists()


def test_another_companys_document_is_a_404_for_every_action(
    client, supplier, supplier_user, other_supplier_user
):
    document = make_document(supplier, actor=supplier_user)
    client.force_login(other_supplier_user)

    answers = [
        client.post(reverse("accounts:replace_document", args=[document.pk])).status_code,
        client.post(reverse("accounts:remove_document", args=[document.pk])).status_code,
        client.get(
            reverse("accounts:document_download", args=[document.versions.get().pk])
        ).status_code,
    ]

    assert answers == [404, 404, 404]
    assert CompanyDocument.objects.filter(pk=document.pk).exists()


def test_a_member_sees_the_documents_without_the_forms(
    client, supplier, supplier_user, supplier_member
):
    make_document(supplier, actor=supplier_user)
    client.force_login(supplier_member)

    page = client.get(COMPANY).content.decode()

    assert "Civil liability insurance" in page
    assert f'action="{ADD}"' not in page
    assert "Replace" not in page
    assert client.post(ADD, _form(pdf_file())).status_code == 403
