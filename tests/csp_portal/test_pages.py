"""Project pages: the Setup page, error pages, security headers."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_setup_page_needs_login(client):
    response = client.get(reverse("setup"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_setup_page_lists_the_setup_entries(client, supplier_user):
    client.force_login(supplier_user)

    response = client.get(reverse("setup"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert "<h1>Configuration</h1>" in response.content.decode()


def test_not_found_page_is_translated_and_in_the_layout(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content
    assert 'class="site-header"' in content


def test_forbidden_page_is_translated(client, operator, supplier_user):
    client.force_login(supplier_user)

    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_server_error_page_is_translated_and_leaks_nothing(settings):
    settings.ROOT_URLCONF = "tests.csp_portal.urls_boom"
    client = Client(raise_request_exception=False)

    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Une erreur inattendue" in content
    assert "secret detail" not in content


def test_a_database_out_of_reach_gets_a_503_page_that_says_to_retry(settings):
    settings.ROOT_URLCONF = "tests.csp_portal.urls_boom"
    client = Client(raise_request_exception=False)

    english = client.get("/database-gone/")
    french = client.get("/database-gone/", HTTP_ACCEPT_LANGUAGE="fr")

    assert english.status_code == french.status_code == 503
    assert english["Retry-After"] == "30"
    assert "The portal is briefly unavailable" in english.content.decode()
    assert "Le portail est momentanément indisponible" in french.content.decode()
    assert "10.0.0.5" not in english.content.decode()


def test_rate_limited_page_is_translated(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client.post(reverse("account_reset_password"), {"email": "a@example.com"})

    response = client.post(
        reverse("account_reset_password"), {"email": "b@example.com"}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("account_login"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()  # no inline script


def test_pages_send_hsts_when_served_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000

    response = client.get(reverse("account_login"), secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_local_mail_pages_exist_only_in_debug(client, settings, local_mail_dir):
    settings.DEBUG = False
    assert client.get(reverse("dev_mail_list")).status_code == 404

    settings.DEBUG = True
    assert client.get(reverse("dev_mail_list")).status_code == 200
    assert client.get("/dev/mail/..%2Fdb.sqlite3").status_code == 404
