"""Background tasks (Django's built-in tasks framework)."""

from django.tasks import task

from csp_portal import emails


@task()
def send_outbox_message(outbox_id: int) -> str | None:
    message = emails.deliver(outbox_id)
    return message.status if message else None
