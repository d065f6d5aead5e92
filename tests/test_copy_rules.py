"""The copy rules of docs/vocabulary.md, checked on the catalogues and on rendered pages."""

import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.urls import reverse

from csp_portal.elision import elide, elide_html
from csp_portal.management.commands.tidy_french import french_typography
from csp_portal.outbox.emails import send_templated_email

ROOT = Path(__file__).resolve().parent.parent
FRENCH = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
ENGLISH = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def _french_texts():
    for entry in FRENCH.translated_entries():
        yield from (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr])


def test_french_says_e_mail_never_courriel():
    assert [text for text in _french_texts() if "ourriel" in text] == []


def test_french_puts_a_non_breaking_space_before_double_punctuation():
    # A colon, semicolon, question or exclamation mark that ends a word (not "http://").
    wrong = [
        text
        for text in _french_texts()
        if re.search(r"(?<!\u00a0)[:;?!](?=\s|$)", text)
        or re.search(r"«(?!\u00a0)|(?<!\u00a0)»", text)
    ]
    assert wrong == []


def test_make_messages_tidies_french_typography_whoever_wrote_it():
    assert french_typography("Votre courriel : « oui » ; vraiment ? Oui !") == (
        "Votre e-mail\u00a0: «\u00a0oui\u00a0»\u00a0; vraiment\u00a0? Oui\u00a0!"
    )
    assert (
        french_typography("Voir https://example.com à 12:30.")
        == "Voir https://example.com à 12:30."
    )


def test_english_overrides_of_allauth_are_its_words_in_sentence_case():
    assert ENGLISH.translated_entries()
    for entry in ENGLISH.translated_entries():
        assert entry.msgstr.lower() == entry.msgid.lower()
        assert entry.msgstr[0].isupper() and not any(
            word[:1].isupper() for word in re.split(r"[\s-]", entry.msgstr)[1:]
        ), entry.msgstr


def test_elision_before_a_vowel_only_in_the_text():
    assert elide("l'invitation de Acme Industries") == "l'invitation d'Acme Industries"
    assert elide("de Électricité Démo SA, de Globex") == "d'Électricité Démo SA, de Globex"
    html = '<p title="de Acme">de Acme</p><textarea>de Acme</textarea><input value="de Acme">'
    assert (
        elide_html(html)
        == '<p title="de Acme">d\'Acme</p><textarea>de Acme</textarea><input value="de Acme">'
    )


@pytest.mark.django_db
def test_a_french_page_elides_the_customers_name(client, supplier_user):
    from customers import services
    from tests.factories import make_customer

    customer = make_customer("Électricité Démo SA")
    services.invite(
        supplier=supplier_user.supplier_membership.supplier, customer=customer, actor=None
    )
    client.force_login(supplier_user)

    response = client.post(
        reverse("customers:decline_invitation", args=[customer.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )

    content = response.content.decode()
    assert (
        "invitation d'Électricité Démo SA" in content
    )  # the apostrophe of l'invitation is escaped
    assert "de Électricité" not in content


@pytest.mark.django_db
def test_a_french_email_elides_the_customers_name(
    django_capture_on_commit_callbacks, mailoutbox, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            template="connection_request_accepted",
            to="someone@example.com",
            language="fr",
            context={
                "customer_name": "Acme Industries",
                "supplier_name": "Initech",
                "connected": True,
            },
        )

    assert "Acme Industries a accepté la demande de connexion d'Initech" in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "wanted", "unwanted"),
    [
        (
            "fr",
            ["E-mail", "Créer le compte", "Mot de passe"],
            ["ourriel", "Création de compte", "Mot de passe :"],
        ),
        ("en", ["Email", "Create the account"], ["Sign Up<", "Password:"]),
    ],
)
def test_the_sign_up_page_follows_the_rules(client, language, wanted, unwanted):
    content = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in wanted:
        assert text in content
    for text in unwanted:
        assert text not in content


@pytest.mark.django_db
def test_allauth_pages_are_in_sentence_case_and_checkboxes_have_no_colon(client, supplier_user):
    login = client.get(reverse("account_login")).content.decode()
    assert ">Remember me</label>" in login
    assert "Remember Me" not in login
    assert re.search(r">\s*Sign in\s*</button>", login)
    client.force_login(supplier_user)
    change = client.get(reverse("account_change_password")).content.decode()
    assert "Change password" in change
    assert "Change Password" not in change
    assert "Current password" in change
