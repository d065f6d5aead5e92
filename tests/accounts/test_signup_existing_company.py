"""Signing up on a domain a company declared: ask to join it, or register a separate company."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CompanyDomain, JoinRequest, Supplier, SupplierMember, User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared_domain(supplier):
    """A domain the company proved: only a proven domain offers to join at sign-up."""
    return CompanyDomain.objects.create(
        supplier=supplier,
        domain="fournitures.example",
        proven_at=timezone.now(),
        proof=CompanyDomain.Proof.OPERATOR,
    )


def _signup(client, email="nina@fournitures.example", **extra):
    return client.post(
        reverse("account_signup"),
        {
            "company_name": "Fournitures Bis",
            "full_name": "Nina Person",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def _confirm_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.body).group(1)


def test_signup_on_a_declared_domain_offers_to_join_the_company(client, declared_domain):
    response = _signup(client)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Fournitures Test SARL is already on csp-portal" in content
    assert 'name="company_choice" value="join"' in content
    assert "Ask to join Fournitures Test SARL" in content
    assert "Create a separate company" in content
    assert 'value="nina@fournitures.example"' in content  # input kept
    assert 'value="Nina Person"' in content
    assert not User.objects.filter(email="nina@fournitures.example").exists()


def test_the_domain_is_recognised_whatever_the_case_of_the_address(client, declared_domain):
    response = _signup(client, email="Nina@FOURNITURES.Example")

    assert "Fournitures Test SARL is already on csp-portal" in response.content.decode()


def test_signup_on_another_domain_registers_the_company_as_before(client, declared_domain):
    response = _signup(client, email="nina@elsewhere.example")

    assert response.status_code == 302
    membership = SupplierMember.objects.get(user__email="nina@elsewhere.example")
    assert membership.supplier.name == "Fournitures Bis"


def test_asking_to_join_creates_the_account_and_a_request_but_no_company(
    client, declared_domain, supplier, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client, company_choice="join", company_name="")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nina@fournitures.example")
    assert not SupplierMember.objects.filter(user=user).exists()
    assert Supplier.objects.count() == 1
    join_request = JoinRequest.objects.get(user=user)
    assert (join_request.supplier, join_request.status) == (
        supplier,
        JoinRequest.Status.AWAITING_EMAIL,
    )
    # Only the verification mail: the admins hear of it once the address is confirmed.
    assert [mail.to for mail in mailoutbox] == [["nina@fournitures.example"]]


def test_confirming_the_address_sends_the_request_to_the_admins(
    client, declared_domain, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, company_choice="join")
    [verification] = mailoutbox
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_confirm_path(verification), follow=True)

    join_request = JoinRequest.objects.get(user__email="nina@fournitures.example")
    assert join_request.status == JoinRequest.Status.PENDING
    [to_admin] = mailoutbox
    assert to_admin.to == [supplier_user.email]
    assert to_admin.subject == "Nina Person asks to join Fournitures Test SARL"
    assert "nina@fournitures.example" in to_admin.body
    assert "http://127.0.0.1:8000/setup/team/" in to_admin.body
    [(html, mimetype)] = to_admin.alternatives
    assert mimetype == "text/html"
    assert 'href="http://127.0.0.1:8000/setup/team/"' in html
    assert "Open the Team page" in html
    assert "Your request to join Fournitures Test SARL has been sent to its administrators." in (
        response.content.decode()
    )


def test_admin_gets_the_join_request_email_in_their_language(
    client, declared_domain, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    supplier_user.language = "fr"
    supplier_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client, company_choice="join")
    [verification] = mailoutbox
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_confirm_path(verification))

    [to_admin] = mailoutbox
    assert to_admin.subject == "Nina Person demande à rejoindre Fournitures Test SARL"


def test_separate_company_needs_the_explicit_confirmation(client, declared_domain):
    response = _signup(client, company_choice="separate")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Tick this box to confirm that you are registering a different company." in content
    assert not User.objects.filter(email="nina@fournitures.example").exists()


def test_separate_company_after_confirmation_registers_a_new_company(
    client, declared_domain, supplier
):
    response = _signup(client, company_choice="separate", confirm_separate="on")

    assert response.status_code == 302
    membership = SupplierMember.objects.get(user__email="nina@fournitures.example")
    assert membership.supplier != supplier
    assert membership.supplier.name == "Fournitures Bis"
    assert membership.role == SupplierMember.Role.ADMIN
    assert not JoinRequest.objects.exists()


def test_separate_company_still_needs_a_company_name(client, declared_domain):
    response = _signup(client, company_choice="separate", confirm_separate="on", company_name="")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not User.objects.filter(email="nina@fournitures.example").exists()


def _without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


def test_the_company_message_does_not_tell_whether_the_address_has_an_account(
    client, declared_domain
):
    make_user("known@fournitures.example")

    known = _signup(client, email="known@fournitures.example")
    unknown = _signup(client, email="unknown@fournitures.example")

    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(known.content).replace("known@", "X@") == _without_csrf(
        unknown.content
    ).replace("unknown@", "X@")


def test_asking_to_join_with_a_known_address_answers_the_same_and_creates_nothing(
    client, declared_domain, mailoutbox, django_capture_on_commit_callbacks
):
    known_user = make_user("known@fournitures.example")

    with django_capture_on_commit_callbacks(execute=True):
        known = _signup(client, email="known@fournitures.example", company_choice="join")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = _signup(client, email="unknown@fournitures.example", company_choice="join")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_email_verification_sent")
    assert not JoinRequest.objects.filter(user=known_user).exists()
    assert User.objects.filter(email="known@fournitures.example").count() == 1
    # The owner of the known address is told, by email only, that they already have an account.
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects["known@fournitures.example"] == "Account Already Exists"
    assert subjects["unknown@fournitures.example"] == "Please Confirm Your Email Address"


def test_signup_page_with_the_choice_is_in_french(client, declared_domain):
    response = client.post(
        reverse("account_signup"),
        {
            "company_name": "X",
            "email": "nina@fournitures.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    content = response.content.decode()
    assert "Fournitures Test SARL est déjà sur csp-portal" in content
    assert "Demander à rejoindre Fournitures Test SARL" in content
