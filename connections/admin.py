"""Connection requests in both admin sites.

In the customer admin site (/customer-admin/) a customer's staff list their
requests, open one (the supplier's public profile, the Customer Contact, the
terms version accepted, the timeline) and Accept or Reject it, one by one or
in bulk. Every answer goes through ``connections.services``. The operator's
site (/admin/) shows every request, read-only.
"""

from django.contrib import admin, messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from connections import selectors, services
from connections.forms import RejectRequestForm
from connections.models import ConnectionRequest
from csp_portal.admin_sites import ReadOnlyAdmin
from csp_portal.errors import DomainError
from customers.admin_site import (
    CustomerScopedAdmin,
    TodoFilter,
    TodoLine,
    customer_admin_site,
    expiring_label,
)
from customers.models import EXPIRING_SOON_DAYS
from customers.selectors import seen_by_customer

# "(read in English)": the language of the text the supplier was shown.
IN_LANGUAGE_READ = {"en": gettext_lazy("read in English"), "fr": gettext_lazy("read in French")}

READ_ONLY_FIELDS = [
    "supplier",
    "contact_email",
    "requested_by",
    "requested_at",
    "terms_accepted",
    "status",
    "expires_at",
    "reminded_at",
    "decided_by",
    "decided_at",
    "rejection_reason",
]


class ConnectionRequestDisplayMixin:
    @admin.display(description=gettext_lazy("supplier"), ordering="supplier__name")
    def supplier_name(self, obj: ConnectionRequest) -> str:
        return obj.supplier.name

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, obj: ConnectionRequest) -> str:
        return format_html(
            '<span class="badge badge-{}">{}</span>', obj.badge_tone, obj.get_status_display()
        )

    @admin.display(description=gettext_lazy("terms accepted"))
    def terms_accepted(self, obj: ConnectionRequest) -> str:
        """The version accepted, in the language read; in the customer's site, a link to its text."""
        if not obj.terms_version:
            return _("None: no terms were written")
        label = _("Version %(version)s") % {"version": obj.terms_version}
        if obj.terms_language:
            label += " (" + str(IN_LANGUAGE_READ[obj.terms_language]) + ")"
        if self.admin_site.name != customer_admin_site.name or obj.terms_id is None:
            return label
        return format_html(
            '{} — <a href="{}">{}</a>',
            label,
            reverse("customer_admin:connections_connectionrequest_terms", args=[obj.pk]),
            _("read the text accepted"),
        )

    @admin.display(description=gettext_lazy("expires"), ordering="expires_at")
    def expiry(self, obj: ConnectionRequest):
        """Only a pending request expires; the others show the empty value."""
        return obj.expires_at if obj.is_pending else None


# --- the customer admin site ----------------------------------------------


class RequestTodoFilter(TodoFilter):
    def todo_choices(self):
        return [
            ("waiting", _("Waiting for your answer"), "waiting_for_answer"),
            ("expiring", expiring_label(), "expiring_soon"),
        ]


