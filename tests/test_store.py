"""The store: schema, validation, transactions, concurrency, backup/restore/export/erase."""
from __future__ import annotations

import csv
import json
import multiprocessing as mp
import sqlite3
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbook
from workbook import schema
from workbook.store import Workbook, WorkbookError, neutralise_cell, restore_cell


# ---------------------------------------------------------------------------- opening


def test_open_creates_the_schema_with_constraints(book):
    tables = {r[0] for r in book.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(schema.TABLES) | {"schema_version"} <= tables
    assert book.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert book.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert book.conn.execute("SELECT version FROM schema_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_path_resolution_uses_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_DB", str(tmp_path / "env.sqlite"))
    b = workbook.open()
    assert b.path == tmp_path / "env.sqlite"
    assert (tmp_path / "env.sqlite").exists()


def test_path_resolution_falls_back_to_user_data_dir(monkeypatch):
    monkeypatch.delenv("WORKBOOK_DB")
    path = workbook.default_path()
    assert path.name == "workbook.sqlite" and "networking-workbook" in str(path)
    assert workbook.demo_path().parent == path.parent


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "not a workbook"),
        (b"First Name,Last Name\nAda,Lovelace\n", "not a workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_and_untouched(tmp_path, content, message):
    p = tmp_path / "thing.sqlite"
    p.write_bytes(content)
    with pytest.raises(WorkbookError, match=message):
        workbook.open(p)
    assert p.read_bytes() == content


def test_an_sqlite_file_of_another_application_is_refused(tmp_path):
    p = tmp_path / "other.sqlite"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    before = p.read_bytes()
    with pytest.raises(WorkbookError, match="not a workbook"):
        workbook.open(p)
    assert p.read_bytes() == before


def test_a_corrupt_workbook_is_refused_and_untouched(book, tmp_path):
    for i in range(200):
        book.add_contact(f"Person {i}", notes="x" * 200)
    book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    book.close()
    data = bytearray(book.path.read_bytes())
    data[4096:12288] = b"\xff" * 8192  # smash pages after the header
    book.path.write_bytes(bytes(data))
    with pytest.raises(WorkbookError):
        workbook.open(book.path)
    assert book.path.read_bytes() == bytes(data)


def test_a_newer_schema_is_refused_and_nothing_changes(book):
    book.conn.execute("UPDATE schema_version SET version = ?", (schema.SCHEMA_VERSION + 1,))
    book.close()
    before = book.path.read_bytes()
    with pytest.raises(WorkbookError, match="newer version"):
        workbook.open(book.path)
    assert book.path.read_bytes() == before


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(WorkbookError, match="folder"):
        workbook.open(tmp_path)


# ---------------------------------------------------------------------------- validation table


@pytest.fixture
def one(book):
    cid = book.add_contact("Grace Hopper", company="Navy")
    gid = book.add_goal("Move into product", kind="role", needs="product management; user research")
    return book, cid, gid


BAD_WRITES = [
    ("empty name", lambda b, c, g: b.add_contact("   "), "name must not be empty"),
    ("no name at all", lambda b, c, g: b.add_contact(), "name must not be empty"),
    ("unknown field", lambda b, c, g: b.add_contact("A", colour="red"), "Unknown contact field"),
    ("bad email", lambda b, c, g: b.add_contact("A", emails="not-an-email"), "not an email"),
    ("year 3000", lambda b, c, g: b.log_interaction(c, "3000-01-01", "call", "outbound"), "too far in the future"),
    ("year 1066", lambda b, c, g: b.log_interaction(c, "1066-10-14", "call", "outbound"), "before 1900"),
    ("not a date", lambda b, c, g: b.log_interaction(c, "last tuesday", "call", "outbound"), "not a date"),
    ("unknown contact", lambda b, c, g: b.log_interaction(999, "2024-01-01", "call", "outbound"), "no contact with id 999"),
    ("contact id text", lambda b, c, g: b.log_interaction("abc", "2024-01-01", "call", "outbound"), "not a contact id"),
    ("unknown direction", lambda b, c, g: b.log_interaction(c, "2024-01-01", "call", "sideways"), "direction must be one of"),
    ("unknown channel", lambda b, c, g: b.log_interaction(c, "2024-01-01", "pigeon", "outbound"), "channel must be one of"),
    ("unknown kind", lambda b, c, g: b.log_interaction(c, "2024-01-01", "call", "outbound", kind="bribe"), "kind must be one of"),
    ("unknown circle", lambda b, c, g: b.update_contact(c, circle="outer space"), "circle must be one of"),
    ("cadence zero", lambda b, c, g: b.update_contact(c, cadence_days=0), "between 1 and 3650"),
    ("cadence text", lambda b, c, g: b.update_contact(c, cadence_days="weekly"), "whole number"),
    ("update missing", lambda b, c, g: b.update_contact(12345, company="X"), "no contact with id"),
    ("tag kind", lambda b, c, g: b.tag(c, "hobby", "chess"), "tag kind must be one of"),
    ("empty tag", lambda b, c, g: b.tag("profile", "interest", " "), "tag must not be empty"),
    ("self link", lambda b, c, g: b.link(c, c), "cannot be linked to themselves"),
    ("strength > 1", lambda b, c, g: b.link(c, b.add_contact("B"), strength=2), "between 0 and 1"),
    ("empty goal", lambda b, c, g: b.add_goal(""), "goal must not be empty"),
    ("goal kind", lambda b, c, g: b.add_goal("x", kind="dream"), "goal kind must be one of"),
    ("unknown stage", lambda b, c, g: b.set_outreach(c, g, "married"), "stage must be one of"),
    ("skip stages", lambda b, c, g: (b.set_outreach(c, g, "identified"), b.set_outreach(c, g, "ongoing mentor")),
     "cannot move from 'identified' to 'ongoing mentor'"),
    ("nobody to reach", lambda b, c, g: b.set_outreach(None, g, "identified"), "needs a contact or a description"),
    ("unknown goal", lambda b, c, g: b.set_outreach(c, 77, "identified"), "no goal with id 77"),
    ("as_of nonsense", lambda b, c, g: b.set_setting("as_of", "someday"), "not a date"),
    ("cadence setting", lambda b, c, g: b.set_setting("cadence", {"inner": -1}), "between 1 and 3650"),
    ("profile field", lambda b, c, g: b.set_profile(age=40), "Unknown profile field"),
]


@pytest.mark.parametrize("label, write, message", BAD_WRITES, ids=[w[0] for w in BAD_WRITES])
def test_bad_values_raise_a_readable_error_and_write_nothing(one, label, write, message):
    book, cid, gid = one
    before = book.dump()
    with pytest.raises(ValueError, match=message):
        write(book, cid, gid)
    after = book.dump()
    if label == "skip stages":  # the valid first step landed; the bad second one did not
        after["outreach"], after["outreach_history"] = before["outreach"], before["outreach_history"]
    if label == "strength > 1":  # the helper contact B was added by the lambda itself
        after["contacts"] = [r for r in after["contacts"] if r["full_name"] != "B"]
    assert after == before


def test_a_failed_batch_writes_nothing(book):
    frame = pd.DataFrame({"full_name": ["Ada", "Grace", ""], "company": ["A", "B", "C"]})
    with pytest.raises(ValueError, match="row 3"):
        book.add_contacts(frame)
    assert book.is_empty()


def test_nested_transactions_roll_back_together(book):
    with pytest.raises(RuntimeError):
        with book.transaction():
            book.add_contact("Ada")
            with book.transaction():
                book.add_contact("Grace")
            raise RuntimeError("boom")
    assert book.is_empty()


# ---------------------------------------------------------------------------- read API


def test_read_api_columns_and_dtypes(one):
    book, cid, gid = one
    book.log_interaction(cid, "2024-03-01", "call", "inbound", kind="support-received", note="hi")
    book.tag(cid, "interest", "sailing")
    book.tag("profile", "value", "curiosity")
    other = book.add_contact("Linus", connected_on="2020-02-02")
    book.link(cid, other, "colleague", 0.8)
    book.set_outreach(cid, gid, "identified", next_step="research", due_date="2024-04-01")
    book.save_reflection("map.first", "More designers")
    c = book.contacts()
    assert list(c.columns[:3]) == ["contact_id", "full_name", "first_name"]
    assert c["connected_on"].dtype.kind == "M" and c["archived"].dtype == bool
    assert str(c["cadence_days"].dtype) == "Int64"
    i = book.interactions()
    assert i["date"].dtype.kind == "M" and i.loc[0, "kind"] == "support-received"
    t = book.tags()
    assert t["contact_id"].isna().sum() == 1 and set(t["owner"]) == {"profile", "contact"}
    assert book.links().loc[0, "strength"] == 0.8
    assert book.goals().loc[0, "needs"] == "product management;user research"
    o = book.outreach()
    assert o.loc[0, "stage"] == "identified" and o["due_date"].dtype.kind == "M"
    h = book.outreach_history()
    assert h.loc[0, "to_stage"] == "identified" and h.loc[0, "from_stage"] == ""
    assert book.reflection("map.first") == "More designers"
    assert book.reflections().loc[0, "prompt_id"] == "map.first"
    assert book.profile().shape == (1, 9)


def test_returned_frames_are_copies(one):
    book, cid, _ = one
    frame = book.contacts()
    frame.loc[0, "full_name"] = "Mutated"
    assert book.contacts().loc[0, "full_name"] == "Grace Hopper"


def test_archived_contacts_are_hidden_by_default(one):
    book, cid, _ = one
    book.update_contact(cid, archived=True)
    assert book.contacts().empty
    assert book.contacts(include_archived=True).loc[0, "archived"]


def test_as_of_is_pinned_by_setting_else_today(book):
    import datetime as dt

    assert book.as_of() == dt.date.today()
    book.set_setting("as_of", "2025-06-30")
    assert book.as_of() == dt.date(2025, 6, 30)


def test_settings_overlay_defaults(book):
    book.set_setting("cadence", {"inner": 10})
    s = book.settings()
    assert s["cadence"] == {"inner": 10} and s["follow_up_days"] == 7


def test_reads_see_writes_from_another_connection(book):
    other = workbook.open(book.path)
    assert book.contacts().empty
    other.add_contact("From elsewhere")
    assert book.contacts().loc[0, "full_name"] == "From elsewhere"
    other.close()


# ---------------------------------------------------------------------------- write API behaviour


def test_identifiers_are_normalised(book):
    cid = book.add_contact("Ada", emails=["ADA@Example.com ", "ada@example.com", "a2@example.org"],
                           linkedin_url="http://linkedin.com/in/Ada-L/?trk=abc")
    row = book.contact(cid)
    assert row["emails"] == "ada@example.com;a2@example.org"
    assert row["linkedin_url"] == "https://www.linkedin.com/in/ada-l"


def test_reimport_with_external_id_is_idempotent(one):
    book, cid, _ = one
    first = book.log_interaction(cid, "2024-01-01", "email", "outbound", source="mbox", external_id="m1")
    second = book.log_interaction(cid, "2024-01-01", "email", "outbound", source="mbox", external_id="m1")
    assert first is not None and second is None
    frame = pd.DataFrame({"contact_id": [cid, cid], "date": ["2024-01-02", "2024-01-02"],
                          "source": "mbox", "external_id": ["m2", "m1"]})
    assert book.add_interactions(frame) == 1
    assert len(book.interactions()) == 2


def test_tagging_twice_is_harmless_and_untag_removes(one):
    book, cid, _ = one
    a = book.tag(cid, "interest", "Sailing")
    b = book.tag(cid, "interest", "sailing")
    assert a == b and len(book.tags()) == 1
    assert book.untag(cid, "interest", "SAILING")
    assert book.tags().empty


def test_pipeline_moves_are_dated_history(one):
    book, cid, gid = one
    book.set_outreach(cid, gid, "identified", date="2024-01-01")
    book.set_outreach(cid, gid, "contacted", date="2024-01-05", note="sent a note")
    book.set_outreach(cid, gid, "replied", date="2024-01-09")
    h = book.outreach_history()
    assert h["to_stage"].tolist() == ["identified", "contacted", "replied"]
    assert h["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-01-05", "2024-01-09"]
    assert book.outreach().loc[0, "stage"] == "replied" and len(book.outreach()) == 1


def test_someone_at_x_rows_need_no_contact(one):
    book, _, gid = one
    oid = book.set_outreach(None, gid, "identified", target="Someone at the UX Research Guild")
    assert book.outreach().set_index("outreach_id").loc[oid, "contact_id"] is pd.NA


# ---------------------------------------------------------------------------- erase, backup, export


def test_erase_contact_removes_every_trace(one, tmp_path):
    book, cid, gid = one
    other = book.add_contact("Linus")
    book.log_interaction(cid, "2024-03-01", "call", "inbound")
    book.tag(cid, "interest", "cobol")
    book.link(cid, other)
    book.set_outreach(cid, gid, "identified")
    book.erase_contact(cid)
    dump = book.dump()
    assert [c["id"] for c in dump["contacts"]] == [other]
    assert not dump["interactions"] and not dump["tags"] and not dump["links"]
    assert not dump["outreach"] and not dump["outreach_history"]
    book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"Grace Hopper" not in book.path.read_bytes()
    export = book.export(tmp_path / "after-erase")
    assert "Grace Hopper" not in (export / "contacts.csv").read_text()


def test_backup_and_restore_round_trip(one, tmp_path):
    book, cid, _ = one
    backup = book.backup(tmp_path / "backups" / "b1.sqlite")
    book.add_contact("Added after backup")
    book.restore(backup)
    assert book.contacts()["full_name"].tolist() == ["Grace Hopper"]


def test_restore_refuses_a_non_workbook(one, tmp_path):
    book, _, _ = one
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("hello")
    with pytest.raises(WorkbookError):
        book.restore(bogus)
    assert len(book.contacts()) == 1


@pytest.mark.parametrize("payload", ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)"])
def test_export_neutralises_formula_injection_and_restores_text(book, tmp_path, payload):
    book.add_contact("Eve", notes=payload, company=payload.strip() or "x")
    out = book.export(tmp_path / "out")
    with open(out / "contacts.csv", newline="", encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["notes"].startswith("'")
    assert restore_cell(row["notes"]) == book.contacts().loc[0, "notes"]


@pytest.mark.parametrize("cell", ["=1", "+1", "-1", "@A", "\tx", "\rx"])
def test_every_formula_start_is_neutralised_and_restorable(cell):
    assert neutralise_cell(cell) == "'" + cell and restore_cell(neutralise_cell(cell)) == cell


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise_cell("Ada Lovelace") == "Ada Lovelace" and neutralise_cell(5) == 5


def test_export_zip_contains_csvs_and_json(one, tmp_path):
    book, _, _ = one
    z = book.export(tmp_path / "w.zip")
    names = set(zipfile.ZipFile(z).namelist())
    assert {"workbook.json", "contacts.csv", "interactions.csv"} <= names
    data = json.loads(zipfile.ZipFile(z).read("workbook.json"))
    assert data["contacts"][0]["full_name"] == "Grace Hopper"


def test_import_export_refuses_a_non_empty_workbook(one, tmp_path):
    book, _, _ = one
    out = book.export(tmp_path / "e")
    with pytest.raises(WorkbookError, match="empty workbook"):
        book.import_export(out)


# ---------------------------------------------------------------------------- property: round trip

names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip()
)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
dates = st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2026-01-01").date())

write_op = st.one_of(
    st.tuples(st.just("contact"), names, any_text, st.sampled_from(["", *schema.CIRCLES])),
    st.tuples(st.just("interaction"), dates, st.sampled_from(schema.CHANNELS), st.sampled_from(schema.DIRECTIONS),
              st.sampled_from(schema.INTERACTION_KINDS), any_text),
    st.tuples(st.just("tag"), st.sampled_from(schema.TAG_KINDS), names),
    st.tuples(st.just("goal"), names, st.sampled_from(schema.GOAL_KINDS)),
    st.tuples(st.just("reflection"), names, any_text),
    st.tuples(st.just("setting"), st.sampled_from(["weekly_plan_size", "show_initials", "custom"]), st.integers(0, 9)),
)


def _apply(book: Workbook, op) -> None:
    kind = op[0]
    ids = book.contacts(include_archived=True)["contact_id"].tolist()
    if kind == "contact":
        book.add_contact(op[1], notes=op[2], circle=op[3])
    elif kind == "interaction" and ids:
        book.log_interaction(ids[-1], op[1], op[2], op[3], kind=op[4], note=op[5])
    elif kind == "tag":
        book.tag(ids[0] if ids else "profile", op[1], op[2])
    elif kind == "goal":
        book.add_goal(op[1], kind=op[2])
    elif kind == "reflection":
        book.save_reflection(op[1], op[2])
    elif kind == "setting":
        book.set_setting(op[1], op[2])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(write_op, min_size=1, max_size=25), st.booleans())
