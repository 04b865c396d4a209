"""The network map of "Map your network": people (or their groups) and the ties between them.

Frames from :func:`workbook.mapping.map_network` in (``people``, ``edges``, ``clusters``,
``cluster_info``, ``bridges``), a WebGL plotly figure out. No analysis runs here: the caller
passes what :mod:`workbook.mapping` computed. Layouts are seeded and coordinates rounded, so the
same input gives the same JSON; every string from data is escaped (:func:`~workbook.figures.theme.safe`).

>>> import pandas as pd
>>> empty = pd.DataFrame(columns=["contact_id"])
>>> network_map(empty, pd.DataFrame(columns=["a", "b"]), empty, pd.DataFrame()).layout.annotations[0].text
'No contacts yet.'
"""
from __future__ import annotations

import math
from typing import Iterable

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..mapping import LINKED
from ..schema import CIRCLES
from . import theme
from .theme import CIRCLE_COLOURS, safe

__all__ = ["MAX_NODES", "MAX_GROUPS", "SMALLER", "SMALL_GROUP", "MAX_EDGES", "network_finding", "network_map",
           "cluster_map"]

#: Above this many contacts the network map shows clusters instead of people.
MAX_NODES = 1_500
#: The aggregated map shows this many groups; the rest share one bubble (id :data:`SMALLER`).
MAX_GROUPS = 40
SMALLER = 999_999_999
#: Groups up to this size are laid out by force (and show ties from shared employers and communities);
#: bigger ones are a sunflower, with only known who-knows-whom links drawn (a shared employer of 1,000
#: people is shown by the grouping, not by 1,000 spokes).
SMALL_GROUP = 80
#: The most edges drawn in a people graph (strongest first), to keep the browser light.
MAX_EDGES = 6_000
_CLOSE = ("inner", "close")


# ----------------------------------------------------------------------------- the network map


def _round(xs: Iterable[float]) -> list[float | None]:
    return [None if x is None else round(float(x), 4) for x in xs]


def _edge_xy(pos: dict, pairs: Iterable[tuple]) -> tuple[list, list]:
    xs, ys = [], []
    for a, b in pairs:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return _round(xs), _round(ys)


def _spiral(n: int, radius: float) -> np.ndarray:
    """Sunflower (phyllotaxis) positions: n evenly spread points in a disc, first at the centre."""
    k = np.arange(n)
    r = radius * np.sqrt((k + 0.5) / max(n, 1))
    theta = k * math.pi * (3 - math.sqrt(5))
    return np.c_[r * np.cos(theta), r * np.sin(theta)]


def _cluster_positions(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame, seed: int) -> tuple[dict, dict]:
    """Positions that keep each cluster together: cluster centres from a spring layout of the
    cluster graph, each cluster in its own disc (area ~ members): a spring layout inside small
    clusters, a sunflower spiral (strongest ties in the middle) inside big ones. Returns
    (contact positions, cluster label anchors). Deterministic for a seed.
    """
    f = people[["contact_id", "tie_strength"]].merge(clusters, on="contact_id")
    size = f.groupby("cluster").size()
    cg = nx.Graph()
    cg.add_nodes_from(size.index.tolist())
    cross = _cluster_edges(edges, clusters)
    cg.add_weighted_edges_from(zip(cross["u"], cross["v"], np.log1p(cross["n"]).tolist()))
    radius = np.sqrt(size / size.sum())
    centres = _place_clusters(cg, size, radius, seed)
    spread = 1.0
    inside = edges.merge(clusters.rename(columns={"contact_id": "a", "cluster": "ca"}), on="a").merge(
        clusters.rename(columns={"contact_id": "b", "cluster": "cb"}), on="b")
    inside = inside.loc[inside["ca"] == inside["cb"]]
    by_cluster = dict(tuple(inside.groupby("ca")))
    pos, anchors = {}, {}
    f = f.sort_values(["cluster", "tie_strength", "contact_id"], ascending=[True, False, True])
    for cluster, members in f.groupby("cluster", sort=True):
        centre, r = np.asarray(centres[cluster]) * spread, float(radius[cluster])
        ids = members["contact_id"].tolist()
        e = by_cluster.get(cluster)
        if 2 < len(ids) <= SMALL_GROUP and e is not None and len(e):
            g = nx.Graph()
            g.add_nodes_from(ids)
            g.add_weighted_edges_from(zip(e["a"].tolist(), e["b"].tolist(), e["weight"].tolist()))
            local = nx.spring_layout(g, seed=seed, weight="weight", scale=r, center=centre)
            pos.update((k, tuple(v)) for k, v in local.items())
        else:
            pos.update(zip(ids, map(tuple, _spiral(len(ids), r) + centre)))
        norm = float(np.hypot(*centre))
        out = centre / norm if norm > 1e-9 else np.array([0.0, 1.0])
        anchors[cluster] = tuple(centre + out * (r * 1.15 + 0.08 * max(norm, r)))
    return pos, anchors


