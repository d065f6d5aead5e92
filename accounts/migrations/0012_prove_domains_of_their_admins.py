"""Existing company domains count as proven only where an admin's verified address is on them.

The others stay declared, unproven: their admins prove them from the company
page (a link sent to an address on the domain). Reverse: every domain counts
as before, and where several companies claimed one, the proven claim (or the
first) keeps it, since the previous schema allowed one company per domain.
"""

from django.db import migrations


def prove_domains_of_their_admins(apps, schema_editor):
    CompanyDomain = apps.get_model("accounts", "CompanyDomain")
    SupplierMember = apps.get_model("accounts", "SupplierMember")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for claim in CompanyDomain.objects.filter(proven_at__isnull=True).order_by("added_at", "pk"):
        admin_ids = SupplierMember.objects.filter(
            supplier_id=claim.supplier_id, role="admin"
        ).values_list("user_id", flat=True)
        address = (
            EmailAddress.objects.filter(
                user_id__in=admin_ids, verified=True, email__iendswith="@" + claim.domain
            )
            .order_by("pk")
            .values_list("email", flat=True)
            .first()
        )
        if address is None or CompanyDomain.objects.filter(
            domain=claim.domain, proven_at__isnull=False
        ).exists():
            continue
        claim.proven_at = claim.added_at
        claim.proof = "admin_email"
        claim.proven_with = address.lower()
        claim.save(update_fields=["proven_at", "proof", "proven_with"])


def keep_one_claim_per_domain(apps, schema_editor):
    CompanyDomain = apps.get_model("accounts", "CompanyDomain")
    kept: set[str] = set()
    # Proven claims first, then the oldest (sorted here: NULLs sort differently by database).
    claims = sorted(
        CompanyDomain.objects.all(),
        key=lambda c: (c.proven_at is None, c.added_at, c.pk),
    )
    for claim in claims:
        if claim.domain.lower() in kept:
            claim.delete()
        else:
            kept.add(claim.domain.lower())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_company_domain_proof"),
        ("account", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(prove_domains_of_their_admins, keep_one_claim_per_domain),
    ]
