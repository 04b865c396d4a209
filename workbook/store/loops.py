"""Reading the practice loops' tables (schema 4): events and whom they name, collaboration
projects, referral and recommendation asks, brand statements, measurable goals and the dated
history of reflections. Each reader returns a fresh DataFrame with dates parsed; the writes live
with their loops (``workbook.store.events``, ``projects``, ``asks``, ``brand``, ``progress``).

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:")
>>> book.save_reflection("map.missing-field", "Mostly teachers."); book.save_reflection("map.missing-field", "More product people now.")
>>> book.reflection_history()["text"].tolist(), book.reflection("map.missing-field")
(['Mostly teachers.', 'More product people now.'], 'More product people now.')
>>> list(book.events().columns)[:4]
['event_id', 'title', 'starts_on', 'ends_on']
"""
from __future__ import annotations

import pandas as pd

from .. import schema


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c], format="mixed") for c in columns})


#: name: (SELECT, date columns, nullable integer columns). Every reader lists its columns by name.
READERS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "events": ("SELECT id AS event_id, title, starts_on, ends_on, location, url, goal, notes, source, uid, created_at "
               "FROM events ORDER BY starts_on, id", ("starts_on", "ends_on", "created_at"), ()),
    "event_people": ("SELECT id AS event_person_id, event_id, contact_id, role, note FROM event_people ORDER BY id",
                     (), ()),
    "projects": ("SELECT id AS project_id, title, description, basis, status, created_at, updated_at "
                 "FROM projects ORDER BY id", ("created_at", "updated_at"), ()),
    "project_people": ("SELECT id AS project_person_id, project_id, contact_id FROM project_people ORDER BY id",
                       (), ()),
    "project_history": ("SELECT id AS history_id, project_id, date, from_status, to_status FROM project_history "
                        "ORDER BY date, id", ("date",), ()),
    "asks": ("SELECT id AS ask_id, contact_id, kind, direction, specifics, status, asked_on, answered_on, thanked_on, "
             "notes FROM asks ORDER BY asked_on, id", ("asked_on", "answered_on", "thanked_on"), ()),
    "brand_statements": ("SELECT id AS statement_id, core_values, strengths, audience, goals, statement, pitch, at "
                         "FROM brand_statements ORDER BY at, id", ("at",), ()),
    "targets": ("SELECT id AS target_id, metric, n, per, started_on, active FROM targets ORDER BY id",
                ("started_on",), ()),
    "reflection_history": ("SELECT id AS entry_id, prompt_id, text, at FROM reflection_history ORDER BY at, id",
                           ("at",), ()),
}


def has_tables(book) -> bool:
    """False for an older workbook opened read-only (schema < 4): it has no loop tables yet."""
    return getattr(book, "_schema", schema.SCHEMA_VERSION) >= 4


def read_loop_table(book, name: str) -> pd.DataFrame:
    """One loop table as a DataFrame (empty, with its columns, on a workbook older than schema 4)."""
    sql, dates, _ = READERS[name]
    if not has_tables(book):
        columns = [part.strip().split(" AS ")[-1] for part in sql[len("SELECT "):sql.index(" FROM ")].split(",")]
        return pd.DataFrame(columns=columns)

    def convert(frame: pd.DataFrame) -> pd.DataFrame:
        frame = _dates(frame, *dates)
        if name == "targets":
            frame = frame.assign(active=frame["active"].astype(bool))
        return frame

    return book._read(name, sql, convert)


__all__ = ["READERS", "has_tables", "read_loop_table"]
