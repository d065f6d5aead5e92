"""Fixtures of the project-wide tests: the log lines the portal writes, as rendered."""

import io
import json
import logging

import pytest

from csp_portal.logging import logging_config


@pytest.fixture
def captured_lines():
    """Every line written meanwhile, rendered as JSON (LOG_FORMAT=json), then parsed.

    Calling the fixture's value returns the lines so far, without the test's own noise.
    """
    stream = io.StringIO()
    structured = logging_config(log_format="json", level="INFO")["formatters"]["structured"]
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structured["()"](
            processors=structured["processors"], foreign_pre_chain=structured["foreign_pre_chain"]
        )
    )
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(handler)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    yield lines
    for logger in loggers:
        logger.removeHandler(handler)
