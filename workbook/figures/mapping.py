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

from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import mapping
from ..schema import CIRCLES
from . import theme
from .theme import CIRCLE_COLOURS, safe
# The network map has its own module; its builders stay importable from here (notebooks, tests).
from .network import (MAX_EDGES, MAX_GROUPS, MAX_NODES, SMALL_GROUP, SMALLER,  # noqa: F401
                      cluster_map, network_finding, network_map)

BAND_COLOURS = {"strong": "#009E73", "moderate": "#0072B2", "weak": "#56B4E9", "dormant": "#7F8793",
                "unused": "#C9CED6"}
NEED_COLOURS = {"missing": theme.HIGHLIGHT, "thin": "#E69F00", "covered": "#009E73"}
_CLOSE = ("inner", "close")
#: How missing data is drawn: one grey, always labelled, never as zero.
MISSING_COLOUR = "#D5DAE1"
_MISSING = {"", mapping.UNKNOWN, "unknown", "nan", "None", "<NA>"}
#: What would fill each kind of missing value (said in the chart, next to the grey).
FILL_HINTS = {
    "industry": "add industries on the Contacts page (LinkedIn exports leave them out)",
    "company": "import a LinkedIn export or contacts with companies, or add them on the Contacts page",
    "function": "add job titles (Position) on the Contacts page; the workbook reads the role from them",
    "seniority": "add job titles (Position) on the Contacts page; the workbook reads the level from them",
    "city": "add locations on the Contacts page, or import contacts that carry an address",
}


def missing_label(column: str) -> str:
    """The label of a slice of unknown values.

    >>> missing_label("industry")
    'Industry not known yet'
    """
    return f"{column.capitalize()} not known yet"


def is_missing(value) -> bool:
    """True for an unknown value ('', 'Unknown', NaN).

    >>> is_missing("Unknown"), is_missing("Retail")
    (True, False)
    """
    return str(value).strip() in _MISSING


def _legend(items: list[tuple[str, str]], note: str = "") -> dict:
    """A legend under a chart that has none of its own (sunburst, treemap): coloured squares and labels."""
    text = "   ".join(f'<span style="color:{c}">■</span> {safe(label)}' for label, c in items)
    for line in note.split("<br>") if note else ():  # our own text; each line escaped
        text += f"<br><span style='color:{theme.MUTED}'>{safe(line)}</span>"
    return dict(text=text, x=0, y=-0.02, xref="paper", yref="paper", xanchor="left", yanchor="top",
                showarrow=False, align="left", font=dict(size=12))


