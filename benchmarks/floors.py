"""Rows that compare an operation with a floor measured in the same run.

A floor is the least the operation could cost on this machine, right now: the import against
``pandas.read_csv`` of the same two files, the first open after an import against a later open,
common-ground scores against reading the tags they are computed from. A ratio against a floor
measured in the same process, minutes apart, says far more on a shared machine than seconds
against a fixed limit (both sides slow down together when the machine is busy).

Each function returns finished-or-not :class:`~benchmarks.registry.Row` objects; the runner judges them.
"""
from __future__ import annotations

import inspect
import math
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any, Callable

from .registry import NotBuilt, Row, at_most, need
from .timing import Timing, time_call, time_op

IMPORT_RATIO = 2.0  # import / read_csv of the same files (issue 23)
FIRST_OPEN_RATIO = 1.25  # first open after an import / a later open: "no more than any other", with noise
DERIVE_EXTRA_S = 5.0  # derived common ground at 30,000 connections + 200,000 messages (issues 17, 23)
COMMON_GROUND_RATIO = 2.0  # scores for every contact / reading the tags table they come from


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else math.inf


def _runs(t: Timing) -> str:
    return ", ".join(f"{x:.3f}" for x in t.runs)


def timing_of(bench, key: str) -> Timing:
    """The timing of measurement ``key`` from this run (the runner keeps them), else timed now."""
    got = bench.timings.get(key)
    if got is not None:
        return got
    from .registry import MEASURES

    got = time_op(MEASURES[key].fn(bench), runs=bench.runs, quick=bench.quick)
    bench.timings[key] = got
    return got


# ----------------------------------------------------------------------------- import vs read_csv


def read_both_files(connections: Path, messages: Path) -> tuple[Any, Any]:
    """What pandas does with the two files at its defaults (the C parser): the import's floor.

    ``Connections.csv`` starts with LinkedIn's three-line ``Notes:`` preamble, which ``skiprows``
    steps over (anything less would not read the table at all).
    """
    import pandas as pd

    return pd.read_csv(connections, skiprows=3), pd.read_csv(messages)


def import_vs_read_csv(bench) -> list[Row]:
    from .dataset import CONNECTION_COLUMNS

    data = bench.data
    conn, _ = read_both_files(data.connections, data.messages)
    if list(conn.columns) != CONNECTION_COLUMNS:  # the floor must read the table the import reads
        raise RuntimeError(f"read_csv found columns {list(conn.columns)} in Connections.csv")
    floor = time_op(lambda: read_both_files(data.connections, data.messages), runs=bench.runs, quick=bench.quick)
    imp = timing_of(bench, "import")
    ratio = _ratio(imp.median, floor.median)
    cpu_ratio = _ratio(imp.cpu_median, floor.cpu_median)
    return [
        Row("floor: pandas.read_csv of Connections.csv + messages.csv", floor.median, "s", cpu=floor.cpu_median,
            note="defaults (C parser), skiprows=3 for the Notes preamble",
            detail={"runs (s)": _runs(floor), "warm-up (s)": f"{floor.warm_up:.3f}"}),
        Row("import / pandas.read_csv of the same files", ratio, "x", at_most(IMPORT_RATIO, "x"),
            note=f"import {imp.median:.3f} s vs read_csv {floor.median:.3f} s (CPU ratio {cpu_ratio:.2f}x)"),
    ]


# ----------------------------------------------------------------------------- first open after an import


def fresh_path(bench, name: str) -> Path:
    path = bench.scratch_file(name)
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if p.exists():
            p.unlink()
    return path


def import_export(bench, path: Path, **options: Any) -> tuple[Any, Any]:
    """Import the network's Connections.csv and messages.csv into a new workbook at ``path``."""
    import_file = need("workbook.importers", "import_file")
    from workbook.store import Workbook

    book = Workbook(path)
    try:
        return (import_file(book, bench.data.connections, **options),
                import_file(book, bench.data.messages, **options))
    finally:
        book.close()


