"""The events loop's writes: events typed in or read from a calendar, whom to meet, who was met.

Functions take the workbook first and check every value in Python before SQLite sees it (a plain
``ValueError`` sentence on bad input); each is one transaction. Reading is ``book.events()`` and
``book.event_people()`` (:mod:`workbook.store.loops`).

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); book.set_setting("as_of", "2026-10-15")
>>> eid = add_event(book, "EdTech Breakfast", "2026-10-14", location="Manchester")
>>> logged = log_people_met(book, eid, new_people="Ana Silva, Product Manager, Acme")
>>> book.contacts()[["full_name", "how_met"]].values.tolist(), book.event_people()["role"].tolist()
([['Ana Silva', 'EdTech Breakfast']], ['met'])
"""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple

import pandas as pd

from ..core.dates import now_text, parse_date
from ..core.text import company_key, name_key
from .validation import _missing, _text

__all__ = ["MAX_PEOPLE_AT_ONCE", "Logged", "add_event", "add_events", "log_people_met", "parse_new_people",
           "plan_to_meet", "set_event_goal"]

#: The most people one "log who you met" step takes (existing and new together).
MAX_PEOPLE_AT_ONCE = 100


def _event_values(title: Any, starts_on: Any, ends_on: Any, location: Any, url: Any, goal: Any, notes: Any,
                  source: Any, uid: Any) -> tuple:
    start = parse_date(starts_on, field="The event's date")
    end = parse_date(ends_on, field="The event's last day", allow_none=True)
    if end is not None and end < start:
        raise ValueError("The event's last day is before its first day.")
    return (_text(title, "The event's title", required=True, max_len=300), start, None if end == start else end,
            _text(location, "The location", max_len=300), _text(url, "The link", max_len=1000),
            _text(goal, "The goal", max_len=1000), _text(notes, "The notes", max_len=5000),
            _text(source, "The source", max_len=300) or "manual", _text(uid, "The calendar UID", max_len=300))


_INSERT = ("INSERT INTO events (title, starts_on, ends_on, location, url, goal, notes, source, uid, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")


def add_event(book, title: str, starts_on: Any, *, ends_on: Any = None, location: str = "", url: str = "",
              goal: str = "", notes: str = "", source: str = "manual", uid: str = "") -> int:
    """Add one event; returns its id (the existing one's when ``uid`` is already in the workbook)."""
    values = _event_values(title, starts_on, ends_on, location, url, goal, notes, source, uid)
    with book.transaction():
        cur = book._execute(_INSERT, (*values, now_text()))
        if cur.rowcount:
            return int(cur.lastrowid)
        return int(book.conn.execute("SELECT id FROM events WHERE uid = ?", (values[-1],)).fetchone()[0])


def add_events(book, rows: pd.DataFrame, *, source: str) -> int:
    """Add the events of a calendar (rows as :func:`workbook.practices.events.read_calendar` gives
    them) in one transaction; returns how many were new (a UID seen before adds nothing).

    One bad row refuses the lot, naming the row, so a file is never half imported.
    """
    prepared = []
    for n, row in enumerate(rows.to_dict("records"), start=1):
        try:
            prepared.append(_event_values(row.get("title"), row.get("starts_on"), _none(row.get("ends_on")),
                                          row.get("location", ""), row.get("url", ""), row.get("goal", ""),
                                          row.get("notes", ""), source, row.get("uid", "")))
        except ValueError as exc:
            raise ValueError(f"Event {n} of the calendar: {exc} Nothing was added.") from None
    added, now = 0, now_text()
    with book.transaction():
        for values in prepared:
            added += book._execute(_INSERT, (*values, now)).rowcount
    return added


def _none(value: Any) -> Any:
    return None if _missing(value) else value


def _event(book, event_id: Any) -> tuple[int, str, str]:
    try:
        eid = int(event_id)
        if isinstance(event_id, float) and event_id != eid:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{event_id!r} is not an event.") from None
    row = book.conn.execute("SELECT title, starts_on FROM events WHERE id = ?", (eid,)).fetchone()
    if row is None:
        raise ValueError("That event is no longer in your workbook.")
    return eid, str(row[0]), str(row[1])


def set_event_goal(book, event_id: int, goal: str) -> None:
    """Set (or clear, with '') what the person wants from an event."""
    eid, _, _ = _event(book, event_id)
    text = _text(goal, "The goal", max_len=1000)
    with book.transaction():
        book._execute("UPDATE events SET goal = ? WHERE id = ?", (text, eid))


