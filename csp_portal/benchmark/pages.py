"""The pages measured: every page a user opens, by who opens it.

A page names its persona (whose session wrk sends) and builds its path from a
``World`` (the demo's for wrk, each scaled world's for the query counts).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from csp_portal.benchmark.world import World

SUPPLIER, CUSTOMER, ANONYMOUS, INVITED = "supplier admin", "customer admin", "anonymous", "invited"


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    path: Callable[[World], str]
    language: str = "en"


def _url(name: str, **kwargs) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs=kwargs or None)


def _customer_url(name: str) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs={"customer_id": world.open_customer.pk})


CEILING = Page("ceiling", SUPPLIER, _url("bench_ceiling"))

PAGES = [
    CEILING,
    # --- supplier side
    Page("home", SUPPLIER, _url("home")),
    Page("Customer Setup", SUPPLIER, _url("customers:setup")),
    Page("Customer Setup, a customer open", SUPPLIER, _customer_url("customers:setup_customer")),
    Page("onboarding form (Finish setup)", SUPPLIER, _customer_url("customers:onboarding")),
    Page("Connection Requests", SUPPLIER, _url("connections:requests")),
    Page("search", SUPPLIER, lambda world: reverse("connections:search") + "?q=industries"),
    Page(
        "request form",
        SUPPLIER,
        lambda world: reverse(
            "connections:request", kwargs={"customer_id": world.requestable_customer.pk}
        ),
    ),
    Page("company page", SUPPLIER, _url("accounts:company")),
    Page("team", SUPPLIER, _url("customers:team")),
    Page("my account", SUPPLIER, _url("my_account")),
    # --- customer admin
    Page("customer admin: home", CUSTOMER, _url("customer_admin:index")),
    Page(
        "customer admin: connection requests",
        CUSTOMER,
        _url("customer_admin:connections_connectionrequest_changelist"),
    ),
    Page(
        "customer admin: relationships",
        CUSTOMER,
        _url("customer_admin:customers_relationship_changelist"),
    ),
    Page(
        "customer admin: onboarding answers",
        CUSTOMER,
        _url("customer_admin:customers_onboarding_changelist"),
    ),
    Page(
        "customer admin: invitations",
        CUSTOMER,
        _url("customer_admin:customers_invitation_changelist"),
    ),
    # --- signed out
    Page("login", ANONYMOUS, _url("account_login")),
    Page("sign-up", ANONYMOUS, _url("account_signup")),
    Page("invitation (from its link)", INVITED, _url("customers:invitation")),
    # --- French pages go through the elision middleware as well
    Page("home (fr)", SUPPLIER, _url("home"), language="fr"),
    Page("company page (fr)", SUPPLIER, _url("accounts:company"), language="fr"),
    Page("onboarding form (fr)", SUPPLIER, _customer_url("customers:onboarding"), language="fr"),
    Page("customer admin: home (fr)", CUSTOMER, _url("customer_admin:index"), language="fr"),
]
