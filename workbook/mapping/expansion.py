"""Where to grow: venues that reach the missing parts of the network, and a short list of next steps."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._shared import _CLOSE, UNKNOWN, _norm, _words


def suggest_expansion(people: pd.DataFrame, tags: pd.DataFrame, gaps: pd.DataFrame | None = None,
                      *, doorways: int = 3, limit: int = 10) -> pd.DataFrame:
    """Events, associations and online communities (contact tags of kind community/event) that
    reach the missing parts of the network, with the existing contacts who are the doorway.

    A venue reaches a need (a ``missing`` or ``thin`` row of :func:`find_gaps`) when its name
    mentions the need or one of its members covers it. ``novelty`` is the share of its members
    outside the person's three biggest industries. Venues the person already belongs to
    (profile tags) are listed last. Needs no venue reaches come back as ``kind='to find'`` rows.

    Columns: venue, kind, members, reaches (';'-joined needs), novelty, doorway (';'-joined names),
    doorway_ids (list), you_belong, score.

    >>> p = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "Bo"], "industry": ["Fintech", "Retail"],
    ...                   "tie_strength": [0.9, 0.1]})
    >>> t = pd.DataFrame({"owner": ["contact"] * 2, "contact_id": [1, 2], "kind": ["community", "event"],
    ...                   "text": ["Fintech Guild", "ShopCon"]})
    >>> g = pd.DataFrame({"need": ["fintech"], "status": ["thin"], "contact_ids": [[1]]})
    >>> suggest_expansion(p, t, g)[["venue", "reaches", "doorway"]].values.tolist()
    [['Fintech Guild', 'fintech', 'Ada'], ['ShopCon', '', 'Bo']]
    """
    venues = tags.loc[tags["kind"].isin(["community", "event"])]
    mine = set(_norm(venues.loc[venues["owner"] == "profile", "text"]))
    v = venues.loc[(venues["owner"] == "contact") & venues["contact_id"].notna()]
    v = pd.DataFrame({"contact_id": v["contact_id"].astype("int64").to_numpy(), "kind": v["kind"].to_numpy(dtype=object),
                      "text": v["text"].astype(str).to_numpy(dtype=object)})
    v = v.loc[v["contact_id"].isin(people["contact_id"])]
    open_needs = gaps.loc[gaps["status"].isin(["missing", "thin"])] if gaps is not None and len(gaps) else None
    out = pd.DataFrame(columns=_EXPANSION_COLUMNS)
    if not v.empty:
        v = v.assign(key=_norm(v["text"]))
        members = _venue_members(people, v)
        out = _venues(v, members, doorways)
        reach = _reach(out.index, members, open_needs)
        out = out.assign(
            reaches=reach.map(";".join),
            you_belong=out.index.isin(list(mine)),
            score=2.0 * reach.map(len) + out["novelty"] + 0.5 * out["best"] + 0.1 * np.log1p(out["members"]),
        ).reset_index(drop=True)[_EXPANSION_COLUMNS]
    if len(out):
        out = out.sort_values(["you_belong", "score", "venue"], ascending=[True, False, True]).head(limit)
    if open_needs is not None:
        extra = _to_find(open_needs, out)
        out = pd.concat([out, extra], ignore_index=True) if len(extra) else out
    return out.reset_index(drop=True).astype({"members": "int64", "you_belong": bool})


_EXPANSION_COLUMNS = ["venue", "kind", "members", "reaches", "novelty", "doorway", "doorway_ids", "you_belong", "score"]


def _venue_members(people: pd.DataFrame, v: pd.DataFrame) -> pd.DataFrame:
    """One row per (venue key, member) with the member's name, tie strength and whether they work
    outside the person's three biggest industries; strongest ties first within each venue."""
    top_industries = list(people.loc[people["industry"] != UNKNOWN, "industry"].value_counts().index[:3])
    info = people.set_index("contact_id")[["full_name", "industry", "tie_strength"]]
    members = v.drop_duplicates(["key", "contact_id"]).join(info, on="contact_id")
    return members.assign(
        outside=~members["industry"].isin(top_industries) & (members["industry"] != UNKNOWN),
        tie_strength=members["tie_strength"].fillna(0.0),
    ).sort_values(["key", "tie_strength", "contact_id"], ascending=[True, False, True], kind="stable")


