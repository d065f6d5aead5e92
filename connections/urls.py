"""URLs of the supplier's side of connection requests (*Setup → Connection Requests*)."""

from django.urls import path

from connections import views

app_name = "connections"

urlpatterns = [
    path("setup/connection-requests/", views.requests_list, name="requests"),
    path("setup/connection-requests/search/", views.search, name="search"),
    path(
        "setup/connection-requests/new/<id:customer_id>/",
        views.request_connection,
        name="request",
    ),
    path("setup/connection-requests/terms/<id:customer_id>/", views.terms, name="terms"),
    path(
        "setup/connection-requests/withdraw/<id:customer_id>/",
        views.withdraw,
        name="withdraw",
    ),
]
