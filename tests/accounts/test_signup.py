"""Sign-up, email verification, login and password reset (django-allauth)."""

import email
import email.policy
import re

import pytest
from django.urls import reverse

from accounts.models import Supplier, SupplierMember, User
from tests.factories import PASSWORD, make_supplier_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-passphrase-7"


def _signup(client, *, language="en", email_address="new.person@newco.example"):
    return client.post(
        reverse("account_signup"),
        {
            "company_name": "  NewCo   Industries ",
            "full_name": "Nina Person",
            "email": email_address,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _saved_messages(directory):
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(directory.glob("*.eml"))
    ]


def _link(message, path_start: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^\s]+(" + re.escape(path_start) + r"[^\s]*)", text)
    assert match, text
    return match.group(1)


def test_signup_creates_user_company_and_admin_membership_but_no_login(client, local_mail_dir):
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@newco.example")
    membership = SupplierMember.objects.get(user=user)
    assert membership.role == SupplierMember.Role.ADMIN
    assert membership.supplier.name == "NewCo Industries"
    assert user.full_name == "Nina Person"
    assert "_auth_user_id" not in client.session


def test_new_supplier_confirms_email_from_the_saved_message_and_is_logged_in(
    client, local_mail_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client)

    [message] = _saved_messages(local_mail_dir)
    assert message["To"] == "new.person@newco.example"
    confirm_path = _link(message, "/accounts/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    response = client.post(confirm_path)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="new.person@newco.example").pk
    )


def test_verification_email_is_in_french_for_a_french_signup(
    client, local_mail_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, language="fr")

    [message] = _saved_messages(local_mail_dir)
    raw = next(local_mail_dir.glob("*.eml")).read_bytes()
    assert b"quoted-printable" in raw.lower()  # accented French text is encoded on the wire
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert message["Subject"] == "Confirmez votre adresse e-mail"
    assert "Bonjour, c'est csp-portal" in body
    assert "a indiqué votre adresse" in body


def test_unconfirmed_user_cannot_log_in(client):
    make_supplier_user("unverified@newco.example", company="NewCo", verified=False)

    response = client.post(
        reverse("account_login"), {"login": "unverified@newco.example", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verified_user_logs_in_with_email_and_password(client, supplier_user):
    response = client.post(
        reverse("account_login"), {"login": "SOPHIE@fournitures.example", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supplier_user.pk)


def test_wrong_password_is_refused_with_a_message_and_the_email_kept(client, supplier_user):
    response = client.post(
        reverse("account_login"),
        {"login": supplier_user.email, "password": "not-the-password"},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "The email address and/or password you specified are not correct." in content
    assert 'value="sophie@fournitures.example"' in content


def test_logout_ends_the_session(client, supplier_user):
    client.force_login(supplier_user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_emailed_link(
    client, supplier_user, local_mail_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": supplier_user.email})

    [message] = _saved_messages(local_mail_dir)
    reset_path = _link(message, "/accounts/password/reset/key/")
    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    supplier_user.refresh_from_db()
    assert supplier_user.check_password(NEW_PASSWORD)
    login = client.post(
        reverse("account_login"), {"login": supplier_user.email, "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(supplier_user.pk)


def test_signup_without_company_name_keeps_the_other_input(client):
    response = client.post(
        reverse("account_signup"),
        {
            "company_name": "   ",
            "email": "kept@newco.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="kept@newco.example").exists()
    assert not Supplier.objects.exists()
    content = response.content.decode()
    assert 'value="kept@newco.example"' in content
    assert "This field is required." in content
