"""A workbook open in the app survives every other process that touches it (issue 15).

Real processes on real files in WAL mode: each app kernel is a ``tests/mp_worker.py`` process
holding two handles on the workbook (as ``warm_up`` + ``open_app`` and a second ``open`` do), and
imports, backups, restores and demo rebuilds run as the command line runs them. Every scenario
ends with ``PRAGMA integrity_check`` = ok and exact contents: each write a kernel acknowledged
(printed after its commit) is there exactly once, imports land exactly as they land on a quiet
workbook, and nothing else is there. Every workbook lives under a folder whose name has spaces
and non-ASCII letters.

The headline regression (data loss when ``workbook import`` ran beside the open app) is
:func:`test_app_kernel_keeps_every_row_across_command_line_imports`.
"""
from __future__ import annotations

import json
import os
import queue
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

import workbook

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "tests" / "mp_worker.py"
SAMPLES = ROOT / "data" / "samples"
PREFIX = "@@MP "
TIMEOUT = 60  # seconds for any one command or child process; a hang fails instead of blocking the suite
FOLDER = "My Workbooks é 日本"
FILE = "work book.sqlite"

# The six ordinary files of the report, one `workbook import` run each; the last two
# overlap earlier ones (the same people again), so anything landing twice shows.
SIX_RUNS = (
    ("linkedin-export.zip",),
    ("google-contacts.csv",),
    ("outlook-contacts.csv",),
    ("contacts-v30.vcf",),
    ("linkedin-Connections.csv",),
    ("linkedin-export.zip",),
)


# ----------------------------------------------------------------------------------------------------
# processes


def _env() -> dict[str, str]:
    env = dict(os.environ)  # WORKBOOK_DB points into tmp_path (conftest), so a demo fallback stays there
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Children:
    """Every process a test starts; whatever is still running at teardown is killed."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.procs: list[subprocess.Popen] = []
        self.files: list = []

    def popen(self, args: list[str], **kw) -> subprocess.Popen:
        proc = subprocess.Popen(args, cwd=ROOT, env=_env(), **kw)
        self.procs.append(proc)
        return proc

    def run(self, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
        proc = self.popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate(timeout=10)
            pytest.fail(f"{' '.join(args)} did not finish in {timeout} s: {err.decode(errors='replace')[-2000:]}")
        return subprocess.CompletedProcess(args, proc.returncode, out.decode("utf-8", "replace"),
                                           err.decode("utf-8", "replace"))

    def kill_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for f in self.files:
            f.close()


class Kernel:
    """One app kernel (a browser tab) in its own process, driven one JSON command at a time."""

    def __init__(self, children: Children, path: Path, name: str, mode: str = "plain"):
        self.name = name
        self.log = children.logs / f"kernel-{name}.log"
        self._stderr = open(self.log, "wb")  # a file, not a pipe: a chatty library can never block it
        children.files.append(self._stderr)
        self.proc = children.popen([sys.executable, str(WORKER), str(path), name, mode], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=self._stderr, text=True, encoding="utf-8")
        self.acks: list[dict] = []
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self._ready = False

    def _pump(self) -> None:
        for line in self.proc.stdout:
            if line.startswith(PREFIX):
                self._lines.put(json.loads(line[len(PREFIX):]))
        self._lines.put(None)

    def _tail(self) -> str:
        self._stderr.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]

    def wait_ready(self, timeout: float = TIMEOUT) -> "Kernel":
        if not self._ready:
            reply = self.reply(timeout)
            if reply["reply"] != "ready":
                pytest.fail(f"kernel {self.name} could not open the workbook: {reply['type']}: {reply['message']}")
            self._ready = True
        return self

    def send(self, op: str, **args) -> None:
        self.proc.stdin.write(json.dumps({"op": op, **args}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()

    def reply(self, timeout: float = TIMEOUT) -> dict:
        """The next reply; acknowledgements on the way are kept in :attr:`acks`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"kernel {self.name} did not answer within {timeout} s\n{self._tail()}")
            if message is None:
                self.proc.wait(timeout=10)
                pytest.fail(f"kernel {self.name} exited (status {self.proc.returncode})\n{self._tail()}")
            if "ack" in message:
                self.acks.append(message)
            else:
                return message

    def result(self, op: str, timeout: float = TIMEOUT) -> dict:
        reply = self.reply(timeout)
        if reply["reply"] != "ok":
            pytest.fail(f"kernel {self.name}: {reply.get('op')} failed with {reply['type']}: {reply['message']}\n"
                        f"{reply.get('trace', '')}")
        assert reply["op"] == op, f"kernel {self.name} answered {reply['op']} when {op} was awaited"
        return reply

    def call(self, op: str, timeout: float = TIMEOUT, **args) -> dict:
        self.send(op, **args)
        return self.result(op, timeout)

    def quit(self) -> None:
        self.call("quit")
        self.proc.wait(timeout=TIMEOUT)

    def acked(self, kind: str) -> list[dict]:
        return [a for a in self.acks if a["ack"] == kind]


