"""Demo users and the demo supplier company (see csp_portal/demo.py)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import services
from accounts.models import (
    CompanyDocument,
    CompanyDomain,
    DocumentKind,
    Supplier,
    SupplierMember,
    User,
)

DEMO_SUPPLIER_NAME = "Démo Fournitures SARL"
DEMO_SUPPLIER_DOMAIN = "demo-fournitures.example"
DEMO_SUPPLIER_PROFILE = {
    "country": "FR",
    "website": "https://www.demo-fournitures.example",
    "description": "Fournitures de bureau et consommables pour les entreprises, livrés en 48 h.",
    "legal_name": "Démo Fournitures SARL",
    "tax_id": "FR12345678901",
    "postal_address": "12 rue de l'Exemple\n75011 Paris",
    "phone": "+33 1 23 45 67 89",
    "contact_name": "Sophie Martin",
    "contact_email": "supplier@example.com",
}


def seed(*, password: str) -> list[str]:
    created: list[str] = []
    operator, made = ensure_user(
        "admin@example.com", password, full_name="Operator", superuser=True
    )
    if made:
        created.append(f"operator {operator.email}")
    user, made = ensure_user("supplier@example.com", password, full_name="Sophie Martin")
    if made:
        created.append(f"supplier user {user.email}")
    supplier, made = Supplier.objects.get_or_create(
        name=DEMO_SUPPLIER_NAME, defaults=DEMO_SUPPLIER_PROFILE
    )
    if made:
        created.append(f"supplier {supplier.name}")
    if not SupplierMember.objects.filter(user=user).exists():
        SupplierMember.objects.create(supplier=supplier, user=user, role=SupplierMember.Role.ADMIN)
    claim = CompanyDomain.objects.for_supplier(supplier).matching(DEMO_SUPPLIER_DOMAIN).first()
    if claim is None:
        claim = services.declare_company_domain(
            supplier=supplier, domain=DEMO_SUPPLIER_DOMAIN, actor=user
        )
        created.append(f"company domain {DEMO_SUPPLIER_DOMAIN}")
    if not CompanyDocument.objects.for_supplier(supplier).exists():
        services.add_company_document(
            supplier=supplier,
            actor=user,
            kind=DocumentKind.INSURANCE,
            title=DEMO_INSURANCE_TITLE,
            # Expires soon: the expiry email is due (remind_expiring_documents).
            expires_on=timezone.localdate() + timedelta(days=20),
            uploaded=SimpleUploadedFile(
                "attestation-assurance-rc-pro.pdf",
                demo_pdf(["Attestation d'assurance", DEMO_SUPPLIER_NAME, DEMO_INSURANCE_TITLE]),
                content_type="application/pdf",
            ),
        )
        created.append(f"document {DEMO_INSURANCE_TITLE}")
    if not claim.is_proven:
        # No demo mailbox on it: the operator vouches, so "ask to join" works at sign-up.
        services.mark_domain_proven(domain_id=claim.pk, actor=operator)
        created.append(f"proof of {DEMO_SUPPLIER_DOMAIN}")
    return created


DEMO_INSURANCE_TITLE = "Responsabilité civile professionnelle"


def demo_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing ``lines`` (Latin-1 text), made here, not downloaded."""

    def escape(text: str) -> bytes:
        raw = text.encode("latin-1", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    text = (
        b"BT /F1 16 Tf 72 760 Td 22 TL "
        + b" ".join(b"(" + escape(line) + b") Tj T*" for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def ensure_user(
    email: str,
    password: str,
    *,
    full_name: str = "",
    language: str = "",
    superuser: bool = False,
) -> tuple[User, bool]:
    """The user with this email, created (verified, with the password) if missing."""
    user = User.objects.filter(email__iexact=email).first()
    made = user is None
    if made:
        user = User(email=email, full_name=full_name, language=language)
        user.is_staff = user.is_superuser = superuser
        user.set_password(password)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user, made
