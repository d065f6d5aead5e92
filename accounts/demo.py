"""Demo users and the demo supplier company (see csp_portal/demo.py)."""

from allauth.account.models import EmailAddress

from accounts import services
from accounts.models import CompanyDomain, Supplier, SupplierMember, User

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
    if not claim.is_proven:
        # No demo mailbox on it: the operator vouches, so "ask to join" works at sign-up.
        services.mark_domain_proven(domain_id=claim.pk, actor=operator)
        created.append(f"proof of {DEMO_SUPPLIER_DOMAIN}")
    return created


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
