""""Someone at X / in community Y": where people with the expertise gather, and the doorway."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from .expertise import match_expertise, score_expertise
from .needs import _needs_of, tokenize


def suggest_where_to_meet(goal: Any, contacts: pd.DataFrame, tags: pd.DataFrame, ties: pd.DataFrame, *,
                          min_expertise: float = 0.5, top: int = 6,
                          matches: pd.DataFrame | None = None) -> pd.DataFrame:
    """"Someone at X / in community Y" targets for when nobody fits yet, with what to join.

    Relevance (0-1), where ``fit`` counts your contacts there whose expertise reaches
    ``min_expertise``, ``n`` all your contacts there, and ``name`` how much of a need the place's
    name covers (the ``+ 2`` keeps a one-member group from looking perfect):

    - community or event: ``max(0.6 * name, fit / (n + 2))`` (join it / attend it);
    - company: ``0.8 * fit / (n + 2)``; industry: ``0.6 * max(0.6 * name, fit / (n + 2))``.

    Each row names the doorway: your strongest tie there (a member, or someone at that company).
    When nothing in the data matches, one row per need suggests finding an association or meetup.
    ``matches``: :func:`match_expertise` of the goal's needs, when already at hand.

    Columns: target, kind (community | event | company | industry | need), action, why,
    doorway_id (Int64), doorway, fit, relevance.

    >>> t = pd.DataFrame({"owner": ["contact"], "contact_id": [1], "kind": ["community"], "text": ["Product Guild"]})
    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Dana"], "company": [""], "industry": [""], "position": [""]})
    >>> ties = pd.DataFrame({"tie_strength": [0.4]}, index=pd.Index([1], name="contact_id"))
    >>> suggest_where_to_meet("product strategy", c, t, ties)[["target", "doorway"]].values.tolist()
    [['someone in Product Guild', 'Dana']]
    """
    needs = _needs_of(goal)
    need_sets = [x for x in (set(tokenize(n)) for n in needs) if x]
    strength = ties["tie_strength"].astype("float64")
    if matches is None:
        matches = match_expertise(needs, contacts, tags)
    expertise = score_expertise(matches, len(needs))
    fits = set(expertise.index[expertise >= min_expertise])
    names = contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"]

    def name_cover(text: str) -> float:
        toks = set(tokenize(text))
        return max((len(toks & n) / len(n) for n in need_sets), default=0.0)

    def doorway(members: list[int]) -> tuple[int | None, str]:
        door = strength.reindex(members).dropna().sort_values(ascending=False, kind="stable")
        if not len(door):
            return None, ""
        did = int(door.index[0])
        return did, str(names.get(did, ""))

    # Every place is scored first (vectorised); the doorway and wording are written only for the
    # few that make the list, since 30,000 contacts bring thousands of companies and groups.
    places = [_score_groups(tags, fits, name_cover), *(_score_values(contacts, field, scale, fits, name_cover, top)
                                                       for field, scale in (("company", 0.8), ("industry", 0.6)))]
    places = [p for p in places if len(p)]
    if not places:
        rows = [{"target": f"someone who works in {n}", "kind": "need",
                 "action": f"find a {n} association, meetup or online group and join it",
                 "why": "nobody in your network matches this yet", "doorway_id": None, "doorway": "", "fit": 0,
                 "relevance": 0.0} for n in needs]
        out = pd.DataFrame(rows, columns=_MEET_COLUMNS).sort_values("target", kind="stable")
        out = out.drop_duplicates("target").head(top)
        return out.reset_index(drop=True).astype({"doorway_id": "Int64", "fit": "int64", "relevance": "float64"})
    scored = pd.concat(places, ignore_index=True)
    scored = scored.sort_values(["relevance", "fit", "target"], ascending=[False, False, True], kind="stable")
    scored = scored.drop_duplicates("target").head(top)
    rows = [_describe_place(r, needs, *doorway(r.members())) for r in scored.itertuples(index=False)]
    out = pd.DataFrame(rows, columns=_MEET_COLUMNS).reset_index(drop=True)
    return out.astype({"doorway_id": "Int64", "fit": "int64", "relevance": "float64"})


_MEET_COLUMNS = ["target", "kind", "action", "why", "doorway_id", "doorway", "fit", "relevance"]


def _describe_place(r: Any, needs: list[str], did: int | None, dname: str) -> dict[str, Any]:
    """One row of :func:`suggest_where_to_meet` in words: what to do there, and why."""
    fit = int(r.fit)
    if r.kind in ("community", "event"):
        verb = "attend" if r.kind == "event" else "join"
        if r.mine:
            action = f"you are already in {r.text}: go to the next meeting and ask who works on {needs[0]}"
        else:
            action = f"{verb} {r.text}" + (f"; ask {dname} to bring you along" if did is not None else "")
        why = f"{fit} of its members fit this goal" if fit else f"its name matches {', '.join(needs)}"
    else:
        prep = "at" if r.kind == "company" else "in"
        action = (f"ask {dname} who {prep} {r.text} works on {needs[0]} and would talk to you" if did is not None
                  else f"look for people {prep} {r.text} at industry events")
        why = f"{fit} of your contacts {prep} {r.text} fit this goal" if fit else f"{r.text} matches {', '.join(needs)}"
    return {"target": r.target, "kind": r.kind, "action": action, "why": why, "doorway_id": did,
            "doorway": dname, "fit": fit, "relevance": float(r.relevance)}


def _stripped(values: pd.Series, *, lower: bool = False) -> np.ndarray:
    """Texts stripped (and lower-cased), missing as "": the string work done once per distinct value."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    distinct = pd.Series([str(u) for u in uniques] + [""], dtype=object).str.strip()  # missing (-1) takes ""
    if lower:
        distinct = distinct.str.lower()
    return distinct.to_numpy(dtype=object)[codes]


