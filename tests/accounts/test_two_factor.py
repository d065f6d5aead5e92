"""Two-factor authentication with an authenticator app and recovery codes (allauth.mfa)."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.accounts.conftest import log_in, reauthenticate, recovery_codes_of
from tests.accounts.totp import fresh_totp_code, totp_code, wrong_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ACTIVATE_URL = reverse("mfa_activate_totp")
AUTHENTICATE_URL = reverse("mfa_authenticate")


def _logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_rfc_6238_reference_code():
    """The test helper computes what an authenticator app shows (RFC 6238, SHA-1, 6 digits)."""
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # b32 of "12345678901234567890"
    assert totp_code(secret, at=59) == "287082"
    assert totp_code(secret, at=1111111109) == "081804"


def test_two_factor_page_is_in_the_user_menu(client, supplier_user):
    client.force_login(supplier_user)

    content = client.get("/").content.decode()

    assert f'<a href="{reverse("mfa_index")}">Two-factor authentication</a>' in content


def test_enrolment_asks_for_the_password_again_first(client, supplier_user):
    client.force_login(supplier_user)  # a session without a recent password check

    response = client.get(ACTIVATE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_wrong_password_at_reauthentication_does_not_open_enrolment(client, supplier_user):
    client.force_login(supplier_user)

    response = client.post(
        f"{reverse('account_reauthenticate')}?next={ACTIVATE_URL}", {"password": "wrong-one"}
    )

    assert response.status_code == 200
    assert "Incorrect password." in response.content.decode()
    assert client.get(ACTIVATE_URL).status_code == 302


def test_supplier_enrols_an_authenticator_app_and_gets_recovery_codes(
    client, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(supplier_user)
    reauthenticate = client.get(ACTIVATE_URL)["Location"]
    assert client.post(reauthenticate, {"password": PASSWORD})["Location"] == ACTIVATE_URL
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert f'value="{secret}"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE_URL, {"code": fresh_totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    types = set(Authenticator.objects.filter(user=supplier_user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes_page = client.get(response["Location"]).content.decode()
    codes = recovery_codes_of(supplier_user)
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    assert [mail.subject for mail in mailoutbox] == ["Authenticator App Activated"]


def test_enrolment_refuses_a_wrong_code(client, supplier_user):
    log_in(client, supplier_user.email)
    reauthenticate(client)
    secret = client.get(ACTIVATE_URL).context["form"].secret

    response = client.post(ACTIVATE_URL, {"code": wrong_code(secret)})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=supplier_user).exists()


def test_qr_code_is_inline_svg_allowed_by_the_content_security_policy(client, supplier_user):
    log_in(client, supplier_user.email)
    reauthenticate(client)

    response = client.get(ACTIVATE_URL)

    content = response.content.decode()
    assert '<figure class="qr-code" role="img"' in content
    assert "<svg" in content
    assert "<?xml" not in content
    assert "data:" not in content
    policy = response["Content-Security-Policy"]
    assert "img-src 'self';" in policy or policy.endswith("img-src 'self'")
    assert "data:" not in policy


def test_login_asks_for_a_code_before_the_session_is_authenticated(client, two_factor_user):
    response = log_in(client, two_factor_user.email)

    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE_URL
    assert _logged_in_user_id(client) is None


def test_login_with_the_authenticator_code(client, two_factor_user, totp_secret):
    log_in(client, two_factor_user.email)

    response = client.post(AUTHENTICATE_URL, {"code": fresh_totp_code(totp_secret)})

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(two_factor_user.pk)


def test_login_with_a_wrong_code_is_refused(client, two_factor_user, totp_secret):
    log_in(client, two_factor_user.email)

    response = client.post(AUTHENTICATE_URL, {"code": wrong_code(totp_secret)})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert _logged_in_user_id(client) is None


def test_a_code_cannot_be_used_twice(client, two_factor_user, totp_secret):
    code = fresh_totp_code(totp_secret, margin=5)
    log_in(client, two_factor_user.email)
    client.post(AUTHENTICATE_URL, {"code": code})
    client.post(reverse("account_logout"))

    log_in(client, two_factor_user.email)
    response = client.post(AUTHENTICATE_URL, {"code": code})

    assert "Incorrect code." in response.content.decode()
    assert _logged_in_user_id(client) is None


def test_login_with_a_recovery_code_which_then_is_used_up(client, two_factor_user):
    code = recovery_codes_of(two_factor_user)[0]
    log_in(client, two_factor_user.email)

    response = client.post(AUTHENTICATE_URL, {"code": code})

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(two_factor_user.pk)
    assert code not in recovery_codes_of(two_factor_user)
    client.post(reverse("account_logout"))
    log_in(client, two_factor_user.email)
    again = client.post(AUTHENTICATE_URL, {"code": code})
    assert "Incorrect code." in again.content.decode()


def _log_in_with_code(client, user, secret):
    log_in(client, user.email)
    client.post(AUTHENTICATE_URL, {"code": fresh_totp_code(secret)})
    assert _logged_in_user_id(client) == str(user.pk)


def test_changing_two_factor_settings_asks_for_the_password_again(
    client, two_factor_user, totp_secret
):
    _log_in_with_code(client, two_factor_user, totp_secret)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=two_factor_user).count() == 2


def test_regenerating_recovery_codes_replaces_the_old_ones(client, two_factor_user, totp_secret):
    old_codes = recovery_codes_of(two_factor_user)
    _log_in_with_code(client, two_factor_user, totp_secret)
    reauthenticate(client)

    response = client.post(reverse("mfa_generate_recovery_codes"))

    assert response.status_code == 302
    new_codes = recovery_codes_of(two_factor_user)
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(old_codes)
    client.post(reverse("account_logout"))
    log_in(client, two_factor_user.email)
    assert (
        "Incorrect code." in client.post(AUTHENTICATE_URL, {"code": old_codes[0]}).content.decode()
    )
    client.post(AUTHENTICATE_URL, {"code": new_codes[0]})
    assert _logged_in_user_id(client) == str(two_factor_user.pk)


def test_disabling_the_authenticator_app_removes_the_second_step(
    client, two_factor_user, totp_secret
):
    _log_in_with_code(client, two_factor_user, totp_secret)
    reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=two_factor_user).exists()
    client.post(reverse("account_logout"))
    login = log_in(client, two_factor_user.email)
    assert login["Location"] != AUTHENTICATE_URL
    assert _logged_in_user_id(client) == str(two_factor_user.pk)


def test_two_factor_pages_are_in_french(client, two_factor_user):
    log_in(client, two_factor_user.email, HTTP_ACCEPT_LANGUAGE="fr")

    content = client.get(AUTHENTICATE_URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Authentification à deux facteurs" in content