def plan_to_meet(book, event_id: int, contact_id: int, note: str = "") -> bool:
    """Put someone on an event's "whom to meet" list; False when they were on it (or met) already."""
    eid, _, _ = _event(book, event_id)
    cid = book._contact_id(contact_id)
    text = _text(note, "The note", max_len=1000)
    with book.transaction():
        cur = book._execute("INSERT INTO event_people (event_id, contact_id, role, note) VALUES (?, ?, 'to meet', ?) "
                            "ON CONFLICT DO NOTHING", (eid, cid, text))
        return cur.rowcount > 0


def parse_new_people(text: Any) -> list[dict[str, str]]:
    """New people typed one a line as "Name, title, company" (title and company may be left out;
    a company with a comma in it keeps the rest of the line). Blank lines are skipped.

    >>> parse_new_people("Ana Silva, Product Manager, Acme, Inc.\\n\\n  Bo Chen  ")
    [{'full_name': 'Ana Silva', 'position': 'Product Manager', 'company': 'Acme, Inc.'}, {'full_name': 'Bo Chen', 'position': '', 'company': ''}]
    """
    if _missing(text):
        return []
    if not isinstance(text, str):
        raise ValueError("Type the new people as text, one a line.")
    people = []
    for n, line in enumerate(text.replace("\r", "\n").split("\n"), start=1):
        parts = [" ".join(p.split()) for p in line.replace("\x00", "").split(",", 2)]
        if not any(parts):
            continue
        name, position, company = (parts + ["", ""])[:3]
        if not name:
            raise ValueError(f"Line {n} has no name before the first comma: write “Name, title, company”.")
        if len(name) > 300 or len(position) > 300 or len(company) > 300:
            raise ValueError(f"Line {n} is too long: keep each part under 300 characters.")
        people.append({"full_name": name, "position": position, "company": company})
    return people


class Logged(NamedTuple):
    """What :func:`log_people_met` did: everyone logged, who was new and who was already a contact."""

    contact_ids: list[int]
    created: list[int]
    existing: list[int]


def _find_or_add(book, person: dict[str, str], how_met: str) -> tuple[int, bool]:
    """A typed person's contact: the one contact with that name (and company, when typed), else a new one."""
    key, company = name_key(person["full_name"]), company_key(person["company"])
    rows = book.conn.execute("SELECT id, full_name, company FROM contacts WHERE archived = 0 AND lower(full_name) = ?",
                             (person["full_name"].lower(),)).fetchall()
    same = [r[0] for r in rows if name_key(r[1]) == key and (not company or company_key(r[2] or "") == company)]
    if len(same) == 1:
        return int(same[0]), False
    return book.add_contact(person["full_name"], position=person["position"], company=person["company"],
                            how_met=how_met, source="manual"), True


def log_people_met(book, event_id: int, contact_ids: Iterable[int] = (), new_people: str = "", *,
                   note: str = "") -> Logged:
    """Log everyone met at a past event in one step (all or nothing).

    ``contact_ids``: existing contacts; ``new_people``: "Name, title, company" lines, made contacts
    with ``how_met`` = the event's title and source ``manual`` (a typed name that is already a
    contact, with the same company when one is typed, is that contact). Each gets an ``event_people``
    row with role ``met`` (a "to meet" row becomes "met") and an exchange on the event's day (channel
    ``event``, kind ``catch-up``, direction ``mutual``), unless one is already logged there that day.
    """
    eid, title, day = _event(book, event_id)
    if day > str(book.as_of()):
        raise ValueError(f"“{title}” is on {day}, still to come: log who you met once you have been.")
    ids = [book._contact_id(c) for c in contact_ids]
    typed = parse_new_people(new_people)
    if not ids and not typed:
        raise ValueError("Pick at least one person you met, or type a new one as “Name, title, company”.")
    if len(ids) + len(typed) > MAX_PEOPLE_AT_ONCE:
        raise ValueError(f"Log at most {MAX_PEOPLE_AT_ONCE} people at once.")
    text = _text(note, "The note", max_len=1000)
    created, existing = [], list(dict.fromkeys(ids))
    with book.transaction():
        for person in typed:
            cid, new = _find_or_add(book, person, title)
            (created if new else existing).append(cid)
        everyone = list(dict.fromkeys(existing + created))
        for cid in everyone:
            book._execute("INSERT INTO event_people (event_id, contact_id, role, note) VALUES (?, ?, 'met', ?) "
                          "ON CONFLICT (event_id, contact_id) DO UPDATE SET role = 'met', "
                          "note = CASE WHEN excluded.note <> '' THEN excluded.note ELSE event_people.note END",
                          (eid, cid, text))
            seen = book.conn.execute("SELECT 1 FROM interactions WHERE contact_id = ? AND date = ? AND channel = 'event'",
                                     (cid, day)).fetchone()
            if not seen:
                book.log_interaction(cid, day, "event", "mutual", "catch-up", f"Met at {title}"[:300])
    return Logged(everyone, created, [c for c in dict.fromkeys(existing) if c not in created])
