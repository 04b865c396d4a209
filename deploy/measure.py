"""Measure what deploy/capacity.md is computed from: the memory of one app kernel on a 30,000-contact
workbook, and of the server around it.

    .venv/bin/python deploy/measure.py            # writes artifacts/hub-memory.json

It copies the benchmark network (benchmarks/dataset.py, 30,000 contacts, 1,000,000 interactions;
built when missing), serves it with ``workbook app`` on a free port, opens the app in headless
Chromium, visits the pages a client uses most (Map, Health, This week, Contacts), then reads the
kernel's resident memory (VmRSS) and its high-water mark (VmHWM) from /proc. The user's server
start time is measured by tests/test_hub_browser.py on the real hub (artifacts/hub-timings.json).
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from benchmarks.dataset import Sizes, build  # noqa: E402
from browser import AppPage, AppServer, copy_workbook, free_port, kernel_pids, launch_browser  # noqa: E402

PAGES = ("map", "health", "week", "contacts")


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {k: round(int(fields[k].split()[0]) / 1024, 1) for k in ("VmRSS", "VmHWM")}


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    data = build(Sizes())
    tmp = Path(tempfile.mkdtemp(prefix="hub-measure-"))
    db = copy_workbook(data.workbook, tmp / "workbook.sqlite")
    server = AppServer(db, free_port(), tmp / "server.log").start(timeout=300)
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            page = AppPage(browser.new_context(viewport={"width": 1280, "height": 900}).new_page(), server)
            first = page.open()
            for key in PAGES:
                page.section(key)
                page.wait_idle(1500)
            kernels = kernel_pids(server.process.pid)
            visited = {pid: memory_mb(pid) for pid in kernels}
            result = {"workbook": data.sizes.label, "first_render_s": round(first, 1),
                      "kernels": visited, "server": memory_mb(server.process.pid),
                      "pages_visited": list(PAGES), "measured": time.strftime("%Y-%m-%d %H:%M")}
            page.close()
            browser.close()
    finally:
        server.stop()
    return result


if __name__ == "__main__":
    out = measure()
    path = ROOT / "artifacts" / "hub-memory.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
