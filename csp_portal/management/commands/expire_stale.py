"""Expire what nobody answered before its deadline (hourly: csp_portal/tasks.py SCHEDULE).

A command that spans apps, so it lives in the project package (the top
layer): each kind of open record (invitations, connection requests) expires
through the service of the app that owns it, which also sends its emails.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from connections import services as connection_services
from csp_portal.errors import TransitionNotAllowed
from customers import services as customer_services
from customers.models import Relationship
from customers.services import invitations


class Command(BaseCommand):
    help = "Move invitations and requests past their deadline to EXPIRED."

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        # Requests and invitations first, through the services that own them:
        # each also expires its relationship and sends its emails. The loop
        # below catches any relationship left waiting without such a record.
        expired = connection_services.expire_overdue_requests(now=now)
        expired += invitations.expire_invitations(now=now)
        for relationship in Relationship.objects.past_deadline(now=now).order_by("deadline"):
            try:
                customer_services.expire(relationship=relationship, now=now)
            except TransitionNotAllowed:
                continue  # answered (or extended) since we listed it
            expired += 1
        self.stdout.write(f"{expired} expired.")
