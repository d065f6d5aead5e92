"""Forms of the customers app: shape of input only."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, CustomerTerms

TERMS_MAX_LENGTH = 20_000
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class EndRelationshipForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The other side sees this reason."),
    )


class CustomerSetupFilterForm(forms.Form):
    q = forms.CharField(label=_("Filter customers"), required=False, max_length=100)


class DomainListField(forms.CharField):
    """Email domains typed one per line (or separated by commas or spaces)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return sorted(
            {
                part.strip().lower().lstrip("@")
                for part in re.split(r"[\s,;]+", text)
                if part.strip()
            }
        )

    def validate(self, value) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        invalid = [domain for domain in value if not _DOMAIN.match(domain)]
        if invalid:
            raise forms.ValidationError(
                _(
                    "Not a valid domain: %(domains)s. Type domains such as acme.example, one per line."
                ),
                params={"domains": ", ".join(invalid)},
                code="invalid_domain",
            )


# Shown above both terms fields (the admin's fieldset description).
TERMS_HELP = _(
    "What a supplier accepts when requesting a connection. Write it in English, in French, "
    "or both: suppliers read their language's version, or the other one when you wrote only "
    "one. Each change is a new version; requests keep the version they accepted."
)


class CustomerSettingsForm(forms.ModelForm):
    """The customer's settings, and its connection terms in each language (a new version
    is published when they change: ``customers.services.terms.publish_terms``)."""

    email_domains = DomainListField(
        label=_("Email domains"),
        required=False,
        help_text=Customer._meta.get_field("email_domains").help_text,
    )
    terms_en = forms.CharField(
        label=_("Connection terms in English"),
        required=False,
        max_length=TERMS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}),
    )
    terms_fr = forms.CharField(
        label=_("Connection terms in French"),
        required=False,
        max_length=TERMS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "lang": "fr"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = CustomerTerms.objects.current_for(self.instance) if self.instance.pk else None
        if current is not None:
            self.fields["terms_en"].initial = current.text_en
            self.fields["terms_fr"].initial = current.text_fr

    def terms_texts(self) -> dict[str, str]:
        """Language code → the terms typed (once the form is valid)."""
        return {"en": self.cleaned_data["terms_en"], "fr": self.cleaned_data["terms_fr"]}

    class Meta:
        model = Customer
        fields = [
            "name",
            "country",
            "city",
            "description",
            "email_domains",
            "accepts_requests",
            "days_to_answer",
            "listed",
        ]


class DailyDigestForm(forms.Form):
    """A customer staff member's own choice about the daily digest email."""

    daily_digest = forms.BooleanField(
        label=_("Email me a summary on each day something waits for me"),
        required=False,
        help_text=_(
            "Connection requests to answer, onboarding answers to review, invitations that "
            "bounced or expire soon: one email a day, only on days something waits."
        ),
    )
