"""*Your account*: leaving a company, downloading one's data, deleting one's account (after
confirming the password), and the "former user" left in timelines and audit logs."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import SupplierAuditEvent, SupplierMember, User
from customers.models import CustomerAuditEvent, CustomerMember, Relationship
from customers.services import relationships
from customers.services.people import delete_account
from tests.accounts.conftest import log_in, reauthenticate
from tests.factories import make_supplier_user

pytestmark = pytest.mark.django_db

MY_ACCOUNT = reverse("my_account")
DELETE = reverse("my_account_delete")


@pytest.fixture
def requested(supplier, supplier_member, customer):
    """The member (allowed to manage connections) asked Acme to connect."""
    SupplierMember.objects.filter(user=supplier_member).update(can_manage_connections=True)
    return relationships.request_connection(
        supplier=supplier, customer=customer, actor=supplier_member, contact_email="b@acme.example"
    )


def test_the_page_says_where_the_person_works(client, supplier_member):
    client.force_login(supplier_member)

    content = client.get(MY_ACCOUNT).content.decode()

    assert "Fournitures Test SARL" in content
    assert "Role: Member." in content
    assert "Leave Fournitures Test SARL" in content


def test_a_member_leaves_the_company(client, supplier_member, supplier_user):
    client.force_login(supplier_member)

    response = client.post(reverse("my_account_leave_company"), follow=True)

    assert "You have left Fournitures Test SARL." in response.content.decode()
    assert not SupplierMember.objects.filter(user=supplier_member).exists()
    entry = SupplierAuditEvent.objects.get(action="team.left")
    assert (entry.actor, entry.description) == (
        supplier_member,
        "colleague@fournitures.example left the team",
    )


def test_the_last_admin_cannot_leave_and_is_told_what_to_do(client, supplier_user):
    client.force_login(supplier_user)

    response = client.post(reverse("my_account_leave_company"), follow=True)

    assert "make another colleague an administrator before you leave" in (response.content.decode())
    assert SupplierMember.objects.filter(user=supplier_user).exists()


def test_a_reviewer_leaves_the_customer(client, customer_reviewer, customer_admin):
    client.force_login(customer_reviewer)

    response = client.post(reverse("my_account_leave_customer"), follow=True)

    assert "You have left Acme Test Industries." in response.content.decode()
    assert not CustomerMember.objects.filter(user=customer_reviewer).exists()
    assert CustomerAuditEvent.objects.filter(action="staff.left").exists()


def test_the_download_holds_the_profile_the_places_and_what_the_person_did(
    client, supplier_member, requested
):
    client.force_login(supplier_member)

    response = client.get(reverse("my_account_data"))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == "colleague@fournitures.example"
    assert data["profile"]["email_addresses"] == [
        {"email": "colleague@fournitures.example", "verified": True, "primary": True}
    ]
    assert data["supplier_membership"]["company"] == "Fournitures Test SARL"
    assert data["customer_membership"] is None
    assert [event["customer"] for event in data["relationship_events"]] == ["Acme Test Industries"]
    assert "password" not in response.content.decode()


def test_the_download_is_the_persons_own_only(client, supplier_member, supplier_user, requested):
    client.force_login(supplier_user)

    data = json.loads(client.get(reverse("my_account_data")).content)

    assert data["profile"]["email"] == "sophie@fournitures.example"
    assert data["relationship_events"] == []


# --- deleting the account -------------------------------------------------------------------


def test_deleting_asks_for_the_password_first(client, supplier_member):
    log_in(client, supplier_member.email)

    response = client.get(DELETE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.get(pk=supplier_member.pk).is_active


def test_a_deleted_account_is_a_former_user_wherever_they_acted(
    client, supplier_member, supplier_user, requested, customer
):
    other_browser = Client()
    other_browser.force_login(supplier_member)
    log_in(client, supplier_member.email)
    reauthenticate(client)
    assert "This cannot be undone." in client.get(DELETE).content.decode()

    response = client.post(DELETE, follow=True)

    assert "Your account is deleted." in response.content.decode()
    gone = User.objects.get(pk=supplier_member.pk)
    assert (gone.is_active, gone.full_name, gone.email) == (
        False,
        "",
        f"former-user-{gone.pk}@deleted.invalid",
    )
    assert not SupplierMember.objects.filter(user=gone).exists()
    assert other_browser.get(MY_ACCOUNT)["Location"].startswith(reverse("account_login"))
    assert log_in(Client(), "colleague@fournitures.example").status_code == 200  # refused
    # The timeline still shows the request, by a former user.
    client.force_login(supplier_user)
    setup = client.get(reverse("customers:setup_customer", args=[customer.pk])).content.decode()
    assert "Former user" in setup and "colleague@fournitures.example" not in setup
    entry = SupplierAuditEvent.objects.get(action="team.account_deleted")
    assert entry.description == "Former user deleted their account and left the team"
    assert Relationship.objects.get().events.first().actor == gone


def test_a_former_user_reads_in_french_too(supplier_member, supplier_user):
    delete_account(user=supplier_member)

    with translation.override("fr"):
        assert User.objects.get(pk=supplier_member.pk).get_full_name() == "Ancien utilisateur"


def test_the_last_admin_cannot_delete_their_account(client, supplier_user, customer_admin):
    log_in(client, supplier_user.email)
    reauthenticate(client)

    response = client.post(DELETE, follow=True)

    assert "make another colleague an administrator before you leave" in (response.content.decode())
    assert User.objects.get(pk=supplier_user.pk).is_active


def test_the_last_admin_of_a_customer_cannot_delete_their_account(client, customer_admin):
    log_in(client, customer_admin.email)
    reauthenticate(client)

    client.post(DELETE)

    assert CustomerMember.objects.filter(user=customer_admin).exists()
    assert User.objects.get(pk=customer_admin.pk).is_active


def test_the_address_of_a_deleted_account_can_sign_up_again(supplier_member):
    delete_account(user=supplier_member)

    again = make_supplier_user("colleague@fournitures.example", company="New Start SARL")
    assert again.pk != supplier_member.pk
