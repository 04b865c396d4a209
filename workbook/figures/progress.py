"""The progress chart: one bar per week (or month) against the goal's line.

Frames in (:func:`workbook.practices.progress.count_metric`), ``go.Figure`` out. Whole periods
are coloured met or missed; the current period is drawn pale and labelled "so far"; a period
with nothing counted is a bar of 0 with its label, never a gap.

>>> import pandas as pd
>>> counts = pd.DataFrame({"period_start": pd.date_range("2026-09-21", periods=4, freq="W-MON"),
...                        "count": [2, 0, 3, 1], "complete": [True, True, True, False]})
>>> fig = progress_chart(counts, metric="conversations", per="week", n=2)
>>> fig.layout.title.text
'2 of the last 3 weeks met your goal of 2 conversations'
>>> [b.name for b in fig.data]
['met', 'missed', 'this week so far', 'goal: 2 conversations a week']
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..practices.progress import DEFINITIONS, amount, goal_words, period_label, progress_title
from . import theme

__all__ = ["progress_chart", "goal_chart", "MET", "MISSED", "SO_FAR"]

MET, MISSED, SO_FAR = "#009E73", "#C9CED6", "#9CCFEA"


def _title(counts: pd.DataFrame, metric: str, per: str, n: int | None) -> str:
    whole = counts.loc[counts["complete"].astype(bool)]
    if n is None:
        total = int(whole["count"].sum())
        return (f"{amount(metric, total)} in the last {len(whole)} {per}s; "
                f"{int(counts['count'].iloc[-1]):,} this {per} so far")
    met = int((whole["count"] >= int(n)).sum())
    return progress_title({"metric": metric, "n": int(n), "per": per, "met": met, "judged": len(whole)})


def _tick(start, per: str) -> str:
    return period_label(start, per).replace("week of ", "")


def _bar(frame: pd.DataFrame, name: str, colour: str, per: str, metric: str, **extra) -> go.Bar:
    return go.Bar(x=[_tick(s, per) for s in frame["period_start"]], y=frame["count"], name=name, marker_color=colour,
                  text=frame["count"].astype(int).astype(str), textposition="outside", cliponaxis=False,
                  customdata=[period_label(s, per) for s in frame["period_start"]],
                  hovertemplate="%{customdata}: %{y:,d} " + theme.safe(metric) + "<extra></extra>", **extra)


def progress_chart(counts: pd.DataFrame, *, metric: str, per: str, n: int | None = None) -> go.Figure:
    """Bars of ``counts`` (``period_start``, ``count``, ``complete``) with the goal ``n`` as a dashed line
    (no line, and a plain total in the title, when there is no goal yet)."""
    if counts.empty:
        return theme.empty(f"Counts {DEFINITIONS.get(metric, metric)}.", title=f"No {metric} to count yet")
    whole = counts.loc[counts["complete"].astype(bool)]
    now = counts.loc[~counts["complete"].astype(bool)]
    fig = go.Figure()
    if n is None:
        fig.add_trace(_bar(whole, f"whole {per}s", theme.ACCENT, per, metric))
    else:
        met = whole["count"] >= int(n)
        fig.add_trace(_bar(whole.loc[met], "met", MET, per, metric))
        fig.add_trace(_bar(whole.loc[~met], "missed", MISSED, per, metric))
    fig.add_trace(_bar(now, f"this {per} so far", SO_FAR, per, metric,
                       marker_pattern_shape="/", marker_line_color=theme.ACCENT, marker_line_width=1))
    ticks = [_tick(s, per) for s in counts["period_start"]]
    if n is not None:
        fig.add_trace(go.Scatter(x=ticks, y=[int(n)] * len(ticks), mode="lines", name=theme.safe(
            f"goal: {goal_words(metric, int(n), per)}"), line=dict(color=theme.HIGHLIGHT, dash="dash", width=2),
            hoverinfo="skip"))
    largest = max(int(counts["count"].max()), int(n or 0)) + 1
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=ticks,
                     title_text="week starting (Monday)" if per == "week" else "month")
    fig.update_yaxes(title_text=theme.safe(metric), range=[0, largest * 1.15], **{
        k: v for k, v in theme.count_axis(largest).items() if k != "rangemode"})
    fig.update_layout(barmode="overlay", bargap=0.25, legend=dict(orientation="h", y=-0.25, x=0),
                      showlegend=True)
    return theme.apply(fig, title=theme.safe(_title(counts, metric, per, n)), height=360)


def goal_chart(counts: pd.DataFrame, table: pd.DataFrame, i: int = 0) -> go.Figure:
    """The chart of the ``i``-th goal of ``table`` (:func:`~workbook.practices.progress.progress_against_targets`),
    from stacked ``counts`` (:func:`~workbook.practices.progress.count_targets`); a plain note without goals."""
    if table.empty or i >= len(table):
        return theme.empty("Choose one on the Progress page, for example 2 conversations a week.",
                           title="No networking goal yet")
    row = table.iloc[i]
    mine = counts.loc[(counts["metric"] == row["metric"]) & (counts["per"] == row["per"])]
    return progress_chart(mine[["period_start", "count", "complete"]].reset_index(drop=True), metric=row["metric"],
                          per=row["per"], n=int(row["n"]))
