"""The request form checks every field at once and says so above the form, field by field."""

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest

pytestmark = pytest.mark.django_db


def _post(client, customer, **data):
    return client.post(
        reverse("connections:request", args=[customer.pk]),
        {"terms_version": customer.terms_version, **data},
    )


def test_the_contacts_domain_is_checked_even_with_the_terms_unticked(supplier_client, customer):
    response = _post(supplier_client, customer, contact_email="someone@elsewhere.example")

    content = response.content.decode()
    assert response.status_code == 200
    assert "accepts a Customer Contact at its own domain only" in content
    assert "Accept the customer&#x27;s connection terms to send a request." in content
    assert 'value="someone@elsewhere.example"' in content
    assert ConnectionRequest.objects.count() == 0


def test_the_error_summary_links_each_error_to_its_field(supplier_client, customer):
    content = _post(supplier_client, customer, contact_email="not an address").content.decode()

    summary = content[
        content.index('class="error-summary"') : content.index(
            "</ul>", content.index('class="error-summary"')
        )
    ]
    assert 'role="alert"' in content
    assert "There are 2 problems to fix" in summary
    assert 'href="#id_contact_email">Customer Contact: Enter a valid email address.' in summary
    assert 'href="#id_accept_terms">I accept the terms: Accept the customer' in summary
    assert "data-autofocus" in content[content.index('class="error-summary"') - 200 :]


def test_each_error_is_tied_to_its_field_and_said_in_words(supplier_client, customer):
    content = _post(supplier_client, customer, contact_email="not an address").content.decode()

    assert 'aria-describedby="contact-help contact-errors" aria-invalid="true"' in content
    assert 'id="contact-errors"><span class="field-error-prefix">Error:</span>' in content
    assert 'aria-invalid="true" aria-describedby="terms-errors"' in content
    assert content.count('class="field field-invalid"') == 2


def test_the_summary_is_in_french(supplier_client, customer):
    response = supplier_client.post(
        reverse("connections:request", args=[customer.pk]),
        {"terms_version": customer.terms_version, "contact_email": "x"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    content = response.content.decode()
    assert "Il y a 2 problèmes à corriger" in content
    assert "Contact client\u00a0: " in content


def test_a_form_without_errors_has_no_summary(supplier_client, customer):
    content = supplier_client.get(reverse("connections:request", args=[customer.pk])).content
    assert b"error-summary" not in content
