"""Circles and tie bands: each contact's Dunbar layer, how many each layer holds, how strong ties are."""
from __future__ import annotations

import itertools
from typing import Sequence

import numpy as np
import pandas as pd

from ..schema import CIRCLES, DEFAULT_CADENCE, DIRECTIONS, DORMANT_DAYS, DUNBAR_SIZES, INTERACTION_KINDS
from ..ties import assign_circles, measure_ties


_SLIM = ["contact_id", "date", "direction", "kind"]


def _slim_interactions(interactions: pd.DataFrame) -> pd.DataFrame:
    """Only the columns tie strength needs, with the enumerations as categoricals.

    pandas 3 stores text as Python strings; comparing a million of them a dozen times costs
    seconds, comparing category codes milliseconds.
    """
    out = interactions[_SLIM]
    conv = {}
    for col, options in (("direction", DIRECTIONS), ("kind", INTERACTION_KINDS)):
        if not isinstance(out[col].dtype, pd.CategoricalDtype):
            conv[col] = _categorical(out[col], options)
    return out.assign(**conv) if conv else out


def _categorical(values: pd.Series, options: Sequence[str]) -> pd.Categorical:
    """``pd.Categorical(values, categories=options)``, several times faster on Python strings
    (one dict lookup per value, using the strings' cached hashes; unknown values become NaN)."""
    cats = list(options)
    position = {c: i for i, c in enumerate(cats)}
    raw = np.asarray(values.array, dtype=object)
    codes = np.fromiter(map(position.get, raw, itertools.repeat(-1)), dtype=np.int64, count=len(raw))
    return pd.Categorical.from_codes(codes, categories=cats)


def circles(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """Each contact's Dunbar circle with the tie measures behind it (one row per contact).

    The rule (from :func:`workbook.ties.assign_circles`): a circle the person chose wins
    (``set_by='you'``); the others go to the closest circle whose rhythm their exchanges keep
    (:data:`workbook.ties.CIRCLE_RHYTHM`: inner an exchange in the last 30 days and 24 in the
    year, close 90 days and 6, active a year and 2, meaningful any exchange in three years).
    Everyone else is an acquaintance. No circle is filled up to a size: Dunbar's layers describe
    personal networks and only set each circle's default cadence.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "circle": ["", "inner"],
    ...                   "connected_on": pd.to_datetime(["2020-01-01", "2020-01-01"])})
    >>> i = pd.DataFrame({"contact_id": [1], "date": pd.to_datetime(["2024-05-20"]),
    ...                   "direction": ["inbound"], "kind": ["catch-up"]})
    >>> circles(c, i, as_of="2024-06-01")[["contact_id", "circle", "set_by"]].values.tolist()
    [[1, 'meaningful', 'inferred'], [2, 'inner', 'you']]
    """
    ties = measure_ties(contacts, _slim_interactions(interactions), as_of=as_of)
    circle = assign_circles(contacts, ties)
    chosen = contacts["circle"].fillna("").astype(str).isin(CIRCLES).to_numpy()
    return (
        ties.assign(circle=circle.to_numpy(dtype=object), set_by=np.where(chosen, "you", "inferred"))
        .reset_index()
        .astype({"contact_id": "int64"})
    )


def summarise_circles(circle_frame: pd.DataFrame, cadence: dict[str, int] | None = None) -> pd.DataFrame:
    """Per circle: how many people, Dunbar's size for that layer, the cadence each deserves,
    the touches a year that cadence asks for, and the exchanges the layer actually had last year.

    >>> f = pd.DataFrame({"circle": ["inner", "inner", "acquaintance"], "n_365": [40, 10, 0],
    ...                   "set_by": ["you", "inferred", "inferred"]})
    >>> summarise_circles(f)[["circle", "n", "dunbar", "touches_needed", "touches_last_year"]].to_dict("records")[0]
    {'circle': 'inner', 'n': 2, 'dunbar': 5, 'touches_needed': 104, 'touches_last_year': 50}
    """
    table = {**DEFAULT_CADENCE, **(cadence or {})}
    previous, dunbar = 0, {}
    for layer, cumulative in DUNBAR_SIZES.items():
        dunbar[layer], previous = cumulative - previous, cumulative
    grouped = circle_frame.groupby("circle", observed=True)
    # Vectorised and int from the start: on an empty selection (filters that match nobody) the
    # lambda's result kept the text dtype, which reindex(fill_value=0) refuses (TypeError).
    set_by_you = (circle_frame["set_by"] == "you").groupby(circle_frame["circle"], observed=True).sum()
    out = pd.DataFrame(
        {
            "n": grouped.size(),
            "set_by_you": set_by_you.astype("int64"),
            "touches_last_year": grouped["n_365"].sum(),
        }
    ).reindex(list(CIRCLES), fill_value=0)
    out.index.name = "circle"
    out = out.reset_index()
    cad = out["circle"].map(table)
    return out.assign(
        dunbar=out["circle"].map(dunbar).astype("Int64"),
        cadence_days=cad.astype("Int64"),
        touches_needed=(out["n"] * (365 / cad)).round().astype("Int64"),
    )[["circle", "n", "dunbar", "set_by_you", "cadence_days", "touches_needed", "touches_last_year"]].astype(
        {"n": "int64", "set_by_you": "int64", "touches_last_year": "int64"}
    )


#: Tie bands, strongest first (thresholds on :func:`workbook.ties.score_ties`'s 0-1 scale).
TIE_BANDS = ("strong", "moderate", "weak", "dormant", "unused")
STRONG_TIE, MODERATE_TIE = 0.5, 0.2


def band_ties(people: pd.DataFrame) -> pd.Series:
    """Strong / moderate / weak / dormant / unused for each contact.

    ``dormant``: last exchange three years ago or more (Levin, Walter & Murnighan 2011);
    ``unused``: connected but never an exchange; otherwise by tie strength: strong >= 0.5
    (about monthly contact), moderate >= 0.2 (a few times a year), weak below that. Rajkumar et
    al. 2022's inverted U (moderately weak ties helped job moves most) is for strength measured by
    mutual connections; by interaction intensity, the measure here, the weakest ties helped most.

    >>> band_ties(pd.DataFrame({"tie_strength": [0.7, 0.3, 0.1, 0.05, 0.0],
    ...     "days_since": [5, 60, 400, 1200, 300.0],
    ...     "last_contact": pd.to_datetime(["2024-01-01"] * 4 + [None])})).tolist()
    ['strong', 'moderate', 'weak', 'dormant', 'unused']
    """
    s = people["tie_strength"].fillna(0.0)
    contacted = people["last_contact"].notna()
    dormant = contacted & (people["days_since"] >= DORMANT_DAYS).fillna(False)
    band = np.select(
        [~contacted, dormant, s >= STRONG_TIE, s >= MODERATE_TIE],
        ["unused", "dormant", "strong", "moderate"],
        default="weak",
    )
    return pd.Series(band, index=people.index, name="tie_band", dtype=object)


def mix_ties(people: pd.DataFrame) -> pd.DataFrame:
    """How many ties fall in each band of :data:`TIE_BANDS`, with shares.

    >>> p = pd.DataFrame({"tie_band": ["strong", "weak", "weak"]})
    >>> mix_ties(p).set_index("tie_band")["n"].tolist()
    [1, 0, 2, 0, 0]
    """
    counts = people["tie_band"].value_counts().reindex(list(TIE_BANDS), fill_value=0)
    total = max(int(counts.sum()), 1)
    out = counts.rename("n").rename_axis("tie_band").reset_index().astype({"n": "int64"})
    return out.assign(share=out["n"] / total)
