"""The rows and the signed-in sessions the benchmark measures.

The demo data (``seed_demo``) is what wrk loads: its personas are the ones a
newcomer meets. The *scaled worlds* add, for each size N (1, 10, 200), a
supplier and a customer whose every list holds N rows, to count the SQL
queries of each page at each size:

- "Bench Supplier N": N members, connection requests to N customers of its
  own (half accepted), and a relationship in onboarding with "Bench Customer
  N", whose questionnaire is a copy of Acme Industries'.
- "Bench Customer N": N connection requests accepted (N relationships,
  onboardings started) and N pending, N invitations sent.

Everything goes through the services, as real use would; users share one
password hash (Argon2 costs ~0.1 s a hash). A world already seeded is kept.
"""

import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from accounts.models import Supplier, SupplierMember, User
from connections import services as connection_services
from customers import services as customer_services
from customers.models import (
    Customer,
    CustomerMember,
    Invitation,
    Question,
    Questionnaire,
)
from customers.services import invitations as invitation_services
from customers.services import onboarding as onboarding_services

SIZES = (1, 10, 200)
DOMAIN = "bench.example"


@dataclass(frozen=True)
class World:
    """Who signs in and which objects the pages name."""

    supplier_admin: User
    customer_admin: User
    open_customer: Customer  # Customer Setup with a customer open, and its onboarding form
    requestable_customer: Customer  # the request form
    invitation: Invitation | None  # the invitation landing page (anonymous)


def demo_world() -> World:
    from customers.demo import NEWCOMER_EMAIL

    return World(
        supplier_admin=User.objects.get(email="supplier@example.com"),
        customer_admin=User.objects.get(email="buyer@acme.example"),
        open_customer=Customer.objects.get(name="Acme Industries"),
        requestable_customer=Customer.objects.get(name="Électricité Démo SA"),
        invitation=Invitation.objects.filter(email=NEWCOMER_EMAIL).pending().first(),
    )


def scaled_world(size: int) -> World:
    return World(
        supplier_admin=User.objects.get(email=f"supplier-{size}@{DOMAIN}"),
        customer_admin=User.objects.get(email=f"customer-{size}@{DOMAIN}"),
        open_customer=Customer.objects.get(name=f"Bench Customer {size}"),
        requestable_customer=Customer.objects.get(name="Électricité Démo SA"),
        invitation=Invitation.objects.filter(customer__name=f"Bench Customer {size}")
        .pending()
        .first(),
    )


def seed_scaled_worlds(sizes=SIZES) -> list[str]:
    created = []
    password = make_password("bench-pass-2026")
    for size in sizes:
        if not Supplier.objects.filter(name=f"Bench Supplier {size}").exists():
            with transaction.atomic():
                _seed_world(size, password)
            created.append(f"the scaled world of {size}")
    return created


def _seed_world(size: int, password: str) -> None:
    acme = Customer.objects.get(name="Acme Industries")
    supplier_admin, supplier = _supplier(f"Bench Supplier {size}", f"supplier-{size}", password)
    customer = _customer(f"Bench Customer {size}")
    customer_admin = _user(f"customer-{size}@{DOMAIN}", password)
    CustomerMember.objects.create(customer=customer, user=customer_admin, role="admin")
    _copy_questionnaire(acme, customer, customer_admin)

    for index in range(1, size):
        member = _user(f"member-{size}-{index}@{DOMAIN}", password)
        SupplierMember.objects.create(supplier=supplier, user=member)
    # The supplier's own lists: its requests (every other one accepted), its customers.
    for index in range(size):
        other = _customer(f"Bench {size} Customer {index}")
        other_admin = _user(f"buyer-{size}-{index}@{DOMAIN}", password)
        CustomerMember.objects.create(customer=other, user=other_admin, role="admin")
        _request(supplier, other, supplier_admin, accept_as=other_admin if index % 2 else None)
    _request(supplier, customer, supplier_admin, accept_as=customer_admin)
    # The customer's lists: N suppliers accepted (onboarding), N pending, N invited.
    for index in range(2 * size):
        user, other = _supplier(
            f"Bench {size} Supplier {index}", f"seller-{size}-{index}", password
        )
        _request(other, customer, user, accept_as=customer_admin if index < size else None)
    for index in range(size):
        invitation_services.send_invitation(
            customer=customer,
            email=f"invited-{size}-{index}@elsewhere.example",
            invited_by=customer_admin,
            company_name=f"Invited {size} Company {index}",
            language="en",
        )


def _user(email: str, password: str) -> User:
    user = User.objects.create(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _supplier(name: str, login: str, password: str) -> tuple[User, Supplier]:
    user = _user(f"{login}@{DOMAIN}", password)
    supplier = Supplier.objects.create(name=name, country="FR")
    SupplierMember.objects.create(supplier=supplier, user=user, role=SupplierMember.Role.ADMIN)
    return user, supplier


def _customer(name: str) -> Customer:
    customer = customer_services.save_customer_settings(
        customer=Customer(name=name, country="FR", city="Lyon")
    )
    customer_services.publish_terms(
        customer=customer, texts={"en": f"Terms of {name}."}, actor=None
    )
    customer.refresh_from_db()
    return customer


def _request(supplier: Supplier, customer: Customer, actor: User, *, accept_as: User | None):
    request = connection_services.request_connection(
        supplier=supplier,
        customer=customer,
        actor=actor,
        contact_email=f"contact@{DOMAIN}",
        terms_version=customer.terms_version,
    )
    if accept_as is not None:
        connection_services.accept_request(connection_request=request, actor=accept_as)
    return request


def _copy_questionnaire(source: Customer, customer: Customer, actor: User) -> None:
    """Acme Industries' questionnaire (its country lists included), published by ``customer``."""
    original = Questionnaire.objects.current_for(source)
    draft = onboarding_services.draft_questionnaire(customer=customer)
    for field in ("language", "title", "introduction", "title_translation"):
        setattr(draft, field, getattr(original, field))
    draft.introduction_translation = original.introduction_translation
    draft.save()
    for section in original.sections.order_by("position"):
        questions = list(section.questions.order_by("position"))
        section.pk, section.questionnaire = None, draft
        section.save()
        for question in questions:
            question.pk, question.section, question.key = None, section, uuid.uuid4()
        Question.objects.bulk_create(questions)
    onboarding_services.publish_questionnaire(questionnaire=draft, actor=actor)


def signed_in_session(user: User | None, **data) -> str:
    """A session as a login leaves it (no password hashed per request); its key is the cookie."""
    session = SessionStore()
    if user is not None:
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    for key, value in data.items():
        session[key] = value
    session.create()
    return session.session_key


def invitation_session(invitation: Invitation) -> str:
    """The session of a browser that followed an invitation link (``invitation_link``)."""
    from customers.views.invitations import SESSION_KEY as INVITATION_KEY

    return signed_in_session(
        None, **{INVITATION_KEY: {"id": invitation.pk, "token_hash": invitation.token_hash}}
    )
