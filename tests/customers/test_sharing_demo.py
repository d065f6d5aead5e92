"""The demo: shared with Acme Industries, not with Initech; an insurance certificate that
expires in 20 days, a real PDF file."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CompanyDocumentVersion
from accounts.services import remind_expiring_documents
from csp_portal import demo
from customers.models import Relationship, RelationshipEvent

pytestmark = pytest.mark.django_db


def _relationship(customer: str) -> Relationship:
    return Relationship.objects.get(supplier__name="Démo Fournitures SARL", customer__name=customer)


def test_the_demo_supplier_shares_with_acme_and_not_with_initech(client):
    demo.seed()
    acme, initech = _relationship("Acme Industries"), _relationship("Initech")

    assert acme.shares_restricted_profile and not initech.shares_restricted_profile
    client.login(email="buyer@acme.example", password=demo.DEMO_PASSWORD)
    acme_page = client.get(reverse("customer_admin:customers_relationship_change", args=[acme.pk]))
    client.login(email="buyer@initech.example", password=demo.DEMO_PASSWORD)
    initech_page = client.get(
        reverse("customer_admin:customers_relationship_change", args=[initech.pk])
    )
    assert "FR12345678901" in acme_page.content.decode()
    assert "Responsabilité civile professionnelle" in acme_page.content.decode()
    assert "FR12345678901" not in initech_page.content.decode()
    assert "/documents/" not in initech_page.content.decode()


def test_the_demo_insurance_certificate_is_a_real_pdf_expiring_in_20_days(
    mailoutbox, django_capture_on_commit_callbacks
):
    demo.seed()

    version = CompanyDocumentVersion.objects.get(
        document__supplier__name="Démo Fournitures SARL", is_current=True
    )
    assert version.document.get_kind_display() == "Certificate of insurance"
    assert version.expires_on == timezone.localdate() + timedelta(days=20)
    with version.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert version.size == len(content) < 5_000
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_expiring_documents() == 1
    assert [message.to for message in mailoutbox] == [["supplier@example.com"]]


def test_seeding_again_adds_no_document_and_no_sharing_event():
    demo.seed()
    events = RelationshipEvent.objects.filter(message__startswith="Restricted profile").count()

    demo.seed()

    assert CompanyDocumentVersion.objects.count() == 1
    assert RelationshipEvent.objects.filter(message__startswith="Restricted profile").count() == (
        events
    )
