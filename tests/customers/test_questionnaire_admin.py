"""The questionnaire in the customer admin site: create, edit, publish, discard a version."""

import pytest
from django.urls import reverse

from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import make_questionnaire

pytestmark = pytest.mark.django_db


# --- the questionnaire in the customer admin site ----------------------------------------


QUESTIONNAIRES = reverse("customer_admin:customers_questionnaire_changelist")
NEW_VERSION = reverse("customer_admin:customers_questionnaire_new_version")


def test_a_customer_admin_creates_edits_and_publishes_a_questionnaire(
    client, customer, customer_admin
):
    client.force_login(customer_admin)
    assert "Create the questionnaire" in client.get(QUESTIONNAIRES).content.decode()

    created = client.post(NEW_VERSION)
    draft = customer.questionnaires.get()
    assert created["Location"] == reverse(
        "customer_admin:customers_questionnaire_change", args=[draft.pk]
    )
    page = client.get(created["Location"]).content.decode()
    assert "Publish this version" in page

    saved = client.post(
        created["Location"],
        {
            "language": "en",
            "title": "Acme onboarding",
            "introduction": "Tell us about you.",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "1000",
            "sections-0-position": "1",
            "sections-0-title": "Company",
            "sections-0-description": "",
            "_continue": "Save",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    section = draft.sections.get()
    section_url = reverse("customer_admin:customers_section_change", args=[section.pk])
    assert section_url in client.get(created["Location"]).content.decode()

    questions = {
        "title": "Company",
        "description": "",
        "position": "1",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-label": "Legal name",
        "questions-0-help_text": "",
        "questions-0-kind": "short_text",
        "questions-0-required": "on",
        "questions-0-choices": "",
        "questions-0-profile_field": "legal_name",
        "questions-1-position": "2",
        "questions-1-label": "Size",
        "questions-1-help_text": "",
        "questions-1-kind": "single_choice",
        "questions-1-required": "on",
        "questions-1-choices": "Small",
        "questions-1-profile_field": "",
    }
    refused = client.post(section_url, questions)
    assert refused.status_code == 200
    assert "Type at least two choices" in refused.content.decode()
    accepted = client.post(section_url, {**questions, "questions-1-choices": "Small\nLarge\n"})
    assert accepted["Location"] == created["Location"]
    assert [(q.label, q.choices) for q in draft.questions()] == [
        ("Legal name", ""),
        ("Size", "Small\nLarge"),
    ]

    published = client.post(
        reverse("customer_admin:customers_questionnaire_publish", args=[draft.pk]), follow=True
    )
    assert "Version 1 is published" in published.content.decode()
    draft.refresh_from_db()
    assert draft.is_published


def test_a_published_version_is_read_only_and_editing_starts_a_new_draft(
    client, customer, customer_admin
):
    published = make_questionnaire(customer)
    section = published.sections.get()
    client.force_login(customer_admin)
    url = reverse("customer_admin:customers_questionnaire_change", args=[published.pk])

    page = client.get(url).content.decode()
    changed = client.post(url, {"title": "Changed"})
    section_changed = client.post(
        reverse("customer_admin:customers_section_change", args=[section.pk]), {"title": "X"}
    )
    edit = client.post(NEW_VERSION)

    assert "it cannot be changed" in page
    assert "Edit the questionnaire" in page
    assert changed.status_code == 403
    assert section_changed.status_code == 403
    published.refresh_from_db()
    assert published.title != "Changed"
    draft = customer.questionnaires.drafts().get()
    assert draft.version == 2
    assert edit["Location"] == reverse(
        "customer_admin:customers_questionnaire_change", args=[draft.pk]
    )


def test_publishing_an_empty_draft_shows_why_not(client, customer, customer_admin):
    client.force_login(customer_admin)
    client.post(NEW_VERSION)
    draft = customer.questionnaires.get()

    response = client.post(
        reverse("customer_admin:customers_questionnaire_publish", args=[draft.pk]), follow=True
    )

    assert "Add at least one question before publishing" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_publish_action_of_the_list_publishes_a_draft(client, customer, customer_admin):
    draft = make_questionnaire(customer, publish=False)
    client.force_login(customer_admin)

    client.post(
        QUESTIONNAIRES,
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": "0"},
    )

    draft.refresh_from_db()
    assert draft.is_published


def test_another_customers_questionnaire_does_not_exist_for_you(
    client, customer, other_customer_admin
):
    questionnaire = make_questionnaire(customer, publish=False)
    section = questionnaire.sections.get()
    client.force_login(other_customer_admin)

    assert (
        client.get(
            reverse("customer_admin:customers_questionnaire_change", args=[questionnaire.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("customer_admin:customers_questionnaire_delete", args=[questionnaire.pk]),
            {"post": "yes"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("customer_admin:customers_questionnaire_publish", args=[questionnaire.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("customer_admin:customers_section_change", args=[section.pk])
        ).status_code
        == 404
    )
    assert "Part 1" not in client.get(QUESTIONNAIRES).content.decode()
    client.post(NEW_VERSION)
    questionnaire.refresh_from_db()
    assert questionnaire.is_draft
    assert customer.questionnaires.count() == 1


def test_questionnaire_pages_refuse_other_methods(client, customer, customer_admin):
    draft = make_questionnaire(customer, publish=False)
    client.force_login(customer_admin)

    assert client.get(NEW_VERSION).status_code == 405
    assert (
        client.get(
            reverse("customer_admin:customers_questionnaire_publish", args=[draft.pk])
        ).status_code
        == 405
    )


def test_a_draft_can_be_discarded_and_a_published_version_cannot(client, customer, customer_admin):
    published = make_questionnaire(customer)
    draft = onboarding_services.draft_questionnaire(customer=customer)
    client.force_login(customer_admin)

    discarded = client.post(
        reverse("customer_admin:customers_questionnaire_delete", args=[draft.pk]), {"post": "yes"}
    )
    kept = client.post(
        reverse("customer_admin:customers_questionnaire_delete", args=[published.pk]),
        {"post": "yes"},
    )

    assert discarded.status_code == 302
    assert kept.status_code == 403
    assert list(customer.questionnaires.all()) == [published]
    assert published.questions().count() == 11
