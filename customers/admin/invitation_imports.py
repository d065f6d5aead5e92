"""**Invite suppliers from a file** in the customer admin site.

Upload a spreadsheet (the add page), read its preview (each row with what
will happen), **Send**, then follow the progress line while a background
task sends the invitations. A template file to download. Every step goes
through ``customers.services.invitation_imports``.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from csp_portal.errors import DomainError
from csp_portal.ids import parse_id
from customers import invitation_csv
from customers.admin_site import CustomerScopedAdmin, customer_admin_site, member_customer
from customers.forms import InvitationImportForm
from customers.localized import reader_language
from customers.models import InvitationImport
from customers.selectors.invitation_imports import (
    ImportSummary,
    earlier_upload,
    import_rows,
    import_summary,
)
from customers.services.invitation_imports import preview_import, resume_sending, send_import

# A sending without progress for this long is offered to be continued.
STALLED_AFTER = timedelta(minutes=5)


@admin.register(InvitationImport, site=customer_admin_site)
class InvitationImportAdmin(CustomerScopedAdmin):
    """Files of suppliers to invite: upload, preview, send, follow."""

    section_title = gettext_lazy("Invitations from files")
    list_display = ["file_name", "uploaded_at", "uploaded_by", "status"]
    list_select_related = ["uploaded_by"]
    ordering = ["-uploaded_at", "-pk"]
    change_list_template = "admin/customers/invitationimport/change_list.html"

    def has_module_permission(self, request) -> bool:
        return False  # reached from Invitations

    def has_add_permission(self, request) -> bool:
        return member_customer(request) is not None

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a file is previewed and sent, never edited

    def get_urls(self):
        return [
            path(
                "template.csv",
                self.admin_site.admin_view(require_GET(self.template_view)),
                name="customers_invitationimport_template",
            ),
            path(
                "<path:object_id>/send/",
                self.admin_site.admin_view(require_POST(self.send_view)),
                name="customers_invitationimport_send",
            ),
            path(
                "<path:object_id>/progress/",
                self.admin_site.admin_view(require_GET(self.progress_view)),
                name="customers_invitationimport_progress",
            ),
            *super().get_urls(),
        ]

    # --- upload and preview --------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        customer = member_customer(request)
        if customer is None or not self.has_add_permission(request):
            raise PermissionDenied
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        form = InvitationImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                invitation_import = preview_import(
                    customer=customer,
                    uploaded_by=request.user,
                    file_name=uploaded.name,
                    content=uploaded.read(),
                    language=reader_language(get_language()),
                )
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                return HttpResponseRedirect(_detail_url(invitation_import))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite suppliers from a file"),
            "form": form,
            "opts": self.opts,
            "template_url": reverse("customer_admin:customers_invitationimport_template"),
            "max_rows": invitation_csv.MAX_ROWS,
            "max_rows_shown": number_format(invitation_csv.MAX_ROWS, force_grouping=True),
        }
        return TemplateResponse(request, "admin/customers/invitationimport/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The preview before Send; the progress line while sending; the outcome after."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        invitation_import = self.get_object(request, object_id)
        summary = import_summary(invitation_import)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite suppliers from a file"),
            "opts": self.opts,
            "invitation_import": invitation_import,
            "rows": import_rows(invitation_import),
            "summary": summary,
            "progress_text": progress_text(invitation_import, summary),
            "earlier": earlier_upload(invitation_import),
            "stalled": _stalled(invitation_import, summary),
            "send_url": _action_url("send", invitation_import),
            "progress_url": _action_url("progress", invitation_import),
        }
        return TemplateResponse(request, "admin/customers/invitationimport/detail.html", context)

    # --- send and follow --------------------------------------------------------------

    def send_view(self, request, object_id):
        """Send the new invitations and the ticked ones; or continue a stalled sending."""
        invitation_import = self.get_object(request, object_id)
        try:
            if invitation_import.is_sending:
                resume_sending(invitation_import=invitation_import)
            else:
                invitation_import = send_import(
                    invitation_import=invitation_import,
                    actor=request.user,
                    resend_lines=_lines(request.POST.getlist("resend")),
                )
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
        return HttpResponseRedirect(_detail_url(invitation_import))

    def progress_view(self, request, object_id):
        """The progress line, for the page to refresh while sending (JSON)."""
        invitation_import = self.get_object(request, object_id)
        summary = import_summary(invitation_import)
        return JsonResponse(
            {
                "status": invitation_import.status,
                "done": summary.done,
                "total": summary.to_send,
                "text": progress_text(invitation_import, summary),
            }
        )

    def template_view(self, request):
        """The file to fill in, in the page's language (French: semicolons, as Excel there)."""
        french = reader_language(get_language()) == "fr"
        response = HttpResponse(
            invitation_csv.template_csv(french=french), content_type="text/csv; charset=utf-8"
        )
        name = "fournisseurs-a-inviter.csv" if french else "suppliers-to-invite.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def progress_text(invitation_import: InvitationImport, summary: ImportSummary) -> str:
    """One line saying how far the sending is, or how it ended."""
    if invitation_import.is_preview:
        return ""
    if invitation_import.is_sending:
        return ngettext(
            "Sending: %(done)s of %(total)s invitation done.",
            "Sending: %(done)s of %(total)s invitations done.",
            summary.to_send,
        ) % {"done": summary.done, "total": summary.to_send}
    parts = [
        ngettext("%(count)s invitation sent", "%(count)s invitations sent", summary.sent)
        % {"count": summary.sent}
    ]
    if summary.resent:
        parts.append(
            ngettext("%(count)s sent again", "%(count)s sent again", summary.resent)
            % {"count": summary.resent}
        )
    if summary.refused:
        parts.append(
            ngettext("%(count)s not sent", "%(count)s not sent", summary.refused)
            % {"count": summary.refused}
        )
    return _("Done: %(parts)s.") % {"parts": ", ".join(parts)}


def _stalled(invitation_import: InvitationImport, summary: ImportSummary) -> bool:
    if not invitation_import.is_sending or not summary.queued:
        return False
    last = summary.last_done_at or invitation_import.sending_started_at
    return last is not None and timezone.now() - last > STALLED_AFTER


def _lines(values: list[str]) -> set[int]:
    """Row numbers ticked to be sent again (anything else is ignored)."""
    return {line for line in map(parse_id, values) if line is not None}


def _detail_url(invitation_import: InvitationImport) -> str:
    return reverse("customer_admin:customers_invitationimport_change", args=[invitation_import.pk])


def _action_url(action: str, invitation_import: InvitationImport) -> str:
    return reverse(
        f"customer_admin:customers_invitationimport_{action}", args=[invitation_import.pk]
    )
