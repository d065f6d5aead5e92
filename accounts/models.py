"""The user (email is the login), the supplier company, its profile, domains, members
and the invitations to join its team."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.domains import validate_company_domain
from accounts.uploads import ALLOWED_TYPES
from csp_portal.audit import AuditEvent
from csp_portal.errors import TransitionNotAllowed
from csp_portal.join_links import JoinInvitation


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
    # Raised to end every session of the user at once (see _get_session_auth_hash).
    session_generation = models.PositiveIntegerField(_("session generation"), default=0)
    # Set when the person deleted their account: the row stays, emptied, so that
    # timelines and audit logs still name a "former user".
    deleted_at = models.DateTimeField(_("account deleted"), null=True, blank=True)

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
        return self.get_full_name() if self.is_deleted else self.email

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def get_full_name(self) -> str:
        if self.is_deleted:
            return gettext("Former user")
        return self.full_name or self.email

    def get_short_name(self) -> str:
        if self.is_deleted:
            return self.get_full_name()
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _get_session_auth_hash(self, secret=None) -> str:
        """Django's session hash (an HMAC of the password), plus the session generation.

        Raising ``session_generation`` ends every session of the user, whatever
        the session store and however many processes; generation 0 keeps
        Django's own hash, so sessions open before this field existed stay open.
        """
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "accounts.User.session_generation",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

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


class SupplierMemberQuerySet(models.QuerySet["SupplierMember"]):
    def active(self) -> "SupplierMemberQuerySet":
        return self.filter(deactivated_at__isnull=True)

    def admins(self) -> "SupplierMemberQuerySet":
        """The active administrators (a deactivated one administers nothing)."""
        return self.active().filter(role=SupplierMember.Role.ADMIN)


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
    # A deactivated colleague keeps their place and history but may not act;
    # an administrator can reactivate them.
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    deactivated_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deactivated by"),
    )

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
    def is_deactivated(self) -> bool:
        return self.deactivated_at is not None

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
    changed_model = Supplier

    class Meta(AuditEvent.Meta):
        verbose_name = _("company audit event")
        verbose_name_plural = _("company audit log")
        indexes = [models.Index(fields=["supplier", "-created_at"], name="supplier_audit_time")]


# --- Company documents ---------------------------------------------------------


class DocumentKind(models.TextChoices):
    INSURANCE = "insurance", _("Certificate of insurance")
    ISO = "iso", _("ISO certificate")
    BANK_DETAILS = "bank_details", _("Bank details letter")
    TAX = "tax", _("Tax certificate")
    OTHER = "other", _("Other")


class CompanyDocumentQuerySet(models.QuerySet["CompanyDocument"]):
    def for_supplier(self, supplier: Supplier) -> "CompanyDocumentQuerySet":
        return self.filter(supplier=supplier)


class CompanyDocument(models.Model):
    """A document a supplier holds for its customers (insurance certificate, ISO…).

    Restricted, like the restricted profile: a customer sees it only while the
    supplier shares with that customer, or as the answer to that customer's
    question of kind File. Its file comes in versions: the newest is the
    current one (``CompanyDocumentVersion.is_current``); replaced versions stay
    visible to the supplier only.
    """

    Kind = DocumentKind

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="documents", verbose_name=_("supplier")
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = CompanyDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("company document")
        verbose_name_plural = _("company documents")
        ordering = ["kind", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="company_document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CompanyDocumentVersionQuerySet(models.QuerySet["CompanyDocumentVersion"]):
    def current(self) -> "CompanyDocumentVersionQuerySet":
        return self.filter(is_current=True)

    def for_supplier(self, supplier: Supplier) -> "CompanyDocumentVersionQuerySet":
        return self.filter(document__supplier=supplier)

    def due_for_expiry_reminder(self, *, today, days: int) -> "CompanyDocumentVersionQuerySet":
        """Current files expiring within ``days``, not reminded of this expiry date yet."""
        return (
            self.current()
            .filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))
            .exclude(expiry_reminded_for=models.F("expires_on"))
        )


def document_upload_to(version: "CompanyDocumentVersion", filename: str) -> str:
    """A random name in the supplier's folder: the uploaded name never reaches the storage."""
    extension = ALLOWED_TYPES.get(version.content_type, "")
    return f"documents/{version.document.supplier_id}/{uuid.uuid4().hex}{extension}"


class CompanyDocumentVersion(models.Model):
    """One uploaded file of a document, stored through Django's storage API, never public."""

    document = models.ForeignKey(
        CompanyDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type of file"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # The expiry date the supplier's admins were emailed about (one email per expiry).
    expiry_reminded_for = models.DateField(_("expiry reminder sent for"), null=True, blank=True)

    objects = CompanyDocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(is_current=True),
                name="company_document_one_current_version",
            ),
            models.CheckConstraint(
                condition=models.Q(content_type__in=sorted(ALLOWED_TYPES)),
                name="company_document_version_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today


class TeamInvitation(JoinInvitation):
    """An administrator invites a colleague to join the supplier company (a join link).

    The role and rights are chosen when inviting; the customers the colleague
    may act for are the customers app's (``customers.ColleagueAccess``).
    """

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="team_invitations",
        verbose_name=_("supplier"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=SupplierMember.Role.choices,
        default=SupplierMember.Role.MEMBER,
    )
    can_manage_connections = models.BooleanField(
        _("may manage customer connections"), default=False
    )

    class Meta(JoinInvitation.Meta):
        verbose_name = pgettext_lazy("team", "invitation to join")
        verbose_name_plural = pgettext_lazy("team", "invitations to join")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "email"],
                condition=models.Q(status="pending"),
                name="team_invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "accepted", "revoked"]),
                name="team_invitation_status_valid",
            ),
        ]

    @property
    def is_admin(self) -> bool:
        return self.role == SupplierMember.Role.ADMIN

    @property
    def may_manage_connections(self) -> bool:
        return self.is_admin or self.can_manage_connections
