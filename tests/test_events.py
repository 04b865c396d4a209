"""The events loop (issue 20): calendar reading, who is likely there, whom to meet, openers,
logging who you met, the 48-hour follow-ups and what came of each event. Demo and LinkedIn-only."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from workbook import schema
from workbook.figures.events import plot_event_outcomes
from workbook.practices import events as loop
from workbook.session import Session
from workbook.store import events as store

AS_OF = "2026-10-15"


def ics(*events: str) -> bytes:
    """A calendar of VEVENT bodies (each a few CRLF-joined lines)."""
    body = "".join(f"BEGIN:VEVENT\r\n{e}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{body}END:VCALENDAR\r\n".encode()


def vevent(uid: str, day: str, summary: str, extra: str = "") -> str:
    lines = [f"UID:{uid}" if uid else "", f"DTSTART;VALUE=DATE:{day}", f"SUMMARY:{summary}", extra]
    return "\r\n".join(x for x in lines if x)


# ----------------------------------------------------------------------------- reading a calendar


@pytest.mark.parametrize("events, titles, past, cancelled", [
    ((vevent("a", "20261101", "PyData"), vevent("b", "20250101", "Old meetup")), ["PyData"], 1, 0),
    ((vevent("a", "20261101", "PyData", "STATUS:CANCELLED"),), [], 0, 1),
    ((vevent("a", "20261015", "Today's meetup"),), ["Today's meetup"], 0, 0),
    ((vevent("a", "20261014", "Yesterday"),), [], 1, 0),
    ((vevent("b", "20261201", "Later"), vevent("a", "20261101", "Sooner")), ["Sooner", "Later"], 0, 0),
])
def test_only_events_still_to_come_are_read(events, titles, past, cancelled):
    cal = loop.read_calendar(ics(*events), as_of=AS_OF)
    assert cal.events["title"].tolist() == titles
    assert (cal.past, cal.cancelled) == (past, cancelled)
    assert list(cal.events.columns) == loop.CALENDAR_COLUMNS


def test_an_all_day_event_over_three_days_ends_on_its_last_day_and_keeps_its_place():
    cal = loop.read_calendar(ics(vevent("c", "20261101", "Conf", "DTEND;VALUE=DATE:20261104\r\nLOCATION:Leeds")),
                             as_of=AS_OF)
    row = cal.events.iloc[0]
    assert (str(row["starts_on"].date()), str(row["ends_on"].date()), row["location"]) == ("2026-11-01", "2026-11-03",
                                                                                            "Leeds")


def test_an_event_without_uid_gets_a_stable_one():
    data = ics(vevent("", "20261101", "No UID"))
    first, again = (loop.read_calendar(data, as_of=AS_OF).events["uid"].iloc[0] for _ in range(2))
    assert first == again and first.startswith("nouid-")


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"First Name,Last Name\nAda,Lovelace\n", "not a calendar"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a calendar"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n", "could not be read"),
    (b"BEGIN:VCALENDAR\r\n" + b"X" * (loop.MAX_CALENDAR_BYTES + 1), "MB"),
])
def test_a_broken_file_gives_a_plain_sentence(data, words):
    with pytest.raises(ValueError) as err:
        loop.read_calendar(data, as_of=AS_OF, name="mine.ics")
    assert words in str(err.value) and "Traceback" not in str(err.value)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_a_plain_error(data):
    try:
        cal = loop.read_calendar(b"BEGIN:VCALENDAR\r\n" + data, as_of=AS_OF)
    except ValueError as exc:
        assert str(exc)
    else:
        assert (cal.events["starts_on"] >= pd.Timestamp(AS_OF)).all()


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_title_survives_the_calendar(title):
    escaped = title.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    cal = loop.read_calendar(ics(vevent("t", "20261101", escaped)), as_of=AS_OF)
    assert cal.events["title"].iloc[0] == (" ".join(title.split()) or "Untitled event")


def test_importing_the_same_calendar_again_adds_nothing(book):
    book.set_setting("as_of", AS_OF)
    data = ics(vevent("a@x", "20261101", "PyData"), vevent("b@x", "20261110", "UX Camp"),
               vevent("c@x", "20250101", "Last year's"))
    cal = loop.read_calendar(data, as_of=book.as_of())
    assert store.add_events(book, cal.events, source="mine.ics") == 2
    assert store.add_events(book, loop.read_calendar(data, as_of=book.as_of()).events, source="mine.ics") == 0
    ev = book.events()
    assert sorted(ev["uid"]) == ["a@x", "b@x"] and "Last year's" not in set(ev["title"])
    assert set(ev["source"]) == {"mine.ics"}


# ----------------------------------------------------------------------------- before: who is likely there


PEOPLE = pd.DataFrame({
    "contact_id": [1, 2, 3, 4, 5, 6],
    "full_name": ["Ana", "Bo", "Cy", "Di", "Ed", "Flo"],
    "company": ["", "Northwind", "", "", "", ""],
    "how_met": ["", "", "ProductTank London", "", "", ""],
    "location": ["Leeds", "Leeds", "", "Manchester, UK", "Manchester, UK", "Manchester, UK"],
    "position": ["", "", "", "Product Manager", "", "Chef"],
    "industry": "",
})
TAGS = pd.DataFrame({"owner": ["contact", "contact", "contact"], "contact_id": pd.array([1, 5, 6], dtype="Int64"),
                     "kind": ["community", "interest", "event"], "text": ["Product Guild", "Product", "Cheese Fair"]})


@pytest.mark.parametrize("title, location, expected", [
    ("ProductTank Manchester", "Manchester", {1: 3, 3: 2, 4: 2}),  # tag 3; how_met 2; city 1 + title 1
    ("Northwind open day", "Leeds", {2: 3}),  # company 2 + city 1; Ana's city alone is not enough
    ("Cheese Fair 2026", "", {6: 3}),  # an event tag; the year is no topic
    ("Meetup", "Manchester", {}),  # only generic words and a place: nobody is likely on a city alone
])
def test_who_is_likely_there_by_rule(title, location, expected):
    ev = pd.DataFrame({"event_id": [9], "title": [title], "location": [location]})
    found = loop.who_is_likely_there(ev, PEOPLE, TAGS)
    assert dict(zip(found["contact_id"], found["score"])) == expected
    assert found["reason"].str.len().gt(0).all()


def test_an_interest_tag_is_not_event_evidence():
    ev = pd.DataFrame({"event_id": [9], "title": ["Product day"], "location": [""]})
    found = loop.who_is_likely_there(ev, PEOPLE, TAGS)
    assert 5 not in set(found["contact_id"])


def test_whom_to_meet_lists_the_plan_then_suggests_by_goal():
    likely = pd.DataFrame({"event_id": [9, 9], "contact_id": [4, 5], "full_name": ["Di", "Ed"], "score": [2, 2],
                           "reason": ["a", "b"]})
    people = pd.DataFrame({"event_id": [9], "contact_id": [1], "role": ["to meet"], "note": [""]})
    goals = pd.DataFrame({"goal_id": [1], "title": ["Move into product"], "needs": ["product management"],
                          "status": ["active"]})
    meet = loop.whom_to_meet(9, people, likely, PEOPLE, TAGS, goals)
    # Di's title covers the goal (x0.9) better than Ed's interest tag (x0.5)
    assert meet[["full_name", "kind"]].values.tolist() == [["Ana", "planned"], ["Di", "suggested"], ["Ed", "suggested"]]
    assert "Move into product" in meet["reason"].iloc[1] and "title “Product Manager”" in meet["reason"].iloc[1]
    assert meet["expertise"].iloc[1] > meet["expertise"].iloc[2]
    no_goals = loop.whom_to_meet(9, people, likely, PEOPLE, TAGS, goals.iloc[:0])
    assert no_goals["full_name"].tolist() == ["Ana", "Di", "Ed"] and "add a goal" in no_goals["reason"].iloc[1]


def test_three_openers_from_common_ground_then_the_event():
    contacts = PEOPLE.assign(position=PEOPLE["position"])
    tags = pd.concat([TAGS, pd.DataFrame({"owner": ["profile"], "contact_id": pd.array([None], dtype="Int64"),
                                          "kind": ["community"], "text": ["Product Guild"]})], ignore_index=True)
    meet = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"]})
    inter = pd.DataFrame({"contact_id": [], "date": pd.to_datetime([]), "channel": [], "note": []})
    openers = loop.event_openers(meet, contacts, tags, None, inter, as_of=AS_OF, title="ProductTank")
    assert len(openers) == 3
    assert openers["text"].iloc[0].startswith("With Ana:") and "Product Guild" in openers["text"].iloc[0]
    assert openers["kind"].tolist()[1:] == ["event", "event"] and "ProductTank" in openers["text"].iloc[1]


@pytest.mark.parametrize("goal, meet, expected", [
    ("Meet two data leads", [], "Meet two data leads"),
    ("", ["Ana"], "Talk with Ana about “Move into product”, and follow up within 48 hours."),
    ("", [], "Meet two people who can help about “Move into product”, and follow up within 48 hours."),
])
def test_the_event_goal_is_the_persons_own_else_a_suggestion(goal, meet, expected):
    goals = pd.DataFrame({"title": ["Move into product"], "status": ["active"]})
    assert loop.suggest_event_goal({"goal": goal}, pd.DataFrame({"full_name": meet}), goals) == expected


# ----------------------------------------------------------------------------- after: follow-ups


def _met(day: str = "2026-10-14", later: list[str] = ()):
    ev = pd.DataFrame({"event_id": [1], "title": ["EdTech Breakfast"], "starts_on": pd.to_datetime([day]),
                       "ends_on": pd.to_datetime([None])})
    people = pd.DataFrame({"event_id": [1, 1], "contact_id": [7, 8], "role": ["met", "to meet"]})
    contacts = pd.DataFrame({"contact_id": [7, 8], "full_name": ["Ana", "Bo"]})
    inter = pd.DataFrame({"contact_id": [7] * (1 + len(later)), "date": pd.to_datetime([day, *later])})
    return ev, people, inter, contacts


@pytest.mark.parametrize("hours, present, overdue", [
    (0, True, False), (24, True, False), (47, True, False), (48, True, False), (49, True, True), (24 * 40, False, False),
])
def test_the_48_hour_follow_up_is_due_then_overdue(hours, present, overdue):
    ev, people, inter, contacts = _met()
    as_of = pd.Timestamp("2026-10-14") + pd.Timedelta(hours=hours)
    f = loop.event_follow_ups(ev, people, inter, contacts, as_of=as_of)
    assert (len(f) == 1) is present
    if present:
        row = f.iloc[0]
        assert (row["full_name"], bool(row["overdue"])) == ("Ana", overdue)
        assert row["due"] == pd.Timestamp("2026-10-14") + pd.Timedelta(hours=schema.EVENT_FOLLOW_UP_HOURS)
        assert "EdTech Breakfast" in row["reason"] and ("window closed" in row["reason"]) is overdue
        assert list(f.columns[:7]) == ["contact_id", "full_name", "event_id", "event_title", "due", "overdue", "reason"]


def test_an_exchange_after_the_event_day_clears_the_follow_up():
    ev, people, inter, contacts = _met(later=["2026-10-15"])
    assert loop.event_follow_ups(ev, people, inter, contacts, as_of="2026-10-16").empty
    # ...but not one dated after today (a planned call is no follow-up yet)
    assert len(loop.event_follow_ups(ev, people, inter, contacts, as_of="2026-10-14 20:00")) == 1


def test_old_events_can_be_kept_on_request():
    ev, people, inter, contacts = _met(day="2026-01-10")
    assert loop.event_follow_ups(ev, people, inter, contacts, as_of=AS_OF).empty
    assert len(loop.event_follow_ups(ev, people, inter, contacts, as_of=AS_OF, within_days=None)) == 1


def test_outcomes_nest_met_followed_and_in_touch():
    ev, people, inter, contacts = _met(later=["2026-10-15"])
    ties = pd.DataFrame({"tie_strength": [0.6, 0.9]}, index=pd.Index([7, 8], name="contact_id"))
    o = loop.event_outcomes(ev, people, inter, ties, contacts, as_of="2026-10-20")
    assert o[["met", "followed_up", "in_touch"]].values.tolist() == [[1, 1, 1]]
    weak = loop.event_outcomes(ev, people, inter, ties * 0.1, contacts, as_of="2026-10-20")
    assert weak[["met", "followed_up", "in_touch"]].values.tolist() == [[1, 1, 0]]


# ----------------------------------------------------------------------------- writes


def test_log_who_you_met_in_one_step(book):
    book.set_setting("as_of", AS_OF)
    known = book.add_contact("Bo Chen", company="Acme")
    eid = store.add_event(book, "EdTech Breakfast", "2026-10-14")
    assert store.plan_to_meet(book, eid, known) and not store.plan_to_meet(book, eid, known)
    logged = store.log_people_met(book, eid, [known], "Ana Silva, Product Manager, Acme, Inc.\nCy Dee\n")
    c = book.contacts().set_index("contact_id")
    assert len(logged.contact_ids) == 3 and len(logged.created) == 2 and logged.existing == [known]
    new = c.loc[logged.created]
    assert set(new["how_met"]) == {"EdTech Breakfast"} and set(new["source"]) == {"manual"}
    assert new.loc[logged.created[0], ["position", "company"]].tolist() == ["Product Manager", "Acme, Inc."]
    assert book.event_people().set_index("contact_id")["role"].to_dict() == {cid: "met" for cid in logged.contact_ids}
    inter = book.interactions()
    assert len(inter) == 3 and set(inter["channel"]) == {"event"} and set(inter["direction"]) == {"mutual"}
    assert set(inter["date"].dt.strftime("%Y-%m-%d")) == {"2026-10-14"} and set(inter["kind"]) == {"catch-up"}
    again = store.log_people_met(book, eid, [known], "Ana Silva, , Acme Inc")
    assert again.created == [] and len(book.interactions()) == 3 and len(book.contacts()) == 3
    s = Session.of(book)
    f = loop.event_follow_ups(s.table("events"), s.table("event_people"), s.interactions(), s.contacts(), as_of=AS_OF)
    assert sorted(f["full_name"]) == ["Ana Silva", "Bo Chen", "Cy Dee"]


@pytest.mark.parametrize("day, ids, typed, words", [
    ("2026-10-20", [], "Ana", "still to come"),
    ("2026-10-14", [], "", "at least one"),
    ("2026-10-14", [], ", title only", "no name"),
    ("2026-10-14", [999], "", "no contact"),
])
def test_logging_refuses_in_plain_words(book, day, ids, typed, words):
    book.set_setting("as_of", AS_OF)
    eid = store.add_event(book, "Meetup", day)
    with pytest.raises(ValueError, match=words):
        store.log_people_met(book, eid, ids, typed)
    assert book.contacts().empty and book.event_people().empty


@pytest.mark.parametrize("kwargs, words", [
    ({"title": "", "starts_on": "2026-11-01"}, "title must not be empty"),
    ({"title": "x" * 301, "starts_on": "2026-11-01"}, "too long"),
    ({"title": "Conf", "starts_on": "next week"}, "not a date"),
    ({"title": "Conf", "starts_on": "2026-11-02", "ends_on": "2026-11-01"}, "before its first day"),
])
def test_add_event_refuses_bad_values(book, kwargs, words):
    with pytest.raises(ValueError, match=words):
        store.add_event(book, **kwargs)
    assert book.events().empty


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(*(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=","),
                                    max_size=20) for _ in range(3))), max_size=6))
def test_new_people_lines_parse_back(rows):
    text = "\n".join(", ".join(r) for r in rows)
    try:
        people = store.parse_new_people(text)
    except ValueError as exc:
        assert "no name" in str(exc)
        assert any(not " ".join(r[0].split()) and (" ".join(r[1].split()) or " ".join(r[2].split())) for r in rows)
        return
    want = [[" ".join(p.split()) for p in r] for r in rows if any(" ".join(p.split()) for p in r)]
    assert [[p["full_name"], p["position"], p["company"]] for p in people] == want


# ----------------------------------------------------------------------------- on the demo and on LinkedIn only


def test_the_demo_loop(demo_book):
    s = Session.of(demo_book)
    as_of = s.as_of()
    upcoming, past = loop.split_events(s.table("events"), as_of=as_of)
    assert len(upcoming) == 2 and len(past) == 2
    likely = loop.who_is_likely_there(upcoming, s.contacts(), s.tags(), ties=s.ties())
    assert set(likely["event_id"]) == set(upcoming["event_id"]) and (likely["score"] >= loop.LIKELY_SCORE).all()
    f = loop.event_follow_ups(s.table("events"), s.table("event_people"), s.interactions(), s.contacts(), as_of=as_of)
    assert len(f) == 2 and set(f["event_title"]) == {"EdTech Breakfast Manchester"} and not f["overdue"].any()
    o = loop.event_outcomes(s.table("events"), s.table("event_people"), s.interactions(), s.ties(), s.contacts(),
                            as_of=as_of)
    assert o["met"].tolist() == [3, 2] and (o["followed_up"] <= o["met"]).all() and (o["in_touch"] <= o["followed_up"]).all()
    assert o["window_open"].tolist() == [False, True]  # yesterday's breakfast: too soon to judge the follow-ups
    fig = plot_event_outcomes(o)
    assert [a.text for a in fig.layout.annotations] == ["follow-ups still due: too soon to tell"]
    assert fig.layout.title.text.startswith("Of 5 people you met at events")
    assert fig.layout.yaxis.dtick == 1 and [t.name for t in fig.data] == ["met there", "followed up after the day",
                                                                           "still in touch now"]


def test_a_linkedin_only_workbook_says_what_to_do(linkedin_book):
    s = Session.of(linkedin_book)
    events = s.table("events")
    assert events.empty and len(s.contacts()) > 0
    assert "no events yet" in loop.describe_events(events, as_of=s.as_of())
    o = loop.event_outcomes(events, s.table("event_people"), s.interactions(), s.ties(), s.contacts(), as_of=s.as_of())
    assert o.empty and "No past events yet" in loop.describe_outcomes(o)
    f = loop.event_follow_ups(events, s.table("event_people"), s.interactions(), s.contacts(), as_of=s.as_of())
    assert f.empty and "No follow-ups" in loop.describe_follow_ups(f)
    assert "No past events" in plot_event_outcomes(o).layout.annotations[0].text


def test_sentences_escape_titles_from_data():
    ev = pd.DataFrame({"event_id": [1], "title": ["<script>x</script> *$5*"], "starts_on": pd.to_datetime(["2026-11-01"]),
                       "ends_on": pd.to_datetime([None]), "location": ["=cmd|' /C calc'!A0"], "goal": [""]})
    text = loop.describe_events(ev, as_of=AS_OF)
    assert "<script>" not in text and "&lt;script&gt;" in text and "\\$5" in text
    meet = pd.DataFrame(columns=["full_name", "kind"])
    assert "<script>" not in loop.describe_upcoming(ev.iloc[0], loop.who_is_likely_there(ev, PEOPLE, TAGS), meet,
                                                    "<b>goal</b>")
    fig = plot_event_outcomes(pd.DataFrame({"event_id": [1], "title": ["<img src=x onerror=alert(1)>"],
                                            "day": pd.to_datetime(["2026-10-01"]), "met": [0], "followed_up": [0],
                                            "in_touch": [0], "met_names": [""], "followed_names": [""],
                                            "in_touch_names": [""]}))
    assert "<img" not in fig.data[0].x[0] and fig.layout.annotations[0].text == "nobody logged yet"