def _snapshot_rows(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM frame_cache").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        con.close()


def _clock(fn: Callable[[], Any]) -> tuple[float, float]:
    import gc

    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def first_open_after_import(bench) -> list[Row]:
    from .measures import _load_all

    need("workbook.importers", "import_file")
    imports = 1 if bench.quick else 3
    firsts, laters, cpu_first, cpu_later, kept = [], [], [], [], []
    for i in range(imports):
        path = fresh_path(bench, f"open-after-import-{i}.sqlite")
        import_export(bench, path)  # untimed: its own row
        kept.append(_snapshot_rows(path))
        wall, cpu = _clock(lambda: _load_all(path))
        firsts.append(wall)
        cpu_first.append(cpu)
        for _ in range(2):
            wall, cpu = _clock(lambda: _load_all(path))
            laters.append(wall)
            cpu_later.append(cpu)
    first, later = statistics.median(firsts), statistics.median(laters)
    written = "yes" if all(kept) else ("no" if not any(kept) else "sometimes")
    n = bench.data.manifest.get("messages_csv_rows", "?")
    what = f"a workbook just imported from the two files ({n} messages); snapshot written by the import: {written}"
    return [
        Row("open after an import: first open", first, "s", at_most(1.0, "s"), cpu=statistics.median(cpu_first),
            note=what, detail={"first opens (s)": ", ".join(f"{x:.3f}" for x in firsts)}),
        Row("open after an import: a later open", later, "s", at_most(1.0, "s"), cpu=statistics.median(cpu_later),
            note="the same workbook, opened again", detail={"later opens (s)": ", ".join(f"{x:.3f}" for x in laters)}),
        Row("first open after an import / a later open", _ratio(first, later), "x", at_most(FIRST_OPEN_RATIO, "x"),
            note=f"{first:.3f} s vs {later:.3f} s; each open reads every table into DataFrames"),
    ]


# ----------------------------------------------------------------------------- derived common ground


def _derive_switch() -> tuple[str, Any] | None:
    """How the import turns derivation on and off: ("argument", name), ("setting", key) or None."""
    import_file = need("workbook.importers", "import_file")
    for name in inspect.signature(import_file).parameters:
        if "deriv" in name.lower():
            return "argument", name
    from workbook.store import DEFAULT_SETTINGS

    for key in DEFAULT_SETTINGS:
        if "deriv" in key.lower():
            return "setting", key
    return None


def _derive_function() -> tuple[str, Callable[..., Any]] | None:
    """A ``derive*(book, ...)`` function in ``workbook.common_ground`` (or its modules) or the importers."""
    import importlib
    import pkgutil

    for package in ("workbook.common_ground", "workbook.importers"):
        try:
            pkg = importlib.import_module(package)
        except ImportError:
            continue
        names = [package] + [f"{package}.{m.name}" for m in pkgutil.iter_modules(pkg.__path__)]
        for modname in names:
            try:
                mod = importlib.import_module(modname)
            except ImportError:
                continue
            for attr, fn in sorted(vars(mod).items()):
                if attr.startswith("derive") and callable(fn) and getattr(fn, "__module__", "").startswith(package):
                    params = list(inspect.signature(fn).parameters.values())
                    rest_default = all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                                       or p.kind == p.KEYWORD_ONLY and p.default is not p.empty for p in params[1:])
                    if params and params[0].name == "book" and rest_default:
                        return f"{fn.__module__}.{attr}", fn
    return None


def _import_with(bench, name: str, switch: tuple[str, Any] | None, on: bool) -> tuple[float, float]:
    path = fresh_path(bench, name)
    options: dict[str, Any] = {}
    if switch and switch[0] == "setting":
        from workbook.store import Workbook

        book = Workbook(path)
        book.set_setting(switch[1], on)
        book.close()
    elif switch:
        options[switch[1]] = on
    return _clock(lambda: import_export(bench, path, **options))


def derived_common_ground(bench) -> list[Row]:
    title = "derived common ground: extra import time"
    switch = _derive_switch()
    runs = 1 if bench.quick else 3
    if switch is not None:
        on, off = [], []
        for i in range(runs):  # interleaved, so a change in the machine's load hits both alike
            on.append(_import_with(bench, f"derive-on-{i}.sqlite", switch, True))
            off.append(_import_with(bench, f"derive-off-{i}.sqlite", switch, False))
        return [_extra_row(title, on, off, f"import with derivation minus without ({switch[0]} {switch[1]!r})")]
    found = _derive_function()
    inside = _derive_inside_import() if found is None else None
    if inside is not None:
        return _with_and_without(bench, title, runs, *inside)
    if found is None:
        # Details in the row's note (after the ";"), the table's value column shows the first part.
        raise NotBuilt("no derivation found; looked for an import_file argument or a setting named *deriv*, "
                       "and a derive*(book) function in workbook.common_ground or workbook.importers")
    name, fn = found
    path = fresh_path(bench, "derive.sqlite")
    import_export(bench, path)
    from workbook.store import Workbook

    def run() -> None:
        book = Workbook(path)
        try:
            fn(book)
        finally:
            book.close()

    timing = time_call(run, runs=runs)
    return [Row(title, timing.median, "s", at_most(DERIVE_EXTRA_S, "s"), cpu=timing.cpu_median,
                note=f"{name}(book) on a workbook just imported from the two files (run after the import)",
                detail={"runs (s)": _runs(timing)})]


