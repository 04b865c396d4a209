"""A workbook that may be open anywhere is touched only through SQLite (issue 15).

Closing any descriptor of a file drops every POSIX lock this process holds on it, the SQLite
connections' included; another process may then delete the WAL under them. So the package never
``open()``s, reads, renames or unlinks a workbook, or its ``-wal``/``-shm``, by other means. The
scan below lists every such call in the package; each must be in :data:`ALLOWED`, with the reason
it never names a workbook that could be open. The behaviour around it is tested here and in
``test_multiprocess.py``.
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import workbook
from workbook.importers import ImportRefused, import_file
from workbook.store import Workbook, WorkbookError
from workbook.ui.app import AppShell
from workbook.ui.contacts import ContactsView

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbook"
SAMPLES = ROOT / "data" / "samples"

#: Calls that touch files by other means than SQLite: builtin ``open``, ``os.*`` and ``shutil.*`` file
#: calls, and pathlib's methods. (``.rename``/``.replace``/``.copy`` are left to ``os``/``shutil``: on
#: frames and strings they are everywhere; the package renames files only with ``os.replace``.)
OS_CALLS = {"open", "remove", "unlink", "replace", "rename", "renames", "truncate", "fsync", "link", "symlink"}
PATH_METHODS = {"open", "read_bytes", "read_text", "write_bytes", "write_text", "unlink", "touch", "rmdir"}
NOT_FILES = {"zf", "zipfile", "resources", "mailbox"}  # zip members, packaged resources


def _is_file_call(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id if f.id == "open" else ""
    if not isinstance(f, ast.Attribute):
        return ""
    receiver = f.value.id if isinstance(f.value, ast.Name) else ""
    if receiver == "os" and f.attr in OS_CALLS:
        return f"os.{f.attr}"
    if receiver == "shutil":
        return f"shutil.{f.attr}"
    if f.attr in PATH_METHODS and receiver not in NOT_FILES:
        return f.attr
    return ""


#: (file, function) -> why the files it touches are never a workbook that may be open.
ALLOWED: dict[tuple[str, str], str] = {
    ("importers/_common.py", "head"): "source files to import; import_file refuses the workbook's own files",
    ("importers/_common.py", "read"): "source files to import (as above)",
    ("importers/_common.py", "open"): "source files to import (as above)",
    ("importers/mbox.py", "parse"): "the .mbox being imported (as above)",
    ("store/files.py", "backup"): "the backup's own .partial file, renamed over the backup target (never the workbook)",
    ("store/files.py", "export"): "export CSVs and zips",
    ("store/files.py", "import_export"): "reads an export's workbook.json",
    ("demo.py", "<module>"): "hashes demo.py's own source for DEMO_VERSION",
    ("demo.py", "_remove_private"): "the demo's private build file, which no other process ever opens",
    ("demo.py", "save_demo_csvs"): "the demo's CSVs",
    ("samples/__init__.py", "write_samples"): "the synthetic sample files",
    ("ui/data.py", "_make_export"): "an export zip in a private temporary folder",
    ("ui/data.py", "_make_backup"): "a backup in a private temporary folder, made with SQLite's backup API",
    ("ui/data.py", "_on_upload"): "an uploaded backup written to a private temporary folder",
    ("ui/data.py", "_discard_pending"): "that uploaded backup, after its read-only check was closed",
    ("ui/app.py", "stylesheet"): "the packaged CSS",
    ("report.py", "write_report"): "the HTML report the person asked for",
    ("importers/linkedin_topics.py", "stop_words"): "yake's packaged stop-word list",
    ("hub/__init__.py", "missing_parts"): "looks up the proxy program on PATH",
    ("hub/home.py", "shell_embeds_share"): "reads the packaged app shell's source",
    ("hub/home.py", "hub_app_notebook"): "reads the packaged app notebook",
    ("hub/home.py", "prepare_home"): "writes the app notebook and copies the chapters into a user's home (never a workbook)",
    ("hub/service.py", "get"): "serves a shared HTML report from the coach's shared folder",
    ("hub/share.py", "_write_atomic"): "a shared report's own temporary file, renamed over it",
    ("hub/share.py", "withdraw_report"): "removes a shared report and its folder",
    ("hub/share.py", "shared_summary"): "reads a shared report's summary JSON",
}


def _calls(path: Path) -> list[tuple[str, str, int]]:
    """(enclosing function, call, line) for every file call in a module."""
    out: list[tuple[str, str, int]] = []

    def visit(node, func="<module>"):
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else func
            if isinstance(child, ast.Call) and (called := _is_file_call(child)):
                out.append((name, called, child.lineno))
            visit(child, name)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return out


def _found() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for func, called, line in _calls(path):
            found.setdefault((rel, func), []).append(f"{called} (line {line})")
    return found


def test_every_file_call_in_the_package_is_one_that_never_names_an_open_workbook():
    unexplained = {k: v for k, v in _found().items() if k not in ALLOWED}
    assert not unexplained, (
        "These places touch files by other means than SQLite. If one can ever name a workbook (or its "
        f"-wal/-shm) that may be open, go through SQLite instead; else add it to ALLOWED with why: {unexplained}")


def test_the_allowlist_names_only_places_that_still_exist():
    found = _found()
    stale = [k for k in ALLOWED if k not in found]
    assert not stale, f"ALLOWED lists places with no file call any more: {stale}"


def test_the_scan_finds_a_planted_open(tmp_path):
    planted = tmp_path / "m.py"
    planted.write_text("def peek(p):\n    with open(p, 'rb') as fh:\n        return fh.read(16)\n")
    assert [(f, c) for f, c, _ in _calls(planted)] == [("peek", "open")]


@pytest.mark.parametrize("content", [b"hello, not a database\n" * 20, b"\x89PNG\r\n\x1a\n" + bytes(200), b"x"])
def test_a_file_that_is_not_a_workbook_is_refused_by_sqlite_and_left_byte_for_byte(tmp_path, content):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match="is not a workbook"):
        Workbook(path)
    assert path.read_bytes() == content
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_workbook_is_never_imported_into_itself(book, suffix):
    book.add_contact("Ada Lovelace")
    with pytest.raises(ImportRefused, match="own file"):
        import_file(book, f"{book.path}{suffix}")
    assert len(book.contacts()) == 1


def test_a_plain_copy_of_the_named_file_holds_every_committed_row(tmp_path):
    path = tmp_path / "mine é.sqlite"
    book = workbook.open(path)
    cid = book.add_contact("Ada Lovelace")
    book.log_interaction(cid, "2026-01-05", "call", "mutual")
    book.tag(cid, "interest", "poetry")
    assert book.checkpoint()
    # Copy in another process: a copy made here would open and close the file under our own locks.
    copy = tmp_path / "copy.sqlite"
    subprocess.run([sys.executable, "-c", "import shutil,sys; shutil.copyfile(sys.argv[1], sys.argv[2])",
                    str(path), str(copy)], check=True, timeout=60)
    other = workbook.open(copy, readonly=True)
    assert other.counts()["contacts"] == 1 and other.counts()["interactions"] == 1 and other.counts()["tags"] == 1
    other.close()
    book.close()


def _cli_import(db: Path, *files: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK_DB"}
    return subprocess.run([sys.executable, "-m", "workbook", "import", *map(str, files), "--db", str(db), "--quiet"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=str(ROOT))


def test_the_open_app_shows_contacts_imported_from_the_command_line(tmp_path):
    path = tmp_path / "my work book.sqlite"
    book = workbook.open(path)
    book.add_contact("Ada Lovelace")
    shell = AppShell(book, start="contacts")
    assert shell.view("contacts").total == 1
    done = _cli_import(path, SAMPLES / "google-contacts.csv")
    assert done.returncode == 0, done.stderr
    added = book.counts()["contacts"] - 1
    assert added > 0
    shell.show("start")
    assert "changed outside this page" in shell.messages.value
    shell.show("contacts")
    assert f"{added + 1:,}" in shell._stats.value
    assert shell.view("contacts").total == added + 1
    # A write after the import lands on top of it: nothing of the import is lost.
    shell.book.add_contact("Grace Hopper")
    assert workbook.open(path, readonly=True).counts()["contacts"] == added + 2


def test_the_demo_gives_way_to_the_own_workbook_an_import_filled(tmp_path, demo_book):
    own = tmp_path / "own.sqlite"
    shell = AppShell(demo_book, own_path=own, demo=True)
    assert shell.is_demo
    done = _cli_import(own, SAMPLES / "google-contacts.csv")
    assert done.returncode == 0, done.stderr
    shell.show("contacts")
    assert not shell.is_demo and Path(shell.book.path) == own
    assert shell.book.counts()["contacts"] > 0


def test_saving_a_contact_writes_only_what_the_person_changed(book):
    cid = book.add_contact("Ada Lovelace", company="Analytical Engines", notes="")
    view = ContactsView(book)
    view.editor.load(cid)
    # Meanwhile an import (another connection) brings a newer company.
    other = workbook.open(book.path)
    other.update_contact(cid, company="Babbage & Co")
    other.close()
    view.editor._fields["notes"].value = "met at the salon"
    view.editor._save.click()
    c = book.contact(cid)
    assert (c["company"], c["notes"]) == ("Babbage & Co", "met at the salon")
