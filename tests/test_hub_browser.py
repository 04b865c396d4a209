"""A coach and a cohort on a real JupyterHub (``workbook hub``), real proxy, real Chromium.

One hub for the module; the tests run in file order and build on each other: the coach and two
clients sign up, the coach approves the clients, each client imports a different file and sees
only their own contacts, neither can open the other's server, one shares a report and the coach's
page shows exactly that one. Every process the hub started is ended at the end, and checked gone.
A missing jupyterhub, configurable-http-proxy or Chromium fails the module (CI installs them).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import workbook
from browser import ROOT, free_port, launch_browser, wait_until

pytestmark = pytest.mark.browser

SAMPLES = ROOT / "data" / "samples"
COACH = "coach"
CLIENTS = {"alice": SAMPLES / "google-contacts.csv", "bob": SAMPLES / "contacts-v30.vcf"}
PASSWORD = "a-long-Secret-2026"
TIMINGS = ROOT / "artifacts" / "hub-timings.json"
LOAD_MS = 150_000


def _require_parts() -> None:
    if shutil.which("configurable-http-proxy") is None:
        pytest.fail("configurable-http-proxy is missing: npm install -g configurable-http-proxy (.ci/run does).")
    for module in ("jupyterhub", "nativeauthenticator", "jupyterhub_idle_culler"):
        try:
            __import__(module)
        except ImportError:
            pytest.fail(f"{module} is missing: pip install -e '.[hub]' (.ci/run does).")


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc), even those that started a session of their own."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/stat", "rb") as f:
                parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier and p not in found}
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


class Hub:
    """``python -m workbook.hub`` on free ports, its state in a temporary folder."""

    def __init__(self, state: Path):
        self.state, self.port = state, free_port()
        self.log = state.parent / "hub.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.seen: set[int] = set()

    def start(self) -> "Hub":
        env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_DB"}
        env.update(WORKBOOK_HUB_API_PORT=str(free_port()), WORKBOOK_HUB_PROXY_API_PORT=str(free_port()),
                   WORKBOOK_HUB_COACH_PORT=str(free_port()))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workbook.hub", "--port", str(self.port), "--state", str(self.state),
             "--coach", COACH], stdout=open(self.log, "wb"), stderr=subprocess.STDOUT, env=env,
            cwd=str(self.state.parent), start_new_session=True)
        wait_until(lambda: self.process.poll() is not None or "JupyterHub is now running" in self.text(),
                   timeout=90, interval=0.3, message="the hub to start")
        assert self.process.poll() is None, self.text()
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def note_processes(self) -> None:
        self.seen |= _descendants(self.process.pid)

    def stop(self) -> list[int]:
        """End the hub and everything below it; returns the pids still alive (none, if all went well)."""
        self.note_processes()
        # Everything at once: the hub's own shutdown waits ~10 s per service that ignores SIGINT.
        for pid in [self.process.pid, *self.seen]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        for pid in [self.process.pid, *self.seen]:
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        time.sleep(0.5)
        return sorted(p for p in self.seen | {self.process.pid} if _alive(p))

    def workbook_names(self, user: str) -> set[str]:
        book = workbook.open(self.state / "users" / user / "data" / "workbook.sqlite", readonly=True)
        try:
            return set(book.contacts()["full_name"])
        finally:
            book.close()


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    _require_parts()
    started = time.time()
    h = Hub(tmp_path_factory.mktemp("hub") / "state").start()
    h.started_in = time.time() - started
    h.timings = {"hub_start_s": round(h.started_in, 1)}
    yield h
    left = h.stop()
    h.timings["server_start_s"] = {m[0]: float(m[1]) for m in re.findall(r"User (\w+) took ([\d.]+) seconds to start",
                                                                          h.text())}
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(h.timings, indent=1))
    assert not left, f"processes left running after the hub stopped: {left}"


@pytest.fixture(scope="module")
def browser(hub):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages(browser):
    """One browser context (own cookies) per person."""
    contexts = {name: browser.new_context(viewport={"width": 1280, "height": 900}) for name in (COACH, *CLIENTS)}
    yield {name: ctx.new_page() for name, ctx in contexts.items()}
    for ctx in contexts.values():
        ctx.close()


def _sign_up(page, hub, name) -> str:
    page.goto(f"{hub.url}/hub/signup")
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.fill("#password_confirmation_input", PASSWORD)
    page.click("form [type=submit]")
    return page.locator(".alert").inner_text()


def _log_in(page, hub, name, next_url: str = "") -> None:
    page.goto(f"{hub.url}/hub/login" + (f"?next={next_url}" if next_url else ""))
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")


def _status(page, url: str) -> int:
    """The status a browser tab with ``page``'s cookies gets for ``url`` (``page`` itself stays put)."""
    tab = page.context.new_page()
    try:
        response = tab.goto(url)
        return response.status if response is not None else 0
    finally:
        tab.close()


# ----------------------------------------------------------------------------- sign-up and approval


def test_clients_sign_up_and_wait_for_the_coach(hub, pages):
    _sign_up(pages[COACH], hub, COACH)  # approved at once (NativeAuthenticator's message says otherwise)
    for name in CLIENTS:
        assert "sent to the admin" in _sign_up(pages[name], hub, name)
    _log_in(pages["alice"], hub, "alice")
    pages["alice"].wait_for_load_state()
    assert "/hub/login" in pages["alice"].url  # not approved yet: refused


