"""A company's email domains and their proof.

A declared domain does nothing until it is proven (see ``CompanyDomain``).
A claim nobody proved never blocks the real owner: several companies may
claim a domain, and the first to prove it takes it, releasing the others'
claims (each company's audit log says so). Every change to a domain is in
the company's audit log."""

import logging
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts import emails
from accounts.access import (
    Need,
    SupplierAccessDenied,
    check_supplier_access,
)
from accounts.domains import (
    domain_of_email,
    is_reserved_domain,
    normalize_domain,
    validate_company_domain,
)
from accounts.exceptions import (
    DomainAlreadyProven,
    DomainGone,
    DomainReserved,
    DomainTaken,
    InvalidProofLink,
    ProofLinkExpired,
    ProofLinkRefused,
    TooManyUnprovenDomains,
)
from accounts.models import (
    CompanyDomain,
    Supplier,
    User,
    hash_proof_token,
)
from accounts.services.companies import check_admin_of, record_company_change

logger = logging.getLogger(__name__)


# Domains a company may have waiting for proof at once.
MAX_UNPROVEN_DOMAINS = 10


@transaction.atomic
def declare_company_domain(*, supplier: Supplier, domain: str, actor: User | None) -> CompanyDomain:
    """Record that the company's staff use addresses on ``domain``, proven at once when
    the declaring admin's own verified address is on it.

    Raises ``DomainTaken`` (this company's already, or another company proved it),
    ``DomainReserved`` (a customer's) or ``TooManyUnprovenDomains``.
    """
    check_admin_of(actor, supplier)
    domain = normalize_domain(domain)
    validate_company_domain(domain)
    _check_not_reserved(domain)
    Supplier.objects.select_for_update().get(pk=supplier.pk)  # one declaration at a time
    if CompanyDomain.objects.for_supplier(supplier).matching(domain).exists():
        raise DomainTaken(
            gettext("%(domain)s is already one of your company's domains.") % {"domain": domain}
        )
    if CompanyDomain.objects.proven().matching(domain).exists():
        raise _taken_by_another(domain)
    if CompanyDomain.objects.for_supplier(supplier).unproven().count() >= MAX_UNPROVEN_DOMAINS:
        raise TooManyUnprovenDomains(MAX_UNPROVEN_DOMAINS)
    claim = CompanyDomain.objects.create(supplier=supplier, domain=domain, added_by=actor)
    record_company_change(
        supplier=supplier,
        actor=actor,
        action="domain.declared",
        message=gettext_noop("Email domain %(domain)s declared"),
        params={"domain": domain},
    )
    own_address = _verified_address_on(actor, domain) if actor is not None else None
    if own_address:
        _locked_claims_of(domain, only=claim.pk)
        _prove(claim, CompanyDomain.Proof.ADMIN_EMAIL, address=own_address, actor=actor)
    return claim


@transaction.atomic
def send_domain_proof_link(*, domain_id: int, email: str, actor: User) -> CompanyDomain:
    """Email a link to ``email``, an address on the domain: following it proves the domain.

    A new link replaces the previous one. Raises ``ProofLinkRefused`` (field
    ``email``) for an address elsewhere or a link sent minutes ago.
    """
    membership = check_supplier_access(actor, Need.ADMIN)
    claim = CompanyDomain.objects.for_supplier(membership.supplier).filter(pk=domain_id).first()
    claim = _locked_claims_of(claim.domain, only=claim.pk) if claim else None
    if claim is None:
        raise DomainGone()
    if claim.is_proven:
        raise DomainAlreadyProven(claim.domain, claim.supplier.name)
    email = email.strip().lower()
    if domain_of_email(email) != claim.domain:
        raise ProofLinkRefused(
            gettext(
                "Type an address on %(domain)s: following the link proves that your company "
                "receives its mail."
            )
            % {"domain": claim.domain}
        )
    now = timezone.now()
    if claim.link_sent_at and now - claim.link_sent_at < CompanyDomain.LINK_INTERVAL:
        raise ProofLinkRefused(
            gettext(
                "A link was sent to %(email)s a moment ago. Wait a few minutes before sending "
                "another one."
            )
            % {"email": claim.link_sent_to}
        )
    token = secrets.token_urlsafe(32)
    claim.link_token_hash = hash_proof_token(token)
    claim.link_sent_to, claim.link_sent_at = email, now
    claim.save(update_fields=["link_token_hash", "link_sent_to", "link_sent_at"])
    record_company_change(
        supplier=claim.supplier,
        actor=actor,
        action="domain.link_sent",
        message=gettext_noop("Link to prove the email domain %(domain)s sent to %(email)s"),
        params={"domain": claim.domain, "email": email},
    )
    emails.domain_proof_link(claim=claim, token=token, requested_by=actor)
    return claim


