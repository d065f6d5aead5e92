"""Secrets that travel in URLs never reach the logs (nor the outbox, once sent).

An invitation link carries its token in the path (``/invite/<token>/``), and
so do the link a new admin chooses a password with
(``/accounts/set-password/<user>/<token>/``) and the link that proves a
company's email domain (``/company/domains/prove/<token>/``).
Request logging (``django.request`` for 4xx/5xx, ``django.server`` for every
request of ``runserver``) would write it out; this filter replaces the token
with ``[redacted]`` in the message and its arguments before any handler sees it.
``csp_portal.outbox.delivery.deliver`` applies the same redaction to the stored copy of
an email once it is sent.
"""

import logging
import re

# The token part of an invitation link, of a first-password link and of a domain proof link.
_INVITATION_TOKEN = re.compile(
    r"(/invite/|/accounts/set-password/[^/?#\s\"']+/|/company/domains/prove/)[^/?#\s\"']+"
)
REDACTED = r"\1[redacted]"


def redact_url_secrets(text: str) -> str:
    return _INVITATION_TOKEN.sub(REDACTED, text)


class RedactInvitationTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_url_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)
        path = getattr(request, "path", "")
        if isinstance(path, str) and _INVITATION_TOKEN.search(path):
            # Handlers (e.g. AdminEmailHandler) may also print the request itself.
            record.request = None
        return True
