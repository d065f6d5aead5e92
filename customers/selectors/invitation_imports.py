"""Reads of invitations from a file: a row count per action and outcome, the rows, the
earlier upload of the same list (a constant number of queries, whatever the rows)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q

from customers.models import InvitationImport, InvitationImportRow, RowAction, RowOutcome


@dataclass(frozen=True)
class ImportSummary:
    """How many rows will do what (preview), and how far the sending is."""

    invite: int
    resend: int
    skip: int
    error: int
    queued: int
    sent: int
    resent: int
    refused: int
    last_done_at: datetime | None

    @property
    def to_send(self) -> int:
        """The rows Send queued: those waiting and those done."""
        return self.queued + self.sent + self.resent + self.refused

    @property
    def done(self) -> int:
        return self.sent + self.resent + self.refused

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.to_send) if self.to_send else 100


def import_summary(invitation_import: InvitationImport) -> ImportSummary:
    counts = InvitationImportRow.objects.filter(invitation_import=invitation_import).aggregate(
        **{action: Count("pk", filter=Q(action=action)) for action in RowAction.values},
        **{outcome: Count("pk", filter=Q(outcome=outcome)) for outcome in RowOutcome.values},
        last_done_at=Max("done_at"),
    )
    return ImportSummary(**counts)


def import_rows(invitation_import: InvitationImport) -> list[InvitationImportRow]:
    return list(
        InvitationImportRow.objects.filter(invitation_import=invitation_import)
        .select_related("invitation")
        .order_by("line")
    )


def earlier_upload(invitation_import: InvitationImport) -> InvitationImport | None:
    """The last upload of the same list by the same customer before this one, if any."""
    return (
        InvitationImport.objects.filter(
            customer_id=invitation_import.customer_id,
            fingerprint=invitation_import.fingerprint,
            uploaded_at__lt=invitation_import.uploaded_at,
        )
        .order_by("-uploaded_at")
        .first()
    )
