"""A colleague limited to chosen customers sees only them: in Customer Setup, Connection
Requests, the search results' states and onboarding; any other customer does not exist
for them (404, also by URL), and the services refuse to act for it."""

import pytest
from django.urls import reverse

from accounts.access import SupplierAccessDenied
from accounts.models import SupplierMember
from connections import services as connection_services
from connections.models import ConnectionRequest
from customers.models import Relationship
from customers.services import invitations
from tests.customers.invitation_helpers import send
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with
from tests.factories import limit_to_customers, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(supplier, supplier_user, supplier_member, customer, other_customer, customer_admin):
    """Acme onboards, Globex is requested; the colleague acts for Acme only."""
    make_questionnaire(customer)
    onboarding_with(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)
    connection_services.request_connection(
        supplier=supplier,
        customer=other_customer,
        actor=supplier_user,
        contact_email="buyer@globex.example",
        terms_version=other_customer.terms_version,
    )
    SupplierMember.objects.filter(user=supplier_member).update(can_manage_connections=True)
    limit_to_customers(supplier_member, [customer])
    return supplier_member


def test_customer_setup_lists_only_the_customers_of_the_colleague(client, limited):
    client.force_login(limited)

    content = client.get(reverse("customers:setup")).content.decode()

    assert "Acme Test Industries" in content
    assert "Globex Test Corporation" not in content


def test_an_admin_sees_every_customer(client, limited, supplier_user):
    client.force_login(supplier_user)

    content = client.get(reverse("customers:setup")).content.decode()

    assert "Acme Test Industries" in content and "Globex Test Corporation" in content


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("customers:setup_customer", "get"),
        ("customers:onboarding", "get"),
        ("customers:end_relationship", "get"),
        ("customers:end_relationship", "post"),
        ("customers:accept_invitation", "post"),
        ("customers:decline_invitation", "post"),
        ("connections:terms", "get"),
        ("connections:request", "get"),
        ("connections:withdraw", "post"),
    ],
)
def test_another_customers_pages_do_not_exist_for_the_colleague(
    client, limited, other_customer, name, method
):
    client.force_login(limited)

    response = getattr(client, method)(reverse(name, args=[other_customer.pk]), {"reason": "x"})

    assert response.status_code == 404
    assert Relationship.objects.get(customer=other_customer).state == "requested"


def test_connection_requests_list_only_the_colleagues_customers(
    client, limited, supplier, supplier_user, customer
):
    initech = make_customer("Initech Test")
    connection_services.request_connection(
        supplier=supplier,
        customer=initech,
        actor=supplier_user,
        contact_email="buyer@initech.example",
        terms_version=initech.terms_version,
    )
    limited.supplier_membership.customer_access.customers.add(initech)
    client.force_login(limited)

    content = client.get(reverse("connections:requests")).content.decode()

    assert "Initech Test" in content
    assert "Globex Test Corporation" not in content


def test_search_shows_no_state_for_a_customer_outside_the_colleagues_list(client, limited):
    client.force_login(limited)

    content = client.get(reverse("connections:search"), {"q": "globex"}).content.decode()

    assert "Globex Test Corporation" in content  # the directory is public
    assert "Not among the customers you act for" in content
    assert "Request pending" not in content


def test_the_services_refuse_to_act_for_another_customer(limited, supplier, other_customer):
    pending = ConnectionRequest.objects.get(customer=other_customer)

    with pytest.raises(SupplierAccessDenied, match="is not one of them"):
        connection_services.withdraw_request(connection_request=pending, actor=limited)

    assert ConnectionRequest.objects.get(pk=pending.pk).status == "pending"


def test_an_invitation_from_another_customer_is_for_someone_else_to_accept(
    client,
    limited,
    other_customer,
    other_customer_admin,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    _, path = send(
        django_capture_on_commit_callbacks,
        mailoutbox,
        customer=other_customer,
        invited_by=other_customer_admin,
        email="newcomer@fournitures.example",
    )
    client.force_login(limited)
    client.get(path)

    page = client.get(reverse("customers:invitation")).content.decode()
    refused = client.post(
        reverse("customers:invitation_accept"), {"confirm_other_email": "on"}, follow=True
    )

    assert "The administrators of Fournitures Test SARL chose the customers you act for" in page
    assert "Accept invitation</button>" not in page
    assert "is not one of them" in refused.content.decode()
    assert invitations.Invitation.objects.get().status == "pending"
