from django.urls import path

from customers.views import setup

app_name = "customers"

urlpatterns = [
    path("setup/customers/", setup.customer_setup, name="setup"),
    path("setup/customers/<int:customer_id>/", setup.customer_setup, name="setup_customer"),
    path("setup/customers/<int:customer_id>/end/", setup.end_relationship, name="end_relationship"),
]
