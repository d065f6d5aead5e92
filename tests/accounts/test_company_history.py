"""The company's change history: every profile change, for its administrators and the operator."""

import html

import pytest
from django.urls import reverse
from django.utils.translation import gettext_noop

from accounts.models import SupplierAuditEvent
from accounts.services import record_company_change
from tests.accounts.test_company_page import COMPANY_URL, PROFILE

pytestmark = pytest.mark.django_db

HISTORY_URL = reverse("accounts:history")


def test_saving_the_profile_records_who_changed_what_from_what(client, supplier_user, supplier):
    client.force_login(supplier_user)
    client.post(COMPANY_URL, PROFILE)
    client.post(COMPANY_URL, {**PROFILE, "phone": "+33 6 11 22 33 44", "country": "BE"})

    latest = SupplierAuditEvent.objects.for_supplier(supplier).first()
    assert latest.actor == supplier_user
    assert latest.action == "profile.changed"
    assert sorted(latest.changes) == [
        ("country", "FR", "BE"),
        ("phone", "+33 1 23 45 67 89", "+33 6 11 22 33 44"),
    ]


def test_saving_the_profile_unchanged_records_nothing(client, supplier_user, supplier):
    client.force_login(supplier_user)
    client.post(COMPANY_URL, PROFILE)
    count = SupplierAuditEvent.objects.count()

    client.post(COMPANY_URL, PROFILE)

    assert SupplierAuditEvent.objects.count() == count


def test_the_history_page_shows_each_change_before_and_after(client, supplier_user):
    client.force_login(supplier_user)
    client.post(COMPANY_URL, PROFILE)
    client.post(COMPANY_URL, {**PROFILE, "country": "BE"})

    content = client.get(HISTORY_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Company profile changed" in content
    assert "<dt>Country</dt>" in content
    assert "<del>France</del>" in content and "<ins>Belgium</ins>" in content
    french = html.unescape(client.get(HISTORY_URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Profil de l'entreprise modifié" in french
    assert "<dt>Pays</dt>" in french and "<ins>Belgique</ins>" in french


def test_the_history_shows_entries_any_part_of_the_portal_wrote(client, supplier_user, supplier):
    record_company_change(
        supplier=supplier,
        actor=None,
        action="domains.verified",
        message="%(domain)s is proved to be yours",
        params={"domain": "fournitures.example"},
        before={"proof_status": "pending", "shared_with": []},
        after={"proof_status": "verified", "shared_with": ["Acme", "Globex"]},
    )
    client.force_login(supplier_user)

    content = client.get(HISTORY_URL).content.decode()

    assert "fournitures.example is proved to be yours" in content
    assert "<dt>Proof status</dt>" in content
    assert "<ins>Acme, Globex</ins>" in content


def test_the_company_page_links_its_administrators_to_the_history(
    client, supplier_user, supplier_member
):
    client.force_login(supplier_user)
    assert HISTORY_URL in client.get(COMPANY_URL).content.decode()

    client.force_login(supplier_member)
    assert HISTORY_URL not in client.get(COMPANY_URL).content.decode()


def test_a_member_who_is_not_an_administrator_is_refused(client, supplier_member):
    client.force_login(supplier_member)

    response = client.get(HISTORY_URL)

    assert response.status_code == 403
    assert "Only the administrators of" in response.content.decode()


def test_anonymous_visitors_log_in_first_and_posts_are_refused(client, supplier_user):
    assert client.get(HISTORY_URL)["Location"].startswith(reverse("account_login"))
    client.force_login(supplier_user)
    assert client.post(HISTORY_URL).status_code == 405


def test_another_companys_history_is_never_shown(client, supplier_user, other_supplier_user):
    other = other_supplier_user.supplier_membership.supplier
    record_company_change(
        supplier=other,
        actor=other_supplier_user,
        action="profile.changed",
        message=gettext_noop("Company profile changed"),
        before={"name": "Other Supplier Ltd"},
        after={"name": "Secret New Name"},
    )
    client.force_login(supplier_user)

    content = client.get(HISTORY_URL).content.decode()

    assert "Secret New Name" not in content
    assert "No change has been recorded yet." in content


def test_the_history_page_reads_a_fixed_number_of_queries(
    client, supplier_user, supplier, django_assert_max_num_queries
):
    for number in range(60):
        record_company_change(
            supplier=supplier,
            actor=supplier_user,
            action="profile.changed",
            message=gettext_noop("Company profile changed"),
            before={"phone": str(number)},
            after={"phone": str(number + 1)},
        )
    client.force_login(supplier_user)

    with django_assert_max_num_queries(12):
        response = client.get(HISTORY_URL + "?page=2")

    assert "Page 2 of 2" in response.content.decode()


def test_the_operator_sees_every_companys_history(client, operator, supplier_user):
    client.force_login(supplier_user)
    client.post(COMPANY_URL, PROFILE)
    client.force_login(operator)

    response = client.get(reverse("admin:accounts_supplierauditevent_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Company profile changed" in content
    assert "Fournitures Test" in content
