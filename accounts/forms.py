"""Forms of the accounts app."""

from allauth.account.forms import SignupForm
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import services


class SupplierSignupForm(SignupForm):
    """allauth's sign-up, plus the name of the supplier company being registered."""

    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("The supplier company you work for. You become its administrator."),
    )
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["company_name", "full_name", "email", "password1", "password2"]

    def clean_company_name(self) -> str:
        return " ".join(self.cleaned_data["company_name"].split())

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            services.register_supplier(user=user, company_name=self.cleaned_data["company_name"])
        return user
