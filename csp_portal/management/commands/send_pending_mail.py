"""Re-send outbox rows that failed or got stuck (every minute: csp_portal/tasks.py SCHEDULE).

The tasks framework does not retry, so this sweeper is what guarantees that
no email is lost: failed rows are retried with exponential backoff until
``MAIL_MAX_ATTEMPTS``, then marked "given up" for the operator to see.
"""

from django.core.management.base import BaseCommand

from csp_portal.outbox import delivery
from csp_portal.outbox.models import OutboxMessage


class Command(BaseCommand):
    help = "Re-send outbox emails that failed (after their backoff) or were never sent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="Most rows per run.")

    def handle(self, *args, limit: int, **options) -> None:
        ids = list(
            OutboxMessage.objects.due_for_retry()
            .order_by("created_at")
            .values_list("pk", flat=True)[:limit]
        )
        outcome: dict[str, int] = {}
        for outbox_id in ids:
            message = delivery.deliver(outbox_id)
            key = message.status if message else "skipped"
            outcome[key] = outcome.get(key, 0) + 1
        summary = ", ".join(f"{count} {status}" for status, count in sorted(outcome.items()))
        self.stdout.write(f"{len(ids)} due" + (f": {summary}" if summary else ""))
