"""The customer's connection terms, in versions: what a supplier accepts when requesting.

Each change of the terms is a new ``CustomerTerms`` row (version 1, 2, …);
a version, once published, never changes, so a connection request can point
to the exact text the supplier accepted. The text is written in English
and/or French; a supplier reads their language's version, or the other one
(``text_in``). ``customers/services/terms.py`` publishes new versions.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.localized import LocalizedText, in_language
from customers.models.customer import Customer


class CustomerTermsQuerySet(models.QuerySet["CustomerTerms"]):
    def for_customer(self, customer: Customer) -> "CustomerTermsQuerySet":
        return self.filter(customer=customer)

    def current_for(self, customer: Customer) -> "CustomerTerms | None":
        """The version suppliers accept now: the latest one (``None``: never written)."""
        return self.for_customer(customer).order_by("-version").first()


class CustomerTerms(models.Model):
    """One version of a customer's connection terms; never changed once saved."""

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="terms_versions",
        verbose_name=_("customer"),
    )
    version = models.PositiveIntegerField(_("version"))
    text_en = models.TextField(_("terms in English"), blank=True)
    text_fr = models.TextField(_("terms in French"), blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = CustomerTermsQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection terms")
        verbose_name_plural = _("connection terms")
        ordering = ["customer", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "version"], name="terms_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="terms_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} — {self.version}"

    def save(self, *args, **kwargs) -> None:
        # What a supplier accepted must stay what it was: a change is a new version.
        if not self._state.adding:
            raise ValueError("A published version of the terms is never changed.")
        super().save(*args, **kwargs)

    @property
    def texts(self) -> dict[str, str]:
        """Language code → text (blank when not written in that language)."""
        return {"en": self.text_en, "fr": self.text_fr}

    @property
    def is_empty(self) -> bool:
        """No text in any language: the customer has no terms (they were cleared)."""
        return not any(text.strip() for text in self.texts.values())

    def text_in(self, language: str | None = None) -> LocalizedText:
        """The text in the reader's language (the active one by default), else the other."""
        return in_language(self.texts, language)

    @property
    def shown_text(self) -> LocalizedText:
        """The text in the active language, for templates."""
        return self.text_in()

    def written_texts(self) -> list[LocalizedText]:
        """Each language's text the customer wrote, in the portal's order."""
        return [LocalizedText(text, code) for code, text in self.texts.items() if text.strip()]
