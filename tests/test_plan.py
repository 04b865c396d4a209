"""workbook.plan: the weekly plan composes health, outreach's follow-ups and common ground's introductions.

Behaviour changes of issue 21 (each has a test here): pipeline steps come from
``outreach.follow_ups`` (the list Mentor outreach shows), one per person; a thank-you owed after a
meeting comes first; a short plan says why (``plan.attrs["shortfall"]``); introductions come from
``common_ground.suggest_introductions`` and ask both sides first; a tie never in touch is not told
"it's been far too long".
"""
from __future__ import annotations

import subprocess
import sys

import icalendar
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook import health, outreach, plan

AS_OF = pd.Timestamp("2026-10-15")


def _contacts(rows: list[dict]) -> pd.DataFrame:
    base = {"full_name": "", "first_name": "", "company": "", "position": "", "industry": "", "emails": "",
            "location": "", "circle": "", "cadence_days": None, "connected_on": AS_OF - pd.Timedelta(days=3000),
            "archived": False}
    frame = pd.DataFrame([{**base, "full_name": f"Person {r['contact_id']}", **r} for r in rows])
    return frame.assign(connected_on=pd.to_datetime(frame["connected_on"]),
                        cadence_days=pd.array(frame["cadence_days"], dtype="Int64"),
                        archived=frame["archived"].astype(bool))


def _interactions(rows: list[tuple]) -> pd.DataFrame:
    """(contact_id, days before AS_OF, direction, kind)."""
    frame = pd.DataFrame(rows, columns=["contact_id", "ago", "direction", "kind"])
    return pd.DataFrame({"interaction_id": np.arange(1, len(frame) + 1),
                         "contact_id": frame["contact_id"].astype("int64"),
                         "date": AS_OF - pd.to_timedelta(frame["ago"].astype("int64"), unit="D"),
                         "channel": "message", "direction": frame["direction"], "kind": frame["kind"],
                         "note": "", "source": "manual"})


def _outreach(rows: list[dict]) -> pd.DataFrame:
    base = {"goal_id": 1, "target": "", "next_step": "", "due_date": pd.NaT, "draft": "", "notes": ""}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    return frame.assign(contact_id=pd.array(frame["contact_id"], dtype="Int64"),
                        goal_id=pd.array(frame["goal_id"], dtype="Int64"),
                        due_date=pd.to_datetime(frame["due_date"]))


def _history(rows: list[tuple]) -> pd.DataFrame:
    """(outreach_id, days before AS_OF, stage entered)."""
    return pd.DataFrame({"outreach_id": [r[0] for r in rows],
                         "date": [AS_OF - pd.Timedelta(days=r[1]) for r in rows],
                         "from_stage": None, "to_stage": [r[2] for r in rows]})


GOALS = pd.DataFrame({"goal_id": [1], "title": ["Learn energy"], "needs": ["energy"], "status": ["active"]})


def _busy_week():
    """Many overdue close ties, pipeline rows in every state, one thank-you owed after a meeting."""
    rows = [{"contact_id": k, "full_name": f"Close {k}", "circle": "close"} for k in range(1, 9)]
    rows += [{"contact_id": k, "full_name": f"Mentor {k}", "circle": "meaningful"} for k in range(20, 25)]
    contacts = _contacts(rows)
    inter = _interactions([(k, 80 + k, "outbound", "catch-up") for k in range(1, 9)]
                          + [(k, 40, "outbound", "catch-up") for k in range(20, 25)])
    out = _outreach([
        {"outreach_id": 1, "contact_id": 20, "stage": "contacted"},  # follow-up due 5 days ago
        {"outreach_id": 2, "contact_id": 21, "stage": "contacted"},  # due 4 days ago
        {"outreach_id": 3, "contact_id": 22, "stage": "met"},  # thank-you due 2 days ago
        {"outreach_id": 4, "contact_id": 23, "stage": "paused", "next_step": "Ping", "due_date": AS_OF},
        {"outreach_id": 5, "contact_id": 24, "stage": "contacted", "next_step": "Send the article",
         "due_date": AS_OF + pd.Timedelta(days=2)},
        {"outreach_id": 6, "contact_id": 24, "stage": "identified", "goal_id": 1},  # a second row, same person
    ])
    hist = _history([(1, 12, "contacted"), (2, 11, "contacted"), (3, 3, "met"), (4, 30, "paused"),
                     (5, 3, "contacted"), (6, 20, "identified")])
    return contacts, inter, out, hist


