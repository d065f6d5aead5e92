"""The production stack as separate processes, and a browser that talks to it.

``Stack`` starts gunicorn processes (DEBUG off, the same deployment checks as
production) and ``db_worker`` processes against the test database, each with
its log file, and stops every process it started. ``Browser`` speaks HTTP to
any of the ports as a load balancer would forward it: one public host name,
``X-Forwarded-Proto: https``, and the cookies of one person whichever
machine answers.
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

HOST = "portal.test"
# Servers of this project's tests listen on 8160-8168 (8169: test_health's silent port).
PORTS = range(8160, 8169)


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Stack:
    """The portal's processes against the test database, or against ``database_url``."""

    def __init__(self, workdir: Path, *, database_url: str | None = None) -> None:
        self.workdir = workdir
        self.delivery_log = workdir / "deliveries.jsonl"
        self.processes: list[subprocess.Popen] = []
        self.ports: set[int] = set()
        self.env = self._environment()
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def _environment(self) -> dict[str, str]:
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_")) and key not in {"DATABASE_URL", "CI"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.deploy.stack_settings",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            SITE_URL=f"https://{HOST}",
            DATABASE_URL=(
                f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            CONN_MAX_AGE="0",
            TASKS_BACKEND="database",
            SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
            # Mail goes to anymail's test backend (stack_settings) and there is no
            # reCAPTCHA: the two deployment checks about them stand aside, by name.
            SILENCED_CHECKS="csp_portal.E003,csp_portal.E004",
            LOG_FORMAT="json",
            MAIL_LEASE_SECONDS="20",
            DELIVERY_LOG=str(self.delivery_log),
            VAR_DIR=str(self.workdir / "var"),
            STATIC_ROOT=str(self.workdir / "static"),
        )
        env.pop("REDIS_URL", None)
        return env

    def collect_static(self) -> None:
        """As a deployment does before starting gunicorn (the manifest must exist)."""
        self.manage("collectstatic", "--no-input", "--verbosity", "0")

    def start_web(self, *, workers: int = 1) -> int:
        port = _free_port(self.ports)
        self._start(
            f"web-{port}",
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "csp_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--error-logfile",
                "-",
                "--no-control-socket",
            ],
        )
        wait_for(lambda: _answers(port), timeout=60, what=f"gunicorn on port {port}")
        return port

    def start_worker(self, name: str, *, delivery_delay: float = 0) -> subprocess.Popen:
        return self._start(
            name,
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--worker-id",
                name,
            ],
            DELIVERY_DELAY=str(delivery_delay),
        )

    def manage(self, *args: str) -> str:
        """A management command in a process of its own, as cron or an operator runs it."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def log_of(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _start(self, name: str, command: list[str], **extra_env: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("w")
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process


class Browser:
    """One person's browser, sent to whichever port (machine) the test names."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def get(self, port: int, path: str) -> tuple[int, dict, str]:
        return self._request(port, "GET", path)

    def post(self, port: int, path: str, data: dict) -> tuple[int, dict, str]:
        form = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self._request(port, "POST", path, urlencode(form, doseq=True))

    def _request(self, port, method, path, body=None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return response.status, dict(response.headers), text
        finally:
            conn.close()


def link_in(body: str, path_pattern: str) -> str:
    """The path of the first https://portal.test link in ``body`` matching the pattern."""
    match = re.search(rf"https://{re.escape(HOST)}({path_pattern})", body)
    assert match, f"no link like {path_pattern} in:\n{body}"
    return match.group(1)


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False


def _free_port(claimed: set[int]) -> int:
    for port in PORTS:
        if port in claimed:
            continue
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:  # nobody listens there
                claimed.add(port)
                return port
    raise AssertionError(f"no free port in {PORTS}")