def _score_groups(tags: pd.DataFrame | None, fits: set[int], name_cover: Callable[[str], float]) -> pd.DataFrame:
    """Communities and events (by case-insensitive name) with how many members fit and their relevance:
    columns target, kind, text, fit, relevance, mine (the person is in it), members (a callable giving
    the member ids in order). Only groups with relevance above 0, sorted by kind and name."""
    empty = pd.DataFrame(columns=["target", "kind", "text", "fit", "relevance", "mine", "members"])
    if tags is None or not len(tags):
        return empty
    ce = tags.loc[tags["kind"].isin(["community", "event"])]
    ce = ce.loc[ce["text"].notna()]  # (a missing name is no place to meet)
    if ce.empty:
        return empty
    # Each (kind, name) group as one integer, ordered like the texts (factorize(sort=True)): grouping
    # 15,000 community and event tags by integers is several times faster than by text.
    kind_codes, kinds = pd.factorize(ce["kind"].astype(object).to_numpy(dtype=object), sort=True)
    key_codes, keys = pd.factorize(_stripped(ce["text"], lower=True), sort=True)
    group = kind_codes.astype("int64") * len(keys) + key_codes
    codes, first = np.unique(group, return_index=True)  # groups in (kind, name) order; their first rows
    texts = ce["text"].astype(str).to_numpy(dtype=object)[first]
    group_kinds = np.asarray(kinds, dtype=object)[codes // len(keys)]
    mine = np.isin(codes, group[(ce["owner"] == "profile").to_numpy(dtype=bool)])
    ids = ce["contact_id"].to_numpy(dtype="float64", na_value=np.nan)
    known = ~np.isnan(ids)
    people = pd.DataFrame({"g": np.searchsorted(codes, group[known]), "contact_id": ids[known].astype("int64")})
    people = people.drop_duplicates()  # each member once, in the order first tagged
    at = people["g"].to_numpy()
    n = np.bincount(at, minlength=len(codes))
    fit = np.bincount(at, weights=people["contact_id"].isin(fits).to_numpy(dtype="float64"),
                      minlength=len(codes)).astype("int64")
    cover = np.array([name_cover(t) for t in texts], dtype="float64")
    relevance = np.maximum(0.6 * cover, fit / (n + 2))
    where, member_ids = people.groupby("g").indices, people["contact_id"].to_numpy()  # rows per group, in order

    def lister(g: int) -> Callable[[], list[int]]:
        return lambda: member_ids[where[g]].tolist() if g in where else []

    out = pd.DataFrame({
        "target": [f"someone {'at' if k == 'event' else 'in'} {t}" for k, t in zip(group_kinds, texts)],
        "kind": group_kinds, "text": texts, "fit": fit, "relevance": relevance, "mine": mine,
        "members": [lister(g) for g in range(len(codes))],
    })
    return out.loc[out["relevance"] > 0].reset_index(drop=True)


def _score_values(contacts: pd.DataFrame, field: str, scale: float, fits: set[int],
                  name_cover: Callable[[str], float], top: int) -> pd.DataFrame:
    """The ``top`` companies (or industries) by relevance, as :func:`_score_groups` lays them out."""
    empty = pd.DataFrame(columns=["target", "kind", "text", "fit", "relevance", "mine", "members"])
    if field not in contacts:
        return empty
    values = _stripped(contacts[field])
    named = values != ""
    if not named.any():
        return empty
    ids = contacts["contact_id"].astype("int64").to_numpy()[named]
    # Counted by integer codes in text order (the same table as a groupby on the texts, faster).
    codes, uniques = pd.factorize(values[named], sort=True)
    by = pd.DataFrame({"v": np.asarray(uniques, dtype=object),
                       "fit": np.bincount(codes, weights=np.isin(ids, list(fits)), minlength=len(uniques)).astype("int64"),
                       "n": np.bincount(codes, minlength=len(uniques)).astype("int64")})
    cover = 0.6 * by["v"].map(name_cover) if field == "industry" else 0.0
    by["relevance"] = scale * np.maximum(cover, by["fit"] / (by["n"] + 2))
    best = by.loc[by["relevance"] > 0].nlargest(top, "relevance")
    prep = "at" if field == "company" else "in"

    def lister(code: int) -> Callable[[], list[int]]:
        return lambda: ids[codes == code].tolist()

    return pd.DataFrame({
        "target": [f"someone {prep} {v}" for v in best["v"]], "kind": field, "text": best["v"].to_numpy(),
        "fit": best["fit"].to_numpy(dtype="int64"), "relevance": best["relevance"].to_numpy(dtype="float64"),
        "mine": False, "members": [lister(code) for code in best.index],
    })
