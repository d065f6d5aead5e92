"""URLs of the company page. No company id: a user only ever sees their own company."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.company, name="company"),
    path("history/", views.history, name="history"),
    path("domains/", views.add_domain, name="add_domain"),
    path("documents/", views.add_document, name="add_document"),
    path("documents/<id:pk>/replace/", views.replace_document, name="replace_document"),
    path("documents/<id:pk>/remove/", views.remove_document, name="remove_document"),
    path("documents/files/<id:pk>/", views.document_download, name="document_download"),
    path("domains/<id:pk>/remove/", views.remove_domain, name="remove_domain"),
    path("domains/<id:pk>/send-link/", views.send_domain_link, name="send_domain_link"),
    # The emailed link that proves a domain: for whoever received it, signed in or not.
    path("domains/prove/<str:token>/", views.prove_domain, name="prove_domain"),
]
