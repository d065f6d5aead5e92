"""Delivery tracking of invitation emails, from the email provider's webhooks.

anymail's webhook views (``/anymail/<provider>/tracking/``, basic-auth with
``ANYMAIL_WEBHOOK_SECRET``) turn each provider's payload into a normalised
tracking event and send its ``tracking`` signal; this receiver records the
events that matter to a customer against the invitation sent with that message.
"""

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver

from customers.services import invitations

TRACKED_EVENTS = frozenset({"delivered", "bounced", "rejected", "complained"})


@receiver(tracking, dispatch_uid="customers.record_invitation_delivery")
def record_invitation_delivery(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs):
    if event.event_type not in TRACKED_EVENTS or not event.message_id:
        return
    invitations.record_delivery_event(
        provider_message_id=str(event.message_id),
        event_type=event.event_type,
        timestamp=event.timestamp,
        description=event.description or event.mta_response or "",
    )
