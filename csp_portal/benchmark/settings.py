"""The benchmark's settings: production's, read from the same environment, plus the ceiling.

``manage.py bench`` starts gunicorn with ``DEBUG=false`` and the variables of a
deployment behind a TLS load balancer (wrk sends ``X-Forwarded-Proto: https``),
so security middleware, secure cookies and the manifest static files work as in
production. Only three things differ, each for the benchmark's sake:
the URLconf adds the ceiling page, the daily connection-request limit is lifted
(seeding sends hundreds), and the secret key is the bench's own, kept under
``var/`` so the sessions it seeds hold in every worker.
"""

from csp_portal.settings import *  # noqa: F403
from csp_portal.settings import ALLOWED_HOSTS, VAR_DIR, env_str

ROOT_URLCONF = "csp_portal.benchmark.urls"

# The test client (query counts) calls itself "testserver".
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]

CONNECTION_REQUESTS_PER_DAY = 1_000_000


def _bench_secret_key() -> str:
    path = VAR_DIR / "bench-secret-key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env_str("BENCH_SECRET_KEY") or _bench_secret_key()