def test_export_then_import_round_trips_exactly(tmp_path_factory, ops, as_zip):
    folder = tmp_path_factory.mktemp("rt")
    src = workbook.open(folder / "src.sqlite")
    for op in ops:
        _apply(src, op)
    out = src.export(folder / ("e.zip" if as_zip else "e"))
    dest = workbook.open(folder / "dest.sqlite")
    dest.import_export(out)
    assert dest.dump() == src.dump()
    for reader in ("contacts", "interactions", "tags", "goals", "reflections"):
        pd.testing.assert_frame_equal(getattr(dest, reader)(), getattr(src, reader)())
    src.close()
    dest.close()


# ---------------------------------------------------------------------------- concurrency


def _writer(path: str, who: str, n: int, queue) -> None:
    try:
        b = workbook.open(path)
        cid = b.add_contact(f"Writer {who}")
        for i in range(n):
            b.log_interaction(cid, "2024-01-01", "message", "outbound", note=f"{who}-{i}")
        b.close()
        queue.put(("ok", who))
    except Exception as exc:  # reported to the parent, which fails the test
        queue.put(("error", f"{who}: {exc!r}"))


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    workbook.open(path).close()
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, w, 300, queue)) for w in ("a", "b")]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert sorted(results) == [("ok", "a"), ("ok", "b")]
    notes = workbook.open(path).interactions()["note"]
    assert len(notes) == 600 and notes.str.startswith("a-").sum() == 300


