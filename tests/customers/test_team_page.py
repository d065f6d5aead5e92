"""The supplier's Team page: invite with rights and customers, change them, deactivate,
remove; nobody grants more than they have; the company keeps an administrator; every
change is in the team's history."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import team as account_team
from accounts.access import SupplierAccessDenied
from accounts.exceptions import AccountsError, LastAdmin
from accounts.models import SupplierAuditEvent, SupplierMember, TeamInvitation
from customers.models import ColleagueAccess, Relationship
from customers.services import team
from tests.concurrency import run_at_once
from tests.factories import make_customer, make_supplier_user

pytestmark = pytest.mark.django_db

TEAM = reverse("customers:team")
INVITE = reverse("customers:team_invite")


@pytest.fixture
def customers_of_supplier(supplier, customer, other_customer):
    for each in (customer, other_customer):
        Relationship.objects.create(supplier=supplier, customer=each, state="connected")
    return customer, other_customer


def _member_url(user) -> str:
    return reverse("customers:team_member", args=[user.supplier_membership.pk])


def _rights(role="member", access="all", customers=(), manage=False) -> dict:
    data = {"role": role, "access": access, "customers": [c.pk for c in customers]}
    if manage:
        data["can_manage_connections"] = "on"
    return data


# --- inviting ----------------------------------------------------------------------------


def test_an_admin_invites_a_colleague_limited_to_one_customer(
    client, supplier_user, supplier, customers_of_supplier
):
    acme, _globex = customers_of_supplier
    client.force_login(supplier_user)
    form = client.get(INVITE).content.decode()
    assert "Acme Test Industries" in form and "Globex Test Corporation" in form

    response = client.post(
        INVITE,
        {"email": "Nina@Fournitures.example", **_rights(access="chosen", customers=[acme])},
        follow=True,
    )

    content = response.content.decode()
    assert "Invitation sent to nina@fournitures.example." in content
    invitation = TeamInvitation.objects.get(supplier=supplier)
    assert (invitation.email, invitation.role) == ("nina@fournitures.example", "member")
    assert list(invitation.customer_access.customers.all()) == [acme]
    assert "nina@fournitures.example" in content  # under "Invitations waiting for an answer"
    entry = SupplierAuditEvent.objects.get(action="team.invited")
    assert entry.after == {"role": "member", "manage_connections": False, "customers": [acme.name]}


def test_chosen_customers_need_at_least_one_and_the_input_is_kept(
    client, supplier_user, customers_of_supplier
):
    client.force_login(supplier_user)

    response = client.post(
        INVITE, {"email": "nina@fournitures.example", **_rights(access="chosen")}
    )

    assert response.status_code == 200
    assert "Choose at least one customer, or give access to all customers." in (
        response.content.decode()
    )
    assert 'value="nina@fournitures.example"' in response.content.decode()
    assert not TeamInvitation.objects.exists()


def test_a_customer_the_company_has_no_relationship_with_cannot_be_granted(
    client, supplier_user, customers_of_supplier
):
    stranger = make_customer("Stranger SA")
    client.force_login(supplier_user)

    response = client.post(
        INVITE,
        {"email": "nina@fournitures.example", **_rights(access="chosen", customers=[stranger])},
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not TeamInvitation.objects.exists()


def test_inviting_a_colleague_already_in_the_team_says_so(client, supplier_user, supplier_member):
    client.force_login(supplier_user)

    response = client.post(INVITE, {"email": supplier_member.email, **_rights()})

    assert "colleague@fournitures.example is already in your team." in response.content.decode()


def test_a_second_invitation_to_a_waiting_address_offers_to_send_it_again(
    client, supplier_user, supplier
):
    team.invite_colleague(supplier=supplier, actor=supplier_user, email="nina@fournitures.example")
    client.force_login(supplier_user)

    response = client.post(INVITE, {"email": "nina@fournitures.example", **_rights()})

    assert "is still waiting for an answer. You can send it again" in response.content.decode()
    assert TeamInvitation.objects.count() == 1


# --- what a colleague may do ---------------------------------------------------------------


def test_an_admin_limits_a_colleague_and_the_history_says_before_and_after(
    client, supplier_user, supplier_member, customers_of_supplier
):
    acme, _ = customers_of_supplier
    client.force_login(supplier_user)

    client.post(
        _member_url(supplier_member), _rights(access="chosen", customers=[acme], manage=True)
    )

    membership = SupplierMember.objects.get(user=supplier_member)
    assert membership.can_manage_connections
    assert list(membership.customer_access.customers.all()) == [acme]
    entry = SupplierAuditEvent.objects.get(action="team.rights_changed")
    assert sorted(entry.changes) == [  # PostgreSQL's JSON keeps no order
        ("customers", "all", ["Acme Test Industries"]),
        ("manage_connections", False, True),
    ]
    page = client.get(TEAM).content.decode()
    assert "Changed what colleague@fournitures.example may do" in page
    assert "Customers: All customers → Acme Test Industries" in page
    assert "Manages customer connections: No → Yes" in page


def test_making_a_colleague_an_admin_gives_them_every_customer(
    supplier_user, supplier_member, customers_of_supplier
):
    team.update_member(
        membership=supplier_member.supplier_membership,
        actor=supplier_user,
        role="member",
        can_manage_connections=False,
        customers=[customers_of_supplier[0]],
    )

    team.update_member(
        membership=supplier_member.supplier_membership,
        actor=supplier_user,
        role="admin",
        can_manage_connections=False,
        customers=[customers_of_supplier[0]],
    )

    assert SupplierMember.objects.get(user=supplier_member).role == "admin"
    assert not ColleagueAccess.objects.exists()


# --- nobody grants more than they have -----------------------------------------------------------


def test_a_member_cannot_make_themselves_an_admin(client, supplier_member):
    client.force_login(supplier_member)

    response = client.post(_member_url(supplier_member), _rights(role="admin"))

    assert response.status_code == 403
    assert SupplierMember.objects.get(user=supplier_member).role == "member"


def test_a_member_cannot_invite_anyone_through_the_services(supplier, supplier_member):
    with pytest.raises(SupplierAccessDenied):
        team.invite_colleague(
            supplier=supplier, actor=supplier_member, email="friend@example.com", role="admin"
        )

    assert not TeamInvitation.objects.exists()


def test_an_admin_cannot_change_another_companys_colleague(supplier_member, other_supplier_user):
    with pytest.raises(AccountsError, match=r"You can only act for your own company\."):
        account_team.change_member(
            membership=supplier_member.supplier_membership,
            actor=other_supplier_user,
            role="admin",
            can_manage_connections=True,
        )


# --- the last administrator --------------------------------------------------------------------


def test_the_last_admin_cannot_be_demoted(client, supplier_user):
    client.force_login(supplier_user)

    response = client.post(_member_url(supplier_user), _rights(role="member"))

    assert "is the last administrator of Fournitures Test SARL" in response.content.decode()
    assert SupplierMember.objects.get(user=supplier_user).role == "admin"


def test_with_two_admins_one_steps_down_and_the_other_cannot(supplier, supplier_user):
    second = make_supplier_user("second@fournitures.example", supplier=supplier)
    account_team.change_member(
        membership=second.supplier_membership,
        actor=supplier_user,
        role="member",
        can_manage_connections=False,
    )

    with pytest.raises(LastAdmin):
        account_team.change_member(
            membership=supplier_user.supplier_membership,
            actor=supplier_user,
            role="member",
            can_manage_connections=False,
        )


def test_the_last_active_admin_cannot_be_removed_or_deactivated(supplier, supplier_user):
    deactivated = make_supplier_user("away@fournitures.example", supplier=supplier)
    account_team.deactivate_member(membership=deactivated.supplier_membership, actor=supplier_user)

    with pytest.raises(AccountsError, match="You cannot remove yourself"):
        account_team.remove_member(
            membership=supplier_user.supplier_membership, actor=supplier_user
        )
    with pytest.raises(LastAdmin):
        account_team.leave_company(user=supplier_user)

    assert SupplierMember.objects.filter(user=supplier_user).exists()


def test_two_admins_demoting_each_other_at_once_leave_one_admin(postgres, transactional_db):
    first = make_supplier_user("first@fournitures.example", company="Pair SARL")
    supplier = first.supplier_membership.supplier
    second = make_supplier_user("second@fournitures.example", supplier=supplier)

    def demote(actor, target):
        return lambda: account_team.change_member(
            membership=target.supplier_membership,
            actor=actor,
            role="member",
            can_manage_connections=False,
        )

    outcomes = run_at_once(demote(first, second), demote(second, first))

    assert sum(isinstance(outcome, LastAdmin) for outcome in outcomes) == 1
    assert SupplierMember.objects.admins().filter(supplier=supplier).count() == 1


# --- deactivation, removal ------------------------------------------------------------------------


def test_deactivating_a_colleague_ends_their_sessions_at_once(
    client, supplier_user, supplier_member
):
    colleague = Client()
    colleague.force_login(supplier_member)
    assert colleague.get(reverse("customers:setup")).status_code == 200
    client.force_login(supplier_user)

    response = client.post(
        reverse("customers:team_deactivate", args=[supplier_member.supplier_membership.pk]),
        follow=True,
    )

    assert "their sessions have ended" in response.content.decode()
    after = colleague.get(reverse("customers:setup"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("account_login"))
    supplier_member.refresh_from_db()  # logging in again: the account as it is now
    colleague.force_login(supplier_member)
    refused = colleague.get(reverse("customers:setup"))
    assert refused.status_code == 403
    assert "Your access to Fournitures Test SARL was deactivated" in refused.content.decode()
    assert "Deactivated colleague@fournitures.example" in client.get(TEAM).content.decode()


def test_a_reactivated_colleague_acts_again(client, supplier_user, supplier_member):
    membership = supplier_member.supplier_membership
    account_team.deactivate_member(membership=membership, actor=supplier_user)
    client.force_login(supplier_user)

    client.post(reverse("customers:team_reactivate", args=[membership.pk]))

    supplier_member.refresh_from_db()
    client.force_login(supplier_member)
    assert client.get(reverse("customers:setup")).status_code == 200
    assert list(
        SupplierAuditEvent.objects.filter(action__in=["team.deactivated", "team.reactivated"])
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    ) == ["team.deactivated", "team.reactivated"]


def test_a_removed_colleague_keeps_their_account_but_not_the_company(
    client, supplier_user, supplier_member
):
    client.force_login(supplier_user)

    client.post(reverse("customers:team_remove", args=[supplier_member.supplier_membership.pk]))

    supplier_member.refresh_from_db()
    assert supplier_member.is_active
    assert not SupplierMember.objects.filter(user=supplier_member).exists()
    entry = SupplierAuditEvent.objects.get(action="team.removed")
    assert entry.before == {"role": "member", "manage_connections": False, "active": True}


def test_the_team_page_costs_the_same_queries_for_a_big_team(
    client, supplier, supplier_user, customers_of_supplier, django_assert_max_num_queries
):
    for number in range(30):
        member = make_supplier_user(
            f"m{number}@fournitures.example", supplier=supplier, role="member"
        )
        team.update_member(
            membership=member.supplier_membership,
            actor=supplier_user,
            role="member",
            can_manage_connections=False,
            customers=list(customers_of_supplier),
        )
        team.invite_colleague(
            supplier=supplier, actor=supplier_user, email=f"i{number}@example.com"
        )
    client.force_login(supplier_user)

    with django_assert_max_num_queries(14):
        response = client.get(TEAM)

    cell = "<td>Acme Test Industries, Globex Test Corporation</td>"
    assert response.content.decode().count(cell) == 30
