"""Fixtures of the accounts tests: a user protected by an authenticator app."""

import base64
import secrets

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture
def totp_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode()


@pytest.fixture
def two_factor_user(supplier_user, totp_secret):
    """The supplier admin, with an authenticator app and recovery codes, as after enrolment."""
    TOTP.activate(supplier_user, totp_secret)
    RecoveryCodes.activate(supplier_user)
    return supplier_user


def recovery_codes_of(user) -> list[str]:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


def log_in(client, email: str, password: str = PASSWORD, **headers):
    """The login form, as a person submits it (allauth records the authentication)."""
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def reauthenticate(client, password: str = PASSWORD):
    """Confirm the password again, as allauth asks before sensitive changes."""
    return client.post(reverse("account_reauthenticate"), {"password": password})
