"""The Sharing section's form: the ids of the customers ticked (shape only)."""

from django import forms
from django.utils.translation import gettext as _

from csp_portal.ids import parse_id


class SharingForm(forms.Form):
    """``shared``: the ticked customers' ids, each a whole number; the service keeps
    those the supplier has an open relationship with."""

    def clean(self) -> dict:
        cleaned = super().clean()
        values = self.data.getlist("shared") if hasattr(self.data, "getlist") else []
        ids = [parse_id(value) for value in values]
        if None in ids:
            raise forms.ValidationError("not customer ids", code="invalid")
        cleaned["shared"] = set(ids)
        return cleaned


def share_field(customer_name: str) -> forms.BooleanField:
    """The question asked when accepting an invitation or sending a request (unticked)."""
    return forms.BooleanField(
        required=False,
        initial=False,
        label=_("Share the restricted profile with %(customer)s") % {"customer": customer_name},
        help_text=_(
            "Your legal name, tax ID, postal address, phone, main contact and your company "
            "documents. You can change this at any time under Sharing on the company page."
        ),
    )


class ShareChoiceForm(forms.Form):
    """Accept invitation from Customer Setup: only the sharing question."""

    def __init__(self, *args, customer_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["share_restricted_profile"] = share_field(customer_name)
