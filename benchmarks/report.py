"""The results table: printed to the terminal and written to ``benchmarks/RESULTS.md``."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

from .registry import Row, fmt_value

HEAD = ("measurement", "value", "target", "result", "CPU time", "peak memory", "notes")
NOTES = len(HEAD) - 1


def _cells(r: Row) -> tuple[str, ...]:
    peak = fmt_value(r.peak_mb, "MB") if r.peak_mb is not None else ""
    cpu = fmt_value(r.cpu, "s") if r.cpu is not None else ""
    return (r.name, r.shown, str(r.target) if r.target else "", r.status, cpu, peak, r.note)


def format_table(rows: Iterable[Row]) -> str:
    """A fixed-width table for the terminal."""
    cells = [HEAD] + [_cells(r) for r in rows]
    widths = [min(max(len(c[i]) for c in cells), 60 if i == NOTES else 200) for i in range(len(HEAD))]
    lines = []
    for j, c in enumerate(cells):
        lines.append("  ".join(c[i][:widths[i]].ljust(widths[i]) if i < NOTES else c[i]
                               for i in range(len(HEAD))).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Iterable[Row]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    for r in rows:
        c = list(_cells(r))
        if r.status == "FAIL":
            c[3] = "**FAIL**"
        lines.append("| " + " | ".join(_md(x) for x in c) + " |")
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    judged = [r for r in rows if r.status in ("pass", "FAIL")]
    failed = [r for r in judged if r.status == "FAIL"]
    missing = [r for r in rows if r.status in ("n/a", "ERROR", "skipped")]
    text = f"{len(judged) - len(failed)} of {len(judged)} targets met"
    if failed:
        text += f"; missed: {', '.join(r.name for r in failed)}"
    if missing:
        text += f"; not measured: {len(missing)} ({', '.join(sorted({r.status for r in missing}))})"
    return text


def write_results(path: Path, rows: list[Row], machine: dict[str, str], *, sizes_label: str, args: str,
                  seconds: float, notes: list[str]) -> Path:
    """Write RESULTS.md: what was measured, the table, how, and on what machine."""
    when = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    detail_rows = [r for r in rows if r.detail]
    parts = [
        "# Benchmark results",
        "",
        f"Written by `python -m benchmarks{(' ' + args) if args else ''}` on {when} in {seconds:.0f} s. "
        f"Network: {sizes_label} (seeded demo generator, see `benchmarks/dataset.py`). "
        f"Machine: {machine.get('CPU', '?')}, {machine.get('cores', '?')} cores, shared.",
        "",
        f"**{summary(rows)}.**",
        "",
        markdown_table(rows),
        "",
        "## How these numbers are taken",
        "",
        "- Times: one warm-up run, then the median of 3-7 runs (as many as fit about 6 s), all in one "
        "process, with the workbook's DataFrames already loaded (loading is its own row). Inputs every "
        "analysis shares (tie strength from `workbook.ties.measure_ties`) are computed once beforehand. "
        "An operation whose warm-up takes over 10 s is timed by that one run. `value` is wall-clock time "
        "(what a person waits); `CPU time` is the process's CPU seconds for the same runs, which is what to "
        "compare when the machine is shared (wall-clock above CPU time means the process waited for a core "
        "or the disk).",
        "- Peak memory: each timed operation runs once more in a subprocess of its own "
        "(`python -m benchmarks.child NAME`), which loads the inputs, resets Linux's resident-set "
        "high-water mark (`/proc/self/clear_refs`), runs the operation and reads `VmHWM`: the process's "
        "peak resident memory while the operation ran, inputs included. The `peak memory` row is the "
        "largest of them.",
        "- Floors (`benchmarks/floors.py`): a ratio divides an operation's median by a floor timed in the same "
        "run, on the same machine, minutes apart, so a busy machine slows both sides. The import is divided by "
        "`pandas.read_csv` of the same `Connections.csv` and `messages.csv` at its defaults (the least any "
        "importer must do: read the bytes and split them into columns); the first open of a workbook just "
        "imported from those files is divided by a later open of the same workbook (the snapshot of the "
        "interactions should be written inside the import, so the first open is like any other); the "
        "common-ground scores for every contact are divided by opening the workbook and reading the tags "
        "table they are computed from.",
        "- Common ground's old target, \"at least 50x a plain Python loop\", is retired: once the loop itself "
        "runs in under a second, the ratio measures how slow the loop is, not how good the code is, and "
        "halving the loop's time would halve the ratio without any change to the workbook. Reading the tags "
        "is a floor that means something to a person: every open of the app pays it, so scores that cost at "
        "most twice that are never what they wait for. The loop stays as the check that both give the same "
        "numbers (its speed-up is shown, without a target); health keeps its 50x target, its loop takes 5 s.",
        "- Derived common ground (topics, skills, employers from the export): when the import has a switch "
        "for it (an `import_file` argument or a setting named `*deriv*`), the row is the import with it on "
        "minus the import with it off (3 runs of each, interleaved; medians); else, when a `derive*(book)` function exists in "
        "`workbook.common_ground` or `workbook.importers`, its time on a workbook just imported from the two "
        "files; else, when the importers call a `derive*` step of their own inside the import, the import as it "
        "is minus the import with that step replaced by a no-op in the benchmark's process (3 of each, interleaved); "
        "else the row says it was not measured.",
        "- Scaling (`benchmarks/scaling.py`): every analysis is timed again on a network a tenth the size with "
        "the same proportions (3,000 contacts, 100,000 interactions, 10,000 tags, 500 links), next to its "
        "full-size time from the same run; the note gives the growth and its exponent "
        "(log of the time ratio over log of the size ratio: 1 is linear).",
        "- Naive baselines: plain Python loops over contacts, tags and interactions implementing the "
        "documented formulas (`benchmarks/naive.py`), timed in the same run (median of 3) and checked to "
        "give the same numbers as the vectorised code before the speed-up is reported.",
        "- Voilà: the packaged configuration (`workbook/app/voila.json`), one server per workbook "
        "serving a folder with the app notebook and an \"empty\" notebook (one cell showing one "
        "`ipywidgets.Label`), both preheated; headless Chromium opens each page after the kernel "
        "pool is refilled and idle, and the clock runs from navigation until `#loading` is gone and the "
        "first widget is visible (median of 3 page loads; 1 when the app takes over 20 s). Ratios divide "
        "by the empty notebook's time on the same server. Server logs are kept in `benchmarks/out/voila-*.log`.",
        "- A user's first request: a Voila server is started, and the app is requested as soon as the server "
        "answers (its preheated kernel may still be warming up); the row is the time from that request to the "
        "first widget, and the note the time from starting the server.",
        "- Browser walk (`benchmarks/walk.py`), on each app page load above: the first page (Start on screen), "
        "the first open of Map (its chart drawn), the Map's Network tab (a new plot drawn) and Save goal (a new "
        "message shown), each timed from the click to the page's last visible change once it has settled (the "
        "kernel reported idle on the page's websocket, and neither a kernel message nor a DOM change came for "
        "0.3 s); then every other section is opened. Medians of the page loads (3; 1 with `--quick`).",
        "- App kernel memory: after that walk, the resident memory (RSS, via psutil, else `VmRSS` in "
        "`/proc/<pid>/status`) of the kernel that served the page: of the ipykernel processes under the Voila "
        "server that were already running before the page was opened, the one that used the most CPU during "
        "the walk. Median of the page loads.",
        "- App interactions: the app shell (`workbook.ui.app.open_app`) driven headless in Python on a copy "
        "of the 30,000-contact workbook, after `warm_up(path)` on that copy as in the preheated kernel (which "
        "reads the tables once and pays plotly's first-use costs before anyone visits): navigation buttons "
        "clicked, filters set, a contact searched, an exchange logged. ipywidgets observers run "
        "synchronously, so the time from setting a value (or clicking) until the call returns covers every "
        "handler, including the shell refreshing the other views, and the figures being replaced. Each "
        "interaction is checked (the view changed, no error reached a message area); a fast failure fails.",
        "",
    ]
    if notes:
        parts += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    if detail_rows:
        parts += ["## Details", ""]
        for r in detail_rows:
            bits = "; ".join(f"{k}: {v}" for k, v in r.detail.items())
            parts.append(f"- **{_md(r.name)}**: {_md(bits)}")
        parts.append("")
    parts += ["## Machine", ""] + [f"- {k}: {v}" for k, v in machine.items()] + [""]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
