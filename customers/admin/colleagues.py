"""The customer's staff in the customer admin site: colleagues, their roles, invitations.

Admins invite a colleague (an emailed link they accept: nobody joins a
customer's staff without accepting), change a colleague's role, remove them,
and send again or withdraw an invitation. Reviewers see the list. Every
change goes through ``customers.services.colleagues``.
"""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csp_portal.errors import DomainError
from customers.admin_site import CustomerScopedAdmin, customer_admin_site, member_customer
from customers.forms import CustomerRoleForm, InviteCustomerColleagueForm
from customers.models import CustomerMember, CustomerTeamInvitation
from customers.services import colleagues

CHANGELIST = "customer_admin:customers_customermember_changelist"


@admin.register(CustomerMember, site=customer_admin_site)
class CustomerColleagueAdmin(CustomerScopedAdmin):
    """The customer's staff; only its admins change it."""

    admins_only = True
    section_title = gettext_lazy("Team")
    section_help = gettext_lazy("The colleagues who look after your suppliers with you.")
    actions = None  # removing goes one by one, through the service (the last admin stays)
    list_display = ["colleague_email", "colleague_name", "role", "added_at"]
    ordering = ["user__email"]
    list_select_related = ["user"]
    change_list_template = "admin/customers/customermember/change_list.html"

    @admin.display(description=gettext_lazy("email address"), ordering="user__email")
    def colleague_email(self, obj: CustomerMember) -> str:
        return obj.user.email

    @admin.display(description=gettext_lazy("name"))
    def colleague_name(self, obj: CustomerMember) -> str:
        return obj.user.full_name

    def has_add_permission(self, request) -> bool:
        return self.may_change(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.may_change(request)

    def get_urls(self):
        return [
            path(
                "invitations/<id:invitation_id>/resend/",
                self.admin_site.admin_view(self.resend_view),
                name="customers_customermember_resend",
            ),
            path(
                "invitations/<id:invitation_id>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="customers_customermember_revoke",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        customer = member_customer(request)
        waiting = CustomerTeamInvitation.objects.none()
        if customer is not None:
            waiting = CustomerTeamInvitation.objects.filter(customer=customer).pending()
        extra = {
            **(extra_context or {}),
            "invitations": waiting.select_related("invited_by"),
            "may_change": self.may_change(request),
        }
        return super().changelist_view(request, extra_context=extra)

    def add_view(self, request, form_url="", extra_context=None):
        """Invite a colleague. The answer is the same whoever the address belongs to."""
        self.require_change(request)
        form = InviteCustomerColleagueForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                invitation = colleagues.invite_customer_colleague(
                    customer=member_customer(request), actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    _(
                        "Invitation sent to %(email)s. They join your staff when they follow "
                        "its link, which works once, until %(date)s."
                    )
                    % {"email": invitation.email, "date": _day(invitation.expires_at)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse(CHANGELIST))
        return self._page(request, "invite", _("Invite a colleague"), form=form)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A colleague: their role (admins change it) and removing them."""
        membership = self.get_object(request, object_id)
        form = CustomerRoleForm(request.POST or None, initial={"role": membership.role})
        if request.method == "POST":
            self.require_change(request)
            if form.is_valid():
                try:
                    colleagues.change_customer_role(
                        membership=membership, actor=request.user, role=form.cleaned_data["role"]
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(
                        request,
                        _("The role of %(name)s is saved.")
                        % {"name": membership.user.get_full_name()},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse(CHANGELIST))
        return self._page(
            request,
            "colleague",
            membership.user.get_full_name(),
            colleague=membership,
            form=form,
            is_self=membership.user_id == request.user.pk,
        )

    def delete_view(self, request, object_id, extra_context=None):
        """Remove a colleague from the staff, after a confirmation."""
        self.require_change(request)
        membership = self.get_object(request, object_id)
        if request.method == "POST":
            try:
                colleagues.remove_customer_colleague(membership=membership, actor=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(name)s is no longer on your staff.")
                    % {"name": membership.user.get_full_name()},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse(CHANGELIST))
        title = _("Remove %(name)s from the staff") % {"name": membership.user.get_full_name()}
        return self._page(request, "remove", title, colleague=membership)

    def resend_view(self, request, invitation_id: int):
        return self._invitation_action(
            request,
            invitation_id,
            colleagues.resend_customer_invitation,
            _("The invitation to %(email)s was sent again, with a new link."),
        )

    def revoke_view(self, request, invitation_id: int):
        return self._invitation_action(
            request,
            invitation_id,
            colleagues.revoke_customer_invitation,
            _("The invitation to %(email)s is withdrawn: its link no longer works."),
        )

    def _invitation_action(self, request, invitation_id: int, change, success: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.require_change(request)
        invitation = get_object_or_404(
            CustomerTeamInvitation.objects.filter(customer=member_customer(request)),
            pk=invitation_id,
        )
        try:
            change(invitation=invitation, actor=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, success % {"email": invitation.email}, messages.SUCCESS)
        return HttpResponseRedirect(reverse(CHANGELIST))

    def _page(self, request, name: str, title: str, **context) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "may_change": self.may_change(request),
            **context,
        }
        return TemplateResponse(request, f"admin/customers/customermember/{name}.html", context)


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")
