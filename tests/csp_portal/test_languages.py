"""English and French: the browser picks, the switcher remembers on the user."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_browser_language_picks_french(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert '<html lang="fr">' in response.content.decode()


def test_browser_language_picks_english_for_unsupported_languages(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de")

    assert '<html lang="en">' in response.content.decode()


def test_setup_menu_label_in_each_language(client, supplier_user):
    client.force_login(supplier_user)

    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert ">Setup</a>" in english
    assert ">Configuration</a>" in french


def test_switching_language_saves_the_choice_on_the_signed_in_user(client, supplier_user):
    client.force_login(supplier_user)

    response = client.post(reverse("set_language"), {"language": "fr", "next": "/setup/"})

    assert response.status_code == 302
    assert response["Location"] == "/setup/"
    supplier_user.refresh_from_db()
    assert supplier_user.language == "fr"


def test_saved_language_wins_over_the_browser_on_any_device(client, supplier_user):
    supplier_user.language = "fr"
    supplier_user.save()
    client.force_login(supplier_user)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="fr">' in response.content.decode()


def test_browsing_in_french_does_not_save_a_choice(client, supplier_user):
    client.force_login(supplier_user)

    client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr")

    supplier_user.refresh_from_db()
    assert supplier_user.language == ""


def test_anonymous_switch_sets_the_cookie_only(client, supplier_user):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    assert response.cookies["django_language"].value == "fr"
    supplier_user.refresh_from_db()
    assert supplier_user.language == ""


def test_switcher_ignores_unknown_languages(client, supplier_user):
    client.force_login(supplier_user)

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    supplier_user.refresh_from_db()
    assert supplier_user.language == ""


def test_switcher_refuses_get(client):
    assert client.get(reverse("set_language")).status_code == 405


def test_switcher_does_not_redirect_off_site(client):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_language_cookie_is_same_site_lax_and_secure_in_production(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # what settings.py sets with DEBUG off

    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True


def test_the_switcher_is_a_button_per_other_language_not_a_select(client):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    switcher = content.split('class="language-switcher"')[1].split("</form>")[0]
    assert "<select" not in switcher  # an arrow key in a select would switch at once
    assert '<button type="submit" name="language" value="fr" lang="fr"' in switcher
    assert 'value="en"' not in switcher  # the current language is not offered
