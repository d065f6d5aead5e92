"""Writes of the customers app. ``from customers import services`` then ``services.connect(...)``."""

from customers.services.administration import save_customer_settings
from customers.services.recipients import customer_admin_users, email_users, supplier_admin_users
from customers.services.relationships import (
    complete_onboarding,
    connect,
    decline,
    end,
    expire,
    invite,
    note_event,
    reject,
    request_connection,
    revoke,
    start_onboarding,
    withdraw,
)
from customers.services.terms import publish_terms

__all__ = [
    "complete_onboarding",
    "connect",
    "customer_admin_users",
    "decline",
    "email_users",
    "end",
    "expire",
    "invite",
    "note_event",
    "publish_terms",
    "reject",
    "request_connection",
    "revoke",
    "save_customer_settings",
    "start_onboarding",
    "supplier_admin_users",
    "withdraw",
]
