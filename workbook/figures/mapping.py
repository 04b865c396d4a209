"""Charts for "Map your network": DataFrames from :mod:`workbook.mapping` in, plotly figures out.

Traces get plain lists, not numpy arrays: a ``FigureWidget`` ships arrays as binary buffers, which
the widget front end in Voilà 0.5 leaves undrawn.

Every builder uses the shared theme (:func:`workbook.figures.theme.apply`), colours circles with
:data:`~workbook.figures.theme.CIRCLE_COLOURS`, escapes every string from data with
:func:`~workbook.figures.theme.safe`, and titles the chart with the finding it shows.
No I/O; the same input gives the same JSON (layouts are seeded, coordinates rounded).

>>> import pandas as pd
>>> people = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "<b>Bo</b>"], "circle": ["inner", "close"],
...     "industry": ["Software", "Software"], "company": ["Engines", "Looms"]})
>>> sunburst(people).layout.title.text
'Your inner circles are all in Software'
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import mapping
from ..schema import CIRCLES
from . import theme
from .theme import CIRCLE_COLOURS, safe

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
BAND_COLOURS = {"strong": "#009E73", "moderate": "#0072B2", "weak": "#56B4E9", "dormant": "#7F8793",
                "unused": "#C9CED6"}
NEED_COLOURS = {"missing": theme.HIGHLIGHT, "thin": "#E69F00", "covered": "#009E73"}
_CLOSE = ("inner", "close")


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _names(names: Sequence[str] | pd.Series, limit: int = 4) -> str:
    """'Ada, Bo and 3 more' (escaped).

    >>> _names(["Ada", "<b>Bo</b>", "Cy", "Di", "Ed", "Flo"])
    'Ada, &lt;b&gt;Bo&lt;/b&gt;, Cy, Di and 2 more'
    """
    # Only the names shown are touched: a circle of 30,000 people shows four of them.
    shown = [safe(n) for n in names[:limit]]  # a Series slices by position
    if len(names) <= limit:
        return ", ".join(shown)
    return f"{', '.join(shown)} and {len(names) - limit} more"


def _runs(values: np.ndarray, start: int, stop: int) -> list[tuple[object, int, int]]:
    """(value, first, end) of each run of equal values in ``values[start:stop]``.

    >>> _runs(np.array(["a", "a", "b", "a"], dtype=object), 0, 4)
    [('a', 0, 2), ('b', 2, 3), ('a', 3, 4)]
    """
    part = values[start:stop]
    if not len(part):
        return []
    edges = np.flatnonzero(part[1:] != part[:-1]) + 1
    firsts = np.r_[0, edges]
    ends = np.r_[edges, len(part)]
    return [(part[f], start + int(f), start + int(e)) for f, e in zip(firsts, ends)]


def _tint(colour: str, amount: float) -> str:
    """Mix a hex colour with white (0 = unchanged, 1 = white)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02X}" for c in mix)


# ----------------------------------------------------------------------------- circles


def inner_circle_finding(people: pd.DataFrame) -> str:
    """A sentence about the industries of the inner and close circles (escaped).

    >>> inner_circle_finding(pd.DataFrame({"circle": ["inner", "close", "close"], "industry": ["A", "B", "C"]}))
    'Your inner circles span 3 industries'
    """
    close = people.loc[people["circle"].isin(_CLOSE)]
    known = close.loc[close["industry"] != mapping.UNKNOWN, "industry"]
    if close.empty:
        return "You have no inner or close circle yet"
    if known.empty:
        return f"Your {len(close)} closest ties have no industry recorded"
    counts = known.value_counts()
    top, share = counts.index[0], counts.iloc[0] / counts.sum()
    if share == 1:
        return f"Your inner circles are all in {safe(top)}"
    if share >= 0.6:
        return f"Your inner circles are mostly in {safe(top)} ({_pct(share)})"
    if share >= 0.4:
        return f"Your inner circles lean to {safe(top)} ({_pct(share)} of the {len(known)} people closest to you)"
    return f"Your inner circles span {len(counts)} industries"


