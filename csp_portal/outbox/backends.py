"""The local mail backend: each message is saved as a ``.eml`` file.

Used when no email provider is configured, so a developer can open the
message (or follow its links at ``/dev/mail/``) without a mail server.
"""

import re
import uuid
from pathlib import Path

from django.core.mail import InvalidMailer
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class LocalFileEmailBackend(BaseEmailBackend):
    def __init__(self, *, directory: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if not directory:
            raise InvalidMailer("OPTIONS must define 'directory'.", alias=self.alias)
        self.directory = Path(directory)

    def send_messages(self, email_messages) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            # At most 80 characters of the address: a file name has 255 bytes at most.
            recipient = re.sub(r"[^A-Za-z0-9.@_-]+", "_", (message.to or ["unknown"])[0])[:80]
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            path = self.directory / f"{stamp}-{recipient}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)


def saved_messages(directory: Path) -> list[Path]:
    """The saved ``.eml`` files, newest first."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*.eml"), key=lambda p: p.name, reverse=True)
