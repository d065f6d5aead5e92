"""The demo's content in the buyers' languages: Électricité Démo SA's terms in French,
Acme Industries' questionnaire in English and French."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from csp_portal import demo
from customers.models import Customer, CustomerTerms, Questionnaire

pytestmark = pytest.mark.django_db


def test_electricite_demo_writes_its_terms_in_french_only():
    demo.seed()

    terms = CustomerTerms.objects.current_for(Customer.objects.get(name="Électricité Démo SA"))
    english_buyer = CustomerTerms.objects.current_for(Customer.objects.get(name="Acme Industries"))

    assert terms.text_en == ""
    assert terms.text_fr.startswith("En demandant une connexion")
    assert english_buyer.text_en.startswith("By requesting a connection")


def test_the_demo_supplier_reads_electricite_demos_french_terms_marked_as_such():
    demo.seed()
    client = Client()
    client.force_login(User.objects.get(email="supplier@example.com"))
    customer = Customer.objects.get(name="Électricité Démo SA")

    content = client.get(reverse("connections:terms", args=[customer.pk])).content.decode()

    assert "Électricité Démo SA wrote its terms in French only." in content
    assert 'lang="fr"' in content


def test_acmes_questionnaire_has_a_french_version_of_every_text():
    demo.seed()

    questionnaire = Questionnaire.objects.get(customer__name="Acme Industries")
    questions = list(questionnaire.questions())

    assert questionnaire.language == "en"
    assert questionnaire.title_translation == "Référencement des fournisseurs d'Acme"
    assert all(q.label_translation for q in questions)
    assert all(q.section.title_translation for q in questions)
    for question in questions:
        if question.choices:
            assert len(question.choices_translation.splitlines()) == len(question.choice_list)
        if question.help_text:
            assert question.help_text_translation


def test_the_demo_supplier_reads_acmes_questionnaire_in_french():
    demo.seed()
    client = Client()
    client.force_login(User.objects.get(email="supplier@example.com"))
    acme = Customer.objects.get(name="Acme Industries")

    content = client.get(
        reverse("customers:onboarding", args=[acme.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert "Référencement des fournisseurs d&#x27;Acme" in content
    assert "Que fournissez-vous\u00a0?" in content
    assert "Mobilier" in content
    assert "lang=" not in content.split('id="main"')[1]


def test_seeding_again_changes_no_terms():
    demo.seed()
    versions = CustomerTerms.objects.count()

    demo.seed()

    assert CustomerTerms.objects.count() == versions
