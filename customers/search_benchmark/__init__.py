"""The directory search benchmark: generated customers and searches, timed at several sizes.

``run(sizes=…, searches=…)`` loads (once, kept) and times each directory size
in a PostgreSQL database of its own and returns a ``SearchBenchmark``: its
``rows`` (size by kind: p50, p95, max), ``typos`` (how many typos each size
brought back to the intended word), ``growth`` and ``markdown()``. ``manage.py
bench_search`` prints it; ``make bench`` can include it the same way.
"""

from customers.search_benchmark.run import (
    DEFAULT_SIZES,
    SearchBenchmark,
    SearchTiming,
    TypoRecovery,
    create_database_if_missing,
    run,
)

__all__ = [
    "DEFAULT_SIZES",
    "SearchBenchmark",
    "SearchTiming",
    "TypoRecovery",
    "create_database_if_missing",
    "run",
]
