"""Changing the email address (confirmed before it replaces the old one) and the password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from tests.accounts.conftest import log_in, reauthenticate
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

EMAIL_URL = reverse("account_email")
OLD = "sophie@fournitures.example"
NEW = "sophie.martin@fournitures.example"
NEW_PASSWORD = "another-long-passphrase-42"


def _confirm_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.body).group(1)


@pytest.fixture
def signed_in(client, supplier_user):
    log_in(client, supplier_user.email)
    return client


def test_changing_the_email_asks_for_the_password_again(signed_in):
    response = signed_in.post(EMAIL_URL, {"action_add": "", "email": NEW})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_new_address_is_confirmed_before_it_replaces_the_old_one(
    signed_in, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    reauthenticate(signed_in)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(EMAIL_URL, {"action_add": "", "email": NEW})

    assert response.status_code == 302
    supplier_user.refresh_from_db()
    assert supplier_user.email == OLD  # not yet
    assert EmailAddress.objects.get(email=NEW).verified is False
    page = signed_in.get(EMAIL_URL).content.decode()
    assert "Your email address is still pending verification." in page
    assert "<form hidden" in page  # no inline style under the CSP
    [verification] = mailoutbox
    assert verification.to == [NEW]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(_confirm_path(verification))

    supplier_user.refresh_from_db()
    assert supplier_user.email == NEW
    assert list(
        EmailAddress.objects.filter(user=supplier_user).values_list("email", "primary", "verified")
    ) == [(NEW, True, True)]
    [notice] = mailoutbox
    assert notice.to == [OLD]
    assert notice.subject == "Email Changed"
    assert NEW in notice.body
    # The new address is the login from now on.
    signed_in.post(reverse("account_logout"))
    assert log_in(signed_in, NEW).status_code == 302
    assert signed_in.session["_auth_user_id"] == str(supplier_user.pk)


def test_an_unconfirmed_change_can_be_cancelled(signed_in, supplier_user):
    reauthenticate(signed_in)
    signed_in.post(EMAIL_URL, {"action_add": "", "email": NEW})

    signed_in.post(EMAIL_URL, {"action_remove": "", "email": NEW})

    assert list(
        EmailAddress.objects.values_list("email", flat=True).filter(user=supplier_user)
    ) == [OLD]


def test_changing_to_an_address_of_another_account_answers_as_usual_and_never_takes_it(
    signed_in, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    make_user("taken@fournitures.example")
    reauthenticate(signed_in)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            EMAIL_URL, {"action_add": "", "email": "taken@fournitures.example"}
        )

    assert response.status_code == 302  # as for a free address: no enumeration
    [verification] = mailoutbox
    signed_in.post(_confirm_path(verification))
    supplier_user.refresh_from_db()
    assert supplier_user.email == OLD
    assert User.objects.get(email="taken@fournitures.example")


def test_invalid_new_address_is_explained_and_kept(signed_in):
    reauthenticate(signed_in)

    response = signed_in.post(EMAIL_URL, {"action_add": "", "email": "not-an-address"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert 'value="not-an-address"' in content


def test_password_change_needs_the_current_password(signed_in, supplier_user):
    response = signed_in.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    supplier_user.refresh_from_db()
    assert supplier_user.check_password(PASSWORD)


def test_password_change_sets_the_new_password_and_tells_the_owner(
    signed_in, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )

    assert response.status_code == 302
    supplier_user.refresh_from_db()
    assert supplier_user.check_password(NEW_PASSWORD)
    [notice] = mailoutbox
    assert (notice.to, notice.subject) == ([OLD], "Password Changed")
