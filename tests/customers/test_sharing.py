"""Sharing the restricted profile, customer by customer: the company page's Sharing section,
the question on the invitation and request pages, timeline events and audit entries."""

import pytest
from django.urls import reverse

from accounts.models import SupplierAuditEvent
from customers import services
from customers.models import Relationship, RelationshipEvent
from tests.customers.sharing_helpers import connect, give_restricted_profile, share
from tests.factories import make_customer

pytestmark = pytest.mark.django_db

COMPANY = reverse("accounts:company")
SAVE = reverse("customers:save_sharing")


@pytest.fixture
def acme(supplier, supplier_user, customer, customer_admin) -> Relationship:
    give_restricted_profile(supplier)
    return connect(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)


@pytest.fixture
def globex(supplier, supplier_user, other_customer, other_customer_admin) -> Relationship:
    return connect(
        supplier, other_customer, supplier_user=supplier_user, customer_admin=other_customer_admin
    )


def test_the_section_lists_every_open_relationship_unshared_by_default(
    client, supplier, supplier_user, acme, globex
):
    closed = make_customer("Closed Customer SA")
    services.decline(
        relationship=services.invite(supplier=supplier, customer=closed, actor=None),
        actor=supplier_user,
    )
    client.force_login(supplier_user)

    page = client.get(COMPANY).content.decode()

    assert '<h2 id="sharing-title">Sharing</h2>' in page
    assert "Share the restricted profile with Acme Test Industries" in page
    assert "Share the restricted profile with Globex Test Corporation" in page
    assert "Closed Customer SA" not in page
    assert f'value="{acme.customer_id}" id="share-{acme.customer_id}">' in page
    assert " checked" not in page.split('id="sharing"')[1].split("</section>")[0]
    assert not Relationship.objects.filter(restricted_profile_shared=True).exists()


def test_an_admin_shares_with_one_customer_and_both_timelines_and_the_audit_log_say_so(
    client, supplier, supplier_user, acme, globex, customer_admin
):
    client.force_login(supplier_user)

    response = client.post(SAVE, {"shared": [str(acme.customer_id)]}, follow=True)

    assert "Sharing is saved: 1 customer changed." in response.content.decode()
    acme.refresh_from_db()
    globex.refresh_from_db()
    assert acme.restricted_profile_shared and not globex.restricted_profile_shared
    event = RelationshipEvent.objects.get(relationship=acme, message="Restricted profile shared")
    assert event.actor == supplier_user and event.actor_side == "supplier"
    setup = client.get(reverse("customers:setup_customer", args=[acme.customer_id]))
    assert "Restricted profile shared" in setup.content.decode()
    client.force_login(customer_admin)
    page = client.get(reverse("customer_admin:customers_relationship_change", args=[acme.pk]))
    assert "Restricted profile shared" in page.content.decode()
    entry = SupplierAuditEvent.objects.get(supplier=supplier, action="sharing.shared")
    assert entry.actor == supplier_user
    assert entry.description == "Restricted profile shared with Acme Test Industries"
    assert (entry.before, entry.after) == (
        {"restricted_profile_shared": False},
        {"restricted_profile_shared": True},
    )


def test_unticking_unshares_at_once_and_is_recorded(client, supplier_user, acme, customer_admin):
    share(acme, supplier_user)
    client.force_login(supplier_user)

    client.post(SAVE, {})

    acme.refresh_from_db()
    assert not acme.restricted_profile_shared
    assert RelationshipEvent.objects.filter(
        relationship=acme, message="Restricted profile no longer shared", actor=supplier_user
    ).exists()
    assert SupplierAuditEvent.objects.filter(action="sharing.unshared").count() == 1
    client.force_login(customer_admin)
    page = client.get(reverse("customer_admin:customers_relationship_change", args=[acme.pk]))
    assert "FR99887766554" not in page.content.decode()


def test_saving_the_same_choice_again_records_nothing(client, supplier_user, acme):
    client.force_login(supplier_user)
    client.post(SAVE, {"shared": [str(acme.customer_id)]})

    response = client.post(SAVE, {"shared": [str(acme.customer_id)]}, follow=True)

    assert "Sharing is saved: nothing changed." in response.content.decode()
    assert RelationshipEvent.objects.filter(message__startswith="Restricted profile").count() == 1


def test_a_member_reads_the_section_and_cannot_change_it(
    client, supplier_member, supplier_user, acme
):
    share(acme, supplier_user)
    client.force_login(supplier_member)

    section = client.get(COMPANY).content.decode().split('id="sharing"')[1].split("</section>")[0]
    refused = client.post(SAVE, {})

    assert "checked disabled" in section
    assert SAVE not in section
    assert "Only the administrators of Fournitures Test SARL can change this." in section
    assert refused.status_code == 403
    acme.refresh_from_db()
    assert acme.restricted_profile_shared


@pytest.mark.parametrize("shared", [["abc"], ["1\x00"], ["9" * 30], ["-1"]])
def test_a_malformed_choice_changes_nothing_and_says_so(client, supplier_user, acme, shared):
    share(acme, supplier_user)
    client.force_login(supplier_user)

    response = client.post(SAVE, {"shared": shared}, follow=True)

    assert "The choices were not understood; nothing was changed." in response.content.decode()
    acme.refresh_from_db()
    assert acme.restricted_profile_shared


def test_another_companys_customer_id_shares_nothing(
    client, supplier_user, other_supplier_user, other_customer, acme
):
    other = other_supplier_user.supplier_membership.supplier
    theirs = connect(other, other_customer, supplier_user=other_supplier_user)
    client.force_login(supplier_user)

    client.post(SAVE, {"shared": [str(other_customer.pk)]})

    theirs.refresh_from_db()
    assert not theirs.restricted_profile_shared


