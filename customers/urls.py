from django.urls import path

from customers import views

app_name = "customers"

urlpatterns = [
    path("setup/customers/", views.customer_setup, name="setup"),
    path("setup/customers/<int:customer_id>/", views.customer_setup, name="setup_customer"),
    path("setup/customers/<int:customer_id>/end/", views.end_relationship, name="end_relationship"),
]
