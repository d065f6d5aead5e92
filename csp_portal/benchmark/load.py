"""gunicorn started as the README deploys it, wrk against one page, and the workers' memory."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Counts the answers that are not 2xx (wrk itself counts only 4xx and 5xx), and
# prints the figures as JSON (latencies in microseconds).
_WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local not_2xx = 0
  for _, thread in ipairs(threads) do not_2xx = not_2xx + thread:get("bad") end
  io.write(string.format(
    '\\nBENCH {"requests": %d, "seconds": %f, "p50": %d, "p99": %d, "not_2xx": %d, '
    .. '"errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    not_2xx, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
"""


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    not_2xx: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        sys.exit("make bench needs wrk: apt install wrk (README, Benchmarks).")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the benchmark's settings with a deployment's environment."""

    def __init__(self, *, workers: int, worker_class: str, threads: int, log: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        database = settings.DATABASES["default"]
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "csp_portal.benchmark.settings",
            "DEBUG": "false",
            "DATABASE_URL": _database_url(database),
            "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
            "TASKS_BACKEND": "database",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "https://127.0.0.1",
            # Behind a TLS load balancer: wrk sends the header the balancer would.
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            # No email provider and no reCAPTCHA keys on a bench machine.
            "SILENCED_CHECKS": "csp_portal.E003,csp_portal.E004",
            "BENCH_SECRET_KEY": settings.SECRET_KEY,
            "LOG_FORMAT": "json",
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "csp_portal.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--timeout",
            "30",
            "--error-logfile",
            "-",
            "--no-control-socket",
        ]
        self._log = log.open("w")
        # One log line per request, as in production; written where nobody reads it.
        self.process = subprocess.Popen(
            command,
            env=environment,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        try:
            self._wait_until_up(log)
        except BaseException:  # Ctrl-C, or an error while waiting: leave no server behind
            self.stop()
            raise

    def _wait_until_up(self, log: Path) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2):
                    return
            except OSError:  # not listening yet, or still starting its workers
                time.sleep(0.3)
        sys.exit(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                if parent == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self) -> None:
        if self._log.closed:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def run_wrk(
    url: str,
    *,
    session: str | None,
    language: str,
    seconds: float,
    connections: int,
    threads: int,
) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT)
    headers = ["X-Forwarded-Proto: https", f"Accept-Language: {language}"]
    if session:
        headers.append(f"Cookie: {settings.SESSION_COOKIE_NAME}={session}")
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        *[part for header in headers for part in ("-H", header)],
        url,
    ]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    figures = json.loads(output.rsplit("BENCH ", 1)[1])
    return Result(
        requests=figures["requests"],
        seconds=figures["seconds"],
        p50_ms=figures["p50"] / 1000,
        p99_ms=figures["p99"] / 1000,
        not_2xx=figures["not_2xx"] + figures["errors"],
    )


def check_status(url: str, *, session: str | None, language: str) -> int:
    """One request before wrk: a page that redirects or fails is reported, not timed blindly."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    request.add_header("Accept-Language", language)
    if session:
        request.add_header("Cookie", f"{settings.SESSION_COOKIE_NAME}={session}")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _database_url(database: dict) -> str:
    user = database["USER"] or ""
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    at = f"{user}{password}@" if user else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{at}{database['HOST'] or '127.0.0.1'}{port}/{database['NAME']}"
