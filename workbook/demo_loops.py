"""The demo persona's practice loops (schema 4): events, projects, asks, brand statements, a
measurable goal and dated reflections, so that each chapter shows its loop working.

Pure and deterministic: built from the demo's contacts frame and ``as_of`` (no randomness; the
people are chosen by rule from the contacts, so they stay the same when the generator changes
unrelated columns).

>>> import pandas as pd, numpy as np
>>> people = pd.DataFrame({"id": range(1, 9), "full_name": list("ABCDEFGH"),
...     "position": ["Product Manager", "Data Analyst", "Teacher", "Head of Product", "UX Researcher",
...                  "Operations Manager", "Data Engineer", "Product Designer"],
...     "how_met": ["Product Guild meetup"] * 3 + ["Conference"] * 3 + [""] * 2, "circle": [""] * 8})
>>> f = loop_frames(people, np.datetime64("2026-10-15"))
>>> sorted(f)[:3], len(f["events"]), f["targets"]["metric"].tolist()
(['asks', 'brand_statements', 'event_people'], 4, ['conversations', 'revived ties', 'posts engaged'])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: Columns of each loop table, exactly as the DDL names them (demo.COLUMNS takes these in).
LOOP_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("id", "title", "starts_on", "ends_on", "location", "url", "goal", "notes", "source", "uid",
               "created_at"),
    "event_people": ("id", "event_id", "contact_id", "role", "note"),
    "projects": ("id", "title", "description", "basis", "status", "created_at", "updated_at"),
    "project_people": ("id", "project_id", "contact_id"),
    "project_history": ("id", "project_id", "date", "from_status", "to_status"),
    "asks": ("id", "contact_id", "kind", "direction", "specifics", "status", "asked_on", "answered_on",
             "thanked_on", "notes"),
    "brand_statements": ("id", "core_values", "strengths", "audience", "goals", "statement", "pitch", "at"),
    "targets": ("id", "metric", "n", "per", "started_on", "active"),
    "reflection_history": ("id", "prompt_id", "text", "at"),
}
LOOP_INT = {"event_id", "project_id", "n", "active"}
LOOP_NULLABLE_TEXT = {"ends_on", "answered_on", "thanked_on"}

# (title, day offset, location, goal, notes, [(who, role, note)]) - who names a rule in _PICKS.
_EVENTS = (
    ("Product Guild meetup: roadmaps without the drama", -34, "Manchester Central Library",
     "Meet two product managers who came from outside tech", "Good Q&A on discovery work.",
     (("guild", 0, "met", "Talked about moving from schools into product"),
      ("guild", 1, "met", "Offered to share their first-year PM reading list"),
      ("guild", 2, "met", ""))),
    ("EdTech Breakfast Manchester", -1, "Federation House, Manchester",
     "Find one edtech team that hires career changers", "",
     (("conference", 0, "met", "Runs a pilot with schools in Salford; follow up with the attendance idea"),
      ("conference", 1, "met", "Wants to hear how our schools plan timetables"))),
    ("ProductTank Manchester", 9, "Manchester Technology Centre",
     "Ask two product leads how they run discovery with teachers", "",
     (("product", 0, "to meet", "Head of Product; ask about their discovery rituals"),
      ("product", 1, "to meet", ""))),
    ("UX Camp North", 30, "Leeds", "Practise a five-minute talk on research in schools", "", ()),
)
_PROJECTS = (
    ("Open attendance dashboard for schools", "A small public dashboard of attendance patterns, built with a data "
     "friend, that school leaders can actually use.", "complementary skills: your school operations, their data "
     "analysis", (("data", 0), ("data", 1)), (("idea", -70), ("proposed", -52), ("active", -30))),
    ("Career changers' product reading group", "Six sessions on one product book, for teachers and ops people "
     "moving into product.", "shared interest: product management", (("guild", 0),),
     (("idea", -120), ("proposed", -110), ("active", -95), ("done", -40))),
    ("Beekeeping workshop for staff wellbeing", "An afternoon at the rooftop hives for colleagues.",
     "shared interest: urban beekeeping", (), (("idea", -8),)),
)
# (who, kind, direction, specifics, status, asked, answered, thanked, notes)
_ASKS = (
    ("product", 0, "referral", "made", "Associate Product Manager role on their learning platform team", "given",
     -21, -12, None, "They put my name forward; thank them and say how it went."),
    ("teacher", 0, "recommendation", "made", "A LinkedIn recommendation on running timetabling across six schools",
     "asked", -5, None, None, ""),
    ("ops", 0, "referral", "received", "An introduction to our trust's data lead", "given", -30, -27, -26, ""),
    ("data", 2, "recommendation", "received", "A recommendation for their data course application", "asked", -3,
     None, None, "Write it this week: two concrete examples."),
)
_BRAND = (
    ("curiosity;generosity", "untangling messy processes;teaching", "school leaders", "move into product management",
     "I help school leaders untangle messy processes.", "", -60),
    ("curiosity;generosity;fairness", "untangling messy processes;user research;teaching",
     "edtech product teams", "a product role in education technology",
     "I help edtech product teams turn messy school processes into products teachers trust.",
     "I spent six years teaching science and four running operations for a group of six schools, so I know how "
     "school processes really work, from timetables to attendance. Now I'm moving into product management, and "
     "I'm learning user research and data analysis to do it well. I help edtech product teams turn messy school "
     "processes into products teachers trust. I'm looking for a product role in education technology, and I'd "
     "love to hear how your team works with schools.",
     -14),
)
# The online loop: days (from as_of) the persona commented on a close contact's post since taking up
# the habit (_HABIT_START), one to three a week; the weekly goals; the export's posts and comments.
_HABIT_START = -42
_ENGAGEMENT_DAYS = (-41, -38, -36, -34, -30, -24, -22, -19, -16, -13, -9, -6)
#: (metric, n, per, start offset): six conversations a week is a stretch the demo misses some weeks.
_TARGETS = (("conversations", 6, "week", -56), ("revived ties", 1, "month", -56),
            ("posts engaged", 3, "week", _HABIT_START))
ENGAGEMENT_NOTE = "Commented on a post"  # as workbook.store.brand.log_engagement writes it
# (months before as_of's month, kind, count, words): what the LinkedIn export counted.
_ACTIVITY = ((6, "share", 1, 140), (6, "comment", 2, 61), (5, "comment", 1, 28), (4, "share", 1, 175),
             (4, "comment", 3, 96), (3, "comment", 2, 57), (2, "share", 2, 310), (2, "comment", 5, 164),
             (1, "share", 1, 122), (1, "comment", 7, 230))
_ACTIVITY_SAVED = -14

# Earlier answers of prompts whose latest answer the demo already holds (demo._REFLECTIONS).
_EARLIER_REFLECTIONS = (
    ("map.missing-field", "Most of the people I know are teachers. I should meet more people in tech.", -70),
    ("map.missing-field", "Still mostly schools and operations, but four product people now, from the Guild.", -40),
    ("common.values", "I stay close to people who are generous.", -45),
)


def _picks(contacts: pd.DataFrame) -> dict[str, list[int]]:
    """Contact ids for each role the loops need, chosen by rule (first by id among those that fit)."""
    pos = contacts["position"].fillna("").astype(str)
    how = contacts["how_met"].fillna("").astype(str)

    def ids(mask) -> list[int]:
        return [int(v) for v in contacts.loc[mask, "id"].sort_values()]

    return {"guild": ids(how.eq("Product Guild meetup")), "conference": ids(how.eq("Conference")),
            "product": ids(pos.str.contains("Product") & ~how.eq("Product Guild meetup")),
            "data": ids(pos.str.contains("Data")), "teacher": ids(pos.str.contains("Teacher|Headteacher")),
            "ops": ids(pos.str.contains("Operations"))}


def _pick(picks: dict[str, list[int]], who: str, i: int) -> int | None:
    pool = picks.get(who, [])
    return pool[i] if i < len(pool) else None


def _day(as_of: np.datetime64, offset: int | None) -> str | None:
    return None if offset is None else str(as_of + np.timedelta64(int(offset), "D"))


def _events(as_of: np.datetime64, picks: dict[str, list[int]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    events, people = [], []
    for eid, (title, offset, where, goal, notes, who) in enumerate(_EVENTS, start=1):
        events.append({"id": eid, "title": title, "starts_on": _day(as_of, offset), "ends_on": None, "location": where,
                       "url": "", "goal": goal, "notes": notes, "source": "manual", "uid": "",
                       "created_at": f"{_day(as_of, min(offset, 0) - 14)} 20:00:00"})
        for rule, i, role, note in who:
            cid = _pick(picks, rule, i)
            if cid is not None and not any(p["event_id"] == eid and p["contact_id"] == cid for p in people):
                people.append({"id": len(people) + 1, "event_id": eid, "contact_id": cid, "role": role, "note": note})
    return pd.DataFrame(events), pd.DataFrame(people, columns=LOOP_COLUMNS["event_people"])


def _projects(as_of: np.datetime64, picks: dict[str, list[int]]) -> dict[str, pd.DataFrame]:
    projects, people, history = [], [], []
    for pid, (title, description, basis, who, road) in enumerate(_PROJECTS, start=1):
        projects.append({"id": pid, "title": title, "description": description, "basis": basis,
                         "status": road[-1][0], "created_at": f"{_day(as_of, road[0][1])} 19:30:00",
                         "updated_at": f"{_day(as_of, road[-1][1])} 19:30:00"})
        for rule, i in who:
            cid = _pick(picks, rule, i)
            if cid is not None:
                people.append({"id": len(people) + 1, "project_id": pid, "contact_id": cid})
        for step, (status, offset) in enumerate(road):
            history.append({"id": len(history) + 1, "project_id": pid, "date": f"{_day(as_of, offset)} 19:30:00",
                            "from_status": road[step - 1][0] if step else "", "to_status": status})
    return {"projects": pd.DataFrame(projects), "project_people": pd.DataFrame(people),
            "project_history": pd.DataFrame(history)}


def _asks(as_of: np.datetime64, picks: dict[str, list[int]]) -> pd.DataFrame:
    rows = []
    for rule, i, kind, direction, specifics, status, asked, answered, thanked, notes in _ASKS:
        cid = _pick(picks, rule, i)
        if cid is None:
            continue
        rows.append({"id": len(rows) + 1, "contact_id": cid, "kind": kind, "direction": direction,
                     "specifics": specifics, "status": status, "asked_on": _day(as_of, asked),
                     "answered_on": _day(as_of, answered), "thanked_on": _day(as_of, thanked), "notes": notes})
    return pd.DataFrame(rows, columns=LOOP_COLUMNS["asks"])


def loop_frames(contacts: pd.DataFrame, as_of: np.datetime64,
                reflections: tuple[tuple[str, str, int], ...] = ()) -> dict[str, pd.DataFrame]:
    """One frame per loop table for the demo persona (``reflections``: the demo's latest answers,
    as ``(prompt_id, text, day offset)``, which the history ends with)."""
    picks = _picks(contacts)
    events, event_people = _events(as_of, picks)
    brand = pd.DataFrame([{"id": i, "core_values": v, "strengths": s, "audience": a, "goals": g, "statement": st,
                           "pitch": p, "at": f"{_day(as_of, off)} 21:00:00"}
                          for i, (v, s, a, g, st, p, off) in enumerate(_BRAND, start=1)])
    targets = pd.DataFrame({"id": range(1, len(_TARGETS) + 1), "metric": [t[0] for t in _TARGETS],
                            "n": [t[1] for t in _TARGETS], "per": [t[2] for t in _TARGETS],
                            "started_on": [_day(as_of, t[3]) for t in _TARGETS], "active": 1})
    answers = sorted(_EARLIER_REFLECTIONS + tuple(reflections), key=lambda r: r[2])
    history = pd.DataFrame({"id": range(1, len(answers) + 1), "prompt_id": [r[0] for r in answers],
                            "text": [r[1] for r in answers],
                            "at": [f"{_day(as_of, r[2])} 21:10:00" for r in answers]})
    return {"events": events, "event_people": event_people, **_projects(as_of, picks), "asks": _asks(as_of, picks),
            "brand_statements": brand, "targets": targets, "reflection_history": history}


def event_interactions(frames: dict[str, pd.DataFrame], first_id: int) -> pd.DataFrame:
    """The conversations at past events with the people met there (one per person, on the event's
    day, channel ``event``), so ties and health see the meetings the events loop records."""
    events, people = frames["events"], frames["event_people"]
    met = people[people["role"] == "met"].merge(events[["id", "starts_on"]], left_on="event_id", right_on="id",
                                               suffixes=("", "_event"))
    return pd.DataFrame({"id": range(first_id, first_id + len(met)), "contact_id": met["contact_id"].to_numpy(),
                         "date": met["starts_on"].to_numpy(), "channel": "event", "direction": "mutual",
                         "kind": "catch-up", "note": "Met at " + met["event_id"].map(
                             events.set_index("id")["title"]).astype(str).to_numpy(),
                         "source": "manual", "external_id": None})


def _close_ties(contacts: pd.DataFrame, interactions: pd.DataFrame, as_of: np.datetime64) -> list[int]:
    """Contacts in the inner or close circle: the person's own choice, or the rhythm
    :func:`workbook.ties.assign_circles` reads (an exchange in the last 90 days and 6 or more in
    the year); most exchanges in the year first, then by id."""
    day = pd.to_datetime(interactions["date"]).to_numpy(dtype="datetime64[D]")
    year = interactions.loc[(day > as_of - 365) & (day <= as_of)]
    counts = year.groupby(year["contact_id"].astype("int64"))["date"].agg(["size", "max"])
    recent = pd.to_datetime(counts["max"]).to_numpy(dtype="datetime64[D]") > as_of - 90
    rhythm = counts.loc[recent & (counts["size"] >= 6).to_numpy()]
    chosen = contacts.loc[contacts["circle"].fillna("").isin(("inner", "close")), "id"].astype("int64")
    n = pd.Series(rhythm["size"].to_numpy(), index=rhythm.index).reindex(
        rhythm.index.union(pd.Index(chosen))).fillna(0)
    return [int(c) for c in pd.DataFrame({"c": n.index, "n": n.to_numpy()}).sort_values(
        ["n", "c"], ascending=[False, True], kind="stable")["c"]]


def engagement_interactions(contacts: pd.DataFrame, interactions: pd.DataFrame, as_of: np.datetime64,
                            first_id: int) -> pd.DataFrame:
    """The persona's comments on posts by inner and close contacts since taking up the habit: one
    interaction each (channel social, outbound, kind other, as ``log_engagement`` writes them),
    taking in turn three of the closest ties and three from the close circle's quieter end."""
    ties = _close_ties(contacts, interactions, as_of)
    ties = ties[:3] + ties[3:][-3:]
    if not ties:
        return pd.DataFrame(columns=["id", "contact_id", "date", "channel", "direction", "kind", "note", "source",
                                     "external_id"])
    who = [ties[k % len(ties)] for k in range(len(_ENGAGEMENT_DAYS))]
    n = len(_ENGAGEMENT_DAYS)
    return pd.DataFrame({"id": range(first_id, first_id + n), "contact_id": who,
                         "date": [_day(as_of, d) for d in _ENGAGEMENT_DAYS], "channel": "social",
                         "direction": "outbound", "kind": "other", "note": ENGAGEMENT_NOTE, "source": "manual",
                         "external_id": None})


def activity_setting(as_of: np.datetime64) -> dict:
    """The ``linkedin_activity`` setting the persona's LinkedIn export left (the shape
    :func:`workbook.store.brand.save_activity` writes): posts and comments per month, no text.

    >>> a = activity_setting(np.datetime64("2026-10-15"))
    >>> a["months"][0], a["kinds"], a["saved_on"]
    ({'month': '2026-04', 'kind': 'comment', 'count': 2, 'words': 61}, ['comment', 'share'], '2026-10-01')
    """
    month = pd.Period(str(as_of), freq="M")
    months = [{"month": str(month - back), "kind": kind, "count": n, "words": w} for back, kind, n, w in _ACTIVITY]
    return {"months": sorted(months, key=lambda m: (m["month"], m["kind"])), "kinds": ["comment", "share"],
            "saved_on": _day(as_of, _ACTIVITY_SAVED)}
