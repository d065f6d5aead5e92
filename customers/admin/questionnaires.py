"""The questionnaire editor of the customer admin site.

Questionnaire versions: the list, a version's page with its sections (inline),
a section's page with its questions (inline) — admin inlines go one level
deep, so questions are edited per section, with links both ways. Only a draft
can be changed; "Edit the questionnaire" starts one (a copy of the published
version), "Publish" makes it current. Versioning goes through
``customers/services/onboarding.py``; a draft's sections and questions are
plain admin edits.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.forms import Textarea
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from csp_portal.errors import DomainError
from customers.admin_site import (
    CustomerScopedAdmin,
    customer_admin_site,
    is_customer_admin,
    member_customer,
)
from customers.forms import QuestionAdminForm
from customers.localized import IN_LANGUAGE, other_language, reader_language
from customers.models import Question, Questionnaire, Section
from customers.services.onboarding import draft_questionnaire, publish_questionnaire

# --- questionnaire versions ---------------------------------------------------


def relabel_translations(form_class, questionnaire: Questionnaire | None):
    """Name the other language in the labels of the ``…_translation`` fields ("Title in French")."""
    language = (
        questionnaire.translation_language
        if questionnaire is not None
        else other_language(reader_language())
    )
    model = form_class._meta.model
    for name, field in form_class.base_fields.items():
        if name.endswith("_translation"):
            original = model._meta.get_field(name.removesuffix("_translation")).verbose_name
            field.label = format_lazy("{} {}", capfirst(original), IN_LANGUAGE[language])
    return form_class


class DraftOnlyInline:
    """An inline whose rows can be changed only while the questionnaire is a draft."""

    def _questionnaire(self, obj) -> Questionnaire | None:
        raise NotImplementedError

    def _may_edit(self, request, obj) -> bool:
        questionnaire = self._questionnaire(obj) if obj is not None else None
        return is_customer_admin(request) and (questionnaire is not None and questionnaire.is_draft)

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
    fields = [
        "position",
        "title",
        "description",
        "title_translation",
        "description_translation",
        "questions_link",
    ]
    readonly_fields = ["questions_link"]
    formfield_overrides = {
        Section._meta.get_field("description").__class__: {"widget": Textarea(attrs={"rows": 2})}
    }

    def _questionnaire(self, obj):
        return obj

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        relabel_translations(formset.form, obj)
        return formset

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
        ("label", "label_translation"),
        ("help_text", "help_text_translation"),
        ("choices", "choices_translation"),
        "profile_field",
    ]

    def _questionnaire(self, obj):
        return obj.questionnaire

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        relabel_translations(formset.form, obj.questionnaire if obj is not None else None)
        return formset

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return 1 if obj is not None and obj.questionnaire.is_draft else 0


@admin.register(Questionnaire, site=customer_admin_site)
class QuestionnaireAdmin(CustomerScopedAdmin):
    """The versions of the customer's onboarding questionnaire; only the draft changes."""

    admins_only = True

    section_title = gettext_lazy("Questionnaires")
    section_help = gettext_lazy(
        "What you ask new suppliers before you are connected, in English and/or French."
    )
    list_display = ["version", "title", "status_badge", "published_at", "question_total"]
    list_display_links = ["version", "title"]
    ordering = ["-version"]
    fields = [
        "language",
        "title",
        "introduction",
        "title_translation",
        "introduction_translation",
        "version",
        "status",
        "published_at",
        "answered_by",
    ]
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        return relabel_translations(super().get_form(request, obj, change, **kwargs), obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A draft may be discarded; never in bulk, never a published version.
        return is_customer_admin(request) and obj is not None and obj.is_draft

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
        extra = {**(extra_context or {}), "may_change": self.may_change(request)}
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
            "may_change": self.may_change(request),
        }
        return super().change_view(request, object_id, form_url, extra_context=extra)

    @staticmethod
    def _change_url(questionnaire: Questionnaire) -> str:
        return reverse("customer_admin:customers_questionnaire_change", args=[questionnaire.pk])

    def _publish(self, request, questionnaire: Questionnaire) -> None:
        try:
            publish_questionnaire(questionnaire=questionnaire, actor=request.user)
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
        self.require_change(request)
        draft = draft_questionnaire(customer=member_customer(request))
        self.message_user(
            request,
            _("You are editing version %(version)s, a draft: suppliers see it once you publish it.")
            % {"version": draft.version},
            messages.INFO,
        )
        return HttpResponseRedirect(self._change_url(draft))

    def publish_view(self, request, object_id):
        self.require_change(request)
        questionnaire = self.get_object(request, object_id)
        self._publish(request, questionnaire)
        return HttpResponseRedirect(self._change_url(questionnaire))


@admin.register(Section, site=customer_admin_site)
class SectionAdmin(CustomerScopedAdmin):
    """A section's page: its questions. Reached from the questionnaire's page."""

    admins_only = True
    section_title = QuestionnaireAdmin.section_title
    customer_lookup = "questionnaire__customer"
    fields = [
        "questionnaire_link",
        "title",
        "description",
        "title_translation",
        "description_translation",
        "position",
    ]
    readonly_fields = ["questionnaire_link"]
    formfield_overrides = SectionInline.formfield_overrides
    inlines = [QuestionInline]
    change_form_template = "admin/customers/section/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("questionnaire")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return relabel_translations(form, obj.questionnaire if obj is not None else None)

    def has_module_permission(self, request) -> bool:
        return False  # reached from its questionnaire

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or obj.questionnaire.is_draft
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_customer_admin(request) and obj is not None and obj.questionnaire.is_draft

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
