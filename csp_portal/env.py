"""Typed readers for environment variables that fail loudly on bad values.

Every setting that comes from the environment goes through one of these, so a
typo such as ``DEBUG=ture`` stops the process with a message naming the
variable instead of silently meaning something else.
"""

import os
import re
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: list[str], default: str) -> str:
    value = env_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_url(name: str, default: str = "", *, schemes: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value and urlparse(value).scheme not in schemes:
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with one of: {', '.join(s + '://' for s in schemes)}"
        )
    return value


_RATE_PART = re.compile(r"^(?P<amount>\d+)/(?P<duration>\d*(?:\.\d+)?[smhd])(?:/(?P<per>\w+))?$")


def env_rate(name: str, default: str, *, per: tuple[str, ...]) -> str:
    """A rate limit in django-allauth's syntax, e.g. ``30/m/ip`` or ``10/m/ip,5/5m/key``.

    ``per`` lists what the limit may count by for this action: a per-user limit
    on an anonymous page would only fail when the first visitor arrives.
    """
    raw = env_str(name, default)
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts:
        raise ImproperlyConfigured(f"{name} is empty: give a rate such as {default!r}.")
    for part in parts:
        match = _RATE_PART.match(part)
        if match is None or int(match["amount"]) < 1:
            raise ImproperlyConfigured(
                f"{name}={raw!r} is not a rate limit: write amount/period[/{'|'.join(per)}], "
                f"e.g. {default!r} (periods: s, m, h, d, optionally with a number: 5m)."
            )
        if (match["per"] or "ip") not in per:
            raise ImproperlyConfigured(
                f"{name}={raw!r}: this limit counts per {' or '.join(per)}, "
                f"not per {match['per'] or 'ip'}."
            )
    return ",".join(parts)
