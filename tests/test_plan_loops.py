"""The practice loops in the weekly plan (issue 20): event follow-ups, thank-yous owed for asks, asks to
answer, one step toward an unmet goal and one engagement comment; projects in give-and-take; one
engagement rule. On the demo and on a workbook made only from the bundled LinkedIn export."""
from __future__ import annotations

import pandas as pd
import pytest

import workbook
from workbook import plan
from workbook.practices import online, progress, steps
from workbook.session import Session
from workbook.store import asks as store_asks
from workbook.store import brand as store_brand
from workbook.store import events as store_events
from workbook.store import progress as store_progress
from workbook.store import projects as store_projects

HOSTILE = '<script>alert("x")</script> =cmd|\' /C calc\'!A0 ' + "Ω" * 100


def _stop_goals(book):
    targets = Session.of(book).table("targets")
    for t in targets.loc[targets["active"].astype(bool).to_numpy(), "target_id"]:
        store_progress.stop_target(book, int(t))


def _plan(book, size=6):
    return Session.of(book).weekly_plan(size)


def _loop_facts(book):
    """Who the demo's loops say is due this week, read from its own tables (not hard-coded)."""
    s = Session.of(book)
    as_of = pd.Timestamp(s.as_of())
    ev, people, asks = s.table("events"), s.table("event_people"), s.table("asks")
    yesterday = ev.loc[(ev["starts_on"] == as_of - pd.Timedelta(days=1)).to_numpy(), "event_id"]
    met = people.loc[people["event_id"].isin(yesterday).to_numpy() & (people["role"] == "met").to_numpy()]
    owed = asks.loc[(asks["direction"] == "made").to_numpy() & (asks["status"] == "given").to_numpy()
                    & asks["thanked_on"].isna().to_numpy()]
    open_ = asks.loc[(asks["direction"] == "received").to_numpy() & (asks["status"] == "asked").to_numpy()]
    return {"met": set(met["contact_id"].astype(int)), "owed": owed, "open": open_}


def _rows(p, text):
    return p.loc[p["action"].str.contains(text, regex=False).to_numpy()]


# ----------------------------------------------------------------------------- on the demo


def test_the_demo_has_what_the_loops_need(demo_book):
    facts = _loop_facts(demo_book)
    assert len(facts["met"]) == 2 and len(facts["owed"]) == 1 and len(facts["open"]) == 1


def test_without_loop_tables_the_plan_is_as_before(demo_book):
    s = Session.of(demo_book)
    before = plan.weekly_plan(s.contacts(), s.interactions(), as_of=s.as_of(), settings=s.settings(), tags=s.tags(),
                              goals=s.goals(), outreach=s.outreach(), history=s.outreach_history(), links=s.links())
    assert not before["action"].str.contains("Follow up with|Thank .* for the|Comment on a post", regex=True).any()
    assert before["ask_id"].isna().all()


def test_demo_plan_names_the_people_met_yesterday_the_thanks_owed_and_the_open_ask(demo_book):
    facts, p = _loop_facts(demo_book), _plan(demo_book)
    follow = _rows(p, "Follow up with")
    assert set(follow["contact_id"]) == facts["met"]
    assert follow["reason"].str.contains("EdTech Breakfast Manchester").all()
    assert follow["reason"].str.contains("a short note by").all()  # still inside the 48 hours
    assert (follow["due"] <= pd.Timestamp(demo_book.as_of()) + pd.Timedelta(days=2)).all()
    owed = facts["owed"].iloc[0]
    thank = _rows(p, "Thank ")
    assert thank["contact_id"].tolist() == [owed["contact_id"]] and thank["ask_id"].tolist() == [owed["ask_id"]]
    assert "gave the referral you asked for" in thank["reason"].iloc[0]
    # The open ask's person was met yesterday too: one step for them, and it says both.
    asker = int(facts["open"].iloc[0]["contact_id"])
    assert asker in facts["met"] and (p["contact_id"] == asker).sum() == 1
    assert "asked you for a recommendation" in p.loc[p["contact_id"] == asker, "reason"].iloc[0]


def test_time_critical_steps_come_first_in_their_order(demo_book):
    p = _plan(demo_book)
    kinds = ["owed" if "(met)" in r else "thank" if a.startswith("Thank ") else "event" if a.startswith("Follow up")
             else "other" for a, r in zip(p["action"], p["reason"])]
    assert kinds[:4] == ["owed", "thank", "event", "event"]  # outreach thank-you, ask thank-you, 48-hour follow-ups
    assert p["category"].iloc[:4].eq("follow-up").all()


@pytest.mark.parametrize("size", [1, 2, 3, 6, 9, 12])
def test_loops_keep_one_step_per_person_and_the_week(demo_book, size):
    p = _plan(demo_book, size)
    people = p["contact_id"].tolist() + [int(x) for x in p["other_id"].dropna()]
    assert len(people) == len(set(people)) and 1 <= len(p) <= size
    assert (p.attrs["shortfall"] == "") == (len(p) == size)
    as_of = pd.Timestamp(demo_book.as_of())
    assert p["due"].between(as_of, as_of + pd.Timedelta(days=7)).all()