def _busy_writer(path: str, stop_after: int) -> None:
    b = workbook.open(path)
    cid = b.add_contact("Busy")
    for i in range(stop_after):
        b.log_interaction(cid, "2024-01-01", "message", "outbound", note=str(i))


def test_backup_taken_while_another_process_writes_is_consistent(tmp_path):
    path = tmp_path / "live.sqlite"
    workbook.open(path).close()
    ctx = mp.get_context("spawn")
    p = ctx.Process(target=_busy_writer, args=(str(path), 1500))
    p.start()
    book = workbook.open(path)
    copies = []
    for k in range(5):
        copies.append(book.backup(tmp_path / f"copy{k}.sqlite"))
    p.join(timeout=120)
    for c in copies:
        con = sqlite3.connect(c)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        assert workbook.open(c).counts()["interactions"] <= 1500


# ---------------------------------------------------------------------------- caching


def test_cached_interactions_after_logging_equal_a_fresh_read(one):
    book, cid, _ = one
    other = book.add_contact("Linus")
    for d in ("2024-01-05", "2024-03-01"):
        book.log_interaction(cid, d, "call", "inbound", note="x")
    book.interactions()  # warm the cache
    book.log_interaction(other, "2024-02-01", "email", "outbound", source="calendar")  # lands in the middle
    book.log_interaction(cid, "2024-04-01", "meeting", "mutual", kind="collaboration")
    cached = book.interactions()
    fresh = workbook.open(book.path).interactions()
    pd.testing.assert_frame_equal(cached, fresh)
    assert cached["date"].is_monotonic_increasing and len(cached) == 4


