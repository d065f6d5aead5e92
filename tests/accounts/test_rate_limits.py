"""Rate limits (allauth's ACCOUNT_RATE_LIMITS): each limit, and the same limit seen by two clients.

Two ``Client()`` instances are two browsers (two sessions); ``REMOTE_ADDR``
makes them two devices on different networks where it matters. Limits are
counted in the shared cache, so a second browser does not get a fresh budget.
"""

import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from csp_portal.env import env_rate
from tests.accounts.conftest import log_in, reauthenticate
from tests.accounts.totp import fresh_totp_code, wrong_code
from tests.csp_portal.test_production_settings import _run
from tests.factories import PASSWORD, make_supplier_user

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
TOO_MANY_LOGINS = "Too many failed login attempts. Try again later."
HOME_NETWORK = {"REMOTE_ADDR": "198.51.100.7"}
OFFICE_NETWORK = {"REMOTE_ADDR": "203.0.113.20"}


@pytest.fixture
def limits(settings):
    """Set some limits for one test, keeping the others as configured."""

    def set_limits(**rates):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **rates}

    return set_limits


def _client(network: dict) -> Client:
    return Client(**network)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- login: every login attempt, per IP address ------------------------------


def test_login_attempts_are_limited_per_address_across_browsers(limits, supplier_user):
    limits(login="3/m/ip")
    first, second = _client(HOME_NETWORK), _client(HOME_NETWORK)
    for _ in range(2):
        assert log_in(first, "nobody@example.com", "wrong").status_code == 200
    assert log_in(second, "nobody@example.com", "wrong").status_code == 200

    refused = log_in(second, supplier_user.email)

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert not _logged_in(second)
    assert log_in(first, supplier_user.email).status_code == 429
    # Another network is not blocked, and showing the page is never limited.
    assert _client(HOME_NETWORK).get(LOGIN_URL).status_code == 200
    other_network = _client(OFFICE_NETWORK)
    assert log_in(other_network, supplier_user.email).status_code == 302
    assert _logged_in(other_network)


# --- login_failed: failed logins per account (and per address) ---------------


def test_failed_logins_lock_the_account_for_every_browser_and_address(settings, supplier_user):
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
    guesser, owner = _client(HOME_NETWORK), _client(OFFICE_NETWORK)
    for _ in range(5):
        response = log_in(guesser, supplier_user.email, "guess")
        assert "The email address and/or password you specified are not correct." in (
            response.content.decode()
        )

    blocked = log_in(owner, supplier_user.email)  # the right password, elsewhere

    assert blocked.status_code == 200
    assert TOO_MANY_LOGINS in blocked.content.decode()
    assert not _logged_in(owner)
    # Another account from the same browser is not affected.
    make_supplier_user("colleague@other.example", company="Other")
    assert log_in(owner, "colleague@other.example").status_code == 302


def test_the_account_limit_ignores_the_case_of_the_address(limits, supplier_user):
    limits(login_failed="10/m/ip,2/5m/key")
    log_in(_client(HOME_NETWORK), "Sophie@Fournitures.example", "guess")
    log_in(_client(OFFICE_NETWORK), "SOPHIE@FOURNITURES.EXAMPLE", "guess")

    response = log_in(_client(OFFICE_NETWORK), supplier_user.email)

    assert TOO_MANY_LOGINS in response.content.decode()


def test_failed_logins_are_limited_per_address_across_accounts(limits, supplier_user):
    limits(login_failed="3/m/ip,5/5m/key")
    first, second = _client(HOME_NETWORK), _client(HOME_NETWORK)
    log_in(first, "a@example.com", "guess")
    log_in(first, "b@example.com", "guess")
    log_in(second, "c@example.com", "guess")

    blocked = log_in(second, supplier_user.email)

    assert TOO_MANY_LOGINS in blocked.content.decode()
    assert log_in(_client(OFFICE_NETWORK), supplier_user.email).status_code == 302


