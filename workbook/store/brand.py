"""The writes of the online-platforms and personal-brand loops: LinkedIn activity counts, logged
engagements (a comment on someone's post), the weekly engagement habit and brand statements.

Each function takes the workbook first, checks every value in Python, and writes inside
``book.transaction()`` through ``book._execute`` (so caches refresh). A brand statement is only ever
added: earlier versions stay, dated, and the newest is the current one.

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); cid = book.add_contact("Ada Lovelace")
>>> log_engagement(book, [cid], on="2026-10-12")
1
>>> book.interactions()[["channel", "direction", "kind", "note"]].values.tolist()
[['social', 'outbound', 'other', 'Commented on a post']]
>>> _ = save_statement(book, values="curiosity", strengths="teaching", audience="school leaders", goals="",
...                    statement="I help school leaders learn.", pitch="")
>>> _ = save_statement(book, values="curiosity", strengths="teaching", audience="edtech teams", goals="",
...                    statement="I help edtech teams learn.", pitch="")
>>> book.brand_statements()["statement"].tolist()
['I help school leaders learn.', 'I help edtech teams learn.']
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import pandas as pd

from ..core.dates import now_text, parse_date
from .validation import _join, _text

__all__ = ["ACTIVITY_SETTING", "ENGAGEMENT_NOTE", "HABIT_METRIC", "MAX_PITCH", "MAX_STATEMENT",
           "log_engagement", "monthly_counts", "save_activity", "save_statement", "set_engagement_habit"]

#: The setting that holds the LinkedIn activity counts per month (JSON).
ACTIVITY_SETTING = "linkedin_activity"
#: The note of an engagement logged here (how the weekly count finds it, with channel/direction/kind).
ENGAGEMENT_NOTE = "Commented on a post"
#: The measurable goal (``targets`` row) the engagement habit is.
HABIT_METRIC = "posts engaged"
#: Longest brand statement and pitch the workbook keeps (characters).
MAX_STATEMENT, MAX_PITCH = 400, 1200
#: At most this many people in one engagement log (a week's worth, not an import).
MAX_ENGAGED = 50


def monthly_counts(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Posts and comments per month from :func:`workbook.importers.linkedin_activity.read_activity`:
    one dict per month and kind with ``month`` ('YYYY-MM'), ``kind``, ``count`` and ``words``.

    >>> f = pd.DataFrame({"date": pd.to_datetime(["2024-03-01", "2024-03-09", "2024-04-02"]),
    ...                   "kind": ["share", "share", "comment"], "words": [10, 5, 3]})
    >>> monthly_counts(f)
    [{'month': '2024-03', 'kind': 'share', 'count': 2, 'words': 15}, {'month': '2024-04', 'kind': 'comment', 'count': 1, 'words': 3}]
    """
    if frame is None or len(frame) == 0:
        return []
    f = pd.DataFrame({"month": pd.to_datetime(frame["date"]).dt.strftime("%Y-%m"),
                      "kind": frame["kind"].astype(str), "words": pd.to_numeric(frame["words"]).astype("int64")})
    g = f.groupby(["month", "kind"], sort=True)["words"].agg(["size", "sum"]).reset_index()
    return [{"month": str(m), "kind": str(k), "count": int(n), "words": int(w)}
            for m, k, n, w in g[["month", "kind", "size", "sum"]].itertuples(index=False)]


def save_activity(book, frame: pd.DataFrame, *, on: Any = None) -> dict[str, Any]:
    """Store monthly counts of the person's LinkedIn posts and comments as the JSON setting
    ``linkedin_activity`` (no text): ``{"months": [...], "kinds": [...], "saved_on": "YYYY-MM-DD"}``.

    The kinds the export held (``frame.attrs["kinds"]``, else those in the frame) replace what was
    stored for them; a kind whose file this export lacked keeps its earlier counts. Returns the value.
    """
    if frame is None or not {"date", "kind", "words"} <= set(frame.columns):
        raise ValueError("The activity must come from read_activity (columns date, kind, words).")
    kinds = set(frame.attrs.get("kinds") or set(frame["kind"].astype(str)))
    unknown = kinds - {"share", "comment"}
    if unknown:
        raise ValueError(f"Activity kinds must be share or comment (got {', '.join(sorted(unknown))}).")
    earlier = book.settings().get(ACTIVITY_SETTING) or {}
    kept = [m for m in earlier.get("months", []) if isinstance(m, dict) and m.get("kind") not in kinds]
    months = sorted(kept + monthly_counts(frame), key=lambda m: (str(m.get("month")), str(m.get("kind"))))
    value = {"months": months, "kinds": sorted(kinds | set(earlier.get("kinds", [])) & {"share", "comment"}),
             "saved_on": parse_date(on) if on is not None else str(book.as_of())}
    book.set_setting(ACTIVITY_SETTING, value)
    return value


