"""Row ids typed by someone else (in a URL, a form, a selection), parsed in one place.

An id is a whole number in ASCII digits, from 1 to the largest the database
holds (a signed 64-bit integer: ``BigAutoField`` on PostgreSQL, ``INTEGER`` on
SQLite). Anything else names no row: letters, a NUL, a sign, ``³`` or ``٣``
(digits to ``str.isdigit``, not ids), 25 digits (too large for SQLite: an
``OverflowError`` if it ever reached a query). In a URL that is a 404 (the
``<id:…>`` converter); in a form or an admin selection, a message.
A bottom-layer module: it imports no app.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField)


def parse_id(value: object) -> int | None:
    """The id ``value`` names, or None when it names none."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def parse_pk(model: type[models.Model], value: object) -> object | None:
    """The primary key of ``model`` that ``value`` names (an id, a UUID…), or None."""
    field = model._meta.pk
    if isinstance(field, _INTEGER_KEYS):
        return parse_id(value)
    if not isinstance(value, str) or "\x00" in value:
        return None
    try:
        return field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return None


class IdConverter:
    """``<id:name>`` in a URL: an id as ``parse_id`` reads it; anything else does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"not an id: {value!r}")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
