"""A questionnaire written in English and/or French: each supplier reads their language's
version, or the written one, marked."""

import pytest
from django.test import Client
from django.urls import reverse

from customers.models import Question, Section
from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import form_data, onboarding_with, stored

pytestmark = pytest.mark.django_db


def _bilingual(customer, *, translate_all=True, language="en"):
    """A published questionnaire written in English with a French version (or the reverse)."""
    draft = onboarding_services.draft_questionnaire(customer=customer)
    draft.language = language
    draft.title, draft.title_translation = "Supplier onboarding", "Référencement fournisseur"
    draft.save()
    section = Section.objects.create(
        questionnaire=draft, title="Your company", title_translation="Votre entreprise"
    )
    Question.objects.create(
        section=section,
        label="Company size",
        label_translation="Taille de l'entreprise",
        kind=Question.Kind.SINGLE_CHOICE,
        choices="Small\nLarge",
        choices_translation="Petite\nGrande",
        position=1,
    )
    Question.objects.create(
        section=section,
        label="VAT number",
        label_translation="Numéro de TVA" if translate_all else "",
        help_text="As on your invoices.",
        help_text_translation="Comme sur vos factures." if translate_all else "",
        position=2,
    )
    onboarding_services.publish_questionnaire(questionnaire=draft, actor=None)
    return draft


@pytest.fixture
def supplier_client(supplier_user):
    client = Client()
    client.force_login(supplier_user)
    return client


def _onboard(supplier_user, customer):
    return onboarding_with(
        supplier_user.supplier_membership.supplier, customer, supplier_user=supplier_user
    )


def _form(client, customer, language) -> str:
    return client.get(
        reverse("customers:onboarding", args=[customer.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()


def test_a_french_supplier_reads_the_french_version_and_answers_are_stored_alike(
    customer, supplier_client, supplier_user
):
    questionnaire = _bilingual(customer)
    onboarding = _onboard(supplier_user, customer)

    content = _form(supplier_client, customer, "fr")
    supplier_client.post(
        reverse("customers:onboarding", args=[customer.pk]),
        form_data(questionnaire, {"Company size": "Large", "VAT number": "FR1"}, action="draft"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert "Référencement fournisseur" in content
    assert "Votre entreprise" in content
    assert "Taille de l&#x27;entreprise" in content
    assert "Grande" in content
    assert "Comme sur vos factures." in content
    assert "Company size" not in content
    assert "lang=" not in content.split("<main", 1)[1].split("</main>")[0]
    onboarding.refresh_from_db()
    assert stored(onboarding, "Company size") == "Large"


def test_an_english_supplier_reads_the_english_version(customer, supplier_client, supplier_user):
    _bilingual(customer)
    _onboard(supplier_user, customer)

    content = _form(supplier_client, customer, "en")

    assert "Supplier onboarding" in content
    assert "Company size" in content
    assert "Taille" not in content
    assert "wrote some or all of this questionnaire" not in content


def test_a_questionnaire_in_french_only_is_shown_in_french_to_an_english_reader_marked(
    customer, supplier_client, supplier_user
):
    draft = onboarding_services.draft_questionnaire(customer=customer)
    draft.language, draft.title = "fr", "Référencement"
    draft.save()
    section = Section.objects.create(questionnaire=draft, title="Entreprise")
    Question.objects.create(section=section, label="Numéro de TVA")
    onboarding_services.publish_questionnaire(questionnaire=draft, actor=None)
    _onboard(supplier_user, customer)

    content = _form(supplier_client, customer, "en")

    assert '<h2 id="questionnaire-title" lang="fr">Référencement</h2>' in content
    assert '<legend lang="fr">Entreprise</legend>' in content
    assert '<span lang="fr">Numéro de TVA</span>' in content
    assert (
        "Acme Test Industries wrote some or all of this questionnaire in French only: "
        "those parts are shown in French." in content
    )


def test_a_question_without_its_french_version_is_shown_in_english_marked(
    customer, supplier_client, supplier_user
):
    _bilingual(customer, translate_all=False)
    _onboard(supplier_user, customer)

    content = _form(supplier_client, customer, "fr")

    assert '<span lang="en">VAT number</span>' in content
    assert "Taille de l&#x27;entreprise" in content
    assert "ces parties sont affichées en anglais" in content


def test_the_customer_reviews_in_its_own_language_with_the_choices_translated(
    client, customer, customer_admin, supplier_user
):
    questionnaire = _bilingual(customer)
    onboarding = _onboard(supplier_user, customer)
    onboarding_services.submit_answers(
        onboarding=onboarding,
        actor=supplier_user,
        values={q.answer_key: ("Large" if q.choices else "FR1") for q in questionnaire.questions()},
    )
    client.force_login(customer_admin)

    content = client.get(
        reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()

    assert "Taille de l&#x27;entreprise" in content
    assert "Grande" in content


def test_a_new_draft_keeps_the_language_and_the_translations(customer):
    _bilingual(customer, language="fr")

    draft = onboarding_services.draft_questionnaire(customer=customer)

    question = draft.questions().get(label="Company size")
    assert (draft.language, draft.title_translation) == ("fr", "Référencement fournisseur")
    assert question.section.title_translation == "Votre entreprise"
    assert (question.label_translation, question.choices_translation) == (
        "Taille de l'entreprise",
        "Petite\nGrande",
    )


# --- writing it in the customer admin site ------------------------------------------------


def test_the_translation_fields_name_the_other_language(client, customer, customer_admin):
    draft = onboarding_services.draft_questionnaire(customer=customer)
    section = Section.objects.create(questionnaire=draft, title="Company")
    client.force_login(customer_admin)

    page = client.get(
        reverse("customer_admin:customers_questionnaire_change", args=[draft.pk])
    ).content.decode()
    section_page = client.get(
        reverse("customer_admin:customers_section_change", args=[section.pk])
    ).content.decode()

    assert "Written in" in page
    assert "Title in French" in page
    assert "Introduction in French" in page
    assert "Question in French" in section_page
    assert "Choices in French" in section_page


def test_translated_choices_must_match_the_choices_one_to_one(client, customer, customer_admin):
    draft = onboarding_services.draft_questionnaire(customer=customer)
    section = Section.objects.create(questionnaire=draft, title="Company")
    client.force_login(customer_admin)
    data = {
        "title": "Company",
        "position": "1",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-label": "Size",
        "questions-0-label_translation": "Taille",
        "questions-0-kind": "single_choice",
        "questions-0-required": "on",
        "questions-0-choices": "Small\nMedium\nLarge",
        "questions-0-choices_translation": "Petite\nGrande",
    }
    url = reverse("customer_admin:customers_section_change", args=[section.pk])

    refused = client.post(url, data)
    accepted = client.post(
        url, {**data, "questions-0-choices_translation": "Petite\nMoyenne\nGrande"}
    )

    assert "Type one translated choice for each choice, in the same order: 3 lines, not 2." in (
        refused.content.decode()
    )
    assert accepted.status_code == 302
    assert section.questions.get().choices_translation == "Petite\nMoyenne\nGrande"