def test_a_write_to_one_table_keeps_other_caches_and_refreshes_its_own(one):
    book, cid, _ = one
    book.contacts()
    book.tag(cid, "interest", "chess")
    assert book.tags()["text"].tolist() == ["chess"]
    book.update_contact(cid, company="Acme")
    assert book.contacts().loc[0, "company"] == "Acme"
    book.erase_contact(cid)
    assert book.tags().empty and book.contacts().empty


def test_direct_bulk_writes_inside_a_transaction_invalidate_every_cache(book):
    book.contacts()
    with book.transaction() as conn:
        conn.execute("INSERT INTO contacts (full_name, created_at, updated_at) VALUES ('Bulk', '2024-01-01 00:00:00', '2024-01-01 00:00:00')")
    assert book.contacts()["full_name"].tolist() == ["Bulk"]


def test_a_large_damaged_workbook_is_refused_when_read(book, monkeypatch):
    """Above QUICK_CHECK_MAX_BYTES the open skips the full scan; damage still surfaces as WorkbookError."""
    from workbook.store import workbook as store

    for i in range(300):
        book.add_contact(f"Person {i}", notes="x" * 300)
        if i % 3 == 0:
            book.log_interaction(i + 1, "2024-01-01", "call", "inbound", note="y" * 100)
    book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    book.close()
    data = bytearray(book.path.read_bytes())
    data[8192:len(data) - 4096] = b"\xee" * (len(data) - 12288)
    book.path.write_bytes(bytes(data))
    monkeypatch.setattr(store, "QUICK_CHECK_MAX_BYTES", 0)
    with pytest.raises(WorkbookError, match="damaged|could not be opened"):
        damaged = workbook.open(book.path)
        damaged.contacts()
        damaged.interactions()


