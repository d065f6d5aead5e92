"""The table ``customers.search_benchmark.run`` returns (what ``make bench`` includes)."""

import pytest
from django.db import connection

from customers.search_benchmark import SearchBenchmark, SearchTiming, TypoRecovery, run


def _timing(size: int, kind: str, p95: float) -> SearchTiming:
    return SearchTiming(size=size, kind=kind, searches=40, p50_ms=1.0, p95_ms=p95, max_ms=p95)


def test_the_table_has_a_column_per_size_and_the_growth_of_p95():
    result = SearchBenchmark(
        rows=[
            _timing(10_000, "all", 4.0),
            _timing(1_000_000, "all", 10.0),
            _timing(10_000, "inside a word", 5.0),
            _timing(1_000_000, "inside a word", 20.0),
        ],
        typos=[
            TypoRecovery(size=10_000, typos=60, unmatched=55, corrected=54, recovered=54),
            TypoRecovery(size=1_000_000, typos=60, unmatched=50, corrected=49, recovered=48),
        ],
    )

    assert result.sizes == [10_000, 1_000_000]
    assert result.p95(size=1_000_000, kind="inside a word") == 20.0
    assert result.growth() == 2.5
    assert result.growth("inside a word") == 4.0
    lines = result.markdown().splitlines()
    assert lines[0] == "| kind | 10k p50 / p95 ms | 1m p50 / p95 ms | p95 growth 10k→1m |"
    assert "| all | 1.0 / 4.0 | 1.0 / 10.0 | 2.5x |" in lines
    assert "| whole word | - | - | - |" in lines
    assert "| typo → intended word | 54/60 (90%) | 48/60 (80%) |  |" in lines
    assert "| … of the typos that match nothing | 54/55 (98%) | 48/50 (96%) |  |" in lines


def test_the_benchmark_refuses_a_database_not_meant_for_it(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "csp_portal")
    with pytest.raises(ValueError, match="contains 'bench'"):
        run(sizes=[10], searches=1, log=lambda line: None)
