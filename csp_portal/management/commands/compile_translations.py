"""Compile the project's .po catalogues to .mo in Python (no GNU gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def project_catalogues() -> list[Path]:
    """Every django.po / djangojs.po of the project (not of installed libraries)."""
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [
        settings.BASE_DIR / app / "locale"
        for app in ("accounts", "customers", "connections", "csp_portal")
    ]
    return sorted(po for root in roots if root.is_dir() for po in root.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po → .mo) without msgfmt."

    def handle(self, *args, **options) -> None:
        compiled = 0
        for po_path in project_catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"{compiled} catalogue(s) compiled.")
