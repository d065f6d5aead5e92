"""Who may download a company document, how it is sent, expiry, and where files are stored.

Download access, for the owner's admin and member, a customer it is shared with
(or that received it as a File answer), a customer it is not shared with,
another supplier, and anonymous visitors. Every download is checked by a view:
no file has a public URL.
"""

import json
import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import CompanyDocumentVersion
from tests.accounts.documents import make_document, pdf_bytes, pdf_file
from tests.csp_portal.test_production_settings import _run
from tests.customers.sharing_helpers import connect, share

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(
    supplier, supplier_user, customer, customer_admin, other_customer, other_customer_admin
):
    """A document; the supplier shares with ``customer``, not with ``other_customer``."""
    document = make_document(supplier, actor=supplier_user)
    shared = connect(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)
    share(shared, supplier_user)
    unshared = connect(supplier, other_customer, supplier_user=supplier_user)
    return document, shared, unshared


def _customer_url(relationship, document) -> str:
    return reverse(
        "customer_admin:customers_relationship_document", args=[relationship.pk, document.pk]
    )


def _supplier_url(document) -> str:
    return reverse("accounts:document_download", args=[document.versions.get().pk])


# (persona, which URL) → the answer: 200 (the file), 404, 403 or "login".
ACCESS = [
    ("owner admin", "supplier", 200),
    ("owner member", "supplier", 200),
    ("customer shared", "customer shared", 200),
    ("customer not shared", "customer not shared", 404),
    ("customer not shared", "customer shared", 404),  # another customer's relationship
    ("customer shared", "supplier", 403),  # not a supplier at all
    ("other supplier", "supplier", 404),
    ("anonymous", "supplier", "login"),
    ("anonymous", "customer shared", "login"),
]


@pytest.mark.parametrize(("persona", "url", "answer"), ACCESS)
def test_download_access(
    client,
    setting,
    supplier_user,
    supplier_member,
    customer_admin,
    other_customer_admin,
    other_supplier_user,
    persona,
    url,
    answer,
):
    document, shared, unshared = setting
    user = {
        "owner admin": supplier_user,
        "owner member": supplier_member,
        "customer shared": customer_admin,
        "customer not shared": other_customer_admin,
        "other supplier": other_supplier_user,
        "anonymous": None,
    }[persona]
    if user:
        client.force_login(user)
    target = {
        "supplier": _supplier_url(document),
        "customer shared": _customer_url(shared, document),
        "customer not shared": _customer_url(unshared, document),
    }[url]

    response = client.get(target)

    if answer == "login":
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == answer
    if answer == 200:
        assert response["Content-Disposition"] == 'attachment; filename="certificate.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert b"".join(response.streaming_content) == pdf_bytes("Civil liability insurance")


def test_a_customer_gets_the_current_file_only(client, setting, supplier_user, customer_admin):
    from accounts import services

    document, shared, _ = setting
    first = document.versions.get()
    services.replace_company_document(
        document=document, actor=supplier_user, expires_on=None, uploaded=pdf_file("v2.pdf", "v2")
    )
    client.force_login(customer_admin)

    page = client.get(reverse("customer_admin:customers_relationship_change", args=[shared.pk]))
    download = client.get(_customer_url(shared, document))

    assert "v2.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == pdf_bytes("v2")
    assert reverse("accounts:document_download", args=[first.pk]) not in page.content.decode()


def test_the_download_stops_the_moment_sharing_stops(
    client, setting, supplier_user, customer_admin
):
    document, shared, _ = setting
    client.force_login(customer_admin)
    assert client.get(_customer_url(shared, document)).status_code == 200

    share(shared, supplier_user, shared=False)

    assert client.get(_customer_url(shared, document)).status_code == 404


def test_a_post_to_a_download_is_refused(client, setting, customer_admin):
    document, shared, _ = setting
    client.force_login(customer_admin)

    assert client.post(_customer_url(shared, document)).status_code == 405


def test_no_file_lies_under_a_public_url(client, settings, stored_files, setting, supplier_user):
    document, _, _ = setting
    stored = document.versions.get().file.name
    client.force_login(supplier_user)

    assert (stored_files / stored).is_file()
    for url in (f"/{stored}", f"{settings.MEDIA_URL}{stored}", f"/static/{stored}"):
        assert client.get(url.replace("//", "/")).status_code == 404, url


# --- expiry -----------------------------------------------------------------------


def test_customers_see_an_expired_document_marked_expired(client, setting, customer_admin):
    document, shared, _ = setting
    CompanyDocumentVersion.objects.filter(document=document).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(customer_admin)

    page = client.get(reverse("customer_admin:customers_relationship_change", args=[shared.pk]))

    assert '<span class="badge badge-danger">Expired</span>' in page.content.decode()
    assert "expired on" in page.content.decode()


def test_the_expiry_email_goes_once_per_document_and_expiry_date(
    supplier, supplier_user, supplier_member, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    soon = make_document(supplier, actor=supplier_user, expires_on=today + timedelta(days=30))
    make_document(
        supplier, actor=supplier_user, title="Later", expires_on=today + timedelta(days=31)
    )
    make_document(supplier, actor=supplier_user, title="Past", expires_on=today - timedelta(days=1))
    make_document(supplier, actor=supplier_user, title="No date")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_expiring_documents", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("remind_expiring_documents", stdout=open(os.devnull, "w"))  # noqa: SIM115

    [message] = mailoutbox
    assert message.to == [supplier_user.email]  # the admins, not the member
    assert "Civil liability insurance expires on" in message.subject
    assert "/company/#documents" in message.body
    # A new expiry date (the supplier corrected it) is a new reminder.
    CompanyDocumentVersion.objects.filter(document=soon).update(
        expires_on=today + timedelta(days=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_expiring_documents", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert len(mailoutbox) == 2


# --- where files are stored -------------------------------------------------------------


def test_an_s3_compatible_bucket_is_configured_by_environment_variables():
    result = _run(
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))",
        DOCUMENTS_S3_BUCKET="portal-documents",
        DOCUMENTS_S3_ENDPOINT_URL="https://s3.example.net",
        DOCUMENTS_S3_REGION="eu-west-3",
    )

    storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "portal-documents"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_auth"] is True


def test_without_a_bucket_files_go_to_a_folder_under_var():
    from csp_portal import settings as portal_settings

    if portal_settings.DOCUMENTS_S3_BUCKET:
        pytest.skip("a bucket is configured in this environment")
    options = portal_settings._default_storage["OPTIONS"]
    assert options["location"] == str(portal_settings.VAR_DIR / "files")
