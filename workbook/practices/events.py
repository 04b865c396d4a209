"""Events and conferences as a loop: prepare before, log who you met after, follow up within 48 hours.

Pure: DataFrames (as ``workbook.store`` hands them out) and plain values in, DataFrames and
Markdown sentences out; ``as_of`` explicit, inputs never mutated.

**Before.** :func:`read_calendar` turns an ``.ics`` file's bytes into rows of upcoming events (UID
kept, so a re-import adds nothing). :func:`who_is_likely_there` is a rule with a reason per person,
summing evidence (a person is likely there at a score of :data:`LIKELY_SCORE` or more):

=========================================================  ======
evidence                                                    points
=========================================================  ======
an event or community tag shares a topic word of the title  3
``how_met`` names a similar event (shares a topic word)     2
their company is named in the event's title or location     2
they live in the event's city                               1
their title or industry shares a topic word of the title    1
=========================================================  ======

Topic words are the title's content words (stemmed, as mentor outreach reads goals) without
places, years and words every event has ("meetup", "conference", "day"); a word of four letters or
more also meets a compound that contains it ("product" and "ProductTank"). :func:`whom_to_meet`
lists the people the person planned to meet, then suggests likely-there people ranked by how well
they cover the person's active goals (:func:`workbook.outreach.match_expertise`).
:func:`event_openers` takes three openers from common ground
(:func:`workbook.common_ground.suggest_starters`) for the people to meet.

**After.** :func:`event_follow_ups`: everyone met at a past event with no exchange since the event
day, due :data:`~workbook.schema.EVENT_FOLLOW_UP_HOURS` hours after it. :func:`event_outcomes`: per
past event, people met, followed up and still in touch now (followed up, and a tie strength of at
least :data:`IN_TOUCH_STRENGTH` today, :func:`workbook.ties.measure_ties`).

>>> ev = pd.DataFrame({"event_id": [1], "title": ["EdTech Breakfast"], "starts_on": pd.to_datetime(["2026-10-14"]),
...                    "ends_on": pd.to_datetime([None])})
>>> people = pd.DataFrame({"event_id": [1], "contact_id": [7], "role": ["met"]})
>>> c = pd.DataFrame({"contact_id": [7], "full_name": ["Ana"]})
>>> i = pd.DataFrame({"contact_id": [7], "date": pd.to_datetime(["2026-10-14"])})
>>> f = event_follow_ups(ev, people, i, c, as_of="2026-10-15")
>>> f[["full_name", "due", "overdue"]].values.tolist()
[['Ana', Timestamp('2026-10-16 00:00:00'), False]]
"""
from __future__ import annotations

import datetime as dt
import re
import zlib
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import schema
from ..common_ground import suggest_starters
from ..core.calendar import clean_text
from ..core.dates import parse_date
from ..core.text import city_key, company_key, name_key
from ..outreach import FIELD_LABELS, goal_needs, match_expertise, score_expertise, stem, tokenize

__all__ = ["CALENDAR_COLUMNS", "IN_TOUCH_STRENGTH", "LIKELY_SCORE", "MAX_CALENDAR_BYTES", "Calendar", "EventPlan",
           "describe_events", "describe_plans", "describe_follow_ups", "describe_outcomes", "describe_upcoming", "event_day",
           "event_follow_ups", "event_openers", "event_outcomes", "plan_events", "read_calendar", "split_events",
           "suggest_event_goal", "who_is_likely_there", "whom_to_meet"]

#: The largest calendar file read at once (a year of a busy calendar is well under 1 MB).
MAX_CALENDAR_BYTES = 5 * 1024 * 1024
#: Columns of the rows :func:`read_calendar` returns (the ``events`` table's, less what the person adds).
CALENDAR_COLUMNS = ["title", "starts_on", "ends_on", "location", "url", "notes", "uid"]
#: Points from which a contact is "likely there" (see the module docstring).
LIKELY_SCORE = 2
#: Tie strength from which someone met at an event counts as still in touch (a few months' exchange).
IN_TOUCH_STRENGTH = 0.35
_WEIGHTS = {"tag": 3, "how_met": 2, "company": 2, "city": 1, "work": 1}
#: Words nearly every event title has: they say nothing about who goes.
_GENERIC = frozenset(stem(w) for w in (
    "meetup meetups meet conference conf summit camp day days week forum breakfast lunch dinner club group network "
    "event events workshop festival night session sessions annual international national global uk north south east "
    "west circle collective roundtable unconference expo congress symposium talk talks drinks social edition live "
    "online virtual community hub series").split())
