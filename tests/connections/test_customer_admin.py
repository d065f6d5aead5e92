"""The customer's side in /customer-admin/: the requests list, a request's page, Accept, Reject, bulk."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from connections import services
from connections.models import ConnectionRequest
from customers.models import Relationship, RelationshipState
from tests.factories import make_customer, make_supplier_user

pytestmark = pytest.mark.django_db

Status = ConnectionRequest.Status
CHANGELIST = "customer_admin:connections_connectionrequest_changelist"


def _change_url(connection_request) -> str:
    return reverse(
        "customer_admin:connections_connectionrequest_change", args=[connection_request.pk]
    )


def _accept_url(connection_request) -> str:
    return reverse(
        "customer_admin:connections_connectionrequest_accept", args=[connection_request.pk]
    )


def _reject_url(connection_request) -> str:
    return reverse(
        "customer_admin:connections_connectionrequest_reject", args=[connection_request.pk]
    )


@pytest.fixture
def admin_client(client, customer_admin):
    client.force_login(customer_admin)
    return client


def _requests_from(suppliers: list[str], customer, *, settings) -> list[ConnectionRequest]:
    """One pending request from each named supplier company, oldest first."""
    settings.CONNECTION_REQUESTS_PER_DAY = 100
    made = []
    for index, name in enumerate(suppliers):
        user = make_supplier_user(
            f"admin{index}@{name.lower().replace(' ', '')}.example", company=name
        )
        made.append(
            services.request_connection(
                supplier=user.supplier_membership.supplier,
                customer=customer,
                actor=user,
                contact_email="buyer@acme.example",
                terms_version=customer.terms_version,
            )
        )
        ConnectionRequest.objects.filter(pk=made[-1].pk).update(
            requested_at=timezone.now() - timedelta(hours=len(suppliers) - index)
        )
    return made


# --- who may open what ----------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, pending_request):
    for url in [reverse(CHANGELIST), _change_url(pending_request)]:
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert client.post(_accept_url(pending_request)).status_code == 302
    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING


def test_a_supplier_user_is_refused_the_customer_admin(client, pending_request, supplier_user):
    client.force_login(supplier_user)

    response = client.get(reverse(CHANGELIST), follow=True)

    assert response.status_code == 403


def test_another_customers_request_does_not_exist(client, pending_request, other_customer_admin):
    client.force_login(other_customer_admin)

    assert client.get(_change_url(pending_request)).status_code == 404
    assert client.post(_accept_url(pending_request)).status_code == 404
    assert client.post(_reject_url(pending_request), {"reason": "No."}).status_code == 404
    assert "Fournitures" not in client.get(reverse(CHANGELIST)).content.decode()
    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING


def test_accept_and_reject_refuse_the_wrong_method(admin_client, pending_request):
    assert admin_client.get(_accept_url(pending_request)).status_code == 405
    assert admin_client.put(_reject_url(pending_request)).status_code == 405


# --- the list and the page ------------------------------------------------


def test_the_list_holds_the_customers_requests_newest_first(
    admin_client, customer, other_customer, settings
):
    _requests_from(
        ["Oldest Supplier", "Middle Supplier", "Newest Supplier"], customer, settings=settings
    )
    _requests_from(["Elsewhere Supplier"], other_customer, settings=settings)

    content = admin_client.get(reverse(CHANGELIST)).content.decode()

    positions = [
        content.index(n) for n in ["Newest Supplier", "Middle Supplier", "Oldest Supplier"]
    ]
    assert positions == sorted(positions)
    assert "Elsewhere Supplier" not in content
    assert "Accept selected requests" in content
    assert "Reject selected requests" in content


def test_the_list_filters_by_status(admin_client, customer, settings):
    accepted, _pending = _requests_from(
        ["Accepted Supplier", "Pending Supplier"], customer, settings=settings
    )
    services.accept_request(connection_request=accepted, actor=None)

    content = admin_client.get(reverse(CHANGELIST), {"status__exact": "pending"}).content.decode()

    assert "Pending Supplier" in content
    assert "Accepted Supplier" not in content


def test_the_list_queries_do_not_grow_with_rows(
    admin_client, customer, settings, django_assert_max_num_queries
):
    _requests_from([f"Supplier {n:02d}" for n in range(30)], customer, settings=settings)

    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse(CHANGELIST))

    assert response.content.decode().count('name="_selected_action"') == 30


def test_the_request_page_shows_profile_contact_terms_version_timeline_and_answers(
    admin_client, pending_request
):
    content = admin_client.get(_change_url(pending_request)).content.decode()

    assert "Supplier profile" in content
    assert "Fournitures Test SARL" in content
    assert "buyer@acme.example" in content
    assert "Terms accepted" in content
    assert "Version 1 (read in English)" in content
    assert "Request sent to buyer@acme.example" in content
    assert f'action="{_accept_url(pending_request)}"' in content
    assert f'href="{_reject_url(pending_request)}"' in content


def test_an_answered_request_has_no_answer_buttons(admin_client, pending_request, customer_admin):
    services.accept_request(connection_request=pending_request, actor=customer_admin)

    content = admin_client.get(_change_url(pending_request)).content.decode()

    assert _accept_url(pending_request) not in content
    assert "Request accepted" in content


# --- Accept, Reject -------------------------------------------------------


def test_customer_admin_accepts_a_request_and_the_supplier_is_told(
    admin_client,
    pending_request,
    supplier,
    customer,
    supplier_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(_accept_url(pending_request))

    assert response.status_code == 302
    assert response["Location"] == _change_url(pending_request)
    pending_request.refresh_from_db()
    assert pending_request.status == Status.ACCEPTED
    assert Relationship.objects.get(supplier=supplier, customer=customer).state == (
        RelationshipState.CONNECTED
    )
    assert [m.to for m in mailoutbox] == [[supplier_user.email]]
    page = admin_client.get(response["Location"]).content.decode()
    assert "You accepted the connection request of Fournitures Test SARL" in page


def test_accepting_twice_says_the_request_is_no_longer_pending(admin_client, pending_request):
    admin_client.post(_accept_url(pending_request))

    response = admin_client.post(_accept_url(pending_request), follow=True)

    assert "This request is no longer pending: its status is accepted." in (
        response.content.decode()
    )


def test_reject_asks_for_a_reason_the_supplier_sees(
    admin_client, pending_request, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    form = admin_client.get(_reject_url(pending_request)).content.decode()
    assert "The supplier sees this reason." in form
    assert "Reject the connection request of Fournitures Test SARL" in form

    empty = admin_client.post(_reject_url(pending_request), {"reason": "  "})
    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            _reject_url(pending_request), {"reason": "We have enough suppliers."}
        )

    assert response["Location"] == _change_url(pending_request)
    pending_request.refresh_from_db()
    assert pending_request.status == Status.REJECTED
    assert pending_request.rejection_reason == "We have enough suppliers."
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert "We have enough suppliers." in message.body


# --- bulk actions ---------------------------------------------------------


def test_bulk_accept_accepts_each_selected_request(
    admin_client, customer, settings, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, untouched = _requests_from(
        ["First Co", "Second Co", "Third Co"], customer, settings=settings
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {"action": "accept_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
            follow=True,
        )

    statuses = dict(ConnectionRequest.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.ACCEPTED,
        second.pk: Status.ACCEPTED,
        untouched.pk: Status.PENDING,
    }
    assert "Accepted 2 requests; each supplier has been told." in response.content.decode()
    assert len(mailoutbox) == 2


def test_bulk_accept_reports_requests_that_were_no_longer_pending(admin_client, customer, settings):
    accepted, pending = _requests_from(["Done Co", "Waiting Co"], customer, settings=settings)
    services.accept_request(connection_request=accepted, actor=None)

    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "accept_selected", ACTION_CHECKBOX_NAME: [accepted.pk, pending.pk]},
        follow=True,
    )

    content = response.content.decode()
    assert "Accepted 1 request; the supplier has been told." in content
    assert "Done Co: This request is no longer pending" in content


def test_bulk_reject_asks_for_a_reason_then_rejects_each(
    admin_client, customer, settings, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = _requests_from(["First Co", "Second Co"], customer, settings=settings)
    selection = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}

    intermediate = admin_client.post(reverse(CHANGELIST), selection)

    assert intermediate.status_code == 200
    page = intermediate.content.decode()
    assert "You are rejecting the connection requests of:" in page
    assert "First Co" in page and "Second Co" in page
    assert ConnectionRequest.objects.filter(status=Status.PENDING).count() == 2

    no_reason = admin_client.post(
        reverse(CHANGELIST), {**selection, "confirmed": "1", "reason": ""}
    )
    assert "This field is required." in no_reason.content.decode()
    assert ConnectionRequest.objects.filter(status=Status.PENDING).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {**selection, "confirmed": "1", "reason": "Not this year."},
            follow=True,
        )

    assert set(ConnectionRequest.objects.values_list("status", "rejection_reason")) == {
        (Status.REJECTED, "Not this year.")
    }
    assert "Rejected 2 requests; each supplier has been told." in response.content.decode()
    assert len(mailoutbox) == 2


def test_bulk_actions_ignore_another_customers_requests(
    admin_client, customer, other_customer, settings
):
    [foreign] = _requests_from(["Elsewhere Co"], other_customer, settings=settings)

    admin_client.post(
        reverse(CHANGELIST), {"action": "accept_selected", ACTION_CHECKBOX_NAME: [foreign.pk]}
    )

    foreign.refresh_from_db()
    assert foreign.status == Status.PENDING


def test_the_customer_admin_site_is_in_the_admins_language(admin_client, pending_request):
    content = admin_client.get(reverse(CHANGELIST), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Accepter les demandes sélectionnées" in content
    assert "Refuser les demandes sélectionnées" in content


def test_the_operator_sees_every_request_read_only(client, operator, pending_request):
    other = make_customer("Other Customer")
    client.force_login(operator)

    listing = client.get(reverse("admin:connections_connectionrequest_changelist"))
    page = client.get(
        reverse("admin:connections_connectionrequest_change", args=[pending_request.pk])
    )

    assert listing.status_code == page.status_code == 200
    assert "Acme Test Industries" in listing.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert other.name not in listing.content.decode()
