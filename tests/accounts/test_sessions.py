"""Sessions: a new key at login, none left at logout, other devices ended at a password change."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import log_in
from tests.accounts.totp import fresh_totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-42"
PRIVATE_PAGE = reverse("account_email")


def _session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _browser_with_session_key(key: str) -> Client:
    """Another browser presenting a copied (e.g. stolen or planted) session cookie."""
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = key
    return browser


def _is_signed_in(client) -> bool:
    return client.get(PRIVATE_PAGE).status_code == 200


def test_login_gives_a_new_session_key_and_the_old_one_is_worthless(client, supplier_user):
    planted = client.session.session_key  # an anonymous session before login
    client.cookies[settings.SESSION_COOKIE_NAME] = planted

    log_in(client, supplier_user.email)

    assert _session_key(client) != planted
    assert not Session.objects.filter(session_key=planted).exists()
    assert _is_signed_in(client)
    assert not _is_signed_in(_browser_with_session_key(planted))


def test_login_with_a_second_factor_also_rotates_the_session(client, two_factor_user, totp_secret):
    log_in(client, two_factor_user.email)
    halfway = _session_key(client)  # password checked, code not yet

    client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(totp_secret)})

    assert _session_key(client) != halfway
    assert _is_signed_in(client)
    assert not _is_signed_in(_browser_with_session_key(halfway))


def test_logout_ends_the_session_on_the_server(client, supplier_user):
    log_in(client, supplier_user.email)
    key = _session_key(client)

    client.post(reverse("account_logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert not _is_signed_in(client)
    assert not _is_signed_in(_browser_with_session_key(key))


def test_password_change_ends_the_other_sessions_and_keeps_this_one(supplier_user):
    laptop, phone = Client(), Client()
    log_in(laptop, supplier_user.email)
    log_in(phone, supplier_user.email)
    assert _is_signed_in(phone)

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _is_signed_in(laptop)
    phone_page = phone.get(PRIVATE_PAGE)
    assert phone_page.status_code == 302
    assert phone_page["Location"].startswith(reverse("account_login"))


def test_password_reset_ends_every_session(
    client, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    phone = Client()
    log_in(phone, supplier_user.email)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": supplier_user.email})
    [mail] = mailoutbox
    key_path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.body).group(1)
    form = client.get(key_path, follow=True)
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else key_path

    client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert not _is_signed_in(phone)
