"""Tie strength per contact, and Dunbar-style circles inferred from it.

Shared by the map (circles), health (cadence by circle) and outreach (closeness).
Pure functions: DataFrames in, DataFrames out; ``as_of`` explicit.

Tie strength (0-1) follows Granovetter's ingredients, each scaled to 0-1:

==============  ======  ====================================================
component       weight  measure
==============  ======  ====================================================
recency         0.35    ``exp(-days_since / 180)`` (half a year ~ a third left)
frequency       0.30    ``log1p(n_365) / log1p(52)`` capped at 1 (weekly = 1)
reciprocity     0.10    ``1 - |2r - 1|`` where r is the share the contact started
duration        0.10    years since the first exchange / 5, capped at 1
services        0.15    ``log1p(give + take) / log1p(10)`` capped at 1
==============  ======  ====================================================

>>> import pandas as pd
>>> c = pd.DataFrame({"contact_id": [1, 2], "connected_on": pd.to_datetime(["2020-01-01", "2020-01-01"]),
...                   "circle": ["", ""]})
>>> i = pd.DataFrame({"contact_id": [1, 1], "date": pd.to_datetime(["2024-05-01", "2024-05-20"]),
...                   "direction": ["inbound", "outbound"], "kind": ["catch-up", "support-given"]})
>>> t = measure_ties(c, i, as_of="2024-06-01")
>>> int(t.loc[1, "n_365"]), float(t.loc[1, "reciprocity"]), int(t.loc[2, "n_365"])
(2, 0.5, 0)
>>> bool(t.loc[1, "tie_strength"] > t.loc[2, "tie_strength"])
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import CIRCLES, DIRECTIONAL_GIVE_KINDS, DUNBAR_SIZES, GIVE_KINDS, TAKE_KINDS

WEIGHTS = {"recency": 0.35, "frequency": 0.30, "reciprocity": 0.10, "duration": 0.10, "services": 0.15}

TIE_COLUMNS = [
    "first_contact",
    "last_contact",
    "days_since",
    "n_total",
    "n_90",
    "n_365",
    "inbound",
    "outbound",
    "reciprocity",
    "give",
    "take",
    "duration_days",
    "tie_strength",
]


def measure_ties(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """One row per contact (indexed by ``contact_id``) with recency, frequency, reciprocity,
    give/take and a 0-1 ``tie_strength``.

    ``days_since`` counts from the last exchange, or from ``connected_on`` for contacts
    never contacted (NaN when neither is known). Interactions after ``as_of`` are ignored.
    ``reciprocity`` is the share of exchanges the contact started (mutual counts half);
    NaN with no exchanges.
    """
    as_of = pd.Timestamp(as_of).normalize()
    ids = pd.Index(contacts["contact_id"].astype("int64"), name="contact_id")
    inter = interactions.loc[interactions["date"] <= as_of] if len(interactions) else interactions
    inter = inter.loc[inter["contact_id"].isin(ids)] if len(inter) else inter
    age = (as_of - inter["date"]).dt.days if len(inter) else pd.Series(dtype="float64")
    direction = inter["direction"] if len(inter) else pd.Series(dtype=object)
    kind = inter["kind"] if len(inter) else pd.Series(dtype=object)
    gives = kind.isin(GIVE_KINDS) | (kind.isin(DIRECTIONAL_GIVE_KINDS) & (direction == "outbound"))
    takes = kind.isin(TAKE_KINDS) | (kind.isin(DIRECTIONAL_GIVE_KINDS) & (direction == "inbound"))
    parts = pd.DataFrame(
        {
            "contact_id": inter["contact_id"].astype("int64") if len(inter) else pd.Series(dtype="int64"),
            "date": inter["date"] if len(inter) else pd.Series(dtype="datetime64[ns]"),
            "one": 1,
            "in90": (age <= 90).astype(int),
            "in365": (age <= 365).astype(int),
            "inbound": (direction == "inbound").astype(float) + 0.5 * (direction == "mutual"),
            "outbound": (direction == "outbound").astype(float) + 0.5 * (direction == "mutual"),
            "give": gives.astype(int),
            "take": takes.astype(int),
        }
    )
    agg = parts.groupby("contact_id").agg(
        first_contact=("date", "min"),
        last_contact=("date", "max"),
        n_total=("one", "sum"),
        n_90=("in90", "sum"),
        n_365=("in365", "sum"),
        inbound=("inbound", "sum"),
        outbound=("outbound", "sum"),
        give=("give", "sum"),
        take=("take", "sum"),
    )
    out = agg.reindex(ids)
    counts = ["n_total", "n_90", "n_365", "give", "take"]
    out[counts] = out[counts].fillna(0).astype("int64")
    out[["inbound", "outbound"]] = out[["inbound", "outbound"]].fillna(0.0)
    connected = pd.Series(pd.to_datetime(contacts["connected_on"]).to_numpy(), index=ids)
    reference = out["last_contact"].fillna(connected.where(connected <= as_of))
    out["days_since"] = (as_of - reference).dt.days.astype("float64")
    total = out["inbound"] + out["outbound"]
    out["reciprocity"] = (out["inbound"] / total).where(total > 0)
    out["duration_days"] = (out["last_contact"] - out["first_contact"]).dt.days.fillna(0).astype("float64")
    out["tie_strength"] = score_ties(out)
    return out[TIE_COLUMNS]


def score_ties(ties: pd.DataFrame) -> pd.Series:
    """Combine the components of :func:`measure_ties` into a 0-1 tie strength (see module table).

    >>> t = pd.DataFrame({"days_since": [0.0], "n_365": [52], "reciprocity": [0.5],
    ...                   "duration_days": [2000.0], "give": [5], "take": [5], "last_contact": [pd.Timestamp(0)]})
    >>> round(float(score_ties(t).iloc[0]), 2)
    1.0
    """
    contacted = ties["last_contact"].notna()
    recency = np.exp(-ties["days_since"].fillna(1e6).clip(lower=0) / 180.0).where(contacted, 0.0)
    frequency = (np.log1p(ties["n_365"]) / np.log1p(52)).clip(upper=1.0)
    reciprocity = (1 - (2 * ties["reciprocity"] - 1).abs()).fillna(0.0)
    duration = (ties["duration_days"] / (5 * 365)).clip(upper=1.0)
    services = (np.log1p(ties["give"] + ties["take"]) / np.log1p(10)).clip(upper=1.0)
    score = (
        WEIGHTS["recency"] * recency
        + WEIGHTS["frequency"] * frequency
        + WEIGHTS["reciprocity"] * reciprocity
        + WEIGHTS["duration"] * duration
        + WEIGHTS["services"] * services
    )
    return score.clip(0.0, 1.0).astype("float64")


#: Minimum evidence a contact needs to be inferred into a layer (so a tiny network is not
#: padded with strangers): (max days since last exchange, min exchanges in the last year).
CIRCLE_ELIGIBILITY = {"inner": (30, 6), "close": (90, 3), "active": (365, 1), "meaningful": (1094, 0)}


def assign_circles(contacts: pd.DataFrame, ties: pd.DataFrame) -> pd.Series:
    """Each contact's circle: the person's own choice wins, otherwise inferred.

    Inference ranks contacts by tie strength and fills the Dunbar layers in order
    (inner 5, close 10 more, active 35 more, meaningful 100 more; the rest are
    acquaintances), counting places already taken by circles the person set, and only
    with enough evidence (:data:`CIRCLE_ELIGIBILITY`): e.g. inner needs an exchange in
    the last 30 days and at least 6 in the last year; meaningful, any exchange in the
    last three years.

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "circle": ["", "close", ""],
    ...                   "connected_on": pd.to_datetime(["2020-01-01"] * 3)})
    >>> i = pd.DataFrame({"contact_id": [1] * 8, "date": pd.date_range("2024-05-01", periods=8, freq="4D"),
    ...                   "direction": "mutual", "kind": "catch-up"})
    >>> assign_circles(c, measure_ties(c, i, as_of="2024-06-01")).tolist()
    ['inner', 'close', 'acquaintance']
    """
    ids = contacts["contact_id"].astype("int64").to_numpy()
    chosen = pd.Series(contacts["circle"].fillna("").astype(str).to_numpy(), index=pd.Index(ids, name="contact_id"))
    t = ties.reindex(chosen.index)
    result = chosen.where(chosen.isin(CIRCLES), "")
    free = result == ""
    order = t["tie_strength"].fillna(0).sort_values(ascending=False, kind="stable").index
    previous = 0
    for layer, cumulative in DUNBAR_SIZES.items():
        max_days, min_n = CIRCLE_ELIGIBILITY[layer]
        capacity = max(0, cumulative - previous - int((chosen == layer).sum()))
        eligible = (
            (result == "")
            & (t["days_since"] <= max_days).fillna(False)
            & (t["n_365"].fillna(0) >= min_n)
            & t["last_contact"].notna()
        ).reindex(order)
        picks = eligible.index[eligible.to_numpy()][:capacity]
        result.loc[picks] = layer
        previous = cumulative
    result = result.where(result != "", "acquaintance")
    return result.rename("circle")


def cadence_for(circles: pd.Series, overrides: pd.Series | None = None, cadence: dict | None = None) -> pd.Series:
    """Days between contacts each tie deserves: the per-contact override, else the circle's default.

    Acquaintances have no cadence (``<NA>``).

    >>> cadence_for(pd.Series(["inner", "acquaintance"])).tolist()
    [7, <NA>]
    """
    from .schema import DEFAULT_CADENCE

    table = {**DEFAULT_CADENCE, **(cadence or {})}
    base = circles.map(table).astype("Int64")
    if overrides is not None:
        base = pd.Series(overrides.to_numpy(), index=circles.index).astype("Int64").fillna(base)
    return base.rename("cadence_days")
