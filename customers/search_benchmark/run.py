"""Load generated directories of several sizes (once each) and time searches on each.

Each size lives in a PostgreSQL database of its own, named after the current
one (``csp_bench`` → ``csp_bench_10k``, ``csp_bench_100k``, ``csp_bench_1m``),
created, migrated and loaded with COPY on first use and kept afterwards. The
default connection is pointed at each in turn, so ``search_customers`` runs
exactly as on the site.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import psycopg
import psycopg.sql
from django.core.management import call_command
from django.db import connection, transaction

from customers.models import Customer, CustomerSearchWord
from customers.normalization import normalize_search_text
from customers.search import search_customers
from customers.search_benchmark.data import (
    MARKER,
    QUERY_KINDS,
    BenchQuery,
    bench_queries,
    generated_customers,
)

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
ALL_KINDS = "all"
WARM_UP = 20


@dataclass(frozen=True)
class SearchTiming:
    """The timings of one kind of search (or ``"all"``) at one directory size."""

    size: int
    kind: str
    searches: int
    p50_ms: float
    p95_ms: float
    max_ms: float


@dataclass(frozen=True)
class TypoRecovery:
    """Typo searches at one size: how many were corrected, and to the word meant.

    Only a search that finds nothing as typed is corrected: ``unmatched`` counts
    the typos that found nothing (the others are another word of the directory,
    or a piece of one)."""

    size: int
    typos: int
    unmatched: int
    corrected: int
    recovered: int

    @property
    def rate(self) -> float:
        return self.recovered / self.typos if self.typos else 0.0


@dataclass(frozen=True)
class SlowSearch:
    size: int
    elapsed_ms: float
    query: BenchQuery
    results: int
    corrected_query: str | None


@dataclass
class SearchBenchmark:
    """What ``run`` measured."""

    rows: list[SearchTiming] = field(default_factory=list)
    typos: list[TypoRecovery] = field(default_factory=list)
    slowest: list[SlowSearch] = field(default_factory=list)

    @property
    def sizes(self) -> list[int]:
        return sorted({row.size for row in self.rows})

    def p95(self, *, size: int, kind: str = ALL_KINDS) -> float | None:
        return next(
            (row.p95_ms for row in self.rows if row.size == size and row.kind == kind), None
        )

    def growth(self, kind: str = ALL_KINDS) -> float | None:
        """p95 at the largest size divided by p95 at the smallest."""
        if len(self.sizes) < 2:
            return None
        small, large = (
            self.p95(size=self.sizes[0], kind=kind),
            self.p95(size=self.sizes[-1], kind=kind),
        )
        return large / small if small and large is not None else None

    def markdown(self) -> str:
        """The table, as printed and as ``docs/benchmarks.md`` holds it."""
        sizes = self.sizes
        header = ["kind", *(f"{_label(size)} p50 / p95 ms" for size in sizes)]
        if len(sizes) > 1:
            header.append(f"p95 growth {_label(sizes[0])}→{_label(sizes[-1])}")
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for kind in [ALL_KINDS, *(kind for kind, _share in QUERY_KINDS)]:
            cells = [kind]
            for size in sizes:
                row = next((r for r in self.rows if r.size == size and r.kind == kind), None)
                cells.append(f"{row.p50_ms:.1f} / {row.p95_ms:.1f}" if row else "-")
            if len(sizes) > 1:
                growth = self.growth(kind)
                cells.append(f"{growth:.1f}x" if growth is not None else "-")
            lines.append("| " + " | ".join(cells) + " |")
        recovery = ["typo → intended word"]
        for size in sizes:
            typo = next((t for t in self.typos if t.size == size), None)
            recovery.append(f"{typo.recovered}/{typo.typos} ({typo.rate:.0%})" if typo else "-")
        if len(sizes) > 1:
            recovery.append("")
        lines.append("| " + " | ".join(recovery) + " |")
        unmatched = ["… of the typos that match nothing"]
        for size in sizes:
            typo = next((t for t in self.typos if t.size == size), None)
            unmatched.append(
                f"{typo.recovered}/{typo.unmatched} ({typo.recovered / typo.unmatched:.0%})"
                if typo and typo.unmatched
                else "-"
            )
        if len(sizes) > 1:
            unmatched.append("")
        lines.append("| " + " | ".join(unmatched) + " |")
        return "\n".join(lines)


def run(
    *,
    sizes: Sequence[int] = DEFAULT_SIZES,
    searches: int = 400,
    seed: int = 2026,
    reload: bool = False,
    slowest: int = 5,
    log: Callable[[str], None] = print,
    database: str | None = None,
) -> SearchBenchmark:
    """Time ``searches`` random searches at each directory size; see the module docstring.

    The default connection must be PostgreSQL. Each size's database is named after
    ``database`` (default: the connection's; ``make bench-search`` uses
    ``csp_bench``), which must contain "bench". The connection is left pointing
    at the database it started on."""
    started_on = connection.settings_dict["NAME"]
    base = database or started_on
    if connection.vendor != "postgresql" or "bench" not in base:
        raise ValueError(
            "The search benchmark writes millions of rows: it needs PostgreSQL, on a "
            f"database whose name contains 'bench' (not {base!r})."
        )
    result = SearchBenchmark()
    try:
        for size in sizes:
            _use_database(f"{base}_{_label(size)}")
            _load_once(size, reload=reload, log=log)
            _time(size, searches=searches, seed=seed, result=result)
    finally:
        _use_database(started_on, create=False)
    result.slowest = sorted(result.slowest, key=lambda s: s.elapsed_ms, reverse=True)[:slowest]
    return result


def _label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def _use_database(name: str, *, create: bool = True) -> None:
    connection.close()
    if create:
        create_database_if_missing(connection.settings_dict, name)
    connection.settings_dict["NAME"] = name


def create_database_if_missing(settings_dict: dict, name: str) -> None:
    """A benchmark database, created through the server's maintenance database."""
    with psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            server.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name))
            )


