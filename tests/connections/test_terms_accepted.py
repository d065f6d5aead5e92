"""The terms a supplier accepts: read in their language, recorded with the request, shown
to the customer exactly as accepted."""

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest
from customers import services as customer_services
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


def _terms_page(customer) -> str:
    return reverse("connections:terms", args=[customer.pk])


def _accepted_terms_url(connection_request) -> str:
    return reverse(
        "customer_admin:connections_connectionrequest_terms", args=[connection_request.pk]
    )


def _request(client, customer, language="en"):
    return client.post(
        reverse("connections:request", args=[customer.pk]),
        {
            "contact_email": "buyer@acme.example",
            "accept_terms": "on",
            "terms_version": customer.terms_version,
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.fixture
def bilingual_terms(customer):
    return customer_services.publish_terms(
        customer=customer,
        texts={"en": "Deliver on time.", "fr": "Livrez à l'heure."},
        actor=None,
    )


# --- the supplier reads them --------------------------------------------------------


@pytest.mark.usefixtures("bilingual_terms")
@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [("en", "Deliver on time.", "Livrez"), ("fr", "Livrez à l&#x27;heure.", "Deliver")],
)
def test_the_supplier_reads_the_terms_in_their_language(
    supplier_client, customer, language, shown, hidden
):
    content = supplier_client.get(
        _terms_page(customer), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert shown in content
    assert hidden not in content
    assert "wrote its terms in" not in content


def test_terms_written_in_french_only_are_shown_to_an_english_reader_marked(
    supplier_client, customer
):
    customer_services.publish_terms(customer=customer, texts={"fr": "Soyez loyaux."}, actor=None)

    content = supplier_client.get(_terms_page(customer)).content.decode()

    assert '<section class="card" lang="fr">' in content
    assert "Soyez loyaux." in content
    assert "Acme Test Industries wrote its terms in French only." in content
    assert "Version 2, published on" in content


def test_a_customer_without_terms_says_so_and_a_request_records_no_version(
    supplier_client, supplier
):
    silent = make_customer("Silent Buyer SA", email_domains=["acme.example"], terms={})

    content = supplier_client.get(_terms_page(silent)).content.decode()
    _request(supplier_client, silent)

    assert "Silent Buyer SA has not written any connection terms." in content
    request = ConnectionRequest.objects.get(customer=silent)
    assert (request.terms_version, request.terms, request.terms_language) == (0, None, "")


# --- the request records them ----------------------------------------------------------


def test_the_request_points_to_the_version_and_the_language_read(
    supplier_client, customer, bilingual_terms
):
    _request(supplier_client, customer, language="fr")

    request = ConnectionRequest.objects.get()
    assert request.terms == bilingual_terms
    assert (request.terms_version, request.terms_language) == (2, "fr")


def test_new_terms_published_later_leave_the_accepted_text_as_it_was(
    supplier_client, client, customer, customer_admin, bilingual_terms
):
    _request(supplier_client, customer, language="fr")
    customer_services.publish_terms(
        customer=customer, texts={"en": "Deliver early.", "fr": "Livrez tôt."}, actor=None
    )
    request = ConnectionRequest.objects.get()
    client.force_login(customer_admin)

    page = client.get(
        reverse("customer_admin:connections_connectionrequest_change", args=[request.pk])
    ).content.decode()
    terms = client.get(_accepted_terms_url(request)).content.decode()

    assert "Version 2 (read in French)" in page
    assert _accepted_terms_url(request) in page
    assert "accepted version 2 of your connection terms" in terms
    assert terms.index("Livrez à l&#x27;heure.") < terms.index("Deliver on time.")
    assert "the version the supplier read" in terms
    assert "Livrez tôt." not in terms


def test_a_request_whose_text_was_not_kept_says_so(client, customer, customer_admin, send_request):
    request = send_request()
    ConnectionRequest.objects.filter(pk=request.pk).update(terms=None, terms_version=1)
    client.force_login(customer_admin)

    content = client.get(_accepted_terms_url(request)).content.decode()

    assert "The text of that version was not kept" in content


def test_another_customers_request_terms_do_not_exist(client, other_customer_admin, send_request):
    request = send_request()
    client.force_login(other_customer_admin)

    response = client.get(_accepted_terms_url(request))

    assert response.status_code == 404
    assert "Terms of Acme" not in response.content.decode()
