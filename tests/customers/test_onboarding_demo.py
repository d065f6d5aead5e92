"""The demo data: questionnaires for Acme and Initech, onboardings in progress and returned."""

import pytest

from accounts.models import User
from csp_portal import demo
from customers import services
from customers.demo import seed_onboarding_progress
from customers.models import (
    Onboarding,
    OnboardingStatus,
    QuestionKind,
    Questionnaire,
    RelationshipState,
)

pytestmark = pytest.mark.django_db


def test_demo_customers_publish_questionnaires_with_every_kind_of_question():
    demo.seed()

    for name in ("Acme Industries", "Initech"):
        questionnaire = Questionnaire.objects.get(customer__name=name)
        assert questionnaire.is_published
        assert questionnaire.sections.count() >= 2
        assert {q.kind for q in questionnaire.questions()} == set(QuestionKind.values)
    assert not Questionnaire.objects.filter(customer__name="Électricité Démo SA").exists()


def test_demo_supplier_has_one_onboarding_in_progress_and_one_returned():
    demo.seed()

    acme = Onboarding.objects.get(relationship__customer__name="Acme Industries")
    initech = Onboarding.objects.get(relationship__customer__name="Initech")
    assert acme.relationship.state == initech.relationship.state == RelationshipState.ONBOARDING
    assert acme.status == OnboardingStatus.DRAFT
    assert 0 < acme.required_answered < acme.required_total
    assert initech.status == OnboardingStatus.RETURNED
    assert "Texas" in initech.reviewer_comment


def test_seeding_twice_changes_nothing():
    demo.seed()
    before = list(Onboarding.objects.order_by("pk").values())

    assert seed_onboarding_progress() == []
    demo.seed()

    assert list(Onboarding.objects.order_by("pk").values()) == before
    assert Questionnaire.objects.count() == 2


def test_onboarding_progress_leaves_alone_a_relationship_that_no_longer_onboards():
    demo.seed()
    acme = Onboarding.objects.get(relationship__customer__name="Acme Industries")
    supplier_user = User.objects.get(email="supplier@example.com")
    services.end(relationship=acme.relationship, actor=supplier_user, reason="Demo over")
    Onboarding.objects.filter(pk=acme.pk).update(values={}, required_answered=0)

    assert seed_onboarding_progress() == []

    acme.refresh_from_db()
    assert acme.values == {}
