"""URLs of the company page. No company id: a user only ever sees their own company."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.company, name="company"),
    path("domains/", views.add_domain, name="add_domain"),
    path("domains/<id:pk>/remove/", views.remove_domain, name="remove_domain"),
    path("domains/<id:pk>/send-link/", views.send_domain_link, name="send_domain_link"),
    # The emailed link that proves a domain: for whoever received it, signed in or not.
    path("domains/prove/<str:token>/", views.prove_domain, name="prove_domain"),
    path(
        "join-requests/<id:pk>/approve/",
        views.approve_join_request,
        name="approve_join_request",
    ),
    path(
        "join-requests/<id:pk>/decline/",
        views.decline_join_request,
        name="decline_join_request",
    ),
]
