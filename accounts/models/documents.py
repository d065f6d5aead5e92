"""The documents a supplier keeps on its company page, each with its versions."""

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models.companies import Supplier
from accounts.models.users import User
from accounts.uploads import ALLOWED_TYPES


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