def sunburst(people: pd.DataFrame, *, max_industries: int = 10, max_companies: int = 8) -> go.Figure:
    """Circle -> industry -> company, sized by number of contacts; hover lists names.

    Each ring keeps its ``max_industries`` / ``max_companies`` biggest slices and folds the rest
    into "Other ...", so 30,000 contacts stay a few hundred sectors.
    """
    if people.empty:
        return theme.empty("No contacts yet: import some to see your circles.", title="Your circles")
    # Ranked, folded and sorted on integer codes in text order (factorize(sort=True)): the same
    # result as on the texts, several times faster at 30,000 contacts.
    circle = pd.factorize(people["circle"].astype(str).to_numpy(dtype=object), sort=True)
    industry = pd.factorize(people["industry"].astype(str).to_numpy(dtype=object), sort=True)
    company = pd.factorize(people["company"].astype(str).to_numpy(dtype=object), sort=True)
    f = pd.DataFrame({"c": circle[0], "i": industry[0], "co": company[0]})
    ind_rank = f.groupby(["c", "i"]).size().rename("n").reset_index()
    ind_rank = ind_rank.sort_values(["c", "n", "i"], ascending=[True, False, True])
    ind_rank["keep"] = ind_rank.groupby("c").cumcount() < max_industries
    kept = pd.MultiIndex.from_frame(ind_rank.loc[ind_rank["keep"], ["c", "i"]])
    industry_text = np.where(pd.MultiIndex.from_frame(f[["c", "i"]]).isin(kept),
                             industry[1][f["i"].to_numpy()], "Other industries")
    f["i"] = pd.factorize(industry_text, sort=True)[0]
    co_rank = f.groupby(["c", "i", "co"]).size().rename("n").reset_index()
    co_rank = co_rank.sort_values(["c", "i", "n", "co"], ascending=[True, True, False, True])
    co_rank["keep2"] = co_rank.groupby(["c", "i"]).cumcount() < max_companies
    kept = pd.MultiIndex.from_frame(co_rank.loc[co_rank["keep2"], ["c", "i", "co"]])
    company_text = np.where(pd.MultiIndex.from_frame(f[["c", "i", "co"]]).isin(kept),
                            company[1][f["co"].to_numpy()], "Other companies")
    f["co"] = pd.factorize(company_text, sort=True)[0]
    name = people["full_name"].astype(str).to_numpy(dtype=object)
    f["n"] = pd.factorize(name, sort=True)[0]
    rows = np.lexsort((f["n"].to_numpy(), f["co"].to_numpy(), f["i"].to_numpy(), f["c"].to_numpy()))
    circles, industries, companies = circle[1][f["c"].to_numpy()[rows]], industry_text[rows], company_text[rows]
    names = name[rows]

    ids, labels, parents, values, colours, hover = [], [], [], [], [], []
    # Sorted, so every circle, and every industry within it, and company within that, is one run of rows.
    runs = {c: (a, b) for c, a, b in _runs(circles, 0, len(circles))}
    for circle in [c for c in CIRCLES if c in runs]:
        start, stop = runs[circle]
        colour = CIRCLE_COLOURS.get(circle, theme.MUTED)
        cid = circle
        ids.append(cid), labels.append(circle.capitalize()), parents.append(""), values.append(stop - start)
        colours.append(colour), hover.append(_names(names[start:stop]))
        for industry, a, b in _runs(industries, start, stop):
            iid = f"{cid}-{len(ids)}"  # generated ids: no data text in them
            ids.append(iid), labels.append(safe(industry)), parents.append(cid), values.append(b - a)
            colours.append(_tint(colour, 0.3)), hover.append(_names(names[a:b]))
            for company, a2, b2 in _runs(companies, a, b):
                ids.append(f"{iid}-{len(ids)}"), labels.append(safe(company)), parents.append(iid)
                values.append(b2 - a2), colours.append(_tint(colour, 0.55)), hover.append(_names(names[a2:b2]))
    fig = go.Figure(go.Sunburst(
        ids=ids, labels=labels, parents=parents, values=values,
        branchvalues="total", marker=dict(colors=colours, line=dict(color="white", width=1)),
        customdata=hover, insidetextorientation="radial", maxdepth=2, sort=False,
        hovertemplate="<b>%{label}</b><br>%{value} contacts (%{percentRoot:.0%})<br>%{customdata}<extra></extra>",
        name="circles",
    ))
    fig.update_layout(margin=dict(l=8, r=8, t=64, b=8))
    return theme.apply(fig, title=inner_circle_finding(people), height=520)


