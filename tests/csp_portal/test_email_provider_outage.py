"""The email provider fails for a while, then recovers: every email is delivered, once.

Real changes (connection requests, an acceptance) write their emails to the
outbox; the provider (anymail's test backend, whose send alone is replaced)
refuses every call while it is down. The sweeper retries after each backoff;
once the provider is back, each email goes out exactly once, and later
sweeps send nothing more.
"""

import io
import time
from collections import Counter
from unittest import mock

import pytest
from anymail.backends import test as anymail_test
from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.core.management import call_command

from connections import services
from csp_portal.outbox.models import OutboxMessage
from tests.factories import make_customer, make_customer_admin

pytestmark = pytest.mark.django_db


class FlakyProvider:
    """The provider's API: refuses while ``down``, otherwise accepts (anymail's test backend)."""

    def __init__(self) -> None:
        self.down = True
        self.refused = 0
        self._accept = anymail_test.EmailBackend.post_to_esp

    def __call__(self, backend, payload, message):
        if self.down:
            self.refused += 1
            raise AnymailAPIError("503 Service Unavailable from the provider")
        return self._accept(backend, payload, message)


def _sweep() -> str:
    out = io.StringIO()
    call_command("send_pending_mail", stdout=out)
    return out.getvalue().strip()


def test_every_email_is_delivered_once_after_the_provider_recovers(
    settings, supplier_user, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    settings.MAIL_RETRY_BASE_SECONDS = 1
    supplier = supplier_user.supplier_membership.supplier
    provider = FlakyProvider()
    with mock.patch.object(
        anymail_test.EmailBackend, "post_to_esp", autospec=True, side_effect=provider
    ):
        # While the provider is down: five requests and one acceptance, each with its email.
        requests = []
        for number in range(5):
            customer = make_customer(f"Customer {number}", email_domains=[f"c{number}.example"])
            make_customer_admin(f"buyer@c{number}.example", customer=customer)
            with django_capture_on_commit_callbacks(execute=True):
                requests.append(
                    services.request_connection(
                        supplier=supplier,
                        customer=customer,
                        actor=supplier_user,
                        contact_email=f"buyer@c{number}.example",
                        terms_version=customer.terms_version,
                    )
                )
        with django_capture_on_commit_callbacks(execute=True):
            services.accept_request(connection_request=requests[0], actor=None)
        rows = list(OutboxMessage.objects.all())
        assert len(rows) == 6
        assert provider.refused == 6  # each sent on commit, each refused
        assert {row.status for row in OutboxMessage.objects.all()} == {"failed"}

        time.sleep(1.1)  # the first backoff
        assert _sweep() == "6 due: 6 failed"
        assert _sweep() == "0 due"  # the second backoff (2 s) has not passed

        provider.down = False
        time.sleep(2.1)
        assert _sweep() == "6 due: 6 sent"
        assert _sweep() == "0 due"

    assert mail.outbox  # what the provider accepted
    delivered = Counter((tuple(email.to), email.subject) for email in mail.outbox)
    assert delivered == Counter((tuple(row.to), row.subject) for row in rows)
    assert set(delivered.values()) == {1}
    assert {row.attempts for row in OutboxMessage.objects.all()} == {3}
    assert provider.refused == 12
