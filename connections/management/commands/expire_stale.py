"""Expire what nobody answered before its deadline (run by cron, e.g. hourly).

Lives in the connections app, the top of the dependency chain, because each
kind of open record (invitations, connection requests) expires through the
service of the app that owns it, which also sends its emails.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from connections import services as connection_services
from customers import services as customer_services
from customers.exceptions import TransitionNotAllowed
from customers.models import Relationship


class Command(BaseCommand):
    help = "Move invitations and requests past their deadline to EXPIRED."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        # Connection requests first: their service also expires the relationship
        # and tells the supplier. The loop below handles the rest (invitations).
        expired = connection_services.expire_overdue_requests(now=now)
        for relationship in Relationship.objects.past_deadline(now=now).order_by("deadline"):
            try:
                customer_services.expire(relationship=relationship, now=now)
            except TransitionNotAllowed:
                continue  # answered (or extended) since we listed it
            expired += 1
        self.stdout.write(f"{expired} expired.")
