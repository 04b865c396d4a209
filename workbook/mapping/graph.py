"""The contact-to-contact graph: explicit links plus ties inferred from shared employers and communities."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..core.text import company_keys
from ._shared import _norm


#: Edge weights for ties inferred from shared context (explicit links carry their own strength).
EMPLOYER_WEIGHT, COMMUNITY_WEIGHT = 0.5, 0.3
#: Edge reasons, as bits of the ``reasons`` column.
LINKED, SHARED_EMPLOYER, SHARED_COMMUNITY = 1, 2, 4
#: Groups (an employer, a community) up to this size become cliques; larger ones get hubs.
MAX_CLIQUE = 12
HUBS = 3


def _company_key(values: pd.Series) -> pd.Series:
    """Employer keys by the one company rule (:func:`workbook.core.text.company_key`; '' for no employer)."""
    return company_keys(values)


def _group_edges(members: pd.DataFrame, *, weight: float, reason: int, max_clique: int, hubs: int) -> pd.DataFrame:
    """Edges among members of each group (columns contact_id, key, strength; a blank text key is no group).

    Small groups (<= ``max_clique``) become cliques. A larger group's ``hubs`` strongest-tied
    members form a clique and every other member links to each of them, so a 2,000-person alumni
    group costs about 6,000 edges instead of two million.
    """
    m = members.loc[members["key"] != ""].drop_duplicates(["key", "contact_id"])
    size = m.groupby("key")["contact_id"].transform("size")
    m = m.assign(size=size).loc[size >= 2]
    if m.empty:
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                             "weight": pd.Series(dtype="float64"), "reasons": pd.Series(dtype="int64")})
    m = m.sort_values(["key", "strength", "contact_id"], ascending=[True, False, True], kind="stable")
    m = m.assign(rank=m.groupby("key").cumcount())
    core = m.loc[(m["size"] <= max_clique) | (m["rank"] < hubs), ["key", "contact_id"]]
    rest = m.loc[(m["size"] > max_clique) & (m["rank"] >= hubs), ["key", "contact_id"]]
    pairs = core.merge(core, on="key", suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["contact_id_a"] < pairs["contact_id_b"]]
    spokes = rest.merge(core, on="key", suffixes=("_a", "_b"))
    both = pd.concat([pairs, spokes], ignore_index=True)
    a = both["contact_id_a"].to_numpy(dtype="int64")
    b = both["contact_id_b"].to_numpy(dtype="int64")
    edges = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b)})
    # Sharing several groups of one kind (two communities) counts a little more, capped at 1.
    edges = edges.groupby(["a", "b"], sort=False).size().rename("k").reset_index()
    return edges.assign(weight=np.minimum(1.0, weight * edges["k"]), reasons=reason).drop(columns="k")


def link_contacts(people: pd.DataFrame, links: pd.DataFrame, tags: pd.DataFrame | None = None,
                  *, max_clique: int = MAX_CLIQUE, hubs: int = HUBS) -> pd.DataFrame:
    """The contact-to-contact edge list: explicit links, shared employers, shared communities.

    Shared employer: the same company (by :func:`workbook.core.text.company_key`: case, accents,
    punctuation and legal suffixes such as "Inc/Ltd/GmbH" ignored) or an
    ``employer`` tag; shared community: a ``community`` tag with the same text. Groups larger than
    ``max_clique`` are joined through their ``hubs`` strongest-tied members instead of as cliques
    (see :func:`_group_edges`), which keeps 30,000 contacts to a few hundred thousand edges.
    Weights: the link's strength, 0.5 per shared employer, 0.3 per shared community, summed and
    capped at 1. ``reasons`` holds bits: 1 linked, 2 shared employer, 4 shared community.

    Columns: a < b (contact ids), weight, reasons.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "company": ["Acme Inc", "ACME", "Other"], "tie_strength": [.5, .4, .3]})
    >>> l = pd.DataFrame({"a": [2], "b": [3], "kind": ["knows"], "strength": [0.8]})
    >>> link_contacts(p, l).values.tolist()
    [[1.0, 2.0, 0.5, 2.0], [2.0, 3.0, 0.8, 1.0]]
    """
    return _link_members(people, links, _group_members(people, tags), max_clique=max_clique, hubs=hubs)


def _group_members(people: pd.DataFrame, tags: pd.DataFrame | None) -> dict[str, pd.DataFrame | None]:
    """Who shares which employer and which community: per kind, a frame of ``row`` (position in
    ``people``) and ``key`` (a code for the normalised name; blank names left out). Text work only,
    so :class:`NetworkMap` keeps it while the contacts and tags do not change (tie strengths, which
    pick the hubs, may)."""
    ids = people["contact_id"].astype("int64")
    employers = [pd.DataFrame({"row": np.arange(len(people)), "key": _company_key(people["company"]).to_numpy()})]
    communities = []
    if tags is not None and len(tags):
        t = tags.loc[(tags["owner"] == "contact") & tags["contact_id"].notna()]
        t = t.loc[t["contact_id"].astype("int64").isin(ids)]
        where = pd.Index(ids.to_numpy())
        for kind, bucket in (("employer", employers), ("community", communities)):
            k = t.loc[t["kind"] == kind]
            key = _company_key(k["text"]) if kind == "employer" else _norm(k["text"])
            bucket.append(pd.DataFrame({"row": where.get_indexer(k["contact_id"].astype("int64").to_numpy()),
                                        "key": key.to_numpy()}))

    def coded(frames: list[pd.DataFrame]) -> pd.DataFrame:
        # Blank names dropped, names as integer codes: the grouping, sorting and joining that follow
        # run several times faster on integers (only which rows share a name matters).
        m = pd.concat(frames, ignore_index=True)
        m = m.loc[(m["key"] != "").to_numpy(dtype=bool)]
        return m.assign(key=pd.factorize(m["key"].to_numpy(dtype=object))[0]).reset_index(drop=True)

    return {"employer": coded(employers), "community": coded(communities) if communities else None}


def _link_members(people: pd.DataFrame, links: pd.DataFrame | None, members: dict[str, pd.DataFrame | None],
                  *, max_clique: int = MAX_CLIQUE, hubs: int = HUBS) -> pd.DataFrame:
    """:func:`link_contacts` from :func:`_group_members`' groups."""
    ids = people["contact_id"].astype("int64")
    strength = people["tie_strength"].fillna(0.0).to_numpy() if "tie_strength" in people else np.zeros(len(people))
    parts = []
    if links is not None and len(links):
        la, lb = links["a"].astype("int64").to_numpy(), links["b"].astype("int64").to_numpy()
        lk = pd.DataFrame({"a": np.minimum(la, lb), "b": np.maximum(la, lb),
                           "weight": links["strength"].astype("float64").to_numpy()})
        lk = lk.loc[lk["a"].isin(ids) & lk["b"].isin(ids) & (lk["a"] != lk["b"])]
        parts.append(lk.groupby(["a", "b"], sort=False)["weight"].max().reset_index().assign(reasons=LINKED))
    for kind, weight, reason in (("employer", EMPLOYER_WEIGHT, SHARED_EMPLOYER),
                                 ("community", COMMUNITY_WEIGHT, SHARED_COMMUNITY)):
        m = members[kind]
        if m is None:
            continue
        rows = m["row"].to_numpy()
        group = pd.DataFrame({"contact_id": ids.to_numpy()[rows], "key": m["key"].to_numpy(), "strength": strength[rows]})
        parts.append(_group_edges(group, weight=weight, reason=reason, max_clique=max_clique, hubs=hubs))
    edges = pd.concat(parts, ignore_index=True)
    if edges.empty:
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                             "weight": pd.Series(dtype="float64"), "reasons": pd.Series(dtype="int64")})
    out = edges.groupby(["a", "b"]).agg(weight=("weight", "sum"), reasons=("reasons", "sum")).reset_index()
    return out.assign(weight=out["weight"].clip(upper=1.0), reasons=out["reasons"].astype("int64"))


def build_graph(people: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """A networkx graph: every contact a node (even without edges), weighted edges from ``edges``.

    >>> g = build_graph(pd.DataFrame({"contact_id": [1, 2, 3]}), pd.DataFrame({"a": [1], "b": [2], "weight": [.5]}))
    >>> g.number_of_nodes(), g.number_of_edges()
    (3, 1)
    """
    g = nx.Graph()
    g.add_nodes_from(people["contact_id"].astype("int64").tolist())
    g.add_weighted_edges_from(
        zip(edges["a"].astype("int64").tolist(), edges["b"].astype("int64").tolist(),
            edges["weight"].astype("float64").tolist())
    )
    return g
