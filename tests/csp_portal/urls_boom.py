"""A URLconf with a view that fails, to see the 500 page."""

from django.urls import path

from csp_portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret detail")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]
handler500 = "csp_portal.views.server_error"
