"""workbook.store.writer: the one batched writer (``book.write_rows`` / ``book.update_rows``).

Refusals name their row and write nothing; a write is all-or-nothing even inside an open
transaction; it reports the tables it touched, and the caches of the other tables survive it.
"""
from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import schema
from workbook.store import Workbook, Written
from workbook.store.validation import _text, contact_values


@pytest.fixture
def two(book):
    """A workbook with two contacts (ids 1 and 2)."""
    book.write_rows("contacts", [{"full_name": "Ada Lovelace"}, {"full_name": "Grace Hopper"}])
    return book


def _interaction(**over):
    return {"contact_id": 1, "date": "2024-01-02", "channel": "call", "direction": "inbound", **over}


# ---------------------------------------------------------------------------- refusals

REFUSALS = [
    ("empty name", "contacts", [{"full_name": "Kay"}, {"full_name": "  "}], {}, r"row 2: name must not be empty"),
    ("no name at all", "contacts", [{"company": "X"}], {}, r"row 1: name must not be empty"),
    ("bad email", "contacts", [{"full_name": "A", "emails": "not-an-email"}], {}, r"row 1: .*not an email"),
    ("unknown circle", "contacts", [{"full_name": "A", "circle": "outer space"}], {}, "row 1: circle must be one of"),
    ("cadence zero", "contacts", [{"full_name": "A", "cadence_days": 0}], {}, "between 1 and 3650"),
    ("unknown field", "contacts", [{"full_name": "A", "colour": "red"}], {}, "Unknown contacts field"),
    ("rows differ", "contacts", [{"full_name": "A"}, {"full_name": "B", "company": "C"}], {}, "row 2 has other fields"),
    ("unknown table", "people", [{"full_name": "A"}], {}, "not a workbook table"),
    ("bad conflict mode", "contacts", [{"full_name": "A"}], {"on_conflict": "merge"}, "on_conflict must be one of"),
    ("no ids to return", "settings", [{"key": "k", "value": "1"}], {"returning_ids": True}, "no id to return"),
    ("setting not JSON", "settings", [{"key": "k", "value": "{oops"}], {}, "JSON text"),
    ("bad channel", "interactions", [_interaction(), _interaction(channel="pigeon")], {}, "row 2: channel must be"),
    ("year 3000", "interactions", [_interaction(date="3000-01-01")], {}, "row 1: date .*too far in the future"),
    ("not a date", "interactions", [_interaction(date="last tuesday")], {}, "row 1: date .*not a date"),
    ("contact id text", "interactions", [_interaction(contact_id="abc")], {}, "row 1: 'abc' is not a contact id"),
    ("unknown contact", "interactions", [_interaction(), _interaction(contact_id=999)], {}, "does not exist"),
    ("duplicate key", "interactions", [_interaction(source="x", external_id="e1")] * 2, {}, "already exists"),
    ("tag kind", "tags", [{"owner": "contact", "contact_id": 1, "kind": "hobby", "text": "chess"}], {}, "tag kind"),
    ("empty tag", "tags", [{"owner": "profile", "contact_id": None, "kind": "interest", "text": " "}], {},
     "tag must not be empty"),
    ("self link", "links", [{"a": 1, "b": 2}, {"a": 2, "b": 2}], {}, "row 2: .*linked to themselves"),
    ("strength > 1", "links", [{"a": 1, "b": 2, "strength": 2}], {}, "between 0 and 1"),
    ("goal kind", "goals", [{"title": "x", "kind": "dream"}], {}, "goal kind must be one of"),
    ("unknown stage", "outreach", [{"contact_id": 1, "stage": "married"}], {}, "stage must be one of"),
]


