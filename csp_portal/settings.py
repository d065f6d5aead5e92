"""Settings for csp-portal, read from environment variables.

Local runs need no variables at all: SQLite under ``var/``, mail saved as
``.eml`` files under ``var/mail/``, tasks run immediately. A deployment sets
``DEBUG=false`` and the variables listed in the README; the system checks in
``csp_portal/checks.py`` refuse to start on an insecure production setup.
"""

import logging
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from csp_portal.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_str,
    env_url,
)
from csp_portal.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# pytest imports this module; the test client and live server speak plain HTTP.
TESTING = "pytest" in sys.modules

INSECURE_DEFAULT_SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Absolute links in emails, which are rendered outside any request.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
# The product name, in pages, emails and the authenticator app.
SITE_NAME = env_str("SITE_NAME", "csp-portal")

INSTALLED_APPS = [
    "csp_portal.apps.OperatorAdminConfig",  # django.contrib.admin, see csp_portal/admin_sites.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "anymail",
    "django_recaptcha",
    "django_tasks_db",
    "crontask",
    "django_countries",
    "django_structlog",
    "csp_portal",
    "accounts",
    "customers",
    "connections",
]

MIDDLEWARE = [
    # Load balancer probes: answered first, without host check, redirect or log line.
    "csp_portal.health.HealthCheckMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "csp_portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp_portal.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "csp_portal.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp_portal.middleware.FrenchElisionMiddleware",
]

# Form templates from templates/ first (labels without a colon: templates/django/forms/);
# the most rendered of Django's own are written in Python (csp_portal/form_rendering.py).
FORM_RENDERER = "csp_portal.form_rendering.PortalFormRenderer"

ROOT_URLCONF = "csp_portal.urls"
WSGI_APPLICATION = "csp_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp_portal.navigation.setup_menu",
                "csp_portal.navigation.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", schemes=("postgres", "postgresql", "pgsql", "sqlite"))
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # An unreachable database fails a request (and /readyz) quickly instead of hanging.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, shared by every process (rate limits live here) ---------------
# The database's cache table: the cache without Redis, and Redis's stand-in
# while Redis cannot be reached (csp_portal/cache.py).
_DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "csp_portal.cache.RedisWithDatabaseFallback",
            "LOCATION": REDIS_URL,
            "FALLBACK": "database",
            # A Redis that does not answer costs a request half a second, then is
            # left alone for RETRY_SECONDS.
            "RETRY_SECONDS": 5,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "database": _DATABASE_CACHE,
    }
else:
    CACHES = {"default": _DATABASE_CACHE}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# /readyz: how long the database and Redis may take to answer (csp_portal/health.py).
READYZ_TIMEOUT_SECONDS = env_int("READYZ_TIMEOUT_SECONDS", 2, minimum=1)

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SupplierSignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_SESSION_REMEMBER = None
# A new address replaces the old one only once confirmed; the old one is told.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True

# Rate limits (allauth's syntax), counted in the shared cache above so that
# every app process sees the same attempts. "key" is the email address typed.
ACCOUNT_RATE_LIMITS = {
    "login": env_rate("RATE_LIMIT_LOGIN", "30/m/ip", per=("ip",)),
    "login_failed": env_rate("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key", per=("ip", "key")),
    "signup": env_rate("RATE_LIMIT_SIGNUP", "20/m/ip", per=("ip",)),
    "reset_password": env_rate("RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/m/key", per=("ip", "key")),
    "confirm_email": env_rate("RATE_LIMIT_CONFIRM_EMAIL", "1/3m/key", per=("key",)),
}
# Behind a load balancer the client's address is in X-Forwarded-For; count
# only the proxies we run, or every visitor would share the proxy's limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Two-factor authentication: authenticator app (TOTP) and recovery codes.
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# --- Languages ------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language: "7 December 2026", "7 décembre 2026".
FORMAT_MODULE_PATH = ["csp_portal.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static files: served by the app itself, no CDN -----------------------
STATIC_URL = "/static/"
# Where `collectstatic` gathers the files the app serves (whitenoise) in production.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Locally and in tests whitenoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# --- Uploaded files (company documents): never served from a public URL ---
# A folder under var/ by default; an S3-compatible bucket (django-storages)
# when DOCUMENTS_S3_BUCKET is set. Only views that check access send a file.
DOCUMENTS_S3_BUCKET = env_str("DOCUMENTS_S3_BUCKET")
if DOCUMENTS_S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            # Unset: boto3's own lookup (AWS_* variables, instance role).
            "endpoint_url": env_url("DOCUMENTS_S3_ENDPOINT_URL", schemes=("https", "http")) or None,
            "region_name": env_str("DOCUMENTS_S3_REGION") or None,
            "access_key": env_str("DOCUMENTS_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("DOCUMENTS_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env_str("DOCUMENTS_DIR", str(VAR_DIR / "files"))))},
    }
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Days before a document expires when its company's admins are emailed (once).
DOCUMENT_EXPIRY_NOTICE_DAYS = env_int("DOCUMENT_EXPIRY_NOTICE_DAYS", 30, minimum=1)

STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        # The manifest needs collectstatic, which local runs and tests skip.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Mail: anymail through MAILERS; every email goes through the outbox ---
EMAIL_PROVIDER = env_choice(
    "EMAIL_PROVIDER", ["", "postmark", "sendgrid", "mailgun", "amazon_ses"], ""
)
MAIL_DIR = VAR_DIR / "mail"
_PROVIDER_MAILERS = {
    "postmark": {
        "BACKEND": "anymail.backends.postmark.EmailBackend",
        "OPTIONS": {"server_token": env_str("POSTMARK_SERVER_TOKEN")},
    },
    "sendgrid": {
        "BACKEND": "anymail.backends.sendgrid.EmailBackend",
        "OPTIONS": {"api_key": env_str("SENDGRID_API_KEY")},
    },
    "mailgun": {
        "BACKEND": "anymail.backends.mailgun.EmailBackend",
        "OPTIONS": {
            "api_key": env_str("MAILGUN_API_KEY"),
            "api_url": env_str("MAILGUN_API_URL", "https://api.mailgun.net/v3"),
        },
    },
    # Credentials and region come from the usual AWS_* variables (boto3).
    "amazon_ses": {"BACKEND": "anymail.backends.amazon_ses.EmailBackend"},
}
MAILERS = {
    "default": _PROVIDER_MAILERS.get(
        EMAIL_PROVIDER,
        {
            "BACKEND": "csp_portal.outbox.backends.LocalFileEmailBackend",
            "OPTIONS": {"directory": str(MAIL_DIR)},
        },
    )
}
# The provider's delivery webhook (/anymail/<EMAIL_PROVIDER>/tracking/, see
# csp_portal/outbox/webhooks.py) authenticates with this "user:password".
# Unset, a random secret nobody knows: every call is refused (anymail itself
# would accept unauthenticated calls).
ANYMAIL = {"WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET") or secrets.token_urlsafe(32)}
# Mailgun signs its webhook calls with this key (Sending → Webhooks). Never set
# empty: anymail would then check signatures against an empty key.
if env_str("MAILGUN_WEBHOOK_SIGNING_KEY"):
    ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] = env_str("MAILGUN_WEBHOOK_SIGNING_KEY")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@csp-portal.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The outbox sweeper (`manage.py send_pending_mail`).
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8, minimum=1)
MAIL_RETRY_BASE_SECONDS = env_int("MAIL_RETRY_BASE_SECONDS", 60, minimum=1)
MAIL_STUCK_AFTER_SECONDS = env_int("MAIL_STUCK_AFTER_SECONDS", 600, minimum=60)
# How long a sender holds an email it is sending: far longer than a provider's
# timeout. A sender that dies mid-send leaves the email to the sweeper after it.
MAIL_LEASE_SECONDS = env_int("MAIL_LEASE_SECONDS", 300, minimum=5)

# --- Relationships --------------------------------------------------------
# Days a supplier waits before requesting again after a rejection.
REQUEST_COOLDOWN_DAYS = env_int("REQUEST_COOLDOWN_DAYS", 7, minimum=0)
# Days after onboarding starts before the supplier is reminded, once, to submit.
ONBOARDING_REMINDER_DAYS = env_int("ONBOARDING_REMINDER_DAYS", 7, minimum=1)

# --- Connection requests (connections app) --------------------------------
# Requests one supplier company may send in 24 hours (counted in the database).
CONNECTION_REQUESTS_PER_DAY = env_int("CONNECTION_REQUESTS_PER_DAY", 20, minimum=1)
# Days a request waits before the customer's admins are reminded (once).
CONNECTION_REQUEST_REMINDER_DAYS = env_int("CONNECTION_REQUEST_REMINDER_DAYS", 7, minimum=1)

# --- Background tasks -----------------------------------------------------
TASKS_BACKEND = env_choice("TASKS_BACKEND", ["immediate", "database"], "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
    }
}

# The scheduler of periodic jobs (csp_portal/tasks.py). With Redis, a lock lets
# one scheduler run at a time, so every machine may start one.
CRONTASK = {"REDIS_URL": REDIS_URL or None}

# --- reCAPTCHA (connection request form) ----------------------------------
RECAPTCHA_PUBLIC_KEY = env_str("RECAPTCHA_PUBLIC_KEY")
RECAPTCHA_PRIVATE_KEY = env_str("RECAPTCHA_PRIVATE_KEY")
CAPTCHA_ENABLED = bool(RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY)
# Our own check (csp_portal.E004) refuses a production start without keys;
# django-recaptcha's own check would also block local runs that have none.
# SILENCED_CHECKS adds to it: `make serve` and the two-process test try the
# production stack on one machine, where mail stays local and there is no captcha.
SILENCED_SYSTEM_CHECKS = [
    "django_recaptcha.recaptcha_test_key_error",
    # Django asks for HSTS preload; we leave it off unless SECURE_HSTS_PRELOAD asks for it.
    "security.W021",
    *env_list("SILENCED_CHECKS"),
]

# --- Security -------------------------------------------------------------
_https = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER")  # e.g. "HTTP_X_FORWARDED_PROTO,https"
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header) if len(_proxy_header) == 2 else None
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
LANGUAGE_COOKIE_SECURE = _https
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is hard to undo (browsers ship the list): only when asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# --- Logging: to stdout, for the process manager to collect ---------------
# One line per request (django-structlog) and per task (csp_portal/logging.py),
# plain text or, with LOG_FORMAT=json, one JSON object per line.
LOG_FORMAT = env_choice("LOG_FORMAT", ["plain", "json"], "plain")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO").upper())
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG  # the line is written when it ends
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # csp_portal.logging binds the rate limits' address
# X-Request-ID names the request only when told that the proxy in front sets it
# (replacing whatever the client sent); otherwise each request gets a new id.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = env_bool("TRUST_X_REQUEST_ID", False)
