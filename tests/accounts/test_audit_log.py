"""The audit logs of both sides: one entry per change, with only what changed."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from accounts.models import SupplierAuditEvent
from accounts.services import record_company_change
from customers.models import CustomerAuditEvent
from customers.services.audit import record_customer_change

pytestmark = pytest.mark.django_db


def test_a_company_change_keeps_who_when_and_only_the_values_that_changed(supplier, supplier_user):
    event = record_company_change(
        supplier=supplier,
        actor=supplier_user,
        action="profile.changed",
        message=gettext_noop("Company profile changed"),
        before={"phone": "+33 1 00 00 00 00", "website": "https://a.example"},
        after={"phone": "+33 1 99 99 99 99", "website": "https://a.example"},
    )

    stored = SupplierAuditEvent.objects.for_supplier(supplier).get()
    assert stored == event
    assert stored.actor == supplier_user
    assert stored.changes == [("phone", "+33 1 00 00 00 00", "+33 1 99 99 99 99")]


def test_a_change_that_changes_nothing_writes_nothing(supplier, supplier_user):
    event = record_company_change(
        supplier=supplier,
        actor=supplier_user,
        action="profile.changed",
        message=gettext_noop("Company profile changed"),
        before={"phone": "1"},
        after={"phone": "1"},
    )

    assert event is None
    assert not SupplierAuditEvent.objects.exists()


def test_an_added_value_has_no_before(customer, customer_admin):
    record_customer_change(
        customer=customer,
        actor=customer_admin,
        action="settings.changed",
        message=gettext_noop("Settings changed"),
        before={},
        after={"listed": False},
    )

    assert CustomerAuditEvent.objects.for_customer(customer).get(
        action="settings.changed"
    ).changes == [("listed", None, False)]


def test_the_entry_reads_in_the_readers_language(customer, customer_admin):
    event = record_customer_change(
        customer=customer,
        actor=customer_admin,
        action="terms.changed",
        message=gettext_noop("Connection terms changed"),
    )

    with translation.override("fr"):
        assert event.description == "Conditions de connexion modifiées"
