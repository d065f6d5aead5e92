"""One function per email the accounts app sends (allauth's own mail goes through the adapter).

Each writes an outbox row in the caller's transaction, in the recipient's language.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import CompanyDomain, JoinRequest, User
from csp_portal.join_links import JoinInvitation
from csp_portal.outbox.emails import send_templated_email
from csp_portal.outbox.models import OutboxMessage


def join_request_received(*, join_request: JoinRequest) -> None:
    """Tell every administrator of the company that someone asks to join it."""
    admins = join_request.supplier.members.admins().select_related("user")
    for admin in admins:
        send_templated_email(
            template="join_request_received",
            to=admin.user.email,
            context={
                "requester": join_request.user,
                "company": join_request.supplier,
                "company_path": reverse("customers:team"),
            },
            language=admin.user.language or None,
        )


def join_request_approved(*, join_request: JoinRequest) -> None:
    send_templated_email(
        template="join_request_approved",
        to=join_request.user.email,
        context={"company": join_request.supplier, "company_path": reverse("accounts:company")},
        language=join_request.user.language or None,
    )


def join_request_declined(*, join_request: JoinRequest) -> None:
    send_templated_email(
        template="join_request_declined",
        to=join_request.user.email,
        context={"company": join_request.supplier},
        language=join_request.user.language or None,
    )


def document_expiring(*, version) -> None:
    """Tell every administrator that a company document expires soon (once per expiry)."""
    supplier = version.document.supplier
    for admin in supplier.members.admins().filter(user__is_active=True).select_related("user"):
        send_templated_email(
            template="document_expiring",
            to=admin.user.email,
            context={
                "company": supplier,
                "document": version.document,
                "expires_on": version.expires_on,
                "company_path": reverse("accounts:company") + "#documents",
            },
            language=admin.user.language or None,
        )


def join_invitation(
    *, invitation: JoinInvitation, token: str, team_name: str, role_name: str
) -> OutboxMessage:
    """The link to join a team (a supplier's or a customer's), to the invited address.

    In the inviter's language: the page they invite from is in it.
    """
    inviter = invitation.invited_by
    return send_templated_email(
        template="join_invitation",
        to=invitation.email,
        context={
            "full_name": invitation.full_name,
            "inviter_name": inviter.get_full_name() if inviter else "",
            "team_name": team_name,
            "role_name": role_name,
            "join_url": settings.SITE_URL + reverse("customers:join_link", args=[token]),
            "expires_at": invitation.expires_at,
        },
    )


def domain_proof_link(*, claim: CompanyDomain, token: str, requested_by: User) -> None:
    """The link that proves ``claim``'s domain, to the address on it the admin typed.

    Whoever reads that mailbox may not have an account: the email says who asks,
    for which company, and that ignoring it changes nothing. In the language of
    the page the admin sent it from.
    """
    send_templated_email(
        template="domain_proof_link",
        to=claim.link_sent_to,
        context={
            "company": claim.supplier,
            "domain": claim.domain,
            # "Sophie Martin (sophie@…)", or the address alone for someone without a name.
            "requested_by": (
                f"{requested_by.full_name} ({requested_by.email})"
                if requested_by.full_name
                else requested_by.email
            ),
            "proof_path": reverse("accounts:prove_domain", args=[token]),
            "expires_at": claim.link_expires_at,
        },
        language=translation.get_language(),
    )
