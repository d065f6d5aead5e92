"""Forms of the connections app: the shape of input only (the rules are in services)."""

import logging

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox

from customers.forms import share_field

logger = logging.getLogger(__name__)


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Customer name"), required=False, max_length=100)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)


class CaptchaWidget(ReCaptchaV2Checkbox):
    """The reCAPTCHA checkbox without inline script (strict CSP).

    Google's script is loaded from its own host (allowed on the request page
    only) and finds the box by its class; no callback function is needed.
    """

    template_name = "connections/widgets/recaptcha_checkbox.html"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("data-callback", None)
        return attrs

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["language"] = translation.get_language() or settings.LANGUAGE_CODE
        return context


class CaptchaField(ReCaptchaField):
    """django-recaptcha's field, with our messages and an unreachable service as a form error.

    django-recaptcha turns an ``HTTPError`` into a form error but lets
    ``URLError`` (no network) and timeouts escape, which would be a 500.
    """

    widget = CaptchaWidget
    default_error_messages = {
        "required": _("Tick the box “I'm not a robot” to show you are a person."),
        "captcha_invalid": _("The captcha was not passed. Tick the box again and retry."),
        "captcha_error": _("We could not verify the captcha. Please try again in a moment."),
    }

    def validate(self, value) -> None:
        try:
            super().validate(value)
        # URLError and timeouts are OSErrors; a garbled answer is a ValueError.
        except (OSError, ValueError) as error:
            logger.warning("reCAPTCHA verification unreachable: %s", error)
            raise ValidationError(
                self.error_messages["captcha_error"], code="captcha_error"
            ) from None


class ConnectionRequestForm(forms.Form):
    contact_email = forms.EmailField(
        label=_("Customer Contact"),
        max_length=254,
        help_text=_("The email address of your contact at the customer."),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms"),
        error_messages={"required": _("Accept the customer's connection terms to send a request.")},
    )
    # The version of the terms the supplier was shown (and so accepts); 0: none written.
    terms_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            key: _("This page was out of date. Read the terms and accept them again.")
            for key in ("required", "invalid", "min_value")
        },
    )

    def __init__(self, *args, customer_name: str = "", may_share: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if may_share:  # administrators are asked whether to share the restricted profile
            self.fields["share_restricted_profile"] = share_field(customer_name)
        if settings.CAPTCHA_ENABLED:
            self.fields["captcha"] = CaptchaField(
                label=_("Captcha"),
                public_key=settings.RECAPTCHA_PUBLIC_KEY,
                private_key=settings.RECAPTCHA_PRIVATE_KEY,
            )

    @property
    def captcha_enabled(self) -> bool:
        return "captcha" in self.fields


class RejectRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The supplier sees this reason."),
    )
