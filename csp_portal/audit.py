"""The shape of an audit log entry: who changed what, when, before → after.

Abstract: each side keeps its own log (``accounts.SupplierAuditEvent`` for a
supplier company, ``customers.CustomerAuditEvent`` for a customer), shown to
that side's admins and to the operator. A bottom-layer module: it imports no app.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EMPTY = "—"


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

    # The model whose fields ``before``/``after`` name, for their labels (set by each side).
    changed_model: type[models.Model] | None = None

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

    @property
    def displayed_changes(self) -> list[tuple[str, str, str]]:
        """(label, before, after) as a person reads them, whatever wrote the entry.

        A key that is a field of ``changed_model`` shows the field's name and its
        choices' labels (a country's name); any other key shows as written.
        """
        rows = []
        # JSON keys come back in the database's order (PostgreSQL sorts them):
        # the model's fields in their order first, then the others by name.
        order = (
            [field.name for field in self.changed_model._meta.fields] if self.changed_model else []
        )
        ranked = sorted(
            self.changes,
            key=lambda change: (
                (order.index(change[0]), "") if change[0] in order else (len(order), change[0])
            ),
        )
        for key, before, after in ranked:
            field = _field(self.changed_model, key)
            label = capfirst(field.verbose_name) if field else capfirst(key.replace("_", " "))
            rows.append((str(label), display_value(before, field), display_value(after, field)))
        return rows


class AuditEventDisplay:
    """Columns of an audit log in an admin site (the operator's, the customer's).

    ``owner`` names whose log an entry is (``"supplier"``, ``"customer"``) where
    a list mixes several: the operator's.
    """

    owner: str | None = None
    list_display_links = None

    def get_list_display(self, request) -> list[str]:
        return ["created_at", *([self.owner] if self.owner else []), "who", "what", "before_after"]

    def get_list_select_related(self, request) -> list[str]:
        return ["actor", *([self.owner] if self.owner else [])]

    def get_list_filter(self, request) -> list[str]:
        return ["action"] if self.owner else []

    def get_search_fields(self, request) -> list[str]:
        return [f"{self.owner}__name", "actor__email"] if self.owner else []

    @admin.display(description=_("who"), ordering="actor__email")
    def who(self, obj: AuditEvent) -> str:
        return obj.actor.get_full_name() if obj.actor else EMPTY

    @admin.display(description=_("what happened"))
    def what(self, obj: AuditEvent) -> str:
        return obj.description

    @admin.display(description=_("before → after"))
    def before_after(self, obj: AuditEvent) -> str:
        return render_to_string("audit/_changes.html", {"event": obj})

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def display_value(value, field=None) -> str:
    """A JSON value of an audit entry, for a page: yes/no, lists, choice labels, a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    if isinstance(value, list):
        return ", ".join(display_value(item, field) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {display_value(item)}" for key, item in value.items())
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


def _field(model: type[models.Model] | None, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_values(obj: models.Model, fields) -> dict:
    """The named fields of ``obj`` as JSON values, for ``before`` or ``after``."""
    return {name: _json_value(getattr(obj, name)) for name in fields}


def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    code = getattr(value, "code", None)  # django-countries' Country
    if code is not None:
        return code or ""
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    return str(value)


def changed_values(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose value differs, from each side (JSON-ready values as given)."""
    keys = [key for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)]
    return (
        {key: before[key] for key in keys if key in before},
        {key: after[key] for key in keys if key in after},
    )


def record_change[Event: AuditEvent](
    event_model: type[Event],
    *,
    actor,
    action: str,
    message: str,
    params: dict | None = None,
    before: dict | None = None,
    after: dict | None = None,
    **owner,
) -> Event | None:
    """Write one entry of ``event_model``'s log for ``owner`` (``supplier=…`` or
    ``customer=…``), in the caller's transaction.

    ``message`` is marked with ``gettext_noop``; ``before``/``after`` are the
    values as JSON, and only the ones that differ are kept. Nothing changed
    (both given and equal): no entry, ``None``.
    """
    before, after = before or {}, after or {}
    if before or after:
        before, after = changed_values(before, after)
        if not before and not after:
            return None
    return event_model.objects.create(
        **owner,
        actor=actor,
        action=action,
        message=message,
        params=params or {},
        before=before,
        after=after,
    )