_MARKDOWN = re.compile(r"([\\`*_\[\]#|~$])")


def _md(value: Any) -> str:
    # The chapters' escaping rule (workbook.narrative.text.md), which this layer may not import.
    import html

    text = "" if value is None or (isinstance(value, float) and value != value) else " ".join(str(value).split())
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def _long(when: Any) -> str:
    d = pd.Timestamp(when)
    return f"{d.day} {d:%B %Y}"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{int(n):,} {one if int(n) == 1 else (many or one + 's')}"


# ----------------------------------------------------------------------------- the calendar file


class Calendar(NamedTuple):
    """What :func:`read_calendar` found: ``events`` (upcoming, :data:`CALENDAR_COLUMNS`), and how many
    were left out as ``past``, ``cancelled`` or ``unreadable``."""

    events: pd.DataFrame
    past: int
    cancelled: int
    unreadable: int


def _decode(data: bytes, name: str) -> str:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValueError("The calendar must be given as the file's bytes.")
    data = bytes(data)
    if not data.strip():
        raise ValueError(f"{name} is empty.")
    if len(data) > MAX_CALENDAR_BYTES:
        raise ValueError(f"{name} is {len(data) / 1048576:,.1f} MB; a calendar file of at most "
                         f"{MAX_CALENDAR_BYTES // 1048576} MB can be read (export a shorter date range).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older Outlook exports; never fails
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise ValueError(f"{name} is not a calendar file (.ics): it does not start with BEGIN:VCALENDAR.")
    return text


def _day_of(prop: Any) -> pd.Timestamp | None:
    when = getattr(prop, "dt", None)
    if when is None:
        return None
    day = when.date() if hasattr(when, "date") and callable(when.date) else when
    return pd.Timestamp(parse_date(day, field="event date"))


def _event_row(ev: Any) -> dict[str, Any] | None:
    start = _day_of(ev.get("DTSTART"))
    if start is None:
        return None
    end = _day_of(ev.get("DTEND"))
    if end is not None and not isinstance(ev.get("DTSTART").dt, dt.datetime):
        end = end - pd.Timedelta(days=1)  # an all-day DTEND is the day after the last one
    title = clean_text(ev.get("SUMMARY"))[:300] or "Untitled event"
    uid = clean_text(ev.get("UID"))[:300]
    rid = ev.get("RECURRENCE-ID")
    if rid is not None and getattr(rid, "dt", None) is not None:
        uid = f"{uid}/{rid.dt}"
    if not uid:  # no UID: one of the title and date, so the same file still adds nothing twice
        uid = f"nouid-{zlib.crc32(f'{title}|{start.date()}'.encode()):08x}"
    return {"title": title, "starts_on": start, "ends_on": end if end is not None and end > start else pd.NaT,
            "location": clean_text(ev.get("LOCATION"))[:300], "url": clean_text(ev.get("URL"))[:1000],
            "notes": clean_text(ev.get("DESCRIPTION"), multiline=True)[:2000], "uid": uid,
            "status": str(ev.get("STATUS") or "").upper()}


def read_calendar(data: bytes, *, as_of: Any, name: str = "The calendar file") -> Calendar:
    """The upcoming events (on or after ``as_of``) of an ``.ics`` file; a broken file raises
    ``ValueError`` with a plain sentence. Cancelled and past events are counted, not returned.

    >>> ics = (b"BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:a1\\r\\nSUMMARY:PyData\\r\\nDTSTART;VALUE=DATE:20261101\\r\\n"
    ...        b"END:VEVENT\\r\\nBEGIN:VEVENT\\r\\nUID:a0\\r\\nSUMMARY:Old\\r\\nDTSTART;VALUE=DATE:20250101\\r\\n"
    ...        b"END:VEVENT\\r\\nEND:VCALENDAR\\r\\n")
    >>> cal = read_calendar(ics, as_of="2026-10-15"); cal.events[["title", "uid"]].values.tolist(), cal.past
    ([['PyData', 'a1']], 1)
    """
    import icalendar

    text = _decode(data, name)
    try:
        cal = icalendar.Calendar.from_ical(text)
    except Exception as exc:  # noqa: BLE001 - any parse failure means the file is refused, in words
        raise ValueError(f"{name} could not be read as a calendar ({str(exc)[:100]}). "
                         "Export it again from your calendar app as .ics.") from None
    today = pd.Timestamp(as_of).normalize()
    rows, past, cancelled, unreadable = [], 0, 0, 0
    for ev in cal.walk("VEVENT"):
        try:
            row = _event_row(ev)
        except (ValueError, TypeError, AttributeError):
            row = None
        if row is None:
            unreadable += 1
        elif row.pop("status") == "CANCELLED":
            cancelled += 1
        elif max(row["starts_on"], row["ends_on"] if pd.notna(row["ends_on"]) else row["starts_on"]) < today:
            past += 1
        else:
            rows.append(row)
    frame = pd.DataFrame(rows, columns=CALENDAR_COLUMNS)
    frame = frame.drop_duplicates("uid").sort_values(["starts_on", "title"], kind="stable").reset_index(drop=True)
    return Calendar(frame.astype({"starts_on": "datetime64[ns]", "ends_on": "datetime64[ns]"}), past, cancelled,
                    unreadable)


# ----------------------------------------------------------------------------- before: who is there


def event_day(events: pd.DataFrame) -> pd.Series:
    """The day an event ends (its last day; the start for a one-day event), as datetimes."""
    start = pd.to_datetime(events["starts_on"])
    return pd.to_datetime(events["ends_on"]).fillna(start) if "ends_on" in events else start


def split_events(events: pd.DataFrame, *, as_of: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(upcoming, past): upcoming end on or after ``as_of`` (soonest first), past started on or before
    it (latest first). An event today is in both: prepare in the morning, log who you met at night."""
    today = pd.Timestamp(as_of).normalize()
    start = pd.to_datetime(events["starts_on"])
    upcoming = events.loc[(event_day(events) >= today).to_numpy()].sort_values("starts_on", kind="stable")
    past = events.loc[(start <= today).to_numpy()].sort_values("starts_on", ascending=False, kind="stable")
    return upcoming.reset_index(drop=True), past.reset_index(drop=True)


def _topic_words(text: Any, places: frozenset[str] = frozenset()) -> set[str]:
    return {w for w in tokenize(text) if w not in _GENERIC and w not in places and not w.isdigit() and len(w) > 1}


def _meets(words: set[str], wanted: set[str]) -> bool:
    if words & wanted:
        return True
    return any(len(a) >= 4 and len(b) >= 4 and (a in b or b in a) for a in words for b in wanted)


def _matching(values: pd.Series, wanted: set[str], places: frozenset[str]) -> np.ndarray:
    """Which values share a topic word with ``wanted`` (each distinct text tokenised once)."""
    texts = values.fillna("").astype(str)
    distinct = pd.unique(texts)
    hit = {t: bool(t) and _meets(_topic_words(t, places), wanted) for t in distinct}
    return texts.map(hit).to_numpy(dtype=bool)


def _in_words(keys: pd.Series, haystack: str) -> np.ndarray:
    """Whether each key (a name key) appears as whole words in ``haystack`` (a name key)."""
    padded = f" {haystack} "
    distinct = pd.unique(keys)
    hit = {k: bool(k) and f" {k} " in padded for k in distinct}
    return keys.map(hit).to_numpy(dtype=bool)


def _evidence(event: pd.Series, contacts: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """Long frame (contact_id, kind, reason) of every piece of evidence for one event."""
    cities = frozenset(w for k in pd.unique(contacts["location"].fillna("").astype(str).map(city_key))
                       for w in tokenize(k)) if "location" in contacts else frozenset()
    place_text = name_key(f"{event.get('title', '')} {event.get('location', '')}")
    wanted = _topic_words(event.get("title", ""), cities)
    ids = contacts["contact_id"].astype("int64")
    parts = []
    if len(tags) and wanted:
        t = tags.loc[(tags["owner"] == "contact").to_numpy() & tags["kind"].isin(["event", "community"]).to_numpy()]
        t = t.loc[_matching(t["text"], wanted, cities) & t["contact_id"].isin(ids).to_numpy()]
        verb = np.where(t["kind"].to_numpy() == "event", "went to ", "is in ")
        parts.append(pd.DataFrame({"contact_id": t["contact_id"].astype("int64").to_numpy(), "kind": "tag",
                                   "reason": verb + t["text"].astype(str).to_numpy()}))

    def add(kind: str, mask: np.ndarray, reasons: pd.Series) -> None:
        parts.append(pd.DataFrame({"contact_id": ids.to_numpy()[mask], "kind": kind,
                                   "reason": reasons.astype(str).to_numpy()[mask]}))

    if wanted and "how_met" in contacts:
        add("how_met", _matching(contacts["how_met"], wanted, cities), "you met at " + contacts["how_met"].astype(str))
    if "company" in contacts:
        keys = contacts["company"].fillna("").astype(str).map(company_key)
        add("company", _in_words(keys, place_text), "works at " + contacts["company"].astype(str))
    if "location" in contacts:
        where = contacts["location"].fillna("").astype(str)
        add("city", _in_words(where.map(city_key), place_text), "lives in " + where.str.split(",").str[0])
    if wanted and "position" in contacts:
        industry = contacts["industry"] if "industry" in contacts else pd.Series("", index=contacts.index)
        work = contacts["position"].fillna("").astype(str) + " " + industry.fillna("").astype(str)
        add("work", _matching(work, wanted, cities), "works as " + contacts["position"].fillna("").astype(str))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["contact_id", "kind", "reason"])


def who_is_likely_there(events: pd.DataFrame, contacts: pd.DataFrame, tags: pd.DataFrame, *,
                        ties: pd.DataFrame | None = None, top: int = 8) -> pd.DataFrame:
    """Per event, the contacts likely there (score at least :data:`LIKELY_SCORE`), best first, with a reason.

    Columns: event_id, contact_id, full_name, score, reason. Ties (closer people first) break equal scores.

    >>> ev = pd.DataFrame({"event_id": [1], "title": ["ProductTank Manchester"], "location": ["Manchester"]})
    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Bo"], "company": "", "how_met": "",
    ...                   "location": ["Manchester, UK", "Leeds"], "position": ["Product Manager", "Chef"]})
    >>> t = pd.DataFrame({"owner": ["contact"], "contact_id": [2], "kind": ["community"], "text": ["Product Guild"]})
    >>> who_is_likely_there(ev, c, t)[["full_name", "score", "reason"]].values.tolist()
    [['Bo', 3, 'is in Product Guild'], ['Ana', 2, 'lives in Manchester; works as Product Manager']]
    """
    columns = ["event_id", "contact_id", "full_name", "score", "reason"]
    names = contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"]
    strength = (ties["tie_strength"] if ties is not None and len(ties) else pd.Series(dtype="float64"))
    out = []
    for event in events.to_dict("records"):  # a few events; each is vectorised over the contacts
        found = _evidence(pd.Series(event), contacts, tags)
        if found.empty:
            continue
        first = found.drop_duplicates(["contact_id", "kind"])
        order = {k: i for i, k in enumerate(_WEIGHTS)}
        first = first.assign(points=first["kind"].map(_WEIGHTS), _o=first["kind"].map(order))
        first = first.sort_values(["contact_id", "_o"], kind="stable")
        per = first.groupby("contact_id").agg(score=("points", "sum"), reason=("reason", "; ".join))
        per = per.loc[per["score"] >= LIKELY_SCORE].reset_index()
        per = per.assign(event_id=int(event["event_id"]), full_name=per["contact_id"].map(names),
                         _tie=per["contact_id"].map(strength).fillna(0.0))
        per = per.sort_values(["score", "_tie", "full_name"], ascending=[False, False, True], kind="stable")
        out.append(per.head(int(top))[columns])
    if not out:
        return pd.DataFrame(columns=columns).astype({"event_id": "int64", "contact_id": "int64", "score": "int64"})
    return pd.concat(out, ignore_index=True).astype({"event_id": "int64", "contact_id": "int64", "score": "int64"})


def whom_to_meet(event_id: int, event_people: pd.DataFrame, likely: pd.DataFrame, contacts: pd.DataFrame,
                 tags: pd.DataFrame, goals: pd.DataFrame, *, top: int = 3) -> pd.DataFrame:
    """The people planned for an event (role ``to meet``), then up to ``top`` likely-there people
    suggested by how well they cover the person's active goals.

    Columns: contact_id, full_name, kind ('planned' | 'suggested'), reason, expertise (0-1).
    """
    columns = ["contact_id", "full_name", "kind", "reason", "expertise"]
    eid = int(event_id)
    names = contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"]
    planned = event_people.loc[(event_people["event_id"] == eid).to_numpy() & (event_people["role"] == "to meet").to_numpy()]
    planned = planned.loc[planned["contact_id"].isin(names.index).to_numpy()]
    rows = [{"contact_id": int(c), "full_name": names[int(c)], "kind": "planned", "expertise": np.nan,
             "reason": str(n).strip() or "you planned to meet them"} for c, n in zip(planned["contact_id"], planned["note"])]
    pool = likely.loc[(likely["event_id"] == eid).to_numpy() & ~likely["contact_id"].isin(planned["contact_id"]).to_numpy()]
    active = goals.loc[(goals["status"] == "active").to_numpy()] if len(goals) else goals
    needs = goal_needs(active) if len(active) else pd.DataFrame(columns=["goal_id", "title", "need"])
    if len(pool) and len(needs):
        people = contacts.loc[contacts["contact_id"].isin(pool["contact_id"]).to_numpy()]
        m = match_expertise(list(dict.fromkeys(needs["need"])), people, tags)
        fit = score_expertise(m, needs["need"].nunique())
        best = m.sort_values("coverage", ascending=False, kind="stable").drop_duplicates("contact_id").set_index("contact_id")
        title_of = dict(zip(needs["need"], needs["title"]))
        pool = pool.assign(expertise=pool["contact_id"].map(fit).fillna(0.0))
        pool = pool.loc[pool["expertise"] > 0].sort_values(["expertise", "score"], ascending=False, kind="stable")
        for r in pool.head(int(top)).itertuples(index=False):
            b = best.loc[r.contact_id]
            rows.append({"contact_id": int(r.contact_id), "full_name": r.full_name, "kind": "suggested",
                         "expertise": round(float(r.expertise), 3),
                         "reason": f"fits your goal “{title_of.get(b['need'], b['need'])}”: their "
                                   f"{FIELD_LABELS.get(b['field'], b['field'])} “{b['evidence']}” matches "
                                   f"{b['need']}; likely there: {r.reason}"})
    elif len(pool):
        for r in pool.head(int(top)).itertuples(index=False):
            rows.append({"contact_id": int(r.contact_id), "full_name": r.full_name, "kind": "suggested",
                         "expertise": np.nan, "reason": f"likely there: {r.reason} (add a goal to rank these)"})
    return pd.DataFrame(rows, columns=columns).astype({"contact_id": "int64", "expertise": "float64"})


def suggest_event_goal(event: pd.Series | dict, meet: pd.DataFrame, goals: pd.DataFrame) -> str:
    """The event's goal: the one the person set, else one built from whom to meet and their goals.

    >>> suggest_event_goal({"goal": ""}, pd.DataFrame(columns=["full_name"]), pd.DataFrame(columns=["title"]))
    'Meet two new people and follow up with each within 48 hours.'
    """
    own = str(event.get("goal", "") or "").strip()
    if own:
        return own
    names = [str(n) for n in meet["full_name"].head(2)]
    active = goals.loc[(goals["status"] == "active").to_numpy(), "title"] if "status" in goals else goals["title"]
    aim = f" about “{active.iloc[0]}”" if len(active) else ""
    if names:
        return f"Talk with {' and '.join(names)}{aim}, and follow up within 48 hours."
    if aim:
        return f"Meet two people who can help{aim}, and follow up within 48 hours."
    return "Meet two new people and follow up with each within 48 hours."


_EVENT_OPENERS = ("What brought you to {title}?",
                  "Which talk or conversation at {title} has been most useful for you so far?",
                  "What are you working on at the moment that you'd like to meet people about?")


def event_openers(meet: pd.DataFrame, contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                  interactions: pd.DataFrame, *, as_of: Any, title: str, n: int = 3) -> pd.DataFrame:
    """``n`` openers for an event: one from common ground for each person to meet in turn (what you
    share first, then your last exchange, then what they care about), then questions about the event.

    Columns: contact_id (Int64, <NA> for an event question), full_name, kind, text.
    """
    rows: list[dict[str, Any]] = []
    known = set(contacts["contact_id"].astype("int64"))
    for cid, name in zip(meet["contact_id"], meet["full_name"]):
        if len(rows) >= n or int(cid) not in known:
            continue
        s = suggest_starters(contacts, tags, profile, interactions, int(cid), as_of=as_of, n=3)
        good = s.loc[s["kind"].isin(["shared", "recent", "theirs"]).to_numpy()]
        good = good.assign(_r=good["kind"].map({"shared": 0, "recent": 1, "theirs": 2})).sort_values("_r", kind="stable")
        if len(good):
            rows.append({"contact_id": int(cid), "full_name": name, "kind": good["kind"].iloc[0],
                         "text": f"With {name}: {good['text'].iloc[0]}"})
    for template in _EVENT_OPENERS:
        if len(rows) >= n:
            break
        rows.append({"contact_id": None, "full_name": "", "kind": "event", "text": template.format(title=title)})
    frame = pd.DataFrame(rows, columns=["contact_id", "full_name", "kind", "text"])
    return frame.astype({"contact_id": "Int64"})


class EventPlan(NamedTuple):
    """One upcoming event's preparation: whom to meet (:func:`whom_to_meet`), the goal and three openers."""

    meet: pd.DataFrame
    goal: str
    openers: pd.DataFrame


