"""Demo data for local runs and the walk-through of the guide.

Each app owns its part (``<app>/demo.py``); this module runs them in the
order of the dependency chain. Seeding creates what is missing and never
overwrites what exists.
"""

from django.core.management import call_command
from django.db import transaction

DEMO_PASSWORD = "demo-pass-2026"

DEMO_LOGINS = [
    ("admin@example.com", "operator (superuser) — /admin/"),
    ("supplier@example.com", "admin of supplier Démo Fournitures SARL"),
    ("buyer@acme.example", "admin of customer Acme Industries — /customer-admin/"),
    ("buyer@globex.example", "admin of customer Globex Corporation (invitation only)"),
    ("acheteur@electricite-demo.example", "admin of customer Électricité Démo SA"),
    ("buyer@initech.example", "admin of customer Initech"),
    ("colleague@example.com", "member of Démo Fournitures SARL, for Acme Industries only"),
    ("reviewer@acme.example", "reviewer (not admin) of customer Acme Industries"),
]


def seed(*, reset: bool = False) -> list[str]:
    """Create the demo data; returns what was created, in words."""
    from accounts import demo as accounts_demo
    from connections import demo as connections_demo
    from customers import demo as customers_demo

    if reset:
        call_command("flush", interactive=False, verbosity=0)
    created: list[str] = []
    with transaction.atomic():
        created += accounts_demo.seed(password=DEMO_PASSWORD)
        created += customers_demo.seed(password=DEMO_PASSWORD)
        created += connections_demo.seed(password=DEMO_PASSWORD)
        # Last: answers onboardings that the seeding above started.
        created += customers_demo.seed_onboarding_progress()
        created += customers_demo.seed_sharing()
    return created
