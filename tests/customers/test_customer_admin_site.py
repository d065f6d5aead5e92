"""/customer-admin/: customer staff see and change only their own customer."""

import pytest
from django.urls import reverse

from customers import services
from customers.models import (
    Relationship,
    RelationshipState,
)
from tests.customers.settings_helpers import settings_form
from tests.factories import make_supplier_user

pytestmark = pytest.mark.django_db

INDEX = reverse("customer_admin:index")
RELATIONSHIPS = reverse("customer_admin:customers_relationship_changelist")


@pytest.fixture
def relationship(supplier, supplier_user, customer, customer_admin):
    services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=supplier_user,
        contact_email="buyer@acme.example",
    )
    return services.connect(supplier=supplier, customer=customer, actor=customer_admin)


@pytest.fixture
def foreign_relationship(other_customer, other_customer_admin):
    other_supplier = make_supplier_user(
        "boss@hidden-supplier.example", company="Hidden Supplier SA"
    )
    supplier = other_supplier.supplier_membership.supplier
    return services.invite(supplier=supplier, customer=other_customer, actor=other_customer_admin)


def _change(relationship):
    return reverse("customer_admin:customers_relationship_change", args=[relationship.pk])


# --- access ------------------------------------------------------------------


def test_anonymous_visitor_goes_to_the_portal_login(client):
    response = client.get(RELATIONSHIPS, follow=True)

    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith(reverse("account_login"))
    assert "next=" in final_url
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["supplier_user", "operator"])
def test_people_who_are_not_customer_staff_get_a_403_and_no_data(
    client, request, persona, relationship
):
    client.force_login(request.getfixturevalue(persona))

    for url in (INDEX, RELATIONSHIPS, _change(relationship)):
        response = client.get(url, follow=True)
        assert response.status_code == 403
        assert "Fournitures Test SARL" not in response.content.decode()


