"""The supplier's pages: who may open them, Connection Requests, Withdraw."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from connections import services
from connections.models import ConnectionRequest
from customers import services as customer_services
from customers.models import Relationship
from tests.connections.request_helpers import day
from tests.factories import make_customer

pytestmark = pytest.mark.django_db

Status = ConnectionRequest.Status


# --- who may open what ----------------------------------------------------


@pytest.mark.parametrize(
    "url_name, method",
    [
        ("connections:requests", "get"),
        ("connections:search", "get"),
        ("connections:request", "get"),
        ("connections:terms", "get"),
        ("connections:withdraw", "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, customer, url_name, method):
    args = [customer.pk] if url_name not in ("connections:requests", "connections:search") else []

    response = getattr(client, method)(reverse(url_name, args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "url_name, method",
    [
        ("connections:requests", "get"),
        ("connections:search", "get"),
        ("connections:request", "get"),
        ("connections:terms", "get"),
        ("connections:withdraw", "post"),
    ],
)
def test_a_customer_admin_is_refused_the_supplier_pages_with_an_explanation(
    client, customer, customer_admin, url_name, method
):
    client.force_login(customer_admin)
    args = [customer.pk] if url_name not in ("connections:requests", "connections:search") else []

    response = getattr(client, method)(reverse(url_name, args=args))

    assert response.status_code == 403
    assert (
        "This is for the staff of a supplier company, and your account does not belong to one."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    "url_name, method",
    [
        ("connections:requests", "post"),
        ("connections:search", "post"),
        ("connections:request", "put"),
        ("connections:terms", "post"),
        ("connections:withdraw", "get"),
    ],
)
def test_wrong_methods_are_refused(supplier_client, customer, url_name, method):
    args = [customer.pk] if url_name not in ("connections:requests", "connections:search") else []

    response = getattr(supplier_client, method)(reverse(url_name, args=args))

    assert response.status_code == 405


def test_setup_menu_lists_connection_requests_for_supplier_users_only(
    client, supplier_user, customer_admin
):
    client.force_login(supplier_user)
    assert reverse("connections:requests") in client.get(reverse("setup")).content.decode()

    client.force_login(customer_admin)
    assert reverse("connections:requests") not in client.get(reverse("setup")).content.decode()


def test_setup_menu_entry_is_in_french(supplier_client):
    content = supplier_client.get(reverse("setup"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert f'<a href="{reverse("connections:requests")}">Demande de connexion</a>' in content


# --- the requests list ----------------------------------------------------


def test_requests_list_shows_each_request_newest_first_with_its_status(
    supplier_client, send_request, supplier_user, customer_admin
):
    customers = {
        name: make_customer(name)
        for name in ["Pending Co", "Rejected Co", "Expired Co", "Withdrawn Co", "Accepted Co"]
    }
    for name in ["Accepted Co", "Withdrawn Co", "Expired Co", "Rejected Co", "Pending Co"]:
        send_request(to=customers[name], contact=f"contact@{name.split()[0].lower()}.example")
    by_name = {r.customer.name: r for r in ConnectionRequest.objects.select_related("customer")}
    for offset, name in enumerate(["Accepted Co", "Withdrawn Co", "Expired Co", "Rejected Co"]):
        ConnectionRequest.objects.filter(pk=by_name[name].pk).update(
            requested_at=timezone.now() - timedelta(days=4 - offset)
        )
    services.accept_request(connection_request=by_name["Accepted Co"], actor=None)
    services.withdraw_request(connection_request=by_name["Withdrawn Co"], actor=supplier_user)
    services.reject_request(
        connection_request=by_name["Rejected Co"], actor=None, reason="No new suppliers."
    )
    expired = by_name["Expired Co"]
    services.expire_request(
        connection_request=expired, now=expired.expires_at + timedelta(seconds=1)
    )

    content = supplier_client.get(reverse("connections:requests")).content.decode()

    positions = [
        content.index(name)
        for name in ["Pending Co", "Rejected Co", "Expired Co", "Withdrawn Co", "Accepted Co"]
    ]
    assert positions == sorted(positions)
    for label in ["Pending", "Rejected", "Expired", "Withdrawn", "Accepted"]:
        assert f">{label}</span>" in content
    assert "No new suppliers." in content
    assert "contact@pending.example" in content
    pending = by_name["Pending Co"]
    assert f"expires on {day(pending.expires_at)}" in content
    assert content.count('data-confirm="Withdraw your connection request to') == 1
    assert reverse("connections:withdraw", args=[pending.customer_id]) in content
    assert f'href="{reverse("connections:search")}"' in content


def test_requests_list_holds_only_the_companys_own_requests(
    client, send_request, other_supplier_user
):
    send_request()
    client.force_login(other_supplier_user)

    content = client.get(reverse("connections:requests")).content.decode()

    assert "Acme Test Industries" not in content
    assert "has not sent any connection request yet" in content


def test_a_member_without_the_right_sees_the_list_without_withdraw(
    client, pending_request, supplier_member
):
    client.force_login(supplier_member)

    content = client.get(reverse("connections:requests")).content.decode()

    assert "Acme Test Industries" in content
    assert "data-confirm" not in content


def test_requests_list_queries_do_not_grow_with_rows(
    supplier_client, supplier, supplier_user, django_assert_max_num_queries, settings
):
    settings.CONNECTION_REQUESTS_PER_DAY = 100
    for n in range(25):
        services.request_connection(
            supplier=supplier,
            customer=make_customer(f"Customer {n:02d}"),
            actor=supplier_user,
            contact_email=f"c{n}@example.com",
            terms_version=1,
        )

    with django_assert_max_num_queries(6):
        response = supplier_client.get(reverse("connections:requests"))

    assert response.content.decode().count("<tr>") == 26  # header + 25 rows


# --- withdraw -------------------------------------------------------------


def test_withdraw_from_the_list(supplier_client, pending_request):
    response = supplier_client.post(
        reverse("connections:withdraw", args=[pending_request.customer_id])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("connections:requests")
    pending_request.refresh_from_db()
    assert pending_request.status == Status.WITHDRAWN
    page = supplier_client.get(response["Location"]).content.decode()
    assert "You withdrew your connection request to Acme Test Industries." in page


def test_withdraw_from_customer_setup_returns_there(supplier_client, pending_request):
    setup_url = reverse("customers:setup_customer", args=[pending_request.customer_id])
    panel = supplier_client.get(setup_url).content.decode()
    assert reverse("connections:withdraw", args=[pending_request.customer_id]) in panel
    assert ">Withdraw</button>" in panel

    response = supplier_client.post(
        reverse("connections:withdraw", args=[pending_request.customer_id]), {"next": setup_url}
    )

    assert response["Location"] == setup_url
    assert ">Withdraw</button>" not in supplier_client.get(setup_url).content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "0", "home", ""])
def test_withdraw_goes_back_only_to_a_page_of_this_site(supplier_client, pending_request, next_url):
    """Not another site, and not a word ``redirect`` would take for a view's name (a 500)."""
    response = supplier_client.post(
        reverse("connections:withdraw", args=[pending_request.customer_id]), {"next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("connections:requests")


def test_customer_setup_hides_withdraw_from_a_member_without_the_right(
    client, pending_request, supplier_member
):
    client.force_login(supplier_member)

    panel = client.get(
        reverse("customers:setup_customer", args=[pending_request.customer_id])
    ).content.decode()

    assert ">Withdraw</button>" not in panel


def test_another_supplier_cannot_withdraw_the_request(client, pending_request, other_supplier_user):
    client.force_login(other_supplier_user)

    response = client.post(reverse("connections:withdraw", args=[pending_request.customer_id]))

    assert response.status_code == 404
    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING


def test_a_member_without_the_right_cannot_withdraw(client, pending_request, supplier_member):
    client.force_login(supplier_member)

    response = client.post(reverse("connections:withdraw", args=[pending_request.customer_id]))

    assert response.status_code == 403
    pending_request.refresh_from_db()
    assert pending_request.status == Status.PENDING


def test_withdrawing_what_is_no_longer_pending_is_not_found(supplier_client, pending_request):
    services.accept_request(connection_request=pending_request, actor=None)

    response = supplier_client.post(
        reverse("connections:withdraw", args=[pending_request.customer_id])
    )

    assert response.status_code == 404


def test_an_accepted_request_whose_relationship_ended_says_so(
    supplier_client, pending_request, customer_admin
):
    services.accept_request(connection_request=pending_request, actor=customer_admin)
    relationship = Relationship.objects.get(customer=pending_request.customer)
    customer_services.end(relationship=relationship, actor=customer_admin, reason="Budget cut.")

    content = supplier_client.get(reverse("connections:requests")).content.decode()

    assert ">Accepted</span>" in content
    assert f"— relationship ended on {day(timezone.now())}" in content


def test_an_accepted_request_still_connected_says_nothing_more(
    supplier_client, pending_request, customer_admin
):
    services.accept_request(connection_request=pending_request, actor=customer_admin)

    content = supplier_client.get(reverse("connections:requests")).content.decode()

    assert ">Accepted</span>" in content
    assert "relationship ended" not in content