# ---------------------------------------------------------------------------- interactions snapshot


def _truth(path) -> pd.DataFrame:
    """Interactions straight from SQL with pandas, independent of the store's loader."""
    conn = sqlite3.connect(path)
    try:
        f = pd.read_sql_query("SELECT id, contact_id, date, channel, direction, kind, note, source "
                              "FROM interactions ORDER BY date, id", conn)
    finally:
        conn.close()
    return f


def _same(frame: pd.DataFrame, truth: pd.DataFrame) -> None:
    assert frame["interaction_id"].tolist() == truth["id"].tolist()
    assert frame["contact_id"].tolist() == truth["contact_id"].tolist()
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == truth["date"].tolist()
    for col in ("channel", "direction", "kind", "note", "source"):
        assert frame[col].astype(str).tolist() == truth[col].astype(str).tolist(), col
    assert frame["note"].dtype == object and frame["date"].dtype == "datetime64[ns]"


def _reread(path) -> pd.DataFrame:
    """Interactions as another tab opening the file now would read them."""
    with Workbook(path) as other:
        return other.interactions()


@pytest.fixture
def snapshotting(monkeypatch):
    monkeypatch.setattr(Workbook, "SNAPSHOT_MIN_ROWS", 1)
    monkeypatch.setattr(Workbook, "SNAPSHOT_STALE_ROWS", 3)


