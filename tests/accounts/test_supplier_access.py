"""The supplier guard (``accounts.access``), over every supplier URL and four personas.

Every URL of the supplier side is listed in ``EXPECTED`` with the answer each
persona gets: anonymous (sent to log in), customer staff (not a supplier),
a member without the right to manage connections, and an administrator. The
URLs come from the URLconf: a supplier URL added without an entry fails.
Each refusal carries the one message of its rule.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import CompanyDomain, JoinRequest
from connections import services as connection_services
from customers.services import invitations
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with
from tests.factories import make_customer, make_user

pytestmark = pytest.mark.django_db

LOGIN = "login"
NOT_SUPPLIER = (
    "This is for the staff of a supplier company, and your account does not belong to one."
)
MAY_NOT_MANAGE = "or a colleague they allowed to manage customer connections, can act on customer"
NOT_ADMIN = "Only the administrators of Fournitures Test SARL can change this."

PERSONAS = ["anonymous", "customer_staff", "member_without_the_right", "admin"]

# (url name, method) → answers of (anonymous, customer staff, member without the right, admin).
# A refusal is (403, the words of its rule); anything else is the status code.
EXPECTED = {
    ("accounts:company", "GET"): (LOGIN, 200, 200, 200),  # no company: a page says so
    ("accounts:company", "POST"): (LOGIN, 200, (403, NOT_ADMIN), 200),
    ("accounts:add_domain", "POST"): (LOGIN, (403, NOT_SUPPLIER), (403, NOT_ADMIN), 200),
    ("accounts:remove_domain", "GET"): (LOGIN, (403, NOT_SUPPLIER), (403, NOT_ADMIN), 200),
    ("accounts:remove_domain", "POST"): (LOGIN, (403, NOT_SUPPLIER), (403, NOT_ADMIN), 302),
    ("accounts:send_domain_link", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, NOT_ADMIN),
        200,  # the form asks for an address
    ),
    ("accounts:approve_join_request", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, NOT_ADMIN),
        302,
    ),
    ("accounts:decline_join_request", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, NOT_ADMIN),
        302,
    ),
    ("customers:setup", "GET"): (LOGIN, (403, NOT_SUPPLIER), 200, 200),
    ("customers:setup_customer", "GET"): (LOGIN, (403, NOT_SUPPLIER), 200, 200),
    ("customers:end_relationship", "GET"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, MAY_NOT_MANAGE),
        200,
    ),
    ("customers:end_relationship", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, MAY_NOT_MANAGE),
        200,  # the form asks for a reason
    ),
    ("customers:onboarding", "GET"): (LOGIN, (403, NOT_SUPPLIER), 200, 200),
    ("customers:onboarding", "POST"): (LOGIN, (403, NOT_SUPPLIER), (403, MAY_NOT_MANAGE), 302),
    ("customers:accept_invitation", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, MAY_NOT_MANAGE),
        302,
    ),
    ("customers:decline_invitation", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, MAY_NOT_MANAGE),
        302,
    ),
    ("customers:invitation_accept", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, MAY_NOT_MANAGE),
        404,  # this browser followed no invitation link
    ),
    ("connections:requests", "GET"): (LOGIN, (403, NOT_SUPPLIER), 200, 200),
    ("connections:search", "GET"): (LOGIN, (403, NOT_SUPPLIER), 200, 200),
    ("connections:terms", "GET"): (LOGIN, (403, NOT_SUPPLIER), 200, 200),
    ("connections:request", "GET"): (LOGIN, (403, NOT_SUPPLIER), (403, MAY_NOT_MANAGE), 200),
    ("connections:request", "POST"): (
        LOGIN,
        (403, NOT_SUPPLIER),
        (403, MAY_NOT_MANAGE),
        200,  # the form lists what is missing
    ),
    ("connections:withdraw", "POST"): (LOGIN, (403, NOT_SUPPLIER), (403, MAY_NOT_MANAGE), 302),
}

# Supplier-app URLs that are not behind the supplier guard, and why.
NOT_GUARDED = {
    # The emailed link that proves a company's domain: whoever received it.
    "accounts:prove_domain",
    # The emailed invitation link and its pages: whoever holds the link, signed in or not.
    "customers:invitation_link",
    "customers:invitation",
    "customers:invitation_signup",
    "customers:invitation_decline",
    "customers:invitation_new_link",
}


def _supplier_url_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in {
            "accounts",
            "customers",
            "connections",
        }:
            names |= {
                f"{entry.namespace}:{pattern.name}"
                for pattern in entry.url_patterns
                if isinstance(pattern, URLPattern)
            }
    return names


def test_every_supplier_url_has_expected_answers():
    assert _supplier_url_names() == {name for name, _ in EXPECTED} | NOT_GUARDED


@pytest.fixture
def world(supplier, supplier_user, supplier_member, customer, customer_admin):
    """One customer of each kind the URLs need, and the company's own rows."""
    make_questionnaire(customer)
    onboarding_with(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)
    inviting = make_customer("Inviting Customer SA", email_domains=["inviting.example"])
    invitations.send_invitation(customer=inviting, email=supplier_user.email, invited_by=None)
    requested = make_customer("Requested Customer SA", email_domains=["requested.example"])
    connection_services.request_connection(
        supplier=supplier,
        customer=requested,
        actor=supplier_user,
        contact_email="buyer@requested.example",
        terms_version=requested.terms_version,
    )
    domain = CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example")
    joiner = make_user("joiner@fournitures.example")
    join_request = JoinRequest.objects.create(
        supplier=supplier, user=joiner, status=JoinRequest.Status.PENDING
    )
    return {
        "accounts:remove_domain": [domain.pk],
        "accounts:send_domain_link": [domain.pk],
        "accounts:approve_join_request": [join_request.pk],
        "accounts:decline_join_request": [join_request.pk],
        "customers:setup_customer": [customer.pk],
        "customers:end_relationship": [customer.pk],
        "customers:onboarding": [customer.pk],
        "customers:accept_invitation": [inviting.pk],
        "customers:decline_invitation": [inviting.pk],
        "connections:terms": [requested.pk],
        "connections:request": [make_customer("Open Customer SA").pk],
        "connections:withdraw": [requested.pk],
    }


@pytest.mark.parametrize(("name", "method"), list(EXPECTED), ids=lambda v: v)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_its_answer(
    client, world, customer_admin, supplier_member, supplier_user, name, method, persona
):
    user = {
        "anonymous": None,
        "customer_staff": customer_admin,
        "member_without_the_right": supplier_member,
        "admin": supplier_user,
    }[persona]
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=world.get(name, []))
    expected = EXPECTED[(name, method)][PERSONAS.index(persona)]

    response = client.get(url) if method == "GET" else client.post(url, {})

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif isinstance(expected, tuple):
        status, words = expected
        assert response.status_code == status
        assert words in response.content.decode()
    else:
        assert response.status_code == expected
