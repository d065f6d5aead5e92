"""Refuse to start on an insecure production configuration.

These are deployment checks that apply whenever ``DEBUG`` is off: ``manage.py
check --deploy`` reports them, and ``wsgi.py`` runs them before serving, so
gunicorn refuses to start. Other management commands (migrate, shell, …) are
not blocked by them: they are run on developer machines too.
"""

from django.conf import settings
from django.core import checks

from csp_portal.outbox.webhooks import missing_webhook_settings

TAG = "csp_portal_production"


@checks.register(TAG, deploy=True)
def check_production_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG:
        return []
    errors = []
    key = settings.SECRET_KEY
    if not key or key == settings.INSECURE_DEFAULT_SECRET_KEY or len(set(key)) < 5 or len(key) < 50:
        errors.append(
            checks.Error(
                "SECRET_KEY is the development default (or too short) while DEBUG is off.",
                hint="Set SECRET_KEY to 50+ random characters, e.g. from "
                '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.',
                id="csp_portal.E001",
            )
        )
    if not settings.ALLOWED_HOSTS:
        errors.append(
            checks.Error(
                "ALLOWED_HOSTS is empty while DEBUG is off.",
                hint="Set ALLOWED_HOSTS to the portal's host names, comma-separated.",
                id="csp_portal.E002",
            )
        )
    if not settings.EMAIL_PROVIDER:
        errors.append(
            checks.Error(
                "No email provider is configured while DEBUG is off: mail would only be "
                "saved to files on this server.",
                hint="Set EMAIL_PROVIDER (postmark, sendgrid, mailgun or amazon_ses) and its key.",
                id="csp_portal.E003",
            )
        )
    else:
        missing = _missing_provider_variables(settings.EMAIL_PROVIDER)
        if missing:
            errors.append(
                checks.Error(
                    f"EMAIL_PROVIDER={settings.EMAIL_PROVIDER} needs {', '.join(missing)}.",
                    id="csp_portal.E005",
                )
            )
    if not settings.CAPTCHA_ENABLED:
        errors.append(
            checks.Error(
                "reCAPTCHA keys are missing while DEBUG is off: connection requests would "
                "not be protected against bots.",
                hint="Set RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY.",
                id="csp_portal.E004",
            )
        )
    if settings.TASKS_BACKEND == "immediate":
        errors.append(
            checks.Error(
                "TASKS_BACKEND is immediate while DEBUG is off: every email would be sent "
                "inside the web request, and a slow provider would hold it.",
                hint="Set TASKS_BACKEND=database and run `manage.py db_worker` (deploy/ has "
                "the systemd units).",
                id="csp_portal.E007",
            )
        )
    if settings.SITE_URL.startswith("http://"):
        errors.append(
            checks.Error(
                "SITE_URL is not https while DEBUG is off: links in emails would be insecure.",
                hint="Set SITE_URL to the portal's public https address.",
                id="csp_portal.E006",
            )
        )
    return errors


@checks.register()
def check_scheduled_jobs(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Each line of ``csp_portal.tasks.SCHEDULE`` names a command and a schedule that parses."""
    from django.core.management import get_commands

    from csp_portal.tasks import SCHEDULE, trigger

    errors = []
    commands = get_commands()
    for command, when in SCHEDULE.items():
        if command not in commands:
            errors.append(
                checks.Error(
                    f"The scheduled job {command!r} is not a management command.",
                    hint="Fix the name in csp_portal/tasks.py SCHEDULE.",
                    id="csp_portal.E008",
                )
            )
        try:
            trigger(when)
        except ValueError as error:
            errors.append(
                checks.Error(
                    f"The schedule of {command!r} does not parse: {error}",
                    hint="Five crontab fields: minute hour day month weekday.",
                    id="csp_portal.E009",
                )
            )
    return errors


def _missing_provider_variables(provider: str) -> list[str]:
    options = settings.MAILERS["default"].get("OPTIONS", {})
    required = {
        "postmark": {"server_token": "POSTMARK_SERVER_TOKEN"},
        "sendgrid": {"api_key": "SENDGRID_API_KEY"},
        "mailgun": {"api_key": "MAILGUN_API_KEY"},
        "amazon_ses": {},
    }[provider]
    missing = [variable for option, variable in required.items() if not options.get(option)]
    return missing + missing_webhook_settings(provider)


def production_errors() -> list[checks.CheckMessage]:
    """Every error-level check, deployment checks included, for the WSGI start-up."""
    messages = checks.run_checks(include_deployment_checks=True)
    return [m for m in messages if m.level >= checks.ERROR and not m.is_silenced()]
