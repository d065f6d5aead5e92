"""What a load balancer or systemd asks: is this process alive, and is it ready?

``/healthz``: the process answers (nothing else is asked, so a database outage
does not get every app process restarted). ``/readyz``: the database answers
within ``READYZ_TIMEOUT_SECONDS``, or 503. Redis, when ``REDIS_URL`` is set, is
asked too and its state reported, but a Redis out of reach leaves the process
ready: the cache falls back to the database (``csp_portal/cache.py``), and a
load balancer that took every process out because the one shared Redis is down
would stop the portal for nothing. Both are answered by the first middleware: no https
redirect (probes speak plain HTTP to the process), no ``ALLOWED_HOSTS`` check
(probes use the machine's address), no request log line (one every few seconds).
"""

import logging

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            response = _text(200, "ok")
        elif request.path == "/readyz":
            response = readiness()
        else:
            return self.get_response(request)
        add_never_cache_headers(response)
        return response


def readiness() -> HttpResponse:
    database_answers = _answers("database", _database_answers)
    lines = [f"database: {'ok' if database_answers else 'unavailable'}"]
    if settings.REDIS_URL:
        if _answers("redis", _redis_answers):
            lines.append("redis: ok")
        else:
            lines.append("redis: unavailable, the cache uses the database")
    return _text(200 if database_answers else 503, "\n".join(lines))


def _answers(name: str, check) -> bool:
    try:
        check(timeout=settings.READYZ_TIMEOUT_SECONDS)
    except Exception as error:  # whatever the driver raises, the answer is "unavailable"
        logger.warning("readyz: %s unavailable: %s", name, type(error).__name__)
        return False
    return True


def _database_answers(*, timeout: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Connecting is bounded by DATABASES' connect_timeout (settings.py).
            cursor.execute("SET LOCAL statement_timeout = %s", [f"{timeout}s"])
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis_answers(*, timeout: int) -> None:
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    finally:
        client.close()


def _text(status: int, body: str) -> HttpResponse:
    return HttpResponse(body + "\n", status=status, content_type="text/plain")
