"""Invitations from a file: read and preview, then send in the background.

    preview_import   read the file, decide what happens to each row (invite,
                     already invited → send again on request, already connected
                     or duplicate → skipped, malformed → error with its row)
    send_import      queue the rows to send and start the background task
    resume_sending   start the task again for rows still queued

The background task and its work are ``invitation_sending``.

Reading a file invites nobody; uploading the same list again finds every
address already invited, so nothing is sent twice.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Supplier, SupplierMember, User
from customers import invitation_csv
from customers.exceptions import ImportAlreadySent, NothingToSend
from customers.models import (
    ACCEPTED_STATES,
    Customer,
    ImportStatus,
    Invitation,
    InvitationImport,
    InvitationImportRow,
    Relationship,
    RelationshipState,
    RowAction,
    RowOutcome,
)
from customers.services.invitation_sending import send_invitation_import

logger = logging.getLogger(__name__)


@transaction.atomic
def preview_import(
    *, customer: Customer, uploaded_by: User, file_name: str, content: bytes, language: str
) -> InvitationImport:
    """Read the file and record what Send would do with each row; nothing is sent.

    Raises ``ImportFileRefused`` for a file that is not a list of suppliers
    (empty, too long, no email column). A constant number of queries, however
    many rows.
    """
    parsed = invitation_csv.parse(content, default_language=language)
    invitation_import = InvitationImport.objects.create(
        customer=customer,
        file_name=file_name.replace("\x00", "")[:255],
        fingerprint=parsed.fingerprint,
        language=language,
        uploaded_by=uploaded_by,
    )
    known = _what_is_known(customer, parsed.rows)
    seen: dict[str, int] = {}
    rows = []
    for parsed_row in parsed.rows:
        row = InvitationImportRow(
            invitation_import=invitation_import,
            line=parsed_row.line,
            email=parsed_row.email,
            company_name=parsed_row.company,
            contact_name=parsed_row.contact_name,
            language=parsed_row.language,
        )
        if parsed_row.error:
            row.action, row.reason = RowAction.ERROR, parsed_row.error
            row.reason_params = parsed_row.error_params
        elif parsed_row.email in seen:
            row.action, row.reason = RowAction.SKIP, "duplicate"
            row.reason_params = {"line": seen[parsed_row.email]}
        else:
            seen[parsed_row.email] = parsed_row.line
            _decide(row, known)
        rows.append(row)
    InvitationImportRow.objects.bulk_create(rows, batch_size=500)
    return invitation_import


@transaction.atomic
def send_import(
    *, invitation_import: InvitationImport, actor: User, resend_lines: set[int]
) -> InvitationImport:
    """Queue the new invitations, and those chosen to be sent again; a task sends them."""
    invitation_import = InvitationImport.objects.select_for_update().get(pk=invitation_import.pk)
    if not invitation_import.is_preview:
        raise ImportAlreadySent()
    rows = invitation_import.rows.all()
    queued = rows.filter(
        Q(action=RowAction.INVITE) | Q(action=RowAction.RESEND, line__in=sorted(resend_lines))
    ).update(outcome=RowOutcome.QUEUED)
    if not queued:
        raise NothingToSend()
    invitation_import.status = ImportStatus.SENDING
    invitation_import.sent_by = actor
    invitation_import.sending_started_at = timezone.now()
    invitation_import.save(update_fields=["status", "sent_by", "sending_started_at"])
    transaction.on_commit(partial(enqueue_sending, invitation_import.pk))
    return invitation_import


@transaction.atomic
def resume_sending(*, invitation_import: InvitationImport) -> InvitationImport:
    """Start the task again for rows still queued (a worker stopped, or the task was lost)."""
    invitation_import = InvitationImport.objects.select_for_update().get(pk=invitation_import.pk)
    if invitation_import.is_sending:
        transaction.on_commit(partial(enqueue_sending, invitation_import.pk))
    return invitation_import


def enqueue_sending(import_id: int) -> None:
    """Start (or restart) the background task that sends the queued rows."""
    try:
        send_invitation_import.enqueue(import_id)
    except Exception:  # the page offers to continue sending; the rows are queued
        logger.exception("Could not enqueue the invitations from file %s", import_id)


# --- helpers ----------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    """What the portal already knows about the file's addresses (four queries in all)."""

    pending_by_email: dict[str, Invitation]
    supplier_by_email: dict[str, Supplier]
    relationships: dict[int, Relationship]
    pending_by_supplier: dict[int, Invitation]


def _what_is_known(customer: Customer, rows) -> _Known:
    now = timezone.now()
    emails = sorted({row.email for row in rows if not row.error})
    waiting = Invitation.objects.for_customer(customer).pending().filter(expires_at__gt=now)
    members = (
        SupplierMember.objects.annotate(email=Lower("user__email"))
        .filter(email__in=emails, user__is_active=True)
        .select_related("supplier")
    )
    supplier_by_email = {member.email: member.supplier for member in members}
    supplier_ids = sorted({supplier.pk for supplier in supplier_by_email.values()})
    return _Known(
        pending_by_email={
            invitation.email: invitation for invitation in waiting.filter(email__in=emails)
        },
        supplier_by_email=supplier_by_email,
        relationships={
            relationship.supplier_id: relationship
            for relationship in Relationship.objects.for_customer(customer).filter(
                supplier_id__in=supplier_ids
            )
        },
        pending_by_supplier={
            invitation.invited_supplier_id: invitation
            for invitation in waiting.filter(invited_supplier_id__in=supplier_ids)
        },
    )


def _decide(row: InvitationImportRow, known: _Known) -> None:
    """What Send does with a well-formed row, and why (as ``send_invitation`` would decide)."""
    supplier = known.supplier_by_email.get(row.email)
    relationship = known.relationships.get(supplier.pk) if supplier else None
    state = relationship.state if relationship else None
    if state in ACCEPTED_STATES:
        row.action, row.reason = RowAction.SKIP, "already_connected"
        row.reason_params = {"supplier": supplier.name}
    elif state == RelationshipState.REQUESTED:
        row.action, row.reason = RowAction.SKIP, "already_requested"
        row.reason_params = {"supplier": supplier.name}
    elif pending := known.pending_by_email.get(row.email):
        row.action, row.reason, row.invitation = RowAction.RESEND, "already_invited", pending
        row.reason_params = {"date": pending.sent_at.isoformat()}
    elif supplier and (pending := known.pending_by_supplier.get(supplier.pk)):
        row.action, row.reason, row.invitation = RowAction.RESEND, "company_invited", pending
        row.reason_params = {"email": pending.email}
    else:
        row.action = RowAction.INVITE
