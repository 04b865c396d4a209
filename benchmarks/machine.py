"""A description of the machine the benchmark ran on (for RESULTS.md)."""
from __future__ import annotations

import os
import platform
import sys
from importlib import metadata

PACKAGES = ("pandas", "numpy", "scipy", "plotly", "networkx", "ipywidgets", "anywidget", "voila", "playwright",
            "rapidfuzz", "jinja2")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _chromium() -> str:
    import subprocess

    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "not found"


def describe(*, browser: bool = True) -> dict[str, str]:
    """CPU model, cores, memory, load, OS, Python and the key package versions."""
    mem = _memory_gb()
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    info = {
        "CPU": _cpu_model(),
        "cores": f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'})",
        "memory": f"{mem:.1f} GB" if mem else "unknown",
        "load average at start (1, 5, 15 min)": load,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": sys.version.split()[0],
    }
    for p in PACKAGES:
        info[p] = _version(p)
    if browser:
        info["Chromium"] = _chromium()
    return info
