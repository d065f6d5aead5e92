"""Writes of the accounts app: companies, their profile and domains (and their proof),
requests to join, the company's audit log. The team itself (invitations, roles, leaving) is
``accounts.team``."""

import logging
import secrets
from datetime import date

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
    refusal_message,
    supplier_membership,
)
from accounts.domains import (
    domain_of_email,
    is_reserved_domain,
    normalize_domain,
    validate_company_domain,
)
from accounts.exceptions import (
    AlreadyInCompany,
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
    CompanyDocument,
    CompanyDocumentVersion,
    CompanyDomain,
    JoinRequest,
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    User,
    hash_proof_token,
)
from accounts.uploads import check_upload
from csp_portal.audit import changed_values, field_values

logger = logging.getLogger(__name__)

PROFILE_FIELDS = Supplier.PUBLIC_PROFILE_FIELDS + Supplier.RESTRICTED_PROFILE_FIELDS
# Domains a company may have waiting for proof at once.
MAX_UNPROVEN_DOMAINS = 10


@transaction.atomic
def register_supplier(*, user: User, company_name: str) -> Supplier:
    """Create the supplier company of a new user and make the user its admin."""
    supplier = Supplier.objects.create(name=company_name.strip())
    SupplierMember.objects.create(supplier=supplier, user=user, role=SupplierMember.Role.ADMIN)
    return supplier