def _plan(size: int, **kw) -> pd.DataFrame:
    contacts, inter, out, hist = _busy_week()
    return plan.weekly_plan(contacts, inter, as_of=AS_OF, outreach=out, history=hist, goals=GOALS, size=size, **kw)


# ----------------------------------------------------------------------------- composition


@pytest.mark.parametrize("size", [3, 6, 9])
def test_follow_ups_are_the_pipelines_own_steps_due_this_week(size):
    contacts, inter, out, hist = _busy_week()
    p = _plan(size)
    steps = outreach.follow_ups(out, hist, as_of=AS_OF, interactions=inter, contacts=contacts)
    week = steps.loc[steps["due"] <= AS_OF + pd.Timedelta(days=7)]
    chosen = p.loc[p["category"] == "follow-up"]
    assert len(chosen) >= 1
    for row in chosen.itertuples():
        mine = week.loc[week["outreach_id"] == row.outreach_id]
        assert len(mine), f"outreach row {row.outreach_id} has no step due this week"
        assert row.due == max(mine["due"].min(), AS_OF) or row.due in set(mine["due"].clip(lower=AS_OF))
    assert 23 not in set(p["contact_id"])  # paused: nothing is due, even with a next step set


@pytest.mark.parametrize("size", [3, 4, 6, 9, 12])
def test_no_one_twice_in_the_follow_ups_or_anywhere(size):
    p = _plan(size)
    people = p["contact_id"].tolist() + [int(x) for x in p["other_id"].dropna()]
    assert len(people) == len(set(people))
    # Person 24 has two open rows and their own next step: one step, theirs.
    if 24 in set(p["contact_id"]):
        assert p.loc[p["contact_id"] == 24, "action"].tolist() == ["Send the article (Mentor)"]


@pytest.mark.parametrize("size", [1, 3, 4, 6])
def test_an_owed_thank_you_is_never_dropped_by_the_slot_order(size):
    # Before issue 21 the slot order (nurture, follow-up, ...) took the earliest-due follow-up and,
    # with a third of the week for follow-ups, the overdue thank-you to person 22 fell out.
    p = _plan(size)
    thanks = p.loc[p["contact_id"] == 22]
    assert len(thanks) == 1 and thanks["step"].iloc[0] == 1
    assert thanks["action"].iloc[0].startswith("Thank Mentor 22")
    assert "thank you again for your time" in thanks["message"].iloc[0]


def test_follow_up_messages_have_no_gaps():
    p = _plan(12)
    assert (p["category"] == "follow-up").sum() >= 3
    assert not p["message"].str.contains("...", regex=False).any()  # brackets mark what to fill in


def test_a_first_message_uses_the_rows_draft():
    contacts = _contacts([{"contact_id": 30, "full_name": "Nia New", "circle": "meaningful"}])
    inter = _interactions([(30, 40, "inbound", "catch-up")])
    out = _outreach([{"outreach_id": 7, "contact_id": 30, "stage": "identified",
                      "draft": "Hi Nia, a tailored first note."}])
    p = plan.weekly_plan(contacts, inter, as_of=AS_OF, outreach=out, history=_history([(7, 10, "identified")]),
                         goals=GOALS, size=3)
    first = p.loc[p["outreach_id"] == 7]
    assert first["message"].tolist() == ["Hi Nia, a tailored first note."]
    assert first["action"].iloc[0].startswith("Write to Nia New")


# ----------------------------------------------------------------------------- a short plan says why


def test_a_short_plan_says_why():
    contacts = _contacts([{"contact_id": 1, "full_name": "Ada Byron", "circle": "inner"}])
    inter = _interactions([(1, 30, "mutual", "catch-up")])
    p = plan.weekly_plan(contacts, inter, as_of=AS_OF, size=6)
    assert len(p) == 1 and p.attrs["requested"] == 6
    why = p.attrs["shortfall"]
    assert why.startswith("1 of the 6 actions you asked for")
    for reason in ("no mentor-pipeline step falls due this week", "no dormant tie stands out to revive"):
        assert reason in why
    assert "1 of the 6 actions" in plan.plan_to_checklist(p)


def test_a_full_plan_has_no_shortfall_note():
    p = _plan(4)
    assert len(p) == 4 and p.attrs["shortfall"] == ""
    assert "actions you asked for" not in plan.plan_to_checklist(p)


def test_an_empty_workbook_gives_an_empty_plan_with_a_reason():
    contacts = _contacts([{"contact_id": 1, "archived": True}])
    p = plan.weekly_plan(contacts, _interactions([]), as_of=AS_OF, size=3)
    assert p.empty and list(p.columns) == plan.PLAN_COLUMNS
    assert p.attrs["shortfall"].startswith("0 of the 3 actions")


