from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CspPortalConfig(AppConfig):
    name = "csp_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from csp_portal import checks  # noqa: F401  (registers the production checks)
