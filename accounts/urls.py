"""URLs of the company page. No company id: a user only ever sees their own company."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.company, name="company"),
    path("domains/", views.add_domain, name="add_domain"),
    path("domains/<int:pk>/remove/", views.remove_domain, name="remove_domain"),
]