def circle_bars(summary: pd.DataFrame) -> go.Figure:
    """People per circle against Dunbar's layer sizes, and the touches a year each layer deserves.

    ``summary`` is :func:`workbook.mapping.summarise_circles`.
    """
    s = summary.loc[summary["circle"] != "acquaintance"]
    if s["n"].sum() == 0:
        return theme.empty("Nobody is in a circle yet: log a few exchanges or choose your inner five.",
                           title="Your circles")
    fig = make_subplots(rows=1, cols=2, subplot_titles=("People per circle", "Touches a year: needed vs last year"),
                        horizontal_spacing=0.14)
    colours = [CIRCLE_COLOURS[c] for c in s["circle"]]
    fig.add_trace(go.Bar(x=s["circle"].tolist(), y=s["n"].tolist(), marker_color=colours, name="people",
                         hovertemplate="%{x}: %{y} people<extra></extra>"), 1, 1)
    fig.add_trace(go.Scatter(x=s["circle"].tolist(), y=s["dunbar"].astype(float).tolist(), mode="markers", name="Dunbar size",
                             marker=dict(symbol="line-ew-open", size=28, color=theme.INK, line=dict(width=2)),
                             hovertemplate="%{x}: about %{y} people<extra>Dunbar</extra>"), 1, 1)
    fig.add_trace(go.Bar(x=s["circle"].tolist(), y=s["touches_needed"].astype(float).tolist(), name="needed",
                         marker_color=[_tint(c, 0.5) for c in colours],
                         hovertemplate="%{x}: %{y} touches a year needed<extra></extra>"), 1, 2)
    fig.add_trace(go.Bar(x=s["circle"].tolist(), y=s["touches_last_year"].tolist(), name="last year", marker_color=colours,
                         hovertemplate="%{x}: %{y} exchanges last year<extra></extra>"), 1, 2)
    inner = summary.set_index("circle").loc["inner"]
    short = s.loc[s["touches_last_year"] < s["touches_needed"].astype(float), "circle"].tolist()
    if int(inner["n"]) < int(inner["dunbar"]):
        title = f"Your inner circle has {int(inner['n'])} of {int(inner['dunbar'])} places filled"
    elif short:
        title = f"Your {short[0]} circle gets fewer touches than it deserves"
    else:
        title = "Every circle gets the attention it deserves"
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.15))
    return theme.apply(fig, title=title, height=420)


def tie_mix_bar(mix: pd.DataFrame) -> go.Figure:
    """Strong, moderate, weak, dormant and unused ties (``mix`` is :func:`workbook.mapping.mix_ties`)."""
    if mix["n"].sum() == 0:
        return theme.empty("No contacts yet.", title="Strong and weak ties")
    fig = go.Figure()
    for row in mix.itertuples(index=False):
        fig.add_trace(go.Bar(y=["ties"], x=[row.n], orientation="h", name=row.tie_band,
                             marker_color=BAND_COLOURS[row.tie_band], text=[f"{row.tie_band} {_pct(row.share)}"],
                             textposition="inside", insidetextanchor="middle",
                             hovertemplate=f"{row.tie_band}: %{{x}} contacts ({_pct(row.share)})<extra></extra>"))
    share = mix.set_index("tie_band")["share"]
    if share["moderate"] >= 0.15:
        title = f"{_pct(share['moderate'])} of your ties are moderately weak: the ones most likely to open doors"
    elif share["dormant"] + share["unused"] >= 0.5:
        title = f"{_pct(share['dormant'] + share['unused'])} of your connections are dormant or never used"
    else:
        title = f"Only {_pct(share['moderate'])} of your ties are moderately weak: widen the middle"
    fig.update_layout(barmode="stack", showlegend=False, yaxis=dict(visible=False), xaxis_title="contacts")
    return theme.apply(fig, title=title, height=220)


# ----------------------------------------------------------------------------- composition & diversity


def composition_finding(people: pd.DataFrame, by: str = "industry") -> str:
    """'Software makes up 38% of your network' (escaped).

    >>> composition_finding(pd.DataFrame({"industry": ["A", "A", "B", "Unknown"]}))
    'A makes up 50% of your network'
    """
    counts = people[by].astype(str).value_counts()
    known = counts.drop(mapping.UNKNOWN, errors="ignore")
    if known.empty:
        return f"No {by} is recorded for your contacts yet"
    return f"{safe(known.index[0])} makes up {_pct(known.iloc[0] / counts.sum())} of your network"


