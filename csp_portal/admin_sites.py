"""What both admin sites share: bad input on a list gets a message on the list, not a 500.

Django's admin filters ``pk__in`` with whatever ``_selected_action`` values
were posted, and passes the address's filters and search to the database:
``abc``, a NUL or 25 digits in a selection, a NUL in a filter or a search
(PostgreSQL refuses it in text), a search of 50,000 characters (past SQLite's
LIKE limit), a year of 20 digits in the date hierarchy, 25 digits among the
rows a form's field chooses (SQLite again) all failed (a 500). ``ListInputSite`` gives every
``ModelAdmin`` registered on it — ours and those of third-party apps alike —
``ListInputAdmin``, which answers each with a message on the list instead.
The operator's site (``admin.site``) is an ``OperatorAdminSite``
(``csp_portal.apps``); the customer admin site derives from ``ListInputSite``.
A bottom-layer module: it imports no app.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from csp_portal.ids import parse_pk

# Longer searches find nothing anyway.
MAX_SEARCH_LENGTH = 200


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id: a value that names no row is the field's message.

    Django checks each value alone, but then filters ``pk__in`` with all of
    them: 25 digits reach SQLite (an ``OverflowError``) first.
    """

    def _check_values(self, value):
        if self.to_field_name is None and isinstance(value, list | tuple):
            for pk in value:
                if parse_pk(self.queryset.model, str(pk)) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class ListInputAdmin(admin.ModelAdmin):
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdsChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if self._unusable_address(request):
            self.message_user(
                request,
                _(
                    "This list cannot use the filter or search in its address: here is the whole list."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        return super().changelist_view(request, extra_context)

    def _unusable_address(self, request) -> bool:
        """A NUL anywhere, or a date of the date hierarchy that is no date: Django reads a
        year of 20 digits into ``datetime``, and a year 1 or 9999 past its limits once in
        the time zone or a year later, and only expects a ``ValueError``."""
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            return True
        if not self.date_hierarchy:
            return False
        parts = {"year": r"[1-9][0-9]{3}", "month": r"[0-9]{1,2}", "day": r"[0-9]{1,2}"}
        return any(
            not re.fullmatch(regex, value) or (part == "year" and value == "9999")
            for part, regex in parts.items()
            for value in request.GET.getlist(f"{self.date_hierarchy}__{part}")
        )

    def get_search_results(self, request, queryset, search_term):
        if len(search_term) > MAX_SEARCH_LENGTH:
            self.message_user(
                request,
                ngettext(
                    "Search for at most %(count)d character.",
                    "Search for at most %(count)d characters.",
                    MAX_SEARCH_LENGTH,
                )
                % {"count": MAX_SEARCH_LENGTH},
                messages.ERROR,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request, queryset, *args, **kwargs):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(parse_pk(self.model, value) is None for value in selected):
            self.message_user(
                request,
                _("The selection is not valid: tick the rows again, then choose the action."),
                messages.ERROR,
            )
            return None  # the list again, with the message
        return super().response_action(request, queryset, *args, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """What an admin may read but not change there: its pages and services made it."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ListInputSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ListInputAdmin):
            admin_class = type(
                admin_class.__name__,
                (ListInputAdmin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)


class OperatorAdminSite(ListInputSite):
    """The operator's site, ``/admin/`` (``csp_portal/admin.py`` sets its login and access)."""
