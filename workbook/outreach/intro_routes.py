"""Warm-intro paths: shortest chains of introductions, weighted by tie strength."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from .shared import _keys

#: Tie strengths are clipped into this range before taking logs (a LinkedIn connection you
#: never wrote to is still a (very weak) way in; strength 1 would cost nothing).
STRENGTH_FLOOR, STRENGTH_CEIL = 0.02, 0.98
#: Strength of the tie between two contacts who share an employer but have no recorded link.
EMPLOYER_STRENGTH = 0.25


@dataclass(frozen=True)
class IntroRoutes:
    """The best chains of introductions from the person to every contact (see :func:`find_intro_routes`).

    ``reach`` is indexed by contact_id (0-1, the product of tie strengths along the best chain).
    """

    reach: pd.Series
    hops: pd.Series
    contact_ids: np.ndarray
    companies: np.ndarray
    predecessors: np.ndarray
    edge_kind: dict[tuple[int, int], str]

    def node_path(self, contact_id: int) -> list[int]:
        """Graph nodes from the person (node 0) to the contact; [] when unreachable."""
        pos = np.searchsorted(self.contact_ids, contact_id)
        if pos >= len(self.contact_ids) or self.contact_ids[pos] != contact_id:
            raise ValueError(f"There is no contact with id {contact_id} in the graph.")
        node, out = int(pos) + 1, []
        while node >= 0:
            out.append(node)
            if node == 0:
                return out[::-1]
            node = int(self.predecessors[node])
        return []


def find_intro_routes(
    contacts: pd.DataFrame,
    links: pd.DataFrame | None,
    ties: pd.DataFrame,
    *,
    tags: pd.DataFrame | None = None,
    employer_strength: float | None = EMPLOYER_STRENGTH,
) -> IntroRoutes:
    """Shortest paths from the person to every contact, weighted by tie strength.

    Graph: you -- each contact (their tie strength); contact -- contact for each recorded link
    (its strength; the strongest when several); and, when ``employer_strength`` is set, contacts
    who share a current company (or an ``employer`` tag) are joined through that employer with
    ``employer_strength``. Edge cost is ``-log(strength)`` (strengths clipped to 0.02-0.98), so the
    cheapest path multiplies to the strongest chain. One Dijkstra run (scipy) serves every contact.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Dana", "Lee"], "company": ["", ""]})
    >>> ties = pd.DataFrame({"tie_strength": [0.9, 0.0]}, index=pd.Index([1, 2], name="contact_id"))
    >>> links = pd.DataFrame({"a": [1], "b": [2], "kind": ["colleague"], "strength": [0.8]})
    >>> r = find_intro_routes(c, links, ties)
    >>> round(float(r.reach[2]), 2), int(r.hops[2])
    (0.72, 2)
    """
    ids = np.sort(contacts["contact_id"].astype("int64").to_numpy())
    n = len(ids)
    strength = ties["tie_strength"].reindex(ids).fillna(0.0).to_numpy(dtype="float64")
    rows = [np.zeros(n, dtype="int64")]
    cols = [np.arange(1, n + 1)]
    weights = [np.clip(strength, STRENGTH_FLOOR, STRENGTH_CEIL)]
    edge_kind = _link_edges(ids, links, rows, cols, weights)
    companies = np.array([], dtype=object)
    if employer_strength:
        member = _employers(contacts, tags)
        if len(member):
            companies = np.asarray(member["company"].drop_duplicates().sort_values().to_numpy(), dtype=object)
            comp_node = np.searchsorted(companies, member["company"].to_numpy()) + n + 1
            cnode = np.searchsorted(ids, member["contact_id"].to_numpy()) + 1
            half = np.full(len(member), math.sqrt(float(employer_strength)))
            rows += [cnode, comp_node]
            cols += [comp_node, cnode]
            weights += [half, half]
    size = n + 1 + len(companies)
    r, c, w = np.concatenate(rows), np.concatenate(cols), np.concatenate(weights)
    cost = -np.log(np.clip(w, STRENGTH_FLOOR, STRENGTH_CEIL))
    # Keep the cheapest edge when a pair appears twice (coo would add them up).
    edges = pd.DataFrame({"r": r, "c": c, "w": cost}).groupby(["r", "c"], sort=False)["w"].min().reset_index()
    graph = sparse.csr_matrix((edges["w"].to_numpy(), (edges["r"].to_numpy(), edges["c"].to_numpy())),
                              shape=(size, size))
    dist, pred = csgraph.dijkstra(graph, directed=True, indices=0, return_predecessors=True)
    hops = _hop_counts(pred, n, size)
    reach = pd.Series(np.exp(-dist[1 : n + 1]), index=pd.Index(ids, name="contact_id"), name="reach")
    return IntroRoutes(
        reach=reach.fillna(0.0),
        hops=pd.Series(hops, index=reach.index, name="hops"),
        contact_ids=ids,
        companies=companies,
        predecessors=pred,
        edge_kind=edge_kind,
    )


def _link_edges(ids: np.ndarray, links: pd.DataFrame | None, rows: list, cols: list,
                weights: list) -> dict[tuple[int, int], str]:
    """Add both directions of every recorded link between two contacts to the edge lists (in place);
    return the strongest link's kind per node pair, for readable chains."""
    edge_kind: dict[tuple[int, int], str] = {}
    if links is None or not len(links):
        return edge_kind
    lk = links.loc[links["a"].isin(ids) & links["b"].isin(ids)]
    if not len(lk):
        return edge_kind
    a = np.searchsorted(ids, lk["a"].astype("int64").to_numpy()) + 1
    b = np.searchsorted(ids, lk["b"].astype("int64").to_numpy()) + 1
    s = np.clip(lk["strength"].to_numpy(dtype="float64"), STRENGTH_FLOOR, STRENGTH_CEIL)
    rows += [a, b]
    cols += [b, a]
    weights += [s, s]
    kinds = lk["kind"].astype(str).to_numpy()
    for i in np.argsort(s, kind="stable"):  # weakest first, so the strongest kind is written last
        edge_kind[(int(a[i]), int(b[i]))] = kinds[i]
        edge_kind[(int(b[i]), int(a[i]))] = kinds[i]
    return edge_kind


