"""``make bench``: every page a user opens, under gunicorn as deployed, against the ceiling.

Seeds the benchmark's PostgreSQL database (the demo data and the scaled
worlds of ``csp_portal.benchmark.world``), counts each page's SQL queries at
1, 10 and 200 rows, starts gunicorn with the benchmark's settings, and runs
wrk against each page with a signed-in session. Prints the table and writes
it into ``docs/benchmarks.md``. The README's "Benchmarks" says how to read it.
"""

import logging
import statistics
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from csp_portal.benchmark import queries, report, world
from csp_portal.benchmark.load import Result, Server, check_status, run_wrk, wrk_path
from csp_portal.benchmark.pages import CEILING, PAGES, Page
from customers import search_benchmark
from customers.search_benchmark import create_database_if_missing


class Command(BaseCommand):
    help = "Measure every page (req/s, p50/p99, x ceiling, queries, RSS) with gunicorn and wrk."
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seconds", type=float, default=3, help="wrk's run per page.")
        parser.add_argument(
            "--rounds", type=int, default=3, help="Runs per page (the median ratio is shown)."
        )
        parser.add_argument("--connections", type=int, default=16)
        # As deploy/ runs it (csp-portal-web.service, csp-portal.env).
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class.")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread).")
        parser.add_argument(
            "--only", default="", help="Measure only the pages whose name contains this."
        )
        parser.add_argument(
            "--rss-requests",
            type=int,
            default=20_000,
            help="Requests after warm-up before the workers' memory is read again.",
        )
        parser.add_argument("--no-queries", action="store_true", help="Skip the query counts.")
        parser.add_argument(
            "--no-search",
            action="store_true",
            help="Skip the directory search at 10 k, 100 k and 1 M (make bench-search alone).",
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
            help="Where the table goes ('-': nowhere).",
        )

    def handle(self, *args, **options) -> None:
        if settings.ROOT_URLCONF != "csp_portal.benchmark.urls":
            raise CommandError(
                "Run with DJANGO_SETTINGS_MODULE=csp_portal.benchmark.settings (make bench)."
            )
        if connection.vendor != "postgresql":
            raise CommandError("make bench needs PostgreSQL: set BENCH_PAGES_DATABASE_URL.")
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("make bench seeds rows: its database's name must contain 'bench'.")
        wrk_path()
        self.options = options
        self._prepare()
        conditions = report.machine()
        pages = [
            page
            for page in PAGES
            if page is CEILING or options["only"].lower() in page.name.lower()
        ]
        rows = {page.name: report.Row(page.name) for page in pages}
        if not options["no_queries"]:
            self._count_queries(pages, rows)
        run = self._load(pages, rows)
        conditions += [
            f"gunicorn {options['workers']} x {options['worker_class']} workers"
            + (f" x {options['threads']} threads" if options["threads"] > 1 else "")
            + ", DEBUG off, CONN_MAX_AGE 60, JSON request log; wrk "
            f"{options['connections']} connections, 2 threads, {options['seconds']:g} s a page "
            f"in each of {options['rounds']} rounds (the round with the page's median ratio "
            "shown; non-2xx of every round) after a warm-up; signed in with a session made directly (demo personas: "
            "supplier@example.com, buyer@acme.example)",
            f"Ceiling: {run['ceiling']:,.0f} req/s, the median of its "
            f"{len(run['ceilings'])} runs (min {min(run['ceilings']):,.0f}, max "
            f"{max(run['ceilings']):,.0f}); each page is divided by the mean of the ceiling "
            "runs just before and just after it",
        ]
        result = report.Report(
            conditions=conditions,
            ceiling_per_second=run["ceiling"],
            rows=list(rows.values()),
            rss_warm_mb=run["rss_warm"],
            rss_after_mb=run["rss_after"],
            requests_between=run["requests_between"],
            sizes=world.SIZES,
        )
        self.stdout.write("\n" + "\n".join([*conditions, "", *result.lines()]))
        if options["output"] != "-":
            report.write(Path(options["output"]), result)
            self.stdout.write(f"\nWritten to {options['output']}.")
        if not options["no_search"]:
            self._search()

    def _search(self) -> None:
        """The directory search at each size, in databases of its own (loaded once, kept)."""
        self.stdout.write("\nDirectory search (the first run loads 1.1 M customers: minutes)…")
        search = search_benchmark.run(log=self.stdout.write, database="csp_bench")
        conditions = report.machine()
        self.stdout.write("\n" + "\n".join([*conditions, "", search.markdown()]))
        if self.options["output"] != "-":
            report.write_section(
                Path(self.options["output"]),
                "\n".join(f"- {line}" for line in conditions) + "\n\n" + search.markdown(),
                start=report.SEARCH_START,
                end=report.SEARCH_END,
            )

    def _prepare(self) -> None:
        create_database_if_missing(connection.settings_dict, connection.settings_dict["NAME"])
        self.stdout.write("Migrating, collecting static files, seeding…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("seed_demo", verbosity=0)
        for line in world.seed_scaled_worlds():
            self.stdout.write(f"  seeded {line}")

    def _count_queries(self, pages: list[Page], rows: dict[str, report.Row]) -> None:
        self.stdout.write("Counting SQL queries per page…")
        # The test client's requests would print their log lines among the results.
        logging.disable(logging.INFO)
        for size in world.SIZES:
            scaled = world.scaled_world(size)
            for page in pages:
                status, count = queries.count_queries(page, scaled)
                rows[page.name].queries[size] = count
                if status != 200:
                    self.stderr.write(f"  {page.name} at {size} rows answered {status}")
        logging.disable(logging.NOTSET)

    def _load(self, pages: list[Page], rows: dict[str, report.Row]) -> dict:
        options = self.options
        demo = world.demo_world()
        sessions = {page.name: queries.session_for(page, demo) for page in pages}
        log = Path(settings.VAR_DIR) / "bench-gunicorn.log"
        server = Server(
            workers=options["workers"],
            worker_class=options["worker_class"],
            threads=options["threads"],
            log=log,
        )
        try:

            def wrk(page: Page, seconds: float) -> Result:
                return run_wrk(
                    server.base_url + page.path(demo),
                    session=sessions[page.name],
                    language=page.language,
                    seconds=seconds,
                    connections=options["connections"],
                    threads=2,
                )

            measured = []
            for page in pages:
                status = check_status(
                    server.base_url + page.path(demo),
                    session=sessions[page.name],
                    language=page.language,
                )
                rows[page.name].status = status
                if status == 200:
                    measured.append(page)
                else:
                    self.stderr.write(f"  {page.name} answered {status}: not measured")
            self.stdout.write("Warming up…")
            for page in measured:
                wrk(page, 1)
            rss_warm = server.worker_rss_mb()
            requests = 0
            ceilings: list[Result] = []

            def measure(page: Page) -> Result:
                nonlocal requests
                result = wrk(page, options["seconds"])
                requests += result.requests
                self.stdout.write(
                    f"  {page.name:<40} {result.per_second:7,.0f} req/s  "
                    f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:6.1f} ms"
                )
                return result

            # The ceiling before and after every page, each page against the mean of
            # the two: other work on the machine changes its pace during a run. Then
            # again, each round: the round with the page's median ratio is shown.
            rounds: dict[str, list[tuple[Result, float]]] = {page.name: [] for page in measured}
            for _round in range(options["rounds"]):
                ceilings.append(measure(CEILING))
                for page in measured:
                    if page is CEILING:
                        continue
                    result = measure(page)
                    ceilings.append(measure(CEILING))
                    around = statistics.mean([ceilings[-2].per_second, ceilings[-1].per_second])
                    rounds[page.name].append((result, around))
            for page in measured:
                if page is CEILING:
                    continue
                runs = sorted(rounds[page.name], key=lambda run: run[0].per_second / run[1])
                row = rows[page.name]
                row.result, row.ceiling_per_second = runs[len(runs) // 2]
                row.not_2xx = sum(result.not_2xx for result, _around in runs)
            rows[CEILING.name].result = _median_run(ceilings)
            rows[CEILING.name].ceiling_per_second = rows[CEILING.name].result.per_second
            rows[CEILING.name].not_2xx = sum(run.not_2xx for run in ceilings)
            # Memory: keep loading every page in turn until the count is reached.
            while requests < options["rss_requests"]:
                for page in measured:
                    requests += wrk(page, 2).requests
                    if requests >= options["rss_requests"]:
                        break
            rss_after = server.worker_rss_mb()
        finally:
            server.stop()
        return {
            "ceiling": rows[CEILING.name].result.per_second,
            "ceilings": [run.per_second for run in ceilings],
            "rss_warm": rss_warm,
            "rss_after": rss_after,
            "requests_between": requests,
        }


def _median_run(runs: list[Result]) -> Result:
    return sorted(runs, key=lambda run: run.per_second)[len(runs) // 2]
