"""Refusals in words: a form's address opened as a page (405), a request not understood (400)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_forms_address_opened_as_a_page_says_so_in_the_users_language(client, supplier_user):
    client.force_login(supplier_user)

    english = client.get(reverse("accounts:add_domain"))
    client.cookies["django_language"] = "fr"
    french = client.get(reverse("accounts:add_domain"))

    assert english.status_code == french.status_code == 405
    assert english["Allow"] == "POST"
    assert "This address only receives forms sent from a page of the portal." in (
        english.content.decode()
    )
    assert "Cette adresse ne reçoit que des formulaires" in french.content.decode()


def test_a_request_the_portal_cannot_read_gets_a_page(client, settings):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}

    response = client.post(
        "/anymail/postmark/tracking/",
        b"\x80not json",
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic aG9vazpzZWNyZXQ=",
    )

    assert response.status_code == 400
    assert "The portal could not read what your browser sent." in response.content.decode()