def _hop_counts(pred: np.ndarray, n: int, size: int) -> np.ndarray:
    """Number of people on the way (contact-to-contact steps + 1), employer nodes not counted."""
    depth = np.full(size, -1, dtype="int64")
    depth[0] = 0
    # Walk predecessors in rounds: each round resolves nodes whose predecessor is resolved.
    pending = np.arange(1, size)
    pending = pending[pred[pending] >= 0]
    is_company = np.zeros(size, dtype=bool)
    is_company[n + 1 :] = True
    for _ in range(size):
        if not len(pending):
            break
        p = pred[pending]
        ready = depth[p] >= 0
        if not ready.any():
            break
        nodes = pending[ready]
        depth[nodes] = depth[p[ready]] + (~is_company[nodes]).astype("int64")
        pending = pending[~ready]
    out = depth[1 : n + 1].astype("float64")
    out[out < 0] = np.nan
    return out


def _employers(contacts: pd.DataFrame, tags: pd.DataFrame | None) -> pd.DataFrame:
    ids = contacts["contact_id"].to_numpy(dtype="int64")
    comp = contacts["company"].fillna("") if "company" in contacts else pd.Series("", index=contacts.index)
    frames = [pd.DataFrame({"contact_id": ids, "company": _keys(comp)})]
    if tags is not None and len(tags):
        kind = tags["kind"].to_numpy(dtype=object)
        past = tags.loc[(kind == "employer") & (tags["owner"].to_numpy(dtype=object) == "contact")]
        past = past.loc[past["contact_id"].isin(ids)]
        frames.append(pd.DataFrame({"contact_id": past["contact_id"].to_numpy(dtype="int64"),
                                    "company": _keys(past["text"])}))
    m = pd.concat(frames, ignore_index=True)
    m = m.loc[m["company"] != ""].drop_duplicates()
    # An employer only links people when two or more contacts share it.
    return m.loc[m.groupby("company")["contact_id"].transform("size") > 1].reset_index(drop=True)


