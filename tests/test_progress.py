"""Progress over weeks (issue 20): each metric's one definition, periods, goals against counts, the
targets' store functions and the progress chart."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import schema
from workbook.figures.progress import progress_chart
from workbook.practices import progress as p
from workbook.store.progress import set_target, stop_target

AS_OF = "2026-10-15"  # a Thursday: the current week began on Monday 12 October
THIS_WEEK = pd.Timestamp("2026-10-12")


def inter(*rows) -> pd.DataFrame:
    """Interactions from (contact_id, date, channel, direction, kind[, source])."""
    rows = [r + ("manual",) if len(r) == 5 else r for r in rows]
    frame = pd.DataFrame(rows, columns=["contact_id", "date", "channel", "direction", "kind", "source"])
    return frame.assign(interaction_id=range(1, len(frame) + 1), date=pd.to_datetime(frame["date"]),
                        note="")


def people(*rows) -> pd.DataFrame:
    """Contacts from (contact_id, connected_on or None)."""
    frame = pd.DataFrame(rows, columns=["contact_id", "connected_on"])
    return frame.assign(connected_on=pd.to_datetime(frame["connected_on"]), full_name=[f"P{i}" for i in frame["contact_id"]])


EVERYONE = people(*[(i, None) for i in range(1, 10)])


def this_week(metric, interactions=None, contacts=EVERYONE, events=None, asks=None) -> int:
    counts = p.count_metric(metric, interactions, contacts, events, None, asks, period="week", as_of=AS_OF, periods=3)
    assert counts["period_start"].iloc[-1] == THIS_WEEK and not counts["complete"].iloc[-1]
    return int(counts["count"].iloc[-1])


@pytest.mark.parametrize("rows, expected, why", [
    ([(1, "2026-10-13", "call", "outbound", "catch-up")], 1, "you called"),
    ([(1, "2026-10-13", "meeting", "mutual", "collaboration")], 1, "you met"),
    ([(1, "2026-10-13", "message", "inbound", "catch-up")], 0, "they wrote and you did not answer"),
    ([(1, "2026-10-13", "social", "outbound", "endorsement", "linkedin")], 0, "an endorsement is a click"),
    ([(1, "2026-10-13", "message", "outbound", "invitation", "linkedin")], 0, "an invitation is not a conversation"),
    ([(1, "2026-10-13", "message", "outbound", "recommendation")], 0, "a recommendation is not a conversation"),
    ([(1, "2026-10-13", "social", "outbound", "catch-up")], 0, "a comment on a post is 'posts engaged'"),
    ([(1, "2026-10-13", "message", "outbound", "catch-up", "linkedin")], 1, "LinkedIn messages are conversations"),
    ([(1, "2026-10-12", "call", "outbound", "catch-up"), (1, "2026-10-14", "email", "outbound", "follow-up")], 1,
     "one person twice in a week is one conversation partner"),
    ([(1, "2026-10-12", "call", "outbound", "catch-up"), (2, "2026-10-14", "email", "mutual", "catch-up")], 2,
     "two people"),
    ([(1, "2026-10-11", "call", "outbound", "catch-up")], 0, "Sunday belongs to last week"),
    ([(1, "2026-10-16", "call", "outbound", "catch-up")], 0, "after as_of: not happened yet"),
])
def test_conversations(rows, expected, why):
    assert this_week("conversations", inter(*rows)) == expected, why


@pytest.mark.parametrize("rows, contacts, expected, why", [
    ([(1, "2026-10-13", "message", "inbound", "catch-up")], EVERYONE, 1, "first exchange ever, any direction"),
    ([(1, "2026-09-01", "call", "outbound", "catch-up"), (1, "2026-10-13", "call", "outbound", "catch-up")],
     EVERYONE, 0, "known since September"),
    ([], people((1, "2026-10-14")), 1, "connected this week, never in touch"),
    ([(1, "2026-10-13", "call", "outbound", "catch-up")], people((1, "2015-03-01")), 0,
     "connected in 2015: not new, whatever the first logged exchange"),
    ([(5, "2026-10-13", "call", "outbound", "catch-up")], people((1, None)), 0, "no longer in the workbook"),
    ([(1, "2026-10-13", "call", "outbound", "catch-up"), (2, "2026-10-14", "call", "outbound", "catch-up")],
     EVERYONE, 2, "two new people"),
])
def test_new_people(rows, contacts, expected, why):
    assert this_week("new people", inter(*rows) if rows else None, contacts) == expected, why


@pytest.mark.parametrize("rows, contacts, expected, why", [
    ([(1, "2026-03-01", "call", "outbound", "catch-up"), (1, "2026-10-13", "call", "outbound", "catch-up")],
     EVERYONE, 1, "226 days without a conversation"),
    ([(1, "2026-07-01", "call", "outbound", "catch-up"), (1, "2026-10-13", "call", "outbound", "catch-up")],
     EVERYONE, 0, "104 days: still in touch"),
    ([(1, "2026-04-16", "call", "outbound", "catch-up"), (1, "2026-10-13", "call", "outbound", "catch-up")],
     EVERYONE, 1, "exactly 180 days counts"),
    ([(1, "2026-04-17", "call", "outbound", "catch-up"), (1, "2026-10-13", "call", "outbound", "catch-up")],
     EVERYONE, 0, "179 days does not"),
    ([(1, "2026-10-13", "call", "outbound", "catch-up")], EVERYONE, 0, "a first conversation with no date known"),
    ([(1, "2026-10-13", "call", "outbound", "catch-up")], people((1, "2023-01-10")), 1,
     "connected years ago, never in touch, now woken"),
    ([(1, "2026-03-01", "call", "outbound", "catch-up"), (1, "2026-10-13", "message", "inbound", "catch-up")],
     EVERYONE, 0, "they wrote, you did not: not revived by you"),
    ([(1, "2026-03-01", "call", "outbound", "catch-up"), (1, "2026-10-05", "social", "inbound", "endorsement"),
      (1, "2026-10-13", "call", "outbound", "catch-up")], EVERYONE, 1, "an endorsement in between does not reset it"),
    ([(1, "2026-03-01", "call", "outbound", "catch-up"), (1, "2026-10-12", "call", "outbound", "catch-up"),
      (1, "2026-10-14", "call", "outbound", "catch-up")], EVERYONE, 1, "one tie revived once"),
])
def test_revived_ties(rows, contacts, expected, why):
    assert this_week("revived ties", inter(*rows), contacts) == expected, why


@pytest.mark.parametrize("rows, expected, why", [
    ([(1, "2026-10-13", "social", "outbound", "catch-up")], 1, "a comment"),
    ([(1, "2026-10-13", "social", "outbound", "catch-up"), (1, "2026-10-14", "social", "outbound", "resource-shared")],
     2, "each comment counts, even on one person's posts"),
    ([(1, "2026-10-13", "social", "inbound", "catch-up")], 0, "they commented on yours"),
    ([(1, "2026-10-13", "social", "outbound", "endorsement", "linkedin")], 0, "an endorsement is not a post"),
    ([(1, "2026-10-13", "social", "outbound", "invitation", "linkedin")], 0, "nor an invitation"),
    ([(1, "2026-10-13", "message", "outbound", "catch-up")], 0, "a message is a conversation, not a post"),
])
def test_posts_engaged(rows, expected, why):
    assert this_week("posts engaged", inter(*rows)) == expected, why


def events(*days) -> pd.DataFrame:
    return pd.DataFrame({"event_id": range(1, len(days) + 1), "title": "x", "starts_on": pd.to_datetime(list(days))})


@pytest.mark.parametrize("days, expected, why", [
    (("2026-10-13",), 1, "happened this week"),
    (("2026-10-17",), 0, "later this week: not yet"),
    (("2026-10-13", "2026-10-14"), 2, "two events"),
    (("2026-10-05",), 0, "last week"),
])
def test_events(days, expected, why):
    assert this_week("events", events=events(*days)) == expected, why


@pytest.mark.parametrize("rows, expected", [
    ([("made", "2026-10-13")], 1),
    ([("received", "2026-10-13")], 0),
    ([("made", "2026-10-13"), ("made", "2026-10-14")], 2),
    ([("made", "2026-10-01")], 0),
])
def test_asks_made(rows, expected):
    asks = pd.DataFrame({"ask_id": range(1, len(rows) + 1), "contact_id": 1, "direction": [r[0] for r in rows],
                         "asked_on": pd.to_datetime([r[1] for r in rows])})
    assert this_week("asks made", asks=asks) == expected


@pytest.mark.parametrize("metric", schema.TARGET_METRICS)
@pytest.mark.parametrize("period, starts", [
    ("week", ["2026-09-28", "2026-10-05", "2026-10-12"]),
    ("month", ["2026-08-01", "2026-09-01", "2026-10-01"]),
])
def test_periods_with_nothing_count_zero(metric, period, starts):
    counts = p.count_metric(metric, None, None, None, None, None, period=period, as_of=AS_OF, periods=2)
    assert counts["period_start"].tolist() == pd.to_datetime(starts).tolist()
    assert counts["count"].tolist() == [0, 0, 0] and counts["count"].dtype == "int64"
    assert counts["complete"].tolist() == [True, True, False]


def test_a_quiet_week_between_busy_ones_is_zero_not_missing():
    it = inter((1, "2026-09-29", "call", "outbound", "catch-up"), (2, "2026-10-13", "call", "outbound", "catch-up"))
    counts = p.count_metric("conversations", it, EVERYONE, None, None, None, period="week", as_of=AS_OF, periods=2)
    assert counts["count"].tolist() == [1, 0, 1]


@pytest.mark.parametrize("metric, period, periods, message", [
    ("hugs", "week", 8, "one of"),
    ("conversations", "day", 8, "week or per month"),
    ("conversations", "week", 0, "between 1 and 520"),
])
def test_count_metric_refuses_what_it_cannot_count(metric, period, periods, message):
    with pytest.raises(ValueError, match=message):
        p.count_metric(metric, None, None, None, None, None, period=period, as_of=AS_OF, periods=periods)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(-120, 10), st.sampled_from(schema.CHANNELS),
                          st.sampled_from(schema.DIRECTIONS), st.sampled_from(schema.INTERACTION_KINDS)), max_size=40),
       st.sampled_from(schema.TARGET_METRICS), st.sampled_from(schema.TARGET_PERIODS))
def test_counts_are_whole_never_missing_and_never_more_than_what_counts(rows, metric, period):
    day = pd.Timestamp(AS_OF)
    it = inter(*[(c, day + pd.Timedelta(days=d), ch, di, k) for c, d, ch, di, k in rows]) if rows else None
    counts = p.count_metric(metric, it, EVERYONE, None, None, None, period=period, as_of=AS_OF, periods=4)
    items = p.counted_items(metric, it, EVERYONE, None, None, None, as_of=AS_OF)
    assert len(counts) == 5 and counts["count"].notna().all() and (counts["count"] >= 0).all()
    assert counts["count"].sum() <= len(items)
    assert (items["date"] <= day).all()


def test_who_counted_names_the_revived_ties():
    it = inter((1, "2026-01-05", "call", "outbound", "catch-up"), (1, "2026-10-13", "call", "mutual", "catch-up"),
               (2, "2026-10-01", "call", "outbound", "catch-up"), (2, "2026-10-13", "call", "outbound", "catch-up"))
    who = p.who_counted("revived ties", it, EVERYONE, None, None, None, period="week", as_of=AS_OF)
    assert who["contact_id"].tolist() == [1]
    assert p.revived_sentence(who, EVERYONE.set_index("contact_id")["full_name"]).endswith("revived 1 tie: P1.")


# ----------------------------------------------------------------------------- against a goal


def target(metric="conversations", n=2, per="week", tid=1, active=True) -> pd.DataFrame:
    return pd.DataFrame({"target_id": [tid], "metric": [metric], "n": [n], "per": [per],
                         "started_on": pd.to_datetime(["2026-08-01"]), "active": [active]})


@pytest.mark.parametrize("weekly, so_far, met, streak", [
    ([2, 2, 2], 0, 3, 3),          # three whole weeks met, this week not yet: the streak still stands
    ([2, 2, 2], 2, 3, 4),          # ...and this week already met: four in a row
    ([2, 0, 2], 1, 2, 1),
    ([0, 0, 0], 0, 0, 0),
    ([3, 1, 5], 2, 2, 2),
])
def test_progress_against_a_weekly_goal(weekly, so_far, met, streak):
    mondays = pd.to_datetime(["2026-09-21", "2026-09-28", "2026-10-05"])
    rows = [(1 + i * 10 + k, day + pd.Timedelta(days=1), "call", "outbound", "catch-up")
            for i, (day, n) in enumerate(zip(mondays, weekly)) for k in range(n)]
    rows += [(100 + k, "2026-10-13", "call", "outbound", "catch-up") for k in range(so_far)]
    contacts = people(*[(r[0], None) for r in rows]) if rows else EVERYONE
    it = inter(*rows) if rows else None
    counts = p.count_targets(target(), it, contacts, None, None, None, as_of=AS_OF, periods=3)
    row = p.progress_against_targets(target(), counts, as_of=AS_OF).iloc[0]
    assert row["last"] == weekly and row["so_far"] == so_far
    assert (row["met"], row["judged"], row["missed"], row["streak"]) == (met, 3, 3 - met, streak)
    assert p.progress_title(row.to_dict()) == f"{met} of the last 3 weeks met your goal of 2 conversations"
    assert f"This week so far: {so_far}" in p.progress_sentence(row.to_dict())


def test_an_inactive_goal_is_not_judged():
    counts = p.count_targets(target(active=False), None, None, None, None, None, as_of=AS_OF)
    assert counts.empty and p.progress_against_targets(target(active=False), counts, as_of=AS_OF).empty


@pytest.mark.parametrize("metric, ever, interactions, expected", [
    ("events", 0, True, "no events in your workbook"),
    ("asks made", 0, True, "Asks page"),
    ("posts engaged", 0, True, "does not include them"),
    ("conversations", 0, False, "import a LinkedIn export"),
    ("conversations", 3, True, ""),
])
def test_what_to_do_when_nothing_counts(metric, ever, interactions, expected):
    text = p.what_to_do(metric, ever, has_interactions=interactions)
    assert (expected in text) if expected else text == ""


# ----------------------------------------------------------------------------- the store


def test_a_new_goal_retires_the_old_and_keeps_it(book):
    book.set_setting("as_of", AS_OF)
    first = set_target(book, "conversations", 2, "week")
    other = set_target(book, "events", 1, "month", started_on="2026-10-01")
    second = set_target(book, "conversations", 3, "week")
    t = book.targets().set_index("target_id")
    assert t.loc[first, "active"] == False and t.loc[first, "n"] == 2  # noqa: E712 - kept, inactive
    assert t.loc[second, "active"] == True and t.loc[other, "active"] == True  # noqa: E712
    assert str(t.loc[first, "started_on"].date()) == AS_OF  # the workbook's as_of, not the wall clock
    stop_target(book, other)
    assert not book.targets().set_index("target_id").loc[other, "active"]
    assert len(book.targets()) == 3  # nothing deleted


@pytest.mark.parametrize("metric, n, per, started_on, message", [
    ("hugs", 2, "week", None, "A goal counts one of"),
    ("conversations", 0, "week", None, "between 1 and 100"),
    ("conversations", 101, "week", None, "between 1 and 100"),
    ("conversations", 2.5, "week", None, "whole number"),
    ("conversations", "two", "week", None, "whole number"),
    ("conversations", True, "week", None, "whole number"),
    ("conversations", 2, "day", None, "per week or per month"),
    ("conversations", 2, "week", "next Tuesday", "not a date"),
    ("<script>alert(1)</script>", 2, "week", None, "A goal counts one of"),
])
def test_set_target_refuses_bad_values(book, metric, n, per, started_on, message):
    with pytest.raises(ValueError, match=message):
        set_target(book, metric, n, per, started_on)
    assert book.targets().empty


@pytest.mark.parametrize("target_id", [999, "x", None, True])
def test_stop_target_refuses_an_unknown_goal(book, target_id):
    with pytest.raises(ValueError, match="does not exist"):
        stop_target(book, target_id)


def test_stopping_twice_says_so(book):
    tid = set_target(book, "asks made", 1, "month", started_on="2026-10-01")
    stop_target(book, tid)
    with pytest.raises(ValueError, match="already stopped"):
        stop_target(book, tid)


# ----------------------------------------------------------------------------- the chart


def weekly_counts(values) -> pd.DataFrame:
    starts = pd.date_range(end=THIS_WEEK, periods=len(values), freq="W-MON")
    return pd.DataFrame({"period_start": starts, "count": values, "complete": [True] * (len(values) - 1) + [False]})


def test_the_chart_draws_met_missed_and_this_week_against_the_goal_line():
    fig = progress_chart(weekly_counts([2, 0, 3, 1, 0, 2, 2, 0, 1]), metric="conversations", per="week", n=2)
    assert fig.layout.title.text == "4 of the last 8 weeks met your goal of 2 conversations"
    met, missed, now, goal = fig.data
    assert list(met.y) == [2, 3, 2, 2] and list(missed.y) == [0, 1, 0, 0] and list(now.y) == [1]
    assert now.name == "this week so far"
    assert set(goal.y) == {2} and goal.name == "goal: 2 conversations a week"  # the goal line, in the legend
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tickformat == ",d"
    assert len(fig.layout.xaxis.categoryarray) == 9 and len(goal.x) == 9  # every week labelled, quiet ones too


def test_a_month_goal_is_drawn_per_month():
    starts = pd.date_range(end="2026-10-01", periods=4, freq="MS")
    counts = pd.DataFrame({"period_start": starts, "count": [1, 0, 2, 0], "complete": [True, True, True, False]})
    fig = progress_chart(counts, metric="revived ties", per="month", n=1)
    assert fig.layout.title.text == "2 of the last 3 months met your goal of 1 revived tie"
    assert list(fig.layout.xaxis.categoryarray) == ["Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026"]


def test_without_a_goal_the_chart_says_the_totals():
    fig = progress_chart(weekly_counts([1, 2, 0]), metric="events", per="week")
    assert fig.layout.title.text == "3 events in the last 2 weeks; 0 this week so far"
    assert [t.type for t in fig.data] == ["bar", "bar"]  # no goal line


def test_on_the_demo_the_goals_read_the_persons_numbers(demo_book):
    tables = [demo_book.interactions(), demo_book.contacts(), demo_book.events(), demo_book.event_people(),
              demo_book.asks()]
    counts = p.count_targets(demo_book.targets(), *tables, as_of=demo_book.as_of())
    table = p.progress_against_targets(demo_book.targets(), counts, as_of=demo_book.as_of())
    assert sorted(table["metric"]) == ["conversations", "posts engaged", "revived ties"]
    conv = table.set_index("metric").loc["conversations"]
    weekly = p.count_metric("conversations", *tables, period="week", as_of=demo_book.as_of())
    assert conv["last"] == weekly["count"].iloc[:-1].tolist() and conv["so_far"] == weekly["count"].iloc[-1]
    events = p.count_metric("events", *tables, period="month", as_of=demo_book.as_of())
    assert events["count"].iloc[-1] == 1  # the EdTech Breakfast yesterday; ProductTank is still to come