def plan_events(upcoming: pd.DataFrame, likely: pd.DataFrame, event_people: pd.DataFrame, contacts: pd.DataFrame,
                tags: pd.DataFrame, goals: pd.DataFrame, profile: pd.DataFrame | None, interactions: pd.DataFrame, *,
                as_of: Any, top: int = 4) -> dict[int, EventPlan]:
    """:class:`EventPlan` of each of the first ``top`` upcoming events, by event id."""
    plans = {}
    for event in upcoming.head(int(top)).to_dict("records"):
        meet = whom_to_meet(event["event_id"], event_people, likely, contacts, tags, goals)
        openers = event_openers(meet, contacts, tags, profile, interactions, as_of=as_of, title=str(event["title"]))
        plans[int(event["event_id"])] = EventPlan(meet, suggest_event_goal(event, meet, goals), openers)
    return plans


# ----------------------------------------------------------------------------- after: follow-ups and outcomes


def _met_at_past(events: pd.DataFrame, event_people: pd.DataFrame, today: pd.Timestamp) -> pd.DataFrame:
    ev = events.assign(day=event_day(events))
    ev = ev.loc[(pd.to_datetime(ev["starts_on"]) <= today).to_numpy()]
    met = event_people.loc[(event_people["role"] == "met").to_numpy(), ["event_id", "contact_id"]]
    return met.merge(ev[["event_id", "title", "day"]], on="event_id").astype({"contact_id": "int64"})


