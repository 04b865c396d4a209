"""This week's networking plan: the one module that composes the analyses.

Analyses never import each other; this module may. It takes the health of every tie
(:func:`workbook.health.assess`), the dormant ties worth reviving
(:func:`workbook.health.rank_dormant`), the mentor pipeline's dated next steps
(:func:`workbook.outreach.follow_ups`, the same list Mentor outreach shows) and the introductions
common ground suggests (:func:`workbook.common_ground.suggest_introductions`), and turns them into
a short, balanced list of actions, each with a reason and a suggested message. Exports:
:func:`plan_records` (plain dicts for widgets), :func:`plan_to_ics` (one calendar event per
step, via :func:`workbook.core.calendar.write_calendar`) and :func:`plan_to_checklist` (markdown).

How the week is chosen:

1. an outreach **thank-you** falling due this week (or overdue) comes first: gratitude after a
   meeting is never pushed out by the slot order;
2. then the kinds take turns (:data:`_SLOTS`) so none crowds out the others, revive at most two,
   follow-ups and gifts about a third each;
3. if one kind runs short, the others fill the week; one person appears once, in one step
   (the practice loops' steps rank as :mod:`workbook.practices.steps` explains);
4. when fewer actions exist than were asked for, ``plan.attrs["shortfall"]`` says why
   (an empty string when the plan is full), and the checklist repeats it.

>>> import pandas as pd
>>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Ada Byron"], "circle": ["inner"],
...                   "connected_on": pd.to_datetime(["2020-01-01"])})
>>> i = pd.DataFrame({"contact_id": [1], "date": pd.to_datetime(["2026-08-01"]), "direction": ["mutual"],
...                   "kind": ["catch-up"]})
>>> plan = weekly_plan(c, i, as_of="2026-10-15", size=3)
>>> plan["action"].tolist(), plan.attrs["shortfall"].startswith("1 of the 3 actions")
(['Call Ada'], True)
"""
from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from .common_ground import suggest_introductions
from .core.calendar import write_calendar
from .health import assess, describe_since, rank_dormant
from .outreach import follow_ups
from .practices.steps import count_waiting, gather_loops, loop_choices
from .schema import OPEN_STAGES

__all__ = ["PLAN_COLUMNS", "PLAN_CATEGORIES", "weekly_plan", "plan_records", "plan_to_ics", "plan_to_checklist"]

PLAN_COLUMNS = ["step", "category", "contact_id", "full_name", "other_id", "other_name", "action", "reason",
                "message", "channel", "interaction_kind", "due", "outreach_id", "ask_id"]
PLAN_CATEGORIES = ("nurture", "follow-up", "revive", "give")
#: Slot order that keeps a plan balanced; revive at most two, follow-ups and gifts a third each.
_SLOTS = ("nurture", "follow-up", "give", "revive", "nurture", "give", "follow-up", "revive", "nurture", "give",
          "follow-up", "nurture")
_CIRCLE_CHANNEL = {"inner": "call", "close": "message", "active": "message", "meaningful": "email"}
#: Dormant ties revived in one week at most (each reconnection deserves a considered message).
_REVIVE_CAP = 2
#: Pipeline steps a plan can ask for: "rest" is a decision to wait, "find" has nobody to write to yet.
_NOT_ACTIONS = ("rest", "find")
#: Days ahead a pipeline step may fall due and still be "this week" (as Mentor outreach counts it).
WEEK_DAYS = 7
#: Why a kind of step is missing from a short plan (see :func:`_shortfall`).
_NONE_LEFT = {
    "nurture": "no inner, close or active tie is overdue",
    "follow-up": "no mentor-pipeline step falls due this week",
    "revive": "no dormant tie stands out to revive",
    "give": "no favour to return, introduction to make or interest to share was found",
}
#: Suggested messages per pipeline step ({f}: first name, {goal}: " about <goal>" or "").
#: Brackets mark what only the person can fill in: never a "..." gap.
_STEP_MESSAGES = {
    "thank-you": ("Hi {f}, thank you again for your time{goal}. [One thing you took from our conversation] "
                  "was exactly what I needed, and I'm putting it into practice this week."),
    "update": ("Hi {f}, a quick update since we last spoke: [one concrete step you took since]. "
               "Thank you for the push; I'd value your view on what to try next."),
    "plan-meeting": "Hi {f}, thank you for getting back to me! Would [two times that suit you] work for a "
                    "twenty-minute call{goal}?",
    "check-intro": ("Hi, thank you again for offering to introduce me to {f}{goal}. Would a short email "
                    "introducing us still suit you? I'm happy to draft it."),
    "first-message": ("Hi {f}, your experience stood out to me while I've been working{goal}. Would you have "
                      "twenty minutes in the coming weeks? I'd come with three specific questions; if the timing "
                      "is wrong, no worries at all."),
    "follow-up": ("Hi {f}, I wanted to follow up on my earlier note. I know things get busy: if twenty minutes "
                  "in the coming weeks works for you, I'd be grateful; if not, no worries at all."),
}
#: The message for the person's own next step, by stage.
_STAGE_STEP = {"identified": "first-message", "researching": "first-message", "intro requested": "check-intro",
               "contacted": "follow-up", "replied": "plan-meeting", "met": "thank-you",
               "ongoing mentor": "update"}


