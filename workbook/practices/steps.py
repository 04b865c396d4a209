"""The practice loops' steps for the weekly plan (:func:`workbook.plan.weekly_plan` calls these).

Pure: DataFrames in, plain step dicts out (the keys of :data:`workbook.plan.PLAN_COLUMNS`, plus
``category`` when a step says which kind it is), ``as_of`` explicit. Nothing here chooses the week:
the plan does, and one person still gets one step.

Where the loop steps rank (why):

1. **time-critical**, before the plan's slot order, after an outreach thank-you: a thank-you owed for
   a referral or recommendation you were given (gratitude is owed now, and the reciprocity norm,
   Gouldner 1960, is what earns the next one), then a follow-up still inside its 48-hour window
   after an event (the other person still remembers the conversation), then an ask you received
   and have not answered (someone is waiting; a kind no is an answer too);
2. **your own goal**: the first measurable goal not met yet this period, as one step for a person
   who would count toward it, right after the time-critical ones: the person chose that goal;
3. an event follow-up whose 48 hours have passed (still within 30 days) heads the pipeline's
   follow-up queue: it still helps, but nothing closes tomorrow;
4. **the engagement habit**: one "Comment on a post by NAME" step, second in the nurture queue: a
   comment takes a minute and keeps a close tie warm between conversations, but it never
   replaces a conversation with the most overdue tie.

When one person has several loop steps (met at an event yesterday, and they asked you for a
recommendation), the first keeps the slot and says the other in its reason.

>>> c = pd.DataFrame({"contact_id": [7], "full_name": ["Ana Li"]})
>>> a = pd.DataFrame({"ask_id": [1], "contact_id": [7], "kind": ["referral"], "direction": ["made"],
...     "specifics": ["the PM role"], "status": ["given"], "asked_on": pd.to_datetime(["2026-10-01"]),
...     "answered_on": pd.to_datetime(["2026-10-10"]), "thanked_on": pd.to_datetime([None])})
>>> loops = gather_loops(c, c.iloc[:0].assign(date=[]), pd.Series(dtype=object), asks=a, as_of="2026-10-15")
>>> loop_items(loops, pd.Series({7: "Ana"}), as_of="2026-10-15")["urgent"][0]["action"]
'Thank Ana for the referral'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .asks import asks_to_answer, thank_yous_due
from .events import event_follow_ups
from .online import engagement_by_week, habit_status, habit_target, suggest_engagements
from .progress import count_targets, goal_words, progress_against_targets, progress_sentence

__all__ = ["Loops", "gather_loops", "loop_items", "goal_items", "loop_choices", "count_waiting", "GOAL_STEP_METRICS"]

#: Goals a step can serve by naming a person (events, new people and asks made have nobody to name yet:
#: the plan says where they stand in ``plan.attrs["goals"]`` instead).
GOAL_STEP_METRICS = ("conversations", "revived ties", "posts engaged")
#: Whole periods the goal's sentence looks back over (the Progress page's chart shows as many).
GOAL_PERIODS = 8
#: Engagement suggestions kept, so one free person remains after the plan's others are placed.
ENGAGE_CHOICES = 6


@dataclass
class Loops:
    """What the loops say this week (frames as the practices modules return them)."""

    follow_ups: pd.DataFrame = field(default_factory=pd.DataFrame)
    thanks: pd.DataFrame = field(default_factory=pd.DataFrame)
    answers: pd.DataFrame = field(default_factory=pd.DataFrame)
    habit: dict | None = None
    engage: pd.DataFrame = field(default_factory=pd.DataFrame)
    goals: pd.DataFrame = field(default_factory=pd.DataFrame)

    def ids(self) -> set[int]:
        """Everyone a loop step may name (for the plan's first names)."""
        frames = (self.follow_ups, self.thanks, self.answers, self.engage)
        return {int(c) for f in frames if "contact_id" in f for c in f["contact_id"]}


def _keep(frame: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    if not len(frame):
        return frame
    return frame.loc[frame["contact_id"].astype("int64").isin(ids).to_numpy()].reset_index(drop=True)


def gather_loops(contacts: pd.DataFrame, interactions: pd.DataFrame, circles: pd.Series, *, as_of: Any,
                 events: pd.DataFrame | None = None, event_people: pd.DataFrame | None = None,
                 asks: pd.DataFrame | None = None, targets: pd.DataFrame | None = None) -> Loops | None:
    """The loops' facts for this week, for the (non-archived) ``contacts`` only; None when no loop
    table was given (the plan is then what it was before the loops). ``circles``: each contact's
    circle by contact_id (health's ``circle``)."""
    if all(t is None for t in (events, event_people, asks, targets)):
        return None
    ids = pd.Index(contacts["contact_id"].astype("int64"))
    out = Loops()
    if events is not None and event_people is not None and len(events) and len(event_people):
        out.follow_ups = _keep(event_follow_ups(events, event_people, interactions, contacts, as_of=as_of), ids)
    if asks is not None and len(asks):
        out.thanks = _keep(thank_yous_due(asks, contacts, as_of=as_of), ids)
        out.answers = _keep(asks_to_answer(asks, contacts, as_of=as_of), ids)
    target = habit_target(targets)
    by_week = engagement_by_week(interactions, contacts, circles, as_of=as_of, weeks=GOAL_PERIODS)
    out.habit = {**habit_status(by_week, target), "per": target["per"], "n": target["n"]}
    if out.habit["to_go"]:
        out.engage = suggest_engagements(contacts, circles, interactions, as_of=as_of, n=ENGAGE_CHOICES)
    if targets is not None and len(targets):
        counts = count_targets(targets, interactions, contacts, events, event_people, asks, as_of=as_of,
                               periods=GOAL_PERIODS)
        rows = progress_against_targets(targets, counts, as_of=as_of)
        out.goals = rows.loc[~rows["met_now"].astype(bool).to_numpy()].reset_index(drop=True)
    return out


def _day(value: Any, as_of: pd.Timestamp) -> pd.Timestamp:
    return max(pd.Timestamp(value).normalize(), as_of)


def _short(text: Any, n: int = 80) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _follow_up(r: Any, f: str, as_of: pd.Timestamp) -> dict:
    title = _short(r.event_title)
    return {"contact_id": int(r.contact_id), "action": f"Follow up with {f} after {title}", "reason": r.reason,
            "message": (f"Hi {f}, it was good to meet you at {title}. I enjoyed our talk about [what you talked "
                        "about], and [one thing you can offer: a link, a name or an idea]. Shall we stay in touch?"),
            "channel": "message", "interaction_kind": "follow-up", "due": _day(r.due, as_of), "category": "follow-up"}


def _thank(r: Any, f: str, as_of: pd.Timestamp) -> dict:
    return {"contact_id": int(r.contact_id), "category": "follow-up", "action": f"Thank {f} for the {r.kind}",
            "reason": r.reason,
            "message": (f"Hi {f}, thank you so much for the {r.kind}. [How it turned out, or what happens next.] "
                        "I really appreciate you putting your name to it; if I can return the favour, just say."),
            "channel": "message", "interaction_kind": "follow-up", "due": _day(r.due, as_of), "ask_id": int(r.ask_id)}


def _answer(r: Any, f: str, as_of: pd.Timestamp) -> dict:
    return {"contact_id": int(r.contact_id), "category": "give", "action": f"Answer {f}'s {r.kind} ask",
            "reason": r.reason,
            "message": (f"Hi {f}, thank you for asking me for a {r.kind}. [Yes: when you need it by, and the two "
                        "things you would like me to mention.] [Or a kind no: why I am not the right person, and "
                        "who might be.]"),
            "channel": "message", "interaction_kind": "follow-up", "due": _day(r.due, as_of), "ask_id": int(r.ask_id)}


def _engage(r: Any, f: str, habit: dict) -> dict:
    done = f"{habit['this_week']} so far, {habit['to_go']} to go"
    who = f"{r.full_name}: {r.reason}."
    return {"contact_id": int(r.contact_id), "category": "nurture", "action": f"Comment on a post by {f}",
            "reason": f"Your engagement habit: {habit['target']} posts a week from your inner circles ({done}). {who}",
            "who": who,
            "message": (f"Look for {f}'s latest post and comment with something specific: a point you agree with, "
                        "a question, or an example of your own (more than 'great post')."),
            "channel": "social", "interaction_kind": "other"}


def _merge(items: list[dict]) -> list[dict]:
    """One step per person: the first keeps the slot; the others are said in its reason."""
    first: dict[int, dict] = {}
    for item in items:
        cid = item["contact_id"]
        if cid in first:
            first[cid]["reason"] += f" Also: {item['reason']}"
        else:
            first[cid] = dict(item)
    return list(first.values())


def loop_items(loops: Loops, first: pd.Series, *, as_of: Any) -> dict[str, list]:
    """The loops' plan items: ``urgent`` (time-critical, in rank order), ``late`` (event follow-ups
    past their 48 hours, for the front of the follow-up queue) and ``engage`` (alternatives for the one
    engagement step: the plan takes the first person not already in it)."""
    as_of = pd.Timestamp(as_of).normalize()

    def name(cid: Any, full: Any) -> str:
        return str(first.get(int(cid), "") or full or "")

    fu = loops.follow_ups
    window = fu.loc[~fu["overdue"].astype(bool).to_numpy()] if len(fu) else fu
    late = fu.loc[fu["overdue"].astype(bool).to_numpy()] if len(fu) else fu
    urgent = ([_thank(r, name(r.contact_id, r.full_name), as_of) for r in loops.thanks.itertuples(index=False)]
              + [_follow_up(r, name(r.contact_id, r.full_name), as_of) for r in window.itertuples(index=False)]
              + [_answer(r, name(r.contact_id, r.full_name), as_of) for r in loops.answers.itertuples(index=False)])
    urgent = _merge(urgent)
    taken = {u["contact_id"] for u in urgent}
    late_items = _merge([_follow_up(r, name(r.contact_id, r.full_name), as_of) for r in late.itertuples(index=False)
                         if int(r.contact_id) not in taken])
    engage = [_engage(r, name(r.contact_id, r.full_name), loops.habit)
              for r in loops.engage.itertuples(index=False)] if loops.habit and len(loops.engage) else []
    return {"urgent": urgent, "late": late_items, "engage": engage}


def _period_end(row: Any, as_of: pd.Timestamp) -> pd.Timestamp:
    start = pd.Timestamp(row["period_start"])
    end = start + (pd.Timedelta(days=6) if row["per"] == "week" else pd.offsets.MonthEnd(0))
    return min(max(end, as_of), as_of + pd.Timedelta(days=6))


def goal_items(loops: Loops | None, candidates: dict[str, list[dict]], engage: list[dict], *,
               as_of: Any) -> tuple[list[dict], list[str], str]:
    """The one goal step's alternatives (the plan takes the first free person), a sentence per
    goal not met yet this period (plain text, for ``plan.attrs["goals"]``) and the metric the step serves.

    The step serves the first unmet goal of :data:`GOAL_STEP_METRICS`: a conversation (the
    nurture, then revive candidates), a revived tie (the revive candidates: every dormant tie is
    past the 180 days a revived tie needs) or a post engaged (the engagement suggestions)."""
    as_of = pd.Timestamp(as_of).normalize()
    if loops is None or not len(loops.goals):
        return [], [], ""
    rows = loops.goals.to_dict("records")
    sentences = [f"Your goal is {goal_words(r['metric'], r['n'], r['per'])}. {progress_sentence(r)}" for r in rows]
    pools = {"conversations": [("nurture", candidates.get("nurture", [])), ("revive", candidates.get("revive", []))],
             "revived ties": [("revive", candidates.get("revive", []))],
             "posts engaged": [("nurture", engage)]}
    for row in rows:
        if row["metric"] not in GOAL_STEP_METRICS:
            continue
        lead = f"Your goal is {goal_words(row['metric'], row['n'], row['per'])}. {progress_sentence(row)}"
        due = _period_end(row, as_of)
        # An engagement's own reason repeats the habit (the same goal): keep only who and why them.
        options = [{**item, "category": kind, "due": item.get("due") or due,
                    "reason": f"{lead} {item.get('who') or item['reason']}"}
                   for kind, pool in pools[row["metric"]] for item in pool]
        if options:
            return options, sentences, row["metric"]
    return [], sentences, ""


def loop_choices(loops: Loops | None, first: pd.Series, candidates: dict[str, list[dict]], *,
                 as_of: Any) -> tuple[dict[str, list], list[dict], list[str]]:
    """:func:`loop_items` and :func:`goal_items` for the plan: (loop items, goal alternatives, goal
    sentences). When the goal is posts engaged, its step is the engagement: one comment step, not two."""
    extra = loop_items(loops, first, as_of=as_of) if loops is not None else {}
    goal, notes, metric = goal_items(loops, candidates, extra.get("engage", []), as_of=as_of)
    if metric == "posts engaged":
        extra["engage"] = []
    return extra, goal, notes


def count_waiting(extra: dict[str, list], chosen_ids: Any) -> int:
    """Time-critical loop steps whose person is not in the plan (no room for them this time).

    >>> count_waiting({"urgent": [{"contact_id": 1}, {"contact_id": 2}]}, [1])
    1
    """
    ids = set(int(c) for c in chosen_ids)
    return sum(1 for u in extra.get("urgent", []) if int(u["contact_id"]) not in ids)
