"""Charts for mentor outreach: the pipeline funnel, upcoming steps, candidate fit vs closeness, intro paths.

DataFrame (or dict) in, ``go.Figure`` out; no I/O. Names from data go through :func:`theme.safe`.

>>> import pandas as pd
>>> from workbook import outreach
>>> f = outreach.count_funnel(pd.DataFrame({"outreach_id": [1, 2], "stage": ["met", "identified"]}))
>>> plot_funnel(f).data[0].type
'funnel'
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import theme
from ..schema import STAGES

MAIN_STAGES = STAGES[:7]
#: How many of the best candidates are named on the fit-vs-closeness chart.
LABELS = 8
STEP_LABELS = {
    "first-message": "first message",
    "find": "find them",
    "check-intro": "check on intro",
    "follow-up": "follow-up",
    "rest": "let it rest",
    "plan-meeting": "plan meeting",
    "thank-you": "thank-you",
    "update": "update",
    "your-plan": "your plan",
}


def plot_funnel(funnel: pd.DataFrame) -> go.Figure:
    """How far candidates got, stage by stage (from :func:`workbook.outreach.count_funnel`).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"stage": list(STAGES), "current": 0, "reached": 0, "rate": 0.0})
    >>> plot_funnel(f).layout.annotations[0].text
    'No mentor candidates in your pipeline yet'
    """
    total = int(funnel["current"].sum()) if len(funnel) else 0
    if total == 0:
        return theme.empty("No mentor candidates in your pipeline yet", title="Your mentor pipeline")
    f = funnel.set_index("stage")
    main = f.reindex(list(MAIN_STAGES))
    fig = go.Figure(
        go.Funnel(
            y=list(MAIN_STAGES),
            x=main["reached"].astype(int).tolist(),
            text=[f"{r} ({c} now)" for r, c in zip(main["reached"].astype(int), main["current"].astype(int))],
            textinfo="text",
            marker=dict(color=[theme.STAGE_COLOURS[s] for s in MAIN_STAGES]),
            connector=dict(line=dict(color="#D5DAE1", width=1)),
            hovertemplate="%{y}: %{x} got this far<extra></extra>",
        )
    )
    side = ", ".join(f"{int(f.loc[s, 'current'])} {s}" for s in ("declined", "paused") if s in f.index)
    fig.add_annotation(text=f"Side roads now: {side}", x=1, y=-0.08, xref="paper", yref="paper",
                       showarrow=False, xanchor="right", font=dict(color=theme.MUTED, size=12))
    replied = int(main.loc["replied", "reached"])
    contacted = int(main.loc["contacted", "reached"])
    if contacted == 0:
        title = f"{total} candidates in your pipeline; nobody contacted yet: send the first message"
    else:
        title = f"{replied} of the {contacted} people you contacted replied"
    return theme.apply(fig, title=title, height=380)


def plot_timeline(steps: pd.DataFrame, *, as_of: Any) -> go.Figure:
    """Upcoming next steps on a date axis, one row per person; overdue ones marked.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"name": ["Lee"], "step": ["follow-up"], "title": ["Follow up"],
    ...                   "due": pd.to_datetime(["2026-02-04"]), "stage": ["contacted"], "overdue": [False]})
    >>> plot_timeline(s, as_of="2026-02-01").layout.title.text
    'Next up: 1 step due within a week, none overdue'
    """
    if steps is None or steps.empty:
        return theme.empty("No next steps: add someone to your pipeline", title="Your next steps")
    as_of = pd.Timestamp(as_of).normalize()
    s = steps.sort_values(["due", "name"], kind="stable")
    names = s["name"].map(theme.safe)
    fig = go.Figure()
    for stage in [x for x in STAGES if x in set(s["stage"])]:
        sub = s.loc[s["stage"] == stage]
        fig.add_trace(go.Scatter(
            # ISO strings, not datetime64: a FigureWidget would ship those as nanosecond integers.
            x=sub["due"].dt.strftime("%Y-%m-%d").tolist(), y=names[sub.index].tolist(), mode="markers", name=stage,
            marker=dict(size=13, color=theme.STAGE_COLOURS[stage],
                        line=dict(width=[3 if o else 1 for o in sub["overdue"]],
                                  color=[theme.HIGHLIGHT if o else "white" for o in sub["overdue"]]),
                        symbol=["diamond" if o else "circle" for o in sub["overdue"]]),
            customdata=list(zip(sub["title"].map(theme.safe), sub["step"].map(STEP_LABELS).fillna(sub["step"]))),
            hovertemplate="%{y}<br>%{customdata[0]}<br>%{customdata[1]}, due %{x|%d %b %Y}<extra></extra>",
        ))
    today = as_of.strftime("%Y-%m-%d")
    fig.add_shape(type="line", x0=today, x1=today, y0=0, y1=1, yref="paper",
                  line=dict(color=theme.MUTED, dash="dot", width=1))
    fig.add_annotation(x=today, y=1, yref="paper", text="today", showarrow=False, yanchor="bottom",
                       font=dict(color=theme.MUTED, size=11))
    overdue = int(s["overdue"].sum())
    soon = int(((s["due"] >= as_of) & (s["due"] <= as_of + pd.Timedelta(days=7))).sum())
    title = (f"Next up: {soon} step{'s' if soon != 1 else ''} due within a week, "
             + (f"{overdue} overdue" if overdue else "none overdue"))
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=None, type="date")
    return theme.apply(fig, title=title, height=max(320, 60 + 34 * names.nunique()))


def label_room(xs: list[float], ys: list[float], scores: list[float], *, limit: int = 8,
               dx: float = 0.16, dy: float = 0.07) -> list[bool]:
    """Which points get a name on the chart: best score first, each only when no name already placed
    sits within ``dx`` across and ``dy`` up or down (axes 0-1), at most ``limit``.

    >>> label_room([0.1, 0.12, 0.8], [0.5, 0.52, 0.5], [0.9, 0.8, 0.7])
    [True, False, True]
    """
    order = sorted(range(len(xs)), key=lambda i: (-scores[i], i))
    placed: list[int] = []
    for i in order:
        if len(placed) >= limit:
            break
        if all(abs(xs[i] - xs[j]) > dx or abs(ys[i] - ys[j]) > dy for j in placed):
            placed.append(i)
    keep = set(placed)
    return [i in keep for i in range(len(xs))]


def plot_fit_vs_closeness(candidates: pd.DataFrame) -> go.Figure:
    """Mentor candidates: how well they fit the goal (y) against how close you are (x).

    Marker size shows common ground, colour the score; those already in the pipeline are outlined;
    the :data:`LABELS` best are named on the chart, everyone in the hover.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"full_name": ["Lee"], "expertise": [0.9], "closeness": [0.1], "score": [0.5],
    ...                   "common_ground": [0.2], "reachability": [0.5], "in_pipeline": [False], "via": ["Dana"]})
    >>> plot_fit_vs_closeness(c).layout.title.text
    'Your best-fit candidate is a weak tie: ask for an introduction'
    """
    if candidates is None or candidates.empty:
        return theme.empty("Nobody in your network fits this goal yet: see where to meet them",
                           title="Mentor candidates")
    c = candidates.reset_index(drop=True)
    names = c["full_name"].map(theme.safe)
    via = c["via"].fillna("").map(lambda v: f"via {theme.safe(v)}" if v else "direct")
    scatter = go.Scattergl if len(c) > 1000 else go.Scatter
    # Name only the best few that have room on the chart (labels of a crowd overlap); everyone has a
    # hover name, and the list beside the chart names them all.
    labelled = label_room(c["closeness"].tolist(), c["expertise"].tolist(), c["score"].tolist(), limit=LABELS)
    fig = go.Figure(scatter(
        x=c["closeness"].tolist(), y=c["expertise"].tolist(), mode="markers+text" if len(c) <= 1000 else "markers",
        text=[n if keep else "" for n, keep in zip(names, labelled)] if len(c) <= 1000 else None,
        textposition="top center", textfont=dict(size=11),
        # a colour scale that starts at a visible blue, and a grey outline: low scores stay visible
        marker=dict(size=(10 + 22 * c["common_ground"].clip(0, 1)).tolist(), color=c["score"].tolist(),
                    colorscale=[[0, "#A6CEE3"], [1, "#08306B"]], cmin=0, cmax=1, showscale=True,
                    colorbar=dict(title="score", thickness=12), opacity=0.9,
                    line=dict(width=[3 if p else 1 for p in c["in_pipeline"]],
                              color=[theme.HIGHLIGHT if p else "#5B6470" for p in c["in_pipeline"]])),
        customdata=list(zip(names, c["score"].round(2), c["reachability"].round(2), via)),
        hovertemplate=("%{customdata[0]}<br>fit %{y:.2f}, closeness %{x:.2f}<br>score %{customdata[1]}, "
                       "reachable %{customdata[2]} (%{customdata[3]})<extra></extra>"),
    ))
    fig.add_shape(type="line", x0=0.3, x1=0.3, y0=0, y1=1, line=dict(color="#D5DAE1", dash="dash"))
    fig.update_xaxes(title="closeness (tie strength)", range=[-0.03, 1.03])
    fig.update_yaxes(title="fit for the goal (expertise)", range=[-0.03, 1.12])
    best = c.nlargest(min(5, len(c)), "expertise")
    weak = int((best["closeness"] < 0.3).sum())
    if len(best) == 1:
        title = ("Your best-fit candidate is a weak tie: ask for an introduction" if weak else
                 "Your best-fit candidate is someone you already know: ask them directly")
    elif weak:
        title = (f"{weak} of your {len(best)} best-fit candidates {'is a' if weak == 1 else 'are'} "
                 f"weak tie{'s' if weak != 1 else ''}: ask for an introduction")
    else:
        title = f"Your {len(best)} best-fit candidates are people you already know: ask them directly"
    return theme.apply(fig, title=title, height=440)


def plot_intro_path(path: dict[str, Any]) -> go.Figure:
    """A chain of introductions (from :func:`workbook.outreach.describe_intro_path`) left to right.

    >>> p = {"names": ["Dana", "Lee"], "reach": 0.4, "direct": False, "chain": "Ask Dana ...",
    ...      "steps": [{"relation": "worked with Lee at Acme"}]}
    >>> plot_intro_path(p).layout.title.text
    'Ask Dana: the strongest route to Lee (reach 0.40)'
    """
    names = list(path.get("names") or [])
    if not names:
        return theme.empty("No route yet: meet them at an event or group", title="Introduction path")
    labels = ["You"] + [theme.safe(n) for n in names]
    xs = list(range(len(labels)))
    colours = [theme.ACCENT] + [theme.MUTED] * (len(labels) - 2) + [theme.HIGHLIGHT]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=[0] * len(xs), mode="lines", line=dict(color="#B8C0CC", width=3),
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=xs, y=[0] * len(xs), mode="markers+text", text=labels, textposition="bottom center",
        marker=dict(size=30, color=colours, line=dict(color="white", width=2)),
        hovertext=labels, hoverinfo="text", showlegend=False,
    ))
    relations = ["you know them"] + [theme.safe(s.get("relation", "")) for s in path.get("steps", [])]
    for i, rel in enumerate(relations[: len(xs) - 1]):
        short = rel if len(rel) <= 40 else rel[:37] + "..."
        fig.add_annotation(x=i + 0.5, y=0.12, text=short, showarrow=False, font=dict(size=11, color=theme.MUTED))
    fig.update_xaxes(visible=False, range=[-0.6, len(xs) - 0.4])
    fig.update_yaxes(visible=False, range=[-0.5, 0.4])
    target = labels[-1]
    if path.get("direct"):
        title = f"You know {target} directly: write to them yourself (tie {path.get('reach', 0):.2f})"
    else:
        title = f"Ask {labels[1]}: the strongest route to {target} (reach {path.get('reach', 0):.2f})"
    return theme.apply(fig, title=title, height=260)


__all__ = ["plot_funnel", "plot_timeline", "plot_fit_vs_closeness", "plot_intro_path"]
