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


# ----------------------------------------------------------------------------- floors, scaling, the walk

#: Every ratio row and the floor it divides by (both must come out of one quick run, with a value).
RATIOS = [
    ("import / pandas.read_csv of the same files", "floor: pandas.read_csv of Connections.csv + messages.csv",
     "<= 2x"),
    ("first open after an import / a later open", "open after an import: a later open", "<= 1.25x"),
    ("common-ground scores / reading the tags table", "floor: read the tags table", "<= 2x"),
]


def _line(table: str, name: str) -> str:
    found = [ln for ln in table.splitlines() if ln.startswith(name)]
    assert found, f"no row {name!r}"
    return found[0]


@pytest.mark.parametrize(("ratio", "floor", "target"), RATIOS)
def test_each_ratio_row_has_its_floor_a_value_and_a_target(quick_run, ratio, floor, target):
    _, table, _ = quick_run
    line, floor_line = _line(table, ratio), _line(table, floor)
    assert target in line and ("pass" in line or "FAIL" in line), line
    assert " s " in floor_line + " " and "ERROR" not in floor_line and "n/a" not in floor_line


def test_derived_common_ground_is_measured_or_says_why_not(quick_run):
    _, table, _ = quick_run
    line = _line(table, "derived common ground: extra import time")
    assert "ERROR" not in line
    assert "<= 5 s" in line and ("pass" in line or "FAIL" in line or "n/a (not built: no derivation found" in line)


def test_common_ground_has_no_naive_speed_up_target_any_more(quick_run):
    _, table, _ = quick_run
    line = _line(table, "common ground: speed-up over naive")
    assert ">= 50x" not in line and "info" in line
    assert ">= 50x" in _line(table, "health scores: speed-up over naive")  # health keeps its target


@pytest.mark.parametrize("key", __import__("benchmarks.scaling", fromlist=["ANALYSES"]).ANALYSES)
def test_every_analysis_has_a_row_at_each_size(quick_run, key):
    from benchmarks.scaling import small_sizes

    _, table, _ = quick_run
    big = Sizes.quick()
    small = small_sizes(big)
    title = MEASURES[key].title
    assert " s " in _line(table, f"scale: {title}, {small.contacts:,} contacts") + " "
    assert "exponent" in _line(table, f"scale: {title}, {big.contacts:,} contacts")


def test_results_md_states_the_core_count_and_explains_the_floors(quick_run):
    import os

    _, _, results = quick_run
    text = results.read_text(encoding="utf-8")
    assert f"{os.cpu_count()} (usable:" in text.split("## How")[0]
    assert "is retired" in text and "pandas.read_csv" in text and "reading the tags" in text


def _walk(**times):
    from benchmarks.walk import Walk

    w = Walk(times={"first widget": 1.0, **times}, how={k: "settled" for k in times}, sections={"data": 0.2},
             rss_mb=times.pop("rss", None))
    return w


@pytest.mark.parametrize(
    ("demo", "walks", "memory_status", "map_status"),
    [
        (True, [dict(map=0.5, network=2.0, rss=200.0, **{"first page": 1.0, "save goal": 0.2})] * 3, "info", "pass"),
        (True, [dict(map=1.5, network=2.0, rss=200.0, **{"first page": 1.0, "save goal": 0.2})], "info", "FAIL"),
        (False, [dict(map=1.5, network=2.0, rss=350.0, **{"first page": 1.0, "save goal": 0.2})], "FAIL", "info"),
        (False, [dict(map=1.5, network=2.0, rss=250.0, **{"first page": 1.0, "save goal": 0.2})], "pass", "info"),
        (True, [], "ERROR", "ERROR"),
    ],
)
def test_walk_rows_judge_each_step_and_the_kernel_memory(demo, walks, memory_status, map_status):
    from benchmarks.browser import STEPS, walk_rows

    got = {"walks": [_walk(**w) for w in walks], "failures": [] if walks else ["TimeoutError: no page"]}
    rows = [r.finish() for r in walk_rows("the demo" if demo else "30,000 contacts", demo, got)]
    assert [r.name.split(",")[0] for r in rows] == [t.split(",")[0] for _, t, _, _ in STEPS] + [
        "app kernel memory after every page"]
    by_name = {r.name.split(",")[0]: r for r in rows}
    assert by_name["app kernel memory after every page"].status == memory_status
    assert by_name["browser: Map"].status == map_status
    if not walks:
        assert "TimeoutError" in by_name["browser: Map"].note


def test_the_benchmark_helpers_doctests_pass():
    import doctest

    from benchmarks import registry, scaling

    for mod in (registry, scaling):
        assert doctest.testmod(mod).failed == 0, mod.__name__


def test_results_of_a_partial_run_name_the_network(quick_run):
    _, _, results = quick_run
    assert "300 contacts" in results.read_text(encoding="utf-8")
