"""No leaked kernels: closed and abandoned tabs give their kernels back (issue 15, item 6).

Kernels are counted as processes under the server (``kernel_pids``), not as Voilà reports them.
A closed or reloaded tab posts a shutdown beacon on ``beforeunload``; a tab that vanishes without
one (a crashed or killed browser) is culled once its kernel has no connection and has been idle for
``cull_idle_timeout`` seconds. A tab that stays open is never culled, however long it idles.
"""
from __future__ import annotations

import json
import re
import time

import pytest

from browser import (LOAD_TIMEOUT_MS, AppPage, AppServer, copy_workbook, free_port, kernel_pids, launch_browser,
                     start_app_with, wait_until)
from workbook import serve

CONFIG = json.loads((serve.app_dir() / "voila.json").read_text())
POOL = CONFIG["VoilaConfiguration"]["default_pool_size"]
CULL = CONFIG["MappingKernelManager"]
OPEN_CLOSE_ROUNDS = 20
#: Tabs opened side by side per round (two at a time: twice as fast on two cores, and two tabs at once
#: is what people do).
TABS_AT_ONCE = 2
#: The test server's culling clock (the packaged one, minutes, would not fit in a test).
TEST_CULL_TIMEOUT, TEST_CULL_INTERVAL = 8, 2
ABANDONED = 2


@pytest.mark.parametrize("key, check", [
    ("cull_idle_timeout", lambda v: 60 <= v <= 3600),   # abandoned kernels go, but not within a coffee break
    ("cull_interval", lambda v: 0 < v <= CULL["cull_idle_timeout"]),
    ("cull_connected", lambda v: v is False),            # an open tab keeps its kernel, however idle
    ("cull_busy", lambda v: v is False),                 # a long import is never cut off
])
def test_culling_configuration(key, check):
    assert check(CULL[key]), f"MappingKernelManager.{key} = {CULL[key]!r}"


@pytest.fixture
def db(_demo_master, tmp_path):
    return copy_workbook(_demo_master, tmp_path / "workbook.sqlite")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


def _count(server: AppServer) -> int:
    return len(kernel_pids(server.process.pid))


def _kernel_id(app: AppPage) -> str:
    """The kernel the page talks to (Voilà writes it into the page's configuration)."""
    return app.page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


@pytest.mark.browser
def test_closing_the_app_twenty_times_leaves_only_the_pool(db, tmp_path, browser):
    server = AppServer(db, free_port(), tmp_path / "server.log").start()
    try:
        context = browser.new_context()
        counts = [_count(server)]
        for _ in range(OPEN_CLOSE_ROUNDS // TABS_AT_ONCE):
            tabs = [AppPage(context.new_page(), server) for _ in range(TABS_AT_ONCE)]
            for tab in tabs:  # both requests reach the server before either page has rendered
                tab.page.goto(server.url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
            for tab in tabs:
                tab.page.wait_for_selector(".wb-app .wb-nav", timeout=LOAD_TIMEOUT_MS)
            for tab in tabs:
                tab.close()  # run_before_unload: as closing a tab or reloading does
            counts.append(_count(server))
        context.close()
        wait_until(lambda: _count(server) <= POOL + 1, timeout=30,
                   message=f"at most {POOL + 1} kernels (counts after each close: {counts})")
        settled = _count(server)
        log = server.server_log()
    finally:
        server.stop()
    print(f"kernels after each round: {counts}; settled at {settled}")
    assert settled <= POOL + 1
    assert "403 POST /voila/api/shutdown" not in log, "Voilà refused a tab's shutdown beacon"
    shutdowns = len(re.findall(r"Kernel shutdown: ", log))
    assert shutdowns >= OPEN_CLOSE_ROUNDS, f"{shutdowns} kernels shut down for {OPEN_CLOSE_ROUNDS} closed tabs"
    # no growth along the way: at most the pool and the round's kernels, some still shutting down
    assert max(counts) <= POOL + 2 * TABS_AT_ONCE, counts


@pytest.mark.browser
def test_abandoned_tabs_are_culled_and_an_open_tab_keeps_its_kernel(db, tmp_path, browser):
    server = start_app_with(AppServer(db, free_port(), tmp_path / "server.log"),
                            f"--MappingKernelManager.cull_idle_timeout={TEST_CULL_TIMEOUT}",
                            f"--MappingKernelManager.cull_interval={TEST_CULL_INTERVAL}")
    try:
        context = browser.new_context()
        kept = AppPage(context.new_page(), server)
        kept.open()
        kept_id = _kernel_id(kept)
        kept_since = time.time()
        for _ in range(ABANDONED):
            abandoned = AppPage(context.new_page(), server)
            abandoned.open()
            abandoned.page.close()  # no beforeunload, no beacon: as a crashed or killed tab
        assert _count(server) >= POOL + 2, "the abandoned tabs' kernels should still be running before culling"
        wait_until(lambda: _count(server) <= POOL + 1, timeout=TEST_CULL_TIMEOUT + 30,
                   message=f"the abandoned kernels to be culled (now {_count(server)})")
        # the open tab idles past the timeout and a few culling rounds: connected, so its kernel stays
        time.sleep(max(0.0, kept_since + TEST_CULL_TIMEOUT + 2 * TEST_CULL_INTERVAL + 2 - time.time()))
        assert _count(server) <= POOL + 1
        kept.section("contacts")  # a round trip through the kernel: it still answers
        kept.section("start")
        kept_status = server.get(f"/api/kernels/{kept_id}")
        context.close()
        log = server.server_log()
    finally:
        server.stop()
    culled = re.findall(r"Culling '.*", log)
    assert len(culled) >= ABANDONED, log[-3000:]
    assert kept_id not in "".join(culled), "the open tab's kernel was culled"
    assert kept_status == 200, f"the open tab's kernel is gone ({kept_status})"
    # every kernel that went was culled: none was shut down by a beacon, so the tabs were truly abandoned
    assert len(re.findall(r"Kernel shutdown: ", log)) == len(culled), log[-3000:]
