"""On PostgreSQL, two companies proving one domain at the same moment: one wins, no deadlock."""

import pytest

from accounts import services
from accounts.models import CompanyDomain
from csp_portal.errors import DomainError
from tests.concurrency import run_at_once
from tests.factories import make_supplier_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_proofs_at_once_leave_one_proven_domain(postgres):
    claims = [
        services.declare_company_domain(
            supplier=make_supplier_user(f"boss@company{n}.example").supplier_membership.supplier,
            domain="contested.example",
            actor=None,
        )
        for n in range(2)
    ]

    outcomes = run_at_once(
        *(
            lambda c=claim: services.mark_domain_proven(domain_id=c.pk, actor=None)
            for claim in claims
        )
    )

    assert sum(isinstance(outcome, CompanyDomain) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, DomainError) for outcome in outcomes) == 1
    [kept] = CompanyDomain.objects.all()
    assert kept.is_proven
