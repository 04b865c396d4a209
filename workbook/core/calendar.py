"""The one iCalendar writer: all-day events that import into any calendar.

The weekly plan (:func:`workbook.plan.plan_to_ics`) and the mentor pipeline
(:func:`workbook.outreach.to_ics`) both hand their steps here as plain event dicts.

Rules that keep exports safe and reproducible:

- every event is an all-day, transparent (free-time) event on one day;
- ``DTSTAMP`` comes from ``as_of`` (midnight UTC), never the wall clock, so the same steps
  on the same day give byte-identical files, and stable UIDs let a re-import update events
  instead of duplicating them;
- text from data is untrusted: control characters (but newlines in descriptions) are dropped,
  and ``icalendar`` escapes commas, semicolons, backslashes and newlines, so a name cannot
  end a property or start a new event.

>>> ics = write_calendar([{"uid": "a-1@x", "day": "2026-10-16", "summary": "Call Ada; then Bo"}],
...                      as_of="2026-10-15", name="Plan")
>>> b"SUMMARY:Call Ada\\\\; then Bo" in ics and b"DTSTAMP:20261015T000000Z" in ics
True
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

__all__ = ["write_calendar", "clean_text", "ics_stamp"]

#: Product id written into every file (RFC 5545 wants one).
PRODID = "-//Networking Workbook//{product}//EN"
#: Control characters that have no place in a calendar text value (tab and newline are handled apart).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
#: Longest text kept per property: a pasted essay should not make an unreadable event.
MAX_TEXT = 4000


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """Text from data made safe for a calendar property: control characters out, ``\\r\\n`` and
    ``\\r`` as newlines (kept only when ``multiline``, else spaces), at most :data:`MAX_TEXT` characters.

    >>> clean_text("Ada\\r\\nBEGIN:VEVENT\\x00")
    'Ada BEGIN:VEVENT'
    >>> clean_text("why\\r\\ntry", multiline=True)
    'why\\ntry'
    """
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    return text[:MAX_TEXT].strip()


def ics_stamp(as_of: Any) -> dt.datetime:
    """The ``DTSTAMP`` of a file written on ``as_of``: that day's midnight, in UTC.

    >>> ics_stamp("2026-10-15 17:30").isoformat()
    '2026-10-15T00:00:00+00:00'
    """
    day = pd.Timestamp(as_of).normalize()
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    when = pd.Timestamp(value)
    if pd.isna(when):
        raise ValueError("Every calendar event needs a day.")
    return when.date()


def write_calendar(events: Iterable[Mapping[str, Any]], *, as_of: Any, name: str,
                   product: str = "networking workbook") -> bytes:
    """An iCalendar file with one all-day event per item of ``events``.

    Each event is a mapping with ``uid`` (stable, unique), ``day`` (date-like), ``summary`` and
    optionally ``description`` (may hold newlines) and ``categories`` (a list of words).
    ``as_of`` stamps the file (see :func:`ics_stamp`); ``name`` is the calendar's display name.
    Duplicate UIDs are refused: a calendar would silently keep only one of them.

    >>> raw = write_calendar([], as_of="2026-10-15", name="Empty")
    >>> raw.startswith(b"BEGIN:VCALENDAR") and b"VEVENT" not in raw
    True
    """
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID.format(product=clean_text(product)))
    cal.add("version", "2.0")
    cal.add("x-wr-calname", clean_text(name))
    stamp = ics_stamp(as_of)
    seen: set[str] = set()
    for item in events:
        uid = clean_text(item["uid"])
        if not uid or uid in seen:
            raise ValueError(f"Calendar event UIDs must be unique and not blank (got {uid!r}).")
        seen.add(uid)
        day = _day(item["day"])
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", clean_text(item.get("summary", "")))
        description = clean_text(item.get("description", ""), multiline=True)
        if description:
            event.add("description", description)
        categories = [clean_text(c) for c in item.get("categories") or () if clean_text(c)]
        if categories:
            event.add("categories", categories)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
