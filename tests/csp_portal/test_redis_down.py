"""Redis (REDIS_URL) goes down: logins keep working, and the login limits keep holding.

A Redis server of the test's own on a free port, stopped in the middle: the
cache (``csp_portal/cache.py``) counts attempts in the database meanwhile, and
goes back to Redis once it answers again.
"""

import shutil
import socket
import subprocess
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import skip_or_fail
from tests.factories import PASSWORD, make_supplier_user

pytestmark = pytest.mark.django_db

EMAIL = "sophie@fournitures.example"


class ThrowawayRedis:
    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            skip_or_fail("needs redis-server (apt install redis-server)")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while socket.socket().connect_ex(("127.0.0.1", self.port)) != 0:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def keys(self) -> list[bytes]:
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            return client.keys("*")
        finally:
            client.close()


@pytest.fixture
def redis_server(settings):
    server = ThrowawayRedis()
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {  # as settings.py configures it with REDIS_URL set
        "default": {
            "BACKEND": "csp_portal.cache.RedisWithDatabaseFallback",
            "LOCATION": server.url,
            "FALLBACK": "database",
            "RETRY_SECONDS": 0.5,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "database": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache",
        },
    }
    yield server
    server.kill()


def _log_in(password: str) -> tuple[int, str]:
    client = Client()
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": password})
    return response.status_code, response.content.decode()


def _rows() -> int:
    """Entries in the database's cache table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cache")
        return cursor.fetchone()[0]


def test_logins_work_and_failed_logins_stay_limited_while_redis_is_down(redis_server, client):
    make_supplier_user(EMAIL, company="Fournitures Test SARL")
    assert _log_in(PASSWORD)[0] == 302
    assert redis_server.keys()  # the attempts are counted in Redis …
    assert _rows() == 0

    redis_server.kill()
    started = time.monotonic()
    assert _log_in(PASSWORD)[0] == 302  # … and while it is down, logins keep working
    assert time.monotonic() - started < 5
    for _ in range(5):
        status, page = _log_in("a guess")
        assert status == 200 and "are not correct" in page
    status, page = _log_in(PASSWORD)
    assert status == 200
    assert "Too many failed login attempts" in page  # the limit (5/5m/key) still holds
    assert _rows() > 0  # counted in the database meanwhile
    readiness = client.get("/readyz")
    assert readiness.status_code == 200
    assert b"redis: unavailable, the cache uses the database" in readiness.content

    redis_server.start()
    time.sleep(0.6)  # the fallback's RETRY_SECONDS
    other = "colleague@fournitures.example"
    make_supplier_user(other, company="Other Supplier Ltd")
    keys_before = set(redis_server.keys())
    Client().post(reverse("account_login"), {"login": other, "password": "a guess"})
    assert set(redis_server.keys()) - keys_before  # back to counting in Redis
