"""deploy/: the systemd units verify, and their environment file names real settings."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import skip_or_fail

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = sorted(path.name for path in DEPLOY.glob("*.service"))
INSTALL_DIR = "/srv/csp-portal"


def _variables_read_by_settings() -> set[str]:
    sources = (Path(settings.BASE_DIR) / "csp_portal" / "settings.py").read_text()
    return set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', sources))


def _template() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "csp-portal.env").read_text().splitlines():
        line = line.strip().lstrip("#")
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


def test_the_web_worker_and_scheduler_units_are_shipped():
    assert UNITS == [
        "csp-portal-scheduler.service",
        "csp-portal-web.service",
        "csp-portal-worker@.service",
    ]


def test_the_units_verify_with_systemd_analyze(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        skip_or_fail("needs systemd-analyze (apt install systemd; no running systemd needed)")
    # The units name /srv/csp-portal; here the checkout stands in for it, so that
    # systemd-analyze finds the programs they start.
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(INSTALL_DIR, str(settings.BASE_DIR))
        (tmp_path / name).write_text(text)
    instances = [name.replace("@.", "@1.") for name in UNITS]

    result = subprocess.run(
        [analyze, "verify", "--man=no", *instances],
        cwd=tmp_path,
        env={"SYSTEMD_UNIT_PATH": f"{tmp_path}:", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == "", result.stderr  # a bad value is only a warning


def test_every_variable_the_units_use_is_in_the_environment_file():
    used = set()
    for name in UNITS:
        used |= set(re.findall(r"\$\{([A-Z0-9_]+)\}", (DEPLOY / name).read_text()))

    assert used <= set(_template())
    for name in UNITS:
        assert "EnvironmentFile=/etc/csp-portal/csp-portal.env" in (DEPLOY / name).read_text()


def test_the_environment_file_names_only_variables_the_portal_reads():
    unit_only = {"WEB_BIND", "WEB_WORKERS", "WEB_THREADS", "FORWARDED_ALLOW_IPS"}
    known = _variables_read_by_settings() | unit_only | {"POSTMARK_SERVER_TOKEN"}

    assert set(_template()) - known == set()
    assert _template()["TASKS_BACKEND"] == "database"
    assert _template()["DEBUG"] == "false"


@pytest.mark.parametrize("name", UNITS)
def test_the_readme_explains_each_unit(name):
    assert name in (Path(settings.BASE_DIR) / "README.md").read_text()
