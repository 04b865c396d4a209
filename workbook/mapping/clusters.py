"""Clusters: groups of contacts who know each other or share an employer or community, and their labels."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._shared import _CLOSER, UNKNOWN
from .graph import _company_key
from .louvain import louvain


#: Above this many connected contacts, colleagues are clustered as one unit (see find_clusters).
COARSEN_ABOVE = 3_000


def find_clusters(people: pd.DataFrame, edges: pd.DataFrame, *, seed: int = 0, resolution: float = 1.0,
                  coarsen_above: int = COARSEN_ABOVE) -> pd.DataFrame:
    """Clusters of contacts who know each other or share an employer or community (Louvain).

    Numbered 0, 1, ... by size (largest first); contacts with no ties to any other contact
    get cluster -1 ("on their own"). Deterministic for a given ``seed``.

    Louvain (:func:`louvain`, networkx's algorithm) is pure Python; on a 30,000-contact network it
    takes tens of seconds.
    Above ``coarsen_above`` connected contacts, everyone at the same employer is first merged
    into one node (edges between the merged nodes summed, ties inside kept as self-loops) and
    Louvain runs on that smaller graph. Louvain's own first pass nearly always puts colleagues
    together, since a shared employer is the heaviest inferred tie, so the result is close while
    the cost falls to a few seconds.

    Columns: contact_id, cluster.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3, 4, 5]})
    >>> e = pd.DataFrame({"a": [1, 1, 2, 4], "b": [2, 3, 3, 5], "weight": [1.0] * 4})
    >>> find_clusters(p, e)["cluster"].tolist()
    [0, 0, 0, 1, 1]
    """
    ids = people["contact_id"].astype("int64")
    e = edges.loc[edges["a"].isin(ids) & edges["b"].isin(ids)]
    connected = np.union1d(e["a"].to_numpy(dtype="int64"), e["b"].to_numpy(dtype="int64"))
    # unit: the node each contact is clustered as (itself, or its employer above coarsen_above).
    unit = pd.Series(np.arange(len(connected)), index=connected)
    if len(connected) > coarsen_above and "company" in people:
        key = pd.Series(_company_key(people["company"]).to_numpy(), index=ids.to_numpy()).reindex(connected)
        key = key.where(key != "", pd.Series(connected.astype(str), index=connected).radd("#"))
        unit = pd.Series(pd.factorize(key.to_numpy(dtype=object))[0], index=connected)
    ua, ub = unit.reindex(e["a"]).to_numpy(), unit.reindex(e["b"]).to_numpy()
    agg = (pd.DataFrame({"u": np.minimum(ua, ub), "v": np.maximum(ua, ub), "w": e["weight"].to_numpy(dtype="float64")})
           .groupby(["u", "v"]).sum().reset_index())
    n_units = int(unit.max()) + 1 if len(unit) else 0
    parts = louvain(n_units, zip(agg["u"].tolist(), agg["v"].tolist(), agg["w"].tolist()), seed=seed,
                    resolution=resolution) if n_units else []
    of_unit = np.full(n_units, -1, dtype="int64")
    for k, part in enumerate(parts):
        of_unit[list(part)] = k
    raw = pd.Series(of_unit[unit.to_numpy()], index=connected)
    # Renumber by size in contacts (largest first, ties by smallest member); singletons are -1.
    sizes = (pd.DataFrame({"c": raw.to_numpy(), "id": raw.index}).groupby("c")["id"].agg(["size", "min"])
             .set_axis(["size", "first"], axis=1))
    sizes = sizes.loc[sizes["size"] > 1].sort_values(["size", "first"], ascending=[False, True])
    renumber = pd.Series(np.arange(len(sizes)), index=sizes.index)
    cluster = raw.map(renumber).reindex(ids.to_numpy()).fillna(-1).astype("int64")
    return pd.DataFrame({"contact_id": ids.to_numpy(), "cluster": cluster.to_numpy()})


def _mode(frame: pd.DataFrame, by: str, col: str) -> pd.DataFrame:
    f = frame.loc[frame[col].astype(str) != UNKNOWN, [by, col]]
    counts = f.groupby([by, col], observed=True).size().rename("n").reset_index()
    counts = counts.sort_values([by, "n", col], ascending=[True, False, True]).drop_duplicates(by)
    return counts.set_index(by).rename(columns={col: f"top_{col}", "n": f"n_{col}"})


def describe_clusters(people: pd.DataFrame, clusters: pd.DataFrame, tags: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per cluster: size, a readable label, its top company/industry/community, strong ties.

    The label is the company most members share when at least half do, else the community when
    at least half share one, else the top industry ("Fintech (12)"); cluster -1 is "On their own".

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "company": ["Acme", "Acme", "Beta"],
    ...                   "industry": ["Retail"] * 3, "circle": ["inner", "acquaintance", "close"], "tie_band": ["strong"] * 3})
    >>> describe_clusters(p, pd.DataFrame({"contact_id": [1, 2, 3], "cluster": [0, 0, -1]}))["label"].tolist()
    ['Acme', 'On their own']
    """
    f = people.merge(clusters, on="contact_id", how="inner")
    size = f.groupby("cluster").size().rename("size")
    out = pd.DataFrame(size).join(_mode(f, "cluster", "company")).join(_mode(f, "cluster", "industry"))
    if tags is not None and len(tags):
        t = tags.loc[(tags["owner"] == "contact") & (tags["kind"] == "community") & tags["contact_id"].notna()]
        t = pd.DataFrame({"contact_id": t["contact_id"].astype("int64").to_numpy(), "community": t["text"].astype(str).to_numpy()})
        out = out.join(_mode(t.merge(clusters, on="contact_id"), "cluster", "community"))
    for col in ("top_company", "top_industry", "top_community"):
        if col not in out:
            out[col] = UNKNOWN
        out[col] = out[col].fillna(UNKNOWN)
        n = f"n_{col[4:]}"
        out[n] = out[n].fillna(0).astype("int64") if n in out else 0
    out["closer"] = _count_closer(f)
    half = out["size"] / 2
    label = np.where(out["n_company"] >= half, out["top_company"],
                     np.where(out["n_community"] >= half, out["top_community"], out["top_industry"]))
    out["label"] = np.where(out.index == -1, "On their own", label)
    # Two groups called "Education" are told apart by their top company.
    dup = out["label"].duplicated(keep=False) & (out.index != -1)
    out.loc[dup, "label"] = out.loc[dup, "label"] + " · " + out.loc[dup, "top_company"]
    dup = out["label"].duplicated(keep=False) & (out.index != -1)
    out.loc[dup, "label"] = out.loc[dup, "label"] + " #" + out.index[dup].astype(str)
    out = out.reset_index()
    return out[["cluster", "label", "size", "closer", "top_company", "top_industry", "top_community"]].sort_values(
        "cluster", key=lambda s: s.where(s >= 0, np.iinfo("int64").max)).reset_index(drop=True)


def _count_closer(members: pd.DataFrame) -> pd.Series:
    """Per cluster, how many members are in a circle closer than acquaintance (``members``: people
    with their ``cluster``)."""
    return members.assign(c=members["circle"].isin(_CLOSER)).groupby("cluster")["c"].sum().astype("int64")
