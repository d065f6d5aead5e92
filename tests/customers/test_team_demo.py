"""The demo's teams: a colleague of the demo supplier for Acme Industries only, and a
reviewer of Acme Industries."""

import pytest
from django.urls import reverse

from accounts.models import SupplierMember
from csp_portal import demo
from customers.models import CustomerMember

pytestmark = pytest.mark.django_db


def test_the_demo_colleague_acts_for_acme_only_and_the_reviewer_reviews(client):
    demo.seed()

    colleague = SupplierMember.objects.get(user__email="colleague@example.com")
    assert (colleague.supplier.name, colleague.role) == ("Démo Fournitures SARL", "member")
    assert [c.name for c in colleague.customer_access.customers.all()] == ["Acme Industries"]
    reviewer = CustomerMember.objects.get(user__email="reviewer@acme.example")
    assert (reviewer.customer.name, reviewer.role) == ("Acme Industries", "reviewer")
    assert client.login(email="colleague@example.com", password=demo.DEMO_PASSWORD)
    setup = client.get(reverse("customers:setup")).content.decode()
    assert "Acme Industries" in setup
    assert "Initech" not in setup and "Globex Corporation" not in setup


def test_seeding_again_leaves_the_teams_as_they_are():
    demo.seed()
    colleague = SupplierMember.objects.get(user__email="colleague@example.com")
    colleague.customer_access.customers.clear()

    demo.seed()

    assert not colleague.customer_access.customers.exists()
    assert CustomerMember.objects.filter(user__email="reviewer@acme.example").count() == 1
