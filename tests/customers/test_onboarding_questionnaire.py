"""The questionnaire's versions: drafts, publishing, and answers that keep their version."""

import pytest
from django.db import IntegrityError, transaction

from customers.exceptions import QuestionnaireEmpty, QuestionnaireNotEditable
from customers.models import Question, QuestionKind, Questionnaire, QuestionnaireStatus, Section
from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with
from tests.factories import make_supplier_user

pytestmark = pytest.mark.django_db


def test_the_first_draft_is_version_one_and_empty(customer):
    draft = onboarding_services.draft_questionnaire(customer=customer)

    assert (draft.version, draft.status) == (1, QuestionnaireStatus.DRAFT)
    assert draft.title == "Supplier onboarding"
    assert not draft.sections.exists()


def test_asking_for_the_draft_again_returns_the_same_draft(customer):
    first = onboarding_services.draft_questionnaire(customer=customer)

    assert onboarding_services.draft_questionnaire(customer=customer) == first
    assert Questionnaire.objects.count() == 1


def test_publishing_makes_the_draft_current(customer, customer_admin):
    draft = make_questionnaire(customer, publish=False)

    published = onboarding_services.publish_questionnaire(questionnaire=draft, actor=customer_admin)

    assert published.status == QuestionnaireStatus.PUBLISHED
    assert published.published_by == customer_admin
    assert published.published_at is not None
    assert Questionnaire.objects.current_for(customer) == published


def test_an_empty_draft_cannot_be_published(customer, customer_admin):
    draft = onboarding_services.draft_questionnaire(customer=customer)
    Section.objects.create(questionnaire=draft, title="Nothing yet")

    with pytest.raises(QuestionnaireEmpty):
        onboarding_services.publish_questionnaire(questionnaire=draft, actor=customer_admin)

    assert Questionnaire.objects.get().status == QuestionnaireStatus.DRAFT


def test_a_published_version_cannot_be_published_again(customer, customer_admin):
    published = make_questionnaire(customer)

    with pytest.raises(QuestionnaireNotEditable):
        onboarding_services.publish_questionnaire(questionnaire=published, actor=customer_admin)


def test_editing_a_published_questionnaire_makes_a_new_draft_copy(customer):
    published = make_questionnaire(customer, sections=2)

    draft = onboarding_services.draft_questionnaire(customer=customer)

    assert (draft.version, draft.status) == (2, QuestionnaireStatus.DRAFT)
    assert draft.title == published.title
    assert [s.title for s in draft.sections.all()] == ["Part 1", "Part 2"]
    copied = list(draft.questions())
    original = list(published.questions())
    assert [(q.label, q.kind, q.required, q.choices, q.key) for q in copied] == [
        (q.label, q.kind, q.required, q.choices, q.key) for q in original
    ]
    assert {q.pk for q in copied}.isdisjoint({q.pk for q in original})
    published.refresh_from_db()
    assert (
        published.status == QuestionnaireStatus.PUBLISHED
    )  # still current until the draft is published


def test_publishing_a_new_version_retires_the_old_and_answers_keep_theirs(
    supplier, supplier_user, customer, customer_admin
):
    first = make_questionnaire(customer)
    started = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    draft = onboarding_services.draft_questionnaire(customer=customer)
    Question.objects.create(
        section=draft.sections.first(), label="New question", kind=QuestionKind.SHORT_TEXT
    )

    onboarding_services.publish_questionnaire(questionnaire=draft, actor=customer_admin)

    first.refresh_from_db()
    assert first.status == QuestionnaireStatus.RETIRED
    started.refresh_from_db()
    assert started.questionnaire == first
    assert started.required_total == 10
    newcomer = make_supplier_user("new@supplier.example", company="Newcomer SARL")
    later = onboarding_with(
        newcomer.supplier_membership.supplier,
        customer,
        supplier_user=newcomer,
        customer_admin=customer_admin,
    )
    assert later.questionnaire == draft
    assert later.required_total == 11


def test_the_database_allows_one_draft_and_one_published_version_per_customer(customer):
    published = make_questionnaire(customer)
    onboarding_services.draft_questionnaire(customer=customer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Questionnaire.objects.create(customer=customer, version=9, title="Second draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        Questionnaire.objects.create(
            customer=customer,
            version=9,
            title="Second published",
            status=QuestionnaireStatus.PUBLISHED,
            published_at=published.published_at,
        )


def test_the_database_refuses_a_choice_question_without_choices(customer):
    draft = onboarding_services.draft_questionnaire(customer=customer)
    section = Section.objects.create(questionnaire=draft, title="Part")

    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(section=section, label="Size", kind=QuestionKind.SINGLE_CHOICE)


def test_choices_are_read_one_per_line_without_blanks_or_repeats(customer):
    question = Question(kind=QuestionKind.MULTIPLE_CHOICE, choices=" Paper \n\nIT\nPaper\r\nFood ")

    assert question.choice_list == ["Paper", "IT", "Food"]