def composition_treemap(people: pd.DataFrame, path: Sequence[str] = ("industry", "function"),
                        *, max_children: int = 12) -> go.Figure:
    """Treemap of the network by ``path`` (default industry -> function); small slices folded."""
    if people.empty:
        return theme.empty("No contacts yet.", title="What your network is made of")
    cols = list(path)
    f = pd.DataFrame({c: people[c].astype(str).to_numpy() for c in cols}).assign(
        name=people["full_name"].astype(str).to_numpy())
    for depth, col in enumerate(cols):
        keys = cols[:depth]
        n = f.groupby(keys + [col]).size().rename("n").reset_index()
        n = n.sort_values(keys + ["n", col], ascending=[True] * len(keys) + [False, True])
        n["keep"] = (n.groupby(keys).cumcount() if keys else pd.Series(range(len(n)), index=n.index)) < max_children
        f = f.merge(n[keys + [col, "keep"]], on=keys + [col])
        f[col] = f[col].where(f["keep"], f"Other ({col})")
        f = f.drop(columns="keep")
    ids, labels, parents, values, hover = ["all"], ["Your network"], [""], [len(f)], [""]
    key_id: dict[tuple, str] = {(): "all"}  # generated ids: no data text in them
    f = f.sort_values("name", kind="stable")  # once, so each slice lists its first names in order
    for depth in range(len(cols)):
        level = f.groupby(cols[: depth + 1], sort=True)
        for key, part in level:
            key = key if isinstance(key, tuple) else (key,)
            key_id[key] = f"n{len(ids)}"
            ids.append(key_id[key]), labels.append(safe(key[-1])), parents.append(key_id[key[:-1]])
            values.append(len(part)), hover.append(_names(part["name"], 3))
    fig = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=parents, values=values,
        branchvalues="total", customdata=hover, maxdepth=3, sort=True, name="composition",
        hovertemplate="<b>%{label}</b><br>%{value} contacts (%{percentRoot:.0%})<br>%{customdata}<extra></extra>",
        marker=dict(line=dict(color="white", width=1)), root=dict(color="#F4F6F8"),
    ))
    fig.update_layout(margin=dict(l=8, r=8, t=64, b=8), treemapcolorway=theme.OKABE_ITO)
    return theme.apply(fig, title=composition_finding(people, cols[0]), height=480)


def diversity_finding(div: pd.DataFrame, gaps: pd.DataFrame | None = None) -> str:
    """The headline of :func:`diversity_bars` (escaped).

    >>> d = pd.DataFrame({"dimension": ["industry", "seniority"], "blau": [0.8, 0.2], "top": ["A", "mid"],
    ...                   "top_share": [0.3, 0.9], "categories": [5, 2]})
    >>> diversity_finding(d)
    'Your network is least diverse in seniority: 90% are mid'
    """
    if gaps is not None and len(gaps):
        missing = gaps.loc[gaps["status"] == "missing", "need"].drop_duplicates().tolist()
        if len(missing) == 1:
            return f"Your goals need {safe(missing[0])}, and nobody in your network covers it yet"
        if missing:
            return f"{len(missing)} needs of your goals are gaps: {', '.join(safe(m) for m in missing[:3])}"
        thin = gaps.loc[gaps["status"] == "thin", "need"].drop_duplicates().tolist()
        if thin:
            return f"Your network is thin on {', '.join(safe(t) for t in thin[:3])}, which your goals need"
    d = div.loc[div["categories"] > 0]
    if d.empty:
        return "Not enough known about your contacts to measure diversity yet"
    low = d.sort_values(["blau", "dimension"]).iloc[0]
    return f"Your network is least diverse in {safe(low['dimension'])}: {_pct(low['top_share'])} are {safe(low['top'])}"


