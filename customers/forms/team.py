"""Forms of teams, on both sides: invite a colleague, what they may do, join through a link."""

from collections.abc import Callable

from allauth.account.forms import SignupForm
from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Supplier, SupplierMember, User
from customers.models import Customer, CustomerMember

ALL_CUSTOMERS, CHOSEN_CUSTOMERS = "all", "chosen"


def customers_of(supplier: Supplier) -> QuerySet[Customer]:
    """The customers a colleague can be given: those the company has a relationship with."""
    return Customer.objects.filter(relationships__supplier=supplier).order_by("name", "pk")


class ColleagueRightsForm(forms.Form):
    """A supplier colleague's role, right to manage connections, and customers."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (SupplierMember.Role.MEMBER, _("Member: works with the customers chosen below")),
            (SupplierMember.Role.ADMIN, _("Administrator: everything, including the team")),
        ],
        widget=forms.RadioSelect,
        initial=SupplierMember.Role.MEMBER,
    )
    can_manage_connections = forms.BooleanField(
        label=_("May manage customer connections"),
        help_text=_("Send connection requests, accept invitations, answer onboarding questions."),
        required=False,
    )
    access = forms.ChoiceField(
        label=_("Customers"),
        choices=[
            (ALL_CUSTOMERS, _("All customers")),
            (CHOSEN_CUSTOMERS, _("Only the customers chosen here")),
        ],
        widget=forms.RadioSelect,
        initial=ALL_CUSTOMERS,
        help_text=_("The customers this colleague sees and acts for. Administrators see all."),
    )
    customers = forms.ModelMultipleChoiceField(
        label=_("Chosen customers"),
        queryset=Customer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, supplier: Supplier, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customers"].queryset = customers_of(supplier)

    def clean(self) -> dict:
        cleaned = super().clean()
        is_member = cleaned.get("role") == SupplierMember.Role.MEMBER
        if is_member and cleaned.get("access") == CHOSEN_CUSTOMERS and not cleaned.get("customers"):
            self.add_error(
                "customers", _("Choose at least one customer, or give access to all customers.")
            )
        return cleaned

    def chosen_customers(self) -> list[Customer] | None:
        """The customers to grant; None: all of them."""
        if self.cleaned_data["access"] == ALL_CUSTOMERS:
            return None
        return list(self.cleaned_data["customers"])

    @classmethod
    def initial_for(cls, membership: SupplierMember, customers: list[Customer] | None) -> dict:
        return {
            "role": membership.role,
            "can_manage_connections": membership.may_manage_connections,
            "access": ALL_CUSTOMERS if customers is None else CHOSEN_CUSTOMERS,
            "customers": customers or [],
        }


class InviteColleagueForm(ColleagueRightsForm):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)

    field_order = ["email", "full_name", "role", "can_manage_connections", "access", "customers"]


class InviteCustomerColleagueForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (
                CustomerMember.Role.REVIEWER,
                _(
                    "Reviewer: answers connection requests, reviews onboarding answers, invites "
                    "suppliers"
                ),
            ),
            (
                CustomerMember.Role.ADMIN,
                _("Admin: everything, including settings, team and questionnaires"),
            ),
        ],
        widget=forms.RadioSelect,
        initial=CustomerMember.Role.REVIEWER,
    )


class CustomerRoleForm(forms.Form):
    role = InviteCustomerColleagueForm.base_fields["role"]


class JoinSignupForm(SignupForm):
    """allauth's sign-up for a person invited to join a team: their name and a password.

    The address is the invited one (the link proved it). No company is registered:
    the person joins the inviting team.
    """

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["email", "full_name", "password1", "password2"]

    def __init__(self, *args, invited_email: str, join: Callable[[User], object], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.join = join
        self.fields["email"].disabled = True
        self.fields["email"].initial = invited_email  # disabled: the posted value is ignored

    def save(self, request) -> User:
        """Create the account and join the team, together (a refusal creates nothing)."""
        with transaction.atomic():
            user = super().save(request)
            self.join(user)
        return user