# ----------------------------------------------------------------------------- messages


def test_introductions_ask_both_sides_first():
    contacts = _contacts([{"contact_id": 7, "full_name": "Ada Active", "circle": "active", "company": "B"},
                          {"contact_id": 8, "full_name": "Bea Active", "circle": "active", "company": "C"}])
    inter = _interactions([(7, 10, "inbound", "catch-up"), (8, 12, "outbound", "catch-up")])
    tags = pd.DataFrame({"owner": "contact", "contact_id": pd.array([7, 8], dtype="Int64"),
                         "kind": "interest", "text": ["Climate", "climate"]})
    p = plan.weekly_plan(contacts, inter, as_of=AS_OF, tags=tags, size=3)
    intro = p.loc[p["interaction_kind"] == "intro-made"].iloc[0]
    assert {intro["contact_id"], intro["other_id"]} == {7, 8}
    assert "only connect you if you both say yes" in intro["message"]
    assert "climate" in intro["reason"].lower()


@pytest.mark.parametrize("exchanges, opening, since", [
    ([(1, 1500, "mutual", "catch-up")], "it's been a while since we last talked", "last in touch 4 years ago"),
    ([], "never properly talked", "connected 8 years ago, never in touch"),
])
def test_revive_messages_match_whether_you_were_ever_in_touch(exchanges, opening, since):
    contacts = _contacts([{"contact_id": 1, "full_name": "Dora Dormant", "position": "VP Energy"}])
    p = plan.weekly_plan(contacts, _interactions(exchanges), as_of=AS_OF, size=3)
    row = p.loc[p["category"] == "revive"].iloc[0]
    assert opening in row["message"] and since in row["reason"]


# ----------------------------------------------------------------------------- layering and old names


def test_the_plan_names_live_in_workbook_plan_only():
    # They moved out of health: an analysis never reaches up to the module that composes analyses.
    for name in ("weekly_plan", "plan_records", "plan_to_ics", "plan_to_checklist", "PLAN_COLUMNS"):
        assert hasattr(plan, name)
        assert not hasattr(health, name)


