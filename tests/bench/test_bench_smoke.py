"""The benchmark works: `bench/run.py` at two tiny sizes reports every figure, with sane values.

It asserts what was measured and how the report is built, never how fast
anything was: the targets may be missed here (`--no-fail`), the run must not fail.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest

from bench.run import HEADER, main
from bench.targets import APPLICATIONS_PAGE_ROWS, TARGETS
from bench.workload import app_pages, public_metrics

SIZES = (100, 300)
# One worker runs them all, so the benchmark below runs once (pyproject.toml's `--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("bench-smoke")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[int, dict, str, str]:
    """One run at 100 and 300 applications, one repetition, no warm-up: exit code, JSON, printed table, Markdown."""
    folder = tmp_path_factory.mktemp("bench")
    out, markdown, printed = folder / "results.json", folder / "table.md", io.StringIO()
    with redirect_stdout(printed):
        code = main(
            [
                f"--sizes={SIZES[1]},{SIZES[0]}",
                "--repeat=1",
                "--warmup=0",
                f"--json={out}",
                f"--markdown={markdown}",
                "--no-fail",
            ]
        )
    return code, json.loads(out.read_text(encoding="utf-8")), printed.getvalue(), markdown.read_text(encoding="utf-8")


def expected_figures() -> set[str]:
    names = {"build demo database", "database file", "peak memory: building"}
    names |= {f"metric {name}" for name in public_metrics()}
    names |= {"AppTest baseline (one-line script): first render", "AppTest baseline (one-line script): rerun"}
    for _, title in app_pages():
        names |= {
            f"page {title}: {what}"
            for what in ("first render", "rerun", "data sent", "tables and chart data", "largest table")
        }
    names |= {"Trends metrics together", "Trends metrics one after another", "save a reflection"}
    names |= {"peak memory: metrics and pages"}
    names |= {f"CSV import: {step}" for step in ("read and check", "preview", "write", "total")}
    return names | {"peak memory: CSV import"}


def test_the_run_succeeds_without_errors_in_no_fail_mode(report):
    code, results, _, _ = report
    assert results["errors"] == []
    assert code == 0


def test_every_figure_is_measured_at_both_sizes_in_order(report):
    _, results, _, _ = report
    assert results["sizes"] == list(SIZES)
    measured = {(f["name"], f["size"]) for f in results["figures"]}
    assert measured == {(name, size) for name in expected_figures() for size in SIZES}


def test_the_databases_hold_the_sizes_asked_for(report):
    _, results, _, _ = report
    for size in SIZES:
        facts = results["facts"][str(size)]
        assert facts["rows"]["applications"] == size
        assert 0 < facts["rows"]["interviews"] < size
        assert 0 < facts["rows"]["reflections"] <= facts["rows"]["interviews"]
        assert facts["rows"]["follow_ups"] > 0
        # Demo applications may repeat a company, role and day; the import leaves such repeats out.
        assert 0.9 * size <= facts["imported_applications"] <= size


def test_values_are_sane(report):
    _, results, _, _ = report
    for figure in results["figures"]:
        assert figure["error"] is None, figure["name"]
        assert len(figure["samples"]) == 1, figure["name"]
        assert figure["median"] == figure["samples"][0]
        assert figure["min"] <= figure["median"] <= figure["max"]
        if figure["unit"] == "s":
            assert 0 < figure["median"] < 600, figure["name"]
            assert len(figure["cpu_samples"]) == 1, figure["name"]
        elif figure["unit"] == "MiB":
            assert 20 < figure["median"] < 64 * 1024, figure["name"]
        else:
            assert figure["median"] >= 0, figure["name"]


def test_pages_send_something_and_the_applications_page_one_page_of_rows(report):
    _, results, _, _ = report
    values = {(f["name"], f["size"]): f["median"] for f in results["figures"]}
    for size in SIZES:
        for _, title in app_pages():
            assert values[(f"page {title}: data sent", size)] > 0
            assert values[(f"page {title}: tables and chart data", size)] <= values[(f"page {title}: data sent", size)]
        assert values[("page Applications: largest table", size)] == APPLICATIONS_PAGE_ROWS
        assert values[("page Trends: tables and chart data", size)] > 0


def test_the_trends_metrics_are_those_the_page_called(report):
    _, results, _, _ = report
    for size in SIZES:
        called = results["facts"][str(size)]["trends_metric_calls"]
        assert {"activity_span", "funnel", "application_volume"} <= set(called)
        assert set(called) <= set(public_metrics())
        # The page asks its overview together and the span of the filters before it, alone.
        together = results["facts"][str(size)]["trends_metrics_asked_together"]
        assert {"funnel", "application_volume", "follow_up_discipline"} <= set(together)
        assert "activity_span" in called and "activity_span" not in together


def test_every_target_is_checked_and_growth_is_the_large_over_the_small(report):
    _, results, _, _ = report
    assert {c["target"] for c in results["checks"]} == {t.description for t in TARGETS}
    assert all(c["note"] == "" for c in results["checks"])
    values = {(f["name"], f["size"]): f["median"] for f in results["figures"]}
    growth = next(c for c in results["checks"] if c["kind"] == "growth" and c["figure"] == "page Trends: rerun")
    assert growth["size"] == SIZES[1]
    assert growth["value"] == pytest.approx(
        values[("page Trends: rerun", SIZES[1])] / values[("page Trends: rerun", SIZES[0])]
    )
    assert results["missed"] == sum(not c["met"] for c in results["checks"])


def test_the_table_has_a_row_per_figure_and_size(report):
    _, results, printed, markdown = report
    lines = printed.splitlines()
    assert lines[0].split() == " ".join(HEADER).split()
    rows = lines[2 : 2 + len(results["figures"])]
    assert len(rows) == len(expected_figures()) * len(SIZES)
    assert sum(row.startswith("save a reflection ") for row in rows) == len(SIZES)
    assert f"Targets: {len(results['checks']) - results['missed']} of {len(results['checks'])} met." in printed
    # The header, the line under it, then the same rows.
    assert sum(line.startswith("| ") for line in markdown.splitlines()) == len(rows) + 2