class Loop:
    """Kernels writing continuously until :meth:`stop` (they run beside another process)."""

    def __init__(self, folder: Path, kernels: list[Kernel], label: str, max_rounds: int = 300):
        self.kernels = kernels
        self.flag = folder / f"stop {label} é"
        for k in kernels:
            k.send("write_until", stop=str(self.flag), max=max_rounds, label=label)

    def stop(self) -> list[int]:
        self.flag.write_text("stop")
        return [k.result("write_until")["rounds"] for k in self.kernels]


@pytest.fixture
def children(tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    kids = Children(logs)
    yield kids
    kids.kill_all()


@pytest.fixture
def folder(tmp_path) -> Path:
    out = tmp_path / FOLDER
    out.mkdir()
    return out


def _seed(path: Path) -> None:
    """A started workbook (so ``open_app`` shows it, not the demo) with one person in it."""
    book = workbook.open(path)
    book.set_profile(name="Sam Tester")
    book.add_contact("Seed Person", source="seed")
    book.close()


@pytest.fixture
def seeded(folder) -> Path:
    path = folder / FILE
    _seed(path)
    return path


def _start(children: Children, path: Path, names: str, mode: str = "plain") -> list[Kernel]:
    kernels = [Kernel(children, path, n, mode) for n in names]  # started together, as tabs opened at once
    return [k.wait_ready() for k in kernels]


def _import(children: Children, path: Path, *files: Path) -> list[dict]:
    done = children.run("-m", "workbook", "import", *map(str, files), "--db", str(path), "--json", "--quiet")
    assert done.returncode == 0, f"workbook import {[f.name for f in files]} failed: {done.stderr[-2000:]}"
    out = json.loads(done.stdout)
    return out if isinstance(out, list) else [out]


# ----------------------------------------------------------------------------------------------------
# what an import brings when nothing else touches the workbook


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    """The synthetic sample files, copied under a name with spaces and non-ASCII letters."""
    out = tmp_path_factory.mktemp("Exports été 日本")
    for name in {f for run in SIX_RUNS for f in run}:
        shutil.copyfile(SAMPLES / name, out / name)
    return out


@dataclass(frozen=True)
class Expected:
    names: tuple[str, ...]  # imported contacts' full names, sorted (duplicates kept)
    interactions: int
    tags: int
    imports: int


_REFERENCE: dict[tuple, Expected] = {}


def _reference(tmp_path_factory, exports: Path, files: tuple[str, ...]) -> Expected:
    """The same files imported in the same order into a quiet, identically seeded workbook."""
    if files not in _REFERENCE:
        from workbook.importers import import_file

        path = tmp_path_factory.mktemp("reference") / "reference.sqlite"
        _seed(path)
        book = workbook.open(path)
        try:
            for name in files:
                import_file(book, exports / name)
        finally:
            book.close()
        con = sqlite3.connect(path)
        try:
            _REFERENCE[files] = _imported(con)
        finally:
            con.close()
    return _REFERENCE[files]


def _imported(con: sqlite3.Connection) -> Expected:
    """What imports put in a workbook: everything that is neither a kernel's nor the seed's."""
    names = tuple(sorted(r[0] for r in con.execute(
        "SELECT full_name FROM contacts WHERE source NOT LIKE 'mp-%' AND source <> 'seed'")))
    (inter,) = con.execute("SELECT count(*) FROM interactions WHERE source NOT LIKE 'mp-%'").fetchone()
    (tags,) = con.execute("SELECT count(*) FROM tags WHERE contact_id IS NULL OR contact_id NOT IN "
                          "(SELECT id FROM contacts WHERE source LIKE 'mp-%')").fetchone()
    (imports,) = con.execute("SELECT count(*) FROM imports").fetchone()
    return Expected(names, inter, tags, imports)


# ----------------------------------------------------------------------------------------------------
# checking a file


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _assert_sound(con: sqlite3.Connection, where: str) -> None:
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"{where}: integrity_check failed"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == [], f"{where}: rows point at missing rows"


def _assert_contents(con: sqlite3.Connection, kernels: list[Kernel], where: str, *,
                     imported: Expected | None = None, others: tuple[str, ...] | None = ("Seed Person",)) -> None:
    """Every acknowledged write present exactly once, and nothing a kernel did not acknowledge."""
    _assert_sound(con, where)
    contacts = dict(con.execute("SELECT id, full_name FROM contacts WHERE source LIKE 'mp-%'").fetchall())
    want = {a["id"]: a["name"] for k in kernels for a in k.acked("contact")}
    missing = {i: n for i, n in want.items() if contacts.get(i) != n}
    extra = {i: n for i, n in contacts.items() if i not in want}
    assert not missing and not extra, f"{where}: acknowledged contacts missing {missing}, unacknowledged {extra}"
    rows = con.execute("SELECT id, contact_id, note FROM interactions WHERE source LIKE 'mp-%' "
                       "AND note NOT LIKE '% victim %'").fetchall()
    have = {r[0]: (r[1], r[2]) for r in rows}
    want_i = {a["id"]: (a["contact_id"], a["note"]) for k in kernels for a in k.acked("interaction")}
    assert len(have) == len(rows)
    assert have == want_i, (f"{where}: {len(set(want_i) - set(have))} acknowledged interactions missing, "
                            f"{len(set(have) - set(want_i))} unacknowledged")
    tags = Counter(con.execute("SELECT contact_id, text FROM tags WHERE contact_id IN "
                               "(SELECT id FROM contacts WHERE source LIKE 'mp-%')").fetchall())
    assert tags == Counter((a["contact_id"], a["text"]) for k in kernels for a in k.acked("tag")), where
    names = Counter(n for (n,) in con.execute("SELECT full_name FROM contacts"))
    twice = {n: c for n, c in names.items() if c > 1 and n.startswith("mp ")}
    assert not twice, f"{where}: kernel contacts stored twice: {twice}"
    if others is not None:
        seed = tuple(sorted(r[0] for r in con.execute("SELECT full_name FROM contacts WHERE source = 'seed'")))
        assert seed == tuple(sorted(others)), f"{where}: the rows that were there before changed: {seed}"
    if imported is not None:
        got = _imported(con)
        assert Counter(got.names) == Counter(imported.names), (
            f"{where}: imported contacts differ from a quiet import: missing "
            f"{sorted((Counter(imported.names) - Counter(got.names)).elements())[:10]}, extra "
            f"{sorted((Counter(got.names) - Counter(imported.names)).elements())[:10]}")
        assert got == imported, (f"{where}: imported (interactions, tags, imports) "
                                 f"{got.interactions, got.tags, got.imports} != "
                                 f"{imported.interactions, imported.tags, imported.imports}")


def _check(path: Path, kernels: list[Kernel], **kw) -> None:
    con = _connect(path)
    try:
        _assert_contents(con, kernels, path.name, **kw)
    finally:
        con.close()


def _quit_and_check(path: Path, kernels: list[Kernel], **kw) -> None:
    """Checked while the kernels still hold the file, and again after the last one closed it."""
    _check(path, kernels, **kw)
    for k in kernels:
        k.quit()
    _check(path, kernels, **kw)


# ----------------------------------------------------------------------------------------------------
# the scenarios


@pytest.mark.slow
def test_app_kernel_keeps_every_row_across_command_line_imports(children, seeded, exports, tmp_path_factory):
    """The issue's report: the app open on a workbook, six `workbook import` runs from a terminal,
    the app writing during and after each. Before the fix the app's next write failed with
    "database disk image is malformed" and every contact was lost."""
    (app,) = _start(children, seeded, "A", mode="app")
    app.call("write", n=3, label="before")
    for i, run in enumerate(SIX_RUNS):
        loop = Loop(seeded.parent, [app], f"import{i}")
        _import(children, seeded, *(exports / f for f in run))
        assert loop.stop()[0] >= 1
        app.call("write", n=2, label=f"after{i}")  # the next change in the app, as the report did
        seen = app.call("read")
        assert seen["h1"] == seen["h2"], "the kernel's two handles disagree"
    imported = _reference(tmp_path_factory, exports, tuple(f for run in SIX_RUNS for f in run))
    _check(seeded, [app], imported=imported)
    seen = app.call("read")
    assert len(seen["h1"]["contacts"]) == 1 + len(app.acked("contact")) + len(imported.names)
    _quit_and_check(seeded, [app], imported=imported)


@pytest.mark.slow
def test_two_app_kernels_and_a_command_line_import_at_once(children, seeded, exports, tmp_path_factory):
    """Two tabs (two kernels, two handles each) writing while one import run brings three files."""
    files = ("linkedin-export.zip", "google-contacts.csv", "contacts-v30.vcf")
    tabs = _start(children, seeded, "AB", mode="app")
    for k in tabs:
        k.call("write", n=2, label="before")
    loop = Loop(seeded.parent, tabs, "together")
    reports = _import(children, seeded, *(exports / f for f in files))
    assert all(r >= 1 for r in loop.stop())
    assert [r["source"] for r in reports] == list(files)
    for k in tabs:
        k.call("write", n=2, label="after")
    a, b = (k.call("read") for k in tabs)
    assert a["h1"]["contacts"] == b["h2"]["contacts"], "the two tabs show different workbooks"
    _quit_and_check(seeded, tabs, imported=_reference(tmp_path_factory, exports, files))


def _ack_sequence(kernel: Kernel) -> list[tuple[str, int, str]]:
    return [(a["ack"], a["id"], a.get("name") or a.get("note")) for a in kernel.acks]


def test_backups_taken_while_a_kernel_writes_hold_a_consistent_prefix(children, seeded, folder):
    """Backups by another kernel and by `workbook backup`, while a kernel commits continuously."""
    writer, other = _start(children, seeded, "WB")
    writer.call("write", n=2, label="before")
    loop = Loop(folder, [writer], "backing-up", max_rounds=400)
    dests = [folder / "backups é" / f"backup {i} 日本.sqlite" for i in range(3)]
    time.sleep(0.3)
    other.call("backup", dest=str(dests[0]))
    time.sleep(0.3)
    done = children.run("-m", "workbook", "backup", str(dests[1]), "--db", str(seeded))
    assert done.returncode == 0, done.stderr
    other.call("backup", dest=str(dests[2]))
    assert loop.stop()[0] >= 3
    writer.call("write", n=2, label="after")
    acks = _ack_sequence(writer)
    prefixes = []
    for dest in dests:
        assert not Path(f"{dest}-wal").exists(), f"{dest.name} is not one self-contained file"
        con = sqlite3.connect(dest)
        try:
            _assert_sound(con, dest.name)
            contacts = dict(con.execute("SELECT id, full_name FROM contacts").fetchall())
            notes = dict(con.execute("SELECT id, note FROM interactions").fetchall())
        finally:
            con.close()
        present = [(contacts if kind == "contact" else notes).get(i) == text for kind, i, text in acks]
        k = present.index(False) if False in present else len(present)
        assert not any(present[k:]), f"{dest.name} holds later writes without earlier ones: not a consistent copy"
        seed = {i for i, n in contacts.items() if n == "Seed Person"}
        assert set(contacts) == seed | {i for kind, i, _ in acks[:k] if kind == "contact"}, dest.name
        assert set(notes) == {i for kind, i, _ in acks[:k] if kind == "interaction"}, dest.name
        prefixes.append(k)
    assert prefixes == sorted(prefixes) and prefixes[0] >= 4, f"backup prefixes {prefixes} of {len(acks)} writes"
    _quit_and_check(seeded, [writer, other])


@pytest.mark.parametrize("restorer", ["workbook restore", "another kernel"])
def test_restore_while_a_kernel_has_the_file_open_shows_the_restored_data(children, seeded, folder, restorer):
    """Decided behaviour: the restore goes through SQLite's backup API into the live file, so a kernel
    that has it open sees exactly the backup on its next read and writes on top of it; never a mix."""
    kernels = _start(children, seeded, "AR" if restorer == "another kernel" else "A")
    app = kernels[0]
    app.call("write", n=4, label="kept")
    backup = folder / "before the change é.sqlite"
    app.call("backup", dest=str(backup))
    at_backup = app.call("read")["h1"]
    kept = len(app.acks)
    app.call("write", n=4, label="undone")  # written after the backup: the restore must take these away
    app.call("read")  # both handles have the newer rows in their caches
    if restorer == "workbook restore":
        done = children.run("-m", "workbook", "restore", str(backup), "--db", str(seeded))
        assert done.returncode == 0, done.stderr
    else:
        kernels[1].call("restore", src=str(backup))
    seen = app.call("read")
    for handle in ("h1", "h2"):
        assert seen[handle]["contacts"] == at_backup["contacts"], f"{handle} does not show the restored contacts"
        assert seen[handle]["interactions"] == at_backup["interactions"]
    if restorer == "another kernel":
        assert kernels[1].call("read")["h2"] == seen["h1"], "the restoring kernel sees something else"
    del app.acks[kept:]  # the undone writes are gone by design
    app.call("write", n=3, label="on top")
    _quit_and_check(seeded, kernels)


def _demo_names(**kw) -> list[str]:
    from workbook.demo import generate_demo

    return sorted(generate_demo(**kw)["contacts"]["full_name"].astype(str))


@pytest.mark.parametrize("rebuild, expect", [
    (["-m", "workbook", "demo", "--db", "{path}", "--seed", "2"], {"seed": 2}),
    ([str(WORKER), "demo", "{path}", "3", "60"], {"seed": 3, "n_contacts": 60}),
], ids=["workbook demo", "write_demo"])
def test_demo_rebuild_while_a_kernel_has_the_demo_open(children, folder, rebuild, expect):
    from workbook.demo import write_demo

    path = folder / "demo é 日本.sqlite"
    write_demo(path, seed=1, n_contacts=60).close()
    (kernel,) = _start(children, path, "D")
    assert kernel.call("read")["h1"]["contacts"] == _demo_names(seed=1, n_contacts=60)
    kernel.call("write", n=2, label="old demo")
    done = children.run(*(a.format(path=path) for a in rebuild))
    assert done.returncode == 0, done.stderr
    new = _demo_names(**expect)
    seen = kernel.call("read")
    assert seen["h1"]["contacts"] == new and seen["h2"]["contacts"] == new, "the kernel does not see the new demo"
    kernel.acks.clear()  # a rebuild replaces the demo, the visitor's scribbles included
    kernel.call("write", n=2, label="new demo")
    _quit_and_check(path, [kernel], others=None)
    con = _connect(path)
    try:
        names = sorted(r[0] for r in con.execute("SELECT full_name FROM contacts WHERE source NOT LIKE 'mp-%'"))
    finally:
        con.close()
    assert names == new


def test_erasing_a_contact_while_another_kernel_reads_and_writes_it(children, seeded, folder):
    book = workbook.open(seeded)
    victim = book.add_contact("Victim Person", source="seed")
    other = book.add_contact("Other Person", source="seed")
    for cid in (victim, other):
        book.log_interaction(cid, "2025-05-01", note="seeded")
        book.tag(cid, "interest", "climbing")
    book.link(victim, other)
    book.close()
    eraser, toucher = _start(children, seeded, "ET")
    stop = folder / "stop touching é"
    toucher.send("touch", victim=victim, other=other, stop=str(stop), max=500)
    time.sleep(0.5)
    eraser.call("erase", contact_id=victim)
    time.sleep(0.3)
    stop.write_text("stop")
    attempts = toucher.result("touch")["attempts"]
    after = toucher.call("touch", victim=victim, other=other, max=1)["attempts"]
    assert [a[0] for a in after] == ["read", "log", "tag", "update"]
    for what, kind, message in after:
        assert kind in ("ValueError", "WorkbookError") and re.search(r"no contact|does not exist", message), (
            f"{what} on an erased contact: {kind} {message!r}")
    oks = [a[1] == "ok" for a in attempts]
    assert oks[0], "the victim could not be touched before it was erased"
    first_refusal = oks.index(False) if False in oks else len(oks)
    assert not any(oks[first_refusal:]), "a write to the erased contact succeeded after an earlier one was refused"
    assert toucher.call("read")["h1"]["contact_ids"].count(victim) == 0
    for k in (eraser, toucher):
        k.call("write", n=2, label="after erase")
    con = _connect(seeded)
    try:
        for table, column in (("interactions", "contact_id"), ("tags", "contact_id"), ("links", "a"),
                              ("links", "b"), ("contacts", "id")):
            left = con.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (victim,)).fetchone()[0]
            assert left == 0, f"{left} {table} rows of the erased contact remain"
        assert con.execute("SELECT count(*) FROM interactions WHERE contact_id = ?", (other,)).fetchone()[0] == (
            1 + len([a for a in toucher.acked("interaction") if a["contact_id"] == other]))
        assert con.execute("SELECT count(*) FROM tags WHERE contact_id = ?", (other,)).fetchone()[0] == 1
    finally:
        con.close()
    _quit_and_check(seeded, [eraser, toucher], others=("Other Person", "Seed Person"))


