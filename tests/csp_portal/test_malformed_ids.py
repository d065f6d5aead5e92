"""Malformed ids: one parser; a bad id in a URL is a 404, a bad selection a message on the list."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from connections import services as connection_services
from connections.models import ConnectionRequest
from csp_portal.ids import MAX_ID, parse_id, parse_pk
from csp_portal.outbox.models import OutboxMessage
from customers.models import Invitation

BAD_IDS = ["abc", "1\x00", "³", "٣", "-1", "0", "+1", " 1", "1 ", "1.0", "", str(MAX_ID + 1), "1" * 25]


@pytest.mark.parametrize("value", BAD_IDS)
def test_anything_but_ascii_digits_in_the_database_range_names_no_row(value):
    assert parse_id(value) is None


@pytest.mark.parametrize("value, number", [("1", 1), ("0042", 42), (str(MAX_ID), MAX_ID)])
def test_an_id_is_read_as_its_number(value, number):
    assert parse_id(value) == number


def test_a_uuid_primary_key_is_read_as_a_uuid():
    from django_tasks_db.models import DBTaskResult

    assert str(parse_pk(DBTaskResult, "0b5b8d5e-1f0a-4a47-9b0e-0c9a4e1b2c3d")).startswith("0b5b")
    assert parse_pk(DBTaskResult, "0b5b8d5e\x00") is None
    assert parse_pk(DBTaskResult, "abc") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/setup/customers/{id}/",
        "/setup/customers/{id}/onboarding/",
        "/setup/customers/{id}/end/",
        "/setup/connection-requests/new/{id}/",
        "/setup/connection-requests/terms/{id}/",
    ],
)
@pytest.mark.parametrize("bad", ["1" * 25, str(MAX_ID + 1), "%C2%B3", "%D9%A3", "1%00"])
def test_a_bad_id_in_a_supplier_url_is_a_404(client, supplier_user, path, bad):
    client.force_login(supplier_user)

    assert client.get(path.format(id=bad)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["1" * 25, "%C2%B3", "abc", "1%00", "_5F"])
def test_a_bad_id_in_a_customer_admin_url_is_a_404(client, customer_admin, bad):
    client.force_login(customer_admin)

    for model in ["onboarding", "invitation", "relationship", "questionnaire", "section"]:
        assert client.get(f"/customer-admin/customers/{model}/{bad}/change/").status_code == 404
    assert client.post(f"/customer-admin/customers/onboarding/{bad}/approve/").status_code == 404


@pytest.fixture
def pending_request(supplier, supplier_user, customer, customer_admin):
    return connection_services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=supplier_user,
        contact_email="buyer@acme.example",
        terms_version=customer.terms_version,
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["abc", "1\x00", "1" * 25, "³", "-3"])
def test_a_bulk_action_on_a_bad_selection_is_a_message_on_the_list(
    client, customer_admin, pending_request, bad
):
    client.force_login(customer_admin)
    changelist = reverse("customer_admin:connections_connectionrequest_changelist")

    response = client.post(
        changelist,
        {"action": "accept_selected", ACTION_CHECKBOX_NAME: [str(pending_request.pk), bad]},
    )

    assert response.status_code == 302
    assert response["Location"] == changelist
    assert _messages(response) == [
        "The selection is not valid: tick the rows again, then choose the action."
    ]
    pending_request.refresh_from_db()
    assert pending_request.status == ConnectionRequest.Status.PENDING


@pytest.mark.django_db
def test_a_good_selection_still_runs_the_action(client, customer_admin, pending_request):
    client.force_login(customer_admin)

    client.post(
        reverse("customer_admin:connections_connectionrequest_changelist"),
        {"action": "accept_selected", ACTION_CHECKBOX_NAME: [str(pending_request.pk)]},
    )

    pending_request.refresh_from_db()
    assert pending_request.status == ConnectionRequest.Status.ACCEPTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changelist, action",
    [
        ("admin:csp_portal_outboxmessage_changelist", "retry_now"),
        ("admin:accounts_user_changelist", "delete_selected"),
        ("admin:account_emailaddress_changelist", "delete_selected"),  # allauth's own admin
    ],
)
@pytest.mark.parametrize("bad", ["abc", "1\x00", "1" * 25])
def test_the_operators_site_answers_a_bad_selection_with_a_message(
    client, operator, changelist, action, bad
):
    client.force_login(operator)
    before = (OutboxMessage.objects.count(), Invitation.objects.count())

    response = client.post(reverse(changelist), {"action": action, ACTION_CHECKBOX_NAME: [bad]})

    assert response.status_code == 302
    assert "The selection is not valid" in _messages(response)[0]
    assert (OutboxMessage.objects.count(), Invitation.objects.count()) == before