def diversity_bars(div: pd.DataFrame, gaps: pd.DataFrame | None = None) -> go.Figure:
    """Blau index per dimension (least diverse highlighted) and, with goals, coverage of each need
    (gaps highlighted). ``div`` from :func:`workbook.mapping.diversity`, ``gaps`` from
    :func:`workbook.mapping.find_gaps`."""
    if div.empty:
        return theme.empty("No contacts yet.", title="How diverse is your network?")
    with_gaps = gaps is not None and len(gaps) > 0
    fig = make_subplots(rows=1, cols=2 if with_gaps else 1, horizontal_spacing=0.22,
                        subplot_titles=("Diversity (Blau index, 0-1)", "Who covers your goals' needs")
                        if with_gaps else ("Diversity (Blau index, 0-1)",))
    d = div.sort_values(["blau", "dimension"], ascending=[False, True])
    low = d.loc[d["categories"] > 0, "dimension"].iloc[-1] if (d["categories"] > 0).any() else None
    fig.add_trace(go.Bar(
        y=d["dimension"].tolist(), x=d["blau"].round(3).tolist(), orientation="h", name="diversity",
        marker_color=[theme.HIGHLIGHT if dim == low else theme.ACCENT for dim in d["dimension"]],
        text=[f"top: {safe(t)} {_pct(s)}" for t, s in zip(d["top"], d["top_share"])], textposition="auto",
        hovertemplate="%{y}: %{x:.2f} (1 = very varied)<br>%{text}<extra></extra>",
    ), 1, 1)
    fig.update_xaxes(range=[0, 1], row=1, col=1)
    if with_gaps:
        g = gaps.drop_duplicates("need").iloc[::-1]
        fig.add_trace(go.Bar(
            y=[safe(n) for n in g["need"]], x=g["n_contacts"].tolist(), orientation="h", name="need coverage",
            marker_color=[NEED_COLOURS[s] for s in g["status"]],
            text=[f"{s}: {c} in touch" for s, c in zip(g["status"], g["n_active"])], textposition="auto",
            customdata=[safe(t) for t in g["goal"]],
            hovertemplate="%{y}: %{x} contacts<br>%{text}<br>goal: %{customdata}<extra></extra>",
        ), 1, 2)
        fig.update_xaxes(type="log" if g["n_contacts"].max() > 200 else "linear", row=1, col=2)
    fig.update_layout(showlegend=False)
    return theme.apply(fig, title=diversity_finding(div, gaps), height=max(320, 60 + 34 * len(d)))


# ----------------------------------------------------------------------------- growth


def growth_finding(growth: pd.DataFrame) -> str:
    """'You added 40 connections in the last year; active ties are down 12%'.

    >>> g = pd.DataFrame({"month": pd.date_range("2023-01-01", periods=24, freq="MS"),
    ...                   "new_connections": [1] * 24, "active_ties": [10] * 12 + [5] * 12})
    >>> growth_finding(g)
    'You added 12 connections in the last year; active ties are down 50% on the year before'
    """
    if growth.empty:
        return "No dates yet to show how your network grew"
    last, prev = growth.iloc[-12:], growth.iloc[-24:-12]
    added = int(last["new_connections"].sum())
    text = f"You added {added} connection{'s' if added != 1 else ''} in the last year"
    if len(prev) and prev["active_ties"].sum() > 0:
        change = last["active_ties"].sum() / prev["active_ties"].sum() - 1
        if abs(change) < 0.05:
            return f"{text}; active ties held steady"
        return f"{text}; active ties are {'up' if change > 0 else 'down'} {_pct(abs(change))} on the year before"
    return text


def growth_chart(growth: pd.DataFrame) -> go.Figure:
    """New connections per month (bars) and active ties per month (line)."""
    if growth.empty:
        return theme.empty("No connection dates or exchanges yet.", title="How your network grows")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=growth["month"].dt.strftime("%Y-%m-%d").tolist(), y=growth["new_connections"].tolist(), name="new connections",
                         marker_color=theme.ACCENT, hovertemplate="%{x|%b %Y}: %{y} new<extra></extra>"))
    fig.add_trace(go.Scatter(x=growth["month"].dt.strftime("%Y-%m-%d").tolist(), y=growth["active_ties"].tolist(), name="active ties", mode="lines+markers",
                             line=dict(color=theme.HIGHLIGHT, width=2), marker=dict(size=5),
                             hovertemplate="%{x|%b %Y}: %{y} people you were in touch with<extra></extra>"),
                  secondary_y=True)
    fig.update_yaxes(title_text="new connections", secondary_y=False, rangemode="tozero")
    fig.update_yaxes(title_text="active ties", secondary_y=True, rangemode="tozero", showgrid=False,
                     tickmode="auto", tickformat=",d")
    fig.update_layout(legend=dict(orientation="h", y=-0.2), bargap=0.15)
    return theme.apply(fig, title=growth_finding(growth), height=380)


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
    inferred = (e["reasons"] & mapping.LINKED) == 0 if "reasons" in e else pd.Series(False, index=e.index)
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
            f"the biggest is {safe(big['label'])} ({_pct(big['size'] / n)})")
    if bridges is not None and len(bridges) and "full_name" in people:
        names = people.set_index("contact_id")["full_name"]
        top = bridges.iloc[0]
        return f"{text}; {safe(names.get(top['contact_id'], ''))} bridges {int(top['clusters_reached']) + 1} of them"
    if alone:
        return f"{text}, and {alone} contacts stand apart"
    return text


