"""No account enumeration: known and unknown addresses get the same answer, at the same cost.

Same answer: the pages are compared byte for byte (the CSRF token and the
typed address aside). Same cost: the slow part of each request is Argon2, so
the tests count Argon2 runs; wall-clock figures are too noisy for a test.
"""

import re

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

KNOWN = "sophie@fournitures.example"
UNKNOWN = "ghost@fournitures.example"


@pytest.fixture
def argon2_runs(monkeypatch):
    """Counts Argon2 hashes (new passwords and checks alike), calling the real hasher."""
    runs = []
    real_encode, real_verify = Argon2PasswordHasher.encode, Argon2PasswordHasher.verify

    def encode(self, password, salt):
        runs.append("encode")
        return real_encode(self, password, salt)

    def verify(self, password, encoded):
        runs.append("verify")
        return real_verify(self, password, encoded)

    monkeypatch.setattr(Argon2PasswordHasher, "encode", encode)
    monkeypatch.setattr(Argon2PasswordHasher, "verify", verify)
    return runs


def _page(response, typed: str) -> str:
    content = response.content.decode()
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)
    return content.replace(typed, "<typed>")


def _answer(response, typed: str) -> tuple[int, str, str]:
    return response.status_code, response.get("Location", ""), _page(response, typed)


# --- login -------------------------------------------------------------------


def _login(email, password="a-wrong-password-9"):
    return Client().post(reverse("account_login"), {"login": email, "password": password})


def test_login_answers_the_same_for_a_known_and_an_unknown_address(supplier_user):
    known = _login(KNOWN)
    unknown = _login(UNKNOWN)

    assert _answer(known, KNOWN) == _answer(unknown, UNKNOWN)
    assert "The email address and/or password you specified are not correct." in (
        known.content.decode()
    )


def test_login_of_an_unverified_account_with_a_wrong_password_says_nothing_more(db):
    make_user(KNOWN, verified=False)

    assert _answer(_login(KNOWN), KNOWN) == _answer(_login(UNKNOWN), UNKNOWN)


def test_login_runs_argon2_as_often_for_an_unknown_address(supplier_user, argon2_runs):
    _login(KNOWN)
    known_runs = len(argon2_runs)
    argon2_runs.clear()
    _login(UNKNOWN)

    assert known_runs >= 1
    assert len(argon2_runs) == known_runs


# --- sign-up -----------------------------------------------------------------


def _signup(email):
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "company_name": "Ghost Company",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    return client, response


def test_signup_answers_the_same_for_a_known_and_an_unknown_address(supplier_user):
    known_client, known = _signup(KNOWN)
    unknown_client, unknown = _signup(UNKNOWN)

    assert _answer(known, KNOWN) == _answer(unknown, UNKNOWN)
    assert known["Location"] == reverse("account_email_verification_sent")
    next_known = known_client.get(known["Location"])
    next_unknown = unknown_client.get(unknown["Location"])
    assert _answer(next_known, KNOWN) == _answer(next_unknown, UNKNOWN)
    # The known address keeps its one account and company.
    assert User.objects.filter(email=KNOWN).count() == 1
    assert supplier_user.supplier_membership.supplier.name == "Fournitures Test SARL"


def test_signup_tells_the_owner_of_a_known_address_by_email_only(
    supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(KNOWN)

    [mail] = mailoutbox
    assert mail.to == [KNOWN]
    assert mail.subject == "Account Already Exists"


def test_signup_runs_argon2_as_often_for_a_known_address(supplier_user, argon2_runs):
    _signup(UNKNOWN)
    new_account_runs = len(argon2_runs)
    argon2_runs.clear()
    _signup(KNOWN)

    assert new_account_runs >= 1
    assert len(argon2_runs) == new_account_runs


# --- password reset ----------------------------------------------------------


def _reset(email):
    client = Client()
    response = client.post(reverse("account_reset_password"), {"email": email})
    return client, response


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(
    supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known_client, known = _reset(KNOWN)
        unknown_client, unknown = _reset(UNKNOWN)

    assert _answer(known, KNOWN) == _answer(unknown, UNKNOWN)
    assert known["Location"] == reverse("account_reset_password_done")
    done_known = known_client.get(known["Location"])
    done_unknown = unknown_client.get(unknown["Location"])
    assert _answer(done_known, KNOWN) == _answer(done_unknown, UNKNOWN)
    # Each address's owner learns the truth, by email only.
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects == {KNOWN: "Password Reset Email", UNKNOWN: "Unknown Account"}


def test_password_reset_runs_no_argon2_either_way(supplier_user, argon2_runs):
    _reset(KNOWN)
    _reset(UNKNOWN)

    assert argon2_runs == []
