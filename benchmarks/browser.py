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

Each app page load is also walked (:mod:`benchmarks.walk`: first page, Map, its Network tab, Save
goal, every other section, then the serving kernel's resident memory), and before that, on a server
of its own, the time from a user's first request to the first widget is taken as soon as a freshly
started server answers.
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
import urllib.error
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


def with_template(env: dict[str, str]) -> dict[str, str]:
    """``env`` with ``JUPYTER_PATH`` as ``workbook app`` sets it, so Voila finds the packaged template."""
    try:
        from workbook.serve import jupyter_path_with_template
    except ImportError:  # an older serve module used Voila's own templates
        return env
    return {**env, "JUPYTER_PATH": jupyter_path_with_template(env.get("JUPYTER_PATH"))}


class VoilaServer:
    """One Voilà process serving ``folder`` with the app's packaged configuration."""

    def __init__(self, folder: Path, env: dict[str, str], log_path: Path):
        serve = need("workbook.serve", "voila_argv")
        self.port = free_port()
        self.folder = folder
        self.log_path = log_path
        self.filled: Counter[str] = Counter()
        argv = serve(port=self.port, notebook=folder)
        env = with_template(env)
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
            except urllib.error.HTTPError:
                return  # it answers (the folder listing is not served): up
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


def cold_first_request(bench, browser, case: str) -> tuple[float, float]:
    """A server started now, the app requested as soon as it answers: (request -> first widget,
    server start -> first widget). What the first visitor of a just-started ``workbook app`` waits."""
    root, env = _prepare(bench, case)
    started = time.perf_counter()
    server = VoilaServer(root / "nb", env, Path(bench.out) / f"voila-{case}-cold.log")
    try:
        server.wait_up()
        asked = time.perf_counter()
        first = first_widget_seconds(browser, server.url("app.ipynb"))
        return first, asked - started + first
    finally:
        server.stop()


def measure_case(bench, browser, case: str) -> dict[str, Any]:
    """Empty-notebook loads and app walks (:func:`benchmarks.walk.walk`), alternating, on one server."""
    from workbook.ui.app import SECTION_KEYS

    from .walk import walk

    root, env = _prepare(bench, case)
    server = VoilaServer(root / "nb", env, Path(bench.out) / f"voila-{case}.log")  # kept for diagnosis
    got: dict[str, Any] = {"empty.ipynb": [], "walks": [], "failures": []}
    try:
        server.wait_up()
        loads = 1 if bench.quick else LOADS
        for i in range(loads):
            server.wait_ready("empty.ipynb", fills=i + 1)
            got["empty.ipynb"].append(first_widget_seconds(browser, server.url("empty.ipynb")))
            server.wait_ready("app.ipynb", fills=i + 1)
            try:
                got["walks"].append(walk(browser, server.url("app.ipynb"), server.proc.pid, SECTION_KEYS))
            except Exception as exc:  # noqa: BLE001 - one failed walk must not lose the others
                got["failures"].append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            if got["walks"][-1].times["first widget"] > SLOW_PAGE:
                break  # far over target: more loads would not change the verdict, only the run time
    finally:
        server.stop()
    return got


#: (walk step, row title, target on the demo, target on the network)
STEPS = (
    ("first page", "browser: first page (Start on screen)", None, None),
    ("map", "browser: Map, first open", 1.0, None),
    ("network", "browser: Map's Network tab", None, None),
    ("save goal", "browser: Save goal", 1.0, None),
)
MEMORY_LIMIT_MB = 300.0  # one app kernel at 30,000 contacts (issue 23)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def walk_rows(label: str, demo: bool, got: dict[str, Any]) -> list[Row]:
    """Rows from one case's walks: each step's median, the kernel's memory, the first widget."""
    walks, out = got["walks"], []
    problems = sorted({e for w in walks for e in w.errors} | set(got["failures"]))
    flag = ("; " + "; ".join(problems))[:300] if problems else ""
    for step, title, demo_limit, net_limit in STEPS:
        limit = demo_limit if demo else net_limit
        values = [w.times[step] for w in walks if step in w.times]
        row = Row(f"{title}, {label}", _median(values), "s", at_most(limit, "s") if limit else None,
                  note=f"median of {len(values)} page loads, to the last visible change" + flag,
                  detail={"loads (s)": ", ".join(f"{v:.2f}" for v in values),
                          "how": " | ".join(w.how.get(step, "-") for w in walks)})
        if not values:
            row.status = "ERROR"
        out.append(row)
    rss = [w.rss_mb for w in walks if w.rss_mb is not None]
    sections = {k for w in walks for k in w.sections}
    mem = Row(f"app kernel memory after every page, {label}", _median(rss), "MB",
              None if demo else at_most(MEMORY_LIMIT_MB, "MB"),
              note=f"RSS of the kernel that served the page, after Start, Map, Network, Save goal and "
                   f"{len(sections)} other sections" + flag,
              detail={"RSS per load (MB)": ", ".join(f"{v:.0f}" for v in rss),
                      "section opens (s)": "; ".join(", ".join(f"{k} {v:.2f}" for k, v in w.sections.items())
                                                     for w in walks)})
    if not rss:
        mem.status = "ERROR"
    return out + [mem]


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
                out += _case_rows(bench, browser, case, label, limit)
        finally:
            browser.close()
    return out


def _case_rows(bench, browser, case: str, label: str, limit: float) -> list[Row]:
    out: list[Row] = []
    try:
        first, since_start = cold_first_request(bench, browser, case)
        out.append(Row(f"Voila first request to first widget, just-started server, {label}", first, "s",
                       note=f"requested as soon as the server answered; {since_start:.2f} s from starting it"))
    except Exception as exc:  # noqa: BLE001
        out.append(Row(f"Voila first request to first widget, just-started server, {label}", None, "s",
                       status="ERROR", note=f"error: {type(exc).__name__}: {exc}"[:200]))
    try:
        got = measure_case(bench, browser, case)
    except Exception as exc:  # noqa: BLE001 - the other case may still work
        return out + [Row(f"Voila app first widget, {label}", None, "x", at_most(limit, "x"),
                          status="ERROR", note=f"error: {type(exc).__name__}: {exc}"[:200])]
    apps = [w.times["first widget"] for w in got["walks"]]
    empty, app = _median(got["empty.ipynb"]), _median(apps)
    detail = {"empty notebook loads (s)": ", ".join(f"{t:.2f}" for t in got["empty.ipynb"]),
              "app loads (s)": ", ".join(f"{t:.2f}" for t in apps)}
    out.append(Row(f"Voila first widget: empty notebook ({label} server)", empty, "s", detail=detail))
    out.append(Row(f"Voila first widget: app on {label}", app, "s"))
    ratio = app / empty if app is not None and empty else None
    out.append(Row(f"Voila app / empty notebook, {label}", ratio, "x", at_most(limit, "x"),
                   note=f"{app:.2f} s vs {empty:.2f} s" if ratio is not None else "no app load finished",
                   status="" if ratio is not None else "ERROR"))
    return out + walk_rows(label, case == "demo", got)
