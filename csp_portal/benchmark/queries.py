"""SQL queries per page, in worlds of 1, 10 and 200 rows: they should not grow with the rows."""

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from csp_portal.benchmark.pages import ANONYMOUS, INVITED, SUPPLIER, Page
from csp_portal.benchmark.world import World, invitation_session, signed_in_session


def session_for(page: Page, world: World) -> str | None:
    if page.persona == ANONYMOUS:
        return None
    if page.persona == INVITED:
        return invitation_session(world.invitation)
    user = world.supplier_admin if page.persona == SUPPLIER else world.customer_admin
    return signed_in_session(user)


def count_queries(page: Page, world: World) -> tuple[int, int]:
    """(status, queries) of the page's second request (the first fills per-process caches)."""
    client = Client()
    session = session_for(page, world)
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    path = page.path(world)
    headers = {"accept-language": page.language}
    client.get(path, secure=True, headers=headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, secure=True, headers=headers)
    return response.status_code, len(queries)
