"""Company email domains: syntax, public providers, one company per domain (in the database)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import services
from accounts.domains import (
    domain_of_email,
    is_public_mail_domain,
    normalize_domain,
    validate_company_domain,
)
from accounts.exceptions import DomainTaken
from accounts.models import CompanyDomain


@pytest.mark.parametrize(
    "domain",
    [
        "acme.example",
        "demo-fournitures.example",
        "mail.acme.co.uk",
        "xn--lectricit-93aj.fr",
        "électricité.fr",
    ],
)
def test_real_company_domains_are_accepted(domain):
    validate_company_domain(domain)


@pytest.mark.parametrize(
    "domain",
    [
        "acme",
        "-acme.example",
        "acme-.example",
        "acme..example",
        "acme.e",
        "ac me.example",
        "a" * 64 + ".example",
        "",
    ],
)
def test_malformed_domains_are_refused(domain):
    with pytest.raises(ValidationError) as error:
        validate_company_domain(domain)
    assert error.value.code == "not_a_domain"


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.fr",
        "yahoo.com",
        "yahoo.fr",
        "yahoo.co.uk",
        "icloud.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "gmx.de",
        "gmx.net",
        "proton.me",
        "protonmail.com",
        "GMAIL.COM",
    ],
)
def test_public_mail_providers_are_refused(domain):
    with pytest.raises(ValidationError) as error:
        validate_company_domain(domain)
    assert error.value.code == "public_mail_domain"


def test_a_company_domain_that_starts_like_a_provider_is_not_a_provider():
    assert not is_public_mail_domain("yahoo-fans.example")
    assert not is_public_mail_domain("outlook.mycompany.example")


def test_domains_are_normalized_to_lower_case_ascii():
    assert normalize_domain(" @Électricité.FR. ") == "xn--lectricit-93aj.fr"
    assert domain_of_email("Nina@Fournitures.Example") == "fournitures.example"
    assert domain_of_email("no-at-sign") == ""


@pytest.mark.django_db
def test_two_companies_may_claim_a_domain_but_only_one_may_prove_it(supplier, other_supplier_user):
    other = other_supplier_user.supplier_membership.supplier
    proven = {"proven_at": timezone.now(), "proof": CompanyDomain.Proof.OPERATOR}
    CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example", **proven)
    CompanyDomain.objects.create(supplier=other, domain="fournitures.example")

    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyDomain.objects.filter(supplier=other).update(**proven)


@pytest.mark.django_db
def test_database_refuses_a_company_claiming_a_domain_twice(supplier):
    CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example")

    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example")


@pytest.mark.django_db
def test_database_refuses_a_domain_in_upper_case(supplier):
    """With the unique index on lower(domain), no two companies prove a domain in any case."""
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyDomain.objects.create(supplier=supplier, domain="Fournitures.example")


@pytest.mark.django_db
def test_database_refuses_a_proof_without_its_date(supplier):
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyDomain.objects.create(
            supplier=supplier, domain="fournitures.example", proof=CompanyDomain.Proof.LINK
        )


@pytest.mark.django_db
def test_declaring_a_domain_twice_or_one_another_company_proved_raises_domain_taken(
    supplier, other_supplier_user
):
    other = other_supplier_user.supplier_membership.supplier
    claim = services.declare_company_domain(
        supplier=supplier, domain="fournitures.example", actor=None
    )

    with pytest.raises(DomainTaken):
        services.declare_company_domain(supplier=supplier, domain="FOURNITURES.example", actor=None)
    services.mark_domain_proven(domain_id=claim.pk, actor=None)
    with pytest.raises(DomainTaken):
        services.declare_company_domain(supplier=other, domain="fournitures.example", actor=None)

    assert CompanyDomain.objects.get().supplier == supplier
