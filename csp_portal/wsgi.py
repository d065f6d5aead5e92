"""WSGI entry point (gunicorn csp_portal.wsgi).

Runs the system checks first: an insecure production configuration stops
the server here instead of serving traffic.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")

application = get_wsgi_application()

from csp_portal.checks import production_errors  # noqa: E402  (needs the app registry)

if errors := production_errors():
    raise ImproperlyConfigured(
        "Refusing to start:\n" + "\n".join(f"  {e.id}: {e.msg} {e.hint or ''}" for e in errors)
    )