# ----------------------------------------------------------------------------- small helpers


def _first_names(contacts: pd.DataFrame) -> pd.Series:
    c = contacts.set_index(contacts["contact_id"].astype("int64"))
    c = c.loc[~c.index.duplicated()]
    full = c["full_name"].astype(object).fillna("").astype(str)
    first = c["first_name"].astype(object).fillna("").astype(str) if "first_name" in c else full.str.split().str[0]
    first = first.where(first.str.strip() != "", full.str.split().str[0]).fillna("")
    return first.where(first != "", full)


def _contact_tags(tags: pd.DataFrame | None, kinds: tuple[str, ...]) -> pd.DataFrame:
    if tags is None or len(tags) == 0:
        return pd.DataFrame({"contact_id": pd.Series(dtype="int64"), "kind": pd.Series(dtype=object),
                             "text": pd.Series(dtype=object)})
    t = tags.loc[(tags["owner"] == "contact").to_numpy() & tags["kind"].isin(kinds).to_numpy()]
    return pd.DataFrame({"contact_id": t["contact_id"].astype("int64").to_numpy(),
                         "kind": t["kind"].astype(object).to_numpy(), "text": t["text"].astype(object).to_numpy()})


def _profile_interests(tags: pd.DataFrame | None) -> set[str]:
    if tags is None or len(tags) == 0:
        return set()
    t = tags.loc[(tags["owner"] == "profile").to_numpy()]
    return set(t["text"].astype(str).str.lower())


def _first_interest(interests: pd.DataFrame, ids: Any, mine: set[str]) -> pd.Series:
    """Per contact, an interest tag to talk about: one the person shares first, else their first."""
    t = interests.loc[interests["contact_id"].isin(ids).to_numpy()]
    t = t.assign(other=~t["text"].astype(str).str.lower().isin(mine)).sort_values("other", kind="stable")
    return t.groupby("contact_id")["text"].first()


def _days_phrase(days: float) -> str:
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return "no date on record"
    days = int(days)
    if days >= 730:
        return f"{days // 365} years ago"
    if days >= 60:
        return f"{days // 30} months ago"
    return f"{days} days ago" if days != 1 else "yesterday"


def _times(n: int) -> str:
    return {0: "not yet", 1: "once", 2: "twice"}.get(int(n), f"{int(n)} times")


# ----------------------------------------------------------------------------- candidates per kind


#: Circles whose overdue ties the plan nurtures (a dormant one too: the circle says it matters).
_NURTURED = ("inner", "close", "active")


def _nurture(health: pd.DataFrame) -> pd.DataFrame:
    """Overdue inner and close ties first (then active), most overdue relative to cadence first.

    A dormant tie in one of these circles is overdue too: only a circle the person set can keep a
    three-year silence there, so it is left to nurture, not to the revive ranking (issue 19)."""
    circle = health["circle"].astype(object)
    status = health["status"].astype(object)
    pool = health.loc[(circle.isin(list(_NURTURED))
                       & status.isin(["cooling", "at-risk", "dormant"])).to_numpy()]
    rank = pool["circle"].astype(object).map({"inner": 0, "close": 1, "active": 2})
    ratio = pool["days_since"].astype("float64").fillna(1e9) / pool["cadence_days"].astype("float64")
    return pool.assign(_rank=rank, _ratio=ratio).sort_values(["_rank", "_ratio"], ascending=[True, False],
                                                            kind="stable")


