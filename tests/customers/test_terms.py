"""Connection terms in versions (``CustomerTerms``), in English and/or French."""

import pytest
from django.urls import reverse

from customers import services
from customers.models import CustomerAuditEvent, CustomerTerms
from tests.customers.settings_helpers import settings_form
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


def _settings_url(customer):
    return reverse("customer_admin:customers_customer_change", args=[customer.pk])


# --- the service -----------------------------------------------------------------


def test_changed_terms_are_a_new_version_and_the_old_one_stays_as_it_was(customer, customer_admin):
    first = CustomerTerms.objects.current_for(customer)

    second = services.publish_terms(
        customer=customer,
        texts={"en": "Terms of Acme Test Industries.", "fr": "Conditions d'Acme."},
        actor=customer_admin,
    )

    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert (first.text_en, first.text_fr) == ("Terms of Acme Test Industries.", "")
    assert (second.text_en, second.text_fr) == (
        "Terms of Acme Test Industries.",
        "Conditions d'Acme.",
    )
    assert second.published_by == customer_admin
    assert customer.terms_version == 2


def test_the_same_terms_typed_again_are_no_new_version(customer):
    same = services.publish_terms(
        customer=customer, texts={"en": "  Terms of Acme Test Industries.\r\n"}, actor=None
    )

    assert same.version == 1
    assert CustomerTerms.objects.for_customer(customer).count() == 1


def test_a_published_version_cannot_be_changed(customer):
    terms = CustomerTerms.objects.current_for(customer)
    terms.text_en = "Rewritten history."

    with pytest.raises(ValueError, match="never changed"):
        terms.save()


def test_publishing_terms_is_in_the_customers_audit_log(customer, customer_admin):
    services.publish_terms(customer=customer, texts={"fr": "Conditions."}, actor=customer_admin)

    entry = CustomerAuditEvent.objects.for_customer(customer).filter(action="terms.published")[0]
    assert entry.actor == customer_admin
    assert entry.description == "Connection terms version 2 published"
    assert (entry.before, entry.after) == ({"terms_version": 1}, {"terms_version": 2})


def test_a_customer_without_terms_has_none_until_it_writes_some(db):
    customer = make_customer("No Terms Ltd", terms={})

    assert customer.terms_version == 0
    assert services.publish_terms(customer=customer, texts={"en": " "}, actor=None) is None
    assert (
        services.publish_terms(customer=customer, texts={"en": "Be fair."}, actor=None).version == 1
    )


def test_a_supplier_reads_their_languages_version_or_the_other_marked(customer):
    terms = services.publish_terms(customer=customer, texts={"fr": "Soyez loyaux."}, actor=None)

    english, french = terms.text_in("en"), terms.text_in("fr")

    assert (english.text, english.language, english.fallback) == ("Soyez loyaux.", "fr", True)
    assert (french.text, french.language, french.fallback) == ("Soyez loyaux.", "fr", False)


# --- the settings page -----------------------------------------------------------------


def test_the_settings_page_shows_the_terms_in_both_languages_and_the_version_in_force(
    client, customer, customer_admin
):
    client.force_login(customer_admin)

    content = client.get(_settings_url(customer)).content.decode()

    assert "Connection terms in English" in content
    assert "Connection terms in French" in content
    assert "Terms of Acme Test Industries." in content
    assert "Version 1, published on" in content


def test_a_customer_admin_writes_french_terms_beside_the_english_ones(
    client, customer, customer_admin
):
    client.force_login(customer_admin)

    response = client.post(
        _settings_url(customer),
        settings_form(
            customer,
            terms_en="Terms of Acme Test Industries.",
            terms_fr="Conditions d'Acme Test Industries.",
        ),
    )

    assert response.status_code == 302
    terms = CustomerTerms.objects.current_for(customer)
    assert (terms.version, terms.text_fr) == (2, "Conditions d'Acme Test Industries.")
    assert terms.published_by == customer_admin


def test_saving_other_settings_keeps_the_terms_version(client, customer, customer_admin):
    client.force_login(customer_admin)

    client.post(
        _settings_url(customer),
        settings_form(customer, city="Shelbyville", terms_en="Terms of Acme Test Industries."),
    )

    customer.refresh_from_db()
    assert customer.city == "Shelbyville"
    assert customer.terms_version == 1


# --- the migration from Customer.terms_text -----------------------------------------------

BEFORE = [("customers", "0014_customer_terms"), ("connections", "0001_connection_request")]
AFTER = [
    ("customers", "0016_remove_customer_terms_fields"),
    ("connections", "0003_requests_point_to_accepted_terms"),
]


@pytest.mark.django_db(transaction=True)
def test_the_terms_of_each_customer_become_a_version_and_requests_point_to_theirs(migrate_to):
    apps = migrate_to(BEFORE)
    Customer = apps.get_model("customers", "Customer")
    Supplier = apps.get_model("accounts", "Supplier")
    ConnectionRequest = apps.get_model("connections", "ConnectionRequest")
    french = Customer.objects.create(
        name="Édf", search_name="edf", country="FR", terms_text="Soyez loyaux.", terms_version=3
    )
    Customer.objects.create(name="Acme", search_name="acme", country="US", terms_text="Be fair.")
    Customer.objects.create(name="Silent", search_name="silent", terms_text="")
    supplier = Supplier.objects.create(name="Fournitures")
    requests = {
        version: ConnectionRequest.objects.create(
            supplier=supplier,
            customer=french,
            contact_email="a@edf.example",
            terms_version=version,
            status="pending" if version == 3 else "expired",
            decided_at=None if version == 3 else french.created_at,
            expires_at=french.created_at,
        ).pk
        for version in (2, 3)
    }

    apps = migrate_to(AFTER)
    CustomerTerms = apps.get_model("customers", "CustomerTerms")
    ConnectionRequest = apps.get_model("connections", "ConnectionRequest")
    versions = {
        (t.customer.name, t.version): (t.text_en, t.text_fr)
        for t in CustomerTerms.objects.select_related("customer")
    }
    linked = ConnectionRequest.objects.get(pk=requests[3])
    unkept = ConnectionRequest.objects.get(pk=requests[2])

    assert versions == {("Édf", 3): ("", "Soyez loyaux."), ("Acme", 1): ("Be fair.", "")}
    assert (linked.terms.version, linked.terms_language) == (3, "fr")
    assert (unkept.terms_id, unkept.terms_version) == (None, 2)

    apps = migrate_to(BEFORE)
    Customer = apps.get_model("customers", "Customer")
    restored = {c.name: (c.terms_text, c.terms_version) for c in Customer.objects.all()}
    assert restored == {"Édf": ("Soyez loyaux.", 3), "Acme": ("Be fair.", 1), "Silent": ("", 1)}