def _contact_ids(book, contact_ids: Iterable[Any]) -> list[int]:
    if isinstance(contact_ids, (int, str)):
        contact_ids = [contact_ids]
    ids = list(dict.fromkeys(book._contact_id(c) for c in contact_ids))
    if not ids:
        raise ValueError("Pick at least one person whose post you engaged with.")
    if len(ids) > MAX_ENGAGED:
        raise ValueError(f"Log at most {MAX_ENGAGED} people at a time.")
    return ids


def log_engagement(book, contact_ids: Iterable[Any], *, on: Any = None, note: str = ENGAGEMENT_NOTE) -> int:
    """Record that the person commented on a post of each of ``contact_ids`` on day ``on`` (default:
    the workbook's as-of date): an interaction each, channel social, outbound, kind other. One a
    person per day: logging the same person twice on one day adds nothing. Returns how many were added.
    """
    ids = _contact_ids(book, contact_ids)
    day = parse_date(on if on is not None else book.as_of(), field="the day you engaged")
    text = _text(note, "note", max_len=500) or ENGAGEMENT_NOTE
    added = 0
    with book.transaction():
        for cid in ids:
            seen = book.conn.execute(
                "SELECT 1 FROM interactions WHERE contact_id = ? AND date = ? AND channel = 'social' AND "
                "direction = 'outbound' AND kind = 'other' AND note = ?", (cid, day, text)).fetchone()
            if seen:
                continue
            book._execute("INSERT INTO interactions (contact_id, date, channel, direction, kind, note, source) "
                          "VALUES (?, ?, 'social', 'outbound', 'other', ?, 'manual')", (cid, day, text))
            added += 1
    return added


def set_engagement_habit(book, n: Any, *, per: str = "week", on: Any = None) -> int:
    """Make "engage with ``n`` posts a ``per``" the person's engagement habit: a measurable goal
    (``targets`` row, metric ``posts engaged``) from ``on`` (default the as-of date). An earlier
    habit is kept but no longer active, so past weeks are still judged by what was asked then."""
    try:
        count = int(n)
        if isinstance(n, float) and n != count:
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError("The habit must be a whole number of posts.") from None
    if not 1 <= count <= 100:
        raise ValueError("The habit must be between 1 and 100 posts.")
    if per not in ("week", "month"):
        raise ValueError("The habit is counted per week or per month.")
    start = parse_date(on if on is not None else book.as_of(), field="the habit's first day")
    with book.transaction():
        book._execute("UPDATE targets SET active = 0 WHERE metric = ? AND active = 1", (HABIT_METRIC,))
        cur = book._execute("INSERT INTO targets (metric, n, per, started_on, active) VALUES (?, ?, ?, ?, 1)",
                            (HABIT_METRIC, count, per, start))
        return int(cur.lastrowid)


def _parts(value: Any, field: str) -> str:
    joined = _join(value if value is not None else "")
    return _text(joined, field, max_len=1000)


def save_statement(book, *, values: Any, strengths: Any, audience: Any, goals: Any, statement: str,
                   pitch: str = "", at: Any = None) -> int:
    """Add a brand statement (and its 30-second pitch) with what it was built from; never overwrites.

    ``values``, ``strengths`` and ``goals`` may be lists or ';'-joined text. ``at`` (default: now)
    dates the version. Saving the very text of the current statement and pitch again adds nothing
    and returns the current id.
    """
    text = _text(statement, "statement", required=True, max_len=MAX_STATEMENT)
    spoken = _text(pitch, "pitch", max_len=MAX_PITCH)
    row = [_parts(values, "values"), _parts(strengths, "strengths"), _text(audience, "audience", max_len=300),
           _parts(goals, "goals"), text, spoken, now_text() if at is None else _stamp(at)]
    with book.transaction():
        last = book.conn.execute("SELECT id, statement, pitch, at FROM brand_statements ORDER BY at DESC, id DESC "
                                 "LIMIT 1").fetchone()
        if last and last[1] == text and last[2] == spoken:
            return int(last[0])
        if last and at is None and row[-1] <= last[3]:
            # The newest saved is the current one: a clock behind the last version must not hide this one.
            row[-1] = (dt.datetime.fromisoformat(last[3][:19]) + dt.timedelta(seconds=1)).isoformat(sep=" ")
        cur = book._execute("INSERT INTO brand_statements (core_values, strengths, audience, goals, statement, "
                            "pitch, at) VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        return int(cur.lastrowid)


def _stamp(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    day = parse_date(value, field="the statement's date")
    text = str(value)
    return text[:19] if len(text) >= 19 and text[:10] == day else f"{day} 12:00:00"
