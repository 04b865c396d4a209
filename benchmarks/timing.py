"""Timing (median after a warm-up, in this process) and peak memory (in a subprocess per operation).

Peak memory is read from Linux's ``/proc/self/status``: the child process loads the operation's
inputs, resets the resident-set high-water mark (``echo 5 > /proc/self/clear_refs``), runs the
operation once and reads ``VmHWM``. So the number is the process's peak resident memory *while the
operation ran* (inputs included: that is what the machine must hold), and ``delta`` is what the
operation added on top of its inputs. Where the reset is not allowed, the fallback is
``resource.getrusage(RUSAGE_SELF).ru_maxrss``, the peak since the process started.
"""
from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .registry import Op


@dataclass
class Timing:
    median: float
    runs: list[float] = field(default_factory=list)
    warm_up: float = 0.0
    result: Any = None
    cpu: list[float] = field(default_factory=list)  # process CPU seconds of each run

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


def as_op(prepared: Any) -> Op:
    if isinstance(prepared, Op):
        return prepared
    if callable(prepared):
        return Op(run=lambda _state: prepared())
    raise TypeError(f"a timed measurement must return a callable or an Op, not {type(prepared).__name__}")


SLOW = 10.0  # seconds: an operation whose warm-up takes this long is timed once


def time_op(prepared: Any, *, runs: int | None = None, quick: bool = False, budget: float = 6.0) -> Timing:
    """Warm up once, then time ``runs`` runs (default: as many as fit ``budget`` seconds, 3 to 7;
    an operation slower than :data:`SLOW` is timed once, by its warm-up run).

    Each run's untimed ``setup`` happens before the clock starts; ``gc.collect()`` runs before each
    run so one run's garbage is not collected on the next one's time.
    """
    op = as_op(prepared)
    state = op.setup()
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    result = op.run(state)
    warm = time.perf_counter() - t0
    warm_cpu = time.process_time() - c0
    op.teardown(state)
    if runs == 0:  # warm-up only (the harness's own tests)
        return Timing(warm, [warm], warm, result, [warm_cpu])
    if runs is None:
        if quick:
            runs = 2
        elif warm >= SLOW:
            # Far over any target: one-off costs (module imports) are noise at this size, so the
            # warm-up is the measurement, which keeps a full run within minutes.
            return Timing(warm, [warm], warm, result, [warm_cpu])
        else:
            runs = max(3, min(7, int(budget / max(warm, 1e-4))))
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        state = op.setup()
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = op.run(state)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        op.teardown(state)
    return Timing(statistics.median(times), times, warm, result, cpu)


def time_call(fn, *, runs: int = 3, limit: float | None = None) -> Timing:
    """Median of ``runs`` plain calls (no warm-up; for slow naive baselines); stops early once a
    call takes longer than ``limit`` seconds."""
    times, cpu = [], []
    result = None
    for _ in range(runs):
        if limit is not None and times and times[-1] >= limit:
            break
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return Timing(statistics.median(times), times, 0.0, result, cpu)


# ----------------------------------------------------------------------------- memory


def _status_kb(field_name: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak() -> bool:
    """Reset this process's resident high-water mark (Linux); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    hwm = _status_kb("VmHWM")
    if hwm is not None:
        return hwm / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    now = _status_kb("VmRSS")
    return (now or 0) / 1024


def measure_memory_here(prepared: Any) -> dict[str, Any]:
    """Run an operation once in this (fresh) process and report its peak memory."""
    op = as_op(prepared)
    state = op.setup()
    gc.collect()
    reset = reset_peak()
    before = rss_mb()
    t0 = time.perf_counter()
    op.run(state)
    seconds = time.perf_counter() - t0
    peak = peak_rss_mb()
    op.teardown(state)
    return {"peak_mb": round(peak, 1), "before_mb": round(before, 1), "delta_mb": round(max(peak - before, 0), 1),
            "method": "VmHWM after clear_refs" if reset else "ru_maxrss (peak since start)", "seconds": seconds}


def measure_memory(key: str, data_folder: Path, *, quick: bool, frames: Path | None = None,
                   timeout: float = 300) -> dict[str, Any]:
    """Peak memory of measurement ``key`` in a subprocess of its own (``python -m benchmarks.child``)."""
    cmd = [sys.executable, "-m", "benchmarks.child", key, "--data", str(data_folder)]
    if quick:
        cmd.append("--quick")
    if frames is not None:
        cmd += ["--frames", str(frames)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    root = Path(__file__).resolve().parents[1]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=root, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"memory child timed out after {timeout:.0f} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": f"memory child failed: {tail[0][:200]}"}
    return json.loads(lines[-1])