def _last_after(met: pd.DataFrame, interactions: pd.DataFrame, today: pd.Timestamp) -> pd.Series:
    """Per (event, person) row of ``met``: the last exchange after the event day and by today (NaT if none)."""
    inter = interactions.loc[interactions["contact_id"].isin(met["contact_id"]).to_numpy(), ["contact_id", "date"]]
    inter = inter.assign(date=pd.to_datetime(inter["date"]))
    inter = inter.loc[(inter["date"] <= today).to_numpy()]
    pairs = met.reset_index()[["index", "contact_id", "day"]].merge(inter, on="contact_id")
    pairs = pairs.loc[(pairs["date"] > pairs["day"]).to_numpy()]
    return pairs.groupby("index")["date"].max().reindex(range(len(met)))


def event_follow_ups(events: pd.DataFrame, event_people: pd.DataFrame, interactions: pd.DataFrame,
                     contacts: pd.DataFrame, *, as_of: Any, within_days: int | None = 30) -> pd.DataFrame:
    """One row per person met at a past event with no exchange after the event day: a follow-up due
    :data:`~workbook.schema.EVENT_FOLLOW_UP_HOURS` hours after the event day (its last day, at midnight).

    ``as_of`` may carry a time of day (due at 47 hours, overdue at 49). Events whose day is more than
    ``within_days`` before ``as_of`` are left out (None keeps them all): by then the person's
    relationship health, not the event, says when to write. Archived contacts are left out.

    Columns: contact_id, full_name, event_id, event_title, due (datetime), overdue (bool), reason
    (a sentence), event_day. Soonest due first.
    """
    columns = ["contact_id", "full_name", "event_id", "event_title", "due", "overdue", "reason", "event_day"]
    now = pd.Timestamp(as_of)
    today = now.normalize()
    met = _met_at_past(events, event_people, today).reset_index(drop=True)
    if within_days is not None:
        met = met.loc[(met["day"] >= today - pd.Timedelta(days=int(within_days))).to_numpy()].reset_index(drop=True)
    met = met.loc[_last_after(met, interactions, today).isna().to_numpy()]
    names = contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"]
    met = met.loc[met["contact_id"].isin(names.index).to_numpy()]
    due = met["day"] + pd.Timedelta(hours=schema.EVENT_FOLLOW_UP_HOURS)
    out = pd.DataFrame({"contact_id": met["contact_id"].to_numpy(), "full_name": met["contact_id"].map(names).to_numpy(),
                        "event_id": met["event_id"].astype("int64").to_numpy(), "event_title": met["title"].to_numpy(),
                        "due": due.to_numpy(), "overdue": (now > due).to_numpy(), "reason": "",
                        "event_day": met["day"].to_numpy()}, columns=columns)
    out["reason"] = [_follow_up_reason(r) for r in out.itertuples(index=False)]
    out = out.sort_values(["due", "full_name"], kind="stable").reset_index(drop=True)
    return out.astype({"contact_id": "int64", "event_id": "int64", "overdue": "bool",
                       "due": "datetime64[ns]", "event_day": "datetime64[ns]"})


