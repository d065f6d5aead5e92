"""allauth adapter: account emails go through the outbox, in the user's language."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from csp_portal import emails


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "") or ""
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """As allauth's, but written to the outbox instead of sent inline."""
        request = allauth_context.request
        # allauth names the site after its domain without django.contrib.sites.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=request.get_host())
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        language = _language_of(context.get("user"), email)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        emails.queue_message(message, kind=template_prefix, language=language)


def _language_of(user, email: str) -> str:
    """The recipient's chosen language, else the language of the current page."""
    if user is None:
        user = get_user_model().objects.filter(email__iexact=email).only("language").first()
    chosen = getattr(user, "language", "")
    return chosen or translation.get_language() or "en"
