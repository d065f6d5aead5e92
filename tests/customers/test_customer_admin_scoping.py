"""The customer admin's one scoping rule (``CustomerScopedAdmin``), over every model admin.

For each model registered on ``/customer-admin/``, an object of another
customer is a 404 on every page whose URL names an object: the admin's
change, history and delete views and each admin's own views (accept, end,
resend…), by GET and by POST. So is an id that names nothing, or no number at
all. A model admin added later without an entry here fails the first test.
"""

import pytest
from django.urls import reverse

from connections.models import ConnectionRequest
from customers.admin_site import customer_admin_site
from customers.models import (
    Customer,
    CustomerAuditEvent,
    CustomerMember,
    Invitation,
    InvitationImport,
    Onboarding,
    Questionnaire,
    Relationship,
    Section,
)
from customers.services import invitation_imports, invitations
from customers.services.audit import record_customer_change
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with
from tests.factories import make_customer_admin

pytestmark = pytest.mark.django_db


def _foreign_onboarding(customer, supplier, supplier_user) -> Onboarding:
    make_questionnaire(customer)
    return onboarding_with(supplier, customer, supplier_user=supplier_user)


def _foreign_request(customer, supplier, supplier_user) -> ConnectionRequest:
    from connections import services

    return services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=supplier_user,
        contact_email="buyer@globex.example",
        terms_version=customer.terms_version,
    )


# How to make an object of ``other_customer`` for each model admin.
FOREIGN_OBJECTS = {
    Customer: lambda customer, supplier, user: customer,
    CustomerMember: lambda customer, supplier, user: (
        make_customer_admin("colleague@globex.example", customer=customer).customer_membership
    ),
    Relationship: lambda customer, supplier, user: (
        _foreign_onboarding(customer, supplier, user).relationship
    ),
    Invitation: lambda customer, supplier, user: invitations.send_invitation(
        customer=customer, email="someone@newco.example", invited_by=None
    ),
    Questionnaire: lambda customer, supplier, user: make_questionnaire(customer),
    Section: lambda customer, supplier, user: make_questionnaire(customer).sections.first(),
    Onboarding: _foreign_onboarding,
    ConnectionRequest: _foreign_request,
    CustomerAuditEvent: lambda customer, supplier, user: record_customer_change(
        customer=customer,
        actor=None,
        action="settings.changed",
        message="Settings changed",
        before={"city": "Lyon"},
        after={"city": "Paris"},
    ),
    InvitationImport: lambda customer, supplier, user: invitation_imports.preview_import(
        customer=customer,
        uploaded_by=None,
        file_name="suppliers.csv",
        content=b"email\nsomeone@newco.example\n",
        language="en",
    ),
}


def _object_urls(model, pk) -> list[str]:
    """Every URL of the model's admin that names one object, filled with ``pk``
    (and any other id it takes, such as a document's, with 1)."""
    model_admin = customer_admin_site._registry[model]
    return [
        reverse(
            f"customer_admin:{pattern.name}",
            kwargs={
                **dict.fromkeys(pattern.pattern.regex.groupindex, 1),
                "object_id": pk,
            },
        )
        for pattern in model_admin.get_urls()
        if pattern.name and "object_id" in pattern.pattern.regex.groupindex
    ]


def test_every_model_admin_is_covered():
    assert set(customer_admin_site._registry) == set(FOREIGN_OBJECTS)


@pytest.mark.parametrize("model", list(FOREIGN_OBJECTS), ids=lambda m: m.__name__)
def test_another_customers_object_is_a_404_on_every_page_that_names_it(
    client, customer_admin, other_customer, other_supplier_user, model
):
    supplier = other_supplier_user.supplier_membership.supplier
    foreign = FOREIGN_OBJECTS[model](other_customer, supplier, other_supplier_user)
    client.force_login(customer_admin)
    urls = _object_urls(model, foreign.pk)
    views = {url.rstrip("/").rsplit("/", 1)[-1] for url in urls}

    answers = {url: {client.get(url).status_code, client.post(url, {}).status_code} for url in urls}

    assert {"change", "history", "delete"} <= views
    # 404 by the method the view takes; 405 (before any lookup) by the other one.
    assert {url: 404 in codes and codes <= {404, 405} for url, codes in answers.items()} == (
        dict.fromkeys(urls, True)
    ), answers
    assert model.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("model", list(FOREIGN_OBJECTS), ids=lambda m: m.__name__)
@pytest.mark.parametrize("bad_id", ["999999", "³", "abc", "9" * 25])
def test_an_id_that_names_nothing_is_a_404(client, customer_admin, model, bad_id):
    client.force_login(customer_admin)

    answers = {url: client.get(url).status_code for url in _object_urls(model, bad_id)}

    # 405: a POST-only view refuses the GET before reading the id.
    assert set(answers.values()) <= {404, 405}
    assert 404 in answers.values()
