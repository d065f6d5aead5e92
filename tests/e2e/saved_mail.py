"""The mail the local backend saved (``local_mail_dir``), as a person reads it."""

import email
import email.policy
import re
from pathlib import Path


def link_path(mail_dir: Path, prefix: str) -> str:
    """The path of the one saved email's link that starts with ``prefix``."""
    [path] = list(mail_dir.glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"https?://[^/\s]+({re.escape(prefix)}\S+)", text).group(1)
