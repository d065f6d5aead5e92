"""TOTP codes for tests, computed from the secret as an authenticator app does (RFC 6238).

Written from the RFC rather than imported from allauth, so that a test shows
allauth accepts what a real app computes.
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa import app_settings


def totp_code(secret: str, *, at: float | None = None) -> str:
    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**app_settings.TOTP_DIGITS:0{app_settings.TOTP_DIGITS}d}"


def fresh_totp_code(secret: str, *, margin: float = 3.0) -> str:
    """A code that stays valid for at least ``margin`` seconds (no period boundary in between)."""
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < margin:
        time.sleep(left + 0.05)
    return totp_code(secret)


def wrong_code(secret: str) -> str:
    right = int(totp_code(secret))
    return f"{(right + 1) % 10**app_settings.TOTP_DIGITS:0{app_settings.TOTP_DIGITS}d}"