def _snapshot(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT stamp, n_rows, max_id FROM frame_cache WHERE name = 'interactions'").fetchone()
    finally:
        conn.close()


def _seed(book, n=6):
    a, b = book.add_contact("Ada"), book.add_contact("Bo")
    for i in range(n):
        book.log_interaction(a if i % 2 else b, f"2024-03-{i + 1:02d}", "email", "inbound",
                             note=f"note {i % 3}" if i % 2 else "", source="gmail" if i % 3 else "manual")
    return a, b


def test_interactions_snapshot_is_used_on_the_next_open(book, snapshotting, monkeypatch):
    _seed(book)
    first = book.interactions()
    assert _snapshot(book.path) is not None
    import workbook.store.snapshot as store

    def no_full_read(*args, **kwargs):
        raise AssertionError("the table was read again")

    monkeypatch.setattr(store, "_fetch_interactions", no_full_read)
    again = Workbook(book.path)
    try:
        pd.testing.assert_frame_equal(again.interactions(), first)
    finally:
        again.close()
    _same(first, _truth(book.path))


def test_snapshot_picks_up_rows_added_since_including_older_ones(book, snapshotting):
    a, b = _seed(book)
    book.interactions()
    other = Workbook(book.path)  # another tab adds rows, one dated before everything
    other.log_interaction(a, "2023-01-01", "call", "outbound", note="the oldest", source="phone")
    other.log_interaction(b, "2024-05-01", "email", "mutual", note="note 1")
    other.close()
    frame = _reread(book.path)
    _same(frame, _truth(book.path))
    assert frame["note"].iloc[0] == "the oldest" and "phone" in frame["source"].cat.categories
    assert _snapshot(book.path)[1] == 6  # two new rows are below SNAPSHOT_STALE_ROWS: not rewritten yet


def test_snapshot_is_dropped_by_updates_and_deletes(book, snapshotting):
    a, b = _seed(book)
    book.interactions()
    book.conn.execute("UPDATE interactions SET note = 'changed by hand' WHERE id = 2")
    assert _snapshot(book.path) is None
    reopened = Workbook(book.path)
    _same(reopened.interactions(), _truth(book.path))
    assert "changed by hand" in reopened.interactions()["note"].tolist()
    assert _snapshot(book.path) is not None
    reopened.erase_contact(a)
    assert _snapshot(book.path) is None
    fresh = Workbook(book.path)
    try:
        frame = fresh.interactions()
        assert a not in frame["contact_id"].tolist()
        _same(frame, _truth(book.path))
    finally:
        fresh.close()
        reopened.close()
    assert b"changed by hand" not in book.path.read_bytes()


def test_a_damaged_snapshot_is_rebuilt(book, snapshotting):
    _seed(book)
    book.interactions()
    book.conn.execute("UPDATE frame_cache SET blob = x'504b0304deadbeef'")
    _same(_reread(book.path), _truth(book.path))


def test_a_snapshot_of_rows_that_changed_meanwhile_is_not_saved(book, snapshotting):
    _seed(book)
    columns, fresh, state = book._read_interactions()
    assert fresh
    book.log_interaction(int(book.contacts()["contact_id"].iloc[0]), "2024-04-01", "call", "inbound")
    book._save_snapshot(columns, state)  # another write landed in between: refuse
    assert _snapshot(book.path) is None


def test_small_workbooks_keep_no_snapshot(book):
    _seed(book)
    book.interactions()
    assert _snapshot(book.path) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["add", "old", "note", "delete", "open"]),
                                st.integers(0, 3)), min_size=1, max_size=12))
