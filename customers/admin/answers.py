"""The review of onboarding answers in the customer admin site.

The list of suppliers' answers, a review page with **Approve** and **Return
for changes** (through ``customers/services/onboarding.py``), and the CSV
export of every supplier's answers.
"""

import csv
import io

from django.contrib import admin, messages
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from csp_portal.errors import DomainError
from customers.admin_site import (
    CustomerScopedAdmin,
    TodoFilter,
    TodoLine,
    customer_admin_site,
    member_customer,
)
from customers.forms import ReturnForChangesForm
from customers.models import Onboarding
from customers.selectors import seen_by_customer, workspace
from customers.selectors.onboarding import changes_since_previous
from customers.services.onboarding import approve_answers, return_answers


class AnswersTodoFilter(TodoFilter):
    def todo_choices(self):
        return [("review", _("Waiting for your review"), "waiting_for_review")]


@admin.register(Onboarding, site=customer_admin_site)
class OnboardingAdmin(CustomerScopedAdmin):
    """Suppliers' answers: review (approve or return for changes), export to CSV."""

    customer_lookup = "relationship__customer"
    section_help = gettext_lazy(
        "What suppliers answered to your questionnaire: approve, or return for changes."
    )
    list_display = [
        "supplier_name",
        "status_badge",
        "progress",
        "version",
        "submitted_at",
        "started_at",
    ]
    list_filter = [AnswersTodoFilter, "status"]
    search_fields = ["relationship__supplier__name"]
    ordering = [F("submitted_at").desc(nulls_last=True), "pk"]
    change_list_template = "admin/customers/onboarding/change_list.html"

    def get_queryset(self, request):
        # Here rather than in list_select_related, which the change list ignores once
        # the queryset selects related rows itself (one query per row, make bench).
        return (
            super()
            .get_queryset(request)
            .select_related(
                "relationship__customer",
                "relationship__supplier",
                "questionnaire",
                "reviewed_by",
                "submitted_by",
            )
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the review is two explicit actions

    def section_links(self, request) -> list[tuple[str, str]]:
        return [
            (_("Export all answers (CSV)"), reverse("customer_admin:customers_onboarding_export"))
        ]

    def todo_lines(self, customer, *, now) -> list[TodoLine]:
        return [
            TodoLine(
                key="answers",
                count=workspace.answers_to_review(customer),
                url=reverse("customer_admin:customers_onboarding_changelist") + "?todo=review",
                describe=_describe_to_review,
                position=20,
            )
        ]

    @admin.display(description=gettext_lazy("supplier"), ordering="relationship__supplier__name")
    def supplier_name(self, obj: Onboarding) -> str:
        return obj.relationship.supplier.name

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, obj: Onboarding) -> str:
        return format_html(
            '<span class="badge badge-{}">{}</span>', obj.badge_tone, obj.get_status_display()
        )

    @admin.display(description=gettext_lazy("required questions answered"))
    def progress(self, obj: Onboarding) -> str:
        return f"{obj.required_answered}/{obj.required_total}"

    @admin.display(description=gettext_lazy("version"), ordering="questionnaire__version")
    def version(self, obj: Onboarding) -> int:
        return obj.questionnaire.version

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(require_GET(self.export_view)),
                name="customers_onboarding_export",
            ),
            path(
                "<path:object_id>/approve/",
                self.admin_site.admin_view(require_POST(self.approve_view)),
                name="customers_onboarding_approve",
            ),
            path(
                "<path:object_id>/return/",
                self.admin_site.admin_view(require_POST(self.return_view)),
                name="customers_onboarding_return",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return self._review_page(
            request, self.get_object(request, object_id), ReturnForChangesForm()
        )

    def approve_view(self, request, object_id):
        onboarding = self.get_object(request, object_id)
        try:
            approve_answers(onboarding=onboarding, actor=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(self._review_url(onboarding))
        self.message_user(
            request,
            _(
                "You approved the answers of %(supplier)s: you are now connected; they have been told."
            )
            % {"supplier": onboarding.relationship.supplier.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("customer_admin:customers_onboarding_changelist"))

    def return_view(self, request, object_id):
        onboarding = self.get_object(request, object_id)
        form = ReturnForChangesForm(request.POST)
        if not form.is_valid():
            return self._review_page(request, onboarding, form)
        try:
            return_answers(
                onboarding=onboarding, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self._review_page(request, onboarding, form)
        self.message_user(
            request,
            _("The answers went back to %(supplier)s with your comment.")
            % {"supplier": onboarding.relationship.supplier.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("customer_admin:customers_onboarding_changelist"))

    def export_view(self, request):
        customer = member_customer(request)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in seen_by_customer.export_table(customer):
            writer.writerow([_spreadsheet_safe(cell) for cell in row])
        filename = "onboarding-answers-{}-{}.csv".format(
            slugify(customer.name) or "customer", timezone.localdate().isoformat()
        )
        # The byte order mark makes spreadsheet programs read the file as UTF-8.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @staticmethod
    def _review_url(onboarding: Onboarding) -> str:
        return reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk])

    def _review_page(self, request, onboarding: Onboarding, return_form) -> TemplateResponse:
        questions = list(onboarding.questionnaire.questions())
        supplier = onboarding.relationship.supplier
        seen = seen_by_customer.supplier_seen_by_customer(onboarding.relationship)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Onboarding answers of %(supplier)s") % {"supplier": supplier.name},
            "opts": self.opts,
            "onboarding": onboarding,
            "supplier": supplier,
            "seen": seen,
            "answered_sections": seen_by_customer.submitted_answers(onboarding, questions, seen),
            "changes": changes_since_previous(onboarding, questions),
            "may_review": onboarding.is_submitted and onboarding.relationship.needs_onboarding,
            "return_form": return_form,
            "relationship_url": reverse(
                "customer_admin:customers_relationship_change", args=[onboarding.relationship_id]
            ),
        }
        return TemplateResponse(request, "admin/customers/onboarding/review.html", context)


def _describe_to_review(line: TodoLine) -> str:
    return ngettext(
        "supplier's onboarding answers wait for your review",
        "suppliers' onboarding answers wait for your review",
        line.count,
    )


def _spreadsheet_safe(cell) -> str:
    """A cell a spreadsheet shows as text: never a formula typed by a supplier."""
    text = "" if cell is None else str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
