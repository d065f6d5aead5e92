"""The connections app's refusals. Each is a ``DomainError`` with a message for the user.

``field`` names the form field a refusal is about, if any.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from csp_portal.errors import DomainError


class ConnectionRequestError(DomainError):
    """A connection request refused by a business rule."""


class ContactNotAccepted(ConnectionRequestError):
    field = "contact_email"

    def __init__(self, *, customer_name: str, domains: list[str]) -> None:
        self.domains = domains
        super().__init__(
            ngettext(
                "%(customer)s accepts a Customer Contact at its own domain only: an address "
                "ending in %(domains)s.",
                "%(customer)s accepts a Customer Contact at its own domains only: an address "
                "ending in one of %(domains)s.",
                len(domains),
            )
            % {"customer": customer_name, "domains": ", ".join(f"@{d}" for d in domains)}
        )


class RequestAlreadyPending(ConnectionRequestError):
    def __init__(self, *, customer_name: str, requested_at, expires_at) -> None:
        super().__init__(
            _(
                "Your company already sent a request to %(customer)s on %(date)s. It is waiting "
                "for their answer until %(deadline)s: you will be emailed when they answer."
            )
            % {"customer": customer_name, "date": _day(requested_at), "deadline": _day(expires_at)}
        )


class InvitationWaiting(ConnectionRequestError):
    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "%(customer)s has already invited you. Accept the invitation in Customer Setup "
                "instead of sending a request."
            )
            % {"customer": customer_name}
        )


class TermsChanged(ConnectionRequestError):
    field = "accept_terms"

    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "%(customer)s changed its connection terms while you were filling in this form. "
                "Read the new terms, then accept them again."
            )
            % {"customer": customer_name}
        )


class DailyLimitReached(ConnectionRequestError):
    def __init__(self, *, limit: int, next_allowed_at) -> None:
        self.next_allowed_at = next_allowed_at
        local = timezone.localtime(next_allowed_at)
        super().__init__(
            ngettext(
                "Your company has sent %(limit)d connection request in the last 24 hours, the "
                "most allowed. You can send the next one from %(date)s at %(time)s.",
                "Your company has sent %(limit)d connection requests in the last 24 hours, the "
                "most allowed. You can send the next one from %(date)s at %(time)s.",
                limit,
            )
            % {"limit": limit, "date": _day(local), "time": date_format(local, "TIME_FORMAT")}
        )


class NotYetExpired(ConnectionRequestError):
    """For the cron job only: the request's deadline has not passed (it was extended)."""

    def __init__(self) -> None:
        super().__init__(_("This request has not expired yet."))


class AlreadyReminded(ConnectionRequestError):
    """For the cron job only: the customer was already reminded of this request."""

    def __init__(self) -> None:
        super().__init__(_("The customer was already reminded of this request."))


def _day(moment) -> str:
    return date_format(timezone.localtime(moment))
