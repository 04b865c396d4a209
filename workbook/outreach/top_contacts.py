"""The contacts that matter most for the person's goals, and which of them carry something only
the person knows (how you met, their interests and values).

Real exports hold none of that: a LinkedIn export says who and where, never how you met or what
someone cares about. Asking for it about everyone is too much; asking about the twenty people
who matter most for your goals is a few minutes' work and lights up common ground, introductions
and mentor matching where they count.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..core import titles
from .expertise import goal_field, match_expertise
from .needs import _needs_of

#: How people most often meet (the card's dropdown; the workbook stores the text, so any other
#: answer typed elsewhere is kept and shown too).
HOW_MET_CHOICES = (
    "Worked together", "Studied together", "At an event or conference", "Through a community or group",
    "Introduced by someone", "Online (LinkedIn, a forum)", "Friend or neighbour", "Family", "Other",
)
#: Values the card offers as chips (any other value can be typed).
VALUE_CHOICES = (
    "curiosity", "fairness", "family", "community", "craft", "learning", "sustainability", "independence",
    "honesty", "generosity", "faith", "adventure",
)
#: Tag kinds that only the person can know about a contact (with ``how_met``).
KNOWN_KINDS = ("interest", "value")
#: Weights of what makes a contact matter (they sum to 1): fit with the person's active goals
#: (works in a goal's field, or covers its needs), tie strength, and a recent connection (you still
#: remember how you met; fades to nothing over a year).
TOP_WEIGHTS = {"relevance": 0.55, "tie_strength": 0.35, "fresh": 0.10}
FRESH_DAYS = 365
_COLUMNS = ["contact_id", "full_name", "company", "position", "relevance", "tie_strength", "fresh", "score", "reason"]


def top_contacts(contacts: pd.DataFrame, ties: pd.DataFrame, goals: pd.DataFrame, as_of: Any, n: int = 20, *,
                 tags: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` contacts that matter most, best first (:data:`TOP_WEIGHTS`), with a reason each.

    ``goals``: the workbook's goals (only ``status == 'active'`` count); ``ties``:
    :func:`workbook.ties.measure_ties`; ``tags``: only skill tags are read, so what the cards add
    (interests, values, how you met) never moves people in or out of the list.

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ana", "Bo", "Cy"], "company": ["", "", ""],
    ...                   "position": ["Senior Data Scientist", "Chef", "Chef"],
    ...                   "connected_on": pd.to_datetime(["2020-01-01"] * 3)})
    >>> ties = pd.DataFrame({"tie_strength": [0.1, 0.9, 0.2]}, index=pd.Index([1, 2, 3], name="contact_id"))
    >>> g = pd.DataFrame({"goal_id": [1], "title": ["Move into data"], "needs": ["data science"], "status": ["active"]})
    >>> top_contacts(c, ties, g, "2026-01-01", n=2)["full_name"].tolist()
    ['Ana', 'Bo']
    """
    if n < 0:
        raise ValueError("n must be 0 or more.")
    if contacts.empty or n == 0:
        numeric = ("contact_id", "relevance", "tie_strength", "fresh", "score")
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "contact_id" else "float64" if c in numeric
                                          else object) for c in _COLUMNS})
    ids = contacts["contact_id"].astype("int64").to_numpy()
    active = goals.loc[goals["status"].eq("active")] if "status" in goals else goals
    relevance, reason = _relevance(contacts, active, tags)
    strength = ties["tie_strength"].reindex(ids).fillna(0.0).clip(0, 1).to_numpy(dtype="float64")
    out = pd.DataFrame({
        "contact_id": ids,
        "full_name": contacts["full_name"].astype(object).to_numpy(),
        "company": _text(contacts, "company"),
        "position": _text(contacts, "position"),
        "relevance": relevance,
        "tie_strength": strength,
        "fresh": _freshness(contacts, as_of),
    })
    out["score"] = sum(w * out[k] for k, w in TOP_WEIGHTS.items()).round(6)
    out["reason"] = [_why(r, s) for r, s in zip(reason, strength)]
    out = out.sort_values(["score", "contact_id"], ascending=[False, True], kind="stable").head(int(n))
    return out.reset_index(drop=True)[_COLUMNS]


