"""The operator's admin site (/admin/): superusers only, through the portal's login."""

from allauth.account.decorators import secure_admin_login
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from csp_portal.outbox import delivery
from csp_portal.outbox.models import OutboxMessage

admin.site.site_header = admin.site.site_title = format_lazy(
    _("{site} operator"), site=settings.SITE_NAME
)
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipients", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to", "provider_message_id"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    @admin.display(description=_("to"))
    def recipients(self, obj: OutboxMessage) -> str:
        return ", ".join(obj.to)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the selected emails again now"))
    def retry_now(self, request, queryset) -> None:
        sent = 0
        for outbox_id in queryset.exclude(status=OutboxMessage.Status.SENT).values_list(
            "pk", flat=True
        ):
            result = delivery.send_again(outbox_id)
            sent += bool(result and result.status == OutboxMessage.Status.SENT)
        self.message_user(
            request,
            ngettext("%(count)d email sent.", "%(count)d emails sent.", sent) % {"count": sent},
            messages.SUCCESS,
        )


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """Read-only, without its secret: a user's second factor changes on their own pages.

    (Edited by hand, an authenticator whose type no longer matches its data broke
    every page that names it.) Deleting one lets its user log in with the
    password alone and set up two-factor authentication again.
    """

    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
