"""Everything a customer's staff see of a supplier: the one place the sharing rule applies.

Every customer-facing read — the supplier page and timeline in
``/customer-admin/``, a connection request there, the onboarding review, every
CSV export, every email to customer staff — takes the supplier through this
module. A customer sees:

- the public profile, always;
- the restricted profile and the company documents, only while the supplier
  shares them with that customer (``Relationship.shares_restricted_profile``:
  shared, and the relationship open; unsharing takes effect at once);
- the onboarding answers as last **submitted** (never a draft); an answer to a
  question tied to a restricted field is that answer, shown to that customer
  only, and a File answer shares that one document with that customer.

Lists and exports read many suppliers in a fixed number of queries
(``suppliers_seen_by_customer``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import CompanyDocumentVersion, RestrictedProfile, Supplier
from accounts.selectors import CustomerFacingProfile, current_document_files, profile_for_customer
from customers.models import (
    Customer,
    Onboarding,
    Question,
    QuestionKind,
    Questionnaire,
    Relationship,
)
from customers.selectors.onboarding import (
    AnsweredSection,
    DocumentLink,
    answer_of,
    document_id_of,
    sections_of,
)


@dataclass(frozen=True)
class SeenDocument:
    """A company document a customer may open: its current file, and where to download it."""

    version: CompanyDocumentVersion
    path: str  # the customer's download URL (absolute in emails: ``url``)
    expired: bool

    @property
    def title(self) -> str:
        return self.version.document.title

    @property
    def kind(self) -> str:
        return str(self.version.document.get_kind_display())

    @property
    def expires_on(self):
        return self.version.expires_on

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.path


@dataclass(frozen=True)
class SupplierSeenByCustomer:
    """A supplier as one customer's staff see it."""

    relationship: Relationship
    profile: CustomerFacingProfile
    documents: tuple[SeenDocument, ...]

    @property
    def supplier(self) -> Supplier:
        return self.relationship.supplier

    @property
    def restricted(self) -> RestrictedProfile | None:
        return self.profile.restricted

    @property
    def shared(self) -> bool:
        return self.profile.restricted is not None


def supplier_seen_by_customer(relationship: Relationship) -> SupplierSeenByCustomer:
    """One supplier, as the relationship's customer sees it."""
    return suppliers_seen_by_customer([relationship])[relationship.pk]


def pair_seen_by_customer(*, supplier: Supplier, customer: Customer) -> SupplierSeenByCustomer:
    """The supplier as this customer sees it (for emails, which know the pair)."""
    relationship = (
        Relationship.objects.select_related("supplier", "customer")
        .filter(supplier=supplier, customer=customer)
        .first()
    )
    if relationship is None:  # no relationship: nothing but the public profile
        relationship = Relationship(supplier=supplier, customer=customer)
    return supplier_seen_by_customer(relationship)


def suppliers_seen_by_customer(
    relationships: Iterable[Relationship],
) -> dict[int | None, SupplierSeenByCustomer]:
    """Each relationship's supplier as its customer sees it, by relationship id (3 queries)."""
    relationships = list(relationships)
    shared_ids = {r.supplier_id for r in relationships if r.shares_restricted_profile}
    answered = _file_answer_document_ids([r for r in relationships if r.pk])
    files = current_document_files(shared_ids | {r.supplier_id for r in answered})
    today = timezone.localdate()
    seen = {}
    for relationship in relationships:
        shared = relationship.shares_restricted_profile
        visible = answered.get(relationship, set())
        documents = tuple(
            SeenDocument(
                version=version,
                path=_download_path(relationship, version.document_id),
                expired=version.is_expired(today),
            )
            for version in files.get(relationship.supplier_id, [])
            if shared or version.document_id in visible
        )
        seen[relationship.pk] = SupplierSeenByCustomer(
            relationship=relationship,
            profile=profile_for_customer(relationship.supplier, restricted_shared=shared),
            documents=documents,
        )
    return seen


def document_for_customer(relationship: Relationship, document_id: int) -> CompanyDocumentVersion:
    """The current file of a document this relationship's customer may open; else 404."""
    for document in supplier_seen_by_customer(relationship).documents:
        if document.version.document_id == document_id:
            return document.version
    raise Http404


