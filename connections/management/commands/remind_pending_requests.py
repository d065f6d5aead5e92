"""Remind customers of connection requests still waiting (daily: csp_portal/tasks.py SCHEDULE).

A request pending for ``CONNECTION_REQUEST_REMINDER_DAYS`` (default 7) gets
one reminder email to the customer's admins; running the command again sends
nothing more for it.
"""

from django.core.management.base import BaseCommand

from connections import services


class Command(BaseCommand):
    help = "Email the customer's admins once about each connection request pending for a week."

    def handle(self, *args, **options) -> None:
        reminded = services.remind_pending_requests()
        self.stdout.write(f"{reminded} reminded.")
