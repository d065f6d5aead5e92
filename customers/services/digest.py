"""The daily digest: one email per customer staff member, on days something waits for them.

``manage.py send_daily_digest`` runs ``send_daily_digests`` once a day. It
says what the workspace's **To do** says (the same lines, from
``customer_admin_site.todo_for``), in each person's language, with a link to
each list. A person turns it off or on for themselves
(``set_daily_digest``). Idempotent per day: each person's row records the
day of their last digest, set in the same transaction as the email's outbox
row, so running the command again (or twice at once) sends nothing more.
"""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from csp_portal.outbox import emails
from customers.admin_site import TodoLine, customer_admin_site
from customers.models import CustomerMember


def send_daily_digests(*, now: datetime | None = None) -> int:
    """Email today's digest to everyone who wants it and has something waiting; how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lines_by_customer: dict[int, list[TodoLine]] = {}
    sent = 0
    members = (
        CustomerMember.objects.due_for_digest(today)
        .select_related("customer")
        .order_by("customer_id", "pk")
    )
    for member in members:
        if member.customer_id not in lines_by_customer:
            lines_by_customer[member.customer_id] = customer_admin_site.todo_for(
                member.customer, now=now
            )
        lines = lines_by_customer[member.customer_id]
        if lines:  # only on days something waits
            sent += _send_digest(member.pk, lines, today=today)
    return sent


@transaction.atomic
def set_daily_digest(*, membership: CustomerMember, enabled: bool) -> CustomerMember:
    """The person's own choice: receive the daily digest, or not."""
    membership.daily_digest = enabled
    membership.save(update_fields=["daily_digest"])
    return membership


@transaction.atomic
def _send_digest(member_id: int, lines: list[TodoLine], *, today: date) -> int:
    # A row another run is sending (locked) is skipped: one digest per person and day.
    member = (
        CustomerMember.objects.select_for_update(skip_locked=True, of=("self",))
        .due_for_digest(today)
        .select_related("customer", "user")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        return 0  # sent by a concurrent run, or turned off since we listed it
    member.digest_sent_on = today
    member.save(update_fields=["digest_sent_on"])
    emails.send_templated_email(
        template="customer_digest",
        to=member.user.email,
        language=member.user.language or None,
        context={
            "customer_name": member.customer.name,
            "lines": lines,
            "home_url": settings.SITE_URL + reverse("customer_admin:index"),
            "notifications_url": settings.SITE_URL + reverse("customer_admin_notifications"),
            "recipient": member.user,
        },
    )
    return 1