def network_map(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame,
                cluster_info: pd.DataFrame | None = None, bridges: pd.DataFrame | None = None,
                *, max_nodes: int = MAX_NODES, seed: int = 0) -> go.Figure:
    """The network as a WebGL graph: people coloured by circle (hover: names), or, above
    ``max_nodes`` contacts, one bubble per cluster sized by members, with ties between clusters.

    Clicking a cluster bubble gives its id in ``customdata``; :func:`cluster_map` draws it.
    """
    if people.empty:
        return theme.empty("No contacts yet.", title="Your network")
    if cluster_info is None:
        cluster_info = mapping.describe_clusters(people, clusters)
    labels = dict(zip(cluster_info["cluster"], cluster_info["label"]))
    if bridges is not None and len(bridges):  # with filters on, name a bridge who is on the map
        bridges = bridges.loc[bridges["contact_id"].isin(people["contact_id"])]
    title = network_finding(cluster_info, bridges, people)
    if len(people) <= max_nodes:
        return _people_graph(people, edges, clusters, labels, title, seed)
    return _cluster_graph(people, edges, clusters, cluster_info, title, seed)


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
    fig = go.Figure()
    if len(cross):
        # The backbone: each group's three strongest ties to other groups (a full mesh hides everything).
        ranked = pd.concat([cross.rename(columns={"u": "x", "v": "y"}), cross.rename(columns={"v": "x", "u": "y"})])
        ranked = ranked.sort_values(["x", "n", "y"], ascending=[True, False, True]).groupby("x").head(3)
        keep = pd.MultiIndex.from_arrays([ranked[["x", "y"]].min(axis=1), ranked[["x", "y"]].max(axis=1)]).unique()
        cross = cross.set_index(["u", "v"]).loc[keep].reset_index().sort_values(["u", "v"])
        q = cross["n"].quantile([0.5, 0.9]).tolist()
        for lo, hi, width in ((0, q[0], 0.6), (q[0], q[1], 1.6), (q[1], np.inf, 3.2)):
            part = cross.loc[(cross["n"] > lo) & (cross["n"] <= hi)] if lo else cross.loc[cross["n"] <= hi]
            if part.empty:
                continue
            ex, ey = _edge_xy(pos, zip(part["u"].tolist(), part["v"].tolist()))
            fig.add_trace(go.Scattergl(x=ex, y=ey, mode="lines", line=dict(color="rgba(140,148,160,0.45)", width=width),
                                       hoverinfo="skip", showlegend=False, name="ties between groups"))
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
                cluster_info: pd.DataFrame | None = None, *, max_nodes: int = MAX_NODES, seed: int = 0) -> go.Figure:
    """Drill-down: the people graph of one cluster (its ``max_nodes`` strongest ties if bigger)."""
    members = clusters.loc[clusters["cluster"] == cluster, "contact_id"]
    part = people.loc[people["contact_id"].isin(members)]
    if part.empty:
        return theme.empty("That group has nobody in it (with the current filters).", title="Group")
    if cluster_info is None:
        cluster_info = mapping.describe_clusters(people, clusters)
    labels = dict(zip(cluster_info["cluster"], cluster_info["label"]))
    shown = part.sort_values(["tie_strength", "contact_id"], ascending=[False, True]).head(max_nodes)
    label = safe(labels.get(cluster, "Group"))
    title = f"{label}: {len(part)} contacts"
    if len(shown) < len(part):
        title += f" (showing the {len(shown)} closest)"
    close = int(part["circle"].isin(_CLOSE).sum())
    title += f", {close} in your inner or close circles"
    return _people_graph(shown, edges, clusters, labels, title, seed)
