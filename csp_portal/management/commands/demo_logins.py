"""Print the demo logins (after `seed_demo`), for `make run`."""

from django.conf import settings
from django.core.management.base import BaseCommand

from csp_portal.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options) -> None:
        self.stdout.write("")
        self.stdout.write(f"{settings.SITE_NAME} demo — {settings.SITE_URL}")
        self.stdout.write(f"Every demo password: {DEMO_PASSWORD}")
        for email, who in DEMO_LOGINS:
            self.stdout.write(f"  {email:<38} {who}")
        if settings.MAILERS["default"]["BACKEND"].endswith("LocalFileEmailBackend"):
            self.stdout.write(f"Mail is saved under {settings.MAIL_DIR}/ and listed at /dev/mail/")
        self.stdout.write("")
