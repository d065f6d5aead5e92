"""The customer's change history: every settings change, for its admins and the operator."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_noop

from customers.models import CustomerAuditEvent
from customers.services.audit import record_customer_change
from tests.customers.settings_helpers import settings_form

pytestmark = pytest.mark.django_db

HISTORY_URL = reverse("customer_admin:customers_customerauditevent_changelist")


def _setup_entries() -> list[int]:
    """The entries the fixtures wrote: a new customer's first terms, published by nobody."""
    return list(
        CustomerAuditEvent.objects.filter(action="terms.published", actor=None).values_list(
            "pk", flat=True
        )
    )


def _change_settings(client, customer, **changes):
    url = reverse("customer_admin:customers_customer_change", args=[customer.pk])
    assert client.post(url, settings_form(customer, **changes)).status_code == 302


def test_a_settings_change_records_who_changed_what_from_what(client, customer_admin, customer):
    client.force_login(customer_admin)

    _change_settings(client, customer, accepts_requests="", days_to_answer=14)

    event = CustomerAuditEvent.objects.for_customer(customer).exclude(pk__in=_setup_entries()).get()
    assert event.actor == customer_admin
    assert event.action == "settings.changed"
    assert sorted(event.changes) == [("accepts_requests", True, False), ("days_to_answer", 30, 14)]


def test_new_terms_are_recorded_as_a_new_version(client, customer_admin, customer):
    client.force_login(customer_admin)

    _change_settings(client, customer, terms_en="New terms 2027.")

    event = CustomerAuditEvent.objects.exclude(pk__in=_setup_entries()).get()
    assert event.action == "terms.published"
    assert event.changes == [("terms_version", 1, 2)]


def test_saving_unchanged_settings_records_nothing(client, customer_admin, customer):
    client.force_login(customer_admin)

    _change_settings(client, customer)

    assert not CustomerAuditEvent.objects.exclude(pk__in=_setup_entries()).exists()


def test_the_customer_admin_sees_each_change_before_and_after(client, customer_admin, customer):
    client.force_login(customer_admin)
    _change_settings(client, customer, accepts_requests="", country="FR")

    content = client.get(HISTORY_URL).content.decode()

    assert "Settings changed" in content
    # In the order of the settings page, whatever order the database keeps them in.
    assert content.index("<dt>Country</dt>") < content.index("<dt>Accepts connection requests</dt>")
    assert "<del>Yes</del>" in content and "<ins>No</ins>" in content
    assert "<del>United States of America</del>" in content and "<ins>France</ins>" in content
    assert customer_admin.get_full_name() in content


def test_the_history_shows_entries_any_part_of_the_portal_wrote(client, customer_admin, customer):
    record_customer_change(
        customer=customer,
        actor=customer_admin,
        action="team.role",
        message="%(name)s is now a reviewer",
        params={"name": "Bob"},
        before={"role": "admin"},
        after={"role": "reviewer"},
    )
    client.force_login(customer_admin)

    content = client.get(HISTORY_URL).content.decode()

    assert "Bob is now a reviewer" in content
    assert "<dt>Role</dt>" in content and "<ins>reviewer</ins>" in content


def test_another_customers_history_is_neither_listed_nor_found(
    client, customer_admin, other_customer_admin, other_customer
):
    event = record_customer_change(
        customer=other_customer,
        actor=other_customer_admin,
        action="settings.changed",
        message=gettext_noop("Settings changed"),
        before={"city": "Lyon"},
        after={"city": "Secret City"},
    )
    client.force_login(customer_admin)

    assert "Secret City" not in client.get(HISTORY_URL).content.decode()
    detail = reverse("customer_admin:customers_customerauditevent_change", args=[event.pk])
    assert client.get(detail).status_code == 404


def test_the_history_page_reads_a_fixed_number_of_queries(
    client, customer_admin, customer, django_assert_max_num_queries
):
    for number in range(120):
        record_customer_change(
            customer=customer,
            actor=customer_admin,
            action="settings.changed",
            message=gettext_noop("Settings changed"),
            before={"days_to_answer": number},
            after={"days_to_answer": number + 1},
        )
    client.force_login(customer_admin)

    with django_assert_max_num_queries(15):
        assert client.get(HISTORY_URL).status_code == 200


def test_the_operators_changes_are_recorded_and_every_history_shown_to_the_operator(
    client, operator, customer
):
    client.force_login(operator)
    url = reverse("admin:customers_customer_change", args=[customer.pk])
    inline = {"members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0"}
    assert (
        client.post(url, {**settings_form(customer, city="Shelbyville"), **inline}).status_code
        == 302
    )

    event = CustomerAuditEvent.objects.exclude(pk__in=_setup_entries()).get()
    assert event.actor == operator
    content = client.get(reverse("admin:customers_customerauditevent_changelist")).content.decode()
    assert "Settings changed" in content
    assert "Acme Test Industries" in content
