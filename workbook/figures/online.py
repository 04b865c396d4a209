"""Online-platform charts: the engagement habit week by week, and posts and comments per month.

DataFrame in, ``go.Figure`` out, no I/O; the shared theme, titles that state the finding, whole
numbers on count axes, names from data through :func:`~workbook.figures.theme.safe`.

>>> import pandas as pd
>>> w = pd.DataFrame({"week": pd.to_datetime(["2026-10-05", "2026-10-12"]), "inner": [3, 1], "others": [0, 1],
...                   "total": [3, 2], "names": ["Ada", "Bo; Cy"], "current": [False, True]})
>>> engagement_chart(w, {"weekly": 3.0}).layout.title.text
'You met your habit last week; this week 1 of 3 so far'
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ..practices.online import habit_status
from . import theme

__all__ = ["engagement_chart", "activity_chart"]


def _hover(names: pd.Series) -> list[str]:
    out = []
    for text in names.astype(str):
        people = [theme.safe(n) for n in text.split("; ") if n]
        more = f"<br>and {len(people) - 6} more" if len(people) > 6 else ""
        out.append("<br>".join(people[:6]) + more if people else "nobody logged")
    return out


def _title(by_week: pd.DataFrame, target: dict) -> str:
    status = habit_status(by_week, target)
    goal, now, met, done = status["target"], status["this_week"], status["weeks_met"], status["weeks_done"]
    if int(by_week["total"].sum()) == 0:
        return f"No engagements logged in the last {len(by_week)} weeks (your habit: {goal} a week)"
    if done == 0:
        head = "Your habit starts this week"
    elif done == 1:
        head = "You met your habit last week" if met else "You did not meet your habit last week"
    else:
        head = f"You met your habit in {met} of the {done} weeks before this one"
    return f"{head}; this week {now} of {goal} so far"


def engagement_chart(by_week: pd.DataFrame, target: dict) -> go.Figure:
    """Stacked weekly bars (inner circles, everyone else) against the habit's weekly target (dashed).

    ``by_week`` is :func:`workbook.practices.online.engagement_by_week`; ``target`` is
    :func:`workbook.practices.online.habit_target`. The week still running is labelled "so far".
    """
    if by_week is None or len(by_week) == 0:
        return theme.empty("No weeks to show yet.", title="Your engagement habit")
    goal = max(1, math.ceil(float(target.get("weekly", 3))))
    labels = [f"{w:%d %b}" + (" (so far)" if c else "") for w, c in zip(pd.to_datetime(by_week["week"]),
                                                                          by_week["current"].astype(bool))]
    hover = _hover(by_week["names"])
    fig = go.Figure()
    fig.add_bar(x=labels, y=by_week["inner"], name="inner circles", marker_color=theme.CIRCLE_COLOURS["inner"],
                customdata=hover, hovertemplate="%{x}: %{y} with your inner circles<br>%{customdata}<extra></extra>")
    fig.add_bar(x=labels, y=by_week["others"], name="others", marker_color=theme.CIRCLE_COLOURS["acquaintance"],
                hovertemplate="%{x}: %{y} with others<extra></extra>")
    fig.add_scatter(x=labels, y=[goal] * len(labels), mode="lines", name=f"habit: {goal} a week",
                    line=dict(color=theme.INK, dash="dash", width=2), hoverinfo="skip")
    if int(by_week["total"].sum()) == 0:
        fig.add_annotation(text="nothing logged yet: log each comment you write", x=0.5, y=0.5, xref="paper",
                           yref="paper", showarrow=False, font=dict(color=theme.MUTED, size=14))
    largest = max(int(by_week["total"].max()), goal)
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.2), showlegend=True)
    fig.update_yaxes(title="posts engaged", **theme.count_axis(largest))
    fig.update_xaxes(title="week starting")
    return theme.apply(fig, title=theme.safe(_title(by_week, target)), height=360)


def activity_chart(activity: pd.DataFrame, *, as_of, months: int = 12) -> go.Figure:
    """Posts and comments per month from the export (:func:`workbook.practices.online.activity_frame`),
    the last ``months`` months to ``as_of``. Months after the export was taken are drawn as missing.

    >>> a = pd.DataFrame({"month": ["2026-09"], "kind": ["comment"], "count": [4], "words": [80]})
    >>> a.attrs["kinds"] = ["comment", "share"]
    >>> activity_chart(a, as_of="2026-10-15", months=3).layout.title.text
    'In the last 3 months: 4 comments and no posts'
    """
    kinds = activity.attrs.get("kinds") if activity is not None else None
    if activity is None or not kinds:
        return theme.empty("No posts or comments imported yet (no Shares.csv or Comments.csv).",
                           title="Your posts and comments")
    end = pd.Timestamp(as_of).to_period("M")
    span = pd.period_range(end - (months - 1), end, freq="M").strftime("%Y-%m")
    g = activity.pivot_table(index="month", columns="kind", values="count", aggfunc="sum").reindex(span)
    last = activity["month"].max() if len(activity) else None
    known = pd.Index(span) <= last if last else [True] * len(span)  # a month after the export is unknown, not 0
    fig = go.Figure()
    for kind, label, colour in (("share", "posts", theme.ACCENT), ("comment", "comments", theme.OKABE_ITO[1])):
        if kind not in kinds:
            continue
        y = (g[kind] if kind in g else pd.Series(0.0, index=span)).fillna(0).where(known)
        fig.add_bar(x=list(span), y=y, name=label, marker_color=colour,
                    hovertemplate=f"%{{x}}: %{{y}} {label}<extra></extra>")
    after = [m for m in span if last and m > last]
    if after:
        fig.add_annotation(text="after your export: not known", x=after[len(after) // 2], y=0, yanchor="bottom",
                           showarrow=False, font=dict(color=theme.MUTED))
    posts, comments = (int(g[k].fillna(0).sum()) if k in g else 0 for k in ("share", "comment"))
    words = lambda n, w: f"{n:,} {w}" if n else f"no {w}"  # noqa: E731
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="per month", **theme.count_axis(max(int(g.max().max() or 0) if g.size else 0, 1)))
    title = f"In the last {months} months: {words(comments, 'comments')} and {words(posts, 'posts')}"
    return theme.apply(fig, title=title, height=320)
