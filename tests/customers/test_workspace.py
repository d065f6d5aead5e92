"""The buyer's workspace: landing after login, the header link, the home page's To do and
sections, plain breadcrumbs, and a constant number of queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import SupplierMember
from connections.models import ConnectionRequest
from customers.models import CustomerMember, Invitation
from tests.customers.workspace_helpers import seed_waiting
from tests.factories import PASSWORD, make_customer, make_customer_admin

pytestmark = pytest.mark.django_db

INDEX = reverse("customer_admin:index")
REQUESTS = reverse("customer_admin:connections_connectionrequest_changelist")


@pytest.fixture
def admin_client(client, customer_admin):
    client.force_login(customer_admin)
    return client


@pytest.fixture
def buyer_and_supplier(customer, supplier):
    """A person who is staff of a customer and a member of a supplier."""
    user = make_customer_admin("both@acme.example", customer=customer)
    SupplierMember.objects.create(supplier=supplier, user=user, role=SupplierMember.Role.ADMIN)
    return user


def _log_in(client, user, next_url=""):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


def _todo(content: str) -> str:
    start = content.index('id="todo-title"')
    return content[start : content.index("</section>", start)]


# --- getting there -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("customer_admin", INDEX),
        ("supplier_user", "/"),
        ("buyer_and_supplier", "/"),
        ("operator", "/"),
    ],
)
def test_each_persona_lands_where_their_work_is(client, request, persona, landing):
    response = _log_in(client, request.getfixturevalue(persona))

    assert response.status_code == 302
    assert response["Location"] == landing


def test_an_address_to_go_back_to_wins_over_the_landing(client, customer_admin):
    response = _log_in(client, customer_admin, next_url="/accounts/password/change/")

    assert response["Location"] == "/accounts/password/change/"


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("customer_admin", ["Customer administration"], ["Customer Setup", "Company profile"]),
        ("supplier_user", ["Customer Setup", "Company profile"], ["Customer administration"]),
        ("buyer_and_supplier", ["Customer Setup", "Customer administration"], []),
        ("operator", ["Account security"], ["Customer administration", "Customer Setup"]),
    ],
)
def test_the_header_menu_shows_each_persona_their_sides(client, request, persona, expected, absent):
    client.force_login(request.getfixturevalue(persona))

    menu = client.get("/").content.decode().split('aria-label="Main menu"')[1].split("</nav>")[0]

    for label in expected:
        assert label in menu
    for label in absent:
        assert label not in menu
    if "Customer administration" in expected:
        assert f'href="{INDEX}"' in menu


def test_the_header_link_is_named_in_french(client, customer_admin):
    client.force_login(customer_admin)

    content = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert f'<a href="{INDEX}">Administration client</a>' in content


# --- the home page -------------------------------------------------------------------


def test_the_home_page_says_when_nothing_waits(admin_client):
    content = admin_client.get(INDEX).content.decode()

    assert "Nothing waits for you" in _todo(content)
    assert "todo-count" not in content


def test_to_do_comes_first_then_the_sections_in_the_order_of_use(admin_client):
    content = admin_client.get(INDEX).content.decode()

    titles = re.findall(r'<h2 id="section-\d+"><a href="[^"]+">([^<]+)</a></h2>', content)
    assert content.index("To do") < content.index("section-1")
    assert titles == [
        "Connection requests",
        "Onboarding answers",
        "Invitations",
        "Suppliers",
        "Questionnaires",
        "Settings",
        "Team",
        "Change history",
    ]
    assert "Invite suppliers from a file" in content
    assert "Recent actions" not in content


def test_the_to_do_counts_what_waits_and_links_to_each_filtered_list(admin_client, customer):
    seed_waiting(customer, 2)
    ConnectionRequest.objects.filter(customer=customer).order_by("pk").update(
        expires_at=timezone.now() + timedelta(days=20)
    )
    first = ConnectionRequest.objects.filter(customer=customer).order_by("pk").first()
    first.expires_at = timezone.now() + timedelta(days=2)
    first.save(update_fields=["expires_at"])
    Invitation.objects.filter(customer=customer).update(
        expires_at=timezone.now() + timedelta(days=20)
    )
    Invitation.objects.filter(customer=customer, email="waiting0@bounce.example").update(
        delivered_at=timezone.now()  # delivered after it bounced: no longer in trouble
    )

    todo = _todo(admin_client.get(INDEX).content.decode())

    lines = re.findall(
        r'<a href="([^"]+)"><strong class="todo-count">(\d+)</strong> <span class="todo-text">([^<]+)</span></a>',
        todo,
    )
    expected_day = date_format(timezone.localtime(first.expires_at), "DATE_FORMAT")
    assert [(count, text) for _url, count, text in lines] == [
        ("2", f"connection requests wait for your answer; the first expires on {expected_day}"),
        ("2", "suppliers&#x27; onboarding answers wait for your review"),
        ("1", "invitation bounced: check the address"),
        ("1", "connection request expires within 7 days without an answer"),
    ]
    for url, count, _text in lines:
        listed = admin_client.get(url.replace("&amp;", "&")).content.decode()
        rows = listed.split('id="result_list"')[1].split("<tbody>")[1].split("</tbody>")[0]
        assert rows.count("<tr") == int(count), url


def test_answers_of_a_relationship_no_longer_onboarding_wait_for_nobody(admin_client, customer):
    seed_waiting(customer, 1)
    from customers.models import Relationship

    Relationship.objects.filter(customer=customer, state="onboarding").update(state="ended")

    todo = _todo(admin_client.get(INDEX).content.decode())

    assert "onboarding answers" not in todo


def test_another_customers_waiting_items_are_not_counted(admin_client, other_customer):
    seed_waiting(other_customer, 3, prefix="Other")

    assert "Nothing waits for you" in _todo(admin_client.get(INDEX).content.decode())


@pytest.mark.parametrize("waiting", [1, 200])
def test_the_home_page_costs_the_same_queries_whatever_waits(admin_client, customer, waiting):
    seed_waiting(customer, waiting)

    with CaptureQueriesContext(connection) as queries:
        content = admin_client.get(INDEX).content.decode()

    assert f'<strong class="todo-count">{waiting}</strong>' in content
    assert len(queries) == HOME_PAGE_QUERIES, [q["sql"][:120] for q in queries]


# Session, user, both memberships (the page's, read with the header menu's: which sides
# the person works for); one per section that says what waits (requests, answers,
# invitations). Whatever the number of waiting items.
HOME_PAGE_QUERIES = 6


# --- plain titles and breadcrumbs ------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("connections_connectionrequest_changelist", "Connection requests"),
        ("customers_relationship_changelist", "Suppliers"),
        ("customers_questionnaire_changelist", "Questionnaires"),
        ("customers_customermember_changelist", "Team"),
    ],
)
def test_section_pages_have_a_plain_title_and_no_doubled_breadcrumbs(admin_client, url_name, title):
    content = admin_client.get(reverse(f"customer_admin:{url_name}")).content.decode()

    breadcrumbs = content.split('class="breadcrumbs"')[1].split("</ol>")[0]
    crumbs = re.findall(r"<li[^>]*>(?:<a[^>]*>)?([^<]+)", breadcrumbs)
    assert [crumb.strip() for crumb in crumbs] == ["Home", title]
    assert f"<h1>{title}</h1>" in content


def test_an_app_page_goes_back_to_the_home_page(admin_client):
    response = admin_client.get(reverse("customer_admin:app_list", args=["connections"]))

    assert response.status_code == 302
    assert response["Location"] == INDEX


# --- a person's own notifications ------------------------------------------------------


def test_a_person_turns_the_daily_summary_off_for_themselves_only(
    admin_client, customer, customer_admin
):
    colleague = make_customer_admin("colleague@acme.example", customer=customer)
    url = reverse("customer_admin_notifications")

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, {})

    assert "Email me a summary on each day something waits for me" in page
    assert response["Location"] == INDEX
    assert CustomerMember.objects.get(user=customer_admin).daily_digest is False
    assert CustomerMember.objects.get(user=colleague).daily_digest is True
    assert "You do not receive this list by email." in admin_client.get(INDEX).content.decode()


def test_the_notifications_page_is_for_customer_staff_only(client, supplier_user):
    client.force_login(supplier_user)

    response = client.get(reverse("customer_admin_notifications"), follow=True)

    assert response.status_code == 403


def test_a_customer_without_a_questionnaire_still_gets_its_home_page(client):
    make_customer("Plain Buyer SA")
    admin = make_customer_admin("buyer@plain.example", customer=make_customer("Plain Two"))
    client.force_login(admin)

    assert client.get(INDEX).status_code == 200
