"""The supplier company, its public and restricted profile, and the email domains it proves."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.domains import validate_company_domain
from accounts.models.users import User


@dataclass(frozen=True)
class PublicProfile:
    """What every customer the supplier has a relationship with sees."""

    trading_name: str
    country: str
    country_name: str
    website: str
    description: str


@dataclass(frozen=True)
class RestrictedProfile:
    """What only the customers the supplier chooses see."""

    legal_name: str
    tax_id: str
    postal_address: str
    phone: str
    contact_name: str
    contact_email: str

    @property
    def postal_address_line(self) -> str:
        """The address on one line (plain text emails, exports)."""
        return ", ".join(line.strip() for line in self.postal_address.splitlines() if line.strip())


class Supplier(models.Model):
    """A supplier company: the party that connects with customers.

    Its profile has two parts: the public fields, shown to every customer the
    supplier has a relationship with, and the restricted fields, shown only to
    the customers the supplier chooses (see ``accounts.selectors``).
    """

    PUBLIC_PROFILE_FIELDS = ("name", "country", "website", "description")
    RESTRICTED_PROFILE_FIELDS = (
        "legal_name",
        "tax_id",
        "postal_address",
        "phone",
        "contact_name",
        "contact_email",
    )

    name = models.CharField(
        _("trading name"),
        max_length=200,
        help_text=_("The name your customers know you by."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(
        _("description"),
        max_length=2000,
        blank=True,
        help_text=_("What your company does and supplies, in a few sentences."),
    )
    legal_name = models.CharField(
        _("legal name"),
        max_length=200,
        blank=True,
        help_text=_("As registered, with the legal form: “Démo Fournitures SARL”."),
    )
    tax_id = models.CharField(
        _("tax ID"),
        max_length=50,
        blank=True,
        help_text=_("VAT number, or company registration number (SIREN, SIRET…)."),
    )
    postal_address = models.TextField(_("postal address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_name = models.CharField(_("main contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("main contact's email"), blank=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def public_profile(self) -> PublicProfile:
        return PublicProfile(
            trading_name=self.name,
            country=self.country.code or "",
            country_name=str(self.country.name) if self.country else "",
            website=self.website,
            description=self.description,
        )

    def restricted_profile(self) -> RestrictedProfile:
        return RestrictedProfile(
            **{field: getattr(self, field) for field in self.RESTRICTED_PROFILE_FIELDS}
        )


def hash_proof_token(token: str) -> str:
    """The SHA-256 of a domain proof link's token: only the hash is stored (256 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


class CompanyDomainQuerySet(models.QuerySet["CompanyDomain"]):
    def for_supplier(self, supplier: Supplier) -> "CompanyDomainQuerySet":
        return self.filter(supplier=supplier)

    def matching(self, domain: str) -> "CompanyDomainQuerySet":
        return self.filter(domain=domain.lower())

    def proven(self) -> "CompanyDomainQuerySet":
        return self.filter(proven_at__isnull=False)

    def unproven(self) -> "CompanyDomainQuerySet":
        return self.filter(proven_at__isnull=True)

    def with_link_token(self, token: str) -> "CompanyDomainQuerySet":
        return self.filter(link_token_hash=hash_proof_token(token))


class CompanyDomain(models.Model):
    """A domain the staff of a company use for their email addresses, declared by its admin.

    A declared domain does nothing until it is proven (``proven_at``): the
    declaring admin's own verified address is on it, someone followed a link
    sent to an address on it, or the operator vouched for it. Then sign-up
    recognises a colleague by it ("ask to join"). A proven domain belongs to
    one company; until then several companies may claim it, and the first
    to prove it releases the others' claims (``accounts.services``).
    """

    class Proof(models.TextChoices):
        ADMIN_EMAIL = "admin_email", _("the administrator's own address")
        LINK = "link", _("a link sent to an address on the domain")
        OPERATOR = "operator", _("the operator")

    # How long a proof link works, and how long before another can be sent.
    LINK_LIFETIME = timedelta(days=7)
    LINK_INTERVAL = timedelta(minutes=5)

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="domains", verbose_name=_("supplier")
    )
    domain = models.CharField(_("domain"), max_length=253, validators=[validate_company_domain])
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    added_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    proven_at = models.DateTimeField(_("proven"), null=True, blank=True)
    proof = models.CharField(
        _("proven by"), max_length=16, choices=Proof.choices, blank=True, default=""
    )
    # The address on the domain that proved it (the admin's own, or the link's).
    proven_with = models.EmailField(_("proven with the address"), blank=True, default="")
    link_token_hash = models.CharField(
        _("proof link token hash"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
    )
    link_sent_to = models.EmailField(_("proof link sent to"), blank=True, default="")
    link_sent_at = models.DateTimeField(_("proof link sent"), null=True, blank=True)

    objects = CompanyDomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("company email domain")
        verbose_name_plural = _("company email domains")
        ordering = ["domain"]
        constraints = [
            # One company per proven domain, decided by the database (two proofs at once).
            models.UniqueConstraint(
                Lower("domain"),
                condition=models.Q(proven_at__isnull=False),
                name="company_domain_proven_once",
            ),
            models.UniqueConstraint(
                fields=["supplier", "domain"], name="company_domain_once_per_company"
            ),
            models.CheckConstraint(
                condition=models.Q(domain=Lower("domain")), name="company_domain_lowercase"
            ),
            models.CheckConstraint(
                condition=models.Q(proven_at__isnull=True, proof="")
                | models.Q(proven_at__isnull=False, proof__in=["admin_email", "link", "operator"]),
                name="company_domain_proof_with_its_date",
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    @property
    def is_proven(self) -> bool:
        return self.proven_at is not None

    @property
    def link_expires_at(self):
        return self.link_sent_at + self.LINK_LIFETIME if self.link_sent_at else None

    @property
    def link_is_expired(self) -> bool:
        return self.link_sent_at is None or timezone.now() >= self.link_expires_at

    @property
    def has_live_link(self) -> bool:
        return not self.is_proven and self.link_token_hash is not None and not self.link_is_expired
