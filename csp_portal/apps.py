from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CspPortalConfig(AppConfig):
    name = "csp_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from csp_portal import checks  # noqa: F401  (registers the production checks)
        from csp_portal.logging import connect_receivers

        connect_receivers()
