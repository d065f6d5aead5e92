"""The project's own models live in ``csp_portal.outbox``; Django finds them here."""

from csp_portal.outbox.models import OutboxMessage

__all__ = ["OutboxMessage"]
