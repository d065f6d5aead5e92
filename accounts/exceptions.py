"""What the accounts services refuse, in words a view can show."""

from django.conf import settings
from django.utils.translation import gettext, ngettext

from csp_portal.errors import DomainError


class AccountsError(DomainError):
    """A business rule of companies and their members refused the change."""


class DomainTaken(AccountsError):
    """This company already declared this email domain, or another company proved it."""

    field = "domain"


class DomainReserved(AccountsError):
    """A customer's email domain: no supplier company may declare it."""

    field = "domain"

    def __init__(self, domain: str) -> None:
        super().__init__(
            gettext(
                "%(domain)s is the email domain of a customer on %(site)s: a supplier company "
                "cannot declare it."
            )
            % {"domain": domain, "site": settings.SITE_NAME}
        )


class TooManyUnprovenDomains(AccountsError):
    field = "domain"

    def __init__(self, limit: int) -> None:
        super().__init__(
            ngettext(
                "Your company already has %(count)d domain waiting for proof: prove it or "
                "remove it before adding another.",
                "Your company already has %(count)d domains waiting for proof: prove or remove "
                "one before adding another.",
                limit,
            )
            % {"count": limit}
        )


class DomainGone(AccountsError):
    """The domain was removed meanwhile (or released: another company proved it)."""

    def __init__(self) -> None:
        super().__init__(
            gettext("This domain is no longer one of your company's domains: see the list.")
        )


class DomainAlreadyProven(AccountsError):
    def __init__(self, domain: str, company: str) -> None:
        super().__init__(
            gettext("%(domain)s is already proven for %(company)s: there is nothing left to do.")
            % {"domain": domain, "company": company}
        )


class ProofLinkRefused(AccountsError):
    """No link sent: an address on another domain, or a link sent a moment ago."""

    field = "email"


class InvalidProofLink(AccountsError):
    """A link that names no claim: mistyped, replaced by a newer one, or its domain removed."""

    def __init__(self) -> None:
        super().__init__(
            gettext(
                "This link does not prove any domain: a newer link may have replaced it, or the "
                "domain was removed. Ask an administrator of the company to send a new link from "
                "its company page."
            )
        )


class ProofLinkExpired(AccountsError):
    def __init__(self, domain: str, company: str) -> None:
        super().__init__(
            gettext(
                "This link to prove %(domain)s for %(company)s has expired. Ask one of its "
                "administrators to send a new link from the company page."
            )
            % {"domain": domain, "company": company}
        )


class AlreadyInCompany(AccountsError):
    """The user already works for a company: a user belongs to one company."""


class AlreadyInTeam(AccountsError):
    """The address already belongs to a colleague of the company."""


class LastAdmin(AccountsError):
    """The change would leave the company without an active administrator."""


class NotForThisAccount(AccountsError):
    """An invitation to join is for another address than the signed-in account's."""
