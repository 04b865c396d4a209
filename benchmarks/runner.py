"""``python -m benchmarks``: build (or reuse) the network, run the measurements, print and save the table."""
from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
import traceback
from pathlib import Path

from . import measures  # noqa: F401 - registers the measurements
from .context import Bench, frames_fingerprint
from .dataset import OUT, Sizes, build
from .machine import describe
from .registry import MEASURES, Measure, NotBuilt, Row, Skipped, select
from .report import format_table, summary, write_results
from .timing import measure_memory, time_op

PEAK_LIMIT_GB = 1.5


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks",
                                description="Benchmark the workbook at LinkedIn scale (30,000 contacts).")
    p.add_argument("--quick", action="store_true", help="a tiny network (300 contacts) to check the harness works")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="run only these measurements (key, key prefix or group; repeat or comma-separate)")
    p.add_argument("--no-browser", dest="browser", action="store_false", help="skip the Voila timings in Chromium")
    p.add_argument("--no-memory", dest="memory", action="store_false",
                   help="skip the per-operation memory subprocesses")
    p.add_argument("--runs", type=int, default=None, help="timed runs per operation after the warm-up (default: 3-7, about 6 s; 0: the warm-up only)")
    p.add_argument("--out", type=Path, default=None,
                   help="where the network is cached (default benchmarks/out; --quick uses a temp folder)")
    p.add_argument("--results", type=Path, default=None,
                   help="where to write RESULTS.md (default benchmarks/RESULTS.md; with --quick or --only, "
                        "inside --out)")
    p.add_argument("--rebuild", action="store_true", help="regenerate the cached network")
    p.add_argument("--profile", metavar="NAME",
                   help="profile one timed measurement (cProfile, CPU-time clock) instead of the table")
    p.add_argument("--list", action="store_true", help="list the measurements and exit")
    return p.parse_args(argv)


def run_measure(m: Measure, bench: Bench, *, memory: bool) -> list[Row]:
    """Run one measurement; never raises (a failure becomes an n/a or ERROR row)."""
    target_name = m.title
    try:
        if m.kind == "rows":
            out = m.fn(bench)
            for r in out:
                r.key = r.key or m.key
            return [r.finish() for r in out]
        before = frames_fingerprint(bench.frames)
        prepared = m.fn(bench)
        timing = time_op(prepared, runs=bench.runs, quick=bench.quick)
        bench.timings[m.key] = timing
        row = Row(target_name, timing.median, "s", m.target, key=m.key, note=m.note, cpu=timing.cpu_median,
                  detail={"runs (s)": ", ".join(f"{t:.3f}" for t in timing.runs), "warm-up (s)": f"{timing.warm_up:.3f}"})
        out = [row]
        if m.extra is not None:
            out += m.extra(bench, timing.result)
        if frames_fingerprint(bench.frames) != before:
            row.note = (row.note + "; " if row.note else "") + "MUTATED ITS INPUT FRAMES"
            row.status = "FAIL"
        if memory and m.memory:
            mem = measure_memory(m.key, bench.data.folder, quick=bench.quick, frames=bench.frames_file)
            if "error" in mem:
                row.detail["memory"] = mem["error"]
            else:
                row.peak_mb = mem["peak_mb"]
                row.detail["memory"] = (f"peak {mem['peak_mb']} MB, before {mem['before_mb']} MB, "
                                        f"added {mem['delta_mb']} MB ({mem['method']})")
        for r in out:
            r.key = r.key or m.key
        return [r.finish() for r in out]
    except NotBuilt as exc:
        return [Row(target_name, None, target=m.target, status="n/a", note=f"n/a (not built: {exc})", key=m.key)]
    except Skipped as exc:
        return [Row(target_name, None, target=m.target, status="skipped", note=f"skipped: {exc}", key=m.key)]
    except Exception as exc:  # noqa: BLE001 - one broken measurement must not stop the others
        traceback.print_exc(file=sys.stderr)
        msg = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        return [Row(target_name, None, target=m.target, status="ERROR", note=f"error: {msg}", key=m.key)]


