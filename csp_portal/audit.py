"""The shape of an audit log entry: who changed what, when, before → after.

Abstract: each side keeps its own log (``accounts.SupplierAuditEvent`` for a
supplier company, ``customers.CustomerAuditEvent`` for a customer), shown to
that side's admins and to the operator. A bottom-layer module: it imports no app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change. ``action`` is a stable code (``"profile.changed"``, ``"team.role"``…);
    ``message`` an English sentence marked with ``gettext_noop``, shown translated with
    ``params``; ``before`` and ``after`` hold only the values that changed."""

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=50)
    message = models.CharField(_("what happened"), max_length=300)
    params = models.JSONField(_("details"), default=dict, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        params = self.params
        if params.get("former_user"):  # the person deleted their account since
            params = {**params, "name": gettext("Former user")}
        try:
            return gettext(self.message) % params
        except (KeyError, TypeError, ValueError):
            return gettext(self.message)

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each value that changed, in the order recorded."""
        keys = list(dict.fromkeys([*self.before, *self.after]))
        return [(key, self.before.get(key), self.after.get(key)) for key in keys]


def changed_values(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose value differs, from each side (JSON-ready values as given)."""
    keys = [key for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)]
    return (
        {key: before[key] for key in keys if key in before},
        {key: after[key] for key in keys if key in after},
    )