def test_a_successful_login_does_not_count_as_a_failure(limits, supplier_user):
    limits(login_failed="10/m/ip,2/5m/key")
    for _ in range(3):
        browser = _client(HOME_NETWORK)
        assert log_in(browser, supplier_user.email).status_code == 302


def test_wrong_two_factor_codes_lock_the_second_step_for_every_browser(
    two_factor_user, totp_secret
):
    guesser, owner = _client(HOME_NETWORK), _client(OFFICE_NETWORK)
    log_in(guesser, two_factor_user.email)
    for _ in range(5):
        response = guesser.post(reverse("mfa_authenticate"), {"code": wrong_code(totp_secret)})
        assert "Incorrect code." in response.content.decode()

    log_in(owner, two_factor_user.email)
    blocked = owner.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(totp_secret)})

    assert TOO_MANY_LOGINS in blocked.content.decode()
    assert not _logged_in(owner)


# --- signup: per IP address ---------------------------------------------------


def _sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {"company_name": "NewCo", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signups_are_limited_per_address_across_browsers(limits):
    limits(signup="2/m/ip")
    assert _sign_up(_client(HOME_NETWORK), "one@newco.example").status_code == 302
    assert _sign_up(_client(HOME_NETWORK), "two@newco.example").status_code == 302

    refused = _sign_up(_client(HOME_NETWORK), "three@newco.example")

    assert refused.status_code == 429
    assert _sign_up(_client(OFFICE_NETWORK), "four@newco.example").status_code == 302
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "four@newco.example",
        "one@newco.example",
        "two@newco.example",
    ]


# --- reset_password: per IP address and per email address ---------------------


