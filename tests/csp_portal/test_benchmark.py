"""make bench's own pieces: the ceiling exists only in its URLconf; its table keeps the
hand-written parts of docs/benchmarks.md."""

import pytest
from django.urls import NoReverseMatch, reverse

from csp_portal.benchmark import report
from csp_portal.benchmark.load import Result


def test_the_ceiling_page_is_served_only_under_the_benchmarks_settings():
    with pytest.raises(NoReverseMatch):
        reverse("bench_ceiling")
    assert reverse("bench_ceiling", urlconf="csp_portal.benchmark.urls") == "/bench/ceiling/"
    assert reverse("home", urlconf="csp_portal.benchmark.urls") == "/"


def test_the_table_replaces_only_its_own_part_of_the_file(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(f"# Benchmarks\n\nBy hand.\n\n{report.START}\nold\n{report.END}\n\nAfter.\n")
    rows = [
        report.Row("ceiling", Result(1000, 5.0, 10.0, 20.0, 0), ceiling_per_second=200.0),
        report.Row(
            "company page",
            Result(400, 5.0, 30.0, 60.0, 0),
            queries={1: 7, 10: 7, 200: 7},
            ceiling_per_second=200.0,
        ),
        report.Row(
            "a list",
            Result(600, 5.0, 30.0, 60.0, 3),
            queries={1: 5, 10: 14, 200: 204},
            ceiling_per_second=200.0,
            not_2xx=3,
        ),
    ]
    report.write(
        path,
        report.Report(
            conditions=["Machine: test"],
            ceiling_per_second=200.0,
            rows=rows,
            rss_warm_mb=[100.0],
            rss_after_mb=[101.0],
            requests_between=20_000,
            sizes=(1, 10, 200),
        ),
    )

    text = path.read_text()
    assert text.startswith("# Benchmarks\n\nBy hand.\n\n") and text.endswith("\n\nAfter.\n")
    assert "old" not in text
    assert "| company page | 80 | 30.0 | 60.0 | 0.40 ✗ | 0 | 7/7/7 |" in text
    assert "| a list | 120 | 30.0 | 60.0 | 0.60 | 3 | 5/14/204 **grows** |" in text
    assert "after 20,000 more requests: 101 MB (per worker)" in text


def test_the_search_table_has_a_part_of_its_own_beside_the_pages(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(f"# Benchmarks\n\n{report.START}\npages\n{report.END}\n\nBy hand.\n")

    for table in ("| all | first |", "| all | second |"):
        report.write_section(path, table, start=report.SEARCH_START, end=report.SEARCH_END)

    text = path.read_text()
    assert text.startswith(f"# Benchmarks\n\n{report.START}\npages\n{report.END}\n\nBy hand.\n")
    assert text.count(report.SEARCH_START) == 1 and text.count(report.SEARCH_END) == 1
    assert "| all | second |" in text and "first" not in text
