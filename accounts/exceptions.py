"""What the accounts services refuse, in words a view can show."""

from csp_portal.errors import DomainError


class AccountsError(DomainError):
    """A business rule of companies and their members refused the change."""


class DomainTaken(AccountsError):
    """Another company already declared this email domain."""


class AlreadyInCompany(AccountsError):
    """The user already works for a company: a user belongs to one company."""


class AlreadyInTeam(AccountsError):
    """The address already belongs to a colleague of the company."""


class LastAdmin(AccountsError):
    """The change would leave the company without an active administrator."""


class NotForThisAccount(AccountsError):
    """An invitation to join is for another address than the signed-in account's."""
