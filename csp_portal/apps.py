from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from csp_portal.ids import IdConverter


class CspPortalConfig(AppConfig):
    name = "csp_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from csp_portal import checks  # noqa: F401  (registers the production checks)
        from csp_portal.logging import connect_receivers

        connect_receivers()

        # ``<id:customer_id>`` in every app's URLs: loaded after the apps are ready.
        register_converter(IdConverter, "id")


class OperatorAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the operator's site (``admin.site``) refusing bad selections."""

    default = False  # named in INSTALLED_APPS; csp_portal's own config is CspPortalConfig
    default_site = "csp_portal.admin_sites.OperatorAdminSite"
