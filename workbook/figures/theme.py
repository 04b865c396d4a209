"""The project's one visual identity: a plotly template and fixed, colour-blind-safe colours.

Every figure builder calls :func:`apply` so the same circle or status has the same
colour in every chart (Okabe-Ito palette, safe for the common colour-vision deficiencies).

>>> import plotly.graph_objects as go
>>> apply(go.Figure()).layout.template.layout.font.family.startswith("Inter")
True
"""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Okabe & Ito (2008), colour-blind-safe.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
CIRCLE_COLOURS = {
    "inner": "#D55E00",
    "close": "#E69F00",
    "active": "#009E73",
    "meaningful": "#0072B2",
    "acquaintance": "#A0A7B4",
}
STATUS_COLOURS = {
    "thriving": "#009E73",
    "steady": "#56B4E9",
    "new": "#CC79A7",
    "cooling": "#E69F00",
    "at-risk": "#D55E00",
    "dormant": "#7F8793",
}
STAGE_COLOURS = {
    "identified": "#A0A7B4",
    "researching": "#56B4E9",
    "intro requested": "#0072B2",
    "contacted": "#E69F00",
    "replied": "#CC79A7",
    "met": "#009E73",
    "ongoing mentor": "#006D4F",
    "declined": "#7F8793",
    "paused": "#C9CED6",
}
INK = "#1F2933"
MUTED = "#6B7380"
ACCENT = "#0072B2"
HIGHLIGHT = "#D55E00"
FONT = "Inter, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=13, color=INK),
        title=dict(font=dict(size=17, color=INK), x=0.0, xanchor="left", pad=dict(l=4)),
        colorway=OKABE_ITO,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=56, r=24, t=64, b=48),
        xaxis=dict(gridcolor="#ECEFF3", zerolinecolor="#D5DAE1", linecolor="#D5DAE1", automargin=True),
        yaxis=dict(gridcolor="#ECEFF3", zerolinecolor="#D5DAE1", linecolor="#D5DAE1", automargin=True),
        hoverlabel=dict(font=dict(family=FONT, size=12), bgcolor="white"),
        legend=dict(bgcolor="rgba(255,255,255,0.8)", font=dict(size=12)),
    )
)
pio.templates["workbook"] = TEMPLATE


def apply(fig: go.Figure, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """Give a figure the project's template (and optionally a title that states the finding)."""
    fig.update_layout(template=TEMPLATE)
    if title is not None:
        fig.update_layout(title_text=title)
    if height is not None:
        fig.update_layout(height=height)
    return fig


def empty(message: str, *, title: str | None = None, height: int = 320) -> go.Figure:
    """A figure that says plainly there is nothing to show yet (instead of an empty plot).

    >>> empty("No interactions yet").layout.annotations[0].text
    'No interactions yet'
    """
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=15, color=MUTED))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply(fig, title=title, height=height)


def safe(text) -> str:
    """Escape a data string for plotly text/hover/titles: plotly renders a subset of HTML
    (``<b>``, ``<a href>``...) so names from data must reach it as entities.

    >>> safe("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    """
    import html

    return html.escape("" if text is None else str(text), quote=False)


def percent(share: float) -> str:
    """A share as a whole percentage for titles.

    >>> percent(0.384)
    '38%'
    """
    return f"{100 * share:.0f}%"


def count_axis(largest: float, *, steps: int = 5) -> dict:
    """Axis settings for a count: whole-number ticks only (never 0, 1, 1, 2, 2 from rounded halves).

    >>> count_axis(3)["dtick"], count_axis(37)["dtick"], count_axis(0)["dtick"]
    (1, 10, 1)
    """
    import math

    largest = max(float(largest or 0), 1.0)
    raw = largest / steps
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    return {"tickmode": "linear", "tick0": 0, "dtick": int(max(1, step)), "tickformat": ",d", "rangemode": "tozero"}
