"""Admin registrations of the customers app (both admin sites), one module per concern."""

from customers.admin import (
    onboarding,  # noqa: F401
    relationships,  # noqa: F401
)
