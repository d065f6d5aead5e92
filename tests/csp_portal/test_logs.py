"""One log line per request and per task, JSON when asked, with a request id."""

import logging
import re
import uuid

import pytest
from django.test import override_settings

from csp_portal.logging import logging_config
from csp_portal.outbox import emails

pytestmark = pytest.mark.django_db


def test_a_request_is_one_line_whose_id_the_response_echoes(client, captured_lines):
    response = client.get("/accounts/login/")

    [line] = captured_lines()
    assert line["event"] == "request_finished"
    assert line["code"] == 200
    assert line["request"] == "GET /accounts/login/"
    assert line["level"] == "info"
    assert line["ip"] == "127.0.0.1"
    assert uuid.UUID(line["request_id"])
    assert response["X-Request-ID"] == line["request_id"]


def test_a_page_not_found_is_one_warning_line(client, captured_lines):
    client.get("/no-such-page/")

    [line] = captured_lines()
    assert (line["event"], line["code"], line["level"]) == ("request_finished", 404, "warning")


def test_a_signed_in_request_names_the_user(client, supplier_user, captured_lines):
    client.force_login(supplier_user)

    client.get("/setup/")

    assert captured_lines()[-1]["user_id"] == supplier_user.pk


def test_a_clients_x_request_id_is_ignored_without_a_trusted_proxy(client, captured_lines):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="chosen-by-the-client")

    assert response["X-Request-ID"] != "chosen-by-the-client"
    assert captured_lines()[0]["request_id"] == response["X-Request-ID"]


@override_settings(DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID=True)
def test_the_trusted_proxys_request_id_names_the_request(client, captured_lines):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-7f3a9c1e")

    assert response["X-Request-ID"] == "lb-7f3a9c1e"
    assert captured_lines()[0]["request_id"] == "lb-7f3a9c1e"


@override_settings(DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID=True)
def test_a_request_id_that_is_no_id_is_replaced(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x" level=error ' + "a" * 200)

    assert uuid.UUID(response["X-Request-ID"])


def test_a_task_is_one_line_with_its_outcome_and_duration(
    captured_lines, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = emails.queue_email(kind="test", to=["a@b.example"], subject="Hi", body_text=".")

    [line] = captured_lines()
    assert line["event"] == "task_finished"
    assert line["task"] == "csp_portal.outbox.tasks.send_outbox_message"
    assert line["status"] == "SUCCESSFUL"
    assert isinstance(line["duration_ms"], int)
    assert line["task_id"]
    message.refresh_from_db()
    assert message.status == "sent"


def test_plain_lines_are_one_readable_line_each():
    structured = logging_config(log_format="plain", level="INFO")["formatters"]["structured"]
    formatter = structured["()"](
        processors=structured["processors"], foreign_pre_chain=structured["foreign_pre_chain"]
    )
    record = logging.LogRecord(
        "django.security", logging.WARNING, __file__, 1, "Invalid host %s", ("evil",), None
    )

    text = formatter.format(record)

    assert "\n" not in text
    assert re.search(r"\[warning\s*\] Invalid host evil", text)