def test_customer_admin_logs_in_through_the_portal_and_lands_on_the_admin(client, customer_admin):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("account_login") + "?next=" + INDEX,
        {"login": customer_admin.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200


def test_changing_the_password_goes_to_the_portals_own_page(client, customer_admin):
    client.force_login(customer_admin)

    response = client.get(reverse("customer_admin:password_change"))

    assert response["Location"] == reverse("account_change_password")


def test_customer_admin_sees_their_suppliers_only(
    client, customer_admin, relationship, foreign_relationship
):
    client.force_login(customer_admin)

    content = client.get(RELATIONSHIPS).content.decode()

    assert "Fournitures Test SARL" in content
    assert "Hidden Supplier SA" not in content


def test_another_customers_relationship_does_not_exist_by_url(
    client, customer_admin, relationship, foreign_relationship
):
    client.force_login(customer_admin)

    response = client.get(_change(foreign_relationship))

    assert response.status_code == 404
    assert "Hidden Supplier SA" not in response.content.decode()
    end_url = reverse("customer_admin:customers_relationship_end", args=[foreign_relationship.pk])
    assert client.post(end_url, {"reason": "x"}).status_code == 404
    foreign_relationship.refresh_from_db()
    assert foreign_relationship.state == RelationshipState.INVITED


def test_relationship_page_shows_the_supplier_and_the_timeline(
    client, customer_admin, relationship
):
    client.force_login(customer_admin)

    content = client.get(_change(relationship), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Fournitures Test SARL" in content
    assert "Historique" in content
    assert "Demande envoyée à buyer@acme.example" in content
    assert "Demande acceptée" in content
    assert "Mettre fin à la relation" in content


def test_relationship_page_shows_the_public_profile_but_not_the_restricted_one(
    client, customer_admin, relationship, supplier
):
    supplier.country = "FR"
    supplier.website = "https://fournitures.example"
    supplier.description = "Office furniture since 1987."
    supplier.tax_id = "FR99887766554"
    supplier.legal_name = "Fournitures Test Société à responsabilité limitée"
    supplier.save()
    client.force_login(customer_admin)

    content = client.get(_change(relationship)).content.decode()

    assert "https://fournitures.example" in content
    assert "Office furniture since 1987." in content
    assert "France" in content
    assert "FR99887766554" not in content
    assert "responsabilité limitée" not in content


# --- actions -------------------------------------------------------------------


def test_customer_admin_ends_a_relationship_with_a_reason_and_the_supplier_is_told(
    client, customer_admin, relationship, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(customer_admin)
    end_url = reverse("customer_admin:customers_relationship_end", args=[relationship.pk])
    assert client.get(end_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(end_url, {"reason": "Contract finished."})

    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.state == RelationshipState.ENDED
    assert relationship.reason == "Contract finished."
    [mail] = mailoutbox
    assert mail.to == ["sophie@fournitures.example"]
    assert "Contract finished." in mail.body


def test_ending_without_a_reason_is_refused_on_the_form(client, customer_admin, relationship):
    client.force_login(customer_admin)

    response = client.post(
        reverse("customer_admin:customers_relationship_end", args=[relationship.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.state == RelationshipState.CONNECTED


# --- the customer's settings --------------------------------------------------------


def test_settings_list_goes_straight_to_the_own_customer(client, customer_admin, customer):
    client.force_login(customer_admin)

    response = client.get(reverse("customer_admin:customers_customer_changelist"))

    assert response["Location"] == reverse(
        "customer_admin:customers_customer_change", args=[customer.pk]
    )


def test_customer_admin_changes_settings_and_new_terms_get_a_new_version(
    client, customer_admin, customer
):
    client.force_login(customer_admin)
    url = reverse("customer_admin:customers_customer_change", args=[customer.pk])

    response = client.post(
        url,
        settings_form(
            customer,
            email_domains="Acme.example, @acme-group.example",
            terms_en="New terms 2027.",
            days_to_answer=14,
            accepts_requests="",
        ),
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email_domains == ["acme-group.example", "acme.example"]
    assert customer.terms_version == 2
    assert customer.days_to_answer == 14
    assert customer.accepts_requests is False


def test_invalid_domain_is_explained_and_the_input_kept(client, customer_admin, customer):
    client.force_login(customer_admin)
    url = reverse("customer_admin:customers_customer_change", args=[customer.pk])

    response = client.post(
        url, settings_form(customer, email_domains="acme.example\nnot a domain!")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Not a valid domain: a, domain!, not." in content
    assert "not a domain!" in content
    customer.refresh_from_db()
    assert customer.email_domains == ["acme.example"]


def test_another_customers_settings_cannot_be_read_or_changed(
    client, customer_admin, other_customer
):
    client.force_login(customer_admin)
    url = reverse("customer_admin:customers_customer_change", args=[other_customer.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, settings_form(other_customer, name="Hijacked")).status_code == 404

    other_customer.refresh_from_db()
    assert other_customer.name == "Globex Test Corporation"


# --- colleagues ---------------------------------------------------------------------


def test_colleague_list_shows_only_the_own_customer(client, customer_admin, other_customer_admin):
    client.force_login(customer_admin)

    content = client.get(
        reverse("customer_admin:customers_customermember_changelist")
    ).content.decode()

    assert "buyer@acme.example" in content
    assert "buyer@globex.example" not in content


# --- the operator's site ---------------------------------------------------------------


def test_non_superuser_staff_cannot_use_the_operator_site(client, customer_admin):
    customer_admin.is_staff = True
    customer_admin.save()
    client.force_login(customer_admin)

    response = client.get(reverse("admin:customers_customer_changelist"))

    assert response.status_code in (302, 403)
    assert "Acme Test Industries" not in response.content.decode()


def test_operator_sees_relationships_with_their_events(client, operator, relationship):
    client.force_login(operator)

    content = client.get(
        reverse("admin:customers_relationship_change", args=[relationship.pk])
    ).content.decode()

    assert "Request accepted" in content
    assert Relationship.objects.count() == 1
