"""Every form of the portal, as each persona finds it, fuzzed: never a 500, nothing half-stored.

The forms come from crawling the portal as each persona (``tests/fuzz/crawl.py``),
starting from every route of the URLconf without a parameter and every link
the portal emailed. A route the crawl cannot reach fails the test, unless it
is listed below with the reason. ``make fuzz`` runs many more examples.
"""

import pytest
from hypothesis import given

from tests.fuzz.answers import FUZZ_SETTINGS, ServerErrors, send
from tests.fuzz.crawl import Form, crawl, every_route, filled_paths
from tests.fuzz.strategies import form_data
from tests.fuzz.world import PERSONAS, build_world, fingerprint

pytestmark = pytest.mark.django_db

# Routes no page links to, and why; test_every_url fuzzes their parameters all the same.
NOT_CRAWLED = {
    "dev/mail/<str:name>": "the local mail, with DEBUG on only",
    "admin/r/<path:content_type_id>/<path:object_id>/": "no model has a page on the site",
    "customer-admin/r/<path:content_type_id>/<path:object_id>/": "no model has a page on the site",
    "admin/(?P<url>.*)$": "the admin's answer to an address it does not know",
    "customer-admin/(?P<url>.*)$": "the admin's answer to an address it does not know",
    "anymail/<str:provider>/tracking/": "the email provider's webhook, not a page",
    "customer-admin/(?P<app_label>customers|connections)/$": (
        "an app's page of the customer admin: a redirect to the workspace's home"
    ),
    **{
        f"admin/django_tasks_database/dbtaskresult/<path:object_id>/{view}/": (
            "task results exist with TASKS_BACKEND=database; tests run tasks at once"
        )
        for view in ("change", "delete", "history")
    },
}
# The admin's old address of an object's page, a redirect to its /change/ page.
OLD_CHANGE_ADDRESS = "<path:object_id>/"


def _roots(world) -> list[str]:
    plain = [
        "/" + route.route
        for route in every_route()
        if not route.has_parameters and "^" not in route.route and "$" not in route.route
    ]
    return plain + world.emailed_paths


def _fuzz(form: Form, client, world, before: dict, errors: ServerErrors) -> None:
    @FUZZ_SETTINGS
    @given(submission=form_data(form, world.ids))
    def submit(submission):
        data, _button = submission
        if form.method == "get":
            data = {k: v for k, v in data.items() if not hasattr(v, "read")}
        send(client, form.method, form.action, data, before=before, errors=errors)

    submit()


def test_every_form_takes_bad_input_without_a_server_error():
    world = build_world()
    clients = {persona: world.client_for(persona) for persona in PERSONAS}
    roots = _roots(world)
    crawls = {p: crawl(clients[p], p, roots, [], user=world.users[p]) for p in PERSONAS}
    reached = set().union(*(c.requested_routes for c in crawls.values()))
    # Routes no link led to, with ids filled in from the URLconf; forms on them count too.
    probes = filled_paths([route for route in every_route() if route.route not in reached])
    for persona, result in crawls.items():
        probed = crawl(clients[persona], persona, [], probes, user=world.users[persona])
        result.forms += probed.forms
        result.requested_routes |= probed.requested_routes
        result.server_errors += probed.server_errors

    reached = set().union(*(c.requested_routes for c in crawls.values()))
    unreached = sorted(
        route.route
        for route in every_route()
        if route.route not in reached
        and route.route not in NOT_CRAWLED
        and not (route.pattern.name is None and route.route.endswith(OLD_CHANGE_ADDRESS))
    )
    assert not unreached, (
        "No page links to these routes, so their forms are not fuzzed. Make them reachable "
        "(a link, or data in the demo or tests/fuzz/world.py), or list them in NOT_CRAWLED "
        "with the reason:\n" + "\n".join(unreached)
    )
    crawl_errors = [error for result in crawls.values() for error in result.server_errors]
    assert not crawl_errors, "\n".join(crawl_errors)

    before = fingerprint()
    failures = []
    with ServerErrors() as errors:
        for persona, result in crawls.items():
            for form in result.forms:
                try:
                    _fuzz(form, clients[persona], world, before, errors)
                except AssertionError as error:
                    failures.append(f"{persona} {form.method.upper()} {form.action}: {error}")
    assert not failures, "\n\n".join(failures)
