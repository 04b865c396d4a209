"""The events loop's chart: each past event against the relationships that came of it.

>>> import pandas as pd
>>> o = pd.DataFrame({"event_id": [1, 2], "title": ["Guild meetup", "EdTech Breakfast"],
...                   "day": pd.to_datetime(["2026-09-11", "2026-10-14"]), "met": [3, 0], "followed_up": [2, 0],
...                   "in_touch": [1, 0], "met_names": ["A;B;C", ""], "followed_names": ["A;B", ""],
...                   "in_touch_names": ["A", ""]})
>>> plot_event_outcomes(o).layout.title.text
'Of 3 people you met at events, 2 heard from you again and 1 is still in touch'
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import theme

#: The three bars per event, in funnel order: column, legend label, colour.
BARS = (("met", "met there", "#A0A7B4"), ("followed_up", "followed up after the day", theme.ACCENT),
        ("in_touch", "still in touch now", "#009E73"))
_NAMES = {"met": "met_names", "followed_up": "followed_names", "in_touch": "in_touch_names"}


def _label(title: str, day) -> str:
    short = title if len(title) <= 38 else title[:36].rstrip() + "…"
    return f"{theme.safe(short)}<br>{pd.Timestamp(day):%d %b %Y}"


def _hover(names: str) -> str:
    people = [theme.safe(n) for n in str(names or "").split(";") if n]
    shown = people[:12] + ([f"and {len(people) - 12} more"] if len(people) > 12 else [])
    return "<br>".join(shown) or "nobody"


def _title(outcomes: pd.DataFrame) -> str:
    met, followed, touch = (int(outcomes[c].sum()) for c in ("met", "followed_up", "in_touch"))
    if met == 0:
        return "You logged nobody you met at your past events: log them to see what came of each"
    people = "person" if met == 1 else "people"
    verb = "is" if touch == 1 else "are"
    return f"Of {met} {people} you met at events, {followed} heard from you again and {touch} {verb} still in touch"


def plot_event_outcomes(outcomes: pd.DataFrame) -> go.Figure:
    """Grouped bars per past event (oldest first): people met, followed up, still in touch now.

    ``outcomes`` as :func:`workbook.practices.events.event_outcomes`. An event with nobody logged is
    drawn as a labelled gap ("nobody logged yet"), not left out, and one whose 48 hours to follow up
    are not over is marked "too soon to tell"; hovers list the people.
    """
    if outcomes.empty:
        return theme.empty("No past events yet: after your next one, log who you met",
                           title="What came of your events")
    labels = [_label(t, d) for t, d in zip(outcomes["title"].astype(str), outcomes["day"])]
    fig = go.Figure()
    for column, name, colour in BARS:
        fig.add_bar(x=labels, y=outcomes[column].astype(int).tolist(), name=name, marker_color=colour,
                    customdata=[_hover(n) for n in outcomes[_NAMES[column]]],
                    hovertemplate=f"{name}: %{{y}}<br>%{{customdata}}<extra></extra>")
    window = outcomes["window_open"] if "window_open" in outcomes else pd.Series(False, index=outcomes.index)
    for label, met, followed, open_ in zip(labels, outcomes["met"], outcomes["followed_up"], window):
        note = ("nobody logged yet" if int(met) == 0 else
                "follow-ups still due: too soon to tell" if bool(open_) and int(followed) < int(met) else "")
        if note:
            fig.add_annotation(x=label, y=0 if int(met) == 0 else int(met), yshift=14, text=note, showarrow=False,
                               font=dict(color=theme.MUTED, size=12))
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.25, x=0), bargap=0.3)
    fig.update_yaxes(title="people", **theme.count_axis(max(int(outcomes["met"].max()), 1)))
    fig.update_xaxes(title=None)
    return theme.apply(fig, title=_title(outcomes), height=400)
