"""The customers app's refusals: relationships, invitations, onboarding.

Each is a ``DomainError`` whose ``message`` is for the user. A move the
current state does not allow is the shared ``TransitionNotAllowed``, raised by
the model that owns the state (``Relationship``, ``Invitation``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from csp_portal.errors import DomainError
from csp_portal.join_links import InvalidLink, StillWaiting

if TYPE_CHECKING:
    from accounts.models import User
    from customers.models import Invitation


class RelationshipError(DomainError):
    """A relationship move refused by a business rule."""


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
                "date": date_format(timezone.localtime(until)),
            }
        )


# --- invitations -------------------------------------------------------------


class InvitationError(DomainError):
    """An invitation refused by a business rule."""


class InvalidInvitationLink(InvalidLink, InvitationError):
    """An invitation link that names no invitation (cut, changed or replaced)."""


class InvitationAlreadyPending(StillWaiting, InvitationError):
    def __init__(self, *, invitation: Invitation) -> None:
        self.invitation = invitation
        super().__init__(invitation)


class SupplierAlreadyInvited(InvitationError):
    def __init__(self, *, invitation: Invitation) -> None:
        self.invitation = invitation
        super().__init__(
            _(
                "%(supplier)s already has an invitation from you waiting for an answer, sent to "
                "%(email)s. Send that one again, or revoke it first."
            )
            % {"supplier": invitation.invited_supplier, "email": invitation.email}
        )


class SupplierAlreadyConnected(InvitationError):
    def __init__(self, *, supplier_name: str) -> None:
        super().__init__(
            _("%(supplier)s is already connected with you: there is nothing to invite them to.")
            % {"supplier": supplier_name}
        )


class SupplierAlreadyRequested(InvitationError):
    def __init__(self, *, supplier_name: str) -> None:
        super().__init__(
            _(
                "%(supplier)s has already asked to connect with you: answer their connection "
                "request instead of inviting them."
            )
            % {"supplier": supplier_name}
        )


class RequestAwaitingAnswer(InvitationError):
    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "Your company has already asked to connect with %(customer)s, and the request "
                "is waiting for their answer. Withdraw it in Connection Requests to accept "
                "this invitation instead."
            )
            % {"customer": customer_name}
        )


class InvitationExpired(InvitationError):
    def __init__(self, *, invitation: Invitation) -> None:
        self.invitation = invitation
        super().__init__(
            _("This invitation expired on %(date)s. Ask %(customer)s for a new link.")
            % {"date": _day(invitation.expires_at), "customer": invitation.customer.name}
        )


class OtherEmailNotConfirmed(InvitationError):
    def __init__(self, *, invitation: Invitation, user: User) -> None:
        super().__init__(
            _(
                "This invitation was sent to %(invited)s and you are signed in as %(email)s. "
                "Confirm that you accept it with this account."
            )
            % {"invited": invitation.email, "email": user.email}
        )


class NewLinkRecentlyRequested(InvitationError):
    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "You have already asked %(customer)s for a new link. Their administrators have "
                "been told; the new link will come by email."
            )
            % {"customer": customer_name}
        )


# --- a customer's staff --------------------------------------------------------


class CustomerTeamError(DomainError):
    """A change to a customer's staff refused by a business rule (roles, last admin)."""


class AdminsOnly(CustomerTeamError):
    """Only the customer's admins may do this (a reviewer tried)."""

    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "Only the admins of %(customer)s can change its settings, team and "
                "questionnaires. Ask one of them."
            )
            % {"customer": customer_name}
        )


# --- onboarding ---------------------------------------------------------------


class OnboardingError(DomainError):
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


# --- sharing -------------------------------------------------------------------


class SharingNotOpen(DomainError):
    def __init__(self, *, customer_name: str) -> None:
        super().__init__(
            _(
                "Your relationship with %(customer)s is closed: the restricted profile can only "
                "be shared with a customer you have an open relationship with."
            )
            % {"customer": customer_name}
        )


# --- invitations from a file ----------------------------------------------------------


class InvitationImportError(DomainError):
    """A file of invitations, or its sending, refused."""


class ImportFileRefused(InvitationImportError):
    """The file cannot be read as a list of suppliers (the message says why)."""

    field = "file"


class ImportAlreadySent(InvitationImportError):
    def __init__(self) -> None:
        super().__init__(
            _("These invitations are already being sent: see their progress on this page.")
        )


class NothingToSend(InvitationImportError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "There is nothing to send: no row of the file is a new invitation, and you "
                "chose no invitation to send again."
            )
        )


def _day(moment) -> str:
    return date_format(timezone.localtime(moment))