def test_snapshot_always_matches_the_table(tmp_path_factory, steps):
    """Any mix of adds (also older ones), note edits, deletes and re-opens reads what SQL holds."""
    path = tmp_path_factory.mktemp("snap") / "w.sqlite"
    old = (Workbook.SNAPSHOT_MIN_ROWS, Workbook.SNAPSHOT_STALE_ROWS)
    Workbook.SNAPSHOT_MIN_ROWS, Workbook.SNAPSHOT_STALE_ROWS = 1, 2
    book = Workbook(path)
    try:
        ids = [book.add_contact(f"P{i}") for i in range(3)]
        for kind, k in steps:
            if kind == "add":
                book.log_interaction(ids[k % 3], f"2024-06-{k + 10:02d}", "email", "inbound", note=f"n{k}")
            elif kind == "old":
                book.log_interaction(ids[k % 3], f"2020-01-{k + 1:02d}", "call", "outbound", source=f"s{k}")
            elif kind == "note":
                book.conn.execute("UPDATE interactions SET note = ? WHERE id = (SELECT max(id) FROM interactions)",
                                  (f"edited {k}",))
            elif kind == "delete":
                book.conn.execute("DELETE FROM interactions WHERE id = (SELECT min(id) FROM interactions)")
            else:
                book.close()
                book = Workbook(path)
            _same(_reread(path), _truth(path))
    finally:
        book.close()
        Workbook.SNAPSHOT_MIN_ROWS, Workbook.SNAPSHOT_STALE_ROWS = old


def _schema_one(path) -> None:
    """A workbook as the previous release wrote it (schema 1: no snapshot tables)."""
    conn = sqlite3.connect(path)
    import workbook.store as store
    for stmt in store._split_sql(schema.MIGRATIONS[0]):
        conn.execute(stmt)
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    conn.execute("INSERT INTO contacts (full_name, created_at, updated_at) VALUES ('Old Friend', '2024-01-01 00:00:00', "
                 "'2024-01-01 00:00:00')")
    conn.execute("INSERT INTO interactions (contact_id, date, channel, direction, note) "
                 "VALUES (1, '2024-02-03', 'call', 'inbound', 'from the old days')")
    conn.commit()
    conn.close()


def test_an_older_backup_can_be_read_and_restored(book, tmp_path):
    old = tmp_path / "old-backup.sqlite"
    _schema_one(old)
    check = Workbook(old, readonly=True)  # what restore and the app's upload check do first
    try:
        assert check.interactions()["note"].tolist() == ["from the old days"]
    finally:
        check.close()
    book.add_contact("Will be replaced")
    book.restore(old)
    assert book.contacts()["full_name"].tolist() == ["Old Friend"]
    assert book.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == schema.SCHEMA_VERSION
    book.log_interaction(1, "2024-03-01", "email", "outbound")  # the upgraded file takes writes
    assert len(book.interactions()) == 2


