"""Background tasks (Django's built-in tasks framework)."""

from django.tasks import task

from csp_portal.outbox import delivery


@task()
def send_outbox_message(outbox_id: int) -> str | None:
    message = delivery.deliver(outbox_id)
    return message.status if message else None
