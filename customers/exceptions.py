"""The customers app's domain errors. Each carries a message for the user."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class RelationshipError(Exception):
    """A move refused by a business rule; ``str()`` is the user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(RelationshipError):
    """The relationship's current state does not allow this move."""

    def __init__(self, *, current: str | None, target: str) -> None:
        from customers.models import RelationshipState

        self.current, self.target = current, target
        labels = dict(RelationshipState.choices)
        super().__init__(
            _(
                "This cannot be done now: the relationship is %(current)s, not one that can become %(target)s."
            )
            % {
                "current": str(labels.get(current, _("not started"))).lower(),
                "target": str(labels[target]).lower(),
            }
        )


class AlreadyConnected(RelationshipError):
    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _("You are already connected with %(customer)s.") % {"customer": customer_name}
        )


class NotAcceptingRequests(RelationshipError):
    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "%(customer)s connects with suppliers by invitation only. Ask your contact there to invite you."
            )
            % {"customer": customer_name}
        )


class CooldownActive(RelationshipError):
    def __init__(self, *, customer_name: str, until) -> None:
        self.until = until
        super().__init__(
            _("%(customer)s rejected your last request. You can send a new one from %(date)s.")
            % {
                "customer": customer_name,
                "date": date_format(timezone.localtime(until), "DATE_FORMAT"),
            }
        )
