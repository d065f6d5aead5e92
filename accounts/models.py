"""The user (email is the login), the supplier company and its members."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class Supplier(models.Model):
    """A supplier company: the party that connects with customers."""

    name = models.CharField(_("company name"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
