"""Sending invitations from a file, in the background (Django's tasks framework).

``send_invitation_import`` is the task ``invitation_imports.send_import``
enqueues once the rows are queued; it sends each queued row through
``send_invitation`` (or ``resend_invitation`` for a row chosen to be sent
again) and records its outcome. Running it again, or twice at once, is safe:
each row is locked while sent and sent once.
"""

from datetime import datetime

from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from csp_portal.errors import DomainError
from customers.exceptions import InvitationAlreadyPending, SupplierAlreadyInvited
from customers.models import (
    ImportStatus,
    Invitation,
    InvitationImport,
    InvitationImportRow,
    RowAction,
    RowOutcome,
)
from customers.services.invitations import resend_invitation, send_invitation


@task()
def send_invitation_import(import_id: int) -> int:
    return process_import(import_id=import_id)


def process_import(*, import_id: int) -> int:
    """Send every queued row, one transaction each; returns how many were sent or resent.

    In the uploader's language (messages of refusals are kept in it). When no
    row is left queued, the import is done.
    """
    invitation_import = InvitationImport.objects.select_related("customer", "sent_by").get(
        pk=import_id
    )
    done = 0
    with translation.override(invitation_import.language):
        row_ids = list(
            invitation_import.rows.filter(outcome=RowOutcome.QUEUED)
            .order_by("line")
            .values_list("pk", flat=True)
        )
        for row_id in row_ids:
            done += _send_row(row_id, invitation_import)
    _finish(invitation_import)
    return done


# --- helpers ----------------------------------------------------------------


@transaction.atomic
def _send_row(row_id: int, invitation_import: InvitationImport) -> int:
    # A row another worker is sending (locked) or has sent is skipped: each is sent once.
    row = (
        InvitationImportRow.objects.select_for_update(skip_locked=True)
        .filter(pk=row_id, outcome=RowOutcome.QUEUED)
        .first()
    )
    if row is None:
        return 0
    actor = invitation_import.sent_by
    try:
        with transaction.atomic():  # a refusal undoes this row's writes only
            if row.action == RowAction.RESEND:
                invitation = Invitation.objects.for_customer(invitation_import.customer).get(
                    pk=row.invitation_id
                )
                row.invitation = resend_invitation(invitation=invitation, actor=actor)
                outcome = RowOutcome.RESENT
            else:
                row.invitation = send_invitation(
                    customer=invitation_import.customer,
                    email=row.email,
                    invited_by=actor,
                    contact_name=row.contact_name,
                    company_name=row.company_name,
                    language=row.language,
                )
                outcome = RowOutcome.SENT
    except (InvitationAlreadyPending, SupplierAlreadyInvited) as error:
        # Invited meanwhile (by hand, or by another file): not sent twice.
        row.invitation, outcome, row.outcome_message = (
            error.invitation,
            RowOutcome.REFUSED,
            error.message,
        )
    except (DomainError, Invitation.DoesNotExist) as error:
        outcome = RowOutcome.REFUSED
        row.outcome_message = getattr(error, "message", "") or str(error)
    row.outcome, row.done_at = outcome, timezone.now()
    row.save(update_fields=["invitation", "outcome", "outcome_message", "done_at"])
    return int(outcome != RowOutcome.REFUSED)


def _finish(invitation_import: InvitationImport, now: datetime | None = None) -> None:
    """Done once no row waits (a conditional update: two workers finish it once)."""
    if invitation_import.rows.filter(outcome=RowOutcome.QUEUED).exists():
        return
    InvitationImport.objects.filter(pk=invitation_import.pk, status=ImportStatus.SENDING).update(
        status=ImportStatus.DONE, finished_at=now or timezone.now()
    )
