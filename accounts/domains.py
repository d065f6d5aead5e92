"""Company email domains: what counts as one, and the public mail providers that never do.

A company declares the domains its staff's addresses use (``acme.example``);
sign-up then recognises a colleague by the domain of their address. A public
mail provider's domain says nothing about who someone works for, so it can
never be declared. The list of those providers lives here and nowhere else.
"""

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Exact domains of public (free or consumer) mail providers.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "outlook.fr",
        "hotmail.com",
        "hotmail.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "aol.fr",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "bbox.fr",
        "laposte.net",
        "web.de",
        "proton.me",
        "pm.me",
        "tutanota.com",
        "tuta.io",
        "mail.com",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "qq.com",
        "163.com",
    }
)

# Providers present under many country domains: yahoo.fr, yahoo.co.uk, gmx.de…
PUBLIC_MAIL_BRANDS = frozenset(
    {"yahoo", "gmx", "proton", "protonmail", "hotmail", "outlook", "live", "yandex"}
)

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")


# Checks that other apps register at start-up (``AppConfig.ready``) for domains
# that are theirs: the customers app reserves every customer's email domains.
# accounts sits below those apps and cannot import them.
_RESERVATIONS: dict[str, Callable[[str], bool]] = {}


def reserve_domains(name: str, is_reserved: Callable[[str], bool]) -> None:
    """Register ``is_reserved(domain)``: no supplier company may declare a domain it accepts."""
    _RESERVATIONS[name] = is_reserved


def is_reserved_domain(domain: str) -> bool:
    return any(is_reserved(domain) for is_reserved in _RESERVATIONS.values())


def normalize_domain(value: str) -> str:
    """The domain as stored: lower case, ASCII (punycode), no leading ``@`` or trailing dot."""
    domain = value.strip().lower().removeprefix("@").rstrip(".")
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def domain_of_email(email: str) -> str:
    return normalize_domain(email.rpartition("@")[2]) if "@" in email else ""


def is_public_mail_domain(domain: str) -> bool:
    domain = normalize_domain(domain)
    if domain in PUBLIC_MAIL_DOMAINS:
        return True
    brand, *suffix = domain.split(".")
    # yahoo.fr or yahoo.co.uk, but not yahoo.mycompany.example.
    return (
        brand in PUBLIC_MAIL_BRANDS
        and 1 <= len(suffix) <= 2
        and all(len(label) <= 4 for label in suffix)
    )


def validate_company_domain(value: str) -> None:
    """A real domain name that is not a public mail provider's."""
    domain = normalize_domain(value)
    if "/" in domain or ":" in domain or "@" in domain:
        raise ValidationError(
            _("Type only the domain of your addresses, such as %(example)s."),
            code="not_a_domain",
            params={"example": "acme.example"},
        )
    if len(domain) > 253 or not _DOMAIN.match(domain):
        raise ValidationError(
            _("“%(value)s” is not a domain name. Type it as in your addresses: acme.example."),
            code="not_a_domain",
            params={"value": value.strip()},
        )
    if is_public_mail_domain(domain):
        raise ValidationError(
            _(
                "%(domain)s is a public mail provider: anyone can have an address there, "
                "so it cannot identify your company."
            ),
            code="public_mail_domain",
            params={"domain": domain},
        )
