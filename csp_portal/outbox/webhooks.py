"""The email provider's delivery webhook: one endpoint, the configured provider's.

``/anymail/<provider>/tracking/`` answers only for ``EMAIL_PROVIDER`` and only
once every setting its webhook needs is there; any other provider, any other
anymail endpoint (inbound mail, the providers we do not use) and a provider
still missing a setting are a 404. anymail's view then checks the basic-auth
``ANYMAIL_WEBHOOK_SECRET`` (and Mailgun's signature) and sends its
``tracking`` signal (``customers.delivery_tracking`` records the events).
A call that fails those checks, or whose body cannot be read, is a 400.
"""

from anymail.exceptions import AnymailError, AnymailWebhookValidationFailure
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

# What anymail's parsers raise on a body they cannot read (anymail's own views let
# these through as a 500, which providers take as "try again later").
_UNREADABLE = (AnymailError, ValueError, KeyError, IndexError, TypeError, AttributeError)


class _UnreadableIsBadRequest:
    """A provider's view whose unreadable calls are a 400 (``BadRequest``), not a 500."""

    def run_validators(self, request: HttpRequest) -> None:
        try:
            super().run_validators(request)
        except AnymailWebhookValidationFailure:
            raise  # a SuspiciousOperation: Django answers 400 and logs it as such
        except _UNREADABLE as error:
            raise BadRequest("unreadable webhook call") from error

    def parse_events(self, request: HttpRequest) -> list:
        try:
            return super().parse_events(request)
        except _UNREADABLE as error:
            raise BadRequest("unreadable webhook call") from error


def _readable(view_class: type) -> type:
    return type(view_class.__name__, (_UnreadableIsBadRequest, view_class), {})


TRACKING_VIEWS = {
    "postmark": _readable(PostmarkTrackingWebhookView),
    "sendgrid": _readable(SendGridTrackingWebhookView),
    "mailgun": _readable(MailgunTrackingWebhookView),
    "amazon_ses": _readable(AmazonSESTrackingWebhookView),
}

# What each provider's webhook needs besides WEBHOOK_SECRET: ANYMAIL key → variable.
WEBHOOK_SETTINGS = {
    "mailgun": {"MAILGUN_WEBHOOK_SIGNING_KEY": "MAILGUN_WEBHOOK_SIGNING_KEY"},
}


def missing_webhook_settings(provider: str) -> list[str]:
    """The environment variables the provider's webhook still needs (for the deploy checks)."""
    anymail = getattr(settings, "ANYMAIL", {})
    return [
        variable
        for key, variable in WEBHOOK_SETTINGS.get(provider, {}).items()
        if not anymail.get(key)
    ]


@csrf_exempt
def tracking_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    if (
        provider != settings.EMAIL_PROVIDER
        or provider not in TRACKING_VIEWS
        or missing_webhook_settings(provider)
    ):
        raise Http404
    return TRACKING_VIEWS[provider].as_view()(request)