def test_the_coach_approves_them(hub, pages):
    coach = pages[COACH]
    _log_in(coach, hub, COACH, next_url="/hub/authorize")
    coach.wait_for_url("**/hub/authorize*")  # signed in: the coach needed no approval
    for name in CLIENTS:
        coach.click(f"a[href$='authorize/{name}']")
        coach.wait_for_url(f"**/hub/authorize#{name}")
    assert coach.locator("a[href$='authorize/alice']").inner_text().strip() == "Unauthorize"


# ----------------------------------------------------------------------------- each their own app


def test_each_client_lands_in_their_own_app(hub, pages):
    started = time.time()
    for name in CLIENTS:
        _log_in(pages[name], hub, name)
    for name in CLIENTS:
        page = pages[name]
        page.wait_for_url(f"**/user/{name}/voila/render/app.ipynb*", timeout=LOAD_MS)
        page.wait_for_selector(".wb-app .wb-nav", timeout=LOAD_MS)
        page.wait_for_selector(".wb-share", timeout=LOAD_MS)
        hub.timings[f"{name}_login_to_app_s"] = round(time.time() - started, 1)
    hub.note_processes()
    hub.timings["resident_mb"] = _resident(hub)
    for name in CLIENTS:  # JupyterLab with the chapters stays there too
        assert (hub.state / "users" / name / "chapters" / "01-map-your-network.ipynb").exists()


def _resident(hub) -> dict[str, float]:
    """Resident memory (MB) of each user's server and app kernel (small workbooks), for deploy/capacity.md."""
    out = {}
    for pid in sorted(hub.seen):
        with contextlib.suppress(OSError):
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            kind = "server" if b"jupyterhub-singleuser" in cmd else "kernel" if b"ipykernel" in cmd else None
            rss = [line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS")]
            if kind and rss:
                out[f"{kind}-{pid}"] = round(int(rss[0].split()[1]) / 1024, 1)
    return out


def _import(page, path: Path) -> None:
    page.click(".wb-nav-start")
    start = page.locator(".wb-section-start")
    start.wait_for(state="visible", timeout=60_000)
    with page.expect_file_chooser() as chooser:
        start.locator("button.widget-upload.wb-importer-upload").click()
    chooser.value.set_files(str(path))
    button = start.locator(".wb-importer-button")
    wait_until(lambda: button.is_enabled(), message="the import button to enable")
    button.click()
    start.locator(".wb-importer-report").get_by_text(path.name).first.wait_for(timeout=60_000)


def test_each_imports_a_different_file_and_sees_only_their_own_contacts(hub, pages):
    for name, path in CLIENTS.items():
        _import(pages[name], path)
    names = {name: wait_until(lambda n=name: hub.workbook_names(n), message=f"{name}'s contacts") for name in CLIENTS}
    assert names["alice"] and names["bob"] and not names["alice"] & names["bob"]
    for name, other in (("alice", "bob"), ("bob", "alice")):
        page = pages[name]
        page.click(".wb-nav-contacts")
        table = page.locator(".wb-section-contacts .wb-contacts-table")
        table.wait_for(state="visible", timeout=60_000)
        wait_until(lambda p=page: p.locator(".wb-section-contacts .wb-contacts-name").count() > 0,
                   message="the contacts table")
        shown = table.inner_text()
        assert any(n in shown for n in names[name]), shown
        assert not any(n in shown for n in names[other]), f"{name} sees {other}'s contacts"


def test_another_users_server_is_refused(hub, pages):
    alice, coach = pages["alice"], pages[COACH]
    assert _status(alice, f"{hub.url}/user/bob/voila/render/app.ipynb") == 403
    assert _status(alice, f"{hub.url}/user/bob/api/contents/data") == 403
    # nor does the coach open a client's server: approving accounts gives no access to them
    assert _status(coach, f"{hub.url}/user/alice/lab") == 403
    # nor set a client's password and sign in as them (that page of NativeAuthenticator is withheld)
    assert _status(coach, f"{hub.url}/hub/change-password/alice") == 404
    # and a client does not open the coach's page
    assert _status(pages["bob"], f"{hub.url}/services/coach/") == 403


# ----------------------------------------------------------------------------- sharing, by consent


def test_one_shares_and_the_coach_sees_exactly_that_one(hub, pages):
    alice, coach = pages["alice"], pages[COACH]
    alice.wait_for_selector(".wb-share", timeout=LOAD_MS)  # below the app, on the page she already has open
    alice.locator(".wb-share-names button", has_text="Initials only").click()
    alice.locator(".wb-share-button").click()
    alice.locator(".wb-share .wb-message-success").wait_for(timeout=60_000)
    assert "Shared on" in alice.locator(".wb-share-status").inner_text()

    coach.goto(f"{hub.url}/services/coach/")
    rows = coach.locator(".wb-coach-report")
    assert rows.count() == 1 and rows.first.get_attribute("data-user") == "alice"
    assert coach.locator(".wb-coach-shared b").inner_text() == "1"
    report = coach.request.get(f"{hub.url}/services/coach/reports/alice")
    assert report.status == 200 and "sandbox" in report.headers["content-security-policy"]
    text = report.text()
    assert "Contacts are shown by their initials" in text
    assert not [n for n in hub.workbook_names("alice") if n in text], "a full name reached the coach"
    assert coach.request.get(f"{hub.url}/services/coach/reports/bob").status == 404


def test_withdrawing_takes_it_back(hub, pages):
    alice, coach = pages["alice"], pages[COACH]
    alice.locator(".wb-share-withdraw").click()
    wait_until(lambda: "Not shared" in alice.locator(".wb-share-status").inner_text(), message="the withdrawal")
    coach.goto(f"{hub.url}/services/coach/")
    assert coach.locator(".wb-coach-report").count() == 0
    assert coach.request.get(f"{hub.url}/services/coach/reports/alice").status == 404
