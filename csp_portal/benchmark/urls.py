"""The portal's URLs plus the ceiling page: served only under the benchmark's settings."""

from django.urls import path

from csp_portal.benchmark.ceiling import ceiling
from csp_portal.urls import handler500
from csp_portal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *portal_urlpatterns]
