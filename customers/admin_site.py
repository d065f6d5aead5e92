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

from customers.exceptions import AdminsOnly
from customers.models import Customer, CustomerMember


def customer_membership(request: HttpRequest) -> CustomerMember | None:
    """The signed-in user's place on a customer's staff, with the customer (cached)."""
    if not hasattr(request, "_customer_membership"):
        membership = None
        if request.user.is_authenticated and request.user.is_active:
            membership = (
                CustomerMember.objects.select_related("customer").filter(user=request.user).first()
            )
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


class CustomerAdminSite(admin.AdminSite):
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

    ``admins_only``: only the customer's admins change these (settings, team,
    questionnaires); a reviewer reads them, and any change they try — the
    admin's own views included, which call ``require_change`` — is a 403 that
    says why.
    """

    customer_lookup = "customer"
    admins_only = False

    def may_change(self, request: HttpRequest) -> bool:
        if self.admins_only:
            return is_customer_admin(request)
        return member_customer(request) is not None

    def require_change(self, request: HttpRequest) -> None:
        if self.admins_only:
            require_customer_admin(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" or object_id is None:
            self.require_change(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.require_change(request)
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # bulk actions
            self.require_change(request)
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        customer = member_customer(request)
        queryset = super().get_queryset(request)
        if customer is None:
            return queryset.none()
        return queryset.filter(**{self.customer_lookup: customer.pk})

    def get_object(self, request, object_id, from_field=None):
        # Django would answer None with a redirect saying the object "does not
        # exist"; a 404 tells nobody whether another customer's id exists.
        obj = super().get_object(request, unquote(object_id), from_field)
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
