"""Helpers for the document tests: real small files, and documents added the way admins do."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import services
from accounts.demo import demo_pdf

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def pdf_bytes(text: str = "Certificate of insurance") -> bytes:
    return demo_pdf([text])


def pdf_file(name: str = "certificate.pdf", text: str = "Certificate of insurance"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def make_document(
    supplier, *, actor, title="Civil liability insurance", kind="insurance", expires_on=None
):
    """A document with one PDF file, through the service."""
    return services.add_company_document(
        supplier=supplier,
        actor=actor,
        kind=kind,
        title=title,
        expires_on=expires_on,
        uploaded=pdf_file(text=title),
    )
