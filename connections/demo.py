"""The demo supplier's connection requests (see csp_portal/demo.py), through the services.

Every request-based relationship of the demo supplier is a real request, so
the requests list, the customer admin site and Customer Setup agree:
accepted (Acme, Initech, Stark), pending (Umbrella), rejected (Wayne),
withdrawn (Tyrell), expired (Cyberdyne), accepted then ended (Soylent).
Électricité Démo SA is left alone: the guide's walk-through sends that one.
Creates what is missing (per customer), never overwrites.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Supplier, User
from connections import services
from connections.models import ConnectionRequest
from customers import services as customer_services
from customers.models import Customer, CustomerMember, Relationship

# customer, Customer Contact, what became of the request
DEMO_REQUESTS = [
    ("Acme Industries", "buyer@acme.example", "accepted"),
    ("Initech", "buyer@initech.example", "accepted"),
    ("Stark Industries", "procurement@stark.example", "accepted"),
    ("Umbrella Corporation", "purchasing@umbrella.example", "pending"),
    ("Wayne Enterprises", "l.fox@wayne.example", "rejected"),
    ("Tyrell Corporation", "buyer@tyrell.example", "withdrawn"),
    ("Cyberdyne Systems", "miles.dyson@cyberdyne.example", "expired"),
    ("Soylent Industries", "orders@soylent.example", "ended"),
]


def seed(*, password: str) -> list[str]:
    supplier = Supplier.objects.filter(members__user__email="supplier@example.com").first()
    if supplier is None:
        return []
    user = User.objects.get(email="supplier@example.com")
    created: list[str] = []
    for name, contact, outcome in DEMO_REQUESTS:
        customer = Customer.objects.filter(name=name).first()
        if (
            customer is None
            or Relationship.objects.filter(supplier=supplier, customer=customer).exists()
        ):
            continue
        connection_request = services.request_connection(
            supplier=supplier,
            customer=customer,
            actor=user,
            contact_email=contact,
            terms_version=customer.terms_version,
        )
        _answer(connection_request, outcome, supplier_user=user)
        created.append(f"connection request to {name} ({outcome})")
    return created


def _answer(connection_request: ConnectionRequest, outcome: str, *, supplier_user: User) -> None:
    customer_admin = _admin_of(connection_request.customer)
    if outcome in ("accepted", "ended"):
        services.accept_request(connection_request=connection_request, actor=customer_admin)
    if outcome == "ended":
        customer_services.end(
            relationship=Relationship.objects.get(
                supplier_id=connection_request.supplier_id,
                customer_id=connection_request.customer_id,
            ),
            actor=supplier_user,
            reason="We no longer deliver to the New York area.",
        )
    elif outcome == "rejected":
        services.reject_request(
            connection_request=connection_request,
            actor=customer_admin,
            reason="We already work with a supplier for office furniture this year.",
        )
    elif outcome == "withdrawn":
        services.withdraw_request(connection_request=connection_request, actor=supplier_user)
    elif outcome == "expired":
        overdue = timezone.now() - timedelta(days=1)
        ConnectionRequest.objects.filter(pk=connection_request.pk).update(expires_at=overdue)
        Relationship.objects.filter(
            supplier_id=connection_request.supplier_id,
            customer_id=connection_request.customer_id,
        ).update(deadline=overdue)
        services.expire_request(connection_request=connection_request)


def _admin_of(customer: Customer) -> User | None:
    member = CustomerMember.objects.filter(customer=customer).select_related("user").first()
    return member.user if member else None