# --- Loading -------------------------------------------------------------------


def _load_once(size: int, *, reload: bool, log: Callable[[str], None]) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    generated = Customer.objects.filter(description=MARKER)
    if generated.exists() and not reload:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Customer._meta.db_table} WHERE description = %s", [MARKER])
        cursor.execute(f"DELETE FROM {CustomerSearchWord._meta.db_table}")
    log(f"Loading {size:,} customers into {connection.settings_dict['NAME']}…")
    started = time.perf_counter()
    _copy_customers(size)
    with connection.cursor() as cursor:
        for model in (Customer, CustomerSearchWord):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    log(
        f"Loaded in {time.perf_counter() - started:.0f} s; "
        f"{CustomerSearchWord.objects.count():,} distinct words."
    )


def _copy_customers(size: int) -> None:
    columns = (
        "name, search_name, country, city, description, email_domains, accepts_requests, "
        "days_to_answer, listed, created_at"
    )
    created_at = "2026-01-01T00:00:00+00:00"
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = f"COPY {Customer._meta.db_table} ({columns}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for name, country, city, listed in generated_customers(size):
                copy.write_row(
                    (
                        name,
                        normalize_search_text(name),
                        country,
                        city,
                        MARKER,
                        "[]",
                        True,
                        30,
                        listed,
                        created_at,
                    )
                )
        # The vocabulary, counted from every customer (the database holds only these).
        cursor.execute(
            f"""
            INSERT INTO {CustomerSearchWord._meta.db_table} (word, names)
            SELECT word, count(*) FROM (
                SELECT DISTINCT id, unnest(string_to_array(search_name, ' ')) AS word
                FROM {Customer._meta.db_table}
            ) AS name_words
            GROUP BY word
            """
        )


# --- Timing --------------------------------------------------------------------


def _time(size: int, *, searches: int, seed: int, result: SearchBenchmark) -> None:
    queries = bench_queries(random.Random(seed), searches + WARM_UP)
    for query in queries[:WARM_UP]:
        search_customers(query.text)
    timings: list[tuple[float, BenchQuery, int, str | None]] = []
    for query in queries[WARM_UP:]:
        started = time.perf_counter()
        page = search_customers(query.text)
        elapsed_ms = (time.perf_counter() - started) * 1000
        timings.append((elapsed_ms, query, len(page.results), page.corrected_query))

    for kind in [ALL_KINDS, *(kind for kind, _share in QUERY_KINDS)]:
        of_kind = [t[0] for t in timings if kind == ALL_KINDS or t[1].kind == kind]
        if of_kind:
            result.rows.append(_timing(size, kind, of_kind))
    typos = [t for t in timings if t[1].kind == "typo in a word"]
    result.typos.append(
        TypoRecovery(
            size=size,
            typos=len(typos),
            unmatched=sum(1 for t in typos if t[3] or not t[2]),
            corrected=sum(1 for t in typos if t[3]),
            recovered=sum(1 for t in typos if t[3] and t[1].source in t[3].split()),
        )
    )
    result.slowest += [SlowSearch(size, *t) for t in timings]


def _timing(size: int, kind: str, timings: list[float]) -> SearchTiming:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return SearchTiming(
        size=size,
        kind=kind,
        searches=len(ordered),
        p50_ms=statistics.median(ordered),
        p95_ms=p95,
        max_ms=ordered[-1],
    )