def _derive_inside_import() -> tuple[str, list[tuple[Any, str]]] | None:
    """A ``derive(ctx, ...)`` step the importers call inside the import (no switch to turn it off):
    (its name, [(module, attribute)] holding it), so the benchmark can run the import without it."""
    import importlib
    import pkgutil

    pkg = importlib.import_module("workbook.importers")
    holders: dict[Any, list[tuple[Any, str]]] = {}
    for m in pkgutil.iter_modules(pkg.__path__):
        try:
            mod = importlib.import_module(f"workbook.importers.{m.name}")
        except ImportError:
            continue
        for attr, fn in vars(mod).items():
            if attr.startswith("derive") and inspect.isfunction(fn) and "deriv" in fn.__module__:
                holders.setdefault(fn, []).append((mod, attr))
    if not holders:
        return None
    fn, where = next(iter(holders.items()))
    return f"{fn.__module__}.{fn.__name__}", where


def _with_and_without(bench, title: str, runs: int, name: str, where: list[tuple[Any, str]]) -> list[Row]:
    """The import as it is, and with the derivation step replaced by a no-op (in this process only)."""
    saved = [(mod, attr, getattr(mod, attr)) for mod, attr in where]
    on, off = [], []
    for i in range(runs):  # interleaved, so a change in the machine's load hits both alike
        on.append(_import_with(bench, f"derive-on-{i}.sqlite", None, True))
        try:
            for mod, attr, _ in saved:
                setattr(mod, attr, lambda *a, **k: None)
            off.append(_import_with(bench, f"derive-off-{i}.sqlite", None, False))
        finally:
            for mod, attr, fn in saved:
                setattr(mod, attr, fn)
    return [_extra_row(title, on, off, f"import as it is minus the import with {name} replaced by a no-op "
                                       "(no setting switches it off)")]


def _extra_row(title: str, on: list[tuple[float, float]], off: list[tuple[float, float]], how: str) -> Row:
    """Median wall-clock (and CPU) time with, minus without; the runs in the detail."""
    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    return Row(title, med(on, 0) - med(off, 0), "s", at_most(DERIVE_EXTRA_S, "s"), cpu=med(on, 1) - med(off, 1),
               note=f"{how}: {med(on, 0):.3f} s vs {med(off, 0):.3f} s (CPU {med(on, 1):.3f} s vs {med(off, 1):.3f} s)",
               detail={"with (s)": ", ".join(f"{w:.3f}" for w, _ in on),
                       "without (s)": ", ".join(f"{w:.3f}" for w, _ in off)})


# ----------------------------------------------------------------------------- common ground vs its input


def read_tags(path: Path) -> Any:
    """Open the workbook and read its tags table (a new connection: nothing cached)."""
    from workbook.store import Workbook

    book = Workbook(path)
    try:
        return book.tags()
    finally:
        book.close()


def common_ground_vs_tags(bench) -> list[Row]:
    score = need("workbook.common_ground", "score_common_ground")
    path = bench.data.workbook
    floor = time_op(lambda: read_tags(path), runs=bench.runs, quick=bench.quick)
    scores = timing_of(bench, "common-ground")
    n = len(bench.tags)
    del score  # imported only to say "not built" when the module is missing
    return [
        Row("floor: read the tags table", floor.median, "s", cpu=floor.cpu_median,
            note=f"open the workbook + tags(): {n:,} rows from SQLite into a DataFrame",
            detail={"runs (s)": _runs(floor), "warm-up (s)": f"{floor.warm_up:.3f}"}),
        Row("common-ground scores / reading the tags table", _ratio(scores.median, floor.median), "x",
            at_most(COMMON_GROUND_RATIO, "x"),
            note=f"scores {scores.median:.3f} s vs reading their input {floor.median:.3f} s "
                 f"(CPU ratio {_ratio(scores.cpu_median, floor.cpu_median):.2f}x)"),
    ]