def _place_clusters(cg: nx.Graph, size: pd.Series, radius: pd.Series, seed: int) -> dict:
    """Cluster centres on one ring, each group next to the group it has most ties with (greedy,
    starting from the biggest), arcs in proportion to the discs so none overlap. Groups without
    ties to others come last; a single group sits in the middle. Deterministic (``seed`` unused)."""
    nodes = sorted(cg.nodes, key=lambda n: (-int(size[n]), n))
    if len(nodes) <= 1:
        return {n: np.zeros(2) for n in nodes}
    order, left = [nodes[0]], set(nodes[1:])
    while left:
        last = order[-1]
        linked = [(cg[last][n].get("weight", 1.0), int(size[n]), -n) for n in cg[last] if n in left]
        if not linked:  # nothing tied to the last one: the biggest group tied to anything placed
            linked = [(cg[m][n].get("weight", 1.0), int(size[n]), -n) for m in order for n in cg[m] if n in left]
        nxt = -max(linked)[2] if linked else min(left, key=lambda n: (-int(size[n]), n))
        order.append(nxt)
        left.discard(nxt)
    r = radius.reindex(order).to_numpy() * 1.12
    ring = max(float(r.sum()) / math.pi, 1.2 * float(r.max()))  # circumference fits every diameter
    angle = np.cumsum(np.r_[0.0, (r[:-1] + r[1:]) / ring])
    angle *= 2 * math.pi / max(float(angle[-1] + (r[-1] + r[0]) / ring), 1e-9)
    return {n: np.array([ring * math.cos(math.pi / 2 - a), ring * math.sin(math.pi / 2 - a)])
            for n, a in zip(order, angle)}


def _outward(xy) -> str:
    """Where a label goes so it points away from the middle of the ring."""
    x, y = float(xy[0]), float(xy[1])
    if abs(x) > abs(y):
        return "middle right" if x > 0 else "middle left"
    return "top center" if y >= 0 else "bottom center"


