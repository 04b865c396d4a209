"""Mentor candidates for a goal, ranked by expertise, seniority, closeness, common ground and reach."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..core import titles
from .expertise import FIELD_LABELS, match_expertise, score_expertise
from .intro_routes import IntroRoutes, describe_intro_path, find_intro_routes
from .needs import _needs_of
from .shared import _common_ground, find_shared_items

#: Weights of the mentor score components (they sum to 1).
WEIGHTS = {"expertise": 0.40, "seniority": 0.15, "closeness": 0.15, "common_ground": 0.15, "reachability": 0.15}
#: Seniority score per level of :func:`workbook.core.titles.classify_seniority` (the one title classifier).
SENIORITY_SCORES = titles.SENIORITY_SCORES


def rate_seniority(positions: pd.Series) -> pd.DataFrame:
    """Seniority level (the one title classifier, :func:`workbook.core.titles.rate_seniority`) and a 0-1 score.

    >>> rate_seniority(pd.Series(["VP Engineering", "Senior Analyst", "Software Engineer", ""])).values.tolist()
    [['vp', 0.9], ['senior', 0.55], ['mid', 0.4], ['unknown', 0.3]]
    """
    rated = titles.rate_seniority(positions.astype(object).fillna("").astype(str))
    return pd.DataFrame({"level": rated["level"].to_numpy(dtype=object),
                         "seniority": rated["seniority"].to_numpy(dtype="float64")}, index=positions.index)


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
) -> pd.DataFrame:
    """Mentor candidates for a goal, best first, each with its components and an explanation.

    ``goal``: a goals() row, a dict with ``needs``/``title``, a ';'-separated string or a list of
    needs. ``ties``: :func:`workbook.ties.measure_ties` output. ``common_ground``: an optional 0-1
    Series by contact_id (e.g. from :mod:`workbook.common_ground`); without it, shared tags count.
    ``outreach``: the pipeline, to flag candidates already in it for this goal. ``matches``:
    :func:`match_expertise` of the goal's needs on these contacts and tags, when already at hand
    (the slow step at 30,000 contacts; :func:`suggest_where_to_meet` takes the same).

    Columns: contact_id, full_name, company, position, expertise, seniority, level, closeness,
    common_ground, reachability, score, matched (list of "need <- field: text"), shared (list),
    via (first person to ask, '' when direct), in_pipeline, explanation.
    """
    w = {**WEIGHTS, **(weights or {})}
    needs = _needs_of(goal)
    if matches is None:
        matches = match_expertise(needs, contacts, tags)
    expertise = score_expertise(matches, len(needs))
    keep = expertise[expertise >= min_expertise]
    cand = contacts.loc[contacts["contact_id"].astype("int64").isin(keep.index)].copy()
    cand["contact_id"] = cand["contact_id"].astype("int64")
    cand = cand.set_index("contact_id", drop=False)
    ids = cand.index
    if routes is None:
        routes = find_intro_routes(contacts, links, ties, tags=tags)
    closeness = ties["tie_strength"].reindex(ids).fillna(0.0).astype("float64")
    reach = np.maximum(routes.reach.reindex(ids).fillna(0.0), closeness)
    sen = rate_seniority(cand["position"] if "position" in cand else pd.Series("", index=ids))
    cg = _common_ground(ids, tags, common_ground)
    out = pd.DataFrame(
        {
            "contact_id": ids.to_numpy(),
            "full_name": cand["full_name"].astype(object).to_numpy(),
            "company": cand.get("company", pd.Series("", index=ids)).astype(object).to_numpy(),
            "position": cand.get("position", pd.Series("", index=ids)).astype(object).to_numpy(),
            "expertise": keep.reindex(ids).to_numpy(),
            "seniority": sen["seniority"].to_numpy(),
            "level": sen["level"].to_numpy(),
            "closeness": closeness.to_numpy(),
            "common_ground": cg.to_numpy(),
            "reachability": np.asarray(reach, dtype="float64"),
        }
    )
    out["score"] = sum(w[k] * out[k] for k in WEIGHTS).round(6)
    out = out.sort_values(["score", "expertise", "contact_id"], ascending=[False, False, True], kind="stable")
    if top is not None:
        out = out.head(int(top))
    out = out.reset_index(drop=True)
    return _explain(out, tags, routes, contacts, outreach, goal)


def _explain(out: pd.DataFrame, tags: pd.DataFrame, routes: IntroRoutes,
             contacts: pd.DataFrame, outreach: pd.DataFrame | None, goal: Any) -> pd.DataFrame:
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
        parts = [
            f"expertise {r.expertise:.2f} ({'; '.join(items[:3])})",
            f"seniority {r.seniority:.2f} ({r.level})",
            f"closeness {r.closeness:.2f} ({_tie_word(r.closeness)})",
            f"common ground {r.common_ground:.2f}" + (f" ({', '.join(sh[:3])})" if len(sh) else ""),
            f"reachability {r.reachability:.2f}" + (f" (via {via})" if via else " (direct)"),
        ]
        texts.append(f"Score {r.score:.2f}: " + "; ".join(parts) + ".")
    return out.assign(
        matched=[list(matched.get(int(c), [])) for c in ids],
        shared=[list(shared.get(int(c), [])) for c in ids],
        via=vias,
        in_pipeline=[int(c) in in_pipe for c in ids],
        explanation=texts,
    )


def _tie_word(s: float) -> str:
    if s >= 0.6:
        return "strong tie"
    if s >= 0.3:
        return "moderate tie"
    if s > 0.05:
        return "weak tie"
    return "barely in touch"