def test_a_full_plan_counts_the_time_critical_steps_it_had_no_room_for(demo_book):
    assert _plan(demo_book, 2).attrs["waiting"] == 2  # two of the three loop steps after the outreach thank-you
    assert _plan(demo_book, 6).attrs["waiting"] == 0


def test_steps_disappear_once_done(demo_book):
    facts = _loop_facts(demo_book)
    as_of = demo_book.as_of()
    first, second = sorted(facts["met"])
    demo_book.log_interaction(first, as_of, "message", "outbound", "follow-up", "Weekly plan: follow up")
    p = _plan(demo_book)
    assert set(_rows(p, "Follow up with")["contact_id"]) == {second}
    store_asks.thank_ask(demo_book, int(facts["owed"].iloc[0]["ask_id"]), on=as_of)
    p = _plan(demo_book)
    assert _rows(p, "Thank ").empty
    store_asks.answer_ask(demo_book, int(facts["open"].iloc[0]["ask_id"]), "given", on=as_of)
    demo_book.log_interaction(second, as_of, "message", "outbound", "follow-up", "Weekly plan: follow up")
    p = _plan(demo_book, 12)
    assert _rows(p, "Follow up with").empty and not p["reason"].str.contains("asked you for").any()
    assert p["ask_id"].isna().all() and len(p) == 12


def test_an_unmet_goal_gets_one_step_and_goes_when_met(demo_book):
    _stop_goals(demo_book)
    store_progress.set_target(demo_book, "revived ties", 40, "month", started_on="2026-08-01")
    store_progress.set_target(demo_book, "conversations", 60, "week", started_on="2026-08-01")
    p = _plan(demo_book, 8)
    goal = p.loc[p["reason"].str.startswith("Your goal is").to_numpy()]
    assert len(goal) == 1 and goal["category"].iloc[0] == "revive"  # the first unmet goal: a revived tie
    assert "40 revived ties a month" in goal["reason"].iloc[0] and goal["action"].iloc[0].startswith("Reconnect")
    assert [g.split(".")[0] for g in p.attrs["goals"]] == ["Your goal is 40 revived ties a month",
                                                         "Your goal is 60 conversations a week"]
    _stop_goals(demo_book)
    store_progress.set_target(demo_book, "conversations", 1, "week", started_on="2026-08-01")  # met already
    p = _plan(demo_book, 8)
    assert not p["reason"].str.startswith("Your goal is").any() and p.attrs["goals"] == []


def test_the_engagement_habit_gives_one_comment_step_until_the_week_is_done(demo_book):
    _stop_goals(demo_book)  # the default habit: three a week, no goal set
    p = _plan(demo_book, 12)
    comment = _rows(p, "Comment on a post by")
    assert len(comment) == 1 and comment["category"].iloc[0] == "nurture"
    assert comment["channel"].iloc[0] == "social" and comment["interaction_kind"].iloc[0] == "other"
    assert "Your engagement habit: 3 posts a week" in comment["reason"].iloc[0]
    # Log what "Done" logs for three people in the inner circles: the habit is met this week.
    circles = Session.of(demo_book).health()["circle"].astype(object)
    inner = [int(c) for c in circles[circles.isin(online.HABIT_CIRCLES)].index[:3]]
    for cid in inner:
        demo_book.log_interaction(cid, demo_book.as_of(), "social", "outbound", "other", "Weekly plan: comment")
    assert _rows(_plan(demo_book, 12), "Comment on a post by").empty


# ----------------------------------------------------------------------------- a LinkedIn-only workbook


def test_a_linkedin_only_plan_has_no_loop_steps_and_is_full(linkedin_book):
    p = _plan(linkedin_book)
    assert len(p) == 6 and p["ask_id"].isna().all() and p.attrs["goals"] == [] and p.attrs["waiting"] == 0
    assert not p["action"].str.contains("Follow up with|Comment on a post", regex=True).any()


def test_a_linkedin_only_workbook_gets_the_loops_once_it_has_them(linkedin_book):
    as_of = pd.Timestamp(linkedin_book.as_of())
    ids = linkedin_book.contacts()["contact_id"].astype(int).tolist()
    eid = store_events.add_event(linkedin_book, "Civic Data Meetup", as_of - pd.Timedelta(days=1))
    store_events.log_people_met(linkedin_book, eid, [ids[0]], new_people="Ana Example, Analyst, Northwind")
    store_asks.add_ask(linkedin_book, ids[1], "recommendation", "received", "their grant application",
                       as_of - pd.Timedelta(days=2))
    p = _plan(linkedin_book, 8)
    follow = _rows(p, "Follow up with")
    assert len(follow) == 2 and ids[0] in set(follow["contact_id"])  # and the new contact typed in
    assert follow["action"].str.endswith("after Civic Data Meetup").all()
    assert _rows(p, "Answer ")["contact_id"].tolist() == [ids[1]]
    assert _rows(p, "Comment on a post by").empty  # nobody in the inner circles yet: nobody to name
    # Two people marked inner: the more overdue gets a call, the other the comment (one step each).
    pair = [c for c in ids[2:] if c not in set(p["contact_id"])][:2]
    for cid in pair:
        linkedin_book.update_contact(cid, circle="inner")
    p = _plan(linkedin_book, 8)
    comment = _rows(p, "Comment on a post by")
    assert len(comment) == 1 and set(p.loc[p["contact_id"].isin(pair), "action"].str.split().str[0]) == {
        "Call", "Comment"}