def _big_google_csv(folder: Path, k: int, n: int = 20_000) -> Path:
    """A Google Contacts export of ``n`` synthetic people; ``k`` keeps each file's people distinct."""
    import csv
    import io

    from workbook import samples

    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(samples.GOOGLE_HEADER)
    at = {h: i for i, h in enumerate(samples.GOOGLE_HEADER)}
    for i in range(n):
        row = [""] * len(at)
        row[at["First Name"]] = samples.FIRST_NAMES[i % len(samples.FIRST_NAMES)]
        row[at["Last Name"]] = f"{samples.LAST_NAMES[i % len(samples.LAST_NAMES)]} {i:05d} Big{k}"
        row[at["Organization Name"]] = samples.COMPANIES[i % len(samples.COMPANIES)]
        row[at["Labels"]] = "* myContacts"
        row[at["E-mail 1 - Label"]], row[at["E-mail 1 - Value"]] = "* Work", f"big{k}.{i}@example.com"
        out.writerow(row)
    path = folder / f"Google contacts {k} été.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _kill_mid_write(children: Children, path: Path, source: Path) -> bool:
    """Run `workbook import` and SIGKILL it while its write transaction is open (progress between
    55% and 100%: the write phase). False when it finished before it could be killed."""
    proc = children.popen([sys.executable, "-m", "workbook", "import", str(source), "--db", str(path)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen, deadline = b"", time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stderr], [], [], 0.5)
            chunk = os.read(proc.stderr.fileno(), 65536) if ready else b""
            if ready and not chunk:
                return False  # it exited
            seen += chunk
            pcts = [int(p) for p in re.findall(rb"(\d+)% ", seen)]
            if pcts and max(pcts) >= 100:
                return False
            if pcts and max(pcts) >= 55:
                proc.send_signal(signal.SIGKILL)
                return True
        proc.kill()
        pytest.fail(f"the import made no progress in {TIMEOUT} s: {seen[-500:]!r}")
    finally:
        proc.wait(timeout=TIMEOUT)
        proc.stderr.close()
        assert proc.returncode in (0, -signal.SIGKILL), f"the import failed: {seen[-1000:]!r}"


