"""Company document files, in and out: what an upload must be, and how a file is sent.

The type of a file is read from its first bytes, never from its name or the
browser's word for it. The uploaded name is only ever shown back (as the
download's name): it must be a plain name, without path separators or
control characters. Files are stored under random names (``accounts.models``)
and sent only by views that checked access, as attachments.
"""

import os
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The types a document may be: the content type, and the extension it is stored with.
ALLOWED_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
SNIFF_BYTES = 8
MAX_NAME_LENGTH = 200


def sniff_content_type(head: bytes) -> str | None:
    """The allowed type these first bytes start, or None."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def unsafe_name_message(name: str) -> str | None:
    """Why this file name is refused, or None when it is a plain name."""
    if any(separator in name for separator in ("/", "\\")) or any(
        unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name
    ):
        return _(
            "The name of the file “%(name)s” holds a path separator or a control character. "
            "Rename the file, then upload it again."
        ) % {"name": "".join(char if char.isprintable() else "?" for char in name)}
    if name in {"", ".", ".."} or len(name) > MAX_NAME_LENGTH:
        return _("Give the file a name of at most %(max)d characters, then upload it again.") % {
            "max": MAX_NAME_LENGTH
        }
    return None


def check_upload(uploaded) -> str:
    """The content type of an uploaded file; ``ValidationError`` saying what is wrong.

    Empty, too large, a name that is not a plain name, or content that is not a
    PDF, PNG or JPEG file are refused (the content decides, not the name).
    """
    name = uploaded.name or ""
    if message := unsafe_name_message(name):
        raise ValidationError(message, code="unsafe_name")
    if not uploaded.size:
        raise ValidationError(
            _("The file “%(name)s” is empty. Choose the file again.") % {"name": name},
            code="empty",
        )
    if uploaded.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    uploaded.seek(0)
    content_type = sniff_content_type(uploaded.read(SNIFF_BYTES))
    uploaded.seek(0)
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, PNG or JPEG file. Save the document in one of these "
                "formats, then upload it."
            )
            % {"name": name},
            code="wrong_type",
        )
    return content_type


def too_large_message() -> str:
    return _("The file is larger than %(max)s. Upload a smaller file (PDF, PNG or JPEG).") % {
        "max": filesizeformat(settings.DOCUMENT_MAX_BYTES)
    }


def download_response(version) -> FileResponse:
    """The file of a document version as an attachment; the caller checked access."""
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=os.path.basename(version.filename),
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