def _pipeline_steps(outreach: pd.DataFrame | None, history: pd.DataFrame | None, health: pd.DataFrame,
                    goals: pd.DataFrame | None, *, as_of: pd.Timestamp, settings: dict | None,
                    interactions: pd.DataFrame | None, contacts: pd.DataFrame) -> pd.DataFrame:
    """The pipeline's next steps (:func:`workbook.outreach.follow_ups`) due this week or overdue, for
    contacts still in the network: one per person (a thank-you first, else the earliest due), with
    the row's draft and goal title. Columns: some of follow_ups' and ``urgent`` (the row owes a thank-you),
    ``draft``, ``goal_title``."""
    cols = ["outreach_id", "contact_id", "stage", "step", "rule_step", "title", "due", "latest", "overdue", "urgent",
            "draft", "goal_title"]
    if outreach is None or len(outreach) == 0:
        return pd.DataFrame(columns=cols)
    rows = outreach.loc[outreach["stage"].isin(OPEN_STAGES).to_numpy() & outreach["contact_id"].notna().to_numpy()]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    steps = follow_ups(rows, history, as_of=as_of, settings=settings, interactions=interactions, contacts=contacts)
    steps = steps.loc[steps["contact_id"].notna().to_numpy() & ~steps["step"].isin(_NOT_ACTIONS).to_numpy()
                      & (steps["due"] <= as_of + pd.Timedelta(days=WEEK_DAYS)).to_numpy()]
    steps = steps.assign(contact_id=steps["contact_id"].astype("int64"))
    steps = steps.loc[steps["contact_id"].isin(health.index).to_numpy()]
    # Several rows or steps for one person (two goals, a rule step and their own): one message. A row
    # owing a thank-you goes first; within a row the person's own next step wins over the rule's
    # wording; then the earliest due.
    # The person's own step may stand in for the rule's thank-you (``rule_step``): still owed first.
    thanks = steps.loc[(steps["rule_step"] == "thank-you").to_numpy(), "outreach_id"]
    steps = (steps.assign(urgent=steps["outreach_id"].isin(thanks), _rule=steps["step"] != "your-plan")
             .sort_values(["urgent", "_rule", "due", "outreach_id"], ascending=[False, True, True, True],
                          kind="stable")
             .drop_duplicates("contact_id"))
    by_row = rows.set_index("outreach_id")
    draft = by_row["draft"].astype(object).fillna("").astype(str) if "draft" in by_row else pd.Series(dtype=object)
    titles = (goals.set_index("goal_id")["title"] if goals is not None and len(goals) else pd.Series(dtype=object))
    goal_title = steps["goal_id"].map(titles).astype(object).fillna("") if len(titles) else ""
    return steps.assign(draft=steps["outreach_id"].map(draft).fillna(""), goal_title=goal_title)[cols]


def _recommendations(live: pd.DataFrame) -> list[dict]:
    """Someone who has given you more than you gave back: a public thank-you."""
    owed = live.loc[(live["take"] > live["give"]).to_numpy()]
    owed = owed.assign(owed=owed["take"] - owed["give"]).sort_values(["owed", "score"], ascending=False,
                                                                      kind="stable")
    return [{"type": "recommend", "contact_id": int(i), "take": int(r.take), "give": int(r.give)}
            for i, r in zip(owed.index[:6], owed.head(6).itertuples())]


def _introductions(pool: pd.Index, contacts: pd.DataFrame, tags: pd.DataFrame | None,
                   links: pd.DataFrame | None) -> list[dict]:
    """Two people in your closer circles who share something and work apart, by common ground's rules
    (:func:`workbook.common_ground.suggest_introductions` on those few contacts, one shared item enough)."""
    if len(pool) < 2:
        return []
    few = contacts.loc[contacts["contact_id"].isin(pool).to_numpy()]
    if tags is None or len(tags) == 0:
        tags = pd.DataFrame({"owner": pd.Series(dtype=object), "contact_id": pd.Series(dtype="Int64"),
                             "kind": pd.Series(dtype=object), "text": pd.Series(dtype=object)})
    near = tags.loc[(tags["owner"] == "contact").to_numpy() & tags["contact_id"].isin(pool).to_numpy()]
    pairs = suggest_introductions(few, near, links, top=6, min_shared=1)
    return [{"type": "introduce", "contact_id": int(r.a), "other_id": int(r.b),
             "topic": str(r.shared).split("; ")[0], "why": str(r.reason)} for r in pairs.itertuples(index=False)]


def _shares(live: pd.DataFrame, ctags: pd.DataFrame, mine: set[str]) -> list[dict]:
    """A tie you have not helped lately, and something on what they care about."""
    circle = live["circle"].astype(object)
    interests = ctags.loc[(ctags["kind"] == "interest").to_numpy()]
    pool = live.loc[(circle.isin(["close", "active", "meaningful"])
                     & live.index.isin(interests["contact_id"])).to_numpy()]
    pool = pool.sort_values(["give", "days_since"], ascending=[True, False], kind="stable").head(6)
    first_interest = _first_interest(interests, pool.index, mine)
    return [{"type": "share", "contact_id": int(i), "topic": str(first_interest.get(i, ""))} for i in pool.index]


