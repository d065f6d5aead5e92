"""The suppliers and customers the fault tests load the portal with, made as the portal makes them.

``build`` writes them through the test's own database connection; ``print_world``
does the same in a process of its own (``manage.py shell -c``), for a database
the test process is not connected to (the throwaway cluster).
"""

import json
from dataclasses import asdict, dataclass

from tests.factories import make_customer, make_customer_admin, make_supplier_user


@dataclass(frozen=True)
class CustomerSide:
    id: int
    admin: str  # the admin's email, also the Customer Contact of every request
    terms_version: int


@dataclass(frozen=True)
class World:
    suppliers: list[str]  # one admin's email per supplier company
    customers: list[CustomerSide]

    @classmethod
    def from_json(cls, text: str) -> "World":
        data = json.loads(text)
        return cls(data["suppliers"], [CustomerSide(**c) for c in data["customers"]])


def build(*, suppliers: int, customers: int) -> World:
    supplier_emails = []
    for number in range(suppliers):
        email = f"owner@supplier{number}.example"
        make_supplier_user(email, company=f"Supplier {number} SARL")
        supplier_emails.append(email)
    sides = []
    for number in range(customers):
        customer = make_customer(
            f"Customer {number} Industries", email_domains=[f"customer{number}.example"]
        )
        admin = make_customer_admin(f"buyer@customer{number}.example", customer=customer)
        sides.append(CustomerSide(customer.pk, admin.email, customer.terms_version))
    return World(supplier_emails, sides)


def print_world(*, suppliers: int, customers: int) -> None:
    world = build(suppliers=suppliers, customers=customers)
    print(
        json.dumps(
            {"suppliers": world.suppliers, "customers": [asdict(c) for c in world.customers]}
        )
    )
