"""The one shape of a refusal, shared by every app (the bottom layer: it imports no app).

A service that says no raises a ``DomainError``; its ``message`` is written
for the user, in the active language. Views turn it into a message on the
page (``field`` names the form field it is about, if any). A move that the
object's current state does not allow is a ``TransitionNotAllowed``; each
model with a state writes its allowed moves once and raises it.
"""


class DomainError(Exception):
    """A change refused by a business rule; ``message`` is for the user."""

    field: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(DomainError):
    """The object's current state does not allow this move."""

    def __init__(self, message: str, *, current: str | None, target: str) -> None:
        super().__init__(message)
        self.current, self.target = current, target