def _gives(health: pd.DataFrame, ctags: pd.DataFrame, mine: set[str], contacts: pd.DataFrame,
           tags: pd.DataFrame | None, links: pd.DataFrame | None) -> list[dict]:
    """Ways to give value, interleaved by type: recommend, introduce, share."""
    # At-risk ties too: giving something is a good way back to a tie that is fading.
    live = health.loc[health["status"].astype(object).isin(["thriving", "steady", "cooling", "new",
                                                            "at-risk"]).to_numpy()]
    closer = live.index[live["circle"].astype(object).isin(["inner", "close", "active", "meaningful"]).to_numpy()]
    groups = (_recommendations(live), _introductions(closer, contacts, tags, links), _shares(live, ctags, mine))
    return [group[k] for k in range(6) for group in groups if k < len(group)]


# ----------------------------------------------------------------------------- wording


def _nurture_items(nurture: pd.DataFrame, first: pd.Series, topics: pd.Series, company: pd.Series,
                   position: pd.Series) -> list[dict]:
    items = []
    for cid, row in zip(nurture.index, nurture.itertuples()):
        f = first.get(cid, row.full_name)
        channel = _CIRCLE_CHANNEL.get(str(row.circle), "message")
        never = not int(getattr(row, "n_total", 1) or 0) > 0
        items.append({
            "contact_id": int(cid),
            "action": f"{'Call' if channel == 'call' else 'Message'} {f}",
            "reason": (f"{str(row.circle).capitalize()} circle, {row.status}: "
                       f"{describe_since(row.days_since, getattr(row, 'n_total', 1))}; "
                       f"you aim for every {int(row.cadence_days)} days."),
            "message": _nurture_message(f, topics.get(cid), company.get(cid) or "", position.get(cid) or "",
                                        never=never, dormant=str(row.status) == "dormant"),
            "channel": channel, "interaction_kind": "catch-up",
        })
    return items


def _nurture_message(f: str, topic: Any, company: str, position: str, *, never: bool, dormant: bool) -> str:
    """A message with a reason to write: something shared, their work, else a bracket the person fills
    with their own news (never a bare "just checking in")."""
    if topic:
        hook = f"You came to mind because of {topic}: how are things going with it for you?"
    elif position and company:
        hook = f"How is the work as {position} at {company} going? I'd love to hear what you're focused on."
    elif company:
        hook = f"How are things at {company}? I'd love to hear what you're focused on."
    else:
        hook = "[One line on what made you think of them, or your own news], and I'd love to hear yours."
    if never:
        opening = f"Hi {f}, we're connected but have never properly talked, and I'd like to change that. "
    elif dormant:
        opening = f"Hi {f}, it's been a few years, and I've missed our conversations. "
    else:
        opening = f"Hi {f}, "
    return f"{opening}{hook} Free for a coffee or a quick call in the next week or two?"


def _follow_up_items(steps: pd.DataFrame, first: pd.Series, name: pd.Series, as_of: pd.Timestamp) -> list[dict]:
    items = []
    for row in steps.itertuples(index=False):
        cid = int(row.contact_id)
        f = first.get(cid, name.get(cid, ""))
        goal = f" about {row.goal_title}" if row.goal_title else ""
        late = (as_of - row.due).days
        when = f"was due {_days_phrase(late)}" if late > 0 else (
            "is due today" if late == 0 else f"is due {row.due:%a %d %b}")
        kind = (row.rule_step or _STAGE_STEP.get(row.stage, "follow-up")) if row.step == "your-plan" else row.step
        if kind in ("first-message", "check-intro") and row.draft.strip():
            message = row.draft.strip()
        else:
            message = _STEP_MESSAGES.get(kind, _STEP_MESSAGES["follow-up"]).format(f=f, goal=goal)
        action = f"{str(row.title).strip()[:80]} ({f})" if row.step == "your-plan" else str(row.title)[:100]
        items.append({
            "contact_id": cid, "action": action,
            "reason": f"Mentor outreach ({row.stage}){goal}: the next step {when}.",
            "message": message, "channel": "email", "interaction_kind": "follow-up",
            "due": max(row.due, as_of), "outreach_id": int(row.outreach_id),
            "urgent": bool(row.urgent),
        })
    return items


