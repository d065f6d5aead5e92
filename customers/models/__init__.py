"""The customers app's models, one module per concern."""

from customers.models.audit import CustomerAuditEvent, CustomerAuditEventQuerySet
from customers.models.customer import (
    Customer,
    CustomerMember,
    CustomerMemberQuerySet,
    CustomerQuerySet,
)
from customers.models.invitation_imports import (
    ImportStatus,
    InvitationImport,
    InvitationImportRow,
    RowAction,
    RowOutcome,
)
from customers.models.invitations import Invitation, InvitationQuerySet, InvitationStatus
from customers.models.onboarding import Onboarding, OnboardingStatus
from customers.models.questionnaires import (
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    Section,
    SupplierProfileField,
)
from customers.models.relationships import (
    ACCEPTED_STATES,
    ALLOWED_MOVES,
    CLOSED_STATES,
    EXPIRING_SOON_DAYS,
    OPEN_STATES,
    SETUP_GROUP_STATES,
    WAITING_STATES,
    Relationship,
    RelationshipEvent,
    RelationshipQuerySet,
    RelationshipState,
    SetupGroup,
)
from customers.models.search_word import CustomerSearchWord, CustomerSearchWordQuerySet
from customers.models.team import ColleagueAccess, CustomerTeamInvitation
from customers.models.terms import CustomerTerms, CustomerTermsQuerySet

__all__ = [
    "ACCEPTED_STATES",
    "ALLOWED_MOVES",
    "CLOSED_STATES",
    "EXPIRING_SOON_DAYS",
    "OPEN_STATES",
    "SETUP_GROUP_STATES",
    "WAITING_STATES",
    "ColleagueAccess",
    "Customer",
    "CustomerAuditEvent",
    "CustomerAuditEventQuerySet",
    "CustomerMember",
    "CustomerMemberQuerySet",
    "CustomerQuerySet",
    "CustomerSearchWord",
    "CustomerSearchWordQuerySet",
    "CustomerTeamInvitation",
    "CustomerTerms",
    "CustomerTermsQuerySet",
    "ImportStatus",
    "Invitation",
    "InvitationImport",
    "InvitationImportRow",
    "InvitationQuerySet",
    "InvitationStatus",
    "Onboarding",
    "OnboardingStatus",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireStatus",
    "Relationship",
    "RelationshipEvent",
    "RelationshipQuerySet",
    "RelationshipState",
    "RowAction",
    "RowOutcome",
    "Section",
    "SetupGroup",
    "SupplierProfileField",
]