def submitted_answers(
    onboarding: Onboarding, questions: list[Question], seen: SupplierSeenByCustomer
) -> list[AnsweredSection]:
    """The answers the customer was sent (the last submission; nothing for a draft)."""
    return sections_of(questions, onboarding.submitted_values, _links(seen))


def export_table(customer: Customer) -> list[list[str]]:
    """Every supplier's submitted answers: a header row, then one row per supplier.

    The restricted profile and the documents fill their columns only for the
    suppliers that share them with this customer. One column per question of
    the current version; answers to an older version fill the columns of the
    same questions (same key); a question that version did not ask stays empty.
    """
    current = Questionnaire.objects.current_for(customer)
    questions = list(current.questions()) if current else []
    header = [
        _("Supplier"),
        _("Status"),
        _("Questionnaire version"),
        _("Submitted on"),
        _("Required questions answered"),
        _("Legal name"),
        _("Tax ID"),
        _("Postal address"),
        _("Phone"),
        _("Main contact"),
        _("Main contact's email"),
        _("Documents"),
        *(question.shown_label.text for question in questions),
    ]
    onboardings = list(
        Onboarding.objects.for_customer(customer)
        .select_related("relationship__supplier", "relationship__customer", "questionnaire")
        .order_by("relationship__supplier__name", "pk")
    )
    seen = suppliers_seen_by_customer(onboarding.relationship for onboarding in onboardings)
    rows = [header]
    for onboarding in onboardings:
        supplier_seen = seen[onboarding.relationship_id]
        restricted = supplier_seen.restricted
        links = _links(supplier_seen, absolute=True)
        rows.append(
            [
                onboarding.relationship.supplier.name,
                str(onboarding.get_status_display()),
                str(onboarding.questionnaire.version),
                _datetime(onboarding.submitted_at),
                f"{onboarding.required_answered}/{onboarding.required_total}",
                *(
                    [
                        restricted.legal_name,
                        restricted.tax_id,
                        restricted.postal_address,
                        restricted.phone,
                        restricted.contact_name,
                        restricted.contact_email,
                    ]
                    if restricted
                    else [""] * 6
                ),
                "\n".join(_document_cell(document) for document in supplier_seen.documents),
                *(
                    _answer_cell(
                        answer_of(
                            question, onboarding.submitted_values.get(question.answer_key), links
                        )
                    )
                    for question in questions
                ),
            ]
        )
    return rows


# --- helpers --------------------------------------------------------------


def _file_answer_document_ids(relationships: list[Relationship]) -> dict[Relationship, set[int]]:
    """The documents each relationship's submitted File answers name (two queries)."""
    onboardings = list(
        Onboarding.objects.filter(relationship__in=relationships).only(
            "pk", "relationship_id", "questionnaire_id", "submitted_values"
        )
    )
    if not onboardings:
        return {}
    file_keys: dict[int, set[str]] = {}
    for questionnaire_id, key in Question.objects.filter(
        kind=QuestionKind.FILE,
        section__questionnaire_id__in={o.questionnaire_id for o in onboardings},
    ).values_list("section__questionnaire_id", "key"):
        file_keys.setdefault(questionnaire_id, set()).add(str(key))
    by_id = {relationship.pk: relationship for relationship in relationships}
    found: dict[Relationship, set[int]] = {}
    for onboarding in onboardings:
        ids = {
            document_id_of(onboarding.submitted_values.get(key))
            for key in file_keys.get(onboarding.questionnaire_id, ())
        }
        found[by_id[onboarding.relationship_id]] = ids - {None}
    return found


def _download_path(relationship: Relationship, document_id: int) -> str:
    return reverse(
        "customer_admin:customers_relationship_document", args=[relationship.pk, document_id]
    )


def _links(seen: SupplierSeenByCustomer, *, absolute: bool = False) -> dict[int, DocumentLink]:
    return {
        document.version.document_id: DocumentLink(
            title=document.title, url=document.url if absolute else document.path
        )
        for document in seen.documents
    }


def _document_cell(document: SeenDocument) -> str:
    expiry = ""
    if document.expires_on:
        expiry = (_("expired on %(date)s") if document.expired else _("expires on %(date)s")) % {
            "date": date_format(document.expires_on, "Y-m-d")
        }
    details = ", ".join(part for part in (document.kind, expiry) if part)
    return f"{document.title} ({details}): {document.url}"


def _answer_cell(answer) -> str:
    return f"{answer.text}: {answer.url}" if answer.url else answer.text


def _datetime(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""
