"""Reads of the accounts app: a user's company, companies by email domain, profiles,
and what the app holds about a person (``personal_data``, for their own download).

The customers app shows a supplier's profile through ``profile_for_customer``;
whether a customer sees the restricted part is the customers app's decision
(it owns sharing), passed in as ``restricted_shared``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from accounts.domains import domain_of_email
from accounts.models import (
    CompanyDocument,
    CompanyDocumentVersion,
    CompanyDomain,
    JoinRequest,
    PublicProfile,
    RestrictedProfile,
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    User,
)


@dataclass(frozen=True)
class CustomerFacingProfile:
    """A supplier's profile as one customer sees it."""

    public: PublicProfile
    # None: this customer may not see the restricted fields.
    restricted: RestrictedProfile | None


def profile_for_customer(
    supplier: Supplier, *, restricted_shared: bool = False
) -> CustomerFacingProfile:
    """What a customer in a relationship with ``supplier`` is shown of it.

    The public part always; the restricted part only when the supplier shared
    it with that customer. Until sharing exists, no customer sees it.
    """
    return CustomerFacingProfile(
        public=supplier.public_profile(),
        restricted=supplier.restricted_profile() if restricted_shared else None,
    )


def supplier_for_email(email: str) -> Supplier | None:
    """The company that proved the domain of this address, if one did.

    A domain declared but not proven counts for nothing. Depends only on the
    domain: it never tells whether the address has an account.
    """
    domain = domain_of_email(email)
    if not domain:
        return None
    found = CompanyDomain.objects.proven().matching(domain).select_related("supplier").first()
    return found.supplier if found else None


def open_join_request_of(user: User) -> JoinRequest | None:
    return JoinRequest.objects.open().filter(user=user).select_related("supplier").first()


# --- company documents ---------------------------------------------------------


def company_documents(supplier: Supplier) -> list[CompanyDocument]:
    """The company's documents with every version, newest first (``document.all_versions``)."""
    documents = list(CompanyDocument.objects.for_supplier(supplier))
    versions: dict[int, list[CompanyDocumentVersion]] = {}
    for version in (
        CompanyDocumentVersion.objects.for_supplier(supplier)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    ):
        versions.setdefault(version.document_id, []).append(version)
    for document in documents:
        document.all_versions = versions.get(document.pk, [])
        document.current = next((v for v in document.all_versions if v.is_current), None)
    return documents


def current_document_files(supplier_ids: Iterable[int]) -> dict[int, list[CompanyDocumentVersion]]:
    """The current file of every document of these suppliers, by supplier id (one query)."""
    found: dict[int, list[CompanyDocumentVersion]] = {}
    for version in (
        CompanyDocumentVersion.objects.current()
        .filter(document__supplier_id__in=set(supplier_ids))
        .select_related("document")
        .order_by("document__kind", "document__title", "document_id")
    ):
        found.setdefault(version.document.supplier_id, []).append(version)
    return found


def document_version_for_supplier(supplier: Supplier, version_id: int) -> CompanyDocumentVersion:
    """A file of one of the company's documents, any version; 404 for any other."""
    return get_object_or_404(
        CompanyDocumentVersion.objects.for_supplier(supplier).select_related("document"),
        pk=version_id,
    )


def document_for_supplier(supplier: Supplier, document_id: int) -> CompanyDocument:
    return get_object_or_404(CompanyDocument.objects.for_supplier(supplier), pk=document_id)


def personal_data(user: User) -> dict:
    """What the accounts app holds about the user, for their own download (JSON-ready)."""
    from allauth.account.models import EmailAddress

    membership = SupplierMember.objects.filter(user=user).select_related("supplier").first()
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
        },
        "supplier_membership": membership
        and {
            "company": membership.supplier.name,
            "role": membership.role,
            "may_manage_connections": membership.may_manage_connections,
            "joined_at": iso(membership.joined_at),
            "deactivated_at": iso(membership.deactivated_at),
        },
        "requests_to_join": [
            {
                "company": request.supplier.name,
                "status": request.status,
                "at": iso(request.created_at),
            }
            for request in JoinRequest.objects.filter(user=user).select_related("supplier")
        ],
        "company_audit_entries": [
            audit_entry(event, company=event.supplier.name)
            for event in SupplierAuditEvent.objects.filter(actor=user).select_related("supplier")
        ],
    }


def audit_entry(event, **where) -> dict:
    return {
        "at": iso(event.created_at),
        **where,
        "what": event.description,
        "before": event.before,
        "after": event.after,
    }


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None