def describe_intro_path(routes: IntroRoutes, contact_id: int, contacts: pd.DataFrame) -> dict[str, Any]:
    """The best chain to one contact in words, e.g. "Ask Dana, who worked with Lee at Acme, to ask Lee
    first and then introduce you." (both sides asked first: a double opt-in).

    Returns a dict: contact_id, reach, hops, direct (bool), people (ids on the way, you excluded,
    the contact last), names, steps (list of dicts: from_id, to_id, relation, company) and chain (text).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Dana", "Lee"], "company": ["Acme", "Acme"]})
    >>> ties = pd.DataFrame({"tie_strength": [0.9, 0.0]}, index=pd.Index([1, 2], name="contact_id"))
    >>> links = pd.DataFrame({"a": [1], "b": [2], "kind": ["colleague"], "strength": [0.8]})
    >>> describe_intro_path(find_intro_routes(c, links, ties), 2, c)["chain"]
    'Ask Dana, who worked with Lee at Acme, to ask Lee first and then introduce you.'
    """
    nodes = routes.node_path(int(contact_id))
    n = len(routes.contact_ids)
    on_path = [int(routes.contact_ids[v - 1]) for v in nodes if 0 < v <= n] or [int(contact_id)]
    few = contacts.loc[contacts["contact_id"].isin(on_path)]  # a handful of rows, not all 30,000
    names = few.set_index(few["contact_id"].astype("int64"))
    reach = float(routes.reach.get(int(contact_id), 0.0))

    def name(node: int) -> str:
        cid = int(routes.contact_ids[node - 1])
        return str(names.at[cid, "full_name"]) if cid in names.index else f"contact {cid}"

    def company_of(node: int) -> str:
        cid = int(routes.contact_ids[node - 1])
        return str(names.at[cid, "company"]).strip() if "company" in names and cid in names.index else ""

    target_name = name(nodes[-1]) if nodes else str(names.at[int(contact_id), "full_name"])
    if not nodes:
        return {"contact_id": int(contact_id), "reach": 0.0, "hops": None, "direct": False, "people": [],
                "names": [], "steps": [],
                "chain": f"No route to {target_name} yet: meet them where they are (an event or group)."}
    people = [v for v in nodes[1:] if v <= n]
    steps: list[dict[str, Any]] = []
    i = 1
    while i < len(nodes) - 1:
        a, b = nodes[i], nodes[i + 1]
        company = ""
        if b > n:  # through an employer node to the next person
            c_node, b = b, nodes[i + 2]
            label = str(routes.companies[c_node - n - 1])
            company = _display_company(label, company_of(a), company_of(b))
            relation = f"shares an employer with {name(b)} ({company})"
            i += 2
        else:
            kind = routes.edge_kind.get((a, b), "knows")
            same = company_of(a) and company_of(a).lower() == company_of(b).lower()
            company = company_of(a) if same else ""
            relation = _relation(kind, name(b), company)
            i += 1
        steps.append({"from_id": int(routes.contact_ids[a - 1]), "to_id": int(routes.contact_ids[b - 1]),
                      "relation": relation, "company": company})
    if not steps:
        chain = f"You know {target_name} directly (tie strength {reach:.2f}): write to them yourself."
    else:
        # Double opt-in: the introducer asks the other side before connecting anyone.
        chain = (f"Ask {name(people[0])}, who " + ", who ".join(s["relation"] for s in steps)
                 + f", to ask {target_name} first and then introduce you.")
    return {"contact_id": int(contact_id), "reach": reach, "hops": len(people), "direct": not steps,
            "people": [int(routes.contact_ids[v - 1]) for v in people], "names": [name(v) for v in people],
            "steps": steps, "chain": chain}


def _display_company(label: str, a: str, b: str) -> str:
    for c in (a, b):
        if c and c.lower() == label:
            return c
    return label.title()


def _relation(kind: str, other: str, company: str) -> str:
    at = f" at {company}" if company else ""
    return {
        "colleague": f"worked with {other}{at}",
        "introduced-by": f"is connected to {other} through an introduction",
        "family": f"is family of {other}",
    }.get(kind, f"knows {other}{at}")


def intro_paths(targets: Sequence[int], contacts: pd.DataFrame, links: pd.DataFrame | None, ties: pd.DataFrame,
                *, tags: pd.DataFrame | None = None, routes: IntroRoutes | None = None) -> pd.DataFrame:
    """The best chain of introductions to each target contact, as a frame (one row per target).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Dana", "Lee"], "company": ["", ""]})
    >>> ties = pd.DataFrame({"tie_strength": [0.9, 0.0]}, index=pd.Index([1, 2], name="contact_id"))
    >>> intro_paths([2], c, pd.DataFrame({"a": [1], "b": [2], "kind": ["knows"], "strength": [0.5]}), ties)["via"].tolist()
    ['Dana']
    """
    routes = routes or find_intro_routes(contacts, links, ties, tags=tags)
    rows = [describe_intro_path(routes, int(t), contacts) for t in targets]
    out = pd.DataFrame(rows, columns=["contact_id", "reach", "hops", "direct", "people", "names", "steps", "chain"])
    return out.assign(via=[n[0] if len(n) > 1 else "" for n in out["names"]])