def _revive_items(revive: pd.DataFrame, first: pd.Series, health: pd.DataFrame) -> list[dict]:
    items = []
    never = (health["n_total"] == 0) if "n_total" in health else pd.Series(False, index=health.index)
    for cid, row in zip(revive.index, revive.itertuples()):
        f = first.get(cid, row.full_name)
        goal = (f" I've been getting into {row.matched_need} lately" if row.matched_need
                else " I've been thinking about people I'd like to know better")
        at = f" at {row.company}" if row.company else ""
        now = f" and saw you're now {row.position}{at}" if row.position else ""
        # Never "it's been far too long" to someone the person never actually talked to.
        opening = ("we connected a while back but never properly talked!" if bool(never.get(cid, False))
                   else "it's been a while since we last talked.")
        items.append({
            "contact_id": int(cid), "action": f"Reconnect with {f}",
            "reason": f"Dormant tie worth reviving (value {row.value:.0f}/100): {row.reason}.",
            "message": (f"Hi {f}, {opening}{goal}{now}. I'd really value your perspective: could we catch up "
                        "for twenty minutes sometime soon?"),
            "channel": "message", "interaction_kind": "catch-up",
        })
    return items


def _give_items(gives: list[dict], first: pd.Series, name: pd.Series) -> list[dict]:
    items = []
    for g in gives:
        cid = g["contact_id"]
        f = first.get(cid, name.get(cid, ""))
        if g["type"] == "recommend":
            items.append({
                "contact_id": cid, "action": f"Write {f} a recommendation",
                "reason": (f"{name.get(cid, f)} has helped you {_times(g['take'])} and you have helped them "
                           f"{_times(g['give'])}: a specific, public thank-you builds trust."),
                "message": (f"A short LinkedIn recommendation for {f}: one concrete thing they did, the difference "
                            "it made, and who should work with them."),
                "channel": "social", "interaction_kind": "recommendation",
            })
        elif g["type"] == "introduce":
            o = g["other_id"]
            fo = first.get(o, name.get(o, ""))
            # Double opt-in: ask each side before connecting them.
            items.append({
                "contact_id": cid, "other_id": o, "other_name": name.get(o, fo),
                "action": f"Introduce {f} to {fo}",
                "reason": f"{g['why']} They work in different places: an introduction helps both.",
                "message": (f"Hi {f}, I know someone else who cares about {g['topic']}: {fo}. Would you like me to "
                            f"introduce you? I'll ask {fo} too, and only connect you if you both say yes."),
                "channel": "email", "interaction_kind": "intro-made",
            })
        else:
            topic = g["topic"] or "their work"
            items.append({
                "contact_id": cid, "action": f"Share something on {topic} with {f}",
                "reason": f"{name.get(cid, f)} is interested in {topic}; a useful link keeps the tie warm, no ask attached.",
                "message": f"Hi {f}, I came across this on {topic} and thought of you. No need to reply, just enjoy!",
                "channel": "message", "interaction_kind": "resource-shared",
            })
    return items


# ----------------------------------------------------------------------------- choosing the week


def _people(item: dict) -> set[int]:
    return {item["contact_id"], *([item["other_id"]] if item.get("other_id") is not None else [])}


