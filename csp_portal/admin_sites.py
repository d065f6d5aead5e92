"""What both admin sites share: a bulk action only ever runs on a selection of real ids.

Django's admin filters ``pk__in`` with whatever ``_selected_action`` values
were posted; ``abc``, a NUL or 25 digits then fail inside the database (a
500). ``ValidSelectionSite`` gives every ``ModelAdmin`` registered on it —
ours and those of third-party apps alike — ``ValidSelectionAdmin``, which
answers such a selection with a message on the list instead. The operator's
site (``admin.site``) is an ``OperatorAdminSite`` (``csp_portal.apps``); the
customer admin site derives from ``ValidSelectionSite`` too.
A bottom-layer module: it imports no app.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.utils.translation import gettext as _

from csp_portal.ids import parse_pk


class ValidSelectionAdmin(admin.ModelAdmin):
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


class ValidSelectionSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ValidSelectionAdmin):
            admin_class = type(
                admin_class.__name__,
                (ValidSelectionAdmin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)


class OperatorAdminSite(ValidSelectionSite):
    """The operator's site, ``/admin/`` (``csp_portal/admin.py`` sets its login and access)."""