def domain_claim_for_link(*, token: str) -> CompanyDomain:
    """The claim a proof link names, if it can still prove it; else the refusal that says why."""
    claim = CompanyDomain.objects.with_link_token(token).select_related("supplier").first()
    if claim is None:
        raise InvalidProofLink()
    if claim.is_proven:
        raise DomainAlreadyProven(claim.domain, claim.supplier.name)
    if claim.link_is_expired:
        raise ProofLinkExpired(claim.domain, claim.supplier.name)
    return claim


@transaction.atomic
def prove_domain_with_link(*, token: str, actor: User | None) -> CompanyDomain:
    """Someone who received the link confirms: the domain is proven (once; the link is used)."""
    claim = domain_claim_for_link(token=token)
    claim = _locked_claims_of(claim.domain, only=claim.pk)
    if claim is None or claim.link_token_hash != hash_proof_token(token):
        raise InvalidProofLink()  # removed, released or sent again meanwhile
    if claim.is_proven:
        raise DomainAlreadyProven(claim.domain, claim.supplier.name)
    if claim.link_is_expired:
        raise ProofLinkExpired(claim.domain, claim.supplier.name)
    _check_not_reserved(claim.domain)
    _prove(claim, CompanyDomain.Proof.LINK, address=claim.link_sent_to, actor=actor)
    return claim


@transaction.atomic
def mark_domain_proven(*, domain_id: int, actor: User | None) -> CompanyDomain:
    """The operator vouches for the domain (checked by other means); also the demo's seed."""
    if actor is not None and not actor.is_superuser:
        raise SupplierAccessDenied(gettext("Only the operator can vouch for a domain."))
    claim = CompanyDomain.objects.filter(pk=domain_id).first()
    claim = _locked_claims_of(claim.domain, only=claim.pk) if claim else None
    if claim is None:
        raise DomainGone()
    if not claim.is_proven:
        _check_not_reserved(claim.domain)
        _prove(claim, CompanyDomain.Proof.OPERATOR, address="", actor=actor)
    return claim


@transaction.atomic
def remove_company_domain(*, domain_id: int, actor: User | None) -> None:
    claim = CompanyDomain.objects.select_for_update().filter(pk=domain_id).first()
    if claim is None:
        return  # removed meanwhile
    check_admin_of(actor, claim.supplier)
    claim.delete()
    record_company_change(
        supplier=claim.supplier,
        actor=actor,
        action="domain.removed",
        message=gettext_noop("Email domain %(domain)s removed"),
        params={"domain": claim.domain},
    )


def _check_not_reserved(domain: str) -> None:
    if is_reserved_domain(domain):
        raise DomainReserved(domain)


def _taken_by_another(domain: str) -> DomainTaken:
    return DomainTaken(
        gettext("%(domain)s is already declared and proven by another company on %(site)s.")
        % {"domain": domain, "site": settings.SITE_NAME}
    )


def _verified_address_on(user: User, domain: str) -> str | None:
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return next((a.lower() for a in addresses if domain_of_email(a) == domain), None)


def _locked_claims_of(domain: str, *, only: int) -> CompanyDomain | None:
    """Lock every company's claim of ``domain`` (in one order: two proofs at once never
    deadlock) and return the one with id ``only`` (None if it is gone)."""
    claims = list(
        CompanyDomain.objects.select_for_update(of=("self",))
        .matching(domain)
        .select_related("supplier")
        .order_by("pk")
    )
    return next((claim for claim in claims if claim.pk == only), None)


def _prove(claim: CompanyDomain, proof: str, *, address: str, actor: User | None) -> None:
    """The claim becomes the proven domain; other companies' claims of it are released.

    The caller holds the locks of ``_locked_claims_of``.
    """
    for other in CompanyDomain.objects.unproven().matching(claim.domain).exclude(pk=claim.pk):
        other.delete()
        record_company_change(
            supplier=other.supplier,
            actor=None,
            action="domain.released",
            message=gettext_noop(
                "Email domain %(domain)s released: another company proved that it is theirs"
            ),
            params={"domain": other.domain},
        )
    claim.proven_at, claim.proof, claim.proven_with = timezone.now(), proof, address
    try:
        with transaction.atomic():
            claim.save(update_fields=["proven_at", "proof", "proven_with"])
    except IntegrityError:  # another company proved it first
        raise _taken_by_another(claim.domain) from None
    messages = {
        CompanyDomain.Proof.ADMIN_EMAIL: gettext_noop(
            "Email domain %(domain)s proven by the administrator's own address %(email)s"
        ),
        CompanyDomain.Proof.LINK: gettext_noop(
            "Email domain %(domain)s proven: the link sent to %(email)s was followed"
        ),
        CompanyDomain.Proof.OPERATOR: gettext_noop(
            "Email domain %(domain)s proven: the operator vouched for it"
        ),
    }
    record_company_change(
        supplier=claim.supplier,
        actor=actor,
        action="domain.proven",
        message=messages[proof],
        params={"domain": claim.domain, "email": address},
    )
