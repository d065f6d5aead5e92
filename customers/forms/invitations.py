"""Forms of invitations (customer admin site and the invitation page): shape of input only."""

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from customers.forms.sharing import share_field
from customers.invitation_csv import MAX_BYTES, MAX_ROWS

MESSAGE_MAX_LENGTH = 2000


class InvitationForm(forms.Form):
    """What a customer admin fills in to invite a supplier."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Where the invitation link is sent."),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=150, required=False)
    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        required=False,
        help_text=_("Fills in the company name when they create their account."),
    )
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=settings.LANGUAGES,
    )
    message = forms.CharField(
        label=_("Personal message"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Shown in the email, as you type it."),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class AcceptInvitationForm(forms.Form):
    """Accept invitation; signed in with another address, the user confirms it explicitly.

    Administrators are also asked whether to share the restricted profile (unticked).
    """

    confirm_other_email = forms.BooleanField(required=False)

    def __init__(
        self,
        *args,
        invited_email: str,
        user_email: str,
        customer_name: str = "",
        may_share: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if may_share:
            self.fields["share_restricted_profile"] = share_field(customer_name)
        self.other_email = invited_email.lower() != user_email.lower()
        field = self.fields["confirm_other_email"]
        if self.other_email:
            field.required = True
            field.label = _(
                "I accept this invitation, sent to %(invited)s, with my account %(email)s."
            ) % {"invited": invited_email, "email": user_email}
            field.error_messages["required"] = _(
                "Tick the box to accept with %(email)s, or log in with %(invited)s."
            ) % {"invited": invited_email, "email": user_email}
        else:
            field.widget = forms.HiddenInput()


class InvitationImportForm(forms.Form):
    """A spreadsheet of suppliers to invite (read by ``customers/invitation_csv.py``)."""

    file = forms.FileField(
        label=_("File of suppliers (CSV)"),
        help_text=_(
            "Columns: email, company, contact name, language (en or fr). Save it from Excel "
            "as CSV, with commas or semicolons; up to 1,000 rows."
        ),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty: there is no row to read."),
        },
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB. Send at most %(rows)s rows at a time."),
                params={
                    "size": MAX_BYTES // (1024 * 1024),
                    "rows": number_format(MAX_ROWS, force_grouping=True),
                },
                code="too_large",
            )
        return uploaded