def _imported_big(path: Path) -> dict[int, int]:
    con = _connect(path)
    try:
        rows = con.execute("SELECT last_name FROM contacts WHERE last_name LIKE '% Big%'").fetchall()
    finally:
        con.close()
    return Counter(int(r[0].rsplit(" Big", 1)[1]) for r in rows)


def test_sigkill_of_an_importer_mid_write_beside_a_kernel(children, seeded, folder):
    """All or nothing for the killed import; the kernel's writes all kept; the kernel carries on."""
    (kernel,) = _start(children, seeded, "K")
    kernel.call("write", n=2, label="before")
    loop = Loop(folder, [kernel], "during kill", max_rounds=500)
    killed, landed = None, []
    for k in (1, 2, 3):  # a slow machine may finish an import before it can be killed: take another file
        source = _big_google_csv(folder, k)
        caught = _kill_mid_write(children, seeded, source)
        n = _imported_big(seeded).get(k, 0)
        assert n in (0, 20_000), f"a killed import left {n} of 20,000 contacts"
        if n == 0:
            assert caught, "an import that was not killed wrote nothing"
            killed = (k, source)
            break
        landed.append(k)  # it committed before the signal arrived
    assert killed is not None, "no import could be caught mid-write"
    assert loop.stop()[0] >= 1
    kernel.call("write", n=3, label="after kill")  # the kernel keeps working
    _check(seeded, [kernel], others=None)
    (report,) = _import(children, seeded, killed[1])  # the same file again, to the end this time
    assert report["contacts_added"] == 20_000
    assert _imported_big(seeded) == {k: 20_000 for k in [*landed, killed[0]]}
    con = _connect(seeded)
    try:
        assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == len(landed) + 1
    finally:
        con.close()
    kernel.call("write", n=1, label="after import")
    _quit_and_check(seeded, [kernel], others=None)


