"""Every map analysis for one workbook, computed on first use, and carried over between refreshes."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .brokerage import find_bridges, measure_brokerage
from .circles import mix_ties, summarise_circles
from .clusters import _count_closer, describe_clusters, find_clusters
from .composition import composition, diversity
from .describe import _add_ties, _describe_static
from .expansion import plan_next_steps, suggest_expansion
from .gaps import find_gaps
from .graph import HUBS, MAX_CLIQUE, _group_members, _link_members
from .growth import measure_growth


@dataclass
class NetworkMap:
    """Every map analysis for one workbook's frames, each computed on first use and kept.

    >>> m = NetworkMap(contacts=pd.DataFrame({"contact_id": [1], "full_name": ["Ada"], "connected_on": pd.to_datetime(["2024-01-01"]),
    ...                "circle": [""]}), interactions=pd.DataFrame(columns=["contact_id", "date", "direction", "kind"]).astype(
    ...                {"contact_id": "int64", "date": "datetime64[ns]"}), as_of="2024-06-01")
    >>> m.people["circle"].tolist(), m.brokerage["contacts"]
    (['acquaintance'], 1)
    """

    contacts: pd.DataFrame
    interactions: pd.DataFrame
    as_of: Any
    tags: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["tag_id", "owner", "contact_id", "kind", "text"]))
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["link_id", "a", "b", "kind", "strength"]))
    goals: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["goal_id", "title", "kind", "needs", "status"]))
    seed: int = 0

    def __post_init__(self) -> None:
        #: Pieces taken over from an earlier map of the same contacts, tags and links (see map_network).
        self._prior: dict[str, Any] = {}

    @cached_property
    def _static(self) -> pd.DataFrame:
        kept = self._prior.get("_static")
        return kept if kept is not None else _describe_static(self.contacts)

    @cached_property
    def people(self) -> pd.DataFrame:
        return _add_ties(self._static, self.contacts, self.interactions, as_of=self.as_of)

    @cached_property
    def circle_summary(self) -> pd.DataFrame:
        return summarise_circles(self.people)

    @cached_property
    def composition(self) -> pd.DataFrame:
        return composition(self.people)

    @cached_property
    def diversity(self) -> pd.DataFrame:
        return diversity(self.people)

    @cached_property
    def gaps(self) -> pd.DataFrame:
        return find_gaps(self.people, self.goals, self.tags)

    @cached_property
    def tie_mix(self) -> pd.DataFrame:
        return mix_ties(self.people)

    @cached_property
    def _members(self) -> dict[str, pd.DataFrame | None]:
        kept = self._prior.get("_members")
        return kept if kept is not None else _group_members(self.people, self.tags)

    @cached_property
    def edges(self) -> pd.DataFrame:
        prior = self._prior
        if "edges" in prior and "_members" in prior and prior.get("links_same") and _same_hubs(
                self._members, self.people["contact_id"].to_numpy(dtype="int64"), prior["strength"],
                _strength(self.people)):
            return prior["edges"]  # same groups, links and hubs: link_contacts would give these edges
        return _link_members(self.people, self.links, self._members)

    def _same_edges(self) -> bool:
        """True when the earlier map had exactly these edges (tie strengths only pick a large group's
        hubs, so an exchange logged rarely changes them), so its clusters and bridges still hold."""
        old = self._prior.get("edges")
        return old is not None and (old is self.edges or old.equals(self.edges))

    @cached_property
    def clusters(self) -> pd.DataFrame:
        # Louvain is the slowest step of the map (about a second at 30,000 contacts).
        if "clusters" in self._prior and self._same_edges():
            return self._prior["clusters"]
        return find_clusters(self.people, self.edges, seed=self.seed)

    @cached_property
    def cluster_info(self) -> pd.DataFrame:
        old = self._prior.get("cluster_info")
        if old is not None and self.clusters is self._prior.get("clusters"):
            # Same clusters: same labels and sizes; only who is in a closer circle may have moved.
            closer = _count_closer(self.people.merge(self.clusters, on="contact_id", how="inner"))
            return old.assign(closer=old["cluster"].map(closer).fillna(0).astype("int64").to_numpy())
        return describe_clusters(self.people, self.clusters, self.tags)

    @cached_property
    def brokerage(self) -> dict[str, float]:
        return measure_brokerage(self.people, self.edges)

    @cached_property
    def bridges(self) -> pd.DataFrame:
        if "bridges" in self._prior and self.clusters is self._prior.get("clusters") and self._same_edges():
            return self._prior["bridges"]
        return find_bridges(self.people, self.edges, self.clusters, seed=self.seed)

    @cached_property
    def growth(self) -> pd.DataFrame:
        return measure_growth(self.contacts, self.interactions, as_of=self.as_of)

    @cached_property
    def expansion(self) -> pd.DataFrame:
        return suggest_expansion(self.people, self.tags, self.gaps)

    @cached_property
    def next_steps(self) -> pd.DataFrame:
        return plan_next_steps(self.people, self.gaps, self.expansion, self.bridges, self.clusters)


#: The contact columns :func:`_describe_static` reads: a map whose contacts agree on them can take
#: over the text work and, when its edges come out the same, the clusters (see :func:`map_network`).
_STATIC_COLUMNS = ("contact_id", "full_name", "company", "position", "industry", "location", "source",
                   "connected_on")


def _carry_over(old: NetworkMap, new: NetworkMap) -> dict[str, Any]:
    """The pieces of ``old`` that still hold for ``new``'s frames (checked by comparing the frames
    they come from, about 50 ms at 30,000 contacts, not assumed)."""
    if old.seed != new.seed:
        return {}
    cols = [c for c in _STATIC_COLUMNS if c in new.contacts]
    if cols != [c for c in _STATIC_COLUMNS if c in old.contacts] or not old.contacts[cols].equals(new.contacts[cols]):
        return {}
    # Clusters and bridges are kept only if the edges come out identical (NetworkMap._same_edges).
    keep = {"_static", "edges", "clusters", "bridges"}
    if old.tags.equals(new.tags):
        keep |= {"_members", "cluster_info"}
    # Only the pieces, never the old map itself, so a chain of refreshes holds no old frames.
    kept: dict[str, Any] = {k: v for k, v in vars(old).items() if k in keep}
    if "edges" in kept:  # what NetworkMap.edges needs to tell whether they still hold
        kept["links_same"] = old.links.equals(new.links)
        kept["strength"] = _strength(old.people)
    return kept


def _strength(people: pd.DataFrame) -> np.ndarray:
    """Tie strengths as link_contacts reads them (missing as 0), by people row."""
    if "tie_strength" not in people:
        return np.zeros(len(people))
    return people["tie_strength"].fillna(0.0).to_numpy(dtype="float64")


def _same_hubs(members: dict[str, pd.DataFrame | None], ids: np.ndarray, before: np.ndarray, after: np.ndarray,
               *, max_clique: int = MAX_CLIQUE, hubs: int = HUBS) -> bool:
    """True when every employer and community group has the same hubs (see :func:`_group_edges`) with
    tie strengths ``after`` as with ``before`` (by people row), so the edges are the same. Only the
    groups of contacts whose strength changed are looked at: after one exchange, a handful."""
    if len(before) != len(after):
        return False
    changed = np.flatnonzero(before != after)
    if not len(changed):
        return True
    for m in members.values():
        if m is None or m.empty:
            continue
        touched = m.loc[m["row"].isin(changed).to_numpy(dtype=bool), "key"].unique()
        if not len(touched):
            continue
        rows = m.loc[m["key"].isin(touched)]
        g = pd.DataFrame({"key": rows["key"].to_numpy(), "contact_id": ids[rows["row"].to_numpy()],
                          "row": rows["row"].to_numpy()}).drop_duplicates(["key", "contact_id"])
        big = g.loc[(g.groupby("key")["contact_id"].transform("size") > max_clique).to_numpy()]
        if big.empty:
            continue  # small groups are cliques, whoever is strongest

        def top(strength: np.ndarray) -> pd.Series:
            ranked = big.assign(strength=strength[big["row"].to_numpy()]).sort_values(
                ["key", "strength", "contact_id"], ascending=[True, False, True], kind="stable")
            return ranked.groupby("key").head(hubs).groupby("key")["contact_id"].agg(frozenset)

        if not top(before).equals(top(after)):
            return False
    return True


def map_network(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of, tags: pd.DataFrame | None = None,
                links: pd.DataFrame | None = None, goals: pd.DataFrame | None = None, seed: int = 0,
                reuse: NetworkMap | None = None) -> NetworkMap:
    """Bundle a workbook's frames into a lazily computed :class:`NetworkMap`.

    ``reuse``: an earlier map, e.g. from before an exchange was logged. What still holds is taken
    over instead of recomputed: the text work on contacts and tags when those are unchanged, and
    the clusters (the slow part), group labels and bridges when the contact-to-contact edges come
    out identical. Everything is checked against the new frames, so the result always equals a map
    made from scratch.

    >>> m = map_network(pd.DataFrame({"contact_id": [1], "full_name": ["Ada"], "connected_on": pd.to_datetime([None]),
    ...     "circle": ["inner"]}), pd.DataFrame({"contact_id": pd.Series([], dtype="int64"), "date": pd.to_datetime([]),
    ...     "direction": [], "kind": []}), as_of="2024-06-01")
    >>> m.circle_summary.loc[0, "n"]
    np.int64(1)
    """
    extra = {k: v for k, v in (("tags", tags), ("links", links), ("goals", goals)) if v is not None}
    m = NetworkMap(contacts=contacts, interactions=interactions, as_of=as_of, seed=seed, **extra)
    if reuse is not None:
        m._prior = _carry_over(reuse, m)
    return m
