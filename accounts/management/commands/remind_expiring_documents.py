"""Email a supplier's admins when a company document expires soon (cron, e.g. daily).

``settings.DOCUMENT_EXPIRY_NOTICE_DAYS`` (30 by default) before the expiry
date, once per document and expiry date: running it again, or twice at once,
sends nothing more; a new file with a new expiry date is reminded of again.
Expired documents need no job: customers see them marked expired from that day.
"""

from django.core.management.base import BaseCommand

from accounts.services import remind_expiring_documents


class Command(BaseCommand):
    help = "Email suppliers' admins about company documents that expire soon (once each)."

    def handle(self, *args, **options) -> None:
        sent = remind_expiring_documents()
        self.stdout.write(f"{sent} reminded.")