def test_a_copy_of_only_the_named_file_holds_every_row_while_the_app_is_open(
        children, seeded, folder, exports, tmp_path_factory):
    """A person backs up by copying the file the app names (not the -wal beside it) after each kind of
    write. This process holds no connection to the workbook: it only copies the file and opens the copy."""
    (kernel,) = _start(children, seeded, "C")
    imported: Expected | None = None
    contact = None

    def add() -> None:
        nonlocal contact
        contact = kernel.call("add", name="copied person")["id"]

    def import_() -> None:
        nonlocal imported
        _import(children, seeded, exports / "google-contacts.csv")
        imported = _reference(tmp_path_factory, exports, ("google-contacts.csv",))

    steps = [
        ("a contact added", add),
        ("an interaction logged", lambda: kernel.call("log", contact_id=contact, note="copied note")),
        ("an import in another process", import_),
        ("a tag", lambda: kernel.call("tag", contact_id=contact, text="kept in the copy")),
    ]
    copies = folder / "copies é 日本"
    copies.mkdir()
    for i, (what, write) in enumerate(steps):
        write()
        copy = copies / f"copy {i}.sqlite"
        shutil.copyfile(seeded, copy)
        con = sqlite3.connect(copy)
        try:
            _assert_contents(con, [kernel], f"the copy after {what}", imported=imported)
            if imported is None:
                assert _imported(con).names == (), f"the copy after {what}"
        finally:
            con.close()
    _quit_and_check(seeded, [kernel], imported=imported)
