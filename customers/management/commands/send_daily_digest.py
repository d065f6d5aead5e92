"""Email each customer's staff a summary of what waits for them (run once a day).

Only on days something waits, only to people who want it, one email per
person and day: running it again the same day sends nothing more.
"""

from django.core.management.base import BaseCommand

from customers.services import digest


class Command(BaseCommand):
    help = (
        "Email customer staff the daily summary of what waits for them (requests to answer, "
        "answers to review, invitations that bounced or expire soon). Once a day."
    )

    def handle(self, *args, **options) -> None:
        sent = digest.send_daily_digests()
        self.stdout.write(f"Daily summaries sent: {sent}.")