def _venues(v: pd.DataFrame, members: pd.DataFrame, doorways: int) -> pd.DataFrame:
    """Per venue key: members, novelty, best tie, the commonest spelling and kind, and the doorways."""

    def commonest(col: str) -> pd.Series:
        n = v.groupby(["key", col]).size().rename("n").reset_index()
        return n.sort_values(["key", "n", col], ascending=[True, False, True]).drop_duplicates("key").set_index("key")[col]

    door = members.groupby("key", sort=False).head(doorways).groupby("key", sort=False).agg(
        doorway=("full_name", lambda s: ";".join(s.astype(str))), doorway_ids=("contact_id", list))
    out = members.groupby("key").agg(members=("contact_id", "size"), novelty=("outside", "mean"),
                                     best=("tie_strength", "max"))
    return out.join(commonest("text").rename("venue")).join(commonest("kind")).join(door)


def _reach(keys: pd.Index, members: pd.DataFrame, open_needs: pd.DataFrame | None) -> pd.Series:
    """The open needs each venue reaches (a list per venue key, in the needs' order): through a
    member who covers the need, or by a name that mentions it."""
    reach = pd.Series([[] for _ in range(len(keys))], index=keys, dtype=object)
    if open_needs is None or not len(open_needs):
        return reach
    cover = open_needs[["need", "contact_ids"]].explode("contact_ids").dropna()
    cover = cover.assign(contact_id=cover["contact_ids"].astype("int64"))[["need", "contact_id"]]
    hits = members[["key", "contact_id"]].merge(cover, on="contact_id")[["key", "need"]]
    # A venue whose name mentions the need reaches it too ("Fintech Forum" for "fintech").
    named = [(k, n) for k in keys for n in open_needs["need"]
             if _words(n) in _words(k) or _words(k).strip() in _words(n)]
    hits = pd.concat([hits, pd.DataFrame(named, columns=["key", "need"])]).drop_duplicates()
    order = {n: i for i, n in enumerate(dict.fromkeys(open_needs["need"]))}
    hits = hits.assign(o=hits["need"].map(order)).sort_values(["key", "o"])
    return reach.combine(hits.groupby("key")["need"].agg(list), lambda a, b: b if isinstance(b, list) else a)


