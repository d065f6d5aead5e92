"""Invitation tokens never reach the logs (settings.LOGGING wires the filter)."""

import logging

import pytest

from csp_portal.logging import RedactInvitationTokens

TOKEN = "Zq3xY7wV1uT5sR9pO2nM4lK8jH6gF0eD3cB1aZ9yX7w"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def collected():
    handler = _Collect()
    loggers = [logging.getLogger("django.server"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler.lines
    for logger in loggers:
        logger.removeHandler(handler)


def test_the_filter_redacts_the_token_of_a_request_line():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /invite/{TOKEN}/ HTTP/1.1", 302, 0),
        None,
    )

    assert RedactInvitationTokens().filter(record) is True
    assert record.getMessage() == '"GET /invite/[redacted]/ HTTP/1.1" 302 0'


def test_other_messages_are_left_alone():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/setup/x/",), None
    )

    RedactInvitationTokens().filter(record)

    assert record.getMessage() == "Not Found: /setup/x/"
    assert record.args == ("/setup/x/",)


def test_runserver_request_lines_are_redacted(collected):
    logging.getLogger("django.server").info('"%s" %s %s', f"GET /invite/{TOKEN}/ HTTP/1.1", 302, 0)

    assert collected == ['"GET /invite/[redacted]/ HTTP/1.1" 302 0']


def test_a_not_found_invitation_link_is_logged_without_its_token(client, db, collected, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/invite/{TOKEN}/")

    assert response.status_code == 404
    assert collected == ["Not Found: /invite/[redacted]/"]
    assert TOKEN not in caplog.text


def test_a_first_password_link_is_redacted_too():
    from csp_portal.logging import redact_url_secrets

    text = "GET /accounts/set-password/MTI/cx9k2-0a1b2c3d4e5f6a7b8c9d/ 200"

    assert redact_url_secrets(text) == "GET /accounts/set-password/MTI/[redacted]/ 200"


def test_a_domain_proof_link_is_logged_without_its_token(client, db, collected):
    response = client.get(f"/company/domains/prove/{TOKEN}/")

    assert response.status_code == 404
    assert collected == ["Not Found: /company/domains/prove/[redacted]/"]
