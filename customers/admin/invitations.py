"""Invitations in the customer admin site (invite, status with dates, resend, revoke),
and read-only in the operator's site.

Every action goes through ``customers.services.invitations``, like the pages.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _

from csp_portal.errors import DomainError
from customers.admin_site import (
    CustomerScopedAdmin,
    TodoFilter,
    TodoLine,
    customer_admin_site,
    expiring_label,
    member_customer,
)
from customers.forms import InvitationForm
from customers.models import EXPIRING_SOON_DAYS, Invitation, InvitationStatus
from customers.selectors import workspace
from customers.services import invitations


class InvitationDisplayMixin:
    """Columns shared by both admin sites."""

    @admin.display(description=gettext_lazy("company"))
    def company(self, obj: Invitation) -> str:
        supplier = obj.accepted_supplier or obj.invited_supplier
        return supplier.name if supplier else obj.company_name

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_with_date(self, obj: Invitation) -> str:
        moment = _status_moment(obj)
        badge = format_html(
            '<span class="badge badge-{}">{}</span>', obj.badge_tone, obj.get_shown_status_display()
        )
        if moment is None:
            return badge
        return format_html("{} {}", badge, _short(moment))

    @admin.display(description=gettext_lazy("delivery"))
    def delivery(self, obj: Invitation) -> str:
        if obj.is_bounced:
            return format_html(
                '<span class="badge badge-danger">{}</span> {}<br><strong>{}</strong>',
                pgettext("invitation", "Bounced"),
                _short(obj.bounced_at),
                _("Check the address"),
            )
        if obj.complained_at:
            return format_html(
                '<span class="badge badge-warn">{}</span> {}',
                pgettext("invitation", "Marked as spam"),
                _short(obj.complained_at),
            )
        if obj.delivered_at:
            return format_html(
                '<span class="badge badge-ok">{}</span> {}',
                pgettext("invitation", "Delivered"),
                _short(obj.delivered_at),
            )
        return "—"

    @admin.display(description=gettext_lazy("sent"), ordering="sent_at")
    def sent(self, obj: Invitation) -> str:
        if obj.send_count > 1:
            return ngettext(
                "%(date)s (sent %(count)s time)", "%(date)s (sent %(count)s times)", obj.send_count
            ) % {
                "date": _short(obj.sent_at),
                "count": obj.send_count,
            }
        return _short(obj.sent_at)

    @admin.display(description=gettext_lazy("link opened"), ordering="opened_at")
    def opened(self, obj: Invitation) -> str:
        return _short(obj.opened_at) if obj.opened_at else "—"


class InvitationTodoFilter(TodoFilter):
    def todo_choices(self):
        return [
            ("bounced", pgettext("invitation", "Bounced"), "bounced"),
            ("expiring", expiring_label(), "expiring_soon"),
        ]


@admin.register(Invitation, site=customer_admin_site)
class CustomerInvitationAdmin(InvitationDisplayMixin, CustomerScopedAdmin):
    """The customer's invitations: invite a supplier, follow each one, resend or revoke."""

    section_help = gettext_lazy("Invite suppliers by email, and follow each invitation.")
    list_display = ["email", "company", "status_with_date", "sent", "delivery", "opened"]
    list_filter = [InvitationTodoFilter, "status"]
    search_fields = ["email", "company_name", "contact_name"]
    list_select_related = ["customer", "accepted_supplier", "invited_supplier"]
    ordering = ["-sent_at", "-pk"]
    actions = ["resend_selected", "revoke_selected"]
    change_list_template = "admin/customers/invitation/change_list.html"
    change_form_template = "admin/customers/invitation/change_form.html"
    fields = [
        "email",
        "contact_name",
        "company_name",
        "language",
        "message",
        "invited_by",
        "expires_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return member_customer(request) is not None

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # read-only page; resend and revoke are explicit actions

    def section_links(self, request) -> list[tuple[str, str]]:
        return [
            (_("Invite a supplier"), reverse("customer_admin:customers_invitation_add")),
            (
                _("Invite suppliers from a file"),
                reverse("customer_admin:customers_invitationimport_add"),
            ),
        ]

    def todo_lines(self, customer, *, now) -> list[TodoLine]:
        """Invitations that bounced, and those about to expire unanswered."""
        counts = workspace.invitations_in_trouble(customer, now=now)
        changelist = reverse("customer_admin:customers_invitation_changelist")
        return [
            TodoLine(
                key="invitations-bounced",
                count=counts.bounced,
                url=f"{changelist}?todo=bounced",
                describe=_describe_bounced,
                position=30,
            ),
            TodoLine(
                key="invitations-expiring",
                count=counts.expiring_soon,
                url=f"{changelist}?todo=expiring",
                describe=_describe_expiring,
                position=50,
            ),
        ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/resend/",
                self.admin_site.admin_view(self.resend_view),
                name="customers_invitation_resend",
            ),
            path(
                "<path:object_id>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="customers_invitation_revoke",
            ),
            *super().get_urls(),
        ]

    # --- invite ---------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        customer = member_customer(request)
        if customer is None or not self.has_add_permission(request):
            raise PermissionDenied
        form = InvitationForm(request.POST or None, initial={"language": get_language()})
        pending = None
        if request.method == "POST" and form.is_valid():
            try:
                invitation = invitations.send_invitation(
                    customer=customer, invited_by=request.user, **form.cleaned_data
                )
            except (invitations.InvitationAlreadyPending, invitations.SupplierAlreadyInvited) as e:
                form.add_error(None, e.message)
                pending = e.invitation
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": invitation.email},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(invitation))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a supplier"),
            "form": form,
            "pending": pending,
            "pending_resend_url": self._action_url("resend", pending) if pending else "",
            "pending_url": self._change_url(pending) if pending else "",
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/customers/invitation/invite.html", context)

    # --- the page of one invitation -------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        invitation = self.get_object(request, object_id)
        extra = {
            **(extra_context or {}),
            "history": _history(invitation),
            "resend_url": self._action_url("resend", invitation) if invitation.can_resend else "",
            "revoke_url": self._action_url("revoke", invitation) if invitation.can_revoke else "",
        }
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def resend_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        invitation = self.get_object(request, object_id)
        try:
            invitation = invitations.resend_invitation(invitation=invitation, actor=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("A new link was sent to %(email)s; the previous link no longer works.")
                % {"email": invitation.email},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(invitation))

    def revoke_view(self, request, object_id):
        invitation = self.get_object(request, object_id)
        if request.method == "POST":
            try:
                invitations.revoke_invitation(invitation=invitation, actor=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The invitation to %(email)s is revoked; its link no longer works.")
                    % {"email": invitation.email},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._change_url(invitation))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke the invitation to %(email)s?") % {"email": invitation.email},
            "invitations": [invitation],
            "opts": self.opts,
            "cancel_url": self._change_url(invitation),
        }
        return TemplateResponse(request, "admin/customers/invitation/revoke.html", context)

    # --- actions on the list ----------------------------------------------------

    @admin.action(description=gettext_lazy("Resend the selected invitations with a new link"))
    def resend_selected(self, request, queryset) -> None:
        sent, refused = 0, []
        for invitation in queryset:
            try:
                invitations.resend_invitation(invitation=invitation, actor=request.user)
            except DomainError as error:
                refused.append(error.message)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation sent again with a new link.",
                    "%(count)d invitations sent again with a new link.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=gettext_lazy("Revoke the selected invitations"))
    def revoke_selected(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Revoke these invitations?"),
                "invitations": list(queryset),
                "opts": self.opts,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "cancel_url": reverse("customer_admin:customers_invitation_changelist"),
                "selected_action": True,
            }
            return TemplateResponse(request, "admin/customers/invitation/revoke.html", context)
        revoked, refused = 0, []
        for invitation in queryset:
            try:
                invitations.revoke_invitation(invitation=invitation, actor=request.user)
            except DomainError as error:
                refused.append(error.message)
            else:
                revoked += 1
        if revoked:
            self.message_user(
                request,
                ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.", revoked)
                % {"count": revoked},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)
        return None

    # --- helpers ------------------------------------------------------------------

    def _change_url(self, invitation: Invitation) -> str:
        return reverse("customer_admin:customers_invitation_change", args=[invitation.pk])

    def _action_url(self, action: str, invitation: Invitation) -> str:
        return reverse(f"customer_admin:customers_invitation_{action}", args=[invitation.pk])


