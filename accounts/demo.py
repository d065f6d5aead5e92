"""Demo users and the demo supplier company (see csp_portal/demo.py)."""

from allauth.account.models import EmailAddress

from accounts.models import Supplier, SupplierMember, User

DEMO_SUPPLIER_NAME = "Démo Fournitures SARL"


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
    supplier, made = Supplier.objects.get_or_create(name=DEMO_SUPPLIER_NAME)
    if made:
        created.append(f"supplier {supplier.name}")
    if not SupplierMember.objects.filter(user=user).exists():
        SupplierMember.objects.create(supplier=supplier, user=user, role=SupplierMember.Role.ADMIN)
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
