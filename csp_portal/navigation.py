"""The entries of the header's Setup menu (and of the /setup/ page).

An entry appears when its page exists and the user may open it; each app
that adds a Setup page adds its entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.access import load_memberships


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    # (user, their active supplier membership or None) → shown?
    visible: Callable[[object, object], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _signed_in(user, membership) -> bool:
    return user.is_authenticated


def _supplier(user, membership) -> bool:
    return membership is not None


def _supplier_admin(user, membership) -> bool:
    return membership is not None and membership.is_admin


def _customer_staff(user, membership) -> bool:
    return _related(user, "customer_membership") is not None


SETUP_MENU: list[MenuEntry] = [
    MenuEntry(_("Customer Setup"), "customers:setup", _supplier),
    MenuEntry(_("Connection Requests"), "connections:requests", _supplier),
    MenuEntry(_("Account security"), "account_change_password", _signed_in),
    MenuEntry(_("Company profile"), "accounts:company", _supplier),
    MenuEntry(_("Customer administration"), "customer_admin:index", _customer_staff),
    MenuEntry(_("Team"), "customers:team", _supplier_admin),
    MenuEntry(_("Your account"), "my_account", _signed_in),
]


def setup_entries(user) -> list[MenuEntry]:
    membership = _related(user, "supplier_membership") if user.is_authenticated else None
    if membership is not None and membership.is_deactivated:
        membership = None
    return [entry for entry in SETUP_MENU if entry.visible(user, membership)]


def site(request) -> dict:
    """Template context processor: ``site_name``, the product name (``SITE_NAME``)."""
    return {"site_name": settings.SITE_NAME}


def setup_menu(request) -> dict:
    """Template context processor: ``setup_menu`` for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"setup_menu": []}
    _load_memberships(user)
    return {"setup_menu": setup_entries(user)}


_MEMBERSHIPS = ("supplier_membership", "customer_membership")


def _related(user, name: str):
    """The user's membership of that side, or None (read once; cached on the user)."""
    try:
        return getattr(user, name)
    except ObjectDoesNotExist:
        return None


def _load_memberships(user) -> None:
    """Both sides' memberships in one query, cached on the user for the entries' checks
    (a supplier page or the customer admin site has read them already)."""
    relations = [user._meta.get_field(name) for name in _MEMBERSHIPS]
    if not all(relation.is_cached(user) for relation in relations):
        load_memberships(user)
