"""The collaboration and asks chart: projects by status, asks made and received by outcome.

DataFrames in (``projects``, ``asks`` as the workbook hands them out), ``go.Figure`` out; no I/O.
The title states the finding; a panel with nothing in it says so instead of drawing zeros.

>>> import pandas as pd
>>> fig = plot_together(pd.DataFrame({"status": ["active", "idea"]}), pd.DataFrame(columns=["direction", "status"]))
>>> fig.layout.title.text
'1 of 2 projects active or done; no asks recorded yet'
>>> [a.text for a in fig.layout.annotations][-1]
'No asks yet: ask one person for one specific thing'
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import theme
from ..practices.asks import count_asks
from ..practices.projects import count_projects
from ..schema import ASK_DIRECTIONS, PROJECT_STATUSES

_STATUS_COLOURS = {"idea": "#56B4E9", "proposed": "#E69F00", "active": "#009E73", "done": "#0072B2",
                   "dropped": "#B8BEC7"}
_OUTCOME_COLOURS = {"open": "#E69F00", "given": "#009E73", "thanked": "#0072B2", "declined": "#B8BEC7"}
_OUTCOME_LABELS = {"open": "still open", "given": "given, not yet thanked", "thanked": "given and thanked",
                   "declined": "declined"}
_DIRECTION_LABELS = {"made": "you asked", "received": "asked of you"}


def _title(projects: pd.DataFrame, asks: pd.DataFrame) -> str:
    counts = count_projects(projects)
    total, live = int(counts.sum()), int(counts["active"] + counts["done"])
    if total:
        head = f"{live} of {total} project{'s' if total != 1 else ''} active or done"
    else:
        head = "No projects yet"
    made = asks.loc[asks["direction"] == "made"] if len(asks) else asks
    if not len(asks):
        tail = "no asks recorded yet"
    elif not len(made):
        tail = f"{len(asks)} ask{'s' if len(asks) != 1 else ''} received, none made yet"
    else:
        given = int((made["status"] == "given").sum())
        tail = f"{given} of {len(made)} ask{'s' if len(made) != 1 else ''} you made {'was' if given == 1 else 'were'} given"
    return f"{head}; {tail}"


def plot_together(projects: pd.DataFrame, asks: pd.DataFrame) -> go.Figure:
    """Left: projects per status (idea to done, and dropped). Right: asks you made and asks made of
    you, stacked by outcome (open, given, given and thanked, declined)."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5], horizontal_spacing=0.14,
                        subplot_titles=("Projects by status", "Asks by outcome"))
    counts = count_projects(projects)
    fig.add_trace(go.Bar(x=list(PROJECT_STATUSES), y=counts.tolist(), showlegend=False,
                         marker=dict(color=[_STATUS_COLOURS[s] for s in PROJECT_STATUSES]),
                         hovertemplate="%{x}: %{y} project(s)<extra></extra>"), row=1, col=1)
    table = count_asks(asks)
    for outcome, part in table.groupby("outcome", sort=False):
        fig.add_trace(go.Bar(x=[_DIRECTION_LABELS[d] for d in part["direction"]], y=part["n"].tolist(),
                             name=_OUTCOME_LABELS[outcome], marker=dict(color=_OUTCOME_COLOURS[outcome]),
                             hovertemplate="%{x}, " + _OUTCOME_LABELS[outcome] + ": %{y}<extra></extra>"),
                      row=1, col=2)
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.18, x=0.55))
    fig.update_yaxes(title_text="projects", row=1, col=1, **theme.count_axis(counts.max()))
    largest = table.groupby("direction")["n"].sum().reindex(list(ASK_DIRECTIONS), fill_value=0).max()
    fig.update_yaxes(title_text="asks", row=1, col=2, **theme.count_axis(largest))
    if not int(counts.sum()):
        _missing(fig, "x domain", "No projects yet: start one of your ideas")
    if not len(asks):
        _missing(fig, "x2 domain", "No asks yet: ask one person for one specific thing")
    return theme.apply(fig, title=theme.safe(_title(projects, asks)), height=380)


def _missing(fig: go.Figure, xref: str, text: str) -> None:
    fig.add_annotation(text=text, x=0.5, y=0.5, xref=xref, yref="paper", showarrow=False,
                       font=dict(size=13, color=theme.MUTED), bgcolor="rgba(255,255,255,0.85)")
