"""The portal refuses to start on an insecure production configuration."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from csp_portal.checks import check_production_settings

SECURE_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x9Lp2Qw7Zr5Tv8Ny1Mb4Hc6Jd0Fg3Ks" * 2,
    "ALLOWED_HOSTS": "portal.example.com",
    "SITE_URL": "https://portal.example.com",
    "EMAIL_PROVIDER": "postmark",
    "POSTMARK_SERVER_TOKEN": "server-token",
    "RECAPTCHA_PUBLIC_KEY": "site-key",
    "RECAPTCHA_PRIVATE_KEY": "secret-key",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "TASKS_BACKEND": "database",
}


def _run(code: str, **env) -> subprocess.CompletedProcess:
    """Run Python in a fresh process with only the given portal variables."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in SECURE_ENV and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "csp_portal.settings"
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _manage(*args: str, **env) -> subprocess.CompletedProcess:
    return _run(
        "import sys; from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])",
        **env,
    )


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = SECURE_ENV["SECRET_KEY"]
    settings.ALLOWED_HOSTS = ["portal.example.com"]
    settings.SITE_URL = "https://portal.example.com"
    settings.EMAIL_PROVIDER = "postmark"
    settings.MAILERS = {
        "default": {
            "BACKEND": "anymail.backends.postmark.EmailBackend",
            "OPTIONS": {"server_token": "server-token"},
        }
    }
    settings.CAPTCHA_ENABLED = True
    settings.TASKS_BACKEND = "database"
    return settings


def _ids(settings=None) -> set[str]:
    return {message.id for message in check_production_settings(None)}


def test_secure_production_configuration_passes(production):
    assert _ids() == set()


@pytest.mark.parametrize(
    "key", ["insecure-local-development-key-do-not-use-in-production", "short", "a" * 60]
)
def test_default_or_weak_secret_key_is_refused(production, key):
    production.SECRET_KEY = key
    assert _ids() == {"csp_portal.E001"}


def test_empty_allowed_hosts_is_refused(production):
    production.ALLOWED_HOSTS = []
    assert _ids() == {"csp_portal.E002"}


def test_missing_email_provider_is_refused(production):
    production.EMAIL_PROVIDER = ""
    assert _ids() == {"csp_portal.E003"}


def test_email_provider_without_its_key_is_refused(production):
    production.MAILERS = {
        "default": {
            "BACKEND": "anymail.backends.postmark.EmailBackend",
            "OPTIONS": {"server_token": ""},
        }
    }
    assert _ids() == {"csp_portal.E005"}


def test_missing_recaptcha_keys_are_refused(production):
    production.CAPTCHA_ENABLED = False
    assert _ids() == {"csp_portal.E004"}


def test_plain_http_site_url_is_refused(production):
    production.SITE_URL = "http://portal.example.com"
    assert _ids() == {"csp_portal.E006"}


def test_sending_mail_inside_the_web_request_is_refused(production):
    production.TASKS_BACKEND = "immediate"
    assert _ids() == {"csp_portal.E007"}


def test_local_debug_runs_need_none_of_it(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.INSECURE_DEFAULT_SECRET_KEY
    settings.ALLOWED_HOSTS = []
    settings.EMAIL_PROVIDER = ""
    settings.CAPTCHA_ENABLED = False
    settings.TASKS_BACKEND = "immediate"
    assert _ids() == set()


def test_gunicorn_entry_point_refuses_an_insecure_start():
    result = _run("import csp_portal.wsgi", DEBUG="false")

    assert result.returncode != 0
    assert "Refusing to start" in result.stderr
    for check_id in ("E001", "E002", "E003", "E004", "E006", "E007"):
        assert f"csp_portal.{check_id}" in result.stderr


def test_gunicorn_entry_point_starts_when_configured():
    result = _run("import csp_portal.wsgi; print('started')", **SECURE_ENV)

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_gunicorn_entry_point_refuses_the_immediate_tasks_backend():
    result = _run("import csp_portal.wsgi", **{**SECURE_ENV, "TASKS_BACKEND": "immediate"})

    assert result.returncode != 0
    assert "csp_portal.E007" in result.stderr
    assert "E001" not in result.stderr


def test_silenced_checks_are_named_one_by_one():
    result = _run(
        "import csp_portal.wsgi; print('started')",
        **{
            **SECURE_ENV,
            "EMAIL_PROVIDER": "",
            "SILENCED_CHECKS": "csp_portal.E003",
        },
    )

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_production_defaults_leave_hsts_preload_off_and_keep_the_language_cookie_secure():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_PRELOAD, s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    assert _run(code, **SECURE_ENV).stdout.split() == ["False", "True", "Lax"]
    asked = _run(code, **SECURE_ENV, SECURE_HSTS_PRELOAD="true")
    assert asked.stdout.split()[0] == "True"


def test_check_deploy_is_clean_in_a_production_like_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **SECURE_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_typo_in_a_boolean_variable_stops_the_process():
    result = _run("import django; django.setup()", DEBUG="ture")

    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


def test_check_deploy_reports_an_insecure_production_configuration():
    result = _manage("check", "--deploy", DEBUG="false")

    assert result.returncode != 0
    assert "csp_portal.E001" in result.stderr


def test_plain_management_commands_run_without_production_settings():
    result = _manage("makemigrations", "--check", "--dry-run", DEBUG="false")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
