"""Writes of the accounts app: companies, their profile and domains, requests to join,
the company's audit log. The team itself (invitations, roles, leaving) is ``accounts.team``."""

import logging
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts import emails
from accounts.domains import normalize_domain, validate_company_domain
from accounts.exceptions import AlreadyInCompany, DomainTaken
from accounts.models import (
    CompanyDocument,
    CompanyDocumentVersion,
    CompanyDomain,
    JoinRequest,
    Supplier,
    SupplierAuditEvent,
    SupplierMember,
    User,
)
from accounts.uploads import check_upload
from csp_portal.audit import changed_values, field_values

logger = logging.getLogger(__name__)

PROFILE_FIELDS = Supplier.PUBLIC_PROFILE_FIELDS + Supplier.RESTRICTED_PROFILE_FIELDS


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


def declare_company_domain(*, supplier: Supplier, domain: str, actor: User | None) -> CompanyDomain:
    """Record that the company's staff use addresses on ``domain``.

    Raises ``DomainTaken`` when any company (this one included) declared it.
    """
    domain = normalize_domain(domain)
    validate_company_domain(domain)
    try:
        # The unique constraint decides, also between two admins at once.
        with transaction.atomic():
            return CompanyDomain.objects.create(supplier=supplier, domain=domain, added_by=actor)
    except IntegrityError:
        raise DomainTaken(
            gettext("%(domain)s is already declared by a company on %(site)s.")
            % {"domain": domain, "site": settings.SITE_NAME}
        ) from None


@transaction.atomic
def remove_company_domain(*, domain_id: int) -> None:
    CompanyDomain.objects.filter(pk=domain_id).delete()


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
