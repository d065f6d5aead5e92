"""Writes of the accounts app: companies, their profile and domains (and their proof),
requests to join, documents, the company's audit log. ``from accounts import services`` then
``services.declare_company_domain(...)``. The team itself (invitations, roles, leaving) is
``accounts.team``."""

from accounts.services.companies import (
    PROFILE_FIELDS,
    record_company_change,
    register_supplier,
    update_company_profile,
    who,
)
from accounts.services.documents import (
    add_company_document,
    remind_expiring_documents,
    remove_company_document,
    replace_company_document,
)
from accounts.services.domains import (
    MAX_UNPROVEN_DOMAINS,
    declare_company_domain,
    domain_claim_for_link,
    mark_domain_proven,
    prove_domain_with_link,
    remove_company_domain,
    send_domain_proof_link,
)
from accounts.services.joins import (
    approve_join_request,
    decline_join_request,
    request_to_join,
    submit_join_request,
)

__all__ = [
    "MAX_UNPROVEN_DOMAINS",
    "PROFILE_FIELDS",
    "add_company_document",
    "approve_join_request",
    "declare_company_domain",
    "decline_join_request",
    "domain_claim_for_link",
    "mark_domain_proven",
    "prove_domain_with_link",
    "record_company_change",
    "register_supplier",
    "remind_expiring_documents",
    "remove_company_document",
    "remove_company_domain",
    "replace_company_document",
    "request_to_join",
    "send_domain_proof_link",
    "submit_join_request",
    "update_company_profile",
    "who",
]
