"""Voilà time to first rendered widget, in headless Chromium, for the app and for an empty notebook.

For each workbook (the demo, and the 30,000-contact network) one Voilà server is started the way
``workbook app`` starts it (:func:`workbook.serve.voila_argv`: the packaged ``voila.json``, preheated
kernels), serving a temporary folder that holds a copy of the app notebook and an "empty" notebook
(one cell showing one ``ipywidgets.Label``: the least a Voilà page with a widget can do). Before
each page load the server's kernel pool is refilled and its processes idle, so every load is a
visitor arriving at a ready server. The clock runs from ``page.goto`` until Voilà's ``#loading``
spinner is gone and a widget (``.jupyter-widgets`` or a ``widget-*`` class) is visible; the median
of 3 loads is reported (one load when the app takes over 20 s). Pages are closed with
``run_before_unload=True`` so Voilà shuts their kernels down. Server logs: ``<out>/voila-*.log``.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from .registry import Row, Skipped, at_most, need

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
LOADS = 3
SLOW_PAGE = 20.0  # seconds: an app page this slow is loaded once
PAGE_TIMEOUT_MS = 180_000
FIRST_WIDGET_JS = """() => {
  if (document.querySelector('#loading')) return false;
  for (const el of document.querySelectorAll('.jupyter-widgets, [class*="widget-"]')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) return true;
  }
  return false;
}"""
EMPTY_SOURCE = "import ipywidgets as widgets\n\nwidgets.Label(\"ready\")"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_notebook(kernelspec: dict[str, Any]) -> dict[str, Any]:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "only", "metadata": {}, "outputs": [],
                   "source": EMPTY_SOURCE}],
        "metadata": {"kernelspec": kernelspec, "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


# ----------------------------------------------------------------------------- process-tree idleness


def _tree_cpu_seconds(root: int) -> float:
    """CPU seconds used so far by ``root`` and all its descendants (Linux /proc)."""
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        pid = int(entry)
        parent[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    total, todo, seen = 0.0, [root], set()
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def wait_idle(root: int, *, window: float = 1.0, threshold: float = 0.08, timeout: float = 120.0) -> float:
    """Wait until the process tree uses less than ``threshold`` CPU seconds per ``window``; returns the wait."""
    start = time.perf_counter()
    last = _tree_cpu_seconds(root)
    while time.perf_counter() - start < timeout:
        time.sleep(window)
        now = _tree_cpu_seconds(root)
        if now - last < threshold:
            return time.perf_counter() - start
        last = now
    return time.perf_counter() - start


# ----------------------------------------------------------------------------- the server


class VoilaServer:
    """One Voilà process serving ``folder`` with the app's packaged configuration."""

    def __init__(self, folder: Path, env: dict[str, str], log_path: Path):
        serve = need("workbook.serve", "voila_argv")
        self.port = free_port()
        self.folder = folder
        self.log_path = log_path
        self.filled: Counter[str] = Counter()
        argv = serve(port=self.port, notebook=folder)
        self._log = open(log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-m", "voila", *argv], env=env, cwd=folder,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self._log.write(line)
            self._log.flush()
            if "Kernel pool of" in line and "is filled" in line:
                name = line.split("Kernel pool of", 1)[1].split(" is filled", 1)[0].strip()
                self.filled[Path(name).name] += 1

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{notebook}"

    def wait_up(self, timeout: float = 90.0) -> None:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited ({self.proc.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Voila did not start within {timeout:.0f} s; see {self.log_path}")

    def wait_ready(self, notebook: str, fills: int, timeout: float = 120.0) -> None:
        """Wait until ``notebook``'s pool has been filled ``fills`` times and the server is idle."""
        start = time.perf_counter()
        while self.filled[notebook] < fills and time.perf_counter() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited; see {self.log_path}")
            time.sleep(0.1)
        wait_idle(self.proc.pid, timeout=max(timeout - (time.perf_counter() - start), 5.0))

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # our own session: Voilà and its kernels
                self.proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._log.close()


# ----------------------------------------------------------------------------- measuring


def first_widget_seconds(browser, url: str) -> float:
    page = browser.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(FIRST_WIDGET_JS, timeout=PAGE_TIMEOUT_MS)
        return time.perf_counter() - t0
    finally:
        page.close(run_before_unload=True)


def _prepare(bench, case: str) -> tuple[Path, dict[str, str]]:
    from workbook.serve import notebook_path

    from .dataset import demo_workbook, fresh_copy

    root = bench.scratch_file(f"voila-{case}")
    shutil.rmtree(root, ignore_errors=True)
    (root / "nb").mkdir(parents=True)
    (root / "own").mkdir()
    app_nb = json.loads(Path(notebook_path()).read_text(encoding="utf-8"))
    shutil.copyfile(notebook_path(), root / "nb" / "app.ipynb")
    kernelspec = app_nb.get("metadata", {}).get("kernelspec") or {"name": "python3", "display_name": "Python 3",
                                                                   "language": "python"}
    (root / "nb" / "empty.ipynb").write_text(json.dumps(empty_notebook(kernelspec)), encoding="utf-8")
    own = root / "own" / "workbook.sqlite"
    if case == "demo":
        # The person's own workbook is empty, so the app shows the demo (built beside it, as in real use).
        shutil.copyfile(demo_workbook(bench.out), root / "own" / "demo.sqlite")
    else:
        fresh_copy(bench.data.workbook, own)
    env = {**os.environ, "WORKBOOK_DB": str(own), "PYTHONUNBUFFERED": "1"}
    return root, env


def measure_case(bench, browser, case: str) -> dict[str, list[float]]:
    root, env = _prepare(bench, case)
    server = VoilaServer(root / "nb", env, Path(bench.out) / f"voila-{case}.log")  # kept for diagnosis
    times: dict[str, list[float]] = {"empty.ipynb": [], "app.ipynb": []}
    try:
        server.wait_up()
        loads = 1 if bench.quick else LOADS
        for i in range(loads):
            for nb in ("empty.ipynb", "app.ipynb"):
                server.wait_ready(nb, fills=i + 1)
                times[nb].append(first_widget_seconds(browser, server.url(nb)))
            if times["app.ipynb"][-1] > SLOW_PAGE:
                break  # far over target: more loads would not change the verdict, only the run time
    finally:
        server.stop()
    return times


def measure(bench) -> list[Row]:
    if not bench.browser:
        raise Skipped("--no-browser")
    if not Path(CHROMIUM).exists():
        raise Skipped(f"no Chromium at {CHROMIUM}")
    need("workbook.serve", "voila_argv", "notebook_path")
    need("workbook.ui.app", "AppShell")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise Skipped("playwright is not installed") from None
    cases = (("demo", "the demo", 1.5), ("network", f"{bench.data.sizes.contacts:,} contacts", 3.0))
    out: list[Row] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for case, label, limit in cases:
                try:
                    times = measure_case(bench, browser, case)
                except Exception as exc:  # noqa: BLE001 - the other case may still work
                    out.append(Row(f"Voila app first widget, {label}", None, "x", at_most(limit, "x"),
                                   status="ERROR", note=f"error: {type(exc).__name__}: {exc}"[:200]))
                    continue
                empty, app = statistics.median(times["empty.ipynb"]), statistics.median(times["app.ipynb"])
                detail = {"empty notebook loads (s)": ", ".join(f"{t:.2f}" for t in times["empty.ipynb"]),
                          "app loads (s)": ", ".join(f"{t:.2f}" for t in times["app.ipynb"])}
                out.append(Row(f"Voila first widget: empty notebook ({label} server)", empty, "s", detail=detail))
                out.append(Row(f"Voila first widget: app on {label}", app, "s"))
                out.append(Row(f"Voila app / empty notebook, {label}", app / empty, "x", at_most(limit, "x"),
                               note=f"{app:.2f} s vs {empty:.2f} s"))
        finally:
            browser.close()
    return out
