"""The sharing rule, everywhere a customer looks: every customer-facing page, export and
email, shared or not. Restricted values and document links appear exactly when
shared (``customers.selectors.seen_by_customer``)."""

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from connections import services as connection_services
from connections.models import ConnectionRequest
from customers.models import Relationship
from customers.services import onboarding as onboarding_services
from tests.accounts.documents import make_document
from tests.customers.onboarding_factories import VALID_INPUT, make_questionnaire, questions_by_label
from tests.customers.sharing_helpers import give_restricted_profile, share, shows_restricted

pytestmark = pytest.mark.django_db

CONTACT = "purchasing@acme.example"  # the Customer Contact, not an admin


@pytest.fixture
def world(
    supplier,
    supplier_user,
    customer,
    customer_admin,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    give_restricted_profile(supplier)
    make_questionnaire(customer)
    return SimpleNamespace(
        supplier=supplier,
        supplier_user=supplier_user,
        customer=customer,
        customer_admin=customer_admin,
        client=client,
        outbox=mailoutbox,
        commit=django_capture_on_commit_callbacks,
        document=make_document(supplier, actor=supplier_user),
    )


def _request(w, *, shared: bool) -> ConnectionRequest:
    with w.commit(execute=True):
        return connection_services.request_connection(
            supplier=w.supplier,
            customer=w.customer,
            actor=w.supplier_user,
            contact_email=CONTACT,
            terms_version=w.customer.terms_version,
            share_restricted_profile=shared,
        )


def _onboarded(w, *, shared: bool, submit: bool = True):
    """Requested, accepted, answered and submitted; sharing as asked."""
    connection_request = _request(w, shared=shared)
    connection_services.accept_request(
        connection_request=connection_request, actor=w.customer_admin
    )
    relationship = Relationship.objects.get(supplier=w.supplier, customer=w.customer)
    if submit:
        _submit(w, relationship.onboarding)
    return connection_request, relationship


def _submit(w, onboarding):
    by_label = questions_by_label(onboarding.questionnaire)
    values = {by_label[label].answer_key: value for label, value in VALID_INPUT.items()}
    with w.commit(execute=True):
        onboarding_services.submit_answers(
            onboarding=onboarding, actor=w.supplier_user, values=values
        )


def _page(w, name: str, pk: int) -> str:
    w.client.force_login(w.customer_admin)
    response = w.client.get(reverse(f"customer_admin:{name}", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def _mail_to(w, address: str, kind: str) -> str:
    messages = [m for m in w.outbox if m.to == [address] and kind in m.subject]
    assert messages, [(m.to, m.subject) for m in w.outbox]
    return "".join(m.body + "".join(a[0] for a in m.alternatives) for m in messages)


# --- the surfaces: (world, shared) → what the customer's staff get, and the relationship ----


def supplier_page(w, shared):
    _, relationship = _onboarded(w, shared=shared)
    return _page(w, "customers_relationship_change", relationship.pk), relationship


def connection_request_page(w, shared):
    connection_request, relationship = _onboarded(w, shared=shared, submit=False)
    return _page(w, "connections_connectionrequest_change", connection_request.pk), relationship


def pending_request_page(w, shared):
    connection_request = _request(w, shared=shared)
    relationship = Relationship.objects.get(supplier=w.supplier, customer=w.customer)
    return _page(w, "connections_connectionrequest_change", connection_request.pk), relationship


def onboarding_review(w, shared):
    _, relationship = _onboarded(w, shared=shared)
    return _page(w, "customers_onboarding_change", relationship.onboarding.pk), relationship


def csv_export(w, shared):
    _, relationship = _onboarded(w, shared=shared)
    w.client.force_login(w.customer_admin)
    content = w.client.get(reverse("customer_admin:customers_onboarding_export")).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return "\n".join(",".join(row) for row in rows), relationship


def request_received_email(w, shared):
    _request(w, shared=shared)
    relationship = Relationship.objects.get(supplier=w.supplier, customer=w.customer)
    return _mail_to(w, w.customer_admin.email, "asks to connect"), relationship


def contact_email(w, shared):
    _request(w, shared=shared)
    relationship = Relationship.objects.get(supplier=w.supplier, customer=w.customer)
    return _mail_to(w, CONTACT, "named you as its contact"), relationship


def reminder_email(w, shared):
    connection_request = _request(w, shared=shared)
    ConnectionRequest.objects.filter(pk=connection_request.pk).update(
        requested_at=timezone.now() - timedelta(days=8)
    )
    with w.commit(execute=True):
        connection_services.remind_pending_requests()
    relationship = Relationship.objects.get(supplier=w.supplier, customer=w.customer)
    return _mail_to(w, w.customer_admin.email, "Reminder"), relationship


def onboarding_submitted_email(w, shared):
    _, relationship = _onboarded(w, shared=shared)
    return _mail_to(w, w.customer_admin.email, "submitted its onboarding answers"), relationship


SURFACES = [
    supplier_page,
    connection_request_page,
    pending_request_page,
    onboarding_review,
    csv_export,
    request_received_email,
    contact_email,
    reminder_email,
    onboarding_submitted_email,
]


@pytest.mark.parametrize("shared", [True, False], ids=["shared", "not shared"])
@pytest.mark.parametrize("surface", SURFACES, ids=lambda surface: surface.__name__)
def test_restricted_values_and_document_links_appear_exactly_when_shared(world, surface, shared):
    text, relationship = surface(world, shared)

    link = (
        f"/customer-admin/customers/relationship/{relationship.pk}/documents/{world.document.pk}/"
    )
    assert relationship.shares_restricted_profile is shared
    assert "Fournitures Test SARL" in text  # the public profile, always
    assert shows_restricted(text) is shared
    assert (link in text) is shared
    assert ("Civil liability insurance" in text) is shared


@pytest.mark.parametrize(
    "surface",
    [supplier_page, onboarding_review, csv_export],
    ids=lambda surface: surface.__name__,
)
def test_unsharing_takes_effect_at_once(world, surface):
    text, relationship = surface(world, True)
    assert shows_restricted(text)

    share(relationship, world.supplier_user, shared=False)
    again = {
        supplier_page: lambda: _page(world, "customers_relationship_change", relationship.pk),
        onboarding_review: lambda: _page(
            world, "customers_onboarding_change", relationship.onboarding.pk
        ),
        csv_export: lambda: world.client.get(
            reverse("customer_admin:customers_onboarding_export")
        ).content.decode("utf-8-sig"),
    }[surface]()

    assert not shows_restricted(again)
    assert "/documents/" not in again


def test_the_export_reads_a_fixed_number_of_queries_whatever_the_number_of_suppliers(
    world, django_assert_max_num_queries
):
    from tests.factories import make_supplier_user

    _onboarded(world, shared=True)
    world.client.force_login(world.customer_admin)
    export = reverse("customer_admin:customers_onboarding_export")
    with django_assert_max_num_queries(20) as few:
        world.client.get(export)
    for n in range(6):
        user = make_supplier_user(f"s{n}@supplier{n}.example", company=f"Supplier {n}")
        supplier = user.supplier_membership.supplier
        make_document(supplier, actor=user)
        relationship = _connect(supplier, world.customer, user, world.customer_admin)
        share(relationship, user, shared=n % 2 == 0)

    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = world.client.get(export).content.decode("utf-8-sig").splitlines()

    assert len([row for row in rows if row.startswith("Supplier ")]) == 6


def _connect(supplier, customer, user, admin):
    from tests.customers.sharing_helpers import connect

    return connect(supplier, customer, supplier_user=user, customer_admin=admin)
