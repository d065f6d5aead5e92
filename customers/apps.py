from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from accounts.domains import reserve_domains
        from customers import delivery_tracking  # noqa: F401  (anymail's tracking signal)
        from customers.selectors.domains import is_customer_domain

        # A customer's email domain is never a supplier company's (accounts asks, at declaring).
        reserve_domains("customer email domains", is_customer_domain)
