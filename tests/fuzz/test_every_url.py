"""Every URL with a parameter, as every persona, by GET and POST: never a 500, nothing half-stored.

The parameters are drawn from what each route's converter (or regex) accepts
— any text for ``<str:…>``, digits of any length for an id — mixed with ids
of rows that exist (other tenants' among them) and text no converter
accepts. The routes come from the URLconf: a new one is fuzzed as it is.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.answers import FUZZ_SETTINGS, ServerErrors, send
from tests.fuzz.crawl import Route, every_route
from tests.fuzz.strategies import NASTY, path_for
from tests.fuzz.world import PERSONAS, build_world, fingerprint

pytestmark = pytest.mark.django_db

_bodies = st.dictionaries(
    st.sampled_from(["reason", "email", "q", "action", "_selected_action", "comment", "domain"]),
    NASTY,
    max_size=3,
)


def test_every_url_with_a_parameter_answers_without_a_server_error():
    world = build_world()
    clients = {persona: world.client_for(persona) for persona in PERSONAS}
    routes = [route for route in every_route() if route.has_parameters]
    assert len(routes) > 50  # the URLconf was read

    before = fingerprint()
    failures = []
    with ServerErrors() as errors:
        for route in routes:
            for persona in PERSONAS:
                try:
                    _fuzz(route, clients[persona], world, before, errors)
                except AssertionError as error:
                    failures.append(f"{persona} {route.route}: {error}")
    assert not failures, "\n\n".join(failures)


def _fuzz(route: Route, client, world, before: dict, errors: ServerErrors) -> None:
    @FUZZ_SETTINGS
    @given(path=path_for(route, world.ids), method=st.sampled_from(["get", "post"]), body=_bodies)
    def request(path, method, body):
        data = body if method == "post" else None
        send(client, method, path, data, before=before, errors=errors)

    request()
