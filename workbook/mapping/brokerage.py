"""Brokerage: Burt's structural-hole measures for the person, and the contacts who bridge clusters."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .graph import build_graph


#: Tie to the person used for contacts with no exchanges yet, so every connection is in the ego network.
MIN_EGO_WEIGHT = 0.05


def measure_brokerage(people: pd.DataFrame, edges: pd.DataFrame, *, min_weight: float = MIN_EGO_WEIGHT) -> dict[str, float]:
    """Burt's effective size, efficiency and constraint for the person (the ego) only.

    The ego network is the person joined to every contact with weight = tie strength (at least
    ``min_weight``) plus the contact-to-contact ``edges``. With ``p_q`` the share of the person's
    tie weight going to contact q and ``w`` edge weights:

    * effective size = sum over contacts j of ``1 - sum_q p_q * w_jq / max_k w_jk``
      (non-redundant contacts; equals the number of contacts when none know each other);
    * efficiency = effective size / number of contacts;
    * constraint = sum over j of ``(p_j + sum_q p_q * w_qj / W_q)^2`` where ``W_q`` is q's total tie
      weight (low = the person spans structural holes).

    The same formulas as ``networkx.effective_size`` / ``networkx.constraint`` with
    ``weight="weight"`` (a test checks), computed from the edge list in O(edges) for the ego
    alone instead of O(n^2).

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "tie_strength": [1.0, 1.0, 1.0]})
    >>> b = measure_brokerage(p, pd.DataFrame({"a": [1], "b": [2], "weight": [1.0]}))
    >>> round(b["effective_size"], 2), round(b["constraint"], 3)
    (2.33, 0.611)
    """
    ids = people["contact_id"].astype("int64").to_numpy()
    n = len(ids)
    if n == 0:
        return {"contacts": 0, "ties_among_contacts": 0, "effective_size": float("nan"),
                "efficiency": float("nan"), "constraint": float("nan")}
    s = np.maximum(people["tie_strength"].fillna(0.0).to_numpy(dtype="float64"), min_weight)
    pos = pd.Index(ids)
    e = edges.loc[edges["a"].isin(ids) & edges["b"].isin(ids) & (edges["weight"] > 0)]
    ia, ib = pos.get_indexer(e["a"].to_numpy()), pos.get_indexer(e["b"].to_numpy())
    w = e["weight"].to_numpy(dtype="float64")
    p = s / s.sum()
    total = s + np.bincount(ia, w, n) + np.bincount(ib, w, n)
    biggest = s.copy()
    np.maximum.at(biggest, ia, w)
    np.maximum.at(biggest, ib, w)
    redundancy = np.bincount(ia, p[ib] * w / biggest[ia], n) + np.bincount(ib, p[ia] * w / biggest[ib], n)
    effective = float(n - redundancy.sum())
    indirect = np.bincount(ib, p[ia] * w / total[ia], n) + np.bincount(ia, p[ib] * w / total[ib], n)
    constraint = float(np.square(p + indirect).sum())
    return {"contacts": n, "ties_among_contacts": int(len(e)), "effective_size": effective,
            "efficiency": effective / n, "constraint": constraint}


#: Above this many contacts, betweenness is estimated from this many sampled sources. It is an extra
#: column (the bridge score ranks), and 64 sources cost a quarter of 200 (0.06 s against 0.23 s on the
#: demo's 250 people, part of every first open of the Map).
BETWEENNESS_SAMPLE = 64


def find_bridges(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame, *,
                 sample: int = BETWEENNESS_SAMPLE, max_nodes: int = 5_000, seed: int = 0) -> pd.DataFrame:
    """Contacts who connect otherwise separate clusters, most valuable first.

    ``bridge_score`` sums, over every other cluster a contact has ties into, one over the number of
    people in the contact's own cluster with ties into that cluster: the only person in a group
    who reaches another group scores 1 for that pair. ``betweenness`` is the contact's betweenness centrality on the contact graph,
    estimated from ``sample`` random sources on graphs of more than ``sample`` nodes and left
    empty (NaN) above ``max_nodes`` (the score above is the fast, vectorised signal).

    Columns: contact_id, cluster, clusters_reached, cross_ties, bridge_score, betweenness.
    Only contacts reaching at least one other cluster are listed.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3, 4]})
    >>> e = pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 4], "weight": [1.0] * 3})
    >>> c = pd.DataFrame({"contact_id": [1, 2, 3, 4], "cluster": [0, 0, 1, 1]})
    >>> find_bridges(p, e, c)[["contact_id", "clusters_reached", "bridge_score"]].values.tolist()
    [[2.0, 1.0, 1.0], [3.0, 1.0, 1.0]]
    """
    cols = ["contact_id", "cluster", "clusters_reached", "cross_ties", "bridge_score", "betweenness"]
    lookup = pd.Series(clusters["cluster"].to_numpy(), index=clusters["contact_id"].to_numpy())
    e = edges.loc[edges["a"].isin(lookup.index) & edges["b"].isin(lookup.index)]
    ca, cb = lookup.reindex(e["a"]).to_numpy(), lookup.reindex(e["b"]).to_numpy()
    cross = (ca != cb) & (ca >= 0) & (cb >= 0)
    if not cross.any():
        return pd.DataFrame(columns=cols)
    a, b = e["a"].to_numpy()[cross], e["b"].to_numpy()[cross]
    half = pd.DataFrame({"contact_id": np.r_[a, b], "cluster": np.r_[ca[cross], cb[cross]],
                         "other": np.r_[cb[cross], ca[cross]]})
    per = half.drop_duplicates(["contact_id", "other"])
    brokers = per.groupby(["cluster", "other"]).size().rename("brokers")
    per = per.join(brokers, on=["cluster", "other"])
    per = per.assign(inverse=1.0 / per["brokers"])
    out = per.groupby("contact_id").agg(cluster=("cluster", "first"), clusters_reached=("other", "size"),
                                        bridge_score=("inverse", "sum"))
    out["cross_ties"] = half.groupby("contact_id").size()
    out["betweenness"] = np.nan
    n = int(lookup.size)
    if n <= max_nodes:
        g = build_graph(pd.DataFrame({"contact_id": lookup.index}), edges)
        k = sample if n > sample else None
        bc = nx.betweenness_centrality(g, k=k, seed=seed, weight=None)
        out["betweenness"] = pd.Series(bc).reindex(out.index).to_numpy()
    out = out.reset_index().sort_values(["bridge_score", "clusters_reached", "cross_ties", "contact_id"],
                                        ascending=[False, False, False, True])
    return out[cols].reset_index(drop=True)
