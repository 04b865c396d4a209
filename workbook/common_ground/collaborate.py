"""Collaboration and interests across circles: complementary skills, shared interests by circle."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from ..schema import CIRCLES
from .introductions import _wanted_skills
from .items import INTEREST_KINDS, _base_key, _lookup, _names, _text_column
from .score import _norms
from .space import _contact_items, _space


def _person_goals(tags: pd.DataFrame, goals: pd.DataFrame | None) -> pd.DataFrame:
    """The person's goal phrases: profile goal tags, plus active goals' titles and needs."""
    own = tags.loc[tags["contact_id"].isna().to_numpy()]
    phrases = own.loc[(own["kind"] == "goal").to_numpy(), "text"].astype(object)
    rows = [pd.DataFrame({"text": phrases.to_numpy(object), "goal": phrases.to_numpy(object)})]
    if goals is not None and len(goals):
        active = goals.loc[(goals.get("status", pd.Series("active", index=goals.index)) == "active").to_numpy()]
        titles = active["title"].astype(object).to_numpy()
        rows.append(pd.DataFrame({"text": titles, "goal": titles}))
        needs = active.assign(need=_text_column(active, "needs").str.split(";")).explode("need")
        needs = needs.loc[needs["need"].fillna("").str.strip() != ""]
        rows.append(pd.DataFrame({"text": needs["need"].str.strip().to_numpy(object),
                                  "goal": needs["title"].to_numpy(object)}))
    return pd.concat(rows, ignore_index=True).assign(owner=0)


def find_collaborators(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                       goals: pd.DataFrame | None = None, *, top: int = 20) -> pd.DataFrame:
    """Contacts whose skills complement the person's goals and who share their interests.

    ``fit`` is the rarity-weighted share of the skills the person's goals call for that the
    contact has (goals: profile goal tags and active goals' titles and needs); ``common`` is
    the common-ground score restricted to interests, values, communities and events. Both must
    be above zero; ``score = sqrt(fit * common)`` (0-1). Columns ``contact_id, full_name,
    company, position, score, fit, common, skills, goals, shared, reason``; best first.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": "",
    ...                   "position": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "profile", "contact", "contact", "contact"],
    ...                   "contact_id": pd.array([None, None, 1, 1, 2], dtype="Int64"),
    ...                   "kind": ["goal", "interest", "skill", "interest", "skill"],
    ...                   "text": ["learn SQL", "chess", "SQL", "chess", "SQL"]})
    >>> find_collaborators(c, t, None)[["full_name", "skills", "shared"]].values.tolist()
    [['Ana', 'SQL', 'chess']]
    """
    skills = _space(contacts, tags, profile, kinds=("skill",))
    phrases = _person_goals(tags, goals)
    pairs = _wanted_skills(_base_key(phrases["text"]).to_numpy(object), skills.vocab["key"].to_numpy(object))
    wanted_codes = np.unique(pairs["skill"].to_numpy())
    want = np.zeros(len(skills.vocab))
    want[wanted_codes] = skills.weight[wanted_codes]
    fit = np.asarray(skills.X @ want).ravel() / want.sum() if want.sum() > 0 else np.zeros(len(skills.ids))
    inter = _space(contacts, tags, profile, kinds=INTEREST_KINDS)
    w2, _, _, denom = _norms(inter)
    common = np.where(denom > 0, (inter.X @ (w2 * inter.mine)) / np.where(denom > 0, denom, 1.0), 0.0)
    score = np.sqrt(np.clip(fit, 0, 1) * np.clip(common, 0, 1))
    names = _names(contacts)
    idx = np.flatnonzero(score > 0)
    idx = idx[np.lexsort((skills.ids[idx], names[idx].astype(str), -np.round(score[idx], 12)))][: max(int(top), 0)]
    goal_of = pd.Series(phrases["goal"].to_numpy(object)[pairs["goal"].to_numpy()], index=pairs["skill"].to_numpy())
    goal_of = goal_of[~goal_of.index.duplicated()]
    stexts, itexts = skills.vocab["text"].to_numpy(object), inter.vocab["text"].to_numpy(object)
    rows = []
    for i in idx:  # explanations for the chosen few only
        has = skills.X.indices[skills.X.indptr[i]: skills.X.indptr[i + 1]]
        has = has[np.isin(has, wanted_codes)]
        has = has[np.lexsort((stexts[has].astype(str), skills.vocab["df"].to_numpy()[has]))]
        items = _contact_items(inter, int(i))
        shared = items.loc[items["mine"].to_numpy(), "text"].tolist()[:3]
        goals_hit = list(dict.fromkeys(goal_of.reindex(has).tolist()))
        skill_list = "; ".join(stexts[has][:4])
        shared_list = "; ".join(shared)
        reason = (f"{names[i]} brings {skill_list}, which your goal \u201c{goals_hit[0]}\u201d calls for; "
                  f"you both care about {shared_list}.")
        rows.append((int(skills.ids[i]), names[i], score[i], fit[i], common[i], skill_list,
                     "; ".join(goals_hit), shared_list, reason))
    out = pd.DataFrame(rows, columns=["contact_id", "full_name", "score", "fit", "common", "skills", "goals",
                                      "shared", "reason"])
    out.insert(2, "company", _lookup(contacts, idx, "company"))
    out.insert(3, "position", _lookup(contacts, idx, "position"))
    return out


def map_shared_interests(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                         circles: pd.Series, *, kinds: Iterable[str] = ("interest",), top: int = 12,
                         names: int = 6) -> pd.DataFrame:
    """How the person's own interests spread over their circles: one row per (item, circle).

    ``circles`` maps contact_id to circle (:func:`workbook.ties.assign_circles`). Columns
    ``item, kind, circle, n, share, names`` where ``share`` is ``n`` over the circle's size and
    ``names`` lists up to ``names`` of the people (alphabetical, "+ k more"). The ``top`` items
    shared by most contacts come first (unshared ones too, with zeros); every circle appears for
    every item.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact", "contact"], "contact_id": pd.array([None, 1, 2],
    ...                   dtype="Int64"), "kind": "interest", "text": ["chess", "chess", "chess"]})
    >>> m = map_shared_interests(c, t, None, pd.Series(["inner", "close"], index=[1, 2]))
    >>> m.loc[m["n"] > 0, ["item", "circle", "names"]].values.tolist()
    [['chess', 'inner', 'Ana'], ['chess', 'close', 'Ben']]
    """
    kinds = tuple(kinds)
    s = _space(contacts, tags, profile, kinds=kinds)
    circle = pd.Series(circles).reindex(s.ids).fillna("acquaintance").astype(str).to_numpy()
    keep = s.mine[s.codes] if len(s.codes) else np.zeros(0, dtype=bool)
    rows, codes = s.rows[keep], s.codes[keep]
    person_names = _names(contacts)
    long = pd.DataFrame({"code": codes, "circle": circle[rows], "name": person_names[rows]})
    # Every one of the person's items, shared or not (an empty row is a finding too).
    chosen = np.flatnonzero(s.mine)
    dfs = s.vocab["df"].to_numpy()
    chosen = chosen[np.lexsort((s.vocab["alpha"].to_numpy()[chosen], -dfs[chosen]))][: max(int(top), 0)]
    size = pd.Series(circle).value_counts()
    grid = pd.MultiIndex.from_product([chosen, list(CIRCLES)], names=["code", "circle"])
    long = long.loc[long["code"].isin(chosen)].sort_values(["code", "circle", "name"], kind="stable")
    counts = long.groupby(["code", "circle"]).size().reindex(grid, fill_value=0)
    listed = long.groupby(["code", "circle"])["name"].agg(
        lambda x: "; ".join(x.iloc[:names]) + (f" + {len(x) - names} more" if len(x) > names else ""))
    out = pd.DataFrame({"n": counts.astype("int64")}).assign(
        names=listed.reindex(grid).fillna("").astype(object)).reset_index()
    return pd.DataFrame({
        "item": s.vocab["text"].to_numpy(object)[out["code"].to_numpy(dtype=int)],
        "kind": s.vocab["kind"].to_numpy(object)[out["code"].to_numpy(dtype=int)],
        "circle": out["circle"].to_numpy(object),
        "n": out["n"].to_numpy(),
        "share": out["n"].to_numpy() / size.reindex(out["circle"]).fillna(0).clip(lower=1).to_numpy(),
        "names": out["names"].to_numpy(object),
    })
