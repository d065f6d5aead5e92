"""Forms of the accounts app: supplier sign-up, the company profile, company domains and
the link that proves one."""

from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import selectors, services
from accounts.domains import normalize_domain, validate_company_domain
from accounts.models import DocumentKind, Supplier
from accounts.uploads import check_upload
from csp_portal.form_rendering import CountrySelect


class SupplierSignupForm(SignupForm):
    """allauth's sign-up, plus the supplier company being registered.

    When the address is on a domain a company declared, the form stops once
    and offers a choice: ask to join that company, or register a separate one
    after an explicit confirmation. The choice depends on the domain alone, so
    it never tells whether the address itself has an account.
    """

    JOIN = "join"
    SEPARATE = "separate"

    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("The supplier company you work for. You become its administrator."),
    )
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Sent by the button the person presses once the existing company is shown.
    company_choice = forms.ChoiceField(
        choices=[(JOIN, _("Ask to join")), (SEPARATE, _("Create a separate company"))],
        required=False,
        widget=forms.HiddenInput,
    )
    confirm_separate = forms.BooleanField(
        label=_(
            "I confirm that I work for a different company and want to register it separately."
        ),
        required=False,
    )

    field_order = ["company_name", "full_name", "email", "password1", "password2"]
    # Rendered by the template next to the existing company, not among the fields.
    company_choice_fields = ("company_choice", "confirm_separate")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.existing_company: Supplier | None = None

    def clean_company_name(self) -> str:
        return " ".join(self.cleaned_data["company_name"].split())

    def clean(self) -> dict:
        cleaned = super().clean()
        email = cleaned.get("email")
        self.existing_company = selectors.supplier_for_email(email) if email else None
        choice = cleaned.get("company_choice")
        needs_company_name = self.existing_company is None or choice != self.JOIN
        if needs_company_name and not cleaned.get("company_name"):
            self.add_error("company_name", self.fields["company_name"].error_messages["required"])
        if self.existing_company is None:
            return cleaned
        if choice == self.SEPARATE and not cleaned.get("confirm_separate"):
            self.add_error(
                "confirm_separate",
                _("Tick this box to confirm that you are registering a different company."),
            )
        elif not choice:
            raise forms.ValidationError(
                _(
                    "%(company)s is already on %(site)s: its staff use addresses on "
                    "%(domain)s. Ask to join it, or register a separate company."
                ),
                code="company_exists",
                params={
                    "company": self.existing_company.name,
                    "site": settings.SITE_NAME,
                    "domain": email.rpartition("@")[2].lower(),
                },
            )
        return cleaned

    def other_non_field_errors(self) -> list[str]:
        """Errors for the top of the form, but the existing company's: the page explains it."""
        return [
            message
            for error in self.errors.as_data().get(NON_FIELD_ERRORS, [])
            if error.code != "company_exists"
            for message in error.messages
        ]

    @property
    def joins_existing_company(self) -> bool:
        return (
            self.existing_company is not None
            and self.cleaned_data.get("company_choice") == self.JOIN
        )

    def try_save(self, request):
        if self.account_already_exists:
            # Creating an account costs an Argon2 hash; an address that already
            # has one must cost the same, or the delay would tell them apart.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            if self.joins_existing_company:
                services.request_to_join(user=user, supplier=self.existing_company)
            else:
                services.register_supplier(
                    user=user, company_name=self.cleaned_data["company_name"]
                )
        return user


class CompanyProfileForm(forms.ModelForm):
    """The company page's form: the public and the restricted profile fields."""

    class Meta:
        model = Supplier
        fields = [*Supplier.PUBLIC_PROFILE_FIELDS, *Supplier.RESTRICTED_PROFILE_FIELDS]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "country": CountrySelect,
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "postal_address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    public_fields = Supplier.PUBLIC_PROFILE_FIELDS
    restricted_fields = Supplier.RESTRICTED_PROFILE_FIELDS

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_legal_name(self) -> str:
        return " ".join(self.cleaned_data["legal_name"].split())

    def clean_tax_id(self) -> str:
        return " ".join(self.cleaned_data["tax_id"].split()).upper()

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 6 or any(c not in "+0123456789 ().-" for c in phone)):
            raise forms.ValidationError(
                _("Type a phone number with its digits, such as +33 1 23 45 67 89."),
                code="invalid_phone",
            )
        return phone

    def public_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.public_fields]

    def restricted_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.restricted_fields]


class CompanyDomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Email domain"),
        max_length=253,
        help_text=_("The part after the @ in your colleagues' addresses, such as acme.example."),
        validators=[validate_company_domain],
    )

    def clean_domain(self) -> str:
        return normalize_domain(self.cleaned_data["domain"])


class _DocumentFileForm(forms.Form):
    """The file of a document and its expiry; ``upload_problem`` is what the upload's
    reading found (a file past the size limit is not even kept, an unsafe name is noted)."""

    expires_on = forms.DateField(
        label=_("Expiry date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Optional. 30 days before, your administrators are emailed."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        error_messages={"required": _("Choose the file to upload.")},
    )

    def __init__(self, *args, upload_problem: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.upload_problem = upload_problem

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not self.upload_problem:
            check_upload(uploaded)
        return uploaded

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.upload_problem:  # the file was not kept: say why, not that it is missing
            self._errors.pop("file", None)
            self.add_error("file", forms.ValidationError(self.upload_problem, code="refused"))
        return cleaned


class CompanyDocumentForm(_DocumentFileForm):
    """A new company document: type, title, optional expiry date, file."""

    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("As your customers will see it, such as “Civil liability insurance 2027”."),
    )

    field_order = ["kind", "title", "expires_on", "file"]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title or any(not char.isprintable() for char in title):
            raise forms.ValidationError(
                _("Type a title with letters and numbers, without control characters."),
                code="invalid_title",
            )
        return title


class ReplaceDocumentForm(_DocumentFileForm):
    """A new file for an existing document (its previous file is kept for the company only)."""


class DomainProofLinkForm(forms.Form):
    """The address on an unproven domain that a proof link is sent to."""

    email = forms.EmailField(
        label=_("Address on the domain"),
        help_text=_(
            "Any address of your company on this domain, yours or a colleague's. It receives a "
            "link: following it proves that the domain is your company's."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
