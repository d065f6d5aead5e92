"""Customer administration: settings and admins, from either admin site."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from csp_portal.outbox import emails
from customers.models import Customer, CustomerMember


@transaction.atomic
def save_customer_settings(*, customer: Customer) -> Customer:
    """Save a customer edited in an admin site (its terms: ``terms.publish_terms``)."""
    customer.email_domains = sorted(
        {d.strip().lower() for d in customer.email_domains if d.strip()}
    )
    customer.save()
    return customer


@transaction.atomic
def add_customer_admin(
    *, customer: Customer, email: str, full_name: str = "", actor: User | None
) -> CustomerMember:
    """Make a person an admin of the customer; a new user is emailed a link to set a password."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, full_name=full_name)
        user.set_unusable_password()
        user.save()
        # Verified: the address comes from an admin who vouches for it, and the
        # account is reachable only through the set-password link mailed to it.
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    membership = CustomerMember.objects.create(customer=customer, user=user)
    emails.send_templated_email(
        template="customer_admin_added",
        to=user.email,
        language=user.language or None,
        context={
            "customer_name": customer.name,
            "invited_by": actor.get_full_name() if actor else "",
            "set_password_url": _set_password_url(user) if created else "",
            "login_url": settings.SITE_URL + "/customer-admin/",
        },
    )
    return membership


def _set_password_url(user: User) -> str:
    """A link to choose a first password: Django's password-reset token for this user."""
    return settings.SITE_URL + reverse(
        "set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
