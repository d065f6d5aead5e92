"""Acceptance starts onboarding when the customer has a published questionnaire: exactly once."""

import pytest
from django.db import IntegrityError, transaction

from csp_portal.errors import TransitionNotAllowed
from customers import services
from customers.models import (
    Onboarding,
    OnboardingStatus,
    Relationship,
    RelationshipEvent,
    RelationshipState,
)
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with

pytestmark = pytest.mark.django_db


def _request(supplier, customer, user):
    return services.request_connection(
        supplier=supplier, customer=customer, actor=user, contact_email="a@acme.example"
    )


def test_accepting_without_a_questionnaire_connects_at_once(
    supplier, supplier_user, customer, customer_admin
):
    _request(supplier, customer, supplier_user)

    relationship = services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    assert relationship.state == RelationshipState.CONNECTED
    assert not Onboarding.objects.exists()


def test_a_draft_questionnaire_does_not_start_onboarding(
    supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(customer, publish=False)
    _request(supplier, customer, supplier_user)

    relationship = services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    assert relationship.state == RelationshipState.CONNECTED
    assert not Onboarding.objects.exists()


def test_accepting_a_request_with_a_published_questionnaire_starts_onboarding(
    supplier, supplier_user, customer, customer_admin
):
    questionnaire = make_questionnaire(customer)
    _request(supplier, customer, supplier_user)

    relationship = services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    relationship.refresh_from_db()
    assert relationship.state == RelationshipState.ONBOARDING
    onboarding = Onboarding.objects.get()
    assert onboarding.relationship == relationship
    assert onboarding.questionnaire == questionnaire
    assert onboarding.status == OnboardingStatus.DRAFT
    # The company name comes from the profile: answered from the start.
    assert list(onboarding.values.values()) == ["Fournitures Test SARL"]
    assert (onboarding.required_answered, onboarding.required_total) == (1, 10)
    assert onboarding.submitted_at is None
    assert [e.to_state for e in relationship.events.order_by("pk")] == [
        RelationshipState.REQUESTED,
        RelationshipState.ACCEPTED,
        RelationshipState.ONBOARDING,
    ]


def test_accepting_an_invitation_starts_onboarding_too(
    supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(customer)
    services.invite(supplier=supplier, customer=customer, actor=customer_admin)

    relationship = services.connect(supplier=supplier, customer=customer, actor=supplier_user)

    assert Relationship.objects.get(pk=relationship.pk).state == RelationshipState.ONBOARDING
    assert Onboarding.objects.filter(relationship=relationship).count() == 1


def test_a_second_accept_is_refused_and_starts_nothing_more(
    supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(customer)
    onboarding_with(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)

    with pytest.raises(TransitionNotAllowed):
        services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    assert Onboarding.objects.count() == 1
    assert RelationshipEvent.objects.filter(to_state=RelationshipState.ONBOARDING).count() == 1


def test_the_database_holds_one_set_of_answers_per_relationship(
    supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(customer)
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Onboarding.objects.create(
            relationship=onboarding.relationship, questionnaire=onboarding.questionnaire
        )


def test_onboarding_again_after_ending_reuses_the_answers_record(
    supplier, supplier_user, customer, customer_admin
):
    make_questionnaire(customer)
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    company = onboarding.questionnaire.questions().get(label="Company name")
    Onboarding.objects.filter(pk=onboarding.pk).update(
        values={company.answer_key: "Kept SARL", "no-longer-asked": "x"}
    )
    services.end(relationship=onboarding.relationship, actor=supplier_user, reason="Pause")

    onboarding_with(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)

    again = Onboarding.objects.get()
    assert again.pk == onboarding.pk
    assert again.status == OnboardingStatus.DRAFT
    assert again.values == {company.answer_key: "Kept SARL"}
    assert (again.required_answered, again.required_total) == (1, 10)


def test_start_onboarding_without_a_questionnaire_moves_without_answers(
    supplier, supplier_user, customer, customer_admin
):
    relationship = _request(supplier, customer, supplier_user)
    services.connect(supplier=supplier, customer=customer, actor=customer_admin)
    Relationship.objects.filter(pk=relationship.pk).update(state=RelationshipState.ACCEPTED)

    relationship = services.start_onboarding(relationship=relationship, actor=customer_admin)

    assert relationship.state == RelationshipState.ONBOARDING
    assert not Onboarding.objects.exists()