def _describe_bounced(line: TodoLine) -> str:
    return ngettext(
        "invitation bounced: check the address",
        "invitations bounced: check the addresses",
        line.count,
    )


def _describe_expiring(line: TodoLine) -> str:
    return ngettext(
        "invitation expires within %(days)d days without an answer",
        "invitations expire within %(days)d days without an answer",
        line.count,
    ) % {"days": EXPIRING_SOON_DAYS}


def _history(invitation: Invitation) -> list[tuple[str, object, str]]:
    """Each dated step of the invitation, in order: (what, when, detail)."""
    steps = [
        (pgettext("invitation", "Sent"), invitation.sent_at, ""),
        (pgettext("invitation", "Delivered"), invitation.delivered_at, ""),
        (pgettext("invitation", "Bounced"), invitation.bounced_at, invitation.bounce_reason),
        (pgettext("invitation", "Marked as spam"), invitation.complained_at, ""),
        (pgettext("invitation", "Link opened"), invitation.opened_at, ""),
        (pgettext("invitation", "Accepted"), invitation.accepted_at, _accepted_detail(invitation)),
        (pgettext("invitation", "Declined"), invitation.declined_at, ""),
        (pgettext("invitation", "Expired"), invitation.expired_at, ""),
        (pgettext("invitation", "New link asked for"), invitation.new_link_requested_at, ""),
        (pgettext("invitation", "Revoked"), invitation.revoked_at, ""),
    ]
    return sorted(
        [(label, when, detail) for label, when, detail in steps if when], key=lambda s: s[1]
    )


def _accepted_detail(invitation: Invitation) -> str:
    if invitation.accepted_supplier is None:
        return ""
    detail = _("by %(company)s") % {"company": invitation.accepted_supplier.name}
    if invitation.accepted_with_email:
        detail += " — " + _("with another address, %(email)s") % {
            "email": invitation.accepted_with_email
        }
    return detail


def _status_moment(invitation: Invitation):
    status = invitation.shown_status
    if status == InvitationStatus.PENDING:
        return None
    if status == InvitationStatus.EXPIRED:
        return invitation.expired_at or invitation.expires_at
    return getattr(invitation, f"{status}_at")


def _short(moment) -> str:
    return date_format(timezone.localtime(moment)) if moment else ""
