"""Chapter 3 (plan mentor outreach) in sentences; also picks the goal and the person the chapter follows.

Without a goal the chapter still runs: :func:`first_goal` gives an empty goal, every analysis then
returns no rows, and each sentence says what a goal would bring.

>>> first_goal(pd.DataFrame(columns=["goal_id", "title", "needs", "status"]))["title"]
''
>>> goal_needs(pd.DataFrame(columns=["goal_id", "title", "needs", "status"])).startswith("You have no goal yet")
True
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .. import outreach
from .text import bullets, count, join_words, long_date, md, table

__all__ = ["first_goal", "goal_needs", "mentor_candidates", "why_first", "intro_path", "intro_chain", "where_to_meet",
           "give_first", "intro_draft", "pipeline", "follow_ups"]

_NO_GOAL = ("Add a goal on your profile (in the app: **Profile**, or `book.add_goal(...)`) with two or three "
            "needs, and this section fills in.")


def first_goal(goals: pd.DataFrame) -> pd.Series:
    """The first active goal (the chapter follows it), or an empty goal when there is none."""
    if len(goals):
        active = goals.loc[goals.get("status", pd.Series("active", index=goals.index)).astype(str) == "active"]
        return (active if len(active) else goals).iloc[0]
    return pd.Series({"goal_id": pd.NA, "title": "", "kind": "", "needs": "", "description": "", "status": ""})


def goal_needs(goals: pd.DataFrame) -> str:
    """The goals and their needs, in a sentence and a table."""
    if len(goals) == 0:
        return ("You have no goal yet, so there is nobody to rank as a mentor. " + _NO_GOAL +
                " Until then the steps below show what they would show, empty.")
    needs = outreach.goal_needs(goals)
    first = first_goal(goals)
    text = (f"You have {count(len(goals), 'goal')} with {count(len(needs), 'need')} in all. This chapter follows "
            f"**{md(first['title'])}**.")
    return text + "\n\n" + table(needs, {"title": "goal", "need": "need"}, empty="")


def mentor_candidates(candidates: pd.DataFrame, goal: pd.Series) -> str:
    """Who could help with the goal, the top few in a table; or why nobody is listed."""
    if not str(goal.get("title", "")).strip():
        return "No goal, so no candidates yet. " + _NO_GOAL
    if candidates.empty:
        return (f"Nobody in your network shows expertise for **{md(goal['title'])}** yet (skills, titles and "
                "industries are what is searched). The section on where to meet them, below, is your way in.")
    top = candidates.iloc[0]
    text = (f"{count(len(candidates), 'person', 'people')} could help with **{md(goal['title'])}**; the best fit is "
            f"**{md(top['full_name'])}** ({md(top['position']) or 'no title recorded'}, score {top['score']:.2f}).")
    cols = {"full_name": "name", "position": "position", "expertise": "expertise", "seniority": "seniority",
            "closeness": "closeness", "common_ground": "common ground", "reachability": "reachability",
            "score": "score"}
    return text + "\n\n" + table(candidates, cols)


def why_first(candidates: pd.DataFrame) -> str:
    """The explanation of the top candidate's score, as the ranking wrote it."""
    if candidates.empty:
        return "With nobody ranked, there is no explanation to show."
    return f"Why **{md(candidates['full_name'].iloc[0])}** ranks first: {md(candidates['explanation'].iloc[0])}"


def intro_path(routes: Any, candidates: pd.DataFrame, contacts: pd.DataFrame) -> dict[str, Any]:
    """The route to the candidate you know least (the one an introduction helps most); {} without candidates."""
    if candidates.empty:
        return {}
    weakest = candidates.sort_values(["closeness", "contact_id"], kind="stable").iloc[0]
    return outreach.describe_intro_path(routes, int(weakest["contact_id"]), contacts)


def intro_chain(path: dict[str, Any]) -> str:
    """The introduction route in words.

    >>> intro_chain({})
    'No candidate, so no route to draw yet.'
    >>> intro_chain({"chain": "Ask Dana, who knows Lee, to ask Lee first and then introduce you.", "reach": 0.4})
    'Ask Dana, who knows Lee, to ask Lee first and then introduce you. (The route’s strength is 0.40 of 1.)'
    """
    if not path:
        return "No candidate, so no route to draw yet."
    return f"{md(path['chain'])} (The route’s strength is {float(path.get('reach') or 0):.2f} of 1.)"


def where_to_meet(frame: pd.DataFrame, goal: pd.Series) -> str:
    """Groups, events and companies where people for the goal gather, each with who could bring you."""
    if not str(goal.get("title", "")).strip():
        return "Without a goal there is nothing to look for yet. " + _NO_GOAL
    if frame.empty:
        return f"Nothing in your data points to where people for **{md(goal['title'])}** gather yet."
    text = f"{count(len(frame), 'place')} to look, best first: {join_words(frame['target'], limit=3)}."
    return text + "\n\n" + table(frame, {"target": "where", "action": "what to do", "why": "why"})


def give_first(ideas: pd.Series, path: dict[str, Any]) -> str:
    """One thing to offer the person before asking, from what the workbook knows about them."""
    if not path or ideas.empty:
        return "Once the chapter follows someone, it suggests something to offer them before you ask."
    name = (path.get("names") or ["them"])[-1]
    return f"Something to offer **{md(name)}** first: {md(ideas.iloc[0])}"


def intro_draft(path: dict[str, Any], goal: pd.Series, *, contacts: pd.DataFrame, tags: pd.DataFrame,
                profile: pd.DataFrame, interactions: pd.DataFrame | None = None, brand: str = "") -> str:
    """A draft to adapt, as a quote: an introduction request when the route has an introducer, else a first
    message (``brand``: the person's saved brand statement, :func:`workbook.practices.brand.brand_line`)."""
    if not path:
        return "No draft yet: it needs a goal and someone to write to."
    direct = bool(path.get("direct")) or len(path.get("names") or []) < 2
    kind = "first-message" if direct else "intro-request"
    draft = outreach.draft_for(kind, int(path["contact_id"]), contacts=contacts, tags=tags, goal=goal,
                               profile=profile, introducer="" if direct else path["names"][0],
                               interactions=interactions, brand=brand)
    return "\n".join("> " + md(line) if line.strip() else ">" for line in draft.splitlines())


def pipeline(rows: pd.DataFrame) -> str:
    """How many people are in the pipeline and at which stages.

    >>> pipeline(pd.DataFrame({"stage": []})).startswith("Your pipeline is empty")
    True
    """
    if rows.empty:
        return ("Your pipeline is empty. Add the first candidate above to it (in the app: **Mentor outreach**), "
                "and every move from there is dated here.")
    per = rows["stage"].astype(str).value_counts()
    parts = [f"{n:,} {md(stage)}" for stage, n in per.items()]
    return f"Your pipeline has {count(len(rows), 'person', 'people')}: {join_words(parts, escape=False)}."


def follow_ups(steps: pd.DataFrame) -> str:
    """The next pipeline steps in words (how many overdue), then the list."""
    if steps.empty:
        return "No follow-ups are due: they appear once someone in your pipeline has been contacted or met."
    late = int(steps["overdue"].astype(bool).sum())
    text = f"{count(len(steps), 'next step')}, {late:,} overdue." if late else f"{count(len(steps), 'next step')}, none overdue."
    lines = [f"**{md(r.name)}** ({md(r.stage)}): {md(r.title)}, due {long_date(r.due)}" for r in steps.itertuples()]
    return text + "\n\n" + bullets(lines)
