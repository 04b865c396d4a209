"""Gaps against goals: for each need of each active goal, who in the network covers it."""
from __future__ import annotations

import re

import pandas as pd

from ..core.titles import SENIORITY_LEVELS, classify_function, classify_seniority
from ._shared import _ACTIVE, UNKNOWN, _words


#: A goal's need is ``thin`` with fewer than this many contacts who cover it ...
THIN_NEED = 5
#: ... or fewer than this many of them in the circles the person is in touch with yearly.
THIN_ACTIVE = 3


def _mentions(haystack: pd.Series, needle: str) -> pd.Series:
    """True where the texts share a whole-word phrase either way ("fintech" ~ "Fintech startups")."""
    n = _words(needle)
    hay = haystack.map(_words)
    return hay.str.contains(n, regex=False) | hay.map(lambda h: h.strip() != "" and h in n)


def find_gaps(people: pd.DataFrame, goals: pd.DataFrame, tags: pd.DataFrame | None = None,
              *, thin: int = THIN_NEED, thin_active: int = THIN_ACTIVE) -> pd.DataFrame:
    """For each need of each active goal, who in the network covers it, and whether that is a gap.

    A contact covers a need when its industry or a skill/interest/community tag mentions it (whole
    words, either way round), when the need names a function (by :data:`workbook.core.titles.FUNCTION_RULES`) the
    contact works in, or a seniority (by :data:`workbook.core.titles.SENIORITY_RULES`) the contact has reached or passed.
    ``n_active`` counts those in the inner, close or active circles (in touch at least yearly),
    ``n_senior`` those at senior level or above (people to learn from).
    ``status``: ``missing`` (nobody), ``thin`` (fewer than ``thin`` people in all, or fewer than
    ``thin_active`` in touch), else ``covered``.

    Columns: goal_id, goal, kind, need, matched_by, n_contacts, n_active, n_senior, status, contact_ids.

    >>> p = pd.DataFrame({"contact_id": [1, 2], "industry": ["Fintech", "Retail"], "function": ["product", "sales"],
    ...                   "seniority": ["mid", "director"], "seniority_rank": [1, 4], "circle": ["active", "acquaintance"]})
    >>> g = pd.DataFrame({"goal_id": [1], "title": ["Move"], "kind": ["role"], "needs": ["product management;fintech;vp"],
    ...                   "status": ["active"]})
    >>> find_gaps(p, g)[["need", "n_contacts", "status"]].values.tolist()
    [['product management', 1, 'thin'], ['fintech', 1, 'thin'], ['vp', 0, 'missing']]
    """
    cols = ["goal_id", "goal", "kind", "need", "matched_by", "n_contacts", "n_active", "n_senior", "status",
            "contact_ids"]
    active = goals.loc[goals["status"].fillna("active") == "active"] if "status" in goals else goals
    skill_tags = _skill_tags(tags)
    active_circle = people["circle"].isin(_ACTIVE)
    senior = people["seniority_rank"] >= SENIORITY_LEVELS.index("senior")
    rows = []
    for goal in active.itertuples(index=False):  # a handful of goals, each with a few needs
        for need in [n.strip() for n in str(goal.needs or "").split(";") if n.strip()]:
            covered, how = _cover(people, need, skill_tags)
            n = int(covered.sum())
            n_active = int((covered & active_circle).sum())
            status = "missing" if n == 0 else ("thin" if n < thin or n_active < thin_active else "covered")
            rows.append({
                "goal_id": goal.goal_id, "goal": goal.title, "kind": goal.kind, "need": need,
                "matched_by": ", ".join(how), "n_contacts": n, "n_active": n_active,
                "n_senior": int((covered & senior).sum()), "status": status,
                "contact_ids": people.loc[covered, "contact_id"].astype("int64").tolist(),
            })
    return pd.DataFrame(rows, columns=cols)


def _skill_tags(tags: pd.DataFrame | None) -> pd.DataFrame:
    """Contacts' skill, interest and community tags (columns contact_id, text): what a need can mention."""
    if tags is None or not len(tags):
        return pd.DataFrame(columns=["contact_id", "text"])
    t = tags.loc[(tags["owner"] == "contact") & tags["kind"].isin(["skill", "interest", "community"])]
    found = pd.DataFrame({"contact_id": t["contact_id"].astype("Int64"), "text": t["text"].astype(str)})
    return found.dropna(subset=["contact_id"])


def _cover(people: pd.DataFrame, need: str, skill_tags: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """Who covers one need (a mask over ``people``) and by which routes (industry, function, seniority, tag)."""
    covered = pd.Series(False, index=people.index)
    how = []
    industries = pd.Series(pd.unique(people["industry"].astype(str).to_numpy(dtype=object)), dtype=object)
    hit_ind = industries[_mentions(industries, need).to_numpy(dtype=bool)] if len(industries) else industries
    hit_ind = [i for i in hit_ind if i != UNKNOWN]
    if hit_ind:
        covered |= people["industry"].isin(hit_ind)
        how.append("industry")
    fn = classify_function(pd.Series([need])).iloc[0]
    if fn not in ("other", "unknown"):
        covered |= people["function"] == fn
        how.append("function")
    level = classify_seniority(pd.Series([need])).iloc[0]
    if level not in ("mid", "unknown") or re.search(r"\bmid\b", need, re.IGNORECASE):
        covered |= people["seniority_rank"] >= SENIORITY_LEVELS.index(level)
        how.append("seniority")
    tag_texts = pd.Series(pd.unique(skill_tags["text"].to_numpy(dtype=object)), dtype=object)
    hit_tags = tag_texts[_mentions(tag_texts, need).to_numpy(dtype=bool)] if len(tag_texts) else tag_texts
    if len(hit_tags):
        ids = skill_tags.loc[skill_tags["text"].isin(hit_tags), "contact_id"].astype("int64")
        covered |= people["contact_id"].isin(ids)
        how.append("skill tag")
    return covered, how
