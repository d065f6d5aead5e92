"""The customer settings form as the customer admin site posts it."""


def settings_form(customer, **changes) -> dict:
    """POST data of the settings page: the customer as it is (its current terms included, as
    the page shows them), with ``changes``."""
    from customers.models import CustomerTerms

    terms = CustomerTerms.objects.current_for(customer)
    data = {
        "terms_en": terms.text_en if terms else "",
        "terms_fr": terms.text_fr if terms else "",
        "name": customer.name,
        "country": customer.country.code or "",
        "city": customer.city,
        "description": customer.description,
        "email_domains": "\n".join(customer.email_domains),
        "accepts_requests": "on" if customer.accepts_requests else "",
        "days_to_answer": customer.days_to_answer,
        "listed": "on" if customer.listed else "",
        **changes,
    }
    return {key: value for key, value in data.items() if value != ""}
