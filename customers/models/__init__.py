"""The customers app's models, one module per concern."""

from customers.models.audit import CustomerAuditEvent, CustomerAuditEventQuerySet
from customers.models.customer import (
    Customer,
    CustomerMember,
    CustomerMemberQuerySet,
    CustomerQuerySet,
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
from customers.models.terms import CustomerTerms, CustomerTermsQuerySet

__all__ = [
    "ACCEPTED_STATES",
    "ALLOWED_MOVES",
    "CLOSED_STATES",
    "OPEN_STATES",
    "SETUP_GROUP_STATES",
    "WAITING_STATES",
    "Customer",
    "CustomerAuditEvent",
    "CustomerAuditEventQuerySet",
    "CustomerMember",
    "CustomerMemberQuerySet",
    "CustomerQuerySet",
    "CustomerSearchWord",
    "CustomerSearchWordQuerySet",
    "CustomerTerms",
    "CustomerTermsQuerySet",
    "Invitation",
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
    "Section",
    "SetupGroup",
    "SupplierProfileField",
]
