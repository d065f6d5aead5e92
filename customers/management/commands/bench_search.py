"""Benchmark the directory search at 10 k, 100 k and 1 M generated customers (PostgreSQL).

``make bench-search`` runs this command with ``BENCH_DATABASE_URL``: each size
gets a database of its own named after that one (``csp_bench_10k`` …), created,
migrated and loaded with COPY on first use and kept afterwards (``--reload`` to
load anew). It then times random searches through ``search_customers`` at each
size and prints one table: p50/p95 per kind and size, the growth of p95 from the
smallest size to the largest, and how many typos came back to the word meant.

The work is done by ``customers.search_benchmark.run``, which ``make bench``
calls too.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from customers.search_benchmark import DEFAULT_SIZES, run
from customers.search_benchmark.data import NotEnoughNames


class Command(BaseCommand):
    help = "Load generated directories (once) and time random directory searches on each."
    # Timed with DEBUG off, as in production, without production's settings.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--customers",
            type=int,
            nargs="+",
            default=list(DEFAULT_SIZES),
            help="Directory sizes to time (default: 10000 100000 1000000).",
        )
        parser.add_argument("--searches", type=int, default=400, help="Searches per size.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for searches.")
        parser.add_argument(
            "--reload", action="store_true", help="Delete the generated customers and load anew."
        )
        parser.add_argument(
            "--slowest", type=int, default=5, help="How many of the slowest searches to list."
        )

    def handle(
        self,
        *args,
        customers: list[int],
        searches: int,
        seed: int,
        reload: bool,
        slowest: int,
        **options,
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench_search needs PostgreSQL: set DATABASE_URL (see README).")
        database = connection.settings_dict["NAME"]
        if "bench" not in database:
            raise CommandError(
                "bench_search writes millions of rows: give it a database of its own whose "
                f"name contains 'bench' (this one is {database!r})."
            )
        try:
            result = run(
                sizes=sorted(customers),
                searches=searches,
                seed=seed,
                reload=reload,
                slowest=slowest,
                log=self.stdout.write,
            )
        except NotEnoughNames as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"\n{searches} searches per size (page 1, 20 per page), after 20 warm-up searches:\n"
        )
        self.stdout.write(result.markdown())
        self.stdout.write(f"\nSlowest {slowest}:")
        for slow in result.slowest:
            note = f" → {slow.corrected_query!r}" if slow.corrected_query else ""
            self.stdout.write(
                f"  {slow.elapsed_ms:7.1f} ms  {slow.size:>9,}  {slow.query.kind:<15} "
                f"{slow.query.text!r}{note}, {slow.results} results"
            )
