"""The email webhook: the configured provider's tracking endpoint only, with every setting it needs."""

import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
from anymail.backends.test import EmailBackend as AnymailTestBackend
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from csp_portal.checks import check_production_settings
from customers.models import Invitation
from customers.services import invitations

pytestmark = pytest.mark.django_db

SECRET = "hook-user:s3cret-Passw0rd"
SIGNING_KEY = "mailgun-signing-key-0123456789"
PROVIDERS = ["postmark", "sendgrid", "mailgun", "amazon_ses"]


class MailgunLikeTestBackend(AnymailTestBackend):
    """anymail's test backend, with message ids shaped like Mailgun's."""

    def get_esp_message_id(self, message) -> str:
        return f"<{uuid.uuid4().hex}@mg.example>"


@pytest.fixture
def provider(settings):
    """Use ``provider("mailgun")``: that provider configured, with the webhook secret."""

    def configure(name: str, **anymail) -> None:
        settings.EMAIL_PROVIDER = name
        settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, **anymail}

    return configure


def _auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _mailgun_call(message_id: str, *, key: str = SIGNING_KEY) -> str:
    token, timestamp = uuid.uuid4().hex, str(int(time.time()))
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"token": token, "timestamp": timestamp, "signature": signature},
            "event-data": {
                "event": "delivered",
                "timestamp": time.time(),
                "recipient": "jane@newco.example",
                "message": {"headers": {"message-id": message_id.strip("<>")}},
            },
        }
    )


@pytest.mark.parametrize("configured", PROVIDERS)
def test_only_the_configured_providers_tracking_endpoint_exists(client, provider, configured):
    provider(configured, MAILGUN_WEBHOOK_SIGNING_KEY=SIGNING_KEY)

    for other in [name for name in PROVIDERS if name != configured] + ["mailjet", "resend"]:
        assert client.post(f"/anymail/{other}/tracking/", **_auth()).status_code == 404
    for path in ["inbound/", "inbound_mime/", ""]:
        assert client.post(f"/anymail/{configured}/{path}", **_auth()).status_code == 404
    assert client.post("/anymail/mandrill/", **_auth()).status_code == 404


def test_without_an_email_provider_there_is_no_webhook(client, provider):
    provider("")

    for name in PROVIDERS:
        assert client.post(f"/anymail/{name}/tracking/", **_auth()).status_code == 404


def test_mailgun_without_its_signing_key_publishes_nothing_and_cannot_deploy(
    client, provider, settings
):
    provider("mailgun")
    settings.DEBUG = False
    settings.MAILERS = {
        "default": {
            "BACKEND": "anymail.backends.mailgun.EmailBackend",
            "OPTIONS": {"api_key": "key-123"},
        }
    }

    assert client.post("/anymail/mailgun/tracking/", **_auth()).status_code == 404
    [error] = [m for m in check_production_settings(None) if m.id == "csp_portal.E005"]
    assert "MAILGUN_WEBHOOK_SIGNING_KEY" in error.msg


def test_a_signed_mailgun_delivery_is_recorded(
    client, provider, settings, customer, customer_admin, django_capture_on_commit_callbacks
):
    provider("mailgun", MAILGUN_WEBHOOK_SIGNING_KEY=SIGNING_KEY)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.MailgunLikeTestBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.send_invitation(
            customer=customer, email="jane@newco.example", invited_by=customer_admin
        )
    message_id = Invitation.objects.get(pk=invitation.pk).outbox_message.provider_message_id

    response = client.post(
        "/anymail/mailgun/tracking/",
        _mailgun_call(message_id),
        content_type="application/json",
        **_auth(),
    )

    assert response.status_code == 200
    assert Invitation.objects.get().delivered_at is not None


def test_a_mailgun_call_signed_with_another_key_is_refused(client, provider):
    provider("mailgun", MAILGUN_WEBHOOK_SIGNING_KEY=SIGNING_KEY)

    response = client.post(
        "/anymail/mailgun/tracking/",
        _mailgun_call("<x@mg.example>", key="guessed"),
        content_type="application/json",
        **_auth(),
    )

    assert response.status_code == 400


def test_the_signing_key_is_read_from_the_environment(monkeypatch):
    import importlib

    from csp_portal import settings as portal_settings

    monkeypatch.setenv("MAILGUN_WEBHOOK_SIGNING_KEY", SIGNING_KEY)
    try:
        assert importlib.reload(portal_settings).ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] == (
            SIGNING_KEY
        )
        monkeypatch.setenv("MAILGUN_WEBHOOK_SIGNING_KEY", "")
        assert "MAILGUN_WEBHOOK_SIGNING_KEY" not in importlib.reload(portal_settings).ANYMAIL
    finally:
        monkeypatch.delenv("MAILGUN_WEBHOOK_SIGNING_KEY")
        importlib.reload(portal_settings)


_bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
        max_leaves=12,
    ).map(lambda value: json.dumps(value).encode()),
)


@pytest.mark.parametrize("name", PROVIDERS)
def test_an_authenticated_call_the_provider_never_sends_is_a_400_not_a_500(client, provider, name):
    provider(name, MAILGUN_WEBHOOK_SIGNING_KEY=SIGNING_KEY)
    sns = {"HTTP_X_AMZ_SNS_MESSAGE_TYPE": "Notification", "HTTP_X_AMZ_SNS_MESSAGE_ID": "m-1"}

    @hypothesis_settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(body=_bodies, content_type=st.sampled_from(["application/json", "text/plain"]))
    def call(body, content_type):
        response = client.post(
            f"/anymail/{name}/tracking/", body, content_type=content_type, **_auth(), **sns
        )
        assert response.status_code in (200, 400), response.content[:200]

    call()
