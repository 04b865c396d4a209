"""File operations of a workbook: backup and restore (SQLite's backup API), dump, export and its import.

The workbook file itself is only ever touched through SQLite: closing any descriptor of it would
drop this process's locks (issue 15). The files named here are backups, exports and their parts.

>>> import tempfile, pathlib
>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); _ = book.add_contact("Ada Lovelace")
>>> out = export(book, pathlib.Path(tempfile.mkdtemp()) / "export.zip")
>>> again = open_workbook(":memory:"); import_export(again, out); again.contacts()["full_name"].tolist()
['Ada Lovelace']
"""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from .. import schema
from .errors import WorkbookError
from .validation import neutralise_cell


def backup(book, to: str | os.PathLike) -> Path:
    """Copy the workbook with SQLite's backup API (consistent even while another process writes)."""
    to = Path(to)
    if to.resolve() == book.path.resolve():
        raise ValueError("A backup cannot overwrite the workbook itself.")
    to.parent.mkdir(parents=True, exist_ok=True)
    tmp = to.with_name(to.name + ".partial")
    dest = sqlite3.connect(tmp)
    try:
        book.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    os.replace(tmp, to)
    return to


def restore(book, src: str | os.PathLike) -> None:
    """Replace ``book``'s contents with a backup (checked first; refused if not a workbook)."""
    src = Path(src)
    check = type(book)(src, readonly=True)  # raises WorkbookError for non-workbooks / newer versions
    try:
        ok = check.conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise WorkbookError(f"{src} is damaged ({ok}); nothing was restored.")
        with book._lock:
            check.conn.backup(book.conn)
            book._cache.clear()
            book._migrate()  # an older backup is upgraded like any older workbook
            with book.transaction():
                # A fresh random stamp: a tab that read the replaced rows can never save them
                # as the restored file's snapshot, even if the row counts happen to agree.
                book._execute("DELETE FROM frame_cache")
                book._execute("UPDATE table_stamps SET n = abs(random() >> 8)")
    finally:
        check.close()
    book._writes += 1  # every table changed
    book._cache.clear()


def dump(book) -> dict[str, list[dict[str, Any]]]:
    """Every table as a list of row dicts (the JSON export's content)."""
    out: dict[str, list[dict[str, Any]]] = {"schema_version": [{"version": schema.SCHEMA_VERSION}]}
    for table in schema.TABLES:
        cur = book.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        names = [d[0] for d in cur.description]
        out[table] = [dict(zip(names, r)) for r in cur.fetchall()]
    return out


def export(book, to: str | os.PathLike) -> Path:
    """Export to a folder (or a ``.zip``): one CSV per table plus ``workbook.json``.

    CSV cells that a spreadsheet would run as a formula are neutralised with a
    leading quote; ``workbook.json`` keeps the exact text.
    """
    to = Path(to)
    data = dump(book)
    files: dict[str, str] = {"workbook.json": json.dumps(data, indent=1, ensure_ascii=False)}
    for table in schema.TABLES:
        cur = book.conn.execute(f"SELECT * FROM {table} LIMIT 0")
        names = [d[0] for d in cur.description]
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        for row in data[table]:
            writer.writerow([neutralise_cell(row[n]) for n in names])
        files[f"{table}.csv"] = buf.getvalue()
    if to.suffix.lower() == ".zip":
        to.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in files.items():
                zf.writestr(name, text)
    else:
        to.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (to / name).write_text(text, encoding="utf-8")
    return to


def import_export(book, src: str | os.PathLike) -> None:
    """Load an :func:`export` (folder or zip) into ``book``, which must be empty, exactly.

    Every table goes through the batched writer, so the rows are checked as any write is.
    """
    src = Path(src)
    if src.suffix.lower() == ".zip":
        with zipfile.ZipFile(src) as zf:
            data = json.loads(zf.read("workbook.json"))
    else:
        data = json.loads((src / "workbook.json").read_text(encoding="utf-8"))
    if data.get("schema_version", [{}])[0].get("version", 0) > schema.SCHEMA_VERSION:
        raise WorkbookError("That export comes from a newer version; nothing was imported.")
    if not book.is_empty():
        raise WorkbookError("Import an export only into an empty workbook; nothing was imported.")
    with book.transaction():
        book._execute("DELETE FROM profile")
        book._execute("DELETE FROM settings")
        for table in schema.TABLES:
            book.write_rows(table, data.get(table) or ([{"id": 1}] if table == "profile" else []))
