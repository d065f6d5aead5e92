"""A URLconf with views that fail, to see the 500 and 503 pages."""

from django.db import OperationalError
from django.urls import path

from csp_portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret detail")


def database_gone(request):
    raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")


urlpatterns = [path("boom/", boom), path("database-gone/", database_gone), *portal_urlpatterns]
handler500 = "csp_portal.views.server_error"