# ----------------------------------------------------------------------------- hostile names


def test_hostile_names_stay_plain_text(demo_book):
    as_of = pd.Timestamp(demo_book.as_of())
    eid = store_events.add_event(demo_book, HOSTILE[:150], as_of - pd.Timedelta(days=1))
    cid = demo_book.add_contact(HOSTILE, first_name="<b>Eve</b>")
    store_events.log_people_met(demo_book, eid, [cid])
    # log_people_met logs the meeting on the event's day: nothing after it yet, so the follow-up is due
    p = _plan(demo_book, 12)
    row = p.loc[p["contact_id"] == cid].iloc[0]
    assert row["full_name"] == HOSTILE and row["action"].startswith("Follow up with <b>Eve</b> after <script>")
    assert "&lt;" not in row["action"]  # plain text here: the view escapes once, where it draws
    checklist = plan.plan_to_checklist(p)
    assert "<script>" not in checklist and "<b>" not in checklist
    record = next(r for r in plan.plan_records(p) if r["contact_id"] == cid)
    assert record["ask_id"] is None and record["full_name"] == HOSTILE


# ----------------------------------------------------------------------------- projects in give-and-take


def test_an_active_project_counts_in_give_and_take_an_idea_does_not(demo_book):
    s = Session.of(demo_book)
    h = s.health()
    quiet = h.loc[(h["give"] == 0).to_numpy() & (h["take"] == 0).to_numpy()].index[:2]
    active, idea = int(quiet[0]), int(quiet[1])
    store_projects.add_project(demo_book, "Shared dashboard", contact_ids=[active], status="active")
    store_projects.add_project(demo_book, "Someday idea", contact_ids=[idea])
    for frame in (s.health(), s.ties()):
        assert frame.loc[active, ["give", "take"]].tolist() == [1, 1]
        assert frame.loc[idea, ["give", "take"]].tolist() == [0, 0]
    # Collaboration is mutual: both sides move, so give minus take stays level.
    assert s.health().loc[active, "balance"] == 0


def test_add_give_take_leaves_strength_and_status_to_the_exchanges(demo_book):
    from workbook.session import add_give_take

    s = Session.of(demo_book)
    h = s.health()
    extra = pd.DataFrame({"contact_id": [int(h.index[0])] * 2, "give": [1, 1], "take": [1, 1]})
    out = add_give_take(h, extra)
    assert out.loc[h.index[0], "give"] == h.loc[h.index[0], "give"] + 2
    assert out["tie_strength"].equals(h["tie_strength"]) and out["status"].equals(h["status"])
    assert add_give_take(h, extra.iloc[:0]) is h


# ----------------------------------------------------------------------------- one engagement rule


ROWS = [("social", "outbound", "other", True, "a comment logged on the Online page"),
        ("social", "outbound", "catch-up", True, "a comment logged on the general form"),
        ("social", "outbound", "resource-shared", True, "a link shared in a reply"),
        ("social", "outbound", "endorsement", False, "an endorsement is a click"),
        ("social", "outbound", "recommendation", False, "a recommendation written is not a comment"),
        ("social", "outbound", "invitation", False, "an invitation is a click"),
        ("social", "inbound", "other", False, "their comment on your post"),
        ("message", "outbound", "other", False, "a message is a conversation, not a comment")]


@pytest.mark.parametrize("channel, direction, kind, counts, why", ROWS)
def test_the_habit_and_the_goal_count_the_same_engagements(channel, direction, kind, counts, why):
    i = pd.DataFrame({"interaction_id": [1], "contact_id": [1], "date": pd.to_datetime(["2026-10-13"]),
                      "channel": [channel], "direction": [direction], "kind": [kind]})
    habit = online.engagement_by_week(i, pd.DataFrame({"contact_id": [1], "full_name": ["Ada"]}),
                                      pd.Series(["inner"], index=[1]), as_of="2026-10-15", weeks=1)
    goal = progress.count_metric("posts engaged", i, None, None, None, None, period="week", as_of="2026-10-15",
                                 periods=1)
    assert int(habit["total"].iloc[-1]) == int(goal["count"].iloc[-1]) == int(counts), why
    assert bool(online.is_engagement(i).iloc[0]) is counts, why


def test_progress_uses_the_online_rule():
    assert progress.ONE_CLICK_KINDS is online.ONE_CLICK_KINDS


def test_steps_module_exports_are_documented():
    for name in steps.__all__:
        assert getattr(steps, name).__doc__, name
