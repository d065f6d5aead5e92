"""Create the demo data the README lists (what is missing; never overwrites)."""

from django.core.management.base import BaseCommand

from csp_portal import demo


class Command(BaseCommand):
    help = "Create the demo users, companies and relationships. --reset rebuilds them."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every row of the database first, then seed from scratch.",
        )

    def handle(self, *args, reset: bool, **options) -> None:
        created = demo.seed(reset=reset)
        if created:
            self.stdout.write("Created: " + "; ".join(created))
        else:
            self.stdout.write("Demo data already present; nothing created.")
