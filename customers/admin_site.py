"""The customer admin site (/customer-admin/): customer staff manage their own customer.

Access comes from being a member of a customer (``CustomerMember``), not from
``is_staff``. The login is the portal's own allauth login, so two-factor and
rate limits apply. Every ``ModelAdmin`` registered here derives from
``CustomerScopedAdmin``: its querysets hold only the member's customer's
rows, so another customer's object by URL does not exist.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csp_portal.admin_sites import ListInputSite
from csp_portal.ids import parse_pk
from customers.models import Customer, CustomerMember


def member_customer(request: HttpRequest) -> Customer | None:
    """The customer the signed-in user administers (cached on the request)."""
    if not hasattr(request, "_member_customer"):
        customer = None
        if request.user.is_authenticated and request.user.is_active:
            membership = (
                CustomerMember.objects.select_related("customer").filter(user=request.user).first()
            )
            customer = membership.customer if membership else None
        request._member_customer = customer
    return request._member_customer


class CustomerAdminSite(ListInputSite):
    site_header = gettext_lazy("Customer administration")
    site_title = gettext_lazy("Customer administration")
    index_title = gettext_lazy("Your suppliers")
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


customer_admin_site = CustomerAdminSite(name="customer_admin")


class CustomerScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin limited to the signed-in member's customer: the one scoping rule.

    ``customer_lookup`` is the path from the model to its ``Customer``. Lists
    hold only that customer's rows, and an object of another customer (or an
    id that is no object at all) is a 404 on every page that names one: the
    admin's change, history and delete views and each admin's own views,
    which load their object through ``get_object`` too. Members may view and
    change; adding and deleting are off unless a subclass allows them.
    """

    customer_lookup = "customer"

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
        return member_customer(request) is not None

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
