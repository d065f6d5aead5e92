"""The user (email is the login), the supplier company, its profile, domains, members,
documents and the invitations to join its team."""

from accounts.models.companies import (
    CompanyDomain,
    CompanyDomainQuerySet,
    PublicProfile,
    RestrictedProfile,
    Supplier,
    hash_proof_token,
)
from accounts.models.documents import (
    CompanyDocument,
    CompanyDocumentQuerySet,
    CompanyDocumentVersion,
    CompanyDocumentVersionQuerySet,
    DocumentKind,
    document_upload_to,
)
from accounts.models.team import (
    JoinRequest,
    JoinRequestQuerySet,
    SupplierAuditEvent,
    SupplierAuditEventQuerySet,
    SupplierMember,
    SupplierMemberQuerySet,
    TeamInvitation,
)
from accounts.models.users import User, UserManager

__all__ = [
    "CompanyDocument",
    "CompanyDocumentQuerySet",
    "CompanyDocumentVersion",
    "CompanyDocumentVersionQuerySet",
    "CompanyDomain",
    "CompanyDomainQuerySet",
    "DocumentKind",
    "JoinRequest",
    "JoinRequestQuerySet",
    "PublicProfile",
    "RestrictedProfile",
    "Supplier",
    "SupplierAuditEvent",
    "SupplierAuditEventQuerySet",
    "SupplierMember",
    "SupplierMemberQuerySet",
    "TeamInvitation",
    "User",
    "UserManager",
    "document_upload_to",
    "hash_proof_token",
]
