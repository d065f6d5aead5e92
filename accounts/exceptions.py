"""What the accounts services refuse, in words a view can show."""


class AccountsError(Exception):
    """A business rule refused the change; the message is for the user."""


class DomainTaken(AccountsError):
    """Another company already declared this email domain."""


class TransitionNotAllowed(AccountsError):
    """The object is not in a state that allows this move."""


class AlreadyInCompany(AccountsError):
    """The user already works for a company: a user belongs to one company."""
