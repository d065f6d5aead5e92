"""The table ``make bench`` prints, and ``docs/benchmarks.md``, whose generated part it replaces."""

import os
import platform
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from csp_portal.benchmark.load import Result

START, END = "<!-- make bench: start -->", "<!-- make bench: end -->"
SEARCH_START, SEARCH_END = "<!-- make bench, search: start -->", "<!-- make bench, search: end -->"
TARGET = 0.5  # x ceiling, every page


@dataclass
class Row:
    name: str
    result: Result | None = None
    status: int = 200
    queries: dict[int, int] = field(default_factory=dict)  # rows → SQL queries
    ceiling_per_second: float = 0.0  # the ceiling measured around this page
    not_2xx: int = 0  # over every run of the page


@dataclass
class Report:
    conditions: list[str]
    ceiling_per_second: float
    rows: list[Row]
    rss_warm_mb: list[float]
    rss_after_mb: list[float]
    requests_between: int
    sizes: tuple[int, ...]

    def lines(self) -> list[str]:
        sizes = "/".join(str(size) for size in self.sizes)
        out = [
            f"| page | req/s | p50 ms | p99 ms | x ceiling | non-2xx | queries at {sizes} rows |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for row in self.rows:
            result = row.result
            counts = [row.queries.get(size) for size in self.sizes]
            shown = "/".join("-" if count is None else str(count) for count in counts)
            known = [count for count in counts if count is not None]
            if known and len(set(known)) > 1:
                shown += " **grows**"
            if result is None:
                out.append(f"| {row.name} | - | - | - | - | status {row.status} | {shown} |")
                continue
            ratio = result.per_second / (row.ceiling_per_second or self.ceiling_per_second)
            flag = "" if ratio >= TARGET else " ✗"
            out.append(
                f"| {row.name} | {result.per_second:,.0f} | {result.p50_ms:.1f} | "
                f"{result.p99_ms:.1f} | {ratio:.2f}{flag} | {row.not_2xx} | {shown} |"
            )
        out += [
            "",
            f"Web worker RSS after warm-up: {_sizes(self.rss_warm_mb)}; after "
            f"{self.requests_between:,} more requests: {_sizes(self.rss_after_mb)}.",
        ]
        return out

    def markdown(self) -> str:
        return "\n".join(
            [
                "",
                *[f"- {line}" for line in self.conditions],
                "",
                *self.lines(),
                "",
            ]
        )


def _sizes(sizes: list[float]) -> str:
    return ", ".join(f"{size:.0f} MB" for size in sizes) + " (per worker)"


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kilobytes / 1024 / 1024:.0f} GB memory"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return [
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; commit {_commit()}",
        f"Machine: {os.cpu_count()} cores ({cpu}){memory}; PostgreSQL {postgres} on the "
        f"same machine; load average before the run {load}",
    ]


def _commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}{' with uncommitted changes' if dirty else ''}"


def write(path: Path, report: Report) -> None:
    """Replace the generated page table of ``path``, keeping what people wrote around it."""
    write_section(path, report.markdown(), start=START, end=END)


def write_section(path: Path, markdown: str, *, start: str, end: str) -> None:
    """Replace what lies between ``start`` and ``end`` in ``path`` (added at the end when
    missing), keeping the rest."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if start not in text:
        text += f"\n{start}\n{end}\n"
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1] if end in rest else ""
    path.write_text(f"{before}{start}\n\n{markdown.strip()}\n\n{end}{after}")
