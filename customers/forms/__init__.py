"""Forms of the customers app (shape of input only), one module per concern."""

from customers.forms.invitations import (
    AcceptInvitationForm,
    InvitationForm,
    InvitationImportForm,
)
from customers.forms.onboarding import (
    OnboardingAnswersForm,
    QuestionAdminForm,
    ReturnForChangesForm,
)
from customers.forms.relationships import (
    CustomerSettingsForm,
    CustomerSetupFilterForm,
    DailyDigestForm,
    EndRelationshipForm,
)

__all__ = [
    "AcceptInvitationForm",
    "CustomerSettingsForm",
    "CustomerSetupFilterForm",
    "DailyDigestForm",
    "EndRelationshipForm",
    "InvitationForm",
    "InvitationImportForm",
    "OnboardingAnswersForm",
    "QuestionAdminForm",
    "ReturnForChangesForm",
]
