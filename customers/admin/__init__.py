"""Admin registrations of the customers app (both admin sites), one module per concern."""

from customers.admin import relationships  # noqa: F401
