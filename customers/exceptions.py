"""The customers app's domain errors. Each carries a message for the user."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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


# --- onboarding ---------------------------------------------------------------


class OnboardingError(RelationshipError):
    """An onboarding step refused by a business rule (questionnaire or answers)."""


class AnswersNotEditable(OnboardingError):
    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "Your answers for %(customer)s cannot be changed now: they are being reviewed, or the onboarding is over."
            )
            % {"customer": customer_name}
        )


class AnswersIncomplete(OnboardingError):
    def __init__(self, *, missing: int) -> None:
        self.missing = missing
        super().__init__(
            ngettext(
                "%(count)d required question is not answered yet.",
                "%(count)d required questions are not answered yet.",
                missing,
            )
            % {"count": missing}
        )


class AnswersNotSubmitted(OnboardingError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "These answers are not waiting for a review: they were not submitted, or were already reviewed."
            )
        )


class QuestionnaireNotEditable(OnboardingError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Only a draft can be changed or published. Edit the questionnaire to start a new draft version."
            )
        )


class QuestionnaireEmpty(OnboardingError):
    def __init__(self) -> None:
        super().__init__(_("Add at least one question before publishing the questionnaire."))