def _reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_password_reset_is_limited_per_email_across_browsers_and_addresses(
    limits, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    limits(reset_password="20/m/ip,2/m/key")
    with django_capture_on_commit_callbacks(execute=True):
        assert _reset(_client(HOME_NETWORK), supplier_user.email).status_code == 302
        assert _reset(_client(OFFICE_NETWORK), supplier_user.email.upper()).status_code == 302
        refused = _reset(_client(OFFICE_NETWORK), supplier_user.email)
        other = _reset(_client(OFFICE_NETWORK), "someone@else.example")

    assert refused.status_code == 429
    assert other.status_code == 302
    assert [mail.to[0] for mail in mailoutbox].count(supplier_user.email) == 2


def test_password_reset_is_limited_per_address_across_browsers(limits):
    limits(reset_password="2/m/ip,5/m/key")
    assert _reset(_client(HOME_NETWORK), "a@example.com").status_code == 302
    assert _reset(_client(HOME_NETWORK), "b@example.com").status_code == 302

    assert _reset(_client(HOME_NETWORK), "c@example.com").status_code == 429
    assert _reset(_client(OFFICE_NETWORK), "c@example.com").status_code == 302


# --- confirm_email: verification emails per address ---------------------------


def test_verification_email_is_sent_once_per_cooldown_across_browsers(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    assert settings.ACCOUNT_RATE_LIMITS["confirm_email"] == "1/3m/key"
    make_supplier_user("unverified@newco.example", company="NewCo", verified=False)

    with django_capture_on_commit_callbacks(execute=True):
        first = log_in(_client(HOME_NETWORK), "unverified@newco.example")
        second = log_in(_client(OFFICE_NETWORK), "unverified@newco.example")

    # Both browsers are told to check their mail; only one mail leaves.
    assert first["Location"] == second["Location"] == reverse("account_email_verification_sent")
    assert [mail.to for mail in mailoutbox] == [["unverified@newco.example"]]


def test_resending_a_pending_address_verification_respects_the_cooldown_across_browsers(
    supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    laptop, phone = _client(HOME_NETWORK), _client(OFFICE_NETWORK)
    for browser in (laptop, phone):
        log_in(browser, supplier_user.email)
    reauthenticate(laptop)
    email_url = reverse("account_email")
    new_address = "sophie.new@fournitures.example"
    with django_capture_on_commit_callbacks(execute=True):
        laptop.post(email_url, {"action_add": "", "email": new_address})
    assert [mail.to for mail in mailoutbox] == [[new_address]]

    with django_capture_on_commit_callbacks(execute=True):
        laptop.post(email_url, {"action_send": "", "email": new_address})
        phone.post(email_url, {"action_send": "", "email": new_address})

    assert len(mailoutbox) == 1
    cache.clear()  # the cooldown is over
    with django_capture_on_commit_callbacks(execute=True):
        phone.post(email_url, {"action_send": "", "email": new_address})
    assert len(mailoutbox) == 2


# --- where the counts live, and how the limits are configured -----------------


def test_attempts_are_counted_in_the_shared_database_cache(supplier_user, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    log_in(Client(), supplier_user.email, "guess")

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cache")
        keys = [row[0] for row in cursor.fetchall()]

    assert any("allauth:rl:allauth.account:login_failed" in key for key in keys)


def test_attempts_are_counted_in_redis_when_redis_url_is_set():
    """With the database's cache table as the stand-in (tests/csp_portal/test_redis_down.py)."""
    result = _run(
        "import django; django.setup(); from django.core.cache import caches; "
        "from django.core.cache.backends.redis import RedisCache; "
        "print(isinstance(caches['default'], RedisCache), type(caches['database']).__name__)",
        DEBUG="true",
        REDIS_URL="redis://cache.internal:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True DatabaseCache")


def test_every_limit_is_read_from_its_environment_variable():
    result = _run(
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.ACCOUNT_RATE_LIMITS)); print(s.ALLAUTH_TRUSTED_PROXY_COUNT)",
        DEBUG="true",
        RATE_LIMIT_LOGIN="7/m/ip",
        RATE_LIMIT_LOGIN_FAILED="9/m/ip, 3/10m/key",
        RATE_LIMIT_SIGNUP="4/h/ip",
        RATE_LIMIT_RESET_PASSWORD="6/m/ip,2/m/key",
        RATE_LIMIT_CONFIRM_EMAIL="1/5m/key",
        TRUSTED_PROXY_COUNT="1",
    )

    assert result.returncode == 0, result.stderr
    limits_line, proxies_line = result.stdout.strip().splitlines()[-2:]
    assert json.loads(limits_line) == {
        "login": "7/m/ip",
        "login_failed": "9/m/ip,3/10m/key",
        "signup": "4/h/ip",
        "reset_password": "6/m/ip,2/m/key",
        "confirm_email": "1/5m/key",
    }
    assert proxies_line == "1"


def test_a_mistyped_limit_stops_the_process_naming_the_variable():
    result = _run(
        "import django; django.setup()", DEBUG="true", RATE_LIMIT_LOGIN="thirty per minute"
    )

    assert result.returncode != 0
    assert "RATE_LIMIT_LOGIN='thirty per minute' is not a rate limit" in result.stderr


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "is empty"),
        ("0/m/ip", "is not a rate limit"),
        ("5/minute/ip", "is not a rate limit"),
        ("5/m/user", "counts per ip or key, not per user"),
    ],
)
def test_env_rate_refuses_what_allauth_could_not_apply(monkeypatch, raw, problem):
    monkeypatch.setenv("RATE_LIMIT_X", raw)

    with pytest.raises(ImproperlyConfigured, match=problem):
        env_rate("RATE_LIMIT_X", "5/m/ip", per=("ip", "key"))


def test_env_rate_accepts_allauths_syntax(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_X", " 10/m/ip , 5/5m/key ,1/0.5h")

    assert env_rate("RATE_LIMIT_X", "5/m/ip", per=("ip", "key")) == "10/m/ip,5/5m/key,1/0.5h"
