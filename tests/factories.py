"""Plain helpers that create rows the way the portal does."""

from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import Supplier, SupplierMember, User

PASSWORD = "correct-horse-battery-2026"


@cache
def _hashed_password() -> str:
    # Argon2 costs ~130 ms a hash: hash the shared test password once.
    return make_password(PASSWORD)


def make_user(email: str, *, verified: bool = True, **fields) -> User:
    user = User(email=email, password=_hashed_password(), **fields)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def make_supplier_user(
    email: str,
    *,
    company: str = "",
    supplier: Supplier | None = None,
    role: str = SupplierMember.Role.ADMIN,
    verified: bool = True,
) -> User:
    user = make_user(email, verified=verified)
    supplier = supplier or Supplier.objects.create(name=company or f"{email} company")
    SupplierMember.objects.create(supplier=supplier, user=user, role=role)
    return user


def make_customer(name: str, *, terms: dict[str, str] | None = None, **fields):
    """A listed customer, saved through the services (so its search name is set), with
    English terms (version 1) unless ``terms`` (language code → text) says otherwise."""
    from customers import services
    from customers.models import Customer

    customer = services.save_customer_settings(customer=Customer(name=name, **fields))
    texts = {"en": f"Terms of {name}."} if terms is None else terms
    services.publish_terms(customer=customer, texts=texts, actor=None)
    return customer


def make_customer_admin(email: str, *, customer, role: str = "admin"):
    from customers.models import CustomerMember

    user = make_user(email)
    CustomerMember.objects.create(customer=customer, user=user, role=role)
    return user


def limit_to_customers(user: User, customers) -> None:
    """Let a supplier's member act only for ``customers`` (as an admin would on the Team page)."""
    from customers.models import ColleagueAccess

    access = ColleagueAccess.objects.create(membership=user.supplier_membership)
    access.customers.set(customers)
