"""Who is emailed on either side, and sending one email per person in their language."""

from accounts.models import Supplier, SupplierMember, User
from csp_portal.outbox import emails
from customers.models import Customer

# --- recipients -----------------------------------------------------------


def supplier_admin_users(supplier: Supplier) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            supplier_membership__supplier=supplier,
            supplier_membership__role=SupplierMember.Role.ADMIN,
            supplier_membership__deactivated_at__isnull=True,
        )
    )


def customer_admin_users(customer: Customer) -> list[User]:
    return list(User.objects.filter(is_active=True, customer_membership__customer=customer))


def email_users(users: list[User], *, template: str, context: dict) -> None:
    """One email per person, each in their own language."""
    for user in users:
        emails.send_templated_email(
            template=template,
            to=user.email,
            language=user.language or None,
            context={**context, "recipient": user},
        )
