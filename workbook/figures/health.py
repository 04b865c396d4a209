"""Relationship-health charts: DataFrame in, ``go.Figure`` out, no I/O.

Every builder uses the shared theme (:mod:`workbook.figures.theme`): statuses always wear
:data:`~workbook.figures.theme.STATUS_COLOURS`, circles :data:`~workbook.figures.theme.CIRCLE_COLOURS`,
titles state the finding and names from data reach plotly through :func:`~workbook.figures.theme.safe`.

>>> import pandas as pd
>>> h = pd.DataFrame({"full_name": ["Ada", "Bo"], "circle": ["inner", "close"], "status": ["cooling", "thriving"]},
...                  index=pd.Index([1, 2], name="contact_id"))
>>> status_by_circle(h).layout.title.text
'1 of your 2 inner and close ties is cooling'
"""
from __future__ import annotations

import heapq

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..health import STATUSES, health_headline
from ..schema import CIRCLES
from . import theme

__all__ = ["status_by_circle", "interaction_heatmap", "score_over_time", "reciprocity_scatter", "plan_figure"]

#: How many names a hover lists before "and N more".
HOVER_NAMES = 6
#: Above this many points the scatter switches to WebGL.
WEBGL_POINTS = 2000


def _names(values: pd.Series) -> str:
    """The alphabetically first :data:`HOVER_NAMES` names (escaped) and how many more.

    >>> _names(pd.Series(["Cy", "<b>Al</b>", "Bo"]))
    '&lt;b&gt;Al&lt;/b&gt;<br>Bo<br>Cy'
    """
    # A partial selection, not a sort: a circle of 30,000 people shows six names.
    names = [theme.safe(v) for v in heapq.nsmallest(HOVER_NAMES, values)]
    more = len(values) - len(names)
    return "<br>".join(names) + (f"<br>and {more:,} more" if more > 0 else "")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def status_by_circle(health: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars: how many ties of each circle are in each status (names on hover).

    ``health`` is :func:`workbook.health.assess` output (needs circle, status, full_name).
    """
    if len(health) == 0:
        return theme.empty("No contacts yet: import or add some to see their health.",
                           title="Relationship health by circle")
    frame = pd.DataFrame({"circle": health["circle"].astype(object).to_numpy(),
                          "status": health["status"].astype(object).to_numpy(),
                          "name": health["full_name"].astype(object).fillna("").to_numpy()})
    present = set(frame["circle"].unique())
    circles = [c for c in CIRCLES if c in present]
    fig = go.Figure()
    for status in STATUSES:
        part = frame.loc[frame["status"] == status]
        if part.empty:
            continue
        groups = part.groupby("circle")["name"]
        counts = groups.size().reindex(circles, fill_value=0)
        hover = groups.apply(_names).reindex(circles, fill_value="")
        fig.add_trace(go.Bar(
            y=circles, x=counts.to_numpy(), name=status, orientation="h",
            marker_color=theme.STATUS_COLOURS[status], customdata=np.array(hover.to_numpy(), dtype=object),
            hovertemplate=f"<b>%{{y}}: %{{x}} {status}</b><br>%{{customdata}}<extra></extra>",
        ))
    title = health_headline(frame)  # the headline from the very statuses drawn here
    fig.update_layout(barmode="stack", legend=dict(title_text="status", traceorder="normal"), xaxis_title="contacts",
                      yaxis=dict(categoryorder="array", categoryarray=circles[::-1], title=None))
    return theme.apply(fig, title=title, height=max(300, 90 + 48 * len(circles)))


def interaction_heatmap(matrix: pd.DataFrame, names: pd.Series) -> go.Figure:
    """Contact x month heatmap of how many exchanges happened (rows in ``matrix`` order, busiest on top).

    ``matrix`` is :func:`workbook.health.monthly_interactions` output; ``names`` maps contact_id to name.
    """
    if matrix.empty or int(matrix.to_numpy().sum()) == 0:
        return theme.empty("No exchanges in this window yet.", title="Who you have been in touch with, month by month")
    labels = [theme.safe(names.get(cid, f"#{cid}")) for cid in matrix.index]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    labels = [f"{lab} (#{cid})" if seen[lab] > 1 else lab for lab, cid in zip(labels, matrix.index)]
    months = [pd.Timestamp(m).strftime("%b %Y") for m in matrix.columns]
    z = matrix.to_numpy()
    fig = go.Figure(go.Heatmap(
        z=z, x=months, y=labels, colorscale=[[0, "#F4F6F8"], [0.15, "#BFDDF0"], [1, theme.ACCENT]],
        hovertemplate="<b>%{y}</b><br>%{x}: %{z} exchange(s)<extra></extra>", xgap=1, ygap=1,
        colorbar=dict(title="exchanges"),
    ))
    totals = z.sum(axis=1)
    quiet = int((z[:, -3:].sum(axis=1) == 0).sum()) if z.shape[1] >= 3 else 0
    title = (f"{labels[int(np.argmax(totals))]} leads with {int(totals.max()):,} exchanges"
             + (f"; {_plural(quiet, 'regular')} went quiet in the last 3 months" if quiet else ""))
    # "Oct 2024" looks like a date to plotly, which then draws a time axis ("23:59:59.9996 Dec 30") with
    # the last month's brick spilling into the next: months are categories here.
    fig.update_layout(yaxis=dict(autorange="reversed", title=None),
                      xaxis=dict(title=None, tickangle=-45, type="category"))
    return theme.apply(fig, title=title, height=max(320, 120 + 18 * len(labels)))


def score_over_time(summary: pd.DataFrame, *, groups: tuple[str, ...] = ("all", "inner", "close", "active",
                                                                           "meaningful")) -> go.Figure:
    """Mean health score per month, one line per circle (and ``all``).

    ``summary`` is :func:`workbook.health.summarise_over_time` output.
    """
    data = summary.loc[summary["circle"].isin(groups)]
    if data.empty:
        return theme.empty("Not enough history yet.", title="Health score over time")
    fig = go.Figure()
    for group in groups:
        part = data.loc[data["circle"] == group].sort_values("month")
        if part.empty:
            continue
        colour = theme.INK if group == "all" else theme.CIRCLE_COLOURS.get(group, theme.MUTED)
        fig.add_trace(go.Scatter(
            # ISO strings, not datetime64: a FigureWidget would send those as nanosecond integers.
            x=pd.to_datetime(part["month"]).dt.strftime("%Y-%m-%d").tolist(), y=part["mean_score"].to_numpy(),
            name="everyone" if group == "all" else group, mode="lines+markers",
            line=dict(color=colour, width=3 if group == "all" else 2, dash="dot" if group == "all" else "solid"),
            customdata=part["contacts"], marker=dict(size=5),
            hovertemplate=f"<b>{group}</b> %{{x|%b %Y}}<br>mean score %{{y:.1f}} (%{{customdata}} contacts)"
                          "<extra></extra>",
        ))
    every = data.loc[data["circle"] == ("all" if "all" in groups else groups[0])].sort_values("month")
    first, last = float(every["mean_score"].iloc[0]), float(every["mean_score"].iloc[-1])
    start = pd.Timestamp(every["month"].iloc[0]).strftime("%b %Y")
    who = "your network's" if "all" in groups else f"your {groups[0]} circle's"
    if abs(last - first) < 1:
        title = f"Since {start}, {who} average health has held steady at about {last:.0f}"
    else:
        verb = "risen" if last > first else "fallen"
        title = f"Since {start}, {who} average health has {verb} from {first:.0f} to {last:.0f}"
    fig.update_layout(yaxis=dict(title="mean score (0-100)", range=[0, 100]), xaxis=dict(title=None, type="date"),
                      legend_title_text="circle", hovermode="closest")
    return theme.apply(fig, title=title, height=380)


def reciprocity_scatter(health: pd.DataFrame, *, max_points: int = WEBGL_POINTS) -> go.Figure:
    """Reciprocity (share of exchanges the contact started) against give-and-take balance, one dot per
    contact with at least one exchange, coloured by status, sized by score, names on hover.

    Above ``max_points`` contacts only the ones with the most exchanges are drawn (the title's counts
    still cover everyone), so a 30,000-contact network does not ship every dot to the browser.
    """
    everyone = health.loc[(health["n_total"] > 0).to_numpy()]
    h = everyone
    if len(h) > max_points:
        h = h.sort_values(["n_total", "score"], ascending=False, kind="stable").head(int(max_points))
    if h.empty:
        return theme.empty("Log a few exchanges to see who starts them and who gives.",
                           title="Reciprocity and give-and-take")
    trace = go.Scattergl if len(h) > 1000 else go.Scatter
    fig = go.Figure()
    for status in STATUSES:
        part = h.loc[(h["status"].astype(object) == status).to_numpy()]
        if part.empty:
            continue
        custom = np.column_stack([
            np.array([theme.safe(v) for v in part["full_name"]], dtype=object),
            part["give"].to_numpy(), part["take"].to_numpy(), part["score"].to_numpy(), part["n_total"].to_numpy(),
        ])
        fig.add_trace(trace(
            x=part["reciprocity"].to_numpy(), y=part["balance"].to_numpy(), mode="markers", name=status,
            marker=dict(color=theme.STATUS_COLOURS[status], size=(6 + part["score"].to_numpy() / 10).round(1),
                        opacity=0.75, line=dict(width=0.5, color="white")),
            customdata=custom,
            hovertemplate=("<b>%{customdata[0]}</b><br>they started %{x:.0%} of %{customdata[4]} exchanges"
                           "<br>you gave %{customdata[1]}, received %{customdata[2]}<br>score %{customdata[3]}"
                           "<extra></extra>"),
        ))
    fig.add_vline(x=0.5, line=dict(color=theme.MUTED, dash="dot", width=1))
    fig.add_hline(y=0, line=dict(color=theme.MUTED, dash="dot", width=1))
    you_start = int((everyone["reciprocity"] < 0.25).sum())
    givers = int((everyone["balance"] > 0).sum())
    title = (f"You start most exchanges with {_plural(you_start, 'contact')}, "
             f"and give more than you receive with {givers:,}")
    if len(h) < len(everyone):
        fig.add_annotation(text=f"showing the {len(h):,} contacts with most exchanges of {len(everyone):,}",
                           xref="paper", yref="paper", x=1, y=1.02, xanchor="right", showarrow=False,
                           font=dict(size=11, color=theme.MUTED))
    fig.update_layout(xaxis=dict(title="share of exchanges they started", range=[-0.05, 1.05], tickformat=".0%"),
                      yaxis=dict(title="favours you gave minus received"), legend_title_text="status")
    return theme.apply(fig, title=title, height=420)


def plan_figure(plan: pd.DataFrame) -> go.Figure:
    """The week's plan as a table: step, what to do, with whom, why, and a suggested message."""
    if plan.empty:
        return theme.empty("Nothing is due this week: a good week to say thanks to someone.",
                           title="This week's plan")
    colours = {"nurture": theme.STATUS_COLOURS["steady"], "follow-up": theme.STATUS_COLOURS["new"],
               "give": theme.STATUS_COLOURS["thriving"], "revive": theme.STATUS_COLOURS["dormant"]}
    fill = [[colours.get(c, "white") + "33" for c in plan["category"]]]
    cells = [
        plan["step"].astype(str).tolist(),
        [theme.safe(c) for c in plan["category"]],
        [theme.safe(a) for a in plan["action"]],
        [theme.safe(r) for r in plan["reason"]],
        [theme.safe(m) for m in plan["message"]],
        [pd.Timestamp(d).strftime("%a %d %b") for d in plan["due"]],
    ]
    fig = go.Figure(go.Table(
        columnwidth=[24, 70, 150, 260, 300, 70],
        header=dict(values=["#", "kind", "action", "why", "suggested message", "when"],
                    fill_color=theme.INK, font=dict(color="white", size=13), align="left"),
        cells=dict(values=cells, align="left", height=30, font=dict(size=12),
                   fill_color=fill * len(cells)),
    ))
    counts = plan["category"].value_counts()
    words = {"nurture": "to nurture", "follow-up": "follow-up", "give": "to give", "revive": "to revive"}
    parts = [f"{int(counts[k])} {words[k]}" for k in ("nurture", "follow-up", "give", "revive") if k in counts]
    title = f"This week: {_plural(len(plan), 'action')} ({', '.join(parts)})"
    return theme.apply(fig, title=title, height=130 + 72 * len(plan))