def _choose(candidates: dict[str, list[dict]], size: int, loops: dict[str, list] | None = None,
            goal: list[dict] = ()) -> tuple[list[dict], set[str]]:
    """The week's steps (see the module docstring) and the kinds that had candidates left over but
    lost them to people already in the plan; ``loops`` and ``goal`` rank as :mod:`.practices.steps` says."""
    loops = loops or {}
    caps = {"nurture": size, "follow-up": max(1, size // 3), "give": max(1, size // 3), "revive": _REVIVE_CAP}
    taken = {k: 0 for k in PLAN_CATEGORIES}
    used: set[int] = set()
    chosen: list[dict] = []
    clashed: set[str] = set()
    queues = {k: list(v) for k, v in candidates.items()}
    queues["follow-up"] = list(loops.get("late", [])) + queues["follow-up"]
    if loops.get("engage"):  # a list is one step with alternatives: the first person free takes it
        queues["nurture"].insert(min(1, len(queues["nurture"])), list(loops["engage"]))

    def take(slot: str, item: dict) -> None:
        used.update(_people(item))
        taken[slot] += 1
        chosen.append({"category": slot, **item})

    def next_free(slot: str) -> dict | None:
        while queues[slot]:
            entry = queues[slot].pop(0)
            for item in entry if isinstance(entry, list) else [entry]:
                if not _people(item) & used:
                    return item
            clashed.add(slot)
        return None

    owed = [i for i in queues["follow-up"] if isinstance(i, dict) and i.get("urgent")]
    for item in owed + list(loops.get("urgent", [])):  # never dropped by the slot order
        if len(chosen) >= size:
            break
        if _people(item) & used:
            clashed.add("follow-up")
            continue
        if item.get("urgent"):
            queues["follow-up"].remove(item)
        take(item.get("category", "follow-up"), item)
    queues["goal"] = [list(goal)] if goal else []
    if len(chosen) < size and (item := next_free("goal")) is not None:
        take(item["category"], item)
    for slot in list(_SLOTS) * (size // len(_SLOTS) + 2):
        if len(chosen) >= size or not any(queues[k] and taken[k] < caps[k] for k in PLAN_CATEGORIES):
            break
        if taken[slot] < caps[slot] and (item := next_free(slot)) is not None:
            take(slot, item)
    for slot in ("nurture", "give", "follow-up"):  # one kind ran short: let the others fill the week
        while len(chosen) < size and (item := next_free(slot)) is not None:
            take(slot, item)
    return chosen, clashed


def _shortfall(size: int, chosen: list[dict], candidates: dict[str, list[dict]], clashed: set[str],
               dormant: int) -> str:
    """Why the plan has fewer steps than asked for ("" when it is full); ``dormant`` counts the dormant
    ties the revive ranking could choose from."""
    if len(chosen) >= size:
        return ""
    missing = [_NONE_LEFT[k] for k in PLAN_CATEGORIES if not candidates[k]]
    waiting = dormant - sum(1 for c in chosen if c["category"] == "revive")
    if len(candidates["revive"]) > _REVIVE_CAP and waiting > 0:
        missing.append(f"reconnecting takes care, so the plan suggests {_REVIVE_CAP} dormant ties a week "
                       f"({waiting:,} more wait for the weeks ahead)")
    if clashed:
        missing.append("one person gets one step, so other ideas for people already in this plan were left out")
    why = "; ".join(missing) or "nothing else is due"
    return f"{len(chosen)} of the {size} actions you asked for: {why}."


def _hooks(contacts: pd.DataFrame, ids: set[int], ctags: pd.DataFrame, mine: set[str],
           nurture_ids: pd.Index) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """For the few people in the candidates only: first names, an interest shared with the person
    (for nurture messages), the company and the position."""
    few = contacts.loc[contacts["contact_id"].isin(list(ids)).to_numpy()]
    topics = _first_interest(ctags.loc[(ctags["kind"] == "interest").to_numpy()], nurture_ids, mine)
    topics = topics[topics.astype(str).str.lower().isin(mine)]
    by_id = few.set_index(few["contact_id"].astype("int64"))
    by_id = by_id.loc[~by_id.index.duplicated()]

    def text(column: str) -> pd.Series:
        return by_id[column].astype(object).fillna("").astype(str).str.strip() if column in by_id else \
            pd.Series(dtype=object)

    return _first_names(few), topics, text("company"), text("position")


def _frame(chosen: list[dict], name: pd.Series, as_of: pd.Timestamp) -> pd.DataFrame:
    plan = pd.DataFrame(chosen, columns=[c for c in PLAN_COLUMNS if c not in ("step", "full_name")])
    n = len(plan)
    plan["step"] = np.arange(1, n + 1)
    plan["contact_id"] = plan["contact_id"].astype("int64")
    plan["full_name"] = plan["contact_id"].map(name).astype(object)
    plan["other_id"] = pd.array(plan["other_id"], dtype="Int64")
    plan["other_name"] = plan["other_name"].astype(object).fillna("")
    plan["outreach_id"] = pd.array(plan["outreach_id"], dtype="Int64")
    plan["ask_id"] = pd.array(plan["ask_id"], dtype="Int64")
    spread = pd.Series(as_of + pd.to_timedelta(np.arange(n) % 5, unit="D"), index=plan.index)
    plan["due"] = pd.to_datetime(plan["due"]).fillna(spread).astype("datetime64[ns]")
    return plan[PLAN_COLUMNS].reset_index(drop=True)


def weekly_plan(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of: Any, settings: dict | None = None,
                tags: pd.DataFrame | None = None, goals: pd.DataFrame | None = None,
                outreach: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                size: int | None = None, health: pd.DataFrame | None = None,
                history: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                event_people: pd.DataFrame | None = None, asks: pd.DataFrame | None = None,
                targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """A short, balanced list of this week's actions, each with its reason and a suggested message.

    Four kinds of step: ``nurture`` overdue inner and close ties (then active ones), most overdue
    for their cadence first; ``follow-up`` the mentor pipeline's next steps due within 7 days or
    overdue (:func:`workbook.outreach.follow_ups`; pass ``history`` = ``book.outreach_history()``
    so the rules know when each row entered its stage), one per person; ``give`` value without
    keeping score (a recommendation for someone who helped you more than you helped them, an
    introduction with both sides asked first, something shared on a contact's interest); ``revive``
    one or two dormant ties from :func:`workbook.health.rank_dormant`. Never an archived contact,
    never one person twice. ``size`` defaults to the ``weekly_plan_size`` setting (6). Pass
    ``health`` to reuse an :func:`workbook.health.assess` result. ``plan.attrs["shortfall"]``
    explains a plan shorter than ``size``. With ``events``, ``event_people``, ``asks`` or ``targets``, the
    practice loops' steps join (:mod:`workbook.practices.steps`; ``attrs["goals"]``, ``attrs["waiting"]``).

    Columns: step, category, contact_id, full_name, other_id / other_name (the second person of
    an introduction), action, reason, message, channel, interaction_kind (what "done" logs), due
    (a day this week), outreach_id, ask_id (the ask a thank-you or an answer is for).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada Byron", "Bo Li"], "circle": ["inner", "close"],
    ...                   "connected_on": pd.to_datetime(["2020-01-01"] * 2), "archived": [False, True]})
    >>> i = pd.DataFrame({"contact_id": [1, 2], "date": pd.to_datetime(["2026-08-01"] * 2),
    ...                   "direction": ["mutual"] * 2, "kind": ["catch-up"] * 2})
    >>> weekly_plan(c, i, as_of="2026-10-15")[["category", "full_name", "action"]].values.tolist()
    [['nurture', 'Ada Byron', 'Call Ada']]
    """
    as_of = pd.Timestamp(as_of).normalize()
    size = max(1, min(int(size if size is not None else (settings or {}).get("weekly_plan_size", 6)), 12))
    if "archived" in contacts.columns:
        contacts = contacts.loc[~contacts["archived"].fillna(False).astype(bool).to_numpy()]
    if health is None:
        health = assess(contacts, interactions, as_of=as_of, settings=settings)
    health = health.loc[health.index.isin(contacts["contact_id"].astype("int64"))]
    name = health["full_name"].astype(object)
    ctags = _contact_tags(tags, ("interest", "community", "skill"))
    mine = _profile_interests(tags)
    # Candidates first (vectorised over everyone), then names and hooks for those few only.
    pool = _nurture(health)
    nurture = pool.head(3 * size)
    steps = _pipeline_steps(outreach, history, health, goals, as_of=as_of, settings=settings,
                            interactions=interactions, contacts=contacts)
    # A dormant tie in a nurtured circle is nurtured, not revived: one person, one kind of step.
    in_circles = int((pool["status"].astype(object) == "dormant").sum())
    revive = rank_dormant(health, contacts, tags=tags, goals=goals, limit=3 * size + in_circles)
    revive = revive.loc[~revive.index.isin(pool.index)].head(3 * size)
    gives = _gives(health, ctags, mine, contacts, tags, links)
    loops = gather_loops(contacts, interactions, health["circle"], as_of=as_of, events=events,
                         event_people=event_people, asks=asks, targets=targets)
    ids = ({*nurture.index, *steps["contact_id"], *revive.index, *(loops.ids() if loops else ())}
           | {g["contact_id"] for g in gives} | {g["other_id"] for g in gives if "other_id" in g})
    first, topics, company, position = _hooks(contacts, ids, ctags, mine, nurture.index)
    candidates = {
        "nurture": _nurture_items(nurture, first, topics, company, position),
        "follow-up": _follow_up_items(steps, first, name, as_of),
        "revive": _revive_items(revive, first, health),
        "give": _give_items(gives, first, name),
    }
    extra, goal, goal_notes = loop_choices(loops, first, candidates, as_of=as_of)
    chosen, clashed = _choose(candidates, size, extra, goal)
    plan = _frame([{k: v for k, v in item.items() if k != "urgent"} for item in chosen], name, as_of)
    dormant = int((health["status"].astype(object) == "dormant").sum()) - in_circles
    plan.attrs.update(requested=size, shortfall=_shortfall(size, chosen, candidates, clashed, dormant),
                      goals=goal_notes, waiting=count_waiting(extra, plan["contact_id"]))
    return plan


# ----------------------------------------------------------------------------- exports


def plan_records(plan: pd.DataFrame) -> list[dict[str, Any]]:
    """The plan as plain JSON-able dicts (ids as int or None, due as 'YYYY-MM-DD'), for widgets.

    >>> p = pd.DataFrame({"step": [1], "category": ["give"], "contact_id": [3], "full_name": ["Ada"],
    ...                   "other_id": pd.array([None], dtype="Int64"), "other_name": [""], "action": ["Thank Ada"],
    ...                   "reason": ["r"], "message": ["m"], "channel": ["message"],
    ...                   "interaction_kind": ["resource-shared"], "due": [pd.Timestamp("2026-10-16")],
    ...                   "outreach_id": pd.array([None], dtype="Int64")})
    >>> plan_records(p)[0]["other_id"], plan_records(p)[0]["due"]
    (None, '2026-10-16')
    """
    def whole(v: Any) -> int | None:
        return None if v is None or pd.isna(v) else int(v)

    return [
        {"step": int(r.step), "category": str(r.category), "contact_id": int(r.contact_id),
         "full_name": str(r.full_name), "other_id": whole(r.other_id), "other_name": str(r.other_name or ""),
         "action": str(r.action), "reason": str(r.reason), "message": str(r.message), "channel": str(r.channel),
         "interaction_kind": str(r.interaction_kind), "due": pd.Timestamp(r.due).date().isoformat(),
         "outreach_id": whole(r.outreach_id), "ask_id": whole(getattr(r, "ask_id", None))}
        for r in plan.itertuples(index=False)
    ]


def plan_to_ics(plan: pd.DataFrame, *, as_of: Any) -> bytes:
    """The plan as an iCalendar file: one all-day event per step on its ``due`` day.

    UIDs and stamps derive from ``as_of`` and the step, so exporting twice gives the same file
    and re-importing updates the events instead of duplicating them.

    >>> p = pd.DataFrame({"step": [1], "category": ["nurture"], "contact_id": [7], "action": ["Call Ada"],
    ...                   "reason": ["Inner circle"], "message": ["Hi Ada"], "due": [pd.Timestamp("2026-10-16")]})
    >>> b"SUMMARY:Call Ada" in plan_to_ics(p, as_of="2026-10-15")
    True
    """
    as_of = pd.Timestamp(as_of).normalize()
    events = [
        {"uid": f"wb-plan-{as_of:%Y%m%d}-{int(row.step)}-{row.category}-{int(row.contact_id)}@networking-workbook",
         "day": row.due if pd.notna(row.due) else as_of,
         "summary": row.action, "description": f"{row.reason}\n\nSuggested: {row.message}",
         "categories": [f"networking-{row.category}"]}
        for row in plan.itertuples(index=False)
    ]
    return write_calendar(events, as_of=as_of, name=f"Networking plan, week of {as_of:%d %b %Y}",
                          product="weekly plan")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: Any) -> str:
    """Escape text from data for markdown (so a name cannot become a link, heading or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str("" if text is None else text).split()))


def plan_to_checklist(plan: pd.DataFrame, done: Any = ()) -> str:
    """The plan as a markdown checklist (data text escaped), one box per step, and why it is short if so.

    ``done`` holds the step numbers already done: their boxes are ticked (``[x]``).

    >>> p = pd.DataFrame({"step": [1], "category": ["give"], "action": ["Share an article with Ada"],
    ...                   "reason": ["No ask attached"], "message": ["Hi Ada"], "due": [pd.Timestamp("2026-10-16")]})
    >>> print(plan_to_checklist(p))
    ## This week's networking plan
    <BLANKLINE>
    - [ ] **Give** (Fri 16 Oct): Share an article with Ada
      - Why: No ask attached
      - Try: Hi Ada
    """
    lines = ["## This week's networking plan", ""]
    if len(plan) == 0:
        lines.append("Nothing is due this week. Enjoy the people you see anyway.")
    ticked = {int(step) for step in done}
    for row in plan.itertuples(index=False):
        when = f" ({pd.Timestamp(row.due):%a %d %b})" if pd.notna(row.due) else ""
        box = "[x]" if int(getattr(row, "step", 0)) in ticked else "[ ]"
        lines.append(f"- {box} **{str(row.category).capitalize()}**{when}: {_md(row.action)}")
        lines.append(f"  - Why: {_md(row.reason)}")
        lines.append(f"  - Try: {_md(row.message)}")
    shortfall = plan.attrs.get("shortfall", "")
    if shortfall:
        lines += ["", _md(shortfall)]
    return "\n".join(lines)
