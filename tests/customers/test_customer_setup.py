"""Setup → Customer Setup: the supplier's customers, in groups, with state, reason and next step."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SupplierMember
from customers import services
from customers.models import Relationship, RelationshipState
from tests.factories import make_customer, make_supplier_user

pytestmark = pytest.mark.django_db

SETUP = reverse("customers:setup")


def _panel(customer):
    return reverse("customers:setup_customer", args=[customer.pk])


def _request(supplier, customer, user, contact="j.doe@acme.example"):
    return services.request_connection(
        supplier=supplier, customer=customer, actor=user, contact_email=contact
    )


# --- who may open it ------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, customer):
    for url in (SETUP, _panel(customer), reverse("customers:end_relationship", args=[customer.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["customer_admin", "operator"])
def test_people_without_a_supplier_company_get_a_403_with_an_explanation(
    client, persona, request, customer
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(SETUP)

    assert response.status_code == 403
    assert (
        "This is for the staff of a supplier company, and your account does not belong to one."
        in response.content.decode()
    )


def test_another_suppliers_customer_does_not_exist_for_you(
    client, supplier, supplier_user, other_supplier_user, customer
):
    _request(supplier, customer, supplier_user)
    client.force_login(other_supplier_user)

    assert client.get(_panel(customer)).status_code == 404
    assert client.get(reverse("customers:end_relationship", args=[customer.pk])).status_code == 404
    assert (
        client.post(
            reverse("customers:end_relationship", args=[customer.pk]), {"reason": "x"}
        ).status_code
        == 404
    )


def test_unknown_customer_id_is_a_404(client, supplier_user):
    client.force_login(supplier_user)

    assert client.get(reverse("customers:setup_customer", args=[999999])).status_code == 404


def test_customer_setup_refuses_posts(client, supplier_user):
    client.force_login(supplier_user)

    assert client.post(SETUP).status_code == 405


def test_setup_menu_offers_customer_setup_to_suppliers_only(client, supplier_user, customer_admin):
    client.force_login(supplier_user)
    assert reverse("customers:setup") in client.get(reverse("setup")).content.decode()

    client.force_login(customer_admin)
    assert reverse("customers:setup") not in client.get(reverse("setup")).content.decode()


# --- what it shows ----------------------------------------------------------------


def test_new_supplier_sees_how_to_configure_a_first_customer(client, supplier_user):
    client.force_login(supplier_user)

    content = client.get(SETUP, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Configurez votre premier client" in content
    assert "Demande de connexion" in content
    assert "invitation" in content


def test_each_group_lists_its_customers_with_a_badge_and_a_count(
    client, supplier, supplier_user, customer, customer_admin
):
    pending = make_customer("Umbrella Test")
    connected = make_customer("Stark Test")
    rejected = make_customer("Wayne Test")
    inviting = make_customer("Globex Invite Test")
    _request(supplier, pending, supplier_user)
    _request(supplier, connected, supplier_user)
    services.connect(supplier=supplier, customer=connected, actor=None)
    services.reject(
        relationship=_request(supplier, rejected, supplier_user), actor=None, reason="Full"
    )
    services.invite(supplier=supplier, customer=inviting, actor=None)
    client.force_login(supplier_user)

    content = client.get(SETUP, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    for heading, count in [
        ("Profils incomplets", 0),
        ("Vous ont invité", 1),
        ("Demandes en attente", 1),
        ("Connectés", 1),
        ("Clôturés", 1),
    ]:
        assert f'{heading} <span class="count">({count})</span>' in content
    assert "Umbrella Test" in content
    assert "Demande en attente</span>" in content
    assert "Refusée</span>" in content
    assert customer.name not in content  # no relationship with it


def test_panel_gives_the_state_the_next_step_and_the_timeline(
    client, supplier, supplier_user, customer
):
    _request(supplier, customer, supplier_user, contact="j.doe@acme.example")
    relationship = Relationship.objects.get()
    client.force_login(supplier_user)

    content = client.get(_panel(customer)).content.decode()

    sent = timezone.localtime(relationship.state_changed_at)
    deadline = timezone.localtime(relationship.deadline)
    assert (
        f"You sent a connection request to j.doe@acme.example on {sent.day} {sent:%B %Y}. "
        f"Acme Test Industries has until {deadline.day} {deadline:%B %Y} to answer; you can "
        "withdraw it."
    ) in content
    assert 'aria-current="page"' in content
    assert "Request sent to j.doe@acme.example —" in content  # timeline entry with its author


def test_panel_shows_the_rejection_reason(
    client, supplier, supplier_user, customer, customer_admin
):
    services.reject(
        relationship=_request(supplier, customer, supplier_user),
        actor=customer_admin,
        reason="We buy locally only.",
    )
    client.force_login(supplier_user)

    content = client.get(_panel(customer), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "a refusé votre demande" in content
    assert "«\u00a0We buy locally only.\u00a0»" in content


def test_filter_box_narrows_the_list_by_name_ignoring_accents(client, supplier, supplier_user):
    for name in ("Électricité Test SA", "Boulangerie Test", "Electronics Test Ltd"):
        _request(supplier, make_customer(name), supplier_user)
    client.force_login(supplier_user)

    content = client.get(SETUP, {"q": "ELECTR"}).content.decode()

    assert "Électricité Test SA" in content
    assert "Electronics Test Ltd" in content
    assert "Boulangerie Test" not in content
    assert 'value="ELECTR"' in content


def test_member_sees_everything_but_cannot_end(
    client, supplier, supplier_user, supplier_member, customer
):
    _request(supplier, customer, supplier_user)
    services.connect(supplier=supplier, customer=customer, actor=None)
    client.force_login(supplier_member)

    content = client.get(_panel(customer)).content.decode()
    assert "Connected with Acme Test Industries" in content
    assert "End relationship" not in content

    response = client.post(
        reverse("customers:end_relationship", args=[customer.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    assert Relationship.objects.get().state == RelationshipState.CONNECTED


def test_member_allowed_to_manage_connections_may_end(
    client, supplier, supplier_user, supplier_member, customer
):
    SupplierMember.objects.filter(user=supplier_member).update(can_manage_connections=True)
    _request(supplier, customer, supplier_user)
    services.connect(supplier=supplier, customer=customer, actor=None)
    client.force_login(supplier_member)

    response = client.post(
        reverse("customers:end_relationship", args=[customer.pk]), {"reason": "Moving on"}
    )

    assert response.status_code == 302
    assert Relationship.objects.get().state == RelationshipState.ENDED


# --- ending from Customer Setup -------------------------------------------------------


def test_supplier_ends_an_active_relationship_after_confirming_with_a_reason(
    client,
    supplier,
    supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _request(supplier, customer, supplier_user)
    services.connect(supplier=supplier, customer=customer, actor=customer_admin)
    client.force_login(supplier_user)
    end_url = reverse("customers:end_relationship", args=[customer.pk])

    confirm_page = client.get(end_url).content.decode()
    assert "End your relationship with Acme Test Industries?" in confirm_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            end_url, {"reason": "We stop deliveries to Springfield."}, follow=True
        )

    assert response.redirect_chain[-1][0] == _panel(customer)
    assert "Your relationship with Acme Test Industries has ended." in response.content.decode()
    relationship = Relationship.objects.get()
    assert relationship.state == RelationshipState.ENDED
    assert relationship.reason == "We stop deliveries to Springfield."
    [mail] = mailoutbox
    assert mail.to == ["buyer@acme.example"]


def test_ending_without_a_reason_keeps_the_form_and_changes_nothing(
    client, supplier, supplier_user, customer
):
    _request(supplier, customer, supplier_user)
    services.connect(supplier=supplier, customer=customer, actor=None)
    client.force_login(supplier_user)

    response = client.post(
        reverse("customers:end_relationship", args=[customer.pk]), {"reason": " "}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Relationship.objects.get().state == RelationshipState.CONNECTED


def test_ending_what_is_not_active_explains_why(client, supplier, supplier_user, customer):
    _request(supplier, customer, supplier_user)
    client.force_login(supplier_user)

    response = client.post(
        reverse("customers:end_relationship", args=[customer.pk]), {"reason": "Why not"}
    )

    assert response.status_code == 200
    assert "This cannot be done now" in response.content.decode()
    assert "Why not</textarea>" in response.content.decode()
    assert Relationship.objects.get().state == RelationshipState.REQUESTED


# --- a fixed number of queries ---------------------------------------------------------


@pytest.mark.parametrize("count", [1, 200])
def test_customer_setup_runs_a_fixed_number_of_queries(
    client, supplier, supplier_user, count, django_assert_num_queries
):
    customers = [make_customer(f"Customer {i:03d}") for i in range(count)]
    now = timezone.now()
    Relationship.objects.bulk_create(
        Relationship(
            supplier=supplier,
            customer=c,
            state=RelationshipState.REQUESTED,
            deadline=now + timedelta(days=30),
        )
        for c in customers
    )
    relationship = Relationship.objects.get(customer=customers[0])
    services.note_event(
        relationship=relationship,
        actor=None,
        message="Request sent to %(contact)s",
        params={"contact": "x@y.example"},
    )
    client.force_login(supplier_user)

    # session, user, both memberships (for the page and its Setup menu), selected
    # relationship, its timeline, the list: the same for 1 or 200 customers.
    with django_assert_num_queries(6):
        response = client.get(_panel(customers[0]))
    assert response.status_code == 200
    assert response.content.decode().count('class="entry-name"') == count


def test_other_suppliers_relationships_never_show(client, supplier, supplier_user, customer):
    other = make_supplier_user("x@other.example", company="Other Co").supplier_membership.supplier
    services.request_connection(
        supplier=other,
        customer=customer,
        actor=other.members.get().user,
        contact_email="a@acme.example",
    )
    client.force_login(supplier_user)

    content = client.get(SETUP).content.decode()

    assert customer.name not in content
    assert "Configure your first customer" in content