def _to_find(open_needs: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """A 'to find' row for each open need no shown venue reaches."""
    reached = set(";".join(shown["reaches"]).split(";")) if len(shown) else set()
    todo = [n for n in open_needs["need"] if n not in reached]
    return pd.DataFrame([{"venue": f"a {n} association, meetup or online group", "kind": "to find", "members": 0,
                          "reaches": n, "novelty": 1.0, "doorway": "", "doorway_ids": [], "you_belong": False,
                          "score": 0.0} for n in dict.fromkeys(todo)], columns=_EXPANSION_COLUMNS)


def plan_next_steps(people: pd.DataFrame, gaps: pd.DataFrame, expansion: pd.DataFrame, bridges: pd.DataFrame,
                    clusters: pd.DataFrame | None = None, *, limit: int = 5) -> pd.DataFrame:
    """A short, concrete to-do list computed from the map (one action per line, with why).

    Draws on: the venue that reaches the most missing needs and who can take you; a dormant or
    weak tie at a higher level to reconnect with; the strongest bridge contact; an empty inner
    circle nobody is in yet; and a need no venue reaches yet.

    Columns: action, why, contact_id (Int64, the person to contact if any).

    >>> p = pd.DataFrame({"contact_id": [1], "full_name": ["Ada"], "tie_band": ["dormant"], "seniority_rank": [5],
    ...                   "seniority": ["vp"], "company": ["X"], "days_since": [1500.0], "circle": ["acquaintance"],
    ...                   "tie_strength": [0.1]})
    >>> e = pd.DataFrame(columns=["venue", "kind", "reaches", "doorway", "doorway_ids", "you_belong"])
    >>> plan_next_steps(p, pd.DataFrame(columns=["need", "status"]), e, pd.DataFrame(columns=["contact_id"]))["action"].tolist()
    ['Reconnect with Ada (vp at X): it has been 4 years.', 'Name your inner circle: the few people you turn to first.']
    """
    name = people.set_index("contact_id")["full_name"].astype(str)
    rows = [*_go_to_venue(expansion, name), *_ask_about_need(people, gaps), *_reconnect(people),
            *_ask_bridge(bridges, name), *_fill_inner(people), *_search_venue(expansion)]
    out = pd.DataFrame(rows, columns=["action", "why", "contact_id"]).head(limit)
    return out.astype({"contact_id": "Int64"}).reset_index(drop=True)


def _go_to_venue(expansion: pd.DataFrame, name: pd.Series) -> list[dict[str, Any]]:
    """The best venue the person does not belong to yet, and who can bring them."""
    venues = expansion.loc[(expansion["kind"] != "to find") & ~expansion["you_belong"].astype(bool)] if len(expansion) else expansion
    if not len(venues):
        return []
    best = venues.iloc[0]
    door = list(best["doorway_ids"])
    where = f"{best['venue']} ({best['kind']})"
    action = f"Ask {name.get(door[0], 'a member')} to bring you to {where}." if door else f"Go to {where}."
    why = f"It reaches {best['reaches'].replace(';', ', ')}, which your goals need." if best["reaches"] else (
        f"{_share(best['novelty'])} of its members work outside your usual industries.")
    return [{"action": action, "why": why, "contact_id": door[0] if door else pd.NA}]


def _ask_about_need(people: pd.DataFrame, gaps: pd.DataFrame) -> list[dict[str, Any]]:
    """The strongest-tied, most senior person who covers a thin need but is not yet close."""
    open_needs = gaps.loc[gaps["status"] == "thin"] if len(gaps) else gaps
    if not len(open_needs):
        return []
    need = open_needs.iloc[0]
    who = people.loc[people["contact_id"].isin(list(need["contact_ids"])) & ~people["circle"].isin(_CLOSE)]
    who = who.sort_values(["seniority_rank", "tie_strength", "contact_id"], ascending=[False, False, True])
    if not len(who):
        return []
    w = who.iloc[0]
    return [{"action": f"Ask {w['full_name']} ({w['position'] or w['seniority']}) for twenty minutes on {need['need']}.",
             "why": f"Only {int(need['n_active'])} people you are in touch with know about "
                    f"{need['need']}, and your goal '{need['goal']}' needs it.",
             "contact_id": int(w["contact_id"])}]


def _reconnect(people: pd.DataFrame) -> list[dict[str, Any]]:
    """The most senior dormant or weak tie: reconnecting gives fresh advice fast (Levin, Walter &
    Murnighan 2011); seniority: Walter, Levin & Murnighan 2015."""
    cand = people.loc[people["tie_band"].isin(["dormant", "weak"])].sort_values(
        ["seniority_rank", "tie_band", "tie_strength", "contact_id"], ascending=[False, True, False, True])
    if not len(cand):
        return []
    c = cand.iloc[0]
    years = int(c["days_since"] // 365) if pd.notna(c["days_since"]) else 0
    ago = f"it has been {years} years" if years >= 2 else "it has been a while"
    return [{"action": f"Reconnect with {c['full_name']} ({c['seniority']} at {c['company']}): {ago}.",
             "why": "Dormant and weaker ties at a higher level tend to give the most novel advice.",
             "contact_id": int(c["contact_id"])}]


def _ask_bridge(bridges: pd.DataFrame, name: pd.Series) -> list[dict[str, Any]]:
    """The strongest bridge, asked for introductions across the groups they span."""
    if not len(bridges):
        return []
    b = bridges.iloc[0]
    cid = int(b["contact_id"])
    return [{"action": f"Ask {name.get(cid, 'your best bridge')} to introduce you across the groups they span "
                       f"({int(b['clusters_reached']) + 1} clusters).",
             "why": "Bridges connect parts of your network that do not otherwise talk.", "contact_id": cid}]


def _fill_inner(people: pd.DataFrame) -> list[dict[str, Any]]:
    """A nudge to name the inner circle while nobody is in it (a count, never places to fill)."""
    if int((people["circle"] == "inner").sum()):
        return []
    return [{"action": "Name your inner circle: the few people you turn to first.",
             "why": "The few people you see weekly carry most of the support.", "contact_id": pd.NA}]


def _search_venue(expansion: pd.DataFrame) -> list[dict[str, Any]]:
    """A need no venue in the network reaches: something to search for."""
    todo = expansion.loc[expansion["kind"] == "to find"] if len(expansion) else expansion
    if not len(todo):
        return []
    return [{"action": f"Search for {todo.iloc[0]['venue']}.",
             "why": f"Nobody in your network covers {todo.iloc[0]['reaches']} yet.", "contact_id": pd.NA}]


def _share(x: float) -> str:
    return f"{100 * float(x):.0f}%"
