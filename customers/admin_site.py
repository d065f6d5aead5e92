"""The customer admin site (/customer-admin/): customer staff manage their own customer.

Access comes from being a member of a customer (``CustomerMember``), not from
``is_staff``. The login is the portal's own allauth login, so two-factor and
rate limits apply. Every ``ModelAdmin`` registered here derives from
``CustomerScopedAdmin``: its querysets hold only the member's customer's
rows, so another customer's object by URL does not exist.

The home page is the buyer's workspace: first **To do**, what waits for the
customer, then the sections in the order of use (``SECTION_ORDER``). Each
section's ``ModelAdmin`` says what waits in it (``todo_lines``: a count and a
link to its filtered list, one query per section), so the site knows no
section's rules; the daily digest email reads the same lines
(``customers/services/digest.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import load_memberships
from csp_portal.admin_sites import ListInputSite
from csp_portal.ids import parse_pk
from customers.exceptions import AdminsOnly
from customers.models import EXPIRING_SOON_DAYS, Customer, CustomerMember

_MEMBERSHIP = CustomerMember._meta.get_field("user").remote_field


def customer_membership(request: HttpRequest) -> CustomerMember | None:
    """The signed-in user's place on a customer's staff, with the customer and their own
    settings there (cached on the request)."""
    if not hasattr(request, "_customer_membership"):
        membership = None
        if request.user.is_authenticated and request.user.is_active:
            load_memberships(request.user)  # with the supplier side, for the header's menu
            membership = _MEMBERSHIP.get_cached_value(request.user)
        request._customer_membership = membership
    return request._customer_membership


def member_customer(request: HttpRequest) -> Customer | None:
    """The customer the signed-in user works for (cached on the request)."""
    membership = customer_membership(request)
    return membership.customer if membership else None


def is_customer_admin(request: HttpRequest) -> bool:
    membership = customer_membership(request)
    return membership is not None and membership.is_admin


def require_customer_admin(request: HttpRequest) -> None:
    """Refuse (403, with the reason) anyone but an admin of the customer."""
    membership = customer_membership(request)
    if membership is None:
        raise PermissionDenied
    if not membership.is_admin:
        raise PermissionDenied(AdminsOnly(customer_name=membership.customer.name).message)


# The sections of the home page, in the order a buyer uses them ("app_label.model").
SECTION_ORDER = [
    "connections.connectionrequest",
    "customers.onboarding",
    "customers.invitation",
    "customers.relationship",
    "customers.questionnaire",
    "customers.customer",
    "customers.customermember",
]


@dataclass(frozen=True)
class TodoLine:
    """One line of **To do**: how many things of a kind wait, and the list that shows them.

    ``describe`` writes the sentence in the active language (the page's, or
    the recipient's for the digest email); ``url`` is a path in this site.
    """

    key: str
    count: int
    url: str
    describe: Callable[["TodoLine"], str]
    position: int
    deadline: datetime | None = None

    @property
    def text(self) -> str:
        return self.describe(self)


class TodoFilter(admin.SimpleListFilter):
    """The filter of a list that **To do** lines link to (``?todo=<value>``).

    ``todo_choices`` gives (value, label, name of the queryset method that
    keeps those rows), so that the list shows what the line counted.
    """

    title = gettext_lazy("what waits")
    parameter_name = "todo"

    def todo_choices(self) -> list[tuple[str, str, str]]:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _method in self.todo_choices()]

    def queryset(self, request, queryset):
        for value, _label, method in self.todo_choices():
            if self.value() == value:
                return getattr(queryset, method)()
        return queryset


def expiring_label() -> str:
    return _("Expiring within %(days)d days") % {"days": EXPIRING_SOON_DAYS}


@dataclass(frozen=True)
class Section:
    """A section of the home page: a plain title, what it is for, its links."""

    title: str
    help: str
    url: str
    links: list[tuple[str, str]]


class CustomerAdminSite(ListInputSite):
    site_header = gettext_lazy("Customer administration")
    site_title = gettext_lazy("Customer administration")
    index_title = gettext_lazy("Customer administration")
    index_template = "admin/customer_index.html"
    site_url = None
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        return member_customer(request) is not None

    def login(self, request: HttpRequest, extra_context=None):
        """The portal's allauth login; a signed-in non-member gets a 403."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("customer_admin:index", current_app=self.name))
            raise PermissionDenied(
                _(
                    "The customer administration is for the staff of a customer. Your account "
                    "is not an admin of any customer."
                )
            )
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "customer_admin:index", current_app=self.name
        )
        return HttpResponseRedirect(
            resolve_url("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
        )

    def password_change(self, request: HttpRequest, extra_context=None):
        """The portal's own page, so allauth's notifications and checks apply."""
        return HttpResponseRedirect(resolve_url("account_change_password"))

    def each_context(self, request: HttpRequest) -> dict:
        context = super().each_context(request)
        context["member_customer"] = member_customer(request)
        return context

    # --- the workspace ------------------------------------------------------------

    def index(self, request: HttpRequest, extra_context=None):
        """**To do** first, then the sections in the order of use."""
        customer = member_customer(request)
        context = {
            "todo": self.todo_for(customer),
            "sections": self.sections(request),
            "membership": customer_membership(request),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)

    def app_index(self, request: HttpRequest, app_label: str, extra_context=None):
        """The workspace has no pages per app: its home lists every section."""
        return HttpResponseRedirect(reverse("customer_admin:index", current_app=self.name))

    def todo_for(self, customer: Customer, *, now: datetime | None = None) -> list[TodoLine]:
        """What waits for the customer, from each section: only lines with something in them."""
        now = now or timezone.now()
        lines = []
        for model_admin in self._registry.values():
            todo_lines = getattr(model_admin, "todo_lines", None)
            if todo_lines is not None:
                lines += [line for line in todo_lines(customer, now=now) if line.count]
        return sorted(lines, key=lambda line: line.position)

    def sections(self, request: HttpRequest) -> list[Section]:
        """The sections the member may open, in ``SECTION_ORDER`` (others after, by title)."""
        found = []
        for model, model_admin in self._registry.items():
            if not model_admin.has_module_permission(request):
                continue
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            rank = SECTION_ORDER.index(label) if label in SECTION_ORDER else len(SECTION_ORDER)
            title = section_title(model_admin)
            url = reverse(
                f"{self.name}:{model._meta.app_label}_{model._meta.model_name}_changelist",
                current_app=self.name,
            )
            links = (
                model_admin.section_links(request) if hasattr(model_admin, "section_links") else []
            )
            help_text = getattr(model_admin, "section_help", "")
            found.append((rank, str(title), Section(title, help_text, url, links)))
        return [section for _rank, _title, section in sorted(found, key=lambda f: f[:2])]


customer_admin_site = CustomerAdminSite(name="customer_admin")


def section_title(model_admin) -> str:
    """A section's plain title: its ``section_title``, else the model's plural name."""
    return getattr(model_admin, "section_title", None) or capfirst(
        model_admin.model._meta.verbose_name_plural
    )


class CustomerScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin limited to the signed-in member's customer: the one scoping rule.

    ``customer_lookup`` is the path from the model to its ``Customer``. Lists
    hold only that customer's rows, and an object of another customer (or an
    id that is no object at all) is a 404 on every page that names one: the
    admin's change, history and delete views and each admin's own views,
    which load their object through ``get_object`` too. Members may view and
    change; adding and deleting are off unless a subclass allows them.

    ``admins_only``: only the customer's admins change these (settings, team,
    questionnaires); a reviewer reads them, and any change they try — the
    admin's own views included, which call ``require_change`` — is a 403 that
    says why.
    """

    customer_lookup = "customer"
    admins_only = False
    # The section of the workspace's home: a plain title (default: the model's plural
    # name), a sentence saying what it is for, and extra links (``section_links``).
    section_title = None
    section_help = ""

    def section_links(self, request) -> list[tuple[str, str]]:
        return []

    def may_change(self, request: HttpRequest) -> bool:
        if self.admins_only:
            return is_customer_admin(request)
        return member_customer(request) is not None

    def require_change(self, request: HttpRequest) -> None:
        if self.admins_only:
            require_customer_admin(request)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # bulk actions
            self.require_change(request)
        title = section_title(self)
        context = {"title": title, "section_title": title, **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" or object_id is None:
            self.require_change(request)
        context = {"section_title": section_title(self), **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context=context)

    def history_view(self, request, object_id, extra_context=None):
        context = {"section_title": section_title(self), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def delete_view(self, request, object_id, extra_context=None):
        self.require_change(request)
        context = {"section_title": section_title(self), **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context=context)

    def get_queryset(self, request):
        customer = member_customer(request)
        queryset = super().get_queryset(request)
        if customer is None:
            return queryset.none()
        return queryset.filter(**{self.customer_lookup: customer.pk})

    def get_object(self, request, object_id, from_field=None):
        # Django would answer None with a redirect saying the object "does not
        # exist"; a 404 tells nobody whether another customer's id exists.
        # Every id goes through the one parser first (``abc``, ``³``, 25 digits: 404).
        object_id = unquote(object_id)
        known = from_field is not None or parse_pk(self.model, object_id) is not None
        obj = super().get_object(request, object_id, from_field) if known else None
        if obj is None:
            raise Http404
        return obj

    def has_module_permission(self, request) -> bool:
        return member_customer(request) is not None

    def has_view_permission(self, request, obj=None) -> bool:
        return member_customer(request) is not None

    def has_change_permission(self, request, obj=None) -> bool:
        return self.may_change(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
