"""Delivery tracking: the provider's webhook records delivered / bounced / complained."""

import base64
import json
import uuid

import pytest
from anymail.backends.test import EmailBackend as AnymailTestBackend
from django.urls import reverse

from csp_portal.outbox.models import OutboxMessage
from customers.models import Invitation
from customers.services import invitations

pytestmark = pytest.mark.django_db

WEBHOOK = "/anymail/postmark/tracking/"
SECRET = "postmark-hook:s3cret-Passw0rd"


class PostmarkLikeTestBackend(AnymailTestBackend):
    """anymail's test backend, with message ids shaped like Postmark's (a UUID)."""

    def get_esp_message_id(self, message) -> str:
        return str(uuid.uuid4())


@pytest.fixture
def tracked(settings):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.PostmarkLikeTestBackend"}}


@pytest.fixture
def sent_invitation(tracked, customer, customer_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.send_invitation(
            customer=customer, email="jane@newco.example", invited_by=customer_admin
        )
    invitation.refresh_from_db()
    assert invitation.outbox_message.status == OutboxMessage.Status.SENT
    assert invitation.outbox_message.provider_message_id != ""
    return invitation


def _auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _postmark_bounce(message_id: str) -> dict:
    """Postmark's bounce webhook, as its documentation shows it."""
    return {
        "RecordType": "Bounce",
        "MessageStream": "outbound",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "invitation",
        "MessageID": message_id,
        "Metadata": {},
        "ServerID": 23,
        "Description": (
            "The server was unable to deliver your message (ex: unknown user, mailbox not found)."
        ),
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": "jane@newco.example",
        "From": "no-reply@csp-portal.localhost",
        "BouncedAt": "2026-03-05T16:33:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Acme Test Industries invites you to connect on csp-portal",
    }


def _postmark_delivery(message_id: str) -> dict:
    return {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": message_id,
        "Recipient": "jane@newco.example",
        "Tag": "invitation",
        "DeliveredAt": "2026-03-05T16:33:50.0000000Z",
        "Details": "Test delivery webhook details",
        "Metadata": {},
    }


def _post(client, payload: dict, **headers):
    return client.post(WEBHOOK, json.dumps(payload), content_type="application/json", **headers)


def test_bounce_is_recorded_and_the_customer_is_told_to_check_the_address(
    client, sent_invitation, customer_admin
):
    message_id = sent_invitation.outbox_message.provider_message_id

    response = _post(client, _postmark_bounce(message_id), **_auth())

    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.bounced_at.isoformat().startswith("2026-03-05T16:33:54")
    assert "unable to deliver" in invitation.bounce_reason
    assert invitation.is_bounced
    client.force_login(customer_admin)
    listing = client.get(reverse("customer_admin:customers_invitation_changelist"))
    page = client.get(reverse("customer_admin:customers_invitation_change", args=[invitation.pk]))
    assert "Check the address" in listing.content.decode()
    assert "Bounced" in listing.content.decode()
    assert "The email to jane@newco.example bounced: it never arrived." in page.content.decode()


def test_delivery_is_recorded(client, sent_invitation):
    message_id = sent_invitation.outbox_message.provider_message_id

    response = _post(client, _postmark_delivery(message_id), **_auth())

    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.delivered_at is not None
    assert invitation.bounced_at is None
    assert not invitation.is_bounced


def test_spam_complaint_is_recorded(client, sent_invitation):
    payload = {
        **_postmark_bounce(sent_invitation.outbox_message.provider_message_id),
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "TypeCode": 512,
    }

    assert _post(client, payload, **_auth()).status_code == 200
    assert Invitation.objects.get().complained_at is not None


@pytest.mark.parametrize("headers", [{}, _auth("postmark-hook:wrong"), _auth("someone:else")])
def test_an_unauthenticated_webhook_call_is_refused(client, sent_invitation, headers):
    message_id = sent_invitation.outbox_message.provider_message_id

    response = _post(client, _postmark_bounce(message_id), **headers)

    assert response.status_code == 400
    assert Invitation.objects.get().bounced_at is None


def test_without_a_configured_secret_every_call_is_refused(client, db, settings):
    """Tests run without ANYMAIL_WEBHOOK_SECRET: the settings hold a random secret instead."""
    settings.EMAIL_PROVIDER = "postmark"

    assert len(settings.ANYMAIL["WEBHOOK_SECRET"]) >= 32
    for guess in ["user:pass", ":", "anymail:"]:
        assert _post(client, _postmark_delivery("x"), **_auth(guess)).status_code == 400
    assert _post(client, _postmark_delivery("x")).status_code == 400


def test_events_about_other_mail_change_nothing(client, sent_invitation):
    response = _post(client, _postmark_bounce("not-an-invitation-message"), **_auth())

    assert response.status_code == 200
    assert Invitation.objects.get().bounced_at is None


def test_a_bounce_of_the_link_before_a_resend_is_ignored(
    client, sent_invitation, customer_admin, django_capture_on_commit_callbacks
):
    old_message_id = sent_invitation.outbox_message.provider_message_id
    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend_invitation(invitation=sent_invitation, actor=customer_admin)

    _post(client, _postmark_bounce(old_message_id), **_auth())

    invitation = Invitation.objects.get()
    assert invitation.outbox_message.provider_message_id != old_message_id
    assert invitation.bounced_at is None