def test_closing_the_relationship_ends_the_sharing_and_a_new_one_starts_unshared(
    supplier, supplier_user, acme, customer, customer_admin
):
    share(acme, supplier_user)

    services.end(relationship=acme, actor=customer_admin, reason="Budget")
    acme.refresh_from_db()
    reopened = services.invite(supplier=supplier, customer=customer, actor=customer_admin)

    assert not acme.restricted_profile_shared
    assert RelationshipEvent.objects.filter(
        relationship=acme, message="Restricted profile no longer shared: the relationship is closed"
    ).exists()
    assert SupplierAuditEvent.objects.filter(action="sharing.unshared", actor=None).exists()
    assert not reopened.shares_restricted_profile


# --- the question on the pages where the supplier accepts or requests -------------------


def test_the_invitation_page_asks_unticked_and_applies_the_answer(
    client, invite, supplier, supplier_user, customer
):
    _, path = invite(email=supplier_user.email)
    client.force_login(supplier_user)
    client.get(path)

    page = client.get(reverse("customers:invitation")).content.decode()
    client.post(reverse("customers:invitation_accept"), {"share_restricted_profile": "on"})

    assert "Share the restricted profile with Acme Test Industries" in page
    assert 'name="share_restricted_profile" id="id_share_restricted_profile" ' in page
    assert (
        'id="id_share_restricted_profile" aria-describedby="id_share_restricted_profile-help">'
        in page
    )
    relationship = Relationship.objects.get(supplier=supplier, customer=customer)
    assert relationship.is_accepted and relationship.restricted_profile_shared
    assert relationship.events.filter(message="Restricted profile shared").exists()


def test_accepting_without_ticking_shares_nothing(client, invite, supplier, supplier_user):
    _, path = invite(email=supplier_user.email)
    client.force_login(supplier_user)
    client.get(path)

    client.post(reverse("customers:invitation_accept"), {})

    relationship = Relationship.objects.get(supplier=supplier)
    assert relationship.is_accepted and not relationship.restricted_profile_shared


def test_accept_invitation_in_customer_setup_asks_too(client, supplier, supplier_user, customer):
    services.invite(supplier=supplier, customer=customer, actor=None)
    client.force_login(supplier_user)
    url = reverse("customers:setup_customer", args=[customer.pk])

    page = client.get(url).content.decode()
    client.post(
        reverse("customers:accept_invitation", args=[customer.pk]),
        {"share_restricted_profile": "on"},
    )

    assert "Share the restricted profile with Acme Test Industries" in page
    assert Relationship.objects.get(supplier=supplier).restricted_profile_shared


def test_the_request_form_asks_unticked_and_applies_the_answer(
    client, supplier, supplier_user, customer, customer_admin
):
    client.force_login(supplier_user)
    url = reverse("connections:request", args=[customer.pk])

    page = client.get(url).content.decode()
    client.post(
        url,
        {
            "contact_email": "buyer@acme.example",
            "accept_terms": "on",
            "terms_version": customer.terms_version,
            "share_restricted_profile": "on",
        },
    )

    assert "Share the restricted profile with Acme Test Industries" in page
    assert " checked" not in page.split("share-question")[1].split("</div>")[0]
    relationship = Relationship.objects.get(supplier=supplier, customer=customer)
    assert relationship.state == "requested" and relationship.restricted_profile_shared


def test_a_colleague_who_may_connect_but_not_administer_is_not_asked_and_cannot_share(
    client, invite, supplier, supplier_member
):
    supplier_member.supplier_membership.can_manage_connections = True
    supplier_member.supplier_membership.save()
    _, path = invite(email=supplier_member.email)
    client.force_login(supplier_member)
    client.get(path)

    page = client.get(reverse("customers:invitation")).content.decode()
    client.post(reverse("customers:invitation_accept"), {"share_restricted_profile": "on"})

    assert "Share the restricted profile" not in page
    relationship = Relationship.objects.get(supplier=supplier)
    assert relationship.is_accepted and not relationship.restricted_profile_shared


def test_sharing_with_a_closed_relationship_is_refused(supplier, supplier_user, customer):
    relationship = services.invite(supplier=supplier, customer=customer, actor=None)
    services.decline(relationship=relationship, actor=supplier_user)

    with pytest.raises(Exception, match="closed") as refused:
        share(relationship, supplier_user)

    assert refused.type.__name__ == "SharingNotOpen"


def test_the_company_page_reads_a_fixed_number_of_queries(
    client, supplier, supplier_user, acme, django_assert_max_num_queries
):
    from tests.accounts.documents import make_document

    client.force_login(supplier_user)
    with django_assert_max_num_queries(40) as few:
        client.get(COMPANY)
    for n in range(5):
        connect(supplier, make_customer(f"Customer {n}"), supplier_user=supplier_user)
        make_document(supplier, actor=supplier_user, title=f"Document {n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(COMPANY).content.decode()

    assert page.count("Share the restricted profile with") == 6


def test_customer_setup_says_whether_the_customer_sees_the_restricted_profile(
    client, supplier_user, acme
):
    client.force_login(supplier_user)
    url = reverse("customers:setup_customer", args=[acme.customer_id])

    before = client.get(url).content.decode()
    share(acme, supplier_user)
    after = client.get(url).content.decode()

    assert "Acme Test Industries sees only your public profile." in before
    assert "You share your restricted profile and documents with Acme Test Industries." in after
    assert f'{COMPANY}#sharing">Change under Sharing</a>' in after
