"""``{% team_changes event as changes %}``: an audit entry's changes about a team, in words
(the field's name, and each value as the pages say it)."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SupplierMember
from customers.models import CustomerMember

register = template.Library()

FIELD_LABELS = {
    "role": gettext_lazy("Role"),
    "manage_connections": gettext_lazy("Manages customer connections"),
    "customers": gettext_lazy("Customers"),
    "active": gettext_lazy("Active"),
}
ROLE_LABELS = {**dict(SupplierMember.Role.choices), **dict(CustomerMember.Role.choices)}


@register.simple_tag
def team_changes(event) -> list[tuple[str, str, str]]:
    return [
        (str(FIELD_LABELS.get(field, field)), _shown(field, before), _shown(field, after))
        for field, before, after in event.changes
    ]


def _shown(field: str, value) -> str:
    if value is None:
        return "—"
    if field == "role":
        return str(ROLE_LABELS.get(value, value))
    if field == "customers":
        return _("All customers") if value == "all" else ", ".join(value) or "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)
