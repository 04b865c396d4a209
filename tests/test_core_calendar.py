"""workbook.core.calendar: the one .ics writer (the plan and the mentor pipeline both use it)."""
from __future__ import annotations

import datetime as dt

import icalendar
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import outreach, plan
from workbook.core.calendar import MAX_TEXT, clean_text, ics_stamp, write_calendar

AS_OF = "2026-10-15"


def _events(n: int) -> list[dict]:
    return [{"uid": f"e{k}@test", "day": pd.Timestamp("2026-10-16") + pd.Timedelta(days=k), "summary": f"Step {k}",
             "description": f"Why {k}\n\nTry {k}", "categories": ["networking-give"]} for k in range(n)]


def _parse(raw: bytes) -> list:
    return icalendar.Calendar.from_ical(raw).walk("VEVENT")


@pytest.mark.parametrize("n", [0, 1, 5])
def test_one_all_day_event_per_item_that_parses_back(n):
    events = _parse(write_calendar(_events(n), as_of=AS_OF, name="Plan"))
    assert len(events) == n
    for k, e in enumerate(events):
        day = dt.date(2026, 10, 16) + dt.timedelta(days=k)
        assert e.decoded("DTSTART") == day and e.decoded("DTEND") == day + dt.timedelta(days=1)
        assert str(e["SUMMARY"]) == f"Step {k}" and str(e["DESCRIPTION"]) == f"Why {k}\n\nTry {k}"
        assert str(e["UID"]) == f"e{k}@test" and str(e["TRANSP"]) == "TRANSPARENT"


@pytest.mark.parametrize("as_of, stamp", [
    ("2026-10-15", b"DTSTAMP:20261015T000000Z"),
    ("2026-10-15 23:59", b"DTSTAMP:20261015T000000Z"),  # the day counts, not the hour
    (pd.Timestamp("2027-01-01"), b"DTSTAMP:20270101T000000Z"),
])
def test_the_stamp_comes_from_as_of_not_the_clock(as_of, stamp):
    raw = write_calendar(_events(2), as_of=as_of, name="Plan")
    assert raw.count(stamp) == 2
    assert raw == write_calendar(_events(2), as_of=as_of, name="Plan")  # byte-identical twice
    assert ics_stamp(as_of).tzinfo == dt.timezone.utc


HOSTILE = [
    "Ada\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
    "Lee, Chen; <b>bold</b> \\ back",
    "nul\x00 bell\x07 esc\x1b line\u2028sep",
    "émile 😀 Zoë",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_inside_its_event(text):
    raw = write_calendar([{"uid": "x@test", "day": "2026-10-16", "summary": text, "description": text,
                           "categories": [text]}], as_of=AS_OF, name=text)
    events = _parse(raw)
    assert len(events) == 1  # no injected second event
    lines = raw.split(b"\r\n")  # the text may mention BEGIN:VEVENT, but never as a line of its own
    assert lines.count(b"BEGIN:VEVENT") == 1 and lines.count(b"END:VEVENT") == 1
    assert str(events[0]["SUMMARY"]) == clean_text(text)
    assert str(events[0]["DESCRIPTION"]) == clean_text(text, multiline=True)
    assert not any(ch in str(events[0]["SUMMARY"]) for ch in "\x00\x07\x1b\r\n")


@settings(max_examples=50, deadline=None)
@given(summary=st.text(max_size=200), description=st.text(max_size=200))
def test_any_text_round_trips_cleaned(summary, description):
    raw = write_calendar([{"uid": "p@test", "day": "2026-10-16", "summary": summary, "description": description}],
                         as_of=AS_OF, name="Plan")
    events = _parse(raw)
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == clean_text(summary)
    got = str(events[0].get("DESCRIPTION", ""))
    assert got == clean_text(description, multiline=True)


def test_long_text_is_capped():
    raw = write_calendar([{"uid": "l@test", "day": "2026-10-16", "summary": "x" * (MAX_TEXT + 500)}],
                         as_of=AS_OF, name="Plan")
    assert len(str(_parse(raw)[0]["SUMMARY"])) == MAX_TEXT


@pytest.mark.parametrize("events, message", [
    ([{"uid": "a", "day": "2026-10-16"}, {"uid": "a", "day": "2026-10-17"}], "unique"),
    ([{"uid": "", "day": "2026-10-16"}], "unique"),
    ([{"uid": "a", "day": None}], "day"),
])
def test_bad_events_are_refused(events, message):
    with pytest.raises(ValueError, match=message):
        write_calendar(events, as_of=AS_OF, name="Plan")


def test_both_public_writers_go_through_the_one_writer(monkeypatch):
    import workbook.core.calendar as calendar

    calls = []
    real = calendar.write_calendar

    def spy(events, **kw):
        calls.append(kw["product"])
        return real(events, **kw)

    monkeypatch.setattr("workbook.plan.write_calendar", spy)
    monkeypatch.setattr("workbook.outreach.pipeline.write_calendar", spy)
    p = pd.DataFrame({"step": [1], "category": ["give"], "contact_id": [3], "action": ["Thank Ada"],
                      "reason": ["r"], "message": ["m"], "due": [pd.Timestamp("2026-10-16")]})
    s = pd.DataFrame({"outreach_id": [1], "step": ["follow-up"], "title": ["Follow up"], "due": [pd.Timestamp("2026-10-16")]})
    plan.plan_to_ics(p, as_of=AS_OF)
    outreach.to_ics(s, as_of=AS_OF)
    assert calls == ["weekly plan", "mentor outreach"]


def test_outreach_calendar_without_as_of_is_stamped_by_its_steps_not_the_clock():
    # Behaviour change (issue 21): before, no as_of meant "now" (a different file each run).
    s = pd.DataFrame({"outreach_id": [1, 2], "step": ["follow-up"] * 2, "title": ["A", "B"],
                      "due": pd.to_datetime(["2026-02-09", "2026-02-04"])})
    raw = outreach.to_ics(s)
    assert raw == outreach.to_ics(s) and raw.count(b"DTSTAMP:20260204T000000Z") == 2
