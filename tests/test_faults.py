"""Faults the workbook must survive: killed mid-write, disk full, read-only, two writers at once."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

import workbook
from workbook.store import WorkbookError

# A child process that writes one big all-or-nothing batch, then reports it committed.
_BIG_BATCH = textwrap.dedent(
    """
    import sys, pandas as pd, workbook
    book = workbook.open(sys.argv[1])
    n = int(sys.argv[2])
    frame = pd.DataFrame({"full_name": [f"Person {i}" for i in range(n)], "notes": ["x" * 300] * n})
    print("started", flush=True)
    book.add_contacts(frame)
    print("committed", flush=True)
    """
)


def _integrity(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_sigkill_in_the_middle_of_a_large_write_leaves_all_or_nothing(tmp_path, delay):
    path = tmp_path / "killed.sqlite"
    book = workbook.open(path)
    book.add_contact("Existing person")
    book.close()
    proc = subprocess.Popen([sys.executable, "-c", _BIG_BATCH, str(path), "20000"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "started"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert _integrity(path) == "ok"
    names = workbook.open(path).contacts()["full_name"]
    assert "Existing person" in set(names)
    assert len(names) in (1, 20001)  # the batch is entirely present or entirely absent


_FILL_DISK = textwrap.dedent(
    """
    import resource, sys, signal, workbook
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG (an error) instead of being killed
    book = workbook.open(sys.argv[1])
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        for i in range(100000):
            book.add_contact(f"Filler {i}", notes="y" * 4000)
    except Exception as exc:
        print(type(exc).__name__ + ": " + str(exc))
        sys.exit(3)
    print("no error")
    """
)


def test_file_size_limit_during_writes_gives_a_clear_error_and_keeps_data(tmp_path):
    path = tmp_path / "full.sqlite"
    book = workbook.open(path)
    for i in range(10):
        book.add_contact(f"Keeper {i}")
    book.close()
    size = path.stat().st_size + (tmp_path / "full.sqlite-wal").stat().st_size if (tmp_path / "full.sqlite-wal").exists() else path.stat().st_size
    out = subprocess.run([sys.executable, "-c", _FILL_DISK, str(path), str(size + 600_000)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 3, out.stdout + out.stderr
    assert "WorkbookError" in out.stdout or "disk" in out.stdout.lower() or "full" in out.stdout.lower()
    assert "Traceback" not in out.stdout
    assert _integrity(path) == "ok"
    names = set(workbook.open(path).contacts()["full_name"])
    assert {f"Keeper {i}" for i in range(10)} <= names


def test_a_workbook_opened_read_only_refuses_writes_and_keeps_data(tmp_path):
    path = tmp_path / "ro.sqlite"
    b = workbook.open(path)
    b.add_contact("Kept")
    b.close()
    ro = workbook.open(path, readonly=True)
    with pytest.raises(WorkbookError, match="read-only"):
        ro.add_contact("Nope")
    assert ro.contacts()["full_name"].tolist() == ["Kept"]


_WRITER = textwrap.dedent(
    """
    import sys, workbook
    book = workbook.open(sys.argv[1])
    who, n = sys.argv[2], int(sys.argv[3])
    cid = book.add_contact("Writer " + who)
    for i in range(n):
        if i % 2:
            book.log_interaction(cid, "2024-01-01", "message", "outbound", note=f"{who}-{i}")
        else:
            book.save_reflection(f"{who}-{i}", "answer")
    print("done")
    """
)


def test_two_processes_writing_1000_changes_each_lose_nothing(tmp_path):
    path = tmp_path / "two.sqlite"
    workbook.open(path).close()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), w, "1000"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for w in ("a", "b")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    book = workbook.open(path)
    assert len(book.interactions()) == 1000
    assert len(book.reflections()) == 1000
    assert _integrity(path) == "ok"
