"""One fuzzed request and what its answer must be.

Each request runs in a savepoint rolled back afterwards, with the persona's
cookies put back, so every example starts from the same world. The answer
must be below 500; a 4xx must say something; and a refused request (a 4xx,
or a form posted back with its errors: a 200 to a POST, but for the admin's
popup) must leave every table as it was: nothing half-written.
"""

import copy
import os
import reprlib
import traceback
import warnings

from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.utils.html import strip_tags
from hypothesis import HealthCheck, settings

from tests.fuzz.world import fingerprint

# Examples per form, and per URL and persona: two in CI (a minute or two a database),
# many more with `make fuzz` (FUZZ_EXAMPLES=…).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)


class ServerErrors:
    """The exceptions views raised (a 500's cause), newest last."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __enter__(self) -> "ServerErrors":
        got_request_exception.connect(self._record)
        return self

    def __exit__(self, *exc) -> None:
        got_request_exception.disconnect(self._record)

    def _record(self, sender, request=None, **kwargs) -> None:
        self.seen.append(traceback.format_exc(limit=-8))


def send(
    client: Client,
    method: str,
    path: str,
    data: dict | None,
    *,
    before: dict,
    errors: ServerErrors,
) -> None:
    """Make the request in a savepoint rolled back afterwards; fail on a wrong answer."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic(), warnings.catch_warnings():
            # As in production, a RuntimeWarning warns (the test settings make it an error):
            # a fuzzed admin date filter is a naive datetime, which Django reads in its time zone.
            warnings.simplefilter("default", RuntimeWarning)
            response = getattr(client, method)(path, data or {})
            try:
                _check(response, method, before=before, errors=errors)
            except AssertionError as error:
                sent = {name: reprlib.repr(value) for name, value in (data or {}).items()}
                raise AssertionError(f"{method.upper()} {path} {sent}\n{error}") from None
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies


def _check(response, method: str, *, before: dict, errors: ServerErrors) -> None:
    status = response.status_code
    assert status < 500, f"answered {status}:\n{errors.seen[-1] if errors.seen else ''}"
    if status >= 400 and not response.streaming:
        words = strip_tags(response.content.decode(errors="replace")).strip()
        assert words, f"answered {status} without a word"
    if status >= 400 or (method == "post" and status == 200 and not _saved_in_popup(response)):
        after = fingerprint()
        changed = sorted(label for label, digest in before.items() if after.get(label) != digest)
        assert not changed, f"answered {status}, yet changed {', '.join(changed)}"


def _saved_in_popup(response) -> bool:
    """The admin's popup answers a saved form with a 200 (a page that closes itself)."""
    return any(t.name == "admin/popup_response.html" for t in getattr(response, "templates", []))
