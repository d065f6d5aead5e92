"""Logs: one line per request and per task, plain or JSON, and no secret in them.

Lines go to standard output through structlog (``logging_config``): plain
``key=value`` text by default, one JSON object per line with
``LOG_FORMAT=json``. django-structlog's middleware writes the request line
(method, path, status, user, client address, ``request_id``); ``task_started``
and ``task_finished`` below write the task line (task, id, status, duration).

Secrets that travel in URLs never reach a log line, nor the outbox once sent:
an invitation link (``/invite/<token>/``), a link to join a team
(``/join/<token>/``), a link proving a company's email domain
(``/company/domains/prove/<token>/``), a password-reset link
(``/accounts/password/reset/key/<user>-<key>/``) and an email-confirmation
link (``/accounts/confirm-email/<key>/``) show as ``[redacted]``. The
structlog processor covers structured lines; the ``RedactUrlSecrets`` filter
covers Django's own loggers, before any handler (Sentry, pytest) sees them;
``csp_portal.outbox.delivery`` redacts the stored copy of a sent email.
"""

import logging
import re
import uuid
from typing import Any

import structlog

# A path separator, also URL-encoded (``?next=%2Finvite%2F…``).
_SLASH = r"(?:/|%2[Ff])"
# One path segment: up to the next separator, query, fragment, quote or space.
_SEGMENT = r"(?:(?!%2[Ff])[^/?#&\s\"'<>])+"
_SECRET_IN_URL = re.compile(
    rf"({_SLASH}invite{_SLASH}"
    rf"|{_SLASH}join{_SLASH}(?!(?:sign-up|accept){_SLASH})"
    rf"|{_SLASH}domains{_SLASH}prove{_SLASH}"
    rf"|{_SLASH}reset{_SLASH}key{_SLASH}[0-9A-Za-z]+-"
    rf"|{_SLASH}confirm-email{_SLASH})"
    rf"{_SEGMENT}"
)
REDACTED = r"\1[redacted]"

# A request id a trusted proxy may send: short, and nothing a log reader could trip on.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

_logger = structlog.get_logger("csp_portal.tasks")


def redact_url_secrets(text: str) -> str:
    return _SECRET_IN_URL.sub(REDACTED, text)


class RedactUrlSecrets(logging.Filter):
    """For Django's loggers: the message (and its arguments) without URL secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):  # a structlog event: the processor redacted it
            return True
        message = record.getMessage()
        redacted = redact_url_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)
        path = getattr(request, "path", "")
        if isinstance(path, str) and _SECRET_IN_URL.search(path):
            # Handlers (e.g. AdminEmailHandler) may also print the request itself.
            record.request = None
        return True


def redact_secrets(logger, method_name: str, event_dict: dict) -> dict:
    """structlog processor: every text value of the line, without URL secrets."""
    return {
        key: redact_url_secrets(value) if isinstance(value, str) else value
        for key, value in event_dict.items()
    }


def logging_config(*, log_format: str, level: str) -> dict:
    """Configure structlog, and return the ``LOGGING`` dict that routes everything through it."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            redact_secrets,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    if log_format == "json":
        render = [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    else:
        render = [
            structlog.dev.ConsoleRenderer(
                colors=False, exception_formatter=structlog.dev.plain_traceback
            )
        ]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, *render],
                # Records of other libraries (Django, gunicorn, …) get the same fields.
                "foreign_pre_chain": [*shared, redact_secrets],
            },
        },
        "filters": {"redact_url_secrets": {"()": "csp_portal.logging.RedactUrlSecrets"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "structured"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One handler for Django's records too (its default adds a second in DEBUG).
            "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "django.db.backends": {"level": "INFO"},
            # The request line says what these would say a second time ("Not Found: …",
            # and a 500's traceback, which django-structlog's request_failed line carries).
            "django.request": {"level": "CRITICAL", "filters": ["redact_url_secrets"]},
            "django.server": {"level": "WARNING", "filters": ["redact_url_secrets"]},
            "django.security": {"filters": ["redact_url_secrets"]},
            "gunicorn.error": {"filters": ["redact_url_secrets"]},
            # The scheduler's "Running job …" every few seconds; the worker's task line says it.
            "apscheduler.executors": {"level": "WARNING"},
        },
    }


# --- the request line: its id ------------------------------------------------


def bind_request_metadata(sender, request, logger, log_kwargs, **kwargs) -> None:
    """django-structlog's hook at the start of a request: a safe request id, the client address.

    An ``X-Request-ID`` is taken only when settings trust the proxy that sets
    it (``TRUST_X_REQUEST_ID``), and only if it looks like an id; the client
    address is the one the rate limits count (``TRUSTED_PROXY_COUNT``).
    """
    request_id = structlog.contextvars.get_contextvars().get("request_id", "")
    if not _REQUEST_ID.match(request_id):
        request_id = str(uuid.uuid4())
    request.request_id = request_id
    structlog.contextvars.bind_contextvars(request_id=request_id, ip=_client_ip(request))


def _client_ip(request) -> str | None:
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # a proxy count that does not match X-Forwarded-For
        return None


# --- the task line -----------------------------------------------------------

_task_context: dict[str, Any] = {}


def task_started(sender, task_result, **kwargs) -> None:
    """Lines logged while a task runs carry its id; the worker logs one line when it ends."""
    _task_context[task_result.id] = structlog.contextvars.bind_contextvars(
        task_id=task_result.id, task=task_result.task.module_path
    )


def task_finished(sender, task_result, **kwargs) -> None:
    duration = None
    if task_result.started_at and task_result.finished_at:
        duration = round((task_result.finished_at - task_result.started_at).total_seconds() * 1000)
    failed = task_result.status == "FAILED"
    fields = {
        "task_id": task_result.id,
        "task": task_result.task.module_path,
        "status": task_result.status,
        "duration_ms": duration,
        "worker_id": task_result.worker_ids[-1] if task_result.worker_ids else None,
    }
    if failed and task_result.errors:
        fields["error"] = task_result.errors[-1].exception_class_path
        fields["traceback"] = task_result.errors[-1].traceback
    _logger.log(logging.ERROR if failed else logging.INFO, "task_finished", **fields)
    tokens = _task_context.pop(task_result.id, None)
    if tokens:
        structlog.contextvars.reset_contextvars(**tokens)


def connect_receivers() -> None:
    """At start-up (``CspPortalConfig.ready``): our request and task lines replace Django's."""
    from django.tasks import signals as task_signals
    from django_structlog import signals as request_signals

    request_signals.bind_extra_request_metadata.connect(bind_request_metadata)
    # Django logs a task twice (started, finished); the task line says both.
    task_signals.task_started.disconnect(task_signals.log_task_started)
    task_signals.task_finished.disconnect(task_signals.log_task_finished)
    task_signals.task_started.connect(task_started)
    task_signals.task_finished.connect(task_finished)