def _follow_up_reason(r: Any) -> str:
    met = f"You met {r.full_name} at {r.event_title} on {_long(r.event_day)}"
    if r.overdue:
        return (f"{met} and have not been in touch since; the {schema.EVENT_FOLLOW_UP_HOURS}-hour window closed on "
                f"{_long(r.due)}, but a short note naming what you talked about still helps.")
    return f"{met}: a short note by {_long(r.due)}, naming what you talked about, keeps the conversation going."


def event_outcomes(events: pd.DataFrame, event_people: pd.DataFrame, interactions: pd.DataFrame,
                   ties: pd.DataFrame, contacts: pd.DataFrame, *, as_of: Any) -> pd.DataFrame:
    """Per past event (oldest first): how many people were met, followed up (an exchange after the
    event day) and are still in touch now (followed up, and a tie strength of at least
    :data:`IN_TOUCH_STRENGTH` today), so each count is part of the one before.

    Columns: event_id, title, day, met, followed_up, in_touch (ints), met_names, followed_names,
    in_touch_names (';'-joined, for hovers), window_open (the 48 hours to follow up are not over yet).
    """
    today = pd.Timestamp(as_of).normalize()
    ev = events.loc[(pd.to_datetime(events["starts_on"]) <= today).to_numpy()]
    met = _met_at_past(events, event_people, today).reset_index(drop=True)
    names = contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"]
    met = met.loc[met["contact_id"].isin(names.index).to_numpy()].reset_index(drop=True)
    strength = ties["tie_strength"] if len(ties) else pd.Series(dtype="float64")
    met = met.assign(name=met["contact_id"].map(names).astype(str),
                     followed=_last_after(met, interactions, today).notna().to_numpy(),
                     strength=met["contact_id"].map(strength).fillna(0.0).to_numpy())
    met["in_touch"] = met["followed"] & (met["strength"] >= IN_TOUCH_STRENGTH)
    join = lambda s: ";".join(sorted(s))  # noqa: E731
    per = met.groupby("event_id").agg(met=("contact_id", "size"), followed_up=("followed", "sum"),
                                      in_touch=("in_touch", "sum"), met_names=("name", join))
    per["followed_names"] = met.loc[met["followed"]].groupby("event_id")["name"].agg(join)
    per["in_touch_names"] = met.loc[met["in_touch"]].groupby("event_id")["name"].agg(join)
    out = ev[["event_id", "title"]].assign(day=event_day(ev)).merge(per.reset_index(), on="event_id", how="left")
    out["window_open"] = (out["day"] + pd.Timedelta(hours=schema.EVENT_FOLLOW_UP_HOURS)) >= pd.Timestamp(as_of)
    counts = ["met", "followed_up", "in_touch"]
    out[counts] = out[counts].fillna(0).astype("int64")
    for col in ("met_names", "followed_names", "in_touch_names"):
        out[col] = out[col].fillna("").astype(object)
    return out.sort_values(["day", "event_id"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------- sentences (Markdown)


def describe_events(events: pd.DataFrame, *, as_of: Any) -> str:
    """One paragraph: how many events the workbook holds, and what to do next."""
    upcoming, past = split_events(events, as_of=as_of)
    if events.empty:
        return ("Your workbook holds no events yet. Add one you plan to go to on the **Events** page, or upload "
                "your calendar there as an .ics file: the workbook keeps the events still to come.")
    parts = [f"Your workbook holds {_count(len(events), 'event')}: {len(upcoming):,} upcoming and "
             f"{_count(len(past), 'past event')}."]
    if len(upcoming):
        nxt = upcoming.iloc[0]
        parts.append(f"The next is **{_md(nxt['title'])}** on {_long(nxt['starts_on'])}"
                     + (f" ({_md(nxt['location'])})." if str(nxt.get("location", "") or "").strip() else "."))
    else:
        parts.append("Nothing is planned: pick one event for the coming month and add it.")
    return " ".join(parts)


def describe_upcoming(event: pd.Series | dict, likely: pd.DataFrame, meet: pd.DataFrame, goal: str) -> str:
    """A paragraph on one upcoming event: who is likely there, whom to meet, the goal."""
    eid = int(event["event_id"])
    here = likely.loc[(likely["event_id"] == eid).to_numpy()]
    head = f"For **{_md(event['title'])}** on {_long(event['starts_on'])}"
    if here.empty:
        who = ("nobody in your workbook looks likely to be there yet (tag people's communities and events, or "
               "say how you met them, and the workbook can tell)")
    else:
        first = here.iloc[0]
        who = (f"{_count(len(here), 'person', 'people')} you know may be there, most likely "
               f"{_md(first['full_name'])} ({_md(first['reason'])})")
    planned = meet.loc[(meet["kind"] == "planned").to_numpy(), "full_name"]
    suggested = meet.loc[(meet["kind"] == "suggested").to_numpy(), "full_name"]
    plan = (f" You plan to meet {', '.join(map(_md, planned))}." if len(planned) else "")
    if len(suggested):
        plan += f" For your goals, look out for {', '.join(map(_md, suggested))}."
    goal = str(goal).strip()
    return f"{head}, {who}.{plan} Your goal: {_md(goal)}{'' if goal[-1:] in '.!?' else '.'}"


def describe_plans(upcoming: pd.DataFrame, likely: pd.DataFrame, plans: dict[int, EventPlan]) -> str:
    """Markdown for each planned upcoming event: who is likely there, whom to meet, the goal, three openers."""
    if upcoming.empty or not plans:
        return ("Nothing is coming up yet. Add an event you plan to go to, and this part says who you know is "
                "likely there, whom to meet for your goals, and three ways to open a conversation.")
    parts = []
    for event in upcoming.loc[upcoming["event_id"].isin(list(plans)).to_numpy()].to_dict("records"):
        plan = plans[int(event["event_id"])]
        openers = "\n".join(f"- {_md(t)}" for t in plan.openers["text"])
        parts.append(f"{describe_upcoming(event, likely, plan.meet, plan.goal)}\n\nThree openers:\n\n{openers}")
    return "\n\n".join(parts)


def describe_follow_ups(follow_ups: pd.DataFrame) -> str:
    """A paragraph on the follow-ups due after events."""
    if follow_ups.empty:
        return ("No follow-ups after events are waiting. After your next event, log who you met the same day: "
                f"each gets a follow-up due {schema.EVENT_FOLLOW_UP_HOURS} hours later, here and in your weekly plan.")
    late = int(follow_ups["overdue"].sum())
    first = follow_ups.iloc[0]
    text = (f"{_count(len(follow_ups), 'follow-up')} after events {'is' if len(follow_ups) == 1 else 'are'} "
            f"waiting. The first: {_md(first['reason'])}")
    if late:
        text += f" {_count(late, 'follow-up')} {'is' if late == 1 else 'are'} past the 48-hour window."
    return text


def describe_outcomes(outcomes: pd.DataFrame) -> str:
    """A paragraph on what came of past events (the chart's finding, in words)."""
    if outcomes.empty:
        return "No past events yet: once you have been to one and logged who you met, this shows what came of it."
    met, followed, touch = (int(outcomes[c].sum()) for c in ("met", "followed_up", "in_touch"))
    if met == 0:
        return (f"You have {_count(len(outcomes), 'past event')} but logged nobody you met there: log the people "
                "you met (the **Events** page) so the workbook can remind you to follow up.")
    best = outcomes.sort_values(["in_touch", "met"], ascending=False, kind="stable").iloc[0]
    return (f"At {_count((outcomes['met'] > 0).sum(), 'event')} you met {_count(met, 'person', 'people')}; "
            f"{followed} heard from you again after the day and {touch} {'is' if touch == 1 else 'are'} still in touch "
            f"(tie strength {IN_TOUCH_STRENGTH} or more). The most lasting so far: **{_md(best['title'])}** "
            f"({best['in_touch']} of {best['met']} still in touch).")