def _cluster_edges(edges: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    lookup = pd.Series(clusters["cluster"].to_numpy(), index=clusters["contact_id"].to_numpy())
    e = edges.loc[edges["a"].isin(lookup.index) & edges["b"].isin(lookup.index)]
    ca, cb = lookup.reindex(e["a"]).to_numpy(), lookup.reindex(e["b"]).to_numpy()
    keep = (ca != cb) & (ca >= 0) & (cb >= 0)
    f = pd.DataFrame({"u": np.minimum(ca, cb)[keep], "v": np.maximum(ca, cb)[keep], "w": e["weight"].to_numpy()[keep]})
    return f.groupby(["u", "v"]).agg(n=("w", "size"), weight=("w", "sum")).reset_index()


def _people_graph(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame, labels: dict,
                  title: str, seed: int) -> go.Figure:
    ids = set(people["contact_id"].tolist())
    e = edges.loc[edges["a"].isin(ids) & edges["b"].isin(ids)]
    cl_here = clusters.loc[clusters["contact_id"].isin(ids)]
    big = cl_here.groupby("cluster")["contact_id"].transform("size") > SMALL_GROUP
    in_big = set(cl_here.loc[big.to_numpy(), "contact_id"].tolist())
    inferred = (e["reasons"] & LINKED) == 0 if "reasons" in e else pd.Series(False, index=e.index)
    e = e.loc[~(inferred & (e["a"].isin(in_big) | e["b"].isin(in_big)))]
    e = e.sort_values(["weight", "a", "b"], ascending=[False, True, True]).head(MAX_EDGES)
    pos, anchors = _cluster_positions(people, e, cl_here, seed)
    fig = go.Figure()
    cl = pd.Series(clusters["cluster"].to_numpy(), index=clusters["contact_id"].to_numpy())
    same = cl.reindex(e["a"]).to_numpy() == cl.reindex(e["b"]).to_numpy()
    # Ties across groups faint, ties within a group visible: the groups read as groups.
    for part, colour, width, name in ((e.loc[~same], "rgba(160,167,180,0.18)", 0.6, "ties between groups"),
                                      (e.loc[same], "rgba(120,128,140,0.55)", 0.8, "ties")):
        ex, ey = _edge_xy(pos, zip(part["a"].tolist(), part["b"].tolist()))
        fig.add_trace(go.Scattergl(x=ex, y=ey, mode="lines", line=dict(color=colour, width=width),
                                   hoverinfo="skip", name=name, showlegend=False))
    for circle in CIRCLES:
        part = people.loc[people["circle"] == circle].sort_values("contact_id")
        if part.empty:
            continue
        xy = np.array([pos[c] for c in part["contact_id"]])
        hover = [
            f"<b>{safe(n)}</b><br>{safe(p) or 'no title'} · {safe(co)}<br>{circle} · {band} tie"
            f"<br>group: {safe(labels.get(cl.get(c, -1), 'On their own'))}"
            for n, p, co, band, c in zip(part["full_name"], part["position"], part["company"], part["tie_band"],
                                         part["contact_id"])
        ]
        fig.add_trace(go.Scattergl(
            x=_round(xy[:, 0]), y=_round(xy[:, 1]), mode="markers", name=circle,
            marker=dict(color=CIRCLE_COLOURS[circle], size=(6 + 14 * part["tie_strength"].fillna(0)).round(1).tolist(),
                        line=dict(color="white", width=0.5)),
            customdata=part["contact_id"].astype("int64").tolist(), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    # Name the bigger groups where they sit (at most 8 labels, so the map stays readable).
    sizes = cl_here.groupby("cluster").size().sort_values(ascending=False, kind="stable")
    named = [c for c in sizes.index if sizes[c] >= max(3, 0.03 * len(people))][:8]
    if len(named) > 1:
        fig.add_trace(go.Scatter(
            x=_round(anchors[c][0] for c in named), y=_round(anchors[c][1] for c in named), mode="text",
            text=[safe(labels.get(c, "Group")) for c in named], textfont=dict(size=11, color=theme.INK),
            hoverinfo="skip", showlegend=False, name="group names"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.05), hovermode="closest", dragmode="pan")
    return theme.apply(fig, title=title, height=600)


def network_finding(cluster_info: pd.DataFrame, bridges: pd.DataFrame | None, people: pd.DataFrame) -> str:
    """'Your network falls into 6 groups; the biggest is Acme (40%)' (escaped).

    >>> ci = pd.DataFrame({"cluster": [0, 1, -1], "label": ["Acme", "PyData", "On their own"], "size": [4, 2, 4]})
    >>> network_finding(ci, None, pd.DataFrame({"contact_id": range(10)}))
    'Your network falls into 2 groups; the biggest is Acme (40%), and 4 contacts stand apart'
    """
    groups = cluster_info.loc[cluster_info["cluster"] >= 0]
    n = max(len(people), 1)
    alone = int(cluster_info.loc[cluster_info["cluster"] < 0, "size"].sum())
    if groups.empty:
        return "None of your contacts are linked yet: add who knows whom, employers or communities"
    big = groups.sort_values(["size", "cluster"], ascending=[False, True]).iloc[0]
    text = (f"Your network falls into {len(groups)} group{'s' if len(groups) != 1 else ''}; "
            f"the biggest is {safe(big['label'])} ({theme.percent(big['size'] / n)})")
    if bridges is not None and len(bridges) and "full_name" in people:
        names = people.set_index("contact_id")["full_name"]
        top = bridges.iloc[0]
        return f"{text}; {safe(names.get(top['contact_id'], ''))} bridges {int(top['clusters_reached']) + 1} of them"
    if alone:
        return f"{text}, and {alone} contacts stand apart"
    return text


def network_map(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame,
                cluster_info: pd.DataFrame, bridges: pd.DataFrame | None = None,
                *, max_nodes: int = MAX_NODES, seed: int = 0) -> go.Figure:
    """The network as a WebGL graph: people coloured by circle (hover: names), or, above
    ``max_nodes`` contacts, one bubble per cluster sized by members, with ties between clusters.

    ``cluster_info`` is :func:`workbook.mapping.describe_clusters` (the caller computes it: this
    module only draws). Clicking a cluster bubble gives its id in ``customdata``; :func:`cluster_map`
    draws it.
    """
    if people.empty:
        return theme.empty("No contacts yet.", title="Your network")
    labels = dict(zip(cluster_info["cluster"], cluster_info["label"]))
    if bridges is not None and len(bridges):  # with filters on, name a bridge who is on the map
        bridges = bridges.loc[bridges["contact_id"].isin(people["contact_id"])]
    title = network_finding(cluster_info, bridges, people)
    if len(people) <= max_nodes:
        return _people_graph(people, edges, clusters, labels, title, seed)
    return _cluster_graph(people, edges, clusters, cluster_info, title, seed)


def _backbone(cross: pd.DataFrame, pos: dict) -> list[go.Scattergl]:
    """Line traces for each group's three strongest ties to other groups (a full mesh hides
    everything), in three widths by how many ties there are."""
    ranked = pd.concat([cross.rename(columns={"u": "x", "v": "y"}), cross.rename(columns={"v": "x", "u": "y"})])
    ranked = ranked.sort_values(["x", "n", "y"], ascending=[True, False, True]).groupby("x").head(3)
    keep = pd.MultiIndex.from_arrays([ranked[["x", "y"]].min(axis=1), ranked[["x", "y"]].max(axis=1)]).unique()
    cross = cross.set_index(["u", "v"]).loc[keep].reset_index().sort_values(["u", "v"])
    q = cross["n"].quantile([0.5, 0.9]).tolist()
    traces = []
    for lo, hi, width in ((0, q[0], 0.6), (q[0], q[1], 1.6), (q[1], np.inf, 3.2)):
        part = cross.loc[(cross["n"] > lo) & (cross["n"] <= hi)] if lo else cross.loc[cross["n"] <= hi]
        if part.empty:
            continue
        ex, ey = _edge_xy(pos, zip(part["u"].tolist(), part["v"].tolist()))
        traces.append(go.Scattergl(x=ex, y=ey, mode="lines", line=dict(color="rgba(140,148,160,0.45)", width=width),
                                   hoverinfo="skip", showlegend=False, name="ties between groups"))
    return traces


def _cluster_graph(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame,
                   cluster_info: pd.DataFrame, title: str, seed: int) -> go.Figure:
    ids = set(people["contact_id"].tolist())
    cl = clusters.loc[clusters["contact_id"].isin(ids)]
    meta = {c: (str(label), int(closer), str(company), str(industry)) for c, label, closer, company, industry in
            zip(cluster_info["cluster"], cluster_info["label"], cluster_info["closer"], cluster_info["top_company"],
                cluster_info["top_industry"])}
    size = cl.groupby("cluster").size()
    ranked_groups = size.drop(-1, errors="ignore").sort_values(ascending=False, kind="stable")
    folded = set(ranked_groups.index[MAX_GROUPS:].tolist())
    if folded:  # the long tail of small groups as one bubble (each still opens from the Group list)
        cl = cl.assign(cluster=cl["cluster"].where(~cl["cluster"].isin(folded), SMALLER))
        size = cl.groupby("cluster").size()
        closer = int(people.loc[people["contact_id"].isin(cl.loc[cl["cluster"] == SMALLER, "contact_id"])
                                & people["circle"].isin(_CLOSE)].shape[0])
        meta[SMALLER] = (f"{len(folded)} smaller groups", closer, "various", "various")
    cross = _cluster_edges(edges.loc[edges["a"].isin(ids) & edges["b"].isin(ids)], cl)
    g = nx.Graph()
    g.add_nodes_from([c for c in size.index if c >= 0])
    g.add_weighted_edges_from(zip(cross["u"], cross["v"], np.log1p(cross["n"]).tolist()))
    pos = _place_clusters(g, size, np.sqrt(size / size.sum()), seed)
    if -1 in size.index:  # the unconnected, as one bubble in the middle of the ring
        pos[-1] = np.zeros(2)
    fig = go.Figure(_backbone(cross, pos) if len(cross) else [])
    nodes = [c for c in size.index if c in pos]
    labelled = set(size.sort_values(ascending=False, kind="stable").index[:15].tolist())
    rank = {c: i for i, c in enumerate(CIRCLES)}
    closest = (people.merge(cl, on="contact_id").assign(r=lambda f: f["circle"].map(rank))
               .groupby("cluster")["r"].min().map(lambda i: CIRCLES[int(i)]))
    hover = [
        f"<b>{safe(meta[c][0])}</b><br>{int(size[c])} contacts · {meta[c][1]} in your inner or close circles"
        f"<br>closest: {closest.get(c, 'acquaintance')} circle"
        f"<br>top company: {safe(meta[c][2])}<br>top industry: {safe(meta[c][3])}"
        for c in nodes
    ]
    fig.add_trace(go.Scattergl(
        x=_round(pos[c][0] for c in nodes), y=_round(pos[c][1] for c in nodes), mode="markers+text",
        text=[safe(meta[c][0]) if c in labelled else "" for c in nodes],
        textposition=[_outward(pos[c]) for c in nodes], name="groups", textfont=dict(size=11),
        customdata=[None if c == SMALLER else int(c) for c in nodes], hovertext=hover,
        hovertemplate="%{hovertext}<extra>click to open</extra>",
        marker=dict(size=[round(8 + 50 * math.sqrt(size[c] / size.max()), 1) for c in nodes],
                    color=[CIRCLE_COLOURS[closest.get(c, "acquaintance")] for c in nodes], opacity=0.85,
                    line=dict(color="white", width=1)),
    ))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(showlegend=False, hovermode="closest", dragmode="pan")
    fig.add_annotation(text="One bubble per group, coloured by the closest circle in it; open one to see its people.",
                       x=0, y=1.02, xref="paper", yref="paper", showarrow=False, xanchor="left",
                       font=dict(size=12, color=theme.MUTED))
    return theme.apply(fig, title=title, height=600)


def cluster_map(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame, cluster: int,
                cluster_info: pd.DataFrame, *, max_nodes: int = MAX_NODES, seed: int = 0) -> go.Figure:
    """Drill-down: the people graph of one cluster (its ``max_nodes`` strongest ties if bigger);
    ``cluster_info`` is :func:`workbook.mapping.describe_clusters`."""
    members = clusters.loc[clusters["cluster"] == cluster, "contact_id"]
    part = people.loc[people["contact_id"].isin(members)]
    if part.empty:
        return theme.empty("That group has nobody in it (with the current filters).", title="Group")
    labels = dict(zip(cluster_info["cluster"], cluster_info["label"]))
    shown = part.sort_values(["tie_strength", "contact_id"], ascending=[False, True]).head(max_nodes)
    label = safe(labels.get(cluster, "Group"))
    title = f"{label}: {len(part)} contacts"
    if len(shown) < len(part):
        title += f" (showing the {len(shown)} closest)"
    close = int(part["circle"].isin(_CLOSE).sum())
    title += f", {close} in your inner or close circles"
    return _people_graph(shown, edges, clusters, labels, title, seed)