def test_restore_gives_the_snapshot_a_new_stamp(book, snapshotting, tmp_path):
    _seed(book)
    backup = book.backup(tmp_path / "b.sqlite")
    book.interactions()
    before = book.conn.execute("SELECT n FROM table_stamps").fetchone()[0]
    book.restore(backup)
    assert book.conn.execute("SELECT count(*) FROM frame_cache").fetchone()[0] == 0
    assert book.conn.execute("SELECT n FROM table_stamps").fetchone()[0] != before
    _same(book.interactions(), _truth(book.path))


def test_a_failing_snapshot_save_releases_the_write_lock(book, snapshotting, monkeypatch):
    _seed(book)
    import workbook.store.snapshot as store

    def broken(columns):
        raise TypeError("cannot encode")

    monkeypatch.setattr(store, "_encode_snapshot", broken)
    _same(book.interactions(), _truth(book.path))
    assert not book.conn.in_transaction
    other = Workbook(book.path)
    try:
        other.add_contact("Writes still work")
    finally:
        other.close()


def test_impossible_dates_are_refused_with_their_ids(book):
    a, _ = _seed(book)
    book.conn.execute("INSERT INTO interactions (contact_id, date, channel, direction) "
                      "VALUES (?, '2024-02-30', 'call', 'inbound')", (a,))
    fresh = Workbook(book.path)
    try:
        with pytest.raises(WorkbookError, match=r"impossible date \(id 7\)"):
            fresh.interactions()
    finally:
        fresh.close()


def test_insert_or_replace_drops_the_snapshot(book, snapshotting):
    a, _ = _seed(book)
    book.interactions()
    book.conn.execute("INSERT OR REPLACE INTO interactions (id, contact_id, date, channel, direction, note) "
                      "VALUES (2, ?, '2024-03-02', 'call', 'outbound', 'replaced')", (a,))
    assert _snapshot(book.path) is None
    frame = _reread(book.path)
    _same(frame, _truth(book.path))
    assert "replaced" in frame["note"].tolist()


def test_many_distinct_sources_read_right(book, snapshotting):
    a, b = _seed(book)
    for i in range(40):
        book.log_interaction(a if i % 2 else b, f"2023-05-{i % 28 + 1:02d}", "email", "inbound", source=f"src {i:02d}")
    book.interactions()
    frame = _reread(book.path)
    _same(frame, _truth(book.path))
    assert len(frame["source"].cat.categories) == 42


def test_an_import_keeps_the_snapshot_so_the_first_open_reads_no_table(book, snapshotting, monkeypatch):
    from workbook import samples
    from workbook.importers import import_bytes
    import workbook.store.snapshot as snap

    files = samples.linkedin_export_files(samples.people(30), n_messages=60)
    import_bytes(book, "Connections.csv", files["Connections.csv"])
    import_bytes(book, "messages.csv", files["messages.csv"])
    state = _snapshot(book.path)
    n, max_id = sqlite3.connect(book.path).execute("SELECT count(*), max(id) FROM interactions").fetchone()
    assert n > 0 and state[1:] == (n, max_id)  # written by the import, for exactly what it wrote
    fetched = []
    monkeypatch.setattr(snap, "_fetch_interactions", lambda *a, **k: fetched.append(a) or pytest.fail("read the table"))
    other = Workbook(book.path)
    try:
        _same(other.interactions(), _truth(book.path))
    finally:
        other.close()
    assert not fetched


def test_a_snapshot_that_cannot_be_kept_never_costs_the_import(book, snapshotting, monkeypatch):
    from workbook import samples
    from workbook.importers import import_bytes
    import workbook.store.snapshot as snap

    def broken(columns):
        raise TypeError("cannot encode")

    monkeypatch.setattr(snap, "_encode_snapshot", broken)
    files = samples.linkedin_export_files(samples.people(30), n_messages=60)
    import_bytes(book, "Connections.csv", files["Connections.csv"])
    rep = import_bytes(book, "messages.csv", files["messages.csv"])
    assert rep.interactions_added > 0 and len(book.interactions()) == rep.interactions_added
    assert _snapshot(book.path) is None and not book.conn.in_transaction
