"""The benchmark harness works end to end on a tiny network (no timing assertions: times vary)."""
from __future__ import annotations

import contextlib
import csv
import io
import sys
from pathlib import Path

import pandas as pd
import pytest

# benchmarks/ is a top-level package beside workbook/, not installed: import it from the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import measures  # noqa: F401 - registers the measurements
from benchmarks import naive
from benchmarks.context import Bench
from benchmarks.dataset import CONNECTION_COLUMNS, MESSAGE_COLUMNS, Dataset, Sizes, build
from benchmarks.registry import MEASURES, Measure, Row, at_least, at_most, need
from benchmarks.runner import main, run_measure

# About a minute on a shared 2-core machine: one quick run of every measurement plus a memory subprocess.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def quick_data(tmp_path_factory) -> Dataset:
    return build(Sizes.quick(), tmp_path_factory.mktemp("bench-net"), log=lambda *a, **k: None)


@pytest.fixture(scope="module")
def quick_run(quick_data, tmp_path_factory):
    """One whole quick run (no browser, no memory subprocesses, each operation run once)."""
    out = quick_data.folder.parent
    results = tmp_path_factory.mktemp("bench-results") / "RESULTS.md"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["--quick", "--no-browser", "--no-memory", "--runs", "0", "--out", str(out),
                     "--results", str(results)])
    return code, buf.getvalue(), results


@pytest.fixture(scope="module")
def quick_bench(quick_data):
    b = Bench(quick_data, quick=True, runs=1, browser=False, log=lambda *a, **k: None)
    yield b
    b.close()


def test_the_quick_run_prints_every_measurement(quick_run):
    code, table, _ = quick_run
    assert code == 0
    for m in MEASURES.values():
        # a measurement that could not run shows one row under its title; otherwise its own rows
        shown = m.title in table or all(name in table for name in m.row_names)
        assert shown, f"{m.key} ({m.row_names}) is missing from the table"
    assert "peak memory" in table.splitlines()[0]


def test_results_md_has_the_table_and_the_machine(quick_run):
    _, _, results = quick_run
    text = results.read_text(encoding="utf-8")
    assert "| measurement | value | target | result |" in text
    assert "## Machine" in text and "CPU:" in text and "Python:" in text and "pandas:" in text


@pytest.mark.parametrize("key", ["load", "common-ground", "health", "health-24m", "weekly-plan"])
def test_core_rows_are_measured(quick_run, key):
    _, table, _ = quick_run
    line = next(ln for ln in table.splitlines() if ln.startswith(MEASURES[key].title))
    assert " s " in line + " " and "ERROR" not in line and "n/a" not in line


@pytest.mark.parametrize(
    ("vectorised", "check"),
    [
        (lambda b: __import__("workbook.health", fromlist=["assess"]).assess(
            b.contacts, b.interactions, as_of=b.as_of, settings=b.settings), "health"),
        (lambda b: __import__("workbook.common_ground", fromlist=["score_common_ground"]).score_common_ground(
            b.contacts, b.tags, b.profile).set_index("contact_id"), "common_ground"),
    ],
)
def test_naive_baselines_give_the_same_numbers(quick_bench, vectorised, check):
    b = quick_bench
    fast = vectorised(b)
    if check == "health":
        slow = naive.health_naive(b.contacts, b.interactions, as_of=b.as_of, settings=b.settings)
        columns = naive.HEALTH_CHECK
    else:
        slow = naive.common_ground_naive(b.contacts, b.tags, b.profile)
        columns = ("score", "tags_part", "history_part", "n_shared")
    ok, why = naive._agree(fast, slow, columns)
    assert ok, why
    # and the comparison is not vacuous: a nudged value is caught
    victim = next(iter(slow))
    slow[victim]["score"] = slow[victim]["score"] + 0.5
    assert not naive._agree(fast, slow, columns)[0]


@pytest.mark.parametrize("compare", [naive.compare_health, naive.compare_common_ground])
def test_speedup_rows_report_agreement(quick_bench, compare):
    base, speed = compare(quick_bench)
    assert base.detail["agreement"] == "identical within 1e-9"
    assert speed.unit == "x" and speed.value > 0 and "same numbers" in speed.note


def test_connections_csv_looks_like_linkedins(quick_data):
    text = quick_data.connections.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "Notes:" and lines[1].startswith('"When exporting') and lines[2] == ""
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[3:]))))
    assert list(rows[0]) == CONNECTION_COLUMNS
    assert len(rows) == quick_data.sizes.contacts
    assert all(r["URL"].startswith("https://www.linkedin.com/in/") for r in rows)
    pd.to_datetime([r["Connected On"] for r in rows], format="%d %b %Y")  # raises on any other format


def test_messages_csv_has_linkedins_columns(quick_data):
    frame = pd.read_csv(quick_data.messages, dtype=str, keep_default_na=False)
    assert list(frame.columns) == MESSAGE_COLUMNS
    assert len(frame) == quick_data.manifest["messages_csv_rows"] > 0
    assert frame["DATE"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC").all()
    me = frame["FROM"].value_counts().index[0]
    assert ((frame["FROM"] == me) | (frame["TO"] == me)).all()  # every message is to or from the person


def test_the_network_has_the_requested_sizes(quick_data):
    rows = quick_data.manifest["rows"]
    s = quick_data.sizes
    assert (rows["contacts"], rows["interactions"], rows["tags"], rows["links"]) == (
        s.contacts, s.interactions, s.tags, s.links)


def test_a_cached_network_is_reused(quick_data):
    again = build(quick_data.sizes, quick_data.folder.parent, log=lambda *a, **k: pytest.fail("rebuilt"))
    assert again.folder == quick_data.folder


@pytest.mark.parametrize(
    ("fn", "status", "note"),
    [
        (lambda b: need("workbook.not_written_yet"), "n/a", "n/a (not built: workbook.not_written_yet)"),
        (lambda b: need("workbook.health", "no_such_function"), "n/a", "n/a (not built: workbook.health.no_such_function)"),
        (lambda b: 1 / 0, "ERROR", "error: ZeroDivisionError"),
    ],
)
def test_a_missing_or_broken_module_becomes_a_row(quick_bench, fn, status, note):
    [row] = run_measure(Measure("fake", "a fake measurement", "timed", fn, target=at_most(1, "s")), quick_bench,
                        memory=False)
    assert row.status == status and row.note.startswith(note)


def test_memory_is_measured_in_a_subprocess(quick_data):
    from benchmarks.timing import measure_memory

    got = measure_memory("health", quick_data.folder, quick=True)
    assert "error" not in got, got
    assert 10 < got["peak_mb"] < 4096 and got["peak_mb"] >= got["before_mb"] - 1


@pytest.mark.parametrize(
    ("target", "value", "status"),
    [(at_most(1.0, "s"), 0.5, "pass"), (at_most(1.0, "s"), 1.5, "FAIL"), (at_least(50, "x"), 49.0, "FAIL"),
     (at_least(50, "x"), 51.0, "pass"), (None, 3.0, "info"), (at_most(1.0, "s"), None, "info")],
)
def test_rows_are_judged_against_their_targets(target, value, status):
    assert Row("r", value, "s", target).finish().status == status


def test_results_of_a_partial_run_name_the_network(quick_run):
    _, _, results = quick_run
    assert "300 contacts" in results.read_text(encoding="utf-8")
