"""Onboarding in the customer admin site: the questionnaire, and the review of answers.

- Questionnaire versions: the list, a version's page with its sections
  (inline), a section's page with its questions (inline) — admin inlines go
  one level deep, so questions are edited per section, with links both ways.
  Only a draft can be changed; "Edit the questionnaire" starts one (a copy of
  the published version), "Publish" makes it current.
- Onboarding answers: the list, a review page with **Approve** and
  **Return for changes**, and the CSV export of every supplier's answers.

Every change goes through ``customers/services/onboarding.py``, except the
plain editing of a draft's sections and questions.
"""

import csv
import io

from django.contrib import admin, messages
from django.db.models import Count, F
from django.forms import Textarea
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
from customers.admin_site import CustomerScopedAdmin, customer_admin_site, member_customer
from customers.forms import QuestionAdminForm, ReturnForChangesForm
from customers.models import Onboarding, Question, Questionnaire, Section
from customers.selectors import onboarding as selectors
from customers.services import onboarding as services

# --- questionnaire versions ---------------------------------------------------


class DraftOnlyInline:
    """An inline whose rows can be changed only while the questionnaire is a draft."""

    def _questionnaire(self, obj) -> Questionnaire | None:
        raise NotImplementedError

    def _may_edit(self, request, obj) -> bool:
        questionnaire = self._questionnaire(obj) if obj is not None else None
        return member_customer(request) is not None and (
            questionnaire is not None and questionnaire.is_draft
        )

    def has_view_permission(self, request, obj=None) -> bool:
        return member_customer(request) is not None

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)


class SectionInline(DraftOnlyInline, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title", "description", "questions_link"]
    readonly_fields = ["questions_link"]
    formfield_overrides = {
        Section._meta.get_field("description").__class__: {"widget": Textarea(attrs={"rows": 2})}
    }

    def _questionnaire(self, obj):
        return obj

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 1 if obj is not None and obj.is_draft and not obj.sections.exists() else 0

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description=gettext_lazy("questions"))
    def questions_link(self, section: Section) -> str:
        if section.pk is None:
            return _("Save first, then edit the questions.")
        count = getattr(section, "question_total", None)
        if count is None:
            count = section.questions.count()
        label = (
            ngettext("Edit the %(count)d question", "Edit the %(count)d questions", count)
            if section.questionnaire.is_draft
            else ngettext("See the %(count)d question", "See the %(count)d questions", count)
        ) % {"count": count}
        return format_html(
            '<a href="{}">{}</a>',
            reverse("customer_admin:customers_section_change", args=[section.pk]),
            label,
        )


class QuestionInline(DraftOnlyInline, admin.StackedInline):
    model = Question
    form = QuestionAdminForm
    fields = [
        ("position", "kind", "required"),
        "label",
        "help_text",
        ("choices", "profile_field"),
    ]

    def _questionnaire(self, obj):
        return obj.questionnaire

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 1 if obj is not None and obj.questionnaire.is_draft else 0


