"""Settings of the processes the two-machine test starts: the portal's, with the
email provider replaced by anymail's test backend and its deliveries written down."""

from csp_portal.settings import *  # noqa: F403
from csp_portal.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.deploy.delivery_log.DeliveryLogConfig"]
MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
