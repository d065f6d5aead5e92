"""Admin registrations of the customers app: the customer admin site, one module per
page family, and the operator's site (``operator``)."""

from customers.admin import (  # noqa: F401
    answers,
    audit,
    colleagues,
    invitation_imports,
    invitations,
    operator,
    questionnaires,
    relationships,
)
