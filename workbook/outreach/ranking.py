"""Mentor candidates for a goal, ranked by expertise in the goal's field, by being a step or two ahead
of the person, by common ground and by how reachable they are (closeness counted once).

Guarantee: for a goal that names a field, a senior of that field (in the field by the one title
classifier, and ahead of the person, or senior or above anyway) always ranks above everyone
else, so a field's juniors never outrank its seniors (:data:`WEIGHTS` are set so that
``field_senior`` outweighs all the other components together).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..core import titles
from .expertise import (FIELD_EXPERTISE, FIELD_LABELS, function_of, goal_field, in_field, level_of, match_expertise,
                        score_expertise)
from .intro_routes import IntroRoutes, describe_intro_path, find_intro_routes
from .needs import _needs_of
from .shared import _common_ground, find_shared_items

#: Weights of the mentor score components (they sum to 1). ``field_senior`` (0 or 1: a senior of the
#: goal's field) outweighs what the other components can differ by among people in the field (0.305),
#: so a field's seniors always come first (also before anyone outside the field: at most 0.55);
#: ``in_field`` (0 or 1) puts the field's other people before word matches elsewhere. Closeness has no
#: weight of its own: for a direct contact it is reachability (the best of your own tie and the best
#: chain of introductions). When a goal names no field, the two field terms are left out and the
#: others are scaled up to sum to 1.
WEIGHTS = {"field_senior": 0.35, "in_field": 0.10, "expertise": 0.30, "ahead": 0.10, "common_ground": 0.075,
           "reachability": 0.075}
_FIELD_TERMS = ("field_senior", "in_field")
#: Seniority score per level of :func:`workbook.core.titles.classify_seniority` (the one title classifier).
SENIORITY_SCORES = titles.SENIORITY_SCORES
#: How well a candidate's level suits a mentor, by steps ahead of the person (their level minus the
#: person's): best one or two steps ahead (near enough to remember the step), still good further up,
#: weak for peers and for people behind. Steps are clipped to -3..4.
AHEAD_SCORES = {-3: 0.05, -2: 0.1, -1: 0.2, 0: 0.4, 1: 0.9, 2: 1.0, 3: 0.85, 4: 0.75}
#: A candidate whose title gives no level.
AHEAD_UNKNOWN = 0.3
_RANK = {name: i for i, name in enumerate(titles.SENIORITY_LEVELS)}
_MID, _SENIOR = _RANK["mid"], _RANK["senior"]


def rate_seniority(positions: pd.Series) -> pd.DataFrame:
    """Seniority level (the one title classifier, :func:`workbook.core.titles.rate_seniority`) and a 0-1 score.

    >>> rate_seniority(pd.Series(["VP Engineering", "Senior Analyst", "Software Engineer", ""])).values.tolist()
    [['vp', 0.9], ['senior', 0.55], ['mid', 0.4], ['unknown', 0.3]]
    """
    rated = titles.rate_seniority(positions.astype(object).fillna("").astype(str))
    return pd.DataFrame({"level": rated["level"].to_numpy(dtype=object),
                         "seniority": rated["seniority"].to_numpy(dtype="float64")}, index=positions.index)


def rate_standing(profile: Any, field: str | None = None) -> dict[str, Any]:
    """Where the person stands for a goal in ``field``: their level and field (from the profile's
    position, else its headline) and the rank mentors are measured from. Someone moving into a field
    they do not work in starts there at mid level at most (seniority elsewhere does not carry over),
    so that field's seniors are a step or two ahead. ``rank`` is -1 when the level is unknown.

    >>> s = rate_standing({"position": "Marketing Director", "headline": ""}, "data")
    >>> s["level"], s["field"], s["rank"], s["changing"]
    ('director', 'marketing', 1, True)
    >>> rate_standing(None)["rank"]
    -1
    """
    row = profile.iloc[0] if isinstance(profile, pd.DataFrame) and len(profile) else profile
    get = row.get if isinstance(row, (pd.Series, Mapping)) else (lambda key, default="": default)
    title = next((str(t).strip() for t in (get("position", ""), get("headline", ""))
                  if isinstance(t, str) and t.strip()), "")
    level, own = level_of(title), function_of(title)
    rank = _RANK.get(level, -1)
    changing = bool(field) and own != field
    if changing and rank > _MID:
        rank = _MID
    return {"level": level, "field": own, "rank": rank, "changing": changing}


def rate_ahead(levels: pd.Series, person_rank: int) -> pd.DataFrame:
    """Steps ahead of the person (Int64, <NA> when either level is unknown) and the 0-1 ``ahead``
    score (:data:`AHEAD_SCORES`); when the person's level is unknown, plain seniority stands in.

    >>> rate_ahead(pd.Series(["entry", "senior", "director", "unknown"]), 1).values.tolist()
    [[-1, 0.2], [1, 0.9], [3, 0.85], [<NA>, 0.3]]
    """
    rank = levels.map(_RANK).astype("float64")  # unknown -> NaN
    if person_rank < 0:
        return pd.DataFrame({"steps_ahead": pd.array([pd.NA] * len(levels), dtype="Int64"),
                             "ahead": levels.map(SENIORITY_SCORES).fillna(AHEAD_UNKNOWN).to_numpy(dtype="float64")},
                            index=levels.index)
    steps = rank - person_rank
    ahead = steps.clip(-3, 4).map(AHEAD_SCORES).fillna(AHEAD_UNKNOWN)
    return pd.DataFrame({"steps_ahead": steps.astype("Int64"), "ahead": ahead.to_numpy(dtype="float64")},
                        index=levels.index)


def is_field_senior(levels: pd.Series, working_in: pd.Series, person_rank: int) -> pd.Series:
    """1.0 for a senior of the goal's field: in it, and ahead of the person or senior or above anyway.

    >>> is_field_senior(pd.Series(["entry", "senior", "vp"]), pd.Series([True, True, False]), 1).tolist()
    [0.0, 1.0, 0.0]
    """
    threshold = _SENIOR if person_rank < 0 else min(person_rank + 1, _SENIOR)
    rank = levels.map(_RANK).fillna(-1).to_numpy(dtype="int64")
    return pd.Series(((rank >= threshold) & working_in.to_numpy(dtype=bool)).astype("float64"), index=levels.index)


def rank_mentors(
    goal: Any,
    contacts: pd.DataFrame,
    tags: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    links: pd.DataFrame | None = None,
    common_ground: pd.Series | None = None,
    outreach: pd.DataFrame | None = None,
    routes: IntroRoutes | None = None,
    top: int | None = 20,
    min_expertise: float = 0.3,
    weights: Mapping[str, float] | None = None,
    matches: pd.DataFrame | None = None,
    profile: Any = None,
) -> pd.DataFrame:
    """Mentor candidates for a goal, best first, each with its components and an explanation.

    ``goal``: a goals() row, a dict with ``needs``/``title``, a ';'-separated string or a list of
    needs. ``ties``: :func:`workbook.ties.measure_ties` output. ``common_ground``: an optional 0-1
    Series by contact_id (e.g. from :mod:`workbook.common_ground`); without it, shared tags count.
    ``outreach``: the pipeline, to flag candidates already in it for this goal. ``matches``:
    :func:`match_expertise` of the goal's needs on these contacts and tags, when already at hand
    (the slow step at 30,000 contacts; :func:`suggest_where_to_meet` takes the same). ``profile``:
    the person's profile (``book.profile()``), for how far ahead of them each candidate is.

    Candidates: contacts whose expertise reaches ``min_expertise`` and everyone working in the goal's
    field (:func:`goal_field`; their expertise is at least :data:`FIELD_EXPERTISE`).

    Columns: contact_id, full_name, company, position, in_field, field_senior, expertise, seniority,
    level, steps_ahead, ahead, closeness (your own tie, shown, not weighed), common_ground,
    reachability, score, matched (list of "need <- field: text"), shared (list), via (first person
    to ask, '' when direct), in_pipeline, explanation.
    """
    needs = _needs_of(goal)
    field = goal_field(goal)
    if matches is None:
        matches = match_expertise(needs, contacts, tags)
    cand = _candidates(contacts, score_expertise(matches, len(needs)), field, min_expertise)
    if routes is None:
        routes = find_intro_routes(contacts, links, ties, tags=tags)
    out = _components(cand, ties, routes, tags, common_ground, rate_standing(profile, field)["rank"])
    w = {**WEIGHTS, **(weights or {})}
    parts = list(WEIGHTS) if field else [k for k in WEIGHTS if k not in _FIELD_TERMS]
    total = sum(w[k] for k in parts) or 1.0
    out["score"] = (sum(w[k] * out[k] for k in parts) / total).round(6)
    out = out.sort_values(["score", "expertise", "contact_id"], ascending=[False, False, True], kind="stable")
    if top is not None:
        out = out.head(int(top))
    out = out.reset_index(drop=True)
    return _explain(out, tags, routes, contacts, outreach, goal, field)


def _candidates(contacts: pd.DataFrame, expertise: pd.Series, field: str | None,
                min_expertise: float) -> pd.DataFrame:
    """The contacts who qualify, indexed by contact_id, with ``in_field`` and ``expertise``."""
    ids = contacts["contact_id"].astype("int64")
    positions = contacts["position"] if "position" in contacts else pd.Series("", index=contacts.index)
    working = in_field(positions, field).to_numpy(dtype=bool)
    words = expertise.reindex(ids.to_numpy()).fillna(0.0).to_numpy(dtype="float64")
    keep = (words >= min_expertise) & (words > 0) | working
    cand = contacts.loc[keep].assign(contact_id=ids[keep], in_field=working[keep],
                                     expertise=np.where(working[keep], np.maximum(words[keep], FIELD_EXPERTISE),
                                                        words[keep]))
    return cand.set_index("contact_id", drop=False)


def _components(cand: pd.DataFrame, ties: pd.DataFrame, routes: IntroRoutes, tags: pd.DataFrame,
                common_ground: pd.Series | None, person_rank: int) -> pd.DataFrame:
    """One row per candidate with every 0-1 component of the score."""
    ids = cand.index

    def text(col: str) -> np.ndarray:
        return cand[col].astype(object).to_numpy() if col in cand else np.full(len(ids), "", dtype=object)

    closeness = ties["tie_strength"].reindex(ids).fillna(0.0).astype("float64")
    # One term for how easy it is to ask: your own tie, or a better chain of introductions.
    reach = np.maximum(routes.reach.reindex(ids).fillna(0.0), closeness)
    sen = rate_seniority(cand["position"] if "position" in cand else pd.Series("", index=ids))
    ahead = rate_ahead(sen["level"], person_rank)
    working = cand["in_field"].astype(bool)
    return pd.DataFrame({
        "contact_id": ids.to_numpy(), "full_name": text("full_name"), "company": text("company"),
        "position": text("position"), "in_field": working.to_numpy(dtype="float64"),
        "field_senior": is_field_senior(sen["level"], working, person_rank).to_numpy(),
        "expertise": cand["expertise"].to_numpy(dtype="float64"), "seniority": sen["seniority"].to_numpy(),
        "level": sen["level"].to_numpy(), "steps_ahead": ahead["steps_ahead"].array,
        "ahead": ahead["ahead"].to_numpy(), "closeness": closeness.to_numpy(),
        "common_ground": _common_ground(ids, tags, common_ground).to_numpy(),
        "reachability": np.asarray(reach, dtype="float64"),
    })


def _explain(out: pd.DataFrame, tags: pd.DataFrame, routes: IntroRoutes, contacts: pd.DataFrame,
             outreach: pd.DataFrame | None, goal: Any, field: str | None) -> pd.DataFrame:
    ids = out["contact_id"].tolist()
    few = contacts.loc[contacts["contact_id"].astype("int64").isin(ids)]
    few_tags = tags.loc[tags["contact_id"].isin(ids)] if tags is not None and len(tags) else tags
    m = match_expertise(_needs_of(goal), few, few_tags, detail=True)
    m = m.sort_values(["contact_id", "coverage"], ascending=[True, False], kind="stable")  # ties: goal order
    matched = (
        m.assign(item=m["need"] + np.where(m["share"] < 1, " (partly)", "") + " <- "
                 + m["field"].map(FIELD_LABELS) + ": " + m["evidence"].astype(str))
        .groupby("contact_id")["item"].agg(list)
    )
    # Working in the goal's field is expertise too: say so first, so every candidate shows a reason.
    working = out.loc[out["in_field"].astype(bool)]
    field_items = {int(c): f"works in {field} <- title: {p}" for c, p in zip(working["contact_id"], working["position"])}
    matched = pd.Series({cid: ([field_items[cid]] if cid in field_items else []) + list(matched.get(cid, []))
                         for cid in ids}, dtype=object)
    shared = find_shared_items(tags, ids)
    # Everyone on the chains, looked up once: each path alone would scan all 30,000 contacts.
    n = len(routes.contact_ids)
    on_paths = set(ids).union(*({int(routes.contact_ids[v - 1]) for v in routes.node_path(cid) if 0 < v <= n}
                                for cid in ids))
    on_path_contacts = contacts.loc[contacts["contact_id"].isin(list(on_paths))]
    paths = {cid: describe_intro_path(routes, cid, on_path_contacts) for cid in ids}
    goal_id = goal.get("goal_id") if isinstance(goal, (pd.Series, Mapping)) else None
    in_pipe: set[int] = set()
    if outreach is not None and len(outreach):
        rows = outreach if goal_id is None else outreach.loc[outreach["goal_id"].astype("Int64") == int(goal_id)]
        in_pipe = set(rows["contact_id"].dropna().astype("int64"))
    texts, vias = [], []
    for r in out.itertuples(index=False):  # only the top rows: explanations are for people to read
        cid = int(r.contact_id)
        items = matched.get(cid, [])
        sh = shared.get(cid, [])
        p = paths.get(cid)
        via = p["names"][0] if p and not p["direct"] and p["names"] else ""
        vias.append(via)
        texts.append(_sentence(r, items, sh, via, field))
    return out.assign(
        matched=[list(matched.get(int(c), [])) for c in ids],
        shared=[list(shared.get(int(c), [])) for c in ids],
        via=vias,
        in_pipeline=[int(c) in in_pipe for c in ids],
        explanation=texts,
    )


def _sentence(r: Any, items: list, shared: list, via: str, field: str | None) -> str:
    """The explanation of one candidate's score, component by component."""
    if pd.isna(r.steps_ahead):
        ahead = ""
    else:
        n = int(r.steps_ahead)
        ahead = (f", {n} step{'s' if abs(n) != 1 else ''} ahead of you" if n > 0 else ", your level" if n == 0
                 else f", {-n} step{'s' if n != -1 else ''} behind you")
    senior = f"a senior of {field}; " if field and r.field_senior else ""
    parts = [
        f"{senior}expertise {r.expertise:.2f} ({'; '.join(items[:3])})",
        f"seniority {r.seniority:.2f} ({r.level}{ahead})",
        f"closeness {r.closeness:.2f} ({_tie_word(r.closeness)}, counted once, in reachability)",
        f"common ground {r.common_ground:.2f}" + (f" ({', '.join(shared[:3])})" if len(shared) else ""),
        f"reachability {r.reachability:.2f}" + (f" (via {via})" if via else " (direct)"),
    ]
    return f"Score {r.score:.2f}: " + "; ".join(parts) + "."


def _tie_word(s: float) -> str:
    if s >= 0.6:
        return "strong tie"
    if s >= 0.3:
        return "moderate tie"
    if s > 0.05:
        return "weak tie"
    return "barely in touch"