def test_health_does_not_import_the_plan_or_other_analyses():
    # `import workbook` itself loads the store (workbook/__init__.py): count only what the analyses add.
    code = ("import sys, workbook; before = set(sys.modules); import workbook.health, workbook.outreach; "
            "print(sorted(m for m in set(sys.modules) - before if m in ('workbook.plan', 'workbook.common_ground', "
            "'workbook.mapping') or m.startswith(('workbook.store', 'workbook.ui', 'workbook.figures'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ----------------------------------------------------------------------------- on the demo


@pytest.fixture(scope="module")
def demo_frames(tmp_path_factory):
    from workbook.demo import write_demo

    book = write_demo(tmp_path_factory.mktemp("plan-demo") / "demo.sqlite")
    frames = dict(contacts=book.contacts(include_archived=True), interactions=book.interactions(),
                  tags=book.tags(), goals=book.goals(), outreach=book.outreach(), links=book.links(),
                  settings=book.settings(), history=book.outreach_history(), as_of=book.as_of())
    book.close()
    return frames


@settings(max_examples=10, deadline=None)
@given(size=st.integers(1, 12))
def test_demo_plan_is_unique_within_size_and_explains_any_shortfall(demo_frames, size):
    p = plan.weekly_plan(**demo_frames, size=size)
    people = p["contact_id"].tolist() + [int(x) for x in p["other_id"].dropna()]
    assert len(people) == len(set(people)) and 1 <= len(p) <= size
    assert (p.attrs["shortfall"] == "") == (len(p) == size)
    assert p["due"].between(pd.Timestamp(demo_frames["as_of"]),
                            pd.Timestamp(demo_frames["as_of"]) + pd.Timedelta(days=7)).all()


def test_demo_plan_puts_the_owed_thank_you_first_and_exports(demo_frames):
    p = plan.weekly_plan(**demo_frames)
    assert p["category"].iloc[0] == "follow-up" and "(met)" in p["reason"].iloc[0]
    assert set(p["category"]) == {"nurture", "follow-up", "give", "revive"}
    events = icalendar.Calendar.from_ical(plan.plan_to_ics(p, as_of=demo_frames["as_of"])).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == p["action"].tolist()
    assert [r["step"] for r in plan.plan_records(p)] == list(range(1, len(p) + 1))


# ----------------------------------------------------------------------------- issue 19: what the walk found

BANNED = ("just checking in", "checking in", "...", "…")


def _walk_week():
    """What the newcomer walk had: a close tie three years silent, a pipeline step due in 7 days, a
    LinkedIn-style crowd of old connections never in touch, and one who recommended you years ago."""
    rows = [{"contact_id": 1, "full_name": "Rafa Close", "circle": "close"},
            {"contact_id": 2, "full_name": "Val Mentor"}]
    rows += [{"contact_id": k, "full_name": f"Old {k}", "position": "Director of Energy"} for k in range(10, 20)]
    contacts = _contacts(rows)
    inter = _interactions([(1, 1245, "mutual", "catch-up"), (2, 30, "inbound", "catch-up")])
    out = _outreach([{"outreach_id": 1, "contact_id": 2, "stage": "contacted"}])
    return contacts, inter, out, _history([(1, 0, "contacted")])


@pytest.mark.parametrize("size", [6, 9])
def test_the_walks_dormant_close_tie_and_due_step_are_in_the_plan_and_a_short_plan_says_why(size):
    contacts, inter, out, hist = _walk_week()
    p = plan.weekly_plan(contacts, inter, as_of=AS_OF, outreach=out, history=hist, goals=GOALS, size=size)
    by_person = p.set_index("contact_id")
    assert by_person.loc[1, "category"] == "nurture"  # a close tie, dormant: nurtured, not left out
    assert "Close circle, dormant: last in touch 3 years ago" in by_person.loc[1, "reason"]
    assert by_person.loc[2, "category"] == "follow-up"  # due in exactly 7 days: this week
    assert (p["category"] == "revive").sum() == 2
    assert len(p) < size and p.attrs["shortfall"].startswith(f"{len(p)} of the {size} actions you asked for")
    assert "8 more wait for the weeks ahead" in p.attrs["shortfall"]
    assert p["contact_id"].is_unique


def test_a_never_contacted_close_tie_is_connected_not_last_in_touch():
    contacts = _contacts([{"contact_id": 1, "full_name": "Nora Never", "circle": "close"}])  # connected 3000 d ago
    p = plan.weekly_plan(contacts, _interactions([]), as_of=AS_OF, size=3)
    row = p.iloc[0]
    assert "connected 8 years ago, never in touch" in row["reason"] and "last in touch" not in row["reason"]
    assert "never properly talked" in row["message"] and "far too long" not in row["message"]


def test_an_owed_thank_you_in_the_persons_own_words_still_comes_first():
    contacts, inter, out, hist = _busy_week()
    out = out.assign(next_step=np.where(out["outreach_id"] == 3, "Send my notes and a thank-you", out["next_step"]),
                     due_date=out["due_date"].where(out["outreach_id"] != 3, AS_OF + pd.Timedelta(days=5)))
    for size in (1, 3, 6):
        p = plan.weekly_plan(contacts, inter, as_of=AS_OF, outreach=out, history=hist, goals=GOALS, size=size)
        first = p.iloc[0]
        assert first["contact_id"] == 22 and first["action"].startswith("Send my notes and a thank-you")
        assert "thank you again for your time" in first["message"]
        assert first["due"] == AS_OF  # the rule's date was earlier (overdue): it wins over the later plan


def test_the_checklist_ticks_the_steps_done():
    p = _plan(4)
    text = plan.plan_to_checklist(p, done={int(p["step"].iloc[1])})
    boxes = [line[:5] for line in text.splitlines() if line.startswith("- [")]
    assert boxes == ["- [ ]", "- [x]", "- [ ]", "- [ ]"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "", "inner", "close", "active", "meaningful"]),
                          st.lists(st.integers(0, 2000), max_size=6), st.sampled_from(["", "Acme"])),
                min_size=1, max_size=12), st.integers(1, 12))
def test_plan_messages_are_ones_a_person_would_send(people, size):
    rows = [{"contact_id": k + 1, "full_name": f"Pat {k}", "circle": c, "company": co}
            for k, (c, _, co) in enumerate(people)]
    ex = [(k + 1, ago, "mutual", "catch-up") for k, (_, agos, _) in enumerate(people) for ago in agos]
    p = plan.weekly_plan(_contacts(rows), _interactions(ex), as_of=AS_OF, size=size)
    assert p["contact_id"].is_unique and len(p) <= size
    assert (p.attrs["shortfall"] == "") == (len(p) == size)
    never = {k + 1 for k, (_, agos, _) in enumerate(people) if not agos}
    for row in p.itertuples():
        assert not any(b in row.message.lower() for b in BANNED), row.message
        if row.contact_id in never:
            assert "far too long" not in row.message and "last in touch" not in row.reason