@admin.register(ConnectionRequest, site=customer_admin_site)
class CustomerConnectionRequestAdmin(ConnectionRequestDisplayMixin, CustomerScopedAdmin):
    """The customer's connection requests: newest first, filterable by status; answer them."""

    section_help = gettext_lazy(
        "Suppliers who ask to connect with you: accept or reject each request."
    )
    list_display = ["supplier_name", "contact_email", "requested_at", "status_badge", "expiry"]
    list_filter = [RequestTodoFilter, "status"]
    search_fields = ["supplier__name", "contact_email"]
    list_select_related = ["supplier", "customer"]  # both named by each row's checkbox label
    ordering = ["-requested_at", "-pk"]
    readonly_fields = READ_ONLY_FIELDS
    change_form_template = "admin/connections/connectionrequest/change_form.html"
    actions = ["accept_selected", "reject_selected"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a read-only page; the answers are the explicit actions below

    def todo_lines(self, customer, *, now) -> list[TodoLine]:
        """Requests to answer (with the first deadline), and those about to expire."""
        counts = selectors.waiting_requests(customer, now=now)
        changelist = reverse(CHANGELIST)
        return [
            TodoLine(
                key="requests",
                count=counts.waiting,
                url=f"{changelist}?todo=waiting",
                deadline=counts.first_deadline,
                describe=_describe_waiting,
                position=10,
            ),
            TodoLine(
                key="requests-expiring",
                count=counts.expiring_soon,
                url=f"{changelist}?todo=expiring",
                describe=_describe_expiring,
                position=40,
            ),
        ]

    def get_fields(self, request, obj=None):
        """What the request says, then how it ended: no empty rows for what did not happen."""
        if obj is None:
            return READ_ONLY_FIELDS
        fields = ["supplier", "contact_email", "requested_by", "requested_at", "terms_accepted"]
        fields += ["status", "expires_at"] if obj.is_pending else ["status", "decided_at"]
        if obj.reminded_at:
            fields.append("reminded_at")
        if obj.decided_by_id:
            fields.append("decided_by")
        if obj.rejection_reason:
            fields.append("rejection_reason")
        return fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("supplier", "customer", "requested_by", "decided_by", "terms")
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="connections_connectionrequest_accept",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="connections_connectionrequest_reject",
            ),
            path(
                "<path:object_id>/terms/",
                self.admin_site.admin_view(require_GET(self.terms_view)),
                name="connections_connectionrequest_terms",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        connection_request = self.get_object(request, object_id)
        extra = {**(extra_context or {})}
        extra["timeline"] = selectors.request_timeline(connection_request)
        extra["seen"] = seen_by_customer.pair_seen_by_customer(
            supplier=connection_request.supplier, customer=connection_request.customer
        )
        extra["accept_url"] = reverse(
            "customer_admin:connections_connectionrequest_accept", args=[connection_request.pk]
        )
        extra["reject_url"] = reverse(
            "customer_admin:connections_connectionrequest_reject", args=[connection_request.pk]
        )
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def accept_view(self, request, object_id):
        connection_request = self.get_object(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            services.accept_request(connection_request=connection_request, actor=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("You accepted the connection request of %(supplier)s; they have been told.")
                % {"supplier": connection_request.supplier.name},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(connection_request))

    def reject_view(self, request, object_id):
        connection_request = self.get_object(request, object_id)
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        form = RejectRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reject_request(
                    connection_request=connection_request,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("You rejected the connection request of %(supplier)s; they have been told.")
                    % {"supplier": connection_request.supplier.name},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._change_url(connection_request))
        return self._reject_page(request, form, [connection_request])

    def terms_view(self, request, object_id):
        """The exact text of the terms this request accepted, the language read first."""
        connection_request = self.get_object(request, object_id)
        terms = connection_request.terms
        texts = terms.written_texts() if terms else []
        texts.sort(key=lambda text: text.language != connection_request.terms_language)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Connection terms accepted by %(supplier)s")
            % {"supplier": connection_request.supplier.name},
            "opts": self.opts,
            "connection_request": connection_request,
            "terms": terms,
            "texts": texts,
        }
        return TemplateResponse(request, "admin/connections/connectionrequest/terms.html", context)

    # --- bulk actions ------------------------------------------------------

    @admin.action(description=gettext_lazy("Accept selected requests"))
    def accept_selected(self, request, queryset) -> None:
        self._answer_each(
            request,
            queryset,
            lambda connection_request: services.accept_request(
                connection_request=connection_request, actor=request.user
            ),
            done=lambda count: ngettext(
                "Accepted %(count)d request; the supplier has been told.",
                "Accepted %(count)d requests; each supplier has been told.",
                count,
            ),
        )

    @admin.action(description=gettext_lazy("Reject selected requests"))
    def reject_selected(self, request, queryset):
        form = RejectRequestForm(request.POST if request.POST.get("confirmed") else None)
        if not form.is_valid():
            return self._reject_page(request, form, list(queryset.order_by("-requested_at")))
        reason = form.cleaned_data["reason"]
        self._answer_each(
            request,
            queryset,
            lambda connection_request: services.reject_request(
                connection_request=connection_request, actor=request.user, reason=reason
            ),
            done=lambda count: ngettext(
                "Rejected %(count)d request; the supplier has been told.",
                "Rejected %(count)d requests; each supplier has been told.",
                count,
            ),
        )
        return None

    # --- helpers -----------------------------------------------------------

    def _answer_each(self, request, queryset, answer, *, done) -> None:
        answered, refused = 0, []
        for connection_request in queryset.select_related("supplier"):
            try:
                answer(connection_request)
            except DomainError as error:
                refused.append(f"{connection_request.supplier.name}: {error.message}")
            else:
                answered += 1
        if answered:
            self.message_user(request, done(answered) % {"count": answered}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def _reject_page(self, request, form, connection_requests) -> TemplateResponse:
        pending = [r for r in connection_requests if r.is_pending]
        context = {
            **self.admin_site.each_context(request),
            "title": (
                _("Reject the connection request of %(supplier)s")
                % {"supplier": connection_requests[0].supplier.name}
                if len(connection_requests) == 1
                else _("Reject connection requests")
            ),
            "opts": self.opts,
            "form": form,
            "connection_requests": connection_requests,
            "pending_requests": pending,
            "single": len(connection_requests) == 1,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/connections/connectionrequest/reject.html", context)

    def _change_url(self, connection_request: ConnectionRequest) -> str:
        return reverse(
            "customer_admin:connections_connectionrequest_change", args=[connection_request.pk]
        )


CHANGELIST = "customer_admin:connections_connectionrequest_changelist"


def _describe_waiting(line: TodoLine) -> str:
    return ngettext(
        "connection request waits for your answer; it expires on %(date)s",
        "connection requests wait for your answer; the first expires on %(date)s",
        line.count,
    ) % {"date": date_format(timezone.localtime(line.deadline), "DATE_FORMAT")}


def _describe_expiring(line: TodoLine) -> str:
    return ngettext(
        "connection request expires within %(days)d days without an answer",
        "connection requests expire within %(days)d days without an answer",
        line.count,
    ) % {"days": EXPIRING_SOON_DAYS}


# --- the operator's site --------------------------------------------------


@admin.register(ConnectionRequest)
class ConnectionRequestAdmin(ConnectionRequestDisplayMixin, ReadOnlyAdmin):
    """Every request, read-only: the customers answer in their own admin site."""

    list_display = [
        "supplier_name",
        "customer",
        "contact_email",
        "requested_at",
        "status_badge",
        "expiry",
    ]
    list_filter = ["status"]
    search_fields = ["supplier__name", "customer__name", "contact_email"]
    list_select_related = ["supplier", "customer"]
    ordering = ["-requested_at", "-pk"]
    fields = ["customer", *READ_ONLY_FIELDS]
    readonly_fields = fields
