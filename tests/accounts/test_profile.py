"""The supplier profile as customers will see it: public always, restricted only when shared."""

import pytest

from accounts.models import PublicProfile, RestrictedProfile
from accounts.selectors import profile_for_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def described_supplier(supplier):
    supplier.country = "FR"
    supplier.website = "https://fournitures.example"
    supplier.description = "Office supplies."
    supplier.legal_name = "Fournitures Test SARL"
    supplier.tax_id = "FR12345678901"
    supplier.postal_address = "1 rue du Test"
    supplier.phone = "+33 1 23 45 67 89"
    supplier.contact_name = "Sophie Martin"
    supplier.contact_email = "sophie@fournitures.example"
    supplier.save()
    return supplier


def test_a_customer_sees_the_public_profile_and_not_the_restricted_one(described_supplier):
    profile = profile_for_customer(described_supplier)

    assert profile.public == PublicProfile(
        trading_name="Fournitures Test SARL",
        country="FR",
        country_name="France",
        website="https://fournitures.example",
        description="Office supplies.",
    )
    assert profile.restricted is None


def test_a_customer_the_profile_is_shared_with_sees_the_restricted_fields(described_supplier):
    profile = profile_for_customer(described_supplier, restricted_shared=True)

    assert profile.restricted == RestrictedProfile(
        legal_name="Fournitures Test SARL",
        tax_id="FR12345678901",
        postal_address="1 rue du Test",
        phone="+33 1 23 45 67 89",
        contact_name="Sophie Martin",
        contact_email="sophie@fournitures.example",
    )


def test_an_empty_profile_reads_as_empty_strings(supplier):
    profile = profile_for_customer(supplier)

    assert (profile.public.country, profile.public.country_name) == ("", "")