@pytest.mark.parametrize("label, table, rows, kw, message", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refused_write_names_the_problem_and_writes_nothing(two, label, table, rows, kw, message):
    before = two.dump()
    with pytest.raises(ValueError, match=message):
        two.write_rows(table, rows, **kw)
    assert two.dump() == before
    assert not two.conn.in_transaction


@pytest.mark.parametrize("as_frame", [True, False])
def test_one_bad_row_among_many_refuses_the_lot_inside_an_open_transaction(two, as_frame):
    rows = [_interaction(date=f"2024-01-{d:02d}") for d in range(1, 29)]
    rows[20]["contact_id"] = 999  # passes validation, refused by the foreign key
    with two.transaction():
        two.write_rows("interactions", [_interaction()])
        with pytest.raises(ValueError, match="does not exist.*Nothing was written"):
            two.write_rows("interactions", pd.DataFrame(rows) if as_frame else rows)
    assert len(two.interactions()) == 1  # the first write of the transaction landed, none of the second


def test_a_large_write_is_staged_and_still_all_or_nothing(two):
    rows = pd.DataFrame([_interaction(date=f"2024-{1 + i % 12:02d}-01", external_id=str(i)) for i in range(3000)])
    rows.loc[2999, "contact_id"] = 999
    with pytest.raises(ValueError, match="does not exist"):
        two.write_rows("interactions", rows)
    assert two.interactions().empty
    assert two.write_rows("interactions", rows.iloc[:2999]).count == 2999


# ---------------------------------------------------------------------------- what it writes

SAME_AS_ONE_ROW = [
    {"full_name": " Ada  Lovelace "},
    {"first_name": "Grace", "last_name": "Hopper"},
    {"full_name": "A", "emails": " ADA@Example.org ; ada@example.org, b@x.org"},
    {"full_name": "A", "linkedin_url": "http://www.linkedin.com/in/ada-l/?trk=x"},
    {"full_name": "A", "connected_on": "2021-03-04T10:00:00", "birthday": "--12-10"},
    {"full_name": "A", "circle": "inner", "cadence_days": "14", "archived": True},
    {"full_name": "A", "notes": "line\x00 one  ", "phones": "+44 1; +44 1 ;+1 2"},
]


@pytest.mark.parametrize("fields", SAME_AS_ONE_ROW)
def test_the_writer_stores_a_contact_as_add_contact_does(book, fields):
    one = book.contact(book.add_contact(**fields))
    (cid,) = book.write_rows("contacts", [fields], returning_ids=True).ids
    many = book.contact(cid)
    assert {k: v for k, v in many.items() if k not in ("id", "created_at", "updated_at")} == {
        k: v for k, v in one.items() if k not in ("id", "created_at", "updated_at")}
    assert {k: many[k] for k in contact_values(fields, partial=False)} == contact_values(fields, partial=False)


def test_defaults_are_filled_as_the_one_row_writes_fill_them(two):
    two.write_rows("interactions", [{"contact_id": 1, "date": pd.Timestamp("2024-05-06")}])
    row = two.interactions().iloc[0]
    assert (row["channel"], row["direction"], row["kind"], row["note"], row["source"]) == (
        "message", "outbound", "catch-up", "", "manual")
    assert str(row["date"].date()) == "2024-05-06"


def test_symmetric_links_are_stored_smaller_id_first(two):
    two.write_rows("links", [{"a": 2, "b": 1, "kind": "knows"}, {"a": 2, "b": 1, "kind": "introduced-by"}])
    assert two.links()[["a", "b", "kind"]].values.tolist() == [[1, 2, "knows"], [2, 1, "introduced-by"]]


IDS = [
    ("abort", [{"full_name": "C"}, {"full_name": "D"}], [3, 4], 2),
    ("ignore", [{"id": 1, "full_name": "Ada again"}, {"id": 5, "full_name": "E"}], [None, 5], 1),
    ("ignore", [{"full_name": "F"}], [3], 1),
    ("replace", [{"id": 2, "full_name": "Grace Brewster Hopper"}], [2], 1),
]


@pytest.mark.parametrize("mode, rows, ids, count", IDS)
def test_returned_ids_follow_the_rows(two, mode, rows, ids, count):
    done = two.write_rows("contacts", rows, on_conflict=mode, returning_ids=True)
    assert (done.ids, done.count) == (ids, count)
    assert two.contacts().set_index("contact_id").loc[[i for i in ids if i], "full_name"].tolist() == [
        r["full_name"] for r, i in zip(rows, ids) if i]


def test_ignore_skips_rows_seen_before_and_counts_the_new_ones(two):
    rows = pd.DataFrame([_interaction(source="phone", external_id=f"x{i}") for i in range(5)])
    assert two.write_rows("interactions", rows, on_conflict="ignore").count == 5
    assert two.write_rows("interactions", rows, on_conflict="ignore").count == 0
    assert two.add_interactions(rows.assign(external_id=[f"x{i}" for i in range(3, 8)])) == 3
    assert len(two.interactions()) == 8


def test_update_rows_changes_only_the_given_columns_and_stamps_them(two):
    before = two.contact(2)
    done = two.update_rows("contacts", pd.DataFrame({"id": [2, 1], "company": [" Navy ", "Engines"]}))
    after = two.contact(2)
    assert done.count == 2 and done.tables == {"contacts"}
    assert (after["company"], after["full_name"]) == ("Navy", before["full_name"])
    assert after["updated_at"] >= before["updated_at"]


def test_an_update_of_a_missing_row_writes_nothing(two):
    before = two.dump()
    with pytest.raises(ValueError, match="1 of the rows match no contacts row"):
        two.update_rows("contacts", [{"id": 1, "company": "X"}, {"id": 77, "company": "Y"}])
    assert two.dump() == before


# ---------------------------------------------------------------------------- touched tables, caches

TOUCHED = [
    ("contacts", [{"full_name": "C"}], "abort", {"contacts"}),
    ("tags", [{"owner": "contact", "contact_id": 1, "kind": "interest", "text": "chess"}], "abort", {"tags"}),
    ("interactions", [_interaction()], "ignore", {"interactions"}),
    ("settings", [{"key": "weekly_plan_size", "value": "4"}], "replace", {"settings"}),
    ("contacts", [{"id": 1, "full_name": "Ada King"}], "replace", set(schema.TABLES)),  # cascades reach others
]


@pytest.mark.parametrize("table, rows, mode, tables", TOUCHED, ids=[f"{t[0]}-{t[2]}" for t in TOUCHED])
def test_a_write_reports_the_tables_it_touched_and_stales_only_those(two, table, rows, mode, tables):
    before = {t: two.version(t) for t in schema.TABLES}
    done = two.write_rows(table, rows, on_conflict=mode)
    assert isinstance(done, Written) and done.tables == tables
    moved = {t for t in schema.TABLES if two.version(t) != before[t]}
    assert moved == tables


def test_the_cached_frames_of_untouched_tables_are_kept(two):
    contacts = two.contacts()
    cached = two._cache["contacts"]
    two.write_rows("tags", [{"owner": "contact", "contact_id": 2, "kind": "skill", "text": "COBOL"}])
    two.add_interactions(pd.DataFrame([_interaction()]))
    assert two._cache["contacts"] is cached
    pd.testing.assert_frame_equal(two.contacts(), contacts)
    assert two.tags()["text"].tolist() == ["COBOL"]
    with two.transaction() as conn:  # a write the store cannot attribute stales everything
        conn.execute("UPDATE contacts SET company = 'X' WHERE id = 1")
    assert two.contacts()["company"].tolist() == ["X", ""]


def test_written_interactions_keep_the_snapshot_valid(two, monkeypatch):
    monkeypatch.setattr(Workbook, "SNAPSHOT_MIN_ROWS", 1)
    two.write_rows("interactions", [_interaction(date=f"2024-02-{d:02d}") for d in range(1, 6)])
    two.interactions()  # saves the snapshot
    assert two.conn.execute("SELECT count(*) FROM frame_cache").fetchone()[0] == 1
    two.write_rows("interactions", [_interaction(date="2023-01-01", note="older"), _interaction(contact_id=2, note="")])
    assert two.conn.execute("SELECT count(*) FROM frame_cache").fetchone()[0] == 1  # inserts keep it
    fresh = Workbook(two.path)
    try:
        got = fresh.interactions()
    finally:
        fresh.close()
    truth = pd.read_sql_query("SELECT id, date FROM interactions ORDER BY date, id", two.conn)
    assert got["interaction_id"].tolist() == truth["id"].tolist()
    assert got["date"].dt.strftime("%Y-%m-%d").tolist() == truth["date"].tolist()


# ---------------------------------------------------------------------------- round trip

_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_rows = st.lists(st.fixed_dictionaries({
    "contact_id": st.sampled_from([1, 2]),
    "date": st.dates(min_value=pd.Timestamp("1950-01-01").date(), max_value=pd.Timestamp("2028-12-31").date()),
    "channel": st.sampled_from(schema.CHANNELS),
    "direction": st.sampled_from(schema.DIRECTIONS),
    "kind": st.sampled_from(schema.INTERACTION_KINDS),
    "note": _texts,
    "source": st.sampled_from(["phone", " mail ", ""]),
}), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(rows=_rows, names=st.lists(_texts.filter(lambda s: _text(s, "n")), min_size=2, max_size=2))
def test_rows_written_read_back_as_the_one_row_rules_normalise_them(rows, names):
    book = Workbook(":memory:")
    try:
        ids = book.write_rows("contacts", pd.DataFrame({"full_name": names}), returning_ids=True).ids
        assert book.contacts()["full_name"].tolist() == [_text(n, "name") for n in names] and ids == [1, 2]
        assert book.write_rows("interactions", pd.DataFrame(rows)).count == len(rows)
        got = book.interactions()
        want = (pd.DataFrame(rows).assign(note=lambda f: f["note"].map(lambda v: _text(v, "note")),
                                          source=lambda f: f["source"].str.strip().replace("", "manual"),
                                          date=lambda f: pd.to_datetime(f["date"]), id=range(1, len(rows) + 1))
                .sort_values(["date", "id"], kind="stable"))
        assert got["interaction_id"].tolist() == want["id"].tolist()
        for col in ("contact_id", "date", "note"):
            assert got[col].tolist() == want[col].tolist(), col
        for col in ("channel", "direction", "kind", "source"):
            assert got[col].astype(str).tolist() == want[col].tolist(), col
    finally:
        book.close()


def test_a_direct_sqlite_error_is_not_mistaken_for_a_refusal(two, monkeypatch):
    """Only constraint failures become ValueError; a broken connection stays what it is."""
    two.close()
    with pytest.raises(sqlite3.ProgrammingError):
        two.write_rows("contacts", [{"full_name": "C"}])


# ---------------------------------------------------------------------------- every bulk path uses it


def _add_contacts(fresh, tmp_path):
    fresh.add_contacts(pd.DataFrame({"full_name": ["A", "B"]}))


def _add_interactions(fresh, tmp_path):
    fresh.add_contact("A")
    fresh.add_interactions(pd.DataFrame([_interaction()]))


def _import_export(fresh, tmp_path):
    other = Workbook(tmp_path / "other.sqlite")
    other.add_contact("Ada Lovelace")
    out = other.export(tmp_path / "e.zip")
    other.close()
    fresh.import_export(out)


def _store_frames(fresh, tmp_path):
    from workbook import demo

    demo.store_frames(fresh, demo.generate_demo(n_contacts=20))


BULK_PATHS = [
    (_add_contacts, {"contacts"}),
    (_add_interactions, {"interactions"}),
    (_import_export, {"settings", "profile", "contacts"}),
    (_store_frames, {"settings", "profile", "contacts", "tags", "interactions"}),
]


@pytest.mark.parametrize("run, tables", BULK_PATHS, ids=[p[0].__name__.strip("_") for p in BULK_PATHS])
def test_every_bulk_path_writes_through_the_writer(tmp_path, monkeypatch, run, tables):
    import workbook.store.writer as writer

    seen: list[str] = []
    real = writer.write_rows

    def spy(book, table, rows, **kw):
        seen.append(table)
        return real(book, table, rows, **kw)

    monkeypatch.setattr(writer, "write_rows", spy)
    fresh = Workbook(tmp_path / "fresh.sqlite")
    try:
        with fresh.transaction() as conn:
            start = conn.total_changes
            run(fresh, tmp_path)
            # Every change was attributed (writer or tracked one-row write): no "stale everything".
            assert conn.total_changes - start == fresh._tracked
        assert tables <= set(seen)
    finally:
        fresh.close()


@pytest.mark.parametrize("sample", ["linkedin-export.zip", "google-contacts.csv", "calendar.ics"])
def test_an_import_stales_only_the_tables_it_wrote(tmp_path, sample):
    # Issue #21: the importers write through the store's writer (book.writing), so after an import
    # the caches of goals, outreach and links stay valid instead of being thrown away wholesale.
    import workbook
    from workbook.importers import import_file
    from workbook.samples import SAMPLES_DIR

    book = workbook.open(tmp_path / "w.sqlite")
    if sample == "calendar.ics":
        import_file(book, SAMPLES_DIR / "google-contacts.csv")
    goal = book.add_goal("Move into product management")
    book.set_outreach(None, goal, "identified", target="someone in product")
    untouched = ("goals", "outreach", "links", "outreach_history")
    before = {t: book.version(t) for t in untouched + ("contacts", "interactions")}
    import_file(book, SAMPLES_DIR / sample)
    after = {t: book.version(t) for t in before}
    assert {t: after[t] for t in untouched} == {t: before[t] for t in untouched}
    assert after["contacts"] != before["contacts"] or after["interactions"] != before["interactions"]
    book.close()
