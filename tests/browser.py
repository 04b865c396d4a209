"""Helpers for the browser tests: start ``workbook app`` on a free port, drive it with Playwright.

Import the fixtures into a test module (``from browser import app_server, browser_page, ...``).
The browser tests fail (not skip) when Chromium is missing: CI installs it.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
#: Generous: the first page waits for a kernel, and CI machines are slow.
LOAD_TIMEOUT_MS = 120_000
SECTION_TIMEOUT_MS = 60_000


def free_port() -> int:
    """A port nothing listens on (picked by the OS, on 127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    """A ``workbook app`` subprocess on one workbook."""

    db: Path
    port: int
    log: Path
    process: subprocess.Popen | None = None
    token: str | None = None
    started: float = field(default_factory=time.time)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/" + (f"?token={self.token}" if self.token else "")

    def start(self, timeout: float = 120.0) -> "AppServer":
        env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_DB"}
        cmd = [sys.executable, "-m", "workbook", "app", "--db", str(self.db), "--port", str(self.port),
               "--no-browser"] + (["--token", self.token] if self.token else [])
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "wb")
        self.process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(self.db.parent),
                                        start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"workbook app exited early:\n{self.log.read_text(errors='replace')}")
            if "pool of app.ipynb is filled" in self.log.read_text(errors="replace"):
                return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"workbook app did not start in {timeout:.0f} s:\n{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def get(self, path: str, headers: dict[str, str] | None = None) -> int:
        """HTTP status of a GET (the path is sent as is, no normalisation)."""
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers or {})
            return conn.getresponse().status
        finally:
            conn.close()

    def server_log(self) -> str:
        return self.log.read_text(errors="replace")


def launch_browser(playwright):
    """Headless Debian Chromium; a missing browser is a failure, not a skip."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the "
                    "browser tests.")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)


class AppPage:
    """One browser tab on the app, with the dialogs it raised and helpers to move around."""

    def __init__(self, page, server: AppServer):
        self.page = page
        self.server = server
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        with contextlib.suppress(Exception):
            dialog.dismiss()

    def open(self) -> float:
        """Load (or reload) the app; returns seconds to the first rendered app widget."""
        started = time.time()
        self.page.goto(self.server.url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        self.page.wait_for_selector("#loading", state="detached", timeout=LOAD_TIMEOUT_MS)
        self.page.wait_for_selector(".wb-app .wb-nav", timeout=LOAD_TIMEOUT_MS)
        return time.time() - started

    def section(self, key: str):
        """Show a section and wait until it is on screen; returns its locator."""
        self.page.click(f".wb-nav-{key}")
        locator = self.page.locator(f".wb-section-{key}")
        locator.wait_for(state="visible", timeout=SECTION_TIMEOUT_MS)
        return locator

    def wait_idle(self, ms: int = 400) -> None:
        """Let pending widget messages land."""
        self.page.wait_for_timeout(ms)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def header_count(self) -> int:
        """The number of contacts the header shows."""
        text = self.page.locator(".wb-stat-contacts").inner_text(timeout=SECTION_TIMEOUT_MS)
        return int(re.sub(r"[^0-9]", "", text))

    def close(self) -> None:
        # run_before_unload lets Voilà shut the kernel down (otherwise it leaks until the server stops)
        with contextlib.suppress(Exception):
            self.page.close(run_before_unload=True)


def copy_workbook(master: Path, dest: Path) -> Path:
    """A consistent copy of a workbook (SQLite backup API)."""
    import workbook

    src = workbook.open(master, readonly=True)
    try:
        src.backup(dest)
    finally:
        src.close()
    return dest


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.25, message: str = "condition"):
    """Poll ``predicate`` until it is truthy; fail with ``message`` after ``timeout`` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


__all__ = ["AppPage", "AppServer", "CHROMIUM", "SCREENSHOTS", "copy_workbook", "free_port", "launch_browser",
           "wait_until", "urllib"]


# ----------------------------------------------------------------------------- kernels and server options


def kernel_pids(server_pid: int) -> list[int]:
    """The kernel processes (``ipykernel``) descended from ``server_pid``, found by scanning ``/proc``.

    Voilà lists no kernels over HTTP (``/api/kernels`` alone is not routed), so the processes are
    the ground truth: a kernel Voilà forgot about still counts.
    """
    parents: dict[int, int] = {}
    commands: dict[int, bytes] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                commands[int(entry)] = f.read()
        except OSError:  # the process ended while we looked
            continue
        # the command name (field 2) may hold spaces and parentheses: the parent id follows the last ")"
        parents[int(entry)] = int(stat.rsplit(b")", 1)[1].split()[1])
    descendants: set[int] = set()
    frontier = {server_pid}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier and pid not in descendants}
        descendants |= frontier
    return sorted(pid for pid in descendants if b"ipykernel" in commands.get(pid, b""))


_START_WITH_OPTIONS = """\
import sys
from workbook import serve
cut = sys.argv.index("--")
extra, args = sys.argv[1:cut], sys.argv[cut + 1:]
packaged = serve.voila_argv
serve.voila_argv = lambda **kw: packaged(**kw) + extra
raise SystemExit(serve.main(args))
"""


def start_app_with(server: AppServer, *voila_options: str, timeout: float = 120.0) -> AppServer:
    """Start ``server`` as ``workbook app`` does, with Voilà command-line options added after the packaged ones.

    For settings a test must shorten (``--MappingKernelManager.cull_idle_timeout=8``): the options
    override ``voila.json`` the way a command line overrides a config file. Stop it with ``server.stop()``.
    """
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_DB"}
    cmd = [sys.executable, "-c", _START_WITH_OPTIONS, *voila_options, "--", "--db", str(server.db),
           "--port", str(server.port), "--no-browser"] + (["--token", server.token] if server.token else [])
    server.log.parent.mkdir(parents=True, exist_ok=True)
    out = open(server.log, "wb")
    server.process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(server.db.parent),
                                      start_new_session=True)
    try:
        wait_until(lambda: server.process.poll() is not None or "pool of app.ipynb is filled" in server.server_log(),
                   timeout=timeout, interval=0.3, message="workbook app to fill its kernel pool")
    except AssertionError:
        server.stop()
        raise RuntimeError(f"workbook app did not start in {timeout:.0f} s:\n{server.server_log()}") from None
    if server.process.poll() is not None:
        raise RuntimeError(f"workbook app exited early:\n{server.server_log()}")
    return server
