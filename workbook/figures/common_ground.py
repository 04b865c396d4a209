"""Charts for "Find common ground": DataFrames from :mod:`workbook.common_ground` in, figures out.

Every builder uses the shared theme (:func:`workbook.figures.theme.apply`), colours circles
with :data:`~workbook.figures.theme.CIRCLE_COLOURS`, escapes every string from data with
:func:`~workbook.figures.theme.safe`, and states the finding in its title. No I/O; the same
input gives the same figure.

>>> import pandas as pd
>>> s = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"], "score": [0.4], "tags_part": [0.3],
...                   "history_part": [0.1], "n_shared": [2], "rarest": ["beekeeping"],
...                   "shared": ["beekeeping; Leeds"]})
>>> top_matches(s).layout.title.text
'Ana shares the most with you, starting with beekeeping'
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..schema import CIRCLES
from . import theme
from .theme import safe

__all__ = ["top_matches", "interest_map", "introductions"]

#: Colours of the two parts of a common-ground score (from the shared Okabe-Ito palette).
PART_COLOURS = {"tags": theme.ACCENT, "history": theme.OKABE_ITO[1]}
#: Colour of an introduction by how much the two gain (benefit 0 .. 1).
BENEFIT_COLOURS = {0.0: "#A0A7B4", 0.25: "#56B4E9", 0.5: "#0072B2", 0.75: "#009E73", 1.0: "#006D4F"}


def _unique_labels(names: list[str], ids: list[int]) -> list[str]:
    """Escaped names, with the id added where two people share a name (plotly merges equal labels)."""
    labels = [safe(n) or f"#{i}" for n, i in zip(names, ids)]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [f"{lab} (#{i})" if seen[lab] > 1 else lab for lab, i in zip(labels, ids)]


def _items_html(shared: str, limit: int = 5, derived: str = "") -> str:
    """The shared items as hover lines; those only an export gave are marked, so nobody mistakes
    a derived item for something they typed.

    >>> _items_html("open data; chess", derived="open data")
    '· open data <i>(from your export)</i><br>· chess'
    """
    from_export = {x.strip().casefold() for x in str(derived or "").split(";") if x.strip()}
    items = [x.strip() for x in str(shared or "").split(";") if x.strip()]
    return "<br>".join(f"· {safe(x)}" + (" <i>(from your export)</i>" if x.casefold() in from_export else "")
                       for x in items[:limit]) or "nothing shared yet"


def top_matches(scores: pd.DataFrame, n: int = 15) -> go.Figure:
    """Horizontal stacked bars of the ``n`` best common-ground scores, split into shared tags and
    shared history; hovering a bar lists the shared items, rarest first.

    ``scores`` is :func:`workbook.common_ground.score_common_ground` output (best first).
    """
    top = scores.loc[(scores["score"] > 0).to_numpy()].head(int(n))
    if top.empty:
        return theme.empty("Nothing shared yet: add your interests, values and goals to your profile.",
                           title="Who you share the most with")
    labels = _unique_labels(top["full_name"].astype(str).tolist(), top["contact_id"].astype(int).tolist())
    derived = top["shared_derived"] if "shared_derived" in top else pd.Series("", index=top.index)
    hover = np.array([_items_html(s, derived=d) for s, d in zip(top["shared"], derived)], dtype=object)
    counts = top["n_shared"].to_numpy()
    custom = np.column_stack([hover, counts, top["score"].to_numpy().round(3)])
    fig = go.Figure()
    for part, name in (("tags", "shared interests, values, goals, skills"), ("history", "shared history")):
        fig.add_trace(go.Bar(
            y=labels, x=top[f"{part}_part"].to_numpy().round(4), name=name, orientation="h",
            marker_color=PART_COLOURS[part], customdata=custom,
            hovertemplate=("<b>%{y}</b>: score %{customdata[2]}<br>%{customdata[1]} shared, rarest first:"
                           "<br>%{customdata[0]}<extra>" + name + "</extra>"),
        ))
    first = top.iloc[0]
    rarest = safe(first["rarest"]) if str(first["rarest"]) else "what you share"
    title = f"{labels[0]} shares the most with you, starting with {rarest}"
    fig.update_layout(barmode="stack", xaxis=dict(title="common-ground score (0-1)", rangemode="tozero"),
                      yaxis=dict(autorange="reversed", title=None),
                      legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, title_text=None),
                      margin=dict(t=100))  # legend above the plot: below it, it hit the axis title
    return theme.apply(fig, title=title, height=max(320, 120 + 28 * len(top)))


def interest_map(frame: pd.DataFrame) -> go.Figure:
    """Heatmap of your interests (rows) by circle (columns): how many people in each circle share
    each one; hovering a cell names them.

    ``frame`` is :func:`workbook.common_ground.map_shared_interests` output.
    """
    if frame.empty or int(frame["n"].sum()) == 0:
        return theme.empty("None of your interests is shared yet: add interests to your profile and tag contacts.",
                           title="Where your interests are shared")
    items = list(dict.fromkeys(frame["item"].astype(str)))
    circles = [c for c in CIRCLES if c in set(frame["circle"])]
    grid = frame.assign(item=frame["item"].astype(str)).set_index(["item", "circle"])
    z = grid["n"].unstack("circle").reindex(index=items, columns=circles).fillna(0).astype(int)
    names = grid["names"].unstack("circle").reindex(index=items, columns=circles).fillna("")
    hover = np.vectorize(lambda s: "<br>".join(safe(x) for x in str(s).split("; ") if x) or "nobody yet",
                         otypes=[object])(names.to_numpy(dtype=object))
    labels = [safe(i) for i in items]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=circles, y=labels, customdata=hover, colorscale=[[0, "#F4F6F8"], [1, theme.ACCENT]],
        xgap=2, ygap=2, texttemplate="%{z}", colorbar=dict(title="people"),
        hovertemplate="<b>%{y}</b>, %{x} circle: %{z}<br>%{customdata}<extra></extra>",
    ))
    totals = z.sum(axis=1)
    best = int(np.argmax(totals.to_numpy()))
    close = int(z.iloc[best][[c for c in ("inner", "close") if c in circles]].sum())
    title = (f"\u201c{labels[best]}\u201d is the interest you share most: {int(totals.iloc[best]):,} people, "
             f"{close} in your inner and close circles")
    fig.update_layout(yaxis=dict(autorange="reversed", title=None), xaxis=dict(title=None, side="top"))
    fig.update_xaxes(tickfont=dict(color=theme.INK))
    return theme.apply(fig, title=title, height=max(320, 140 + 34 * len(items)))


def introductions(intros: pd.DataFrame, n: int = 15) -> go.Figure:
    """The best introduction suggestions as bars (score), coloured by how much both sides gain;
    hovering shows what they share and what each would gain.

    ``intros`` is :func:`workbook.common_ground.suggest_introductions` output (best first).
    """
    top = intros.head(int(n))
    if top.empty:
        return theme.empty("No introductions to suggest yet: tag more contacts with their interests and skills.",
                           title="Who to introduce to whom")
    labels = [f"{safe(a)} and {safe(b)}" for a, b in zip(top["a_name"], top["b_name"])]
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    labels = [f"{lab} (#{a}, #{b})" if seen[lab] > 1 else lab for lab, a, b in zip(labels, top["a"], top["b"])]
    custom = np.column_stack([
        np.array([_items_html(s, 4) for s in top["shared"]], dtype=object),
        np.array([safe(x) or "nothing new" for x in top["a_gains"]], dtype=object),
        np.array([safe(x) or "nothing new" for x in top["b_gains"]], dtype=object),
        np.array([safe(x) for x in top["a_name"]], dtype=object),
        np.array([safe(x) for x in top["b_name"]], dtype=object),
        top["similarity"].to_numpy().round(3),
    ])
    fig = go.Figure()
    for level, colour in BENEFIT_COLOURS.items():
        at = np.isclose(top["benefit"].to_numpy(dtype=float), level)
        if not at.any():
            continue
        name = {0.0: "similar, little to swap", 0.25: "one learns something", 0.5: "both learn something",
                0.75: "one meets a goal", 1.0: "both meet a goal"}[level]
        fig.add_trace(go.Bar(
            y=np.array(labels, dtype=object)[at], x=top["score"].to_numpy()[at].round(4), orientation="h",
            name=name, marker_color=colour, customdata=custom[at],
            hovertemplate=("<b>%{y}</b>: score %{x:.2f} (similarity %{customdata[5]})<br>both:<br>%{customdata[0]}"
                           "<br>%{customdata[3]} gains: %{customdata[1]}<br>%{customdata[4]} gains: %{customdata[2]}"
                           "<extra></extra>"),
        ))
    first = top.iloc[0]
    shared = str(first["shared"]).split(";")[0].strip()
    title = f"Introduce {labels[0]} first: both into {safe(shared)}" if shared else f"Introduce {labels[0]} first"
    fig.update_layout(barmode="overlay", xaxis=dict(title="introduction score (0-1)", range=[0, 1]),
                      yaxis=dict(categoryorder="array", categoryarray=labels[::-1], title=None),
                      legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, title_text=None),
                      margin=dict(t=100))  # legend above the plot: below it, it hit the axis title
    return theme.apply(fig, title=title, height=max(320, 120 + 28 * len(top)))
