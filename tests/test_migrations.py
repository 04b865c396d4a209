"""Schema changes migrate existing workbooks without loss (issue #20): a workbook written by the
previous version (schema 3) opens in this one with every row of every table kept, its reflections
carried into the dated history, and the new tables empty and writable."""
from __future__ import annotations

import sqlite3

import pytest

from workbook import schema
from workbook.store import Workbook, _split_sql

NEW_TABLES = ("events", "event_people", "projects", "project_people", "project_history", "asks",
              "brand_statements", "targets", "reflection_history")
OLD_TABLES = [t for t in schema.TABLES if t not in NEW_TABLES] + list(schema.DERIVED_TABLES)


def _rows(path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


def _as_version_3(path) -> None:
    """Turn a current workbook into the file the previous version wrote: schema 3, no loop tables."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    for table in NEW_TABLES:
        conn.execute(f"DROP TABLE {table}")
    conn.execute("UPDATE schema_version SET version = 3")
    conn.commit()
    conn.close()


@pytest.fixture()
def v3_demo(demo_path, tmp_path):
    """The demo persona as schema 3 held it (its old tables exactly as today's demo writes them)."""
    src = Workbook(demo_path, readonly=True)
    path = tmp_path / "v3 workbook é.sqlite"
    src.backup(path)
    src.close()
    _as_version_3(path)
    conn = sqlite3.connect(path)
    # Reflections written by schema 3 have no history; the migration must make one from them.
    conn.execute("UPDATE reflections SET text = text || ' (kept)'")
    conn.execute("INSERT INTO reflections (prompt_id, text, updated_at) VALUES ('journal.blank', '   ', "
                 "'2026-01-01 10:00:00')")
    conn.commit()
    conn.close()
    return path


def test_a_schema_3_demo_workbook_migrates_without_loss(v3_demo):
    before = {t: _rows(v3_demo, t) for t in OLD_TABLES if t != "schema_version"}
    assert sum(map(len, before.values())) > 2_000  # a real workbook, not an empty file
    book = Workbook(v3_demo)
    assert book.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 4
    assert book.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    book.close()
    after = {t: _rows(v3_demo, t) for t in before}
    for table in before:
        assert after[table] == before[table], f"{table} changed in the migration"


def test_migrated_reflections_start_their_history_and_blank_answers_do_not(v3_demo):
    old = {pid: (text, at) for pid, text, at in _rows(v3_demo, "reflections")}
    book = Workbook(v3_demo)
    history = book.reflection_history()
    kept = {pid: (text, at) for pid, (text, at) in old.items() if text.strip()}
    assert dict(zip(history["prompt_id"], zip(history["text"], history["at"].dt.strftime("%Y-%m-%d %H:%M:%S")))) \
        == kept
    assert "journal.blank" not in set(history["prompt_id"])
    pid = next(iter(kept))
    book.save_reflection(pid, "A second answer, a week on.")
    entries = book.reflection_history().query("prompt_id == @pid")["text"].tolist()
    assert entries == [kept[pid][0], "A second answer, a week on."]
    assert book.reflection(pid) == "A second answer, a week on."
    book.close()


def test_the_new_tables_start_empty_and_take_rows(v3_demo):
    book = Workbook(v3_demo)
    assert all(book.counts()[t] == 0 for t in NEW_TABLES if t != "reflection_history")
    cid = int(book.contacts()["contact_id"].iloc[0])
    with book.transaction():
        book._execute("INSERT INTO events (title, starts_on, created_at) VALUES ('Meetup', '2026-11-01', "
                      "'2026-10-01 09:00:00')")
        book._execute("INSERT INTO asks (contact_id, kind, direction, asked_on) VALUES (?, 'referral', 'made', "
                      "'2026-10-01')", (cid,))
    assert book.events()["title"].tolist() == ["Meetup"] and book.asks()["contact_id"].tolist() == [cid]
    book.close()


def test_a_schema_3_workbook_opened_read_only_reads_the_loops_as_empty(v3_demo):
    book = Workbook(v3_demo, readonly=True)
    for reader in ("events", "event_people", "projects", "project_people", "project_history", "asks",
                   "brand_statements", "targets", "reflection_history"):
        frame = getattr(book, reader)()
        assert frame.empty and len(frame.columns) >= 3, reader
    assert len(book.contacts()) == 250
    book.close()


def test_every_migration_in_turn_reaches_the_current_schema(tmp_path):
    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path)
    for stmt in _split_sql(schema.MIGRATIONS[0]):
        conn.execute(stmt)
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    conn.execute("INSERT INTO reflections (prompt_id, text, updated_at) VALUES ('a', 'First answer', "
                 "'2025-01-01 09:00:00')")
    conn.commit()
    conn.close()
    book = Workbook(path)
    assert book._schema == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)
    assert book.reflection_history()["text"].tolist() == ["First answer"]
    book.close()
