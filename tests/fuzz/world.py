"""The world the fuzz tests run in: the demo data, seven personas, the links emailed so far.

The demo (``seed_demo``) has a relationship in every state, questionnaires,
invitations and answers; whatever a later change adds to it is fuzzed too.
On top of it: a colleague without rights, another supplier company onboarding
with Acme (ids of another tenant), a request to join, a domain waiting for
proof, a new customer admin, an account waiting for its email confirmation
and a password reset. Their emails hold the links (invitation, domain proof,
first password, confirmation, reset) that the crawler starts from.
"""

import hashlib
import re
from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client

from accounts import services as account_services
from accounts import team as accounts_team
from accounts.models import JoinRequest, Supplier, SupplierMember, User
from connections import services as connection_services
from csp_portal import demo
from csp_portal.outbox.models import OutboxMessage
from customers.models import Customer, Onboarding, QuestionKind
from customers.services import invitation_imports
from customers.services import onboarding as onboarding_services
from customers.services import team as team_services
from customers.services.colleagues import invite_customer_colleague
from tests.accounts.documents import make_document
from tests.factories import PASSWORD, make_supplier_user, make_user

PERSONAS = [
    "anonymous",
    "supplier_admin",
    "supplier_member",
    "other_supplier",
    "customer_admin",
    "other_customer_admin",
    "operator",
]
# Rows that change on any request, refused or not: the signed-in session.
NOT_FINGERPRINTED = {"sessions.Session"}


@dataclass
class World:
    users: dict[str, User | None]
    emailed_paths: list[str]
    ids: list[int] = field(default_factory=list)  # every primary key: own and other tenants'

    def client_for(self, persona: str) -> Client:
        client = Client(raise_request_exception=False)
        if self.users[persona] is not None:
            client.force_login(self.users[persona])
        return client


def build_world() -> World:
    demo.seed()
    supplier = Supplier.objects.get(name="Démo Fournitures SARL")
    supplier_admin = User.objects.get(email="supplier@example.com")
    acme = Customer.objects.get(name="Acme Industries")
    acme_admin = User.objects.get(email="buyer@acme.example")
    member = make_supplier_user(
        "fuzz.member@demo-fournitures.example", supplier=supplier, role=SupplierMember.Role.MEMBER
    )
    other_admin = make_supplier_user("owner@autre-fournisseur.example", company="Autre SA")
    request = connection_services.request_connection(
        supplier=other_admin.supplier_membership.supplier,
        customer=acme,
        actor=other_admin,
        contact_email="buyer@acme.example",
        terms_version=acme.terms_version,
    )
    connection_services.accept_request(connection_request=request, actor=acme_admin)
    _submit_answers(request.supplier, acme, other_admin)  # Acme has answers to review
    onboarding_services.draft_questionnaire(customer=acme)  # and a version being edited
    JoinRequest.objects.create(
        supplier=supplier,
        user=make_user("joiner@demo-fournitures.example", full_name="Jo Iner"),
        status=JoinRequest.Status.PENDING,
    )
    claim = account_services.declare_company_domain(
        supplier=supplier, domain="demo-fournitures.fr", actor=supplier_admin
    )
    account_services.send_domain_proof_link(
        domain_id=claim.pk, email="it@demo-fournitures.fr", actor=supplier_admin
    )
    invite_customer_colleague(
        customer=acme, actor=acme_admin, email="new.buyer@acme.example", role="admin"
    )
    # The supplier's Team page: an invitation waiting, a deactivated colleague.
    team_services.invite_colleague(
        supplier=supplier, actor=supplier_admin, email="new.colleague@demo-fournitures.example"
    )
    leaver = make_supplier_user(
        "leaver@demo-fournitures.example", supplier=supplier, role=SupplierMember.Role.MEMBER
    )
    accounts_team.deactivate_member(membership=leaver.supplier_membership, actor=supplier_admin)
    # Acme's invitations from a file: one previewed.
    invitation_imports.preview_import(
        customer=acme,
        uploaded_by=acme_admin,
        file_name="fournisseurs.csv",
        content=b"email;entreprise\nnouveau@fournisseur.example;Nouveau SARL\n",
        language="fr",
    )
    # Rows the operator's site lists that nothing else makes in a test run.
    TOTP.activate(member, "JBSWY3DPEHPK3PXP")
    Group.objects.create(name="Fuzzers")
    visitor = Client()
    visitor.post(
        "/accounts/signup/",
        {
            "company_name": "Pending SARL",
            "email": "pending@pending.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    visitor.post("/accounts/password/reset/", {"email": "supplier@example.com"})
    users = {
        "anonymous": None,
        "supplier_admin": supplier_admin,
        "supplier_member": member,
        "other_supplier": other_admin,
        "customer_admin": acme_admin,
        "other_customer_admin": User.objects.get(email="buyer@globex.example"),
        "operator": User.objects.get(email="admin@example.com"),
    }
    return World(users=users, emailed_paths=_emailed_paths(), ids=_every_id())


def _submit_answers(supplier, customer, actor) -> None:
    """Answer every question of the supplier's onboarding with the customer, and submit."""
    onboarding = Onboarding.objects.get(
        relationship__supplier=supplier, relationship__customer=customer
    )
    questions = list(onboarding.questionnaire.questions())
    values = {question.answer_key: _valid_answer(question) for question in questions}
    for question in questions:
        if question.kind == QuestionKind.FILE:  # one of the supplier's own documents
            values[question.answer_key] = str(make_document(supplier, actor=actor).pk)
    onboarding_services.submit_answers(onboarding=onboarding, actor=actor, values=values)


def _valid_answer(question):
    kind, choices = question.kind, question.choice_list
    return {
        QuestionKind.EMAIL: "compta@autre-fournisseur.example",
        QuestionKind.PHONE: "+33 1 23 45 67 89",
        QuestionKind.NUMBER: "12",
        QuestionKind.DATE: "2001-05-17",
        QuestionKind.YES_NO: "yes",
        QuestionKind.SINGLE_CHOICE: choices[0] if choices else "",
        QuestionKind.MULTIPLE_CHOICE: choices[:1],
        QuestionKind.COUNTRY: "FR",
    }.get(kind, "Autre SA")


def fingerprint() -> dict[str, str]:
    """A digest of every table's rows, by model: what a refused request must leave unchanged."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in NOT_FINGERPRINTED or model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digests[label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def _emailed_paths() -> list[str]:
    """The portal's links in every email written so far (SITE_URL's, or the request's host)."""
    paths = []
    for body in OutboxMessage.objects.order_by("pk").values_list("body_text", flat=True):
        paths += re.findall(r"https?://[^/\s]+(/[^\s\"'<>]*)", body)
    return list(dict.fromkeys(paths))


def _every_id() -> list[int]:
    ids: set[int] = set()
    for model in apps.get_models():
        if isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
            ids.update(model._base_manager.values_list("pk", flat=True))
    return sorted(ids)
