"""Customers (buying organisations) and their staff."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from customers.models.search_word import CustomerSearchWord
from customers.normalization import normalize_search_text


class CustomerQuerySet(models.QuerySet["Customer"]):
    def listed(self) -> "CustomerQuerySet":
        """Customers shown in the directory search."""
        return self.filter(listed=True)


class Customer(models.Model):
    """A buying organisation that suppliers connect with."""

    name = models.CharField(_("name"), max_length=200)
    # The name lower-cased, without accents or punctuation: what search matches.
    search_name = models.CharField(_("search name"), max_length=200, editable=False)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.CharField(_("short description"), max_length=500, blank=True)
    email_domains = models.JSONField(
        _("email domains"),
        default=list,
        blank=True,
        help_text=_(
            "Domains your staff's email addresses use, e.g. acme.example. A supplier's "
            "Customer Contact must be on one of them. Leave empty to accept any address."
        ),
    )
    accepts_requests = models.BooleanField(
        _("accepts connection requests"),
        default=True,
        help_text=_("Off: suppliers can only connect through your invitations."),
    )
    days_to_answer = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How long a connection request or an invitation stays open."),
    )
    listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_("Off: suppliers cannot find you by searching."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        indexes = [models.Index(fields=["search_name"], name="customer_search_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        saved_search_name = self.search_name  # as loaded from the database ("" when new)
        self.search_name = normalize_search_text(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)
        if update_fields is None or "name" in update_fields:
            CustomerSearchWord.objects.count_words(before=saved_search_name, after=self.search_name)

    def accepts_contact_email(self, email: str) -> bool:
        """A Customer Contact must be on one of the customer's domains, if it lists any."""
        if not self.email_domains:
            return True
        domain = email.rsplit("@", 1)[-1].lower()
        return domain in {d.lower() for d in self.email_domains}

    @property
    def terms_version(self) -> int:
        """The number of the terms suppliers accept now (0: none written); one query.

        The texts are ``CustomerTerms`` versions (``customers/models/terms.py``).
        """
        latest = self.terms_versions.order_by("-version").values_list("version", flat=True)
        return latest.first() or 0

    def answer_deadline(self, *, start=None):
        return (start or timezone.now()) + timedelta(days=self.days_to_answer)


class CustomerMemberQuerySet(models.QuerySet["CustomerMember"]):
    def emails(self) -> list[str]:
        return list(self.filter(user__is_active=True).values_list("user__email", flat=True))

    def admins(self) -> "CustomerMemberQuerySet":
        return self.filter(role=CustomerMember.Role.ADMIN)

    def due_for_digest(self, day) -> "CustomerMemberQuerySet":
        """Active people who want the daily summary and have not had that day's yet."""
        return self.filter(daily_digest=True, user__is_active=True).filter(
            models.Q(digest_sent_on__isnull=True) | models.Q(digest_sent_on__lt=day)
        )


class CustomerMember(models.Model):
    """A person on a customer's staff, working in the customer admin site.

    Admins do everything; reviewers answer connection requests, review
    onboarding answers and invite suppliers, and cannot change the customer's
    settings, team or questionnaires.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        REVIEWER = "reviewer", _("Reviewer")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="members", verbose_name=_("customer")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="customer_membership",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ADMIN)
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    # The person's own choice (``customers/services/digest.py``): one email a day that
    # says what waits, sent only on days something does.
    daily_digest = models.BooleanField(
        _("daily summary by email"),
        default=True,
        help_text=_(
            "An email on each day something waits for you: requests, answers, invitations."
        ),
    )
    digest_sent_on = models.DateField(
        _("last daily summary"), null=True, blank=True, editable=False
    )

    objects = CustomerMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("colleague")
        verbose_name_plural = _("colleagues")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "reviewer"]),
                name="customer_member_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.customer}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN
