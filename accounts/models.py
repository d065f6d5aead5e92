"""The user (email is the login), the supplier company, its profile, domains and members."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.domains import validate_company_domain
from csp_portal.audit import AuditEvent
from csp_portal.errors import TransitionNotAllowed


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Chosen with the language switcher; empty means the browser's language."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("operator"),
        default=False,
        help_text=_("May log in to the operator's admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


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


class SupplierMemberQuerySet(models.QuerySet["SupplierMember"]):
    def admins(self) -> "SupplierMemberQuerySet":
        return self.filter(role=SupplierMember.Role.ADMIN)


class SupplierMember(models.Model):
    """A user's place in their supplier company. A user works for one company."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="members", verbose_name=_("supplier")
    )
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="supplier_membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    can_manage_connections = models.BooleanField(
        _("may manage customer connections"),
        default=False,
        help_text=_("Members with this right may send and withdraw connection requests."),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    objects = SupplierMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier member")
        verbose_name_plural = _("supplier members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "member"]), name="supplier_member_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.supplier} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    @property
    def may_manage_connections(self) -> bool:
        return self.is_admin or self.can_manage_connections


class JoinRequestQuerySet(models.QuerySet["JoinRequest"]):
    def for_supplier(self, supplier: Supplier) -> "JoinRequestQuerySet":
        return self.filter(supplier=supplier)

    def pending(self) -> "JoinRequestQuerySet":
        return self.filter(status=JoinRequest.Status.PENDING)

    def open(self) -> "JoinRequestQuerySet":
        return self.filter(status__in=JoinRequest.OPEN_STATUSES)


class JoinRequest(models.Model):
    """Someone who signed up with an address on a company's domain asks to join it.

    The request waits for the requester to confirm their address, then for an
    administrator of the company to approve it (the requester becomes a
    member) or to decline it.
    """

    class Status(models.TextChoices):
        AWAITING_EMAIL = "awaiting_email", _("Waiting for the email address to be confirmed")
        PENDING = "pending", _("Waiting for an administrator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    ALLOWED_MOVES = {
        Status.AWAITING_EMAIL: {Status.PENDING},
        Status.PENDING: {Status.APPROVED, Status.DECLINED},
    }
    OPEN_STATUSES = (Status.AWAITING_EMAIL, Status.PENDING)

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("supplier"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("user")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.AWAITING_EMAIL
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["awaiting_email", "pending"]),
                name="join_request_one_open_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["awaiting_email", "pending", "approved", "declined"]
                ),
                name="join_request_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.supplier} ({self.get_status_display()})"

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED_MOVES.get(self.status, set())

    def check_can_move_to(self, status: str) -> None:
        if self.can_move_to(status):
            return
        message = (
            _("This request is not ready: the person has not confirmed their email address.")
            if self.status == self.Status.AWAITING_EMAIL
            else _("This request has already been answered.")
        )
        raise TransitionNotAllowed(message, current=self.status, target=status)


class SupplierAuditEventQuerySet(models.QuerySet["SupplierAuditEvent"]):
    def for_supplier(self, supplier: Supplier) -> "SupplierAuditEventQuerySet":
        return self.filter(supplier=supplier)


class SupplierAuditEvent(AuditEvent):
    """A change to a supplier company (profile, domains, sharing, team), for its admins."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="audit_events", verbose_name=_("supplier")
    )

    objects = SupplierAuditEventQuerySet.as_manager()

    class Meta(AuditEvent.Meta):
        verbose_name = _("company audit event")
        verbose_name_plural = _("company audit log")
        indexes = [models.Index(fields=["supplier", "-created_at"], name="supplier_audit_time")]
