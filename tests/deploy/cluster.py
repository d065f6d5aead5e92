"""A PostgreSQL cluster of the test's own (``initdb`` in a temporary folder), to stop and start.

The shared PostgreSQL of the machine is never stopped: a fault test that takes
the database away creates this one, on a free port, and removes it afterwards.
PostgreSQL refuses to run as root, so as root its programs run as the
``postgres`` user (``runuser``), in a folder that user owns.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import skip_or_fail


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> int:
    number = path.split("/")[4]
    return int(number) if number.isdigit() else 0


class ThrowawayCluster:
    def __init__(self) -> None:
        binaries = _binaries()
        if binaries is None:
            skip_or_fail("needs PostgreSQL's server programs (initdb, pg_ctl)")
        self.bin = binaries
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="csp-portal-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.port = _free_port()
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start")

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "portal")

    def crash(self) -> None:
        """Stops at once, as a power cut would: open transactions are lost, not finished."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args, check: bool = True) -> None:
        command = [str(self.bin / program), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise AssertionError(f"{program} failed:\n{result.stdout}{result.stderr}\n{log}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
