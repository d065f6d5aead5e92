"""Migration 0008: existing domains stay proven only where an admin's verified address is on them."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("accounts", "0006_supplier_audit_log")
AFTER = ("accounts", "0012_prove_domains_of_their_admins")


def _company(apps, name: str, admin_email: str, domain: str, *, verified: bool = True):
    User = apps.get_model("accounts", "User")
    Supplier = apps.get_model("accounts", "Supplier")
    EmailAddress = apps.get_model("account", "EmailAddress")
    supplier = Supplier.objects.create(name=name)
    user = User.objects.create(email=admin_email, password="!")
    EmailAddress.objects.create(user=user, email=admin_email, verified=verified, primary=True)
    apps.get_model("accounts", "SupplierMember").objects.create(
        supplier=supplier, user=user, role="admin"
    )
    apps.get_model("accounts", "CompanyDomain").objects.create(supplier=supplier, domain=domain)
    return supplier


def _claims(apps) -> dict[tuple[str, str], tuple[str, str]]:
    CompanyDomain = apps.get_model("accounts", "CompanyDomain")
    return {
        (claim.supplier.name, claim.domain): (claim.proof, claim.proven_with)
        for claim in CompanyDomain.objects.select_related("supplier")
    }


def test_domains_of_their_admins_are_proven_the_others_wait_and_back(migrate_to):
    def _migrate(target):  # allauth's addresses stay at their latest
        return migrate_to([target], keep_latest=("account",))

    apps = _migrate(BEFORE)
    _company(apps, "Alpha", "a@alpha.example", "alpha.example")
    _company(apps, "Beta", "b@elsewhere.example", "beta.example")
    _company(apps, "Gamma", "g@gamma.example", "gamma.example", verified=False)

    apps = _migrate(AFTER)
    assert _claims(apps) == {
        ("Alpha", "alpha.example"): ("admin_email", "a@alpha.example"),
        ("Beta", "beta.example"): ("", ""),
        ("Gamma", "gamma.example"): ("", ""),
    }
    alpha = apps.get_model("accounts", "Supplier").objects.get(name="Alpha")
    apps.get_model("accounts", "CompanyDomain").objects.create(
        supplier=alpha, domain="beta.example"
    )

    apps = _migrate(BEFORE)
    CompanyDomain = apps.get_model("accounts", "CompanyDomain")
    assert set(CompanyDomain.objects.values_list("supplier__name", "domain")) == {
        ("Alpha", "alpha.example"),
        ("Beta", "beta.example"),  # the first claim keeps it
        ("Gamma", "gamma.example"),
    }
