"""Secrets in URLs never reach the logs: invitation, first-password, password-reset
and email-confirmation links show as [redacted]."""

import logging

import pytest

from csp_portal.logging import RedactUrlSecrets, redact_url_secrets

TOKEN = "Zq3xY7wV1uT5sR9pO2nM4lK8jH6gF0eD3cB1aZ9yX7w"
CONFIRM_KEY = "mq:1tPxyZ:a8Yb2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4"


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (f"GET /invite/{TOKEN}/", "GET /invite/[redacted]/"),
        (f"GET /join/{TOKEN}/ 302", "GET /join/[redacted]/ 302"),
        (
            f"https://portal.example.com/accounts/password/reset/key/1b-{TOKEN}/",
            "https://portal.example.com/accounts/password/reset/key/1b-[redacted]/",
        ),
        (
            f"https://portal.example.com/accounts/confirm-email/{CONFIRM_KEY}/",
            "https://portal.example.com/accounts/confirm-email/[redacted]/",
        ),
        (
            f"GET /accounts/login/?next=%2Finvite%2F{TOKEN}%2F",
            "GET /accounts/login/?next=%2Finvite%2F[redacted]%2F",
        ),
        (f'<a href="/invite/{TOKEN}/">', '<a href="/invite/[redacted]/">'),
    ],
)
def test_each_kind_of_secret_link_is_redacted(text, redacted):
    assert redact_url_secrets(text) == redacted


def test_links_without_a_secret_are_left_alone():
    for text in (
        "GET /accounts/password/reset/key/done/ 200",
        "GET /setup/connection-requests/ 200",
        "Not Found: /setup/x/",
    ):
        assert redact_url_secrets(text) == text


def test_the_filter_redacts_djangos_own_records_before_any_handler():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/accounts/confirm-email/{CONFIRM_KEY}/",),
        None,
    )

    assert RedactUrlSecrets().filter(record) is True
    assert record.getMessage() == "Not Found: /accounts/confirm-email/[redacted]/"


@pytest.mark.django_db
def test_request_lines_show_invitation_links_without_their_token(client, captured_lines):
    response = client.get(f"/invite/{TOKEN}/")

    assert response.status_code == 404
    [line] = captured_lines()
    assert line["request"] == "GET /invite/[redacted]/"
    assert line["code"] == 404


@pytest.mark.django_db
def test_request_lines_show_reset_and_confirmation_links_without_their_key(client, captured_lines):
    client.get(f"/accounts/password/reset/key/1b-{TOKEN}/")
    client.get(f"/accounts/confirm-email/{CONFIRM_KEY}/")

    requests = [line["request"] for line in captured_lines()]
    assert requests == [
        "GET /accounts/password/reset/key/1b-[redacted]/",
        "GET /accounts/confirm-email/[redacted]/",
    ]


def test_a_link_to_join_a_team_is_redacted_too():
    text = f"GET /join/{TOKEN}/ 302"

    assert redact_url_secrets(text) == "GET /join/[redacted]/ 302"
    assert redact_url_secrets("GET /join/accept/ 302") == "GET /join/accept/ 302"


@pytest.mark.django_db
def test_a_domain_proof_link_is_logged_without_its_token(client, captured_lines):
    response = client.get(f"/company/domains/prove/{TOKEN}/")

    assert response.status_code == 404
    assert [line["request"] for line in captured_lines()] == [
        "GET /company/domains/prove/[redacted]/"
    ]
