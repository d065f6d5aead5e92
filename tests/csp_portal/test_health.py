"""/healthz (the process answers) and /readyz (the database, and Redis when set, answer)."""

import socket
import time

import pytest

from tests.csp_portal.test_production_settings import _run

pytestmark = pytest.mark.django_db

# A port of this project's range that accepts connections and never answers.
SILENT_PORT = 8169


def test_healthz_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"database: ok\n"


def test_readyz_answers_503_when_the_database_is_down_and_healthz_still_answers():
    result = _run(
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print([(r.status_code, r.content.decode().strip()) for r in "
        "(c.get('/readyz'), c.get('/healthz'))])",
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[(503, 'database: unavailable'), (200, 'ok')]"


def test_readyz_stays_ready_and_says_so_when_redis_is_unreachable(client, settings):
    # The cache falls back to the database: taking every process out would stop the portal.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content == b"database: ok\nredis: unavailable, the cache uses the database\n"


def test_readyz_gives_up_on_a_redis_that_does_not_answer_within_the_timeout(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{SILENT_PORT}/0"
    settings.READYZ_TIMEOUT_SECONDS = 1
    with socket.socket() as silent:
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        silent.bind(("127.0.0.1", SILENT_PORT))
        silent.listen()
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response.content == b"database: ok\nredis: unavailable, the cache uses the database\n"
    assert elapsed < 3


def test_probes_skip_the_https_redirect_the_host_check_and_the_request_log(
    client, settings, captured_lines
):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portal.example.com"]

    assert client.get("/healthz", HTTP_HOST="10.0.3.7").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.3.7").status_code == 200
    assert captured_lines() == []
    assert client.get("/", HTTP_HOST="portal.example.com").status_code == 301