def profile(m: Measure, bench: Bench, top: int = 35) -> int:
    """Run one timed measurement once to warm up, then once under cProfile with a CPU-time clock
    (a shared machine's waiting does not count), and print where the time goes."""
    import cProfile
    import io
    import pstats

    from .timing import as_op

    if m.kind != "timed":
        raise SystemExit(f"{m.key} is not a timed measurement; profile one of: "
                         f"{', '.join(k for k, x in MEASURES.items() if x.kind == 'timed')}")
    op = as_op(m.fn(bench))
    state = op.setup()
    op.run(state)
    op.teardown(state)
    state = op.setup()
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    op.run(state)
    prof.disable()
    op.teardown(state)
    for order in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order).print_stats(top)
        print(f"== {m.key}: by {order} CPU time ==")
        print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:20000])
    return 0


def peak_row(rows: list[Row]) -> Row | None:
    measured = [r for r in rows if r.peak_mb is not None]
    if not measured:
        return None
    worst = max(measured, key=lambda r: r.peak_mb)
    from .registry import at_most

    return Row("peak memory (largest operation)", worst.peak_mb / 1024, "GB", at_most(PEAK_LIMIT_GB, "GB"),
               note=f"{worst.name}", key="peak-memory").finish()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.list:
        for m in MEASURES.values():
            print(f"{m.key:<22} {m.group:<9} {m.title}" + (f"  [{m.target}]" if m.target else ""))
        return 0
    chosen = select(args.only)
    if args.profile and args.profile not in MEASURES:
        raise SystemExit(f"unknown measurement {args.profile!r}; known: {', '.join(MEASURES)}")
    started = time.perf_counter()
    sizes = Sizes.quick() if args.quick else Sizes()
    if args.out is not None:
        out = args.out
    elif args.quick:
        import tempfile

        out = Path(tempfile.mkdtemp(prefix="wb-bench-quick-"))
    else:
        out = OUT
    out.mkdir(parents=True, exist_ok=True)
    if args.results:
        results_path = args.results
    elif args.quick or args.only:  # a partial or toy run must not overwrite the full results
        results_path = out / ("RESULTS.md" if args.quick else "RESULTS-partial.md")
    else:
        results_path = Path(__file__).resolve().parent / "RESULTS.md"

    def log(*a, **k):
        print(*a, **k, file=sys.stderr, flush=True)

    machine = describe(browser=args.browser)
    data = build(sizes, out, log=log, rebuild=args.rebuild)
    bench = Bench(data, quick=args.quick, out=out, runs=args.runs, browser=args.browser, log=log)
    if args.profile:
        try:
            return profile(MEASURES[args.profile], bench)
        finally:
            bench.close()
    rows: list[Row] = []
    try:
        log(f"loading {data.workbook.name} ({sizes.label}) ...")
        _ = bench.frames
        if args.memory and any(m.kind == "timed" and m.memory for m in chosen):
            bench.save_frames()
        for m in chosen:
            t0 = time.perf_counter()
            log(f"- {m.key}: {m.title} ...", end=" ")
            got = run_measure(m, bench, memory=args.memory)
            rows += got
            log(f"{', '.join(r.shown for r in got)} ({time.perf_counter() - t0:.0f} s)")
    finally:
        bench.close()
    extra = peak_row(rows)
    if extra is not None:
        rows.append(extra)
    seconds = time.perf_counter() - started
    try:
        machine["load average at end (1, 5, 15 min)"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass
    print(format_table(rows))
    print(f"\n{summary(rows)}. ({seconds:.0f} s)")
    if args.quick:
        print("(quick run on a 300-contact network: it checks the harness; the targets are for 30,000 contacts.)")
    try:
        shown = data.folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = data.folder
    notes = [f"Network files: `{shown}` ({data.manifest.get('connections_csv_rows', '?')} rows in "
             f"Connections.csv, {data.manifest.get('messages_csv_rows', '?')} in messages.csv: every interaction "
             f"on the message channel)."]
    written = write_results(results_path, rows, machine, sizes_label=sizes.label,
                            args=" ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])),
                            seconds=seconds, notes=notes)
    print(f"wrote {written}")
    return 0
