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
from customers.forms.sharing import ShareChoiceForm, SharingForm, share_field
from customers.forms.team import (
    ColleagueRightsForm,
    CustomerRoleForm,
    InviteColleagueForm,
    InviteCustomerColleagueForm,
    JoinSignupForm,
)

__all__ = [
    "AcceptInvitationForm",
    "ColleagueRightsForm",
    "CustomerRoleForm",
    "CustomerSettingsForm",
    "CustomerSetupFilterForm",
    "DailyDigestForm",
    "EndRelationshipForm",
    "InvitationForm",
    "InvitationImportForm",
    "InviteColleagueForm",
    "InviteCustomerColleagueForm",
    "JoinSignupForm",
    "OnboardingAnswersForm",
    "QuestionAdminForm",
    "ReturnForChangesForm",
    "ShareChoiceForm",
    "SharingForm",
    "share_field",
]