@admin.register(Questionnaire, site=customer_admin_site)
class QuestionnaireAdmin(CustomerScopedAdmin):
    """The versions of the customer's onboarding questionnaire; only the draft changes."""

    list_display = ["version", "title", "status_badge", "published_at", "question_total"]
    list_display_links = ["version", "title"]
    ordering = ["-version"]
    fields = ["title", "introduction", "version", "status", "published_at", "answered_by"]
    readonly_fields = ["version", "status", "published_at", "answered_by"]
    inlines = [SectionInline]
    actions = ["publish_selected"]
    change_form_template = "admin/customers/questionnaire/change_form.html"
    change_list_template = "admin/customers/questionnaire/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(question_total=Count("sections__questions", distinct=True))
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.is_draft)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A draft may be discarded; never in bulk, never a published version.
        return member_customer(request) is not None and obj is not None and obj.is_draft

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, obj: Questionnaire) -> str:
        tone = {"published": "ok", "draft": "warn"}.get(obj.status, "muted")
        return format_html('<span class="badge badge-{}">{}</span>', tone, obj.get_status_display())

    @admin.display(description=gettext_lazy("questions"), ordering="question_total")
    def question_total(self, obj: Questionnaire) -> int:
        return obj.question_total

    @admin.display(description=gettext_lazy("answered by"))
    def answered_by(self, obj: Questionnaire) -> str:
        count = obj.onboardings.count()
        return ngettext(
            "%(count)d supplier answers this version.",
            "%(count)d suppliers answer this version.",
            count,
        ) % {"count": count}

    @admin.action(description=gettext_lazy("Publish the selected draft"), permissions=["change"])
    def publish_selected(self, request, queryset) -> None:
        for questionnaire in queryset:
            self._publish(request, questionnaire)

    def get_urls(self):
        return [
            path(
                "new-version/",
                self.admin_site.admin_view(require_POST(self.new_version_view)),
                name="customers_questionnaire_new_version",
            ),
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="customers_questionnaire_publish",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        customer = member_customer(request)
        extra = {**(extra_context or {})}
        if customer is not None:
            extra["draft"] = Questionnaire.objects.for_customer(customer).drafts().first()
            extra["current"] = Questionnaire.objects.current_for(customer)
        return super().changelist_view(request, extra_context=extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        customer = member_customer(request)
        extra = {
            **(extra_context or {}),
            "has_draft": customer is not None
            and Questionnaire.objects.for_customer(customer).drafts().exists(),
        }
        return super().change_view(request, object_id, form_url, extra_context=extra)

    @staticmethod
    def _change_url(questionnaire: Questionnaire) -> str:
        return reverse("customer_admin:customers_questionnaire_change", args=[questionnaire.pk])

    def _publish(self, request, questionnaire: Questionnaire) -> None:
        try:
            services.publish_questionnaire(questionnaire=questionnaire, actor=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(
            request,
            _(
                "Version %(version)s is published: suppliers you accept from now on answer it. Suppliers who started earlier keep their version."
            )
            % {"version": questionnaire.version},
            messages.SUCCESS,
        )

    def new_version_view(self, request):
        draft = services.draft_questionnaire(customer=member_customer(request))
        self.message_user(
            request,
            _("You are editing version %(version)s, a draft: suppliers see it once you publish it.")
            % {"version": draft.version},
            messages.INFO,
        )
        return HttpResponseRedirect(self._change_url(draft))

    def publish_view(self, request, object_id):
        questionnaire = self.get_object(request, object_id)
        self._publish(request, questionnaire)
        return HttpResponseRedirect(self._change_url(questionnaire))


@admin.register(Section, site=customer_admin_site)
class SectionAdmin(CustomerScopedAdmin):
    """A section's page: its questions. Reached from the questionnaire's page."""

    customer_lookup = "questionnaire__customer"
    fields = ["questionnaire_link", "title", "description", "position"]
    readonly_fields = ["questionnaire_link"]
    formfield_overrides = SectionInline.formfield_overrides
    inlines = [QuestionInline]
    change_form_template = "admin/customers/section/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("questionnaire")

    def has_module_permission(self, request) -> bool:
        return False  # reached from its questionnaire

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or obj.questionnaire.is_draft
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return (
            member_customer(request) is not None and obj is not None and obj.questionnaire.is_draft
        )

    @admin.display(description=gettext_lazy("questionnaire"))
    def questionnaire_link(self, section: Section) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            QuestionnaireAdmin._change_url(section.questionnaire),
            section.questionnaire,
        )

    def changelist_view(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("customer_admin:customers_questionnaire_changelist"))

    def response_change(self, request, obj):
        if "_continue" in request.POST:
            return super().response_change(request, obj)
        self.message_user(
            request, _("The section “%(title)s” is saved.") % {"title": obj.title}, messages.SUCCESS
        )
        return HttpResponseRedirect(QuestionnaireAdmin._change_url(obj.questionnaire))

    def response_delete(self, request, obj_display, obj_id):
        super().response_delete(request, obj_display, obj_id)
        return HttpResponseRedirect(reverse("customer_admin:customers_questionnaire_changelist"))


# --- the review of answers ------------------------------------------------------


@admin.register(Onboarding, site=customer_admin_site)
class OnboardingAdmin(CustomerScopedAdmin):
    """Suppliers' answers: review (approve or return for changes), export to CSV."""

    customer_lookup = "relationship__customer"
    list_display = [
        "supplier_name",
        "status_badge",
        "progress",
        "version",
        "submitted_at",
        "started_at",
    ]
    list_filter = ["status"]
    search_fields = ["relationship__supplier__name"]
    list_select_related = ["relationship__supplier", "questionnaire"]
    ordering = [F("submitted_at").desc(nulls_last=True), "pk"]
    change_list_template = "admin/customers/onboarding/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("relationship__customer", "reviewed_by", "submitted_by")
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the review is two explicit actions

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
            services.approve_answers(onboarding=onboarding, actor=request.user)
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
            services.return_answers(
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
        for row in selectors.export_table(customer):
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
        context = {
            **self.admin_site.each_context(request),
            "title": _("Onboarding answers of %(supplier)s") % {"supplier": supplier.name},
            "opts": self.opts,
            "onboarding": onboarding,
            "supplier": supplier,
            "answered_sections": selectors.answers_by_section(onboarding, questions),
            "may_review": onboarding.is_submitted and onboarding.relationship.needs_onboarding,
            "return_form": return_form,
            "relationship_url": reverse(
                "customer_admin:customers_relationship_change", args=[onboarding.relationship_id]
            ),
        }
        return TemplateResponse(request, "admin/customers/onboarding/review.html", context)


def _spreadsheet_safe(cell) -> str:
    """A cell a spreadsheet shows as text: never a formula typed by a supplier."""
    text = "" if cell is None else str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- the operator's site (read-only) ---------------------------------------------


@admin.register(Questionnaire)
class OperatorQuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["customer", "version", "title", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["customer__name", "title"]
    list_select_related = ["customer"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Onboarding)
class OperatorOnboardingAdmin(admin.ModelAdmin):
    list_display = ["relationship", "status", "required_answered", "required_total", "started_at"]
    list_filter = ["status"]
    search_fields = ["relationship__supplier__name", "relationship__customer__name"]
    list_select_related = ["relationship__supplier", "relationship__customer"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
