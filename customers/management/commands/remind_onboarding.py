"""Remind suppliers, once, of onboarding answers not submitted after some days (daily: csp_portal/tasks.py).

The number of days is ``settings.ONBOARDING_REMINDER_DAYS`` (7 by default),
counted from when the customer accepted. Running it again, or twice at once,
sends no second reminder for the same onboarding.
"""

from django.core.management.base import BaseCommand

from customers.services.onboarding import send_reminders


class Command(BaseCommand):
    help = "Email suppliers whose onboarding answers are still not submitted (once each)."

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} reminded.")
