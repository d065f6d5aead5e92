"""allauth adapters: account emails go through the outbox, in the user's language;
a confirmed address sends a waiting request to join; the TOTP QR code is inline SVG."""

from types import SimpleNamespace
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.translation import gettext

from accounts import services
from csp_portal.outbox import emails


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
        # Some notifications are sent on commit, once the request is over.
        domain = request.get_host() if request is not None else urlparse(settings.SITE_URL).netloc
        site = SimpleNamespace(name=settings.SITE_NAME, domain=domain)
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        language = _language_of(context.get("user"), email)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        emails.queue_message(message, kind=template_prefix, language=language)

    def get_login_redirect_url(self, request) -> str:
        """Customer staff land in their customer administration (/customer-admin/).

        Someone who is also a member of a supplier lands on the home page, whose
        menu leads to both sides. A ``next`` address, when given, still wins.
        """
        user = request.user
        if hasattr(user, "customer_membership") and not hasattr(user, "supplier_membership"):
            return resolve_url("customer_admin:index")
        return super().get_login_redirect_url(request)

    def confirm_email(self, request, email_address) -> bool:
        """allauth's confirmation, then the user's request to join (if any) goes to the admins."""
        with transaction.atomic():
            confirmed = super().confirm_email(request, email_address)
            join_request = None
            if confirmed:
                join_request = services.submit_join_request(user=email_address.user)
        if join_request is not None:
            messages.info(
                request,
                gettext(
                    "Your request to join %(company)s has been sent to its administrators. "
                    "You will receive an email when they answer."
                )
                % {"company": join_request.supplier.name},
            )
        return confirmed


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The QR code as an inline <svg> element, so the page needs no data: images (CSP)."""
        svg = super().build_totp_svg(url)
        return svg[svg.index("<svg") :]


def _language_of(user, email: str) -> str:
    """The recipient's chosen language, else the language of the current page."""
    if user is None:
        user = get_user_model().objects.filter(email__iexact=email).only("language").first()
    chosen = getattr(user, "language", "") or ""
    return chosen or translation.get_language() or "en"
