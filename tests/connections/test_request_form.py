"""Finding a customer and asking to connect: Search, the request form, its terms."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from connections import services
from connections.models import ConnectionRequest
from customers import services as customer_services
from customers.models import Relationship, RelationshipState
from tests.connections.request_helpers import day
from tests.factories import make_customer, make_supplier_user

pytestmark = pytest.mark.django_db


def _request_url(customer) -> str:
    return reverse("connections:request", args=[customer.pk])


def _post_request(client, customer, **data):
    payload = {
        "contact_email": "buyer@acme.example",
        "accept_terms": "on",
        "terms_version": customer.terms_version,
        **data,
    }
    return client.post(_request_url(customer), payload)


# --- search ---------------------------------------------------------------


def test_search_without_a_query_gives_a_hint(supplier_client):
    content = supplier_client.get(reverse("connections:search")).content.decode()

    assert "Type the name of your customer" in content
    assert 'role="search"' in content


def test_search_ignores_accents_and_case_and_shows_name_and_country(supplier_client):
    make_customer("Électricité Démo SA", country="FR", city="Lyon")

    content = supplier_client.get(
        reverse("connections:search"), {"q": "ELECTRICITE demo"}
    ).content.decode()

    assert "Électricité Démo SA" in content
    assert "Lyon, France" in content
    assert 'value="ELECTRICITE demo"' in content


def test_search_results_say_what_applies_to_each_customer(
    supplier_client, supplier, supplier_user, send_request, customer_admin
):
    connected = make_customer("Zeta Connected")
    pending = make_customer("Zeta Pending")
    invitation_only = make_customer("Zeta Invitation Only", accepts_requests=False)
    inviting = make_customer("Zeta Inviting")
    selectable = make_customer("Zeta Selectable")
    rejecting = make_customer("Zeta Rejecting")
    services.accept_request(
        connection_request=send_request(to=connected, contact="a@z.example"), actor=None
    )
    services.reject_request(
        connection_request=send_request(to=rejecting, contact="c@z.example"),
        actor=None,
        reason="Not now.",
    )
    send_request(to=pending, contact="b@z.example")
    customer_services.invite(supplier=supplier, customer=inviting, actor=None)

    content = supplier_client.get(reverse("connections:search"), {"q": "zeta"}).content.decode()

    def row(name: str) -> str:
        start = content.index(name)
        return content[start : content.index("</li>", start)]

    # Each open state shows its own badge (docs/vocabulary.md), not a word of its own.
    assert ">Connected<" in row("Zeta Connected")
    assert ">Request pending<" in row("Zeta Pending")
    assert "Invitation only" in row("Zeta Invitation Only")
    assert ">Invited<" in row("Zeta Inviting")
    cooldown_end = date_format(timezone.localtime(timezone.now() + timedelta(days=7)))
    assert f"You can ask again from {cooldown_end}" in row("Zeta Rejecting")
    assert _request_url(rejecting) not in content
    assert reverse("customers:setup_customer", args=[inviting.pk]) in row("Zeta Inviting")
    assert f'href="{_request_url(selectable)}"' in row("Zeta Selectable")
    assert content.count(">Select<") == 1
    assert _request_url(connected) not in content
    assert _request_url(invitation_only) not in content


def test_search_pages_through_results_twenty_at_a_time(supplier_client):
    for n in range(25):
        make_customer(f"Paged Customer {n:02d}")

    first = supplier_client.get(reverse("connections:search"), {"q": "paged"}).content.decode()
    second = supplier_client.get(
        reverse("connections:search"), {"q": "paged", "page": 2}
    ).content.decode()

    assert first.count('class="search-result"') == 20
    assert "Paged Customer 19" in first and "Paged Customer 20" not in first
    assert 'href="?q=paged&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    assert second.count('class="search-result"') == 5
    assert 'href="?q=paged&amp;page=1" rel="prev"' in second
    assert 'rel="next"' not in second


def test_search_with_no_result_tells_how_to_get_invited(supplier_client, supplier_user):
    content = supplier_client.get(
        reverse("connections:search"), {"q": "nobody by that name"}
    ).content.decode()

    assert "Can't find your customer? Ask your contact there to invite you" in content
    assert "Fournitures Test SARL" in content
    assert supplier_user.email in content


def test_search_says_which_spelling_it_searched_when_it_corrected_a_typo(postgres, supplier_client):
    make_customer("Électricité Démo SA")

    content = supplier_client.get(
        reverse("connections:search"), {"q": "Electrcite"}
    ).content.decode()

    assert "Showing results for “electricite” (you typed “Electrcite”)." in content
    assert "Électricité Démo SA" in content


def test_search_ignores_a_bad_page_number(supplier_client):
    make_customer("Paged Customer")

    for page in ["x", "0", "-3"]:
        response = supplier_client.get(reverse("connections:search"), {"q": "paged", "page": page})
        assert response.status_code == 200
        assert "Paged Customer" in response.content.decode()


def test_a_member_without_the_right_searches_but_cannot_select(client, supplier_member):
    make_customer("Zeta Selectable")
    client.force_login(supplier_member)

    content = client.get(reverse("connections:search"), {"q": "zeta"}).content.decode()

    assert "Zeta Selectable" in content
    assert ">Select<" not in content
    assert "Only an administrator of Fournitures Test SARL" in content


def test_search_queries_are_fixed_per_page(supplier_client, django_assert_max_num_queries):
    for n in range(25):
        make_customer(f"Query Count {n:02d}")

    # session, user, membership, the supplier's states, the Setup menu, and the
    # engine's tiers (at most 6 queries, however many customers match)
    with django_assert_max_num_queries(11):
        response = supplier_client.get(reverse("connections:search"), {"q": "query count"})

    assert response.content.decode().count('class="search-result"') == 20


def test_unlisted_customers_are_not_found(supplier_client):
    make_customer("Hidden Industries", listed=False)

    content = supplier_client.get(reverse("connections:search"), {"q": "hidden"}).content.decode()

    assert "Hidden Industries" not in content


# --- the request form -----------------------------------------------------


def test_request_form_shows_the_customer_contact_terms_and_that_the_captcha_is_off(
    supplier_client, customer, settings
):
    settings.CAPTCHA_ENABLED = False

    content = supplier_client.get(_request_url(customer)).content.decode()

    assert "Acme Test Industries" in content
    assert '<label for="id_contact_email">Customer Contact</label>' in content
    assert "Accepted: an address ending in @acme.example." in content
    assert '<label for="id_accept_terms">I accept the terms</label>' in content
    assert reverse("connections:terms", args=[customer.pk]) in content
    # Without reCAPTCHA keys the supplier is told there is nothing to tick, in its own words.
    assert "you do not need to tick “I'm not a robot”" in content
    assert "g-recaptcha" not in content
    assert ">Request</button>" in content


def test_request_form_is_in_french(supplier_client, customer):
    content = supplier_client.get(
        _request_url(customer), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert ">Contact client</label>" in content
    assert ">J&#x27;accepte les conditions</label>" in content
    assert ">Demander</button>" in content


def test_a_request_is_sent_and_shows_pending_in_the_list(supplier_client, supplier, customer):
    response = _post_request(supplier_client, customer)

    assert response.status_code == 302
    assert response["Location"] == reverse("connections:requests")
    connection_request = ConnectionRequest.objects.get()
    assert connection_request.contact_email == "buyer@acme.example"
    assert Relationship.objects.get(supplier=supplier, customer=customer).state == (
        RelationshipState.REQUESTED
    )
    page = supplier_client.get(response["Location"]).content.decode()
    assert "Your connection request was sent to Acme Test Industries" in page
    assert ">Pending</span>" in page


def test_the_terms_page_shows_the_customers_terms_and_version(supplier_client, customer):
    content = supplier_client.get(reverse("connections:terms", args=[customer.pk])).content.decode()

    assert "Terms of Acme Test Industries." in content
    assert "Version 1" in content


def test_a_member_without_the_right_is_refused_the_form_with_an_explanation(
    client, customer, supplier_member
):
    client.force_login(supplier_member)

    get = client.get(_request_url(customer))
    post = _post_request(client, customer)

    assert get.status_code == post.status_code == 403
    assert "Only an administrator of Fournitures Test SARL" in get.content.decode()
    assert not ConnectionRequest.objects.exists()


def test_a_member_allowed_to_manage_connections_sends_a_request(client, customer, supplier_member):
    supplier_member.supplier_membership.can_manage_connections = True
    supplier_member.supplier_membership.save()
    client.force_login(supplier_member)

    assert _post_request(client, customer).status_code == 302
    assert ConnectionRequest.objects.get().requested_by == supplier_member


def test_an_unverified_admin_is_refused_the_form(supplier_client, supplier_user, customer):
    EmailAddress.objects.filter(user=supplier_user).update(verified=False)

    response = supplier_client.get(_request_url(customer))

    assert response.status_code == 403
    assert "Verify your email address" in response.content.decode()


def test_unknown_and_unlisted_customers_are_not_found(supplier_client):
    hidden = make_customer("Hidden Industries", listed=False)

    assert supplier_client.get(_request_url(hidden)).status_code == 404
    assert supplier_client.get(reverse("connections:request", args=[999_999])).status_code == 404
    assert supplier_client.get(reverse("connections:terms", args=[hidden.pk])).status_code == 404


def _assert_refused(response, message: str, *, contact: str = "buyer@acme.example") -> None:
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert f'value="{contact}"' in content  # the input is kept


def test_a_contact_outside_the_customers_domains_is_refused_on_the_form(supplier_client, customer):
    response = _post_request(supplier_client, customer, contact_email="someone@gmail.example")

    _assert_refused(
        response,
        "Acme Test Industries accepts a Customer Contact at its own domain only: an address "
        "ending in @acme.example.",
        contact="someone@gmail.example",
    )
    assert not ConnectionRequest.objects.exists()


def test_an_invalid_email_is_refused_on_the_form(supplier_client, customer):
    response = _post_request(supplier_client, customer, contact_email="not an email")

    _assert_refused(response, "Enter a valid email address.", contact="not an email")


def test_the_terms_must_be_accepted(supplier_client, customer):
    response = _post_request(supplier_client, customer, accept_terms="")

    _assert_refused(response, "Accept the customer&#x27;s connection terms to send a request.")
    assert not ConnectionRequest.objects.exists()


def test_a_double_submit_creates_one_request(supplier_client, customer):
    first = _post_request(supplier_client, customer)
    second = _post_request(supplier_client, customer)

    assert first.status_code == 302
    _assert_refused(second, "Your company already sent a request to Acme Test Industries")
    assert ConnectionRequest.objects.count() == 1


def test_no_request_when_already_connected_says_so_on_the_form(
    supplier_client, send_request, customer
):
    services.accept_request(connection_request=send_request(), actor=None)

    response = _post_request(supplier_client, customer)

    _assert_refused(response, "You are already connected with Acme Test Industries.")


def test_no_request_to_an_invitation_only_customer_says_so_on_the_form(supplier_client):
    invitation_only = make_customer("Invitations Only Ltd", accepts_requests=False)

    response = _post_request(supplier_client, invitation_only, contact_email="a@example.com")

    _assert_refused(
        response,
        "Invitations Only Ltd connects with suppliers by invitation only.",
        contact="a@example.com",
    )
    assert not Relationship.objects.exists()


def test_the_cooldown_after_a_rejection_shows_its_date_on_the_form(
    supplier_client, send_request, supplier, customer, settings
):
    settings.REQUEST_COOLDOWN_DAYS = 7
    services.reject_request(connection_request=send_request(), actor=None, reason="No.")
    until = Relationship.objects.get(supplier=supplier, customer=customer).state_changed_at + (
        timedelta(days=7)
    )

    response = _post_request(supplier_client, customer)

    _assert_refused(
        response,
        "Acme Test Industries rejected your last request. You can send a new one from "
        f"{day(until)}.",
    )
    assert ConnectionRequest.objects.count() == 1


def test_terms_changed_while_filling_in_the_form_are_to_be_accepted_again(
    supplier_client, customer
):
    customer_services.publish_terms(customer=customer, texts={"en": "New terms."}, actor=None)

    response = _post_request(supplier_client, customer, terms_version=1)

    _assert_refused(response, "Acme Test Industries changed its connection terms")
    content = response.content.decode()
    assert 'name="terms_version" value="2"' in content
    checkbox = content[content.index('<input type="checkbox"') :]
    assert "checked" not in checkbox[: checkbox.index(">")]  # to be ticked again


@pytest.mark.parametrize("tampered", ["", "abc", "-1"])
def test_a_missing_or_tampered_terms_version_asks_to_accept_again(
    supplier_client, customer, tampered
):
    response = _post_request(supplier_client, customer, terms_version=tampered)

    _assert_refused(response, "This page was out of date. Read the terms and accept them again.")
    assert not ConnectionRequest.objects.exists()


def test_the_daily_limit_counts_requests_from_two_clients_of_the_same_company(
    supplier, supplier_user, settings
):
    """Two browsers (two colleagues) share one limit: it is counted in the database."""
    settings.CONNECTION_REQUESTS_PER_DAY = 2
    colleague = make_supplier_user("colleague.admin@fournitures.example", supplier=supplier)
    first_client, second_client = Client(), Client()
    first_client.force_login(supplier_user)
    second_client.force_login(colleague)
    customers = [make_customer(f"Limited Customer {n}") for n in range(3)]

    assert _post_request(first_client, customers[0], contact_email="a@x.example").status_code == 302
    assert (
        _post_request(second_client, customers[1], contact_email="b@x.example").status_code == 302
    )
    refused = _post_request(first_client, customers[2], contact_email="c@x.example")

    _assert_refused(
        refused,
        "Your company has sent 2 connection requests in the last 24 hours",
        contact="c@x.example",
    )
    assert ConnectionRequest.objects.count() == 2


def test_the_request_page_allows_exactly_the_recaptcha_hosts(supplier_client, customer):
    policy = supplier_client.get(_request_url(customer))["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"].split(" ")[-2:] == [
        "https://www.google.com/recaptcha/",
        "https://www.gstatic.com/recaptcha/",
    ]
    assert directives["frame-src"] == (
        "https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/"
    )
    assert "'self'" in directives["script-src"]
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_other_pages_keep_the_strict_policy(supplier_client):
    policy = supplier_client.get(reverse("connections:search"))["Content-Security-Policy"]

    assert "google" not in policy
    assert "frame-src" not in policy
