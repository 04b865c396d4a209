"""A visitor's walk through the app in Chromium: times to visible content, then the kernel's memory.

One page load of the app (:func:`walk`) times, from the browser:

* **first widget**: navigation until Voila's ``#loading`` is gone and a widget is visible (as before);
* **first page**: navigation until the Start section is on screen and the page has *settled*;
* **Map, first open**: the click on Map until its chart is drawn (a plotly plot with traces), settled;
* **Network tab**: the click on the Map's "Network" chart until a new plot is drawn, settled;
* **Save goal**: the click on "Save goal" until a new success message is shown, settled;

then opens every other section, and reads the resident memory (RSS) of the kernel that served it.

*Settled* means the kernel reported ``idle`` on the page's websocket (ipykernel's status messages),
no kernel message arrived and the page's DOM did not change for :data:`QUIET` seconds. The time
reported is that of the **last DOM change** (what the visitor saw last), not the end of the quiet
window; when the page never settles within :data:`SETTLE_CAP` seconds of being ready, the time it
became ready is used (and said so in the row's detail).

The kernel is found by its process: of the ipykernel processes under the Voila server that were
already there before the page was opened (Voila's preheated pool), the one that used the most CPU
during the walk. Kernels started during the walk (the pool refilling itself) are not candidates.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

QUIET = 0.3  # seconds without a DOM change, a kernel message or a busy kernel
SETTLE_CAP = 15.0  # seconds after "ready" to wait for the page to settle
STEP_TIMEOUT = 120.0  # seconds for one step to become ready

#: Records the time of the page's last DOM change (``Date.now()``, comparable with Python's ``time.time()``).
INIT_JS = """
window.__wbLast = Date.now();
window.__wbVisible = (sel) => [...document.querySelectorAll(sel)].some(e => {
  const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
window.__wbPlot = (sel) => [...document.querySelectorAll(sel)].some(p => p.data && p.data.length > 0 && (() => {
  const r = p.getBoundingClientRect(); return r.width > 0 && r.height > 0; })());
new MutationObserver(() => { window.__wbLast = Date.now(); }).observe(document, {
  subtree: true, childList: true, attributes: true, characterData: true });
"""
READY = {
    "first page": "() => !document.querySelector('#loading') && __wbVisible('.wb-app .wb-nav') "
                  "&& __wbVisible('.wb-section-start')",
    "map": "() => __wbVisible('.wb-section-map') && __wbPlot('.wb-section-map .js-plotly-plot')",
    "network": "() => __wbPlot('.wb-section-map .js-plotly-plot:not([data-wb-old])')",
    "save goal": "() => __wbVisible('.wb-message-success:not([data-wb-old])') "
                 "|| __wbVisible('.wb-message-error:not([data-wb-old])')",
}
MARK_OLD = "(sel) => document.querySelectorAll(sel).forEach(e => e.setAttribute('data-wb-old', '1'))"



class Watch:
    """A page's kernel status (from its websocket frames) and its last DOM change."""

    def __init__(self, page):
        self.page = page
        self.busy = False
        self.last_frame = 0.0
        self.last_idle = 0.0
        page.add_init_script(INIT_JS)
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: Any) -> None:
        data = payload.encode("utf-8", "replace") if isinstance(payload, str) else bytes(payload)
        self.last_frame = time.time()
        head = data[:4000]
        if b'"status"' in head and b'"execution_state"' in data:
            if b'"execution_state": "busy"' in data or b'"execution_state":"busy"' in data:
                self.busy = True
            elif b'"execution_state": "idle"' in data or b'"execution_state":"idle"' in data:
                self.busy = False
                self.last_idle = self.last_frame

    def settle(self, t0: float, ready_js: str) -> tuple[float, str]:
        """Seconds from ``t0`` to the visible result of a step; and how it ended (settled or ready only,
        and when the kernel last went idle: work that changed nothing on screen is not in the time)."""
        probe = f"() => [({ready_js})(), window.__wbLast || 0]"
        ready_at = None
        deadline = time.time() + STEP_TIMEOUT
        while True:
            ok, last_dom = self.page.evaluate(probe)
            now = time.time()
            last_dom = float(last_dom) / 1000.0
            if ok and ready_at is None:
                ready_at = now
            if ready_at is not None:
                quiet = now - max(last_dom, self.last_frame) >= QUIET and not self.busy
                if quiet:
                    return max(last_dom, t0) - t0, f"settled, kernel idle at {max(self.last_idle - t0, 0):.2f} s"
                if now - ready_at > SETTLE_CAP:
                    return ready_at - t0, "ready only (never settled)"
            elif now > deadline:
                raise TimeoutError(f"not ready after {STEP_TIMEOUT:.0f} s: {ready_js[:80]}")
            self.page.wait_for_timeout(50)


# ----------------------------------------------------------------------------- kernels


def _kernels(server_pid: int) -> dict[int, float]:
    """CPU seconds so far of every ipykernel process under ``server_pid``."""
    parent, cpu, cmd = {}, {}, {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd[int(entry)] = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parent[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    below, frontier = set(), {server_pid}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier and p not in below}
        below |= frontier
    return {p: cpu[p] for p in below if b"ipykernel" in cmd.get(p, b"")}


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB: psutil when installed, else ``VmRSS`` from /proc."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            return psutil.Process(pid).memory_info().rss / 1024 / 1024
        except psutil.Error:
            return None
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# ----------------------------------------------------------------------------- the walk


@dataclass
class Walk:
    """What one page load measured (seconds, and the kernel's resident memory in MB)."""

    times: dict[str, float] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    sections: dict[str, float] = field(default_factory=dict)
    rss_mb: float | None = None
    errors: list[str] = field(default_factory=list)


def _click_and_settle(watch: Watch, selector: str, ready: str) -> tuple[float, str]:
    page = watch.page
    page.locator(selector).first.wait_for(state="visible", timeout=STEP_TIMEOUT * 1000)
    t0 = time.time()
    page.locator(selector).first.click()
    return watch.settle(t0, ready)


def _visit(watch: Watch, key: str) -> float:
    return _click_and_settle(watch, f".wb-nav-{key}", f"() => __wbVisible('.wb-section-{key}')")[0]


def _save_goal(watch: Watch, walk: Walk) -> None:
    page = watch.page
    for key in ("outreach", "profile"):  # wherever the goal editor lives
        walk.sections.setdefault(key, _visit(watch, key))
        button = page.locator(f".wb-section-{key} button:has-text('Save goal'):visible")
        if button.count():
            page.evaluate(MARK_OLD, ".wb-message-success, .wb-message-error")
            t0 = time.time()
            button.first.click()
            walk.times["save goal"], walk.how["save goal"] = watch.settle(t0, READY["save goal"])
            if page.locator(".wb-message-error:not([data-wb-old])").count():
                walk.errors.append("Save goal: " + page.locator(".wb-message-error").first.inner_text()[:120])
            return
    walk.errors.append("no visible 'Save goal' button in Mentor outreach or Profile")


def walk(browser, url: str, server_pid: int, sections: tuple[str, ...]) -> Walk:
    """Load the app once and walk it (see the module docstring)."""
    from .browser import FIRST_WIDGET_JS

    out = Walk()
    before = _kernels(server_pid)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    try:
        t0 = time.time()
        page.goto(url, wait_until="commit", timeout=STEP_TIMEOUT * 1000)
        page.wait_for_function(FIRST_WIDGET_JS, timeout=STEP_TIMEOUT * 1000)  # as first_widget_seconds
        out.times["first widget"] = time.time() - t0
        out.times["first page"], out.how["first page"] = watch.settle(t0, READY["first page"])
        out.times["map"], out.how["map"] = _click_and_settle(watch, ".wb-nav-map", READY["map"])
        page.evaluate(MARK_OLD, ".wb-section-map .js-plotly-plot")
        out.times["network"], out.how["network"] = _click_and_settle(
            watch, ".wb-section-map .wb-map-chart button:has-text('Network')", READY["network"])
        _save_goal(watch, out)
        for key in sections:
            if key not in ("start", "map") and key not in out.sections:
                out.sections[key] = _visit(watch, key)
        after = _kernels(server_pid)
        used = {p: after[p] - c for p, c in before.items() if p in after}
        if used:
            mine = max(used, key=used.get)
            out.rss_mb = rss_mb(mine)
        else:
            out.errors.append("no kernel process found under the Voila server")
        errors = page.locator(".wb-message-error").all_inner_texts()
        out.errors += [f"error shown: {e[:120]}" for e in errors if e.strip()]
    finally:
        page.close(run_before_unload=True)
    return out
