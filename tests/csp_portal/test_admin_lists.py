"""Both admin sites answer bad list input with a message on the list: a selection of
ids that are no ids, a search too long for the database, a NUL or a date that is no
date in the list's address; and nobody edits a second factor by hand."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from connections import services as connection_services
from connections.models import ConnectionRequest
from csp_portal.outbox.models import OutboxMessage
from customers.models import Invitation

pytestmark = pytest.mark.django_db


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


def test_a_good_selection_still_runs_the_action(client, customer_admin, pending_request):
    client.force_login(customer_admin)

    client.post(
        reverse("customer_admin:connections_connectionrequest_changelist"),
        {"action": "accept_selected", ACTION_CHECKBOX_NAME: [str(pending_request.pk)]},
    )

    pending_request.refresh_from_db()
    assert pending_request.status == ConnectionRequest.Status.ACCEPTED


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


@pytest.mark.parametrize(
    "changelist",
    ["admin:accounts_user_changelist", "customer_admin:customers_invitation_changelist"],
)
def test_a_search_too_long_for_the_database_is_a_message_on_the_list(
    client, operator, customer_admin, changelist
):
    client.force_login(operator if changelist.startswith("admin:") else customer_admin)

    response = client.get(reverse(changelist), {"q": "é" * 30_000})

    assert response.status_code == 200
    assert "Search for at most 200 characters." in _messages(response)


@pytest.mark.parametrize("query", ["status__exact=%00", "q=%00", "o=1%00", "%00=1"])
def test_a_nul_in_a_lists_address_is_a_message_on_the_whole_list(
    client, customer_admin, pending_request, query
):
    client.force_login(customer_admin)
    changelist = reverse("customer_admin:connections_connectionrequest_changelist")

    response = client.get(f"{changelist}?{query}", follow=True)

    assert response.redirect_chain == [(changelist, 302)]
    assert "cannot use the filter or search in its address" in _messages(response)[0]
    assert "Fournitures Test SARL" in response.content.decode()


@pytest.mark.parametrize("year", ["9" * 20, "²", "2026x", "1", "0999", "9999"])
def test_a_date_that_is_no_date_in_the_date_hierarchy_is_a_message(client, operator, year):
    client.force_login(operator)
    changelist = reverse("admin:csp_portal_outboxmessage_changelist")

    response = client.get(changelist, {"created_at__year": year})

    assert response.status_code == 302
    assert "cannot use the filter or search in its address" in _messages(response)[0]


def test_the_operator_reads_an_authenticator_but_cannot_edit_its_secret(client, operator):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = TOTP.activate(operator, "JBSWY3DPEHPK3PXP").instance
    client.force_login(operator)
    change = reverse("admin:mfa_authenticator_change", args=[authenticator.pk])

    page = client.get(change)
    posted = client.post(change, {"user": operator.pk, "type": "webauthn", "data": "{}"})

    assert page.status_code == 200
    assert "JBSWY3DPEHPK3PXP" not in page.content.decode()
    assert posted.status_code == 403
    assert Authenticator.objects.get().type == Authenticator.Type.TOTP


@pytest.mark.parametrize("bad", ["1" * 25, "abc"])
def test_rows_chosen_by_an_id_no_database_holds_are_the_fields_message(client, operator, bad):
    from django.contrib.auth.models import Group

    client.force_login(operator)

    response = client.post(
        reverse("admin:auth_group_add"), {"name": "Fuzzers", "permissions": ["1", bad]}
    )

    assert response.status_code == 200
    assert f"“{bad}” is not a valid value." in response.content.decode()
    assert not Group.objects.exists()
