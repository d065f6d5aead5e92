"""The company documents: added, replaced with a new version, removed, and reminded of
before they expire."""

import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts import emails
from accounts.models import (
    CompanyDocument,
    CompanyDocumentVersion,
    Supplier,
    User,
)
from accounts.services.companies import record_company_change
from accounts.uploads import check_upload

logger = logging.getLogger(__name__)


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
