"""What a load balancer or systemd asks: is this process alive, and is it ready?

``/healthz``: the process answers (nothing else is asked, so a database outage
does not get every app process restarted). ``/readyz``: the database, and
Redis when ``REDIS_URL`` is set, answer within ``READYZ_TIMEOUT_SECONDS``;
503 says which did not. Both are answered by the first middleware: no https
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
    checks = {"database": _database_answers}
    if settings.REDIS_URL:
        checks["redis"] = _redis_answers
    failed = []
    for name, check in checks.items():
        try:
            check(timeout=settings.READYZ_TIMEOUT_SECONDS)
        except Exception as error:  # whatever the driver raises, the answer is "not ready"
            logger.warning("readyz: %s unavailable: %s", name, type(error).__name__)
            failed.append(name)
    if failed:
        return _text(503, "\n".join(f"{name}: unavailable" for name in failed))
    return _text(200, "\n".join(f"{name}: ok" for name in checks))


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