def _text(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame:
        return np.full(len(frame), "", dtype=object)
    return frame[col].astype(object).where(frame[col].notna(), "").astype(str).to_numpy(dtype=object)


def _relevance(contacts: pd.DataFrame, goals: pd.DataFrame, tags: pd.DataFrame | None) -> tuple[np.ndarray, list]:
    """Per contact: the best fit with any active goal (1 for working in a goal's field, else the best
    need's word coverage in title, industry, company or skills) and the goal it fits, as words."""
    ids = contacts["contact_id"].astype("int64").to_numpy()
    best = np.zeros(len(ids))
    why = np.full(len(ids), "", dtype=object)
    if goals.empty:
        return best, list(why)
    skills = None
    if tags is not None and len(tags):
        skills = tags.loc[(tags["owner"] == "contact").to_numpy(dtype=bool) & (tags["kind"] == "skill").to_numpy(dtype=bool)]
    function = titles.classify_function(pd.Series(_text(contacts, "position"), dtype=object)).to_numpy(dtype=object)
    records = goals.to_dict("records")
    # One word match for every goal's needs together (the slow step), then each goal takes its own.
    all_needs = list(dict.fromkeys(n for g in records for n in _needs_of(g)))
    m = match_expertise(all_needs, contacts, skills if skills is not None else contacts.iloc[:0]) if all_needs else None
    cover = (m.pivot_table(index="contact_id", columns="need", values="coverage", aggfunc="max")
             .reindex(index=ids, columns=all_needs).fillna(0.0)) if m is not None and len(m) else None
    for goal in records:  # a handful of goals, each vectorised over all contacts
        needs = _needs_of(goal)
        fit = cover[needs].max(axis=1).to_numpy(dtype="float64") if cover is not None and needs else np.zeros(len(ids))
        field = goal_field(goal)
        if field:
            fit = np.where(function == field, 1.0, fit)
        better = fit > best
        best = np.where(better, fit, best)
        why = np.where(better, f"fits your goal “{goal.get('title', '') or ''}”", why)
    return best.round(6), list(why)


def _freshness(contacts: pd.DataFrame, as_of: Any) -> np.ndarray:
    if "connected_on" not in contacts:
        return np.zeros(len(contacts))
    days = (pd.Timestamp(as_of) - pd.to_datetime(contacts["connected_on"], errors="coerce")).dt.days
    fresh = (1 - days / FRESH_DAYS).where(days >= 0).clip(0, 1)
    return fresh.fillna(0.0).to_numpy(dtype="float64").round(6)


def _why(goal_reason: str, strength: float) -> str:
    tie = "a close tie" if strength >= 0.6 else "a good tie" if strength >= 0.3 else ""
    return "; ".join(p for p in (goal_reason, tie) if p) or "in your network"


def mark_known(contacts: pd.DataFrame, tags: pd.DataFrame | None, contact_ids: Any = None) -> pd.Series:
    """True per contact (by contact_id) holding something only the person knows: how you met, or an
    interest or value tag. ``contact_ids`` limits and orders the answer (unknown ids are False).

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "how_met": ["Worked together", "", ""]})
    >>> t = pd.DataFrame({"owner": ["contact"], "contact_id": [3], "kind": ["value"], "text": ["fairness"]})
    >>> mark_known(c, t).tolist(), mark_known(c, t, [2, 3, 9]).tolist()
    ([True, False, True], [False, True, False])
    """
    ids = contacts["contact_id"].astype("int64")
    how = contacts["how_met"] if "how_met" in contacts else pd.Series("", index=contacts.index)
    known = set(ids[how.astype(object).where(how.notna(), "").astype(str).str.strip().ne("").to_numpy()])
    if tags is not None and len(tags):
        mine = tags.loc[(tags["owner"] == "contact").to_numpy(dtype=bool) & tags["kind"].isin(KNOWN_KINDS).to_numpy()]
        known |= set(mine["contact_id"].dropna().astype("int64"))
    wanted = ids.to_numpy() if contact_ids is None else np.asarray(list(contact_ids), dtype="int64")
    return pd.Series(np.isin(wanted, np.fromiter(known, dtype="int64", count=len(known))),
                     index=pd.Index(wanted, name="contact_id"), name="known", dtype=bool)