@transaction.atomic
def update_company_profile(
    *, supplier_id: int, changes: dict[str, object], actor: User | None
) -> Supplier:
    """Set the profile fields given in ``changes`` (public and restricted alike).

    The audit log gets one entry with the fields that changed (none: no entry).
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    supplier = Supplier.objects.select_for_update().get(pk=supplier_id)
    before = field_values(supplier, changes)
    for field, value in changes.items():
        setattr(supplier, field, value)
    supplier.save(update_fields=list(changes))
    record_company_change(
        supplier=supplier,
        actor=actor,
        action="profile.changed",
        message=gettext_noop("Company profile changed"),
        before=before,
        after=field_values(supplier, changes),
    )
    return supplier


# --- company email domains ---------------------------------------------------
#
# A declared domain does nothing until it is proven (see ``CompanyDomain``).
# A claim nobody proved never blocks the real owner: several companies may
# claim a domain, and the first to prove it takes it, releasing the others'
# claims (each company's audit log says so). Every change to a domain is in
# the company's audit log.


@transaction.atomic
def declare_company_domain(*, supplier: Supplier, domain: str, actor: User | None) -> CompanyDomain:
    """Record that the company's staff use addresses on ``domain``, proven at once when
    the declaring admin's own verified address is on it.

    Raises ``DomainTaken`` (this company's already, or another company proved it),
    ``DomainReserved`` (a customer's) or ``TooManyUnprovenDomains``.
    """
    _check_admin_of(actor, supplier)
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
    _check_admin_of(actor, claim.supplier)
    claim.delete()
    record_company_change(
        supplier=claim.supplier,
        actor=actor,
        action="domain.removed",
        message=gettext_noop("Email domain %(domain)s removed"),
        params={"domain": claim.domain},
    )


@transaction.atomic
def request_to_join(*, user: User, supplier: Supplier) -> JoinRequest:
    """A new user asks to join ``supplier`` instead of registering it a second time.

    The administrators hear of it once the user has confirmed their address
    (``submit_join_request``): until then nothing shows they own it.
    """
    if SupplierMember.objects.filter(user=user).exists():
        raise AlreadyInCompany(_already_in_company(user))
    return JoinRequest.objects.create(supplier=supplier, user=user)


@transaction.atomic
def submit_join_request(*, user: User) -> JoinRequest | None:
    """The user confirmed their address: their request to join goes to the admins.

    A no-op (None) when the user has no request waiting for that confirmation,
    e.g. on a later change of address.
    """
    join_request = (
        JoinRequest.objects.select_for_update()
        .filter(user=user, status=JoinRequest.Status.AWAITING_EMAIL)
        .select_related("supplier")
        .first()
    )
    if join_request is None:
        return None
    join_request.check_can_move_to(JoinRequest.Status.PENDING)
    join_request.status = JoinRequest.Status.PENDING
    join_request.save(update_fields=["status"])
    emails.join_request_received(join_request=join_request)
    return join_request


@transaction.atomic
def approve_join_request(*, join_request_id: int, actor: User) -> JoinRequest:
    """The admin adds the requester to the company, as a member."""
    join_request = _locked_join_request(join_request_id)
    join_request.check_can_move_to(JoinRequest.Status.APPROVED)
    if SupplierMember.objects.filter(user=join_request.user).exists():
        raise AlreadyInCompany(_already_in_company(join_request.user))
    membership = SupplierMember.objects.create(
        supplier=join_request.supplier, user=join_request.user, role=SupplierMember.Role.MEMBER
    )
    _decide(join_request, JoinRequest.Status.APPROVED, actor)
    record_company_change(
        supplier=join_request.supplier,
        actor=actor,
        action="team.join_request_approved",
        message=gettext_noop("Approved the request of %(name)s to join the team"),
        params=who(join_request.user),
        after={"role": membership.role, "manage_connections": membership.may_manage_connections},
    )
    emails.join_request_approved(join_request=join_request)
    return join_request


@transaction.atomic
def decline_join_request(*, join_request_id: int, actor: User) -> JoinRequest:
    join_request = _locked_join_request(join_request_id)
    join_request.check_can_move_to(JoinRequest.Status.DECLINED)
    _decide(join_request, JoinRequest.Status.DECLINED, actor)
    record_company_change(
        supplier=join_request.supplier,
        actor=actor,
        action="team.join_request_declined",
        message=gettext_noop("Declined the request of %(name)s to join the team"),
        params=who(join_request.user),
    )
    emails.join_request_declined(join_request=join_request)
    return join_request


def record_company_change(
    *,
    supplier: Supplier,
    actor: User | None,
    action: str,
    message: str,
    params: dict | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> SupplierAuditEvent | None:
    """Write one entry of the company's audit log, in the caller's transaction.

    ``message`` is marked with ``gettext_noop``; ``before``/``after`` are the
    values as JSON, and only the ones that differ are kept. Nothing changed
    (both given and equal): no entry, ``None``.
    """
    before, after = before or {}, after or {}
    if before or after:
        before, after = changed_values(before, after)
        if not before and not after:
            return None
    return SupplierAuditEvent.objects.create(
        supplier=supplier,
        actor=actor,
        action=action,
        message=message,
        params=params or {},
        before=before,
        after=after,
    )


# --- company documents ------------------------------------------------------------


@transaction.atomic
def add_company_document(
    *,
    supplier: Supplier,
    actor: User,
    kind: str,
    title: str,
    expires_on: date | None,
    uploaded,
) -> CompanyDocument:
    """A new document with its first file; the file is checked again here (type from content)."""
    content_type = check_upload(uploaded)
    document = CompanyDocument.objects.create(supplier=supplier, kind=kind, title=title.strip())
    version = _store_version(
        document, actor=actor, expires_on=expires_on, uploaded=uploaded, content_type=content_type
    )
    record_company_change(
        supplier=supplier,
        actor=actor,
        action="document.added",
        message=gettext_noop("Document added: %(title)s"),
        params={"title": document.title},
        after={"title": document.title, "kind": kind, "file": version.filename},
    )
    return document


@transaction.atomic
def replace_company_document(
    *, document: CompanyDocument, actor: User, expires_on: date | None, uploaded
) -> CompanyDocumentVersion:
    """A new file for the document; the previous one stays, visible to the supplier only."""
    content_type = check_upload(uploaded)
    document = CompanyDocument.objects.select_for_update().get(pk=document.pk)
    previous = CompanyDocumentVersion.objects.current().filter(document=document).first()
    CompanyDocumentVersion.objects.filter(document=document, is_current=True).update(
        is_current=False
    )
    version = _store_version(
        document, actor=actor, expires_on=expires_on, uploaded=uploaded, content_type=content_type
    )
    record_company_change(
        supplier=document.supplier,
        actor=actor,
        action="document.replaced",
        message=gettext_noop("Document replaced: %(title)s"),
        params={"title": document.title},
        before={"file": previous.filename if previous else ""},
        after={"file": version.filename},
    )
    return version


@transaction.atomic
def remove_company_document(*, document: CompanyDocument, actor: User) -> None:
    """The document and all its files go; customers can no longer open it."""
    document = CompanyDocument.objects.select_for_update().get(pk=document.pk)
    names = list(document.versions.values_list("file", flat=True))
    record_company_change(
        supplier=document.supplier,
        actor=actor,
        action="document.removed",
        message=gettext_noop("Document removed: %(title)s"),
        params={"title": document.title},
        before={"title": document.title},
    )
    document.delete()
    storage = CompanyDocumentVersion._meta.get_field("file").storage
    transaction.on_commit(lambda: _delete_files(storage, names))


def remind_expiring_documents(*, today: date | None = None) -> int:
    """Email the admins once per document and expiry date, ``DOCUMENT_EXPIRY_NOTICE_DAYS`` ahead.

    Each reminder is its own transaction; a file another run is reminding
    (locked) is skipped, so two runs at once send one email. Returns how many.
    """
    today = today or timezone.localdate()
    days = settings.DOCUMENT_EXPIRY_NOTICE_DAYS
    sent = 0
    for version_id in CompanyDocumentVersion.objects.due_for_expiry_reminder(
        today=today, days=days
    ).values_list("pk", flat=True):
        sent += _remind_expiry(version_id, today=today, days=days)
    return sent


def _store_version(
    document: CompanyDocument, *, actor: User, expires_on, uploaded, content_type: str
) -> CompanyDocumentVersion:
    version = CompanyDocumentVersion(
        document=document,
        filename=uploaded.name,
        content_type=content_type,
        size=uploaded.size,
        expires_on=expires_on,
        uploaded_by=actor,
    )
    # Stored under a random name (upload_to); the uploaded name is only shown back.
    version.file.save(uploaded.name, uploaded, save=False)
    try:
        version.save()
    except Exception:
        _delete_files(version.file.storage, [version.file.name])
        raise
    return version


@transaction.atomic
def _remind_expiry(version_id: int, *, today: date, days: int) -> int:
    version = (
        CompanyDocumentVersion.objects.select_for_update(skip_locked=True, of=("self",))
        .due_for_expiry_reminder(today=today, days=days)
        .select_related("document__supplier")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return 0  # replaced, reminded or being reminded since we listed it
    version.expiry_reminded_for = version.expires_on
    version.save(update_fields=["expiry_reminded_for"])
    emails.document_expiring(version=version)
    return 1


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # the row is gone: a left-over file is harmless, and logged
            logger.warning("Could not delete the stored file %s", name)


def who(user: User) -> dict[str, object]:
    """How an audit entry names a person (``user_id`` lets their deletion forget the name)."""
    return {"user_id": user.pk, "name": user.get_full_name(), "email": user.email}


def _locked_join_request(join_request_id: int) -> JoinRequest:
    # Two admins answering at once: the second waits here, then sees the answer.
    return (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("supplier", "user")
        .get(pk=join_request_id)
    )


def _decide(join_request: JoinRequest, status: str, actor: User) -> None:
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])


def _already_in_company(user: User) -> str:
    return gettext("%(name)s already works for a company on %(site)s.") % {
        "name": user.get_full_name(),
        "site": settings.SITE_NAME,
    }


def _check_admin_of(actor: User | None, supplier: Supplier) -> None:
    """A change by a person (not the system) needs an admin of this company."""
    if actor is None:
        return
    if check_supplier_access(actor, Need.ADMIN).supplier_id != supplier.pk:
        raise SupplierAccessDenied(refusal_message(supplier_membership(actor), Need.ADMIN))


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
