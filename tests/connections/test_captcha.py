"""The reCAPTCHA on the request form: the real field, with only Google's verify call mocked."""

from unittest import mock
from urllib.error import URLError

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_recaptcha.client import RecaptchaResponse

from connections.models import ConnectionRequest
from customers.models import Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def captcha_keys(settings):
    settings.RECAPTCHA_PUBLIC_KEY = "site-key"
    settings.RECAPTCHA_PRIVATE_KEY = "secret-key"
    settings.CAPTCHA_ENABLED = True


def _post(client, customer, **extra):
    data = {
        "contact_email": "buyer@acme.example",
        "accept_terms": "on",
        "terms_version": customer.terms_version,
        "g-recaptcha-response": "token-from-google",
        **extra,
    }
    return client.post(reverse("connections:request", args=[customer.pk]), data)


def _verify(**kwargs):
    return mock.patch("django_recaptcha.client.submit", **kwargs)


def _assert_refused_and_kept(response, message: str) -> None:
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(message) in content
    assert 'value="buyer@acme.example"' in content
    assert not ConnectionRequest.objects.exists()
    assert not Relationship.objects.exists()


def test_the_form_shows_the_recaptcha_box_without_inline_script(supplier_client, customer):
    content = supplier_client.get(
        reverse("connections:request", args=[customer.pk])
    ).content.decode()

    assert 'class="g-recaptcha"' in content
    assert 'data-sitekey="site-key"' in content
    assert '<script src="https://www.google.com/recaptcha/api.js?hl=en" async defer></script>' in (
        content
    )
    assert "data-callback" not in content
    assert "<script>" not in content
    assert "The captcha is off" not in content


def test_a_passed_captcha_sends_the_request(supplier_client, customer):
    with _verify(return_value=RecaptchaResponse(is_valid=True)) as verify:
        response = _post(supplier_client, customer)

    assert response.status_code == 302
    assert ConnectionRequest.objects.count() == 1
    verify.assert_called_once()
    assert verify.call_args.kwargs["recaptcha_response"] == "token-from-google"
    assert verify.call_args.kwargs["private_key"] == "secret-key"


def test_a_failed_captcha_is_a_form_error(supplier_client, customer):
    with _verify(return_value=RecaptchaResponse(is_valid=False, error_codes=["invalid-input"])):
        response = _post(supplier_client, customer)

    _assert_refused_and_kept(response, "The captcha was not passed. Tick the box again and retry.")


def test_a_missing_captcha_is_a_form_error_without_asking_google(supplier_client, customer):
    with _verify() as verify:
        response = _post(supplier_client, customer, **{"g-recaptcha-response": ""})

    _assert_refused_and_kept(response, "Tick the box “I'm not a robot” to show you are a person.")
    verify.assert_not_called()


@pytest.mark.parametrize(
    "failure",
    [URLError("Name or service not known"), TimeoutError("timed out"), ConnectionResetError()],
    ids=["no-network", "timeout", "connection-reset"],
)
def test_an_unreachable_verification_service_asks_to_try_again(supplier_client, customer, failure):
    with _verify(side_effect=failure):
        response = _post(supplier_client, customer)

    _assert_refused_and_kept(
        response, "We could not verify the captcha. Please try again in a moment."
    )


def test_the_captcha_messages_are_in_french(supplier_client, customer):
    with _verify(side_effect=URLError("down")):
        response = supplier_client.post(
            reverse("connections:request", args=[customer.pk]),
            {
                "contact_email": "buyer@acme.example",
                "accept_terms": "on",
                "terms_version": 1,
                "g-recaptcha-response": "token",
            },
            HTTP_ACCEPT_LANGUAGE="fr",
        )

    assert "Nous n&#x27;avons pas pu effectuer la vérification anti-robot" in (
        response.content.decode()
    )


def test_a_refused_business_rule_after_a_passed_captcha_keeps_the_input(supplier_client, customer):
    with _verify(return_value=RecaptchaResponse(is_valid=True)):
        response = _post(supplier_client, customer, contact_email="someone@gmail.example")

    assert response.status_code == 200
    content = response.content.decode()
    assert "at its own domain only" in content
    assert 'value="someone@gmail.example"' in content
    assert 'class="g-recaptcha"' in content  # a new box to tick
