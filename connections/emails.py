"""One function per email about a connection request.

Each writes outbox rows in the caller's transaction (sent after commit), one
per person, in that person's language. Templates: ``templates/emails/``.
"""

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from connections.models import ConnectionRequest
from csp_portal.outbox import emails
from customers import services as customer_services
from customers.models import Relationship, RelationshipState
from customers.selectors.seen_by_customer import pair_seen_by_customer

# Countries whose people we write to in French when we know nothing better.
_FRENCH_SPEAKING_COUNTRIES = {"FR", "BE", "LU", "MC"}


def request_received(connection_request: ConnectionRequest) -> None:
    """The customer's admins (with a link to answer) and the Customer Contact."""
    admins = customer_services.customer_admin_users(connection_request.customer)
    context = _customer_context(connection_request)
    customer_services.email_users(admins, template="connection_request_received", context=context)
    contact = connection_request.contact_email.lower()
    if contact in {admin.email.lower() for admin in admins}:
        return  # an admin gets the admin email, with the link to answer
    emails.send_templated_email(
        template="connection_request_contact",
        to=contact,
        language=_contact_language(connection_request),
        context={**context, "admins": admins},
    )


def request_answered(connection_request: ConnectionRequest) -> None:
    """The supplier learns that the customer accepted or rejected."""
    template = (
        "connection_request_accepted"
        if connection_request.status == ConnectionRequest.Status.ACCEPTED
        else "connection_request_rejected"
    )
    # "Connected" only when nothing is left to do (docs/vocabulary.md): a questionnaire
    # to answer first makes the profile incomplete.
    connected = Relationship.objects.filter(
        supplier_id=connection_request.supplier_id,
        customer_id=connection_request.customer_id,
        state=RelationshipState.CONNECTED,
    ).exists()
    customer_services.email_users(
        _supplier_recipients(connection_request),
        template=template,
        context={**_context(connection_request), "connected": connected},
    )


def request_expired(connection_request: ConnectionRequest) -> None:
    customer_services.email_users(
        _supplier_recipients(connection_request),
        template="connection_request_expired",
        context=_context(connection_request),
    )


def request_withdrawn(connection_request: ConnectionRequest) -> None:
    customer_services.email_users(
        customer_services.customer_admin_users(connection_request.customer),
        template="connection_request_withdrawn",
        context=_customer_context(connection_request),
    )


def request_reminder(connection_request: ConnectionRequest) -> None:
    customer_services.email_users(
        customer_services.customer_admin_users(connection_request.customer),
        template="connection_request_reminder",
        context=_customer_context(connection_request),
    )


# --- helpers --------------------------------------------------------------


def _context(connection_request: ConnectionRequest) -> dict:
    return {
        "connection_request": connection_request,
        "supplier_name": connection_request.supplier.name,
        "customer_name": connection_request.customer.name,
        "requested_by_name": (
            connection_request.requested_by.get_full_name()
            if connection_request.requested_by
            else ""
        ),
        "contact_email": connection_request.contact_email,
        "reason": connection_request.rejection_reason,
        "admin_url": settings.SITE_URL
        + reverse(
            "customer_admin:connections_connectionrequest_change", args=[connection_request.pk]
        ),
        "requests_url": settings.SITE_URL + reverse("connections:requests"),
        "setup_url": settings.SITE_URL
        + reverse("customers:setup_customer", args=[connection_request.customer_id]),
    }


def _customer_context(connection_request: ConnectionRequest) -> dict:
    """For the customer's staff: the supplier as this customer sees it (the sharing rule)."""
    seen = pair_seen_by_customer(
        supplier=connection_request.supplier, customer=connection_request.customer
    )
    return {
        **_context(connection_request),
        "seen": seen,
        "supplier_name": seen.profile.public.trading_name,
    }


def _supplier_recipients(connection_request: ConnectionRequest) -> list[User]:
    """The supplier's admins, and the colleague who sent the request if still there."""
    recipients = customer_services.supplier_admin_users(connection_request.supplier)
    sender = connection_request.requested_by
    if (
        sender is not None
        and sender.is_active
        and sender.pk not in {user.pk for user in recipients}
        and User.objects.filter(
            pk=sender.pk, supplier_membership__supplier_id=connection_request.supplier_id
        ).exists()
    ):
        recipients.append(sender)
    return recipients


def _contact_language(connection_request: ConnectionRequest) -> str:
    """The contact's own language if they have an account, else their country's."""
    user = User.objects.filter(email__iexact=connection_request.contact_email).first()
    if user is not None and user.language:
        return user.language
    if connection_request.customer.country.code in _FRENCH_SPEAKING_COUNTRIES:
        return "fr"
    return settings.LANGUAGE_CODE