def _pct(x: float) -> str:
    return theme.percent(x)


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
            gap = is_missing(industry)  # missing data is drawn grey and named as missing, never hidden
            ids.append(iid), labels.append(missing_label("industry") if gap else safe(industry))
            parents.append(cid), values.append(b - a)
            colours.append(MISSING_COLOUR if gap else _tint(colour, 0.3)), hover.append(_names(names[a:b]))
            for company, a2, b2 in _runs(companies, a, b):
                hole = is_missing(company)
                ids.append(f"{iid}-{len(ids)}"), labels.append(missing_label("company") if hole else safe(company))
                parents.append(iid), values.append(b2 - a2)
                colours.append(MISSING_COLOUR if hole else _tint(colour, 0.55)), hover.append(_names(names[a2:b2]))
    fig = go.Figure(go.Sunburst(
        ids=ids, labels=labels, parents=parents, values=values,
        branchvalues="total", marker=dict(colors=colours, line=dict(color="white", width=1)),
        customdata=hover, insidetextorientation="radial", maxdepth=2, sort=False,
        hovertemplate="<b>%{label}</b><br>%{value} contacts (%{percentRoot:.0%})<br>%{customdata}<extra></extra>",
        name="circles",
    ))
    shown = [c for c in CIRCLES if c in runs]
    unknown = int(pd.Series(industries).map(is_missing).sum())
    note = (f"Grey: not known yet ({unknown:,} of {len(people):,} without an industry).<br>To fill it: "
            f"{FILL_HINTS['industry']}." if unknown else "")
    fig.update_layout(margin=dict(l=8, r=8, t=64, b=86 if note else 40),
                      annotations=[_legend([(c.capitalize(), CIRCLE_COLOURS.get(c, theme.MUTED)) for c in shown]
                                           + ([("not known yet", MISSING_COLOUR)] if unknown else []), note)])
    return theme.apply(fig, title=inner_circle_finding(people), height=560 if note else 520)


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
    colours, top_index = ["#F4F6F8"], {}  # each top slice its colour, its children tints of it; unknown grey
    key_id: dict[tuple, str] = {(): "all"}  # generated ids: no data text in them
    f = f.sort_values("name", kind="stable")  # once, so each slice lists its first names in order
    for depth in range(len(cols)):
        level = f.groupby(cols[: depth + 1], sort=True)
        for key, part in level:
            key = key if isinstance(key, tuple) else (key,)
            key_id[key] = f"n{len(ids)}"
            gap = is_missing(key[-1])
            ids.append(key_id[key]), labels.append(missing_label(cols[depth]) if gap else safe(key[-1]))
            parents.append(key_id[key[:-1]]), values.append(len(part)), hover.append(_names(part["name"], 3))
            top = key_id[key[:1]]
            colours.append(MISSING_COLOUR if gap else
                           _tint(theme.OKABE_ITO[top_index.setdefault(top, len(top_index)) % 7], 0.35 * depth))
    fig = go.Figure(go.Treemap(
        ids=ids, labels=labels, parents=parents, values=values,
        branchvalues="total", customdata=hover, maxdepth=3, sort=True, name="composition",
        hovertemplate="<b>%{label}</b><br>%{value} contacts (%{percentRoot:.0%})<br>%{customdata}<extra></extra>",
        marker=dict(colors=colours, line=dict(color="white", width=1)), root=dict(color="#F4F6F8"),
    ))
    unknown = int(people[cols[0]].astype(str).map(is_missing).sum())
    note = (f"Grey: not known yet ({unknown:,} of {len(people):,} without {cols[0]}).<br>To fill it: "
            f"{FILL_HINTS.get(cols[0], 'add it on the Contacts page')}." if unknown else "")
    fig.update_layout(margin=dict(l=8, r=8, t=64, b=76 if note else 8),
                      annotations=[_legend([("not known yet", MISSING_COLOUR)], note)] if note else [])
    return theme.apply(fig, title=composition_finding(people, cols[0]), height=520 if note else 480)


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
    known = d.loc[d["categories"] > 0]
    unknown = d.loc[d["categories"] == 0]
    low = known["dimension"].iloc[-1] if len(known) else None
    fig.add_trace(go.Bar(
        y=known["dimension"].tolist(), x=known["blau"].round(3).tolist(), orientation="h", name="diversity (Blau)",
        marker_color=[theme.HIGHLIGHT if dim == low else theme.ACCENT for dim in known["dimension"]],
        text=[f"top: {safe(t)} {_pct(s)} · known for {int(k):,}" for t, s, k in
              zip(known["top"], known["top_share"], known["known"])], textposition="auto",
        hovertemplate="%{y}: %{x:.2f} (0 = all alike, 1 = very varied)<br>%{text}<extra></extra>",
    ), 1, 1)
    if len(unknown):
        # no data is not "no diversity": a grey bar across, labelled with what would fill it
        fig.add_trace(go.Bar(
            y=unknown["dimension"].tolist(), x=[1.0] * len(unknown), orientation="h", name="not known yet",
            marker=dict(color=MISSING_COLOUR, pattern=dict(shape="/", fgcolor="#AEB6C1")),
            text=[f"not known yet: {FILL_HINTS.get(dim, 'add it on the Contacts page')}"[:90]
                  for dim in unknown["dimension"]],
            textposition="inside", insidetextanchor="start", textfont=dict(color=theme.INK),
            customdata=[FILL_HINTS.get(dim, "add it on the Contacts page") for dim in unknown["dimension"]],
            hovertemplate="%{y}: not known yet<br>to fill it: %{customdata}<extra></extra>",
        ), 1, 1)
    fig.update_yaxes(categoryorder="array", categoryarray=unknown["dimension"].tolist()[::-1]
                     + known["dimension"].tolist()[::-1], row=1, col=1)
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
        big = g["n_contacts"].max() > 200
        fig.update_xaxes(**({"type": "log"} if big else {"type": "linear", **theme.count_axis(g["n_contacts"].max())}),
                         row=1, col=2)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.12, x=0))
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
    # counts: whole-number ticks on both axes
    fig.update_yaxes(title_text="new connections", secondary_y=False,
                     **theme.count_axis(growth["new_connections"].max()))
    fig.update_yaxes(title_text="active ties", secondary_y=True, showgrid=False,
                     **theme.count_axis(growth["active_ties"].max()))
    fig.update_layout(legend=dict(orientation="h", y=-0.2), bargap=0.15)
    return theme.apply(fig, title=growth_finding(growth), height=380)
