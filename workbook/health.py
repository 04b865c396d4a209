"""Relationship health: recency, frequency, reciprocity, give and take, a status and a weekly plan.

Pure functions: DataFrames in, DataFrames out, ``as_of`` explicit, inputs never mutated.
Tie measures come from :func:`workbook.ties.measure_ties`, circles from
:func:`workbook.ties.assign_circles` (a circle the person set wins) and cadence from
:func:`workbook.ties.cadence_for` (a per-contact ``cadence_days`` wins over the circle's default:
inner 7, close 30, active 90, meaningful 365 days; acquaintances have none). Archived contacts
are left out. Dates count in whole days.

**Status.** ``d`` is the days since the last exchange, or since ``connected_on`` for a contact never
contacted; ``c`` the cadence. The first rule that matches wins:

1. ``dormant``  d >= 1095 (three years out of touch, after Levin, Walter & Murnighan 2011);
2. ``new``      connected 0-30 days ago with at most one exchange (a new tie has no rhythm yet,
   so it is not "cooling"; a three-year silence still makes a reconnection ``dormant``);
3. ``steady``   no cadence (acquaintances), whatever ``d`` is under three years;
4. ``at-risk``  a cadence but no date at all to count from (never contacted, connected date unknown);
5. ``thriving`` d <= c and the exchange is *frequent* (in the last 365 days at least half the
   exchanges the cadence asks for, ``n_365 >= 365 / (2c)``, and at least 2) and *reciprocal*
   (the contact started between 25% and 75% of all exchanges; mutual ones count half);
6. ``steady``   d <= c otherwise;
7. ``cooling``  c < d <= 2c;
8. ``at-risk``  d > 2c.

**Score** (0-100, one decimal), relative to what the tie deserves (``h`` = cadence, 365 without one):

==============  ======  =============================================================
component       weight  measure (each 0-1)
==============  ======  =============================================================
recency         50      ``0.5 ** (d / h)``: half marks at the cadence, 0 without a date
frequency       25      ``min(1, n_365 * h / 365)``: the exchanges a year the cadence asks for
reciprocity     15      ``1 - |2r - 1|``: 1 when both sides start half the exchanges
exchange        10      ``min(1, (give + take) / 4)``: favours given or received
==============  ======  =============================================================

Only recency depends on ``d``, so the score never rises as a tie goes longer without contact.

>>> import pandas as pd
>>> contacts = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "Grace"],
...                          "connected_on": pd.to_datetime(["2020-01-01", "2026-09-20"]),
...                          "circle": ["close", ""], "cadence_days": pd.array([None, None], dtype="Int64")})
>>> inter = pd.DataFrame({"contact_id": [1, 1], "date": pd.to_datetime(["2026-08-01", "2026-09-01"]),
...                       "direction": ["inbound", "outbound"], "kind": ["catch-up", "support-given"]})
>>> h = assess(contacts, inter, as_of="2026-10-01")
>>> float(h.loc[1, "days_since"]), int(h.loc[1, "cadence_days"]), h.loc[1, "status"]
(30.0, 30, 'steady')
>>> h.loc[2, "status"]
'new'
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from .schema import CIRCLES, DEFAULT_CADENCE, DORMANT_DAYS
from .ties import (
    _DIRECTION_CODES,
    _KIND_CODES,
    _NEUTRAL,
    _OTHER,
    _chosen_circles,
    _fill,
    _fill_layers,
    _positions,
    _reciprocity,
    _strength,
    _tally,
    _text_codes,
)

__all__ = [
    "STATUSES",
    "HEALTH_COLUMNS",
    "assess",
    "classify_status",
    "score_health",
    "month_ends",
    "health_over_time",
    "summarise_over_time",
    "monthly_interactions",
    "count_statuses",
    "describe_contact",
    "rate_seniority",
    "rank_dormant",
    "find_contacts",
    "weekly_plan",
    "plan_records",
    "plan_to_ics",
    "plan_to_checklist",
]

#: Statuses from healthiest to most faded (the order charts and legends use).
STATUSES = ("thriving", "steady", "new", "cooling", "at-risk", "dormant")
#: A contact connected this many days ago or less, with at most ``NEW_MAX_EXCHANGES``, is new.
NEW_DAYS = 30
NEW_MAX_EXCHANGES = 1
#: Reciprocity band (share of exchanges the contact started) that counts as reciprocal.
RECIPROCAL = (0.25, 0.75)
#: Thriving also needs at least this many exchanges in the last year.
THRIVING_MIN_EXCHANGES = 2
SCORE_WEIGHTS = {"recency": 50.0, "frequency": 25.0, "reciprocity": 15.0, "exchange": 10.0}
#: Horizon (days) used for recency and frequency when a tie has no cadence.
NO_CADENCE_HORIZON = 365
#: Favours (given + received) that earn full marks for exchange.
FULL_EXCHANGE = 4

HEALTH_COLUMNS = [
    "full_name",
    "circle",
    "cadence_days",
    "last_contact",
    "days_since",
    "n_90",
    "n_365",
    "n_total",
    "reciprocity",
    "give",
    "take",
    "balance",
    "overdue_days",
    "tie_strength",
    "score",
    "status",
]

_INT_MIN = np.iinfo(np.int64).min  # NaT as an integer
_INT_MAX = np.iinfo(np.int64).max


# ----------------------------------------------------------------------------- preparing inputs


def _day_number(when: Any) -> int:
    """Days since 1970-01-01 of a date (the unit every count here works in)."""
    return int(np.datetime64(pd.Timestamp(when).date(), "D").astype(np.int64))


def _prepare_contacts(contacts: pd.DataFrame) -> dict[str, np.ndarray]:
    """What health needs of each non-archived contact, as arrays: ``ids``, ``full_name``,
    ``connected`` (day number, NaN when unknown), ``chosen`` circle code (-1 for none) and
    ``override`` cadence (NaN for none)."""
    c = contacts
    if "archived" in c.columns:
        c = c.loc[~c["archived"].fillna(False).astype(bool).to_numpy()]
    n = len(c)
    if "connected_on" in c.columns:
        day = pd.to_datetime(c["connected_on"]).to_numpy().astype("datetime64[D]")
        connected = np.where(np.isnat(day), np.nan, day.astype(np.int64).astype("float64"))
    else:
        connected = np.full(n, np.nan)
    return {
        "ids": pd.Index(c["contact_id"].astype("int64").to_numpy(), name="contact_id"),
        "full_name": c["full_name"].astype(object).fillna("").to_numpy() if "full_name" in c else np.full(n, ""),
        "connected": connected,
        "chosen": _chosen_circles(c["circle"].astype(object)) if "circle" in c else np.full(n, -1),
        "override": (pd.array(c["cadence_days"], dtype="Int64").to_numpy(dtype="float64", na_value=np.nan)
                     if "cadence_days" in c else np.full(n, np.nan)),
    }


def _interaction_arrays(interactions: pd.DataFrame | None, ids: pd.Index, *, until: int
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Interactions of these contacts up to day number ``until``, as arrays: the contact's position
    in ``ids``, the day number, and direction and kind codes (see :func:`workbook.ties._tally`)."""
    if interactions is None or len(interactions) == 0:
        none = np.array([], dtype=np.int64)
        return none, none, none.astype(np.int8), none.astype(np.int8)
    # Bare arrays and integer days: masking the frame would copy its note and source text too.
    day = pd.to_datetime(interactions["date"]).to_numpy().astype("datetime64[D]")
    pos = _positions(ids, interactions["contact_id"].to_numpy())
    keep = (pos >= 0) & (day <= np.datetime64(until, "D"))  # NaT compares False: dropped
    direction = _text_codes(interactions["direction"], _DIRECTION_CODES, _OTHER)
    kind = _text_codes(interactions["kind"], _KIND_CODES, _NEUTRAL)
    day = day.view(np.int64)
    if not keep.all():
        pos, day, direction, kind = pos[keep], day[keep], direction[keep], kind[keep]
    return pos.astype(np.int64, copy=False), day, direction, kind


def _cadence_table(settings: dict | None) -> dict[str, int]:
    table = dict(DEFAULT_CADENCE)
    for circle, days in ((settings or {}).get("cadence") or {}).items():
        if circle in table and days is not None:
            table[circle] = int(days)
    return table


def _cadence(circle: np.ndarray, override: np.ndarray, settings: dict | None) -> np.ndarray:
    """:func:`workbook.ties.cadence_for` on codes: the override, else the circle's days (NaN for none)."""
    table = _cadence_table(settings)
    by_circle = np.array([table.get(name, np.nan) for name in CIRCLES], dtype="float64")[circle]
    return np.where(np.isnan(override), by_circle, override)


def _dates(day: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Day numbers as ``datetime64[ns]``, NaT where not ``known``."""
    ns = np.where(known, day * np.int64(86_400_000_000_000), _INT_MIN)
    return ns.view("datetime64[ns]")


# ----------------------------------------------------------------------------- score and status


def _score(days_since: np.ndarray, cadence: np.ndarray, n_365: np.ndarray, reciprocity: np.ndarray,
           favours: np.ndarray) -> np.ndarray:
    """:func:`score_health` on float arrays (``cadence`` NaN where none, ``favours`` = give + take)."""
    horizon = np.where(np.isnan(cadence), float(NO_CADENCE_HORIZON), cadence)
    with np.errstate(invalid="ignore"):
        recency = _fill(np.power(0.5, np.maximum(days_since, 0) / horizon), 0.0)
        frequency = np.minimum(n_365 * horizon / 365.0, 1.0)
        balance = _fill(1 - np.abs(2 * reciprocity - 1), 0.0)
        exchange = np.minimum(favours / FULL_EXCHANGE, 1.0)
    w = SCORE_WEIGHTS
    score = w["recency"] * recency + w["frequency"] * frequency + w["reciprocity"] * balance + w["exchange"] * exchange
    return np.round(np.clip(score, 0.0, 100.0), 1)


def score_health(frame: pd.DataFrame) -> pd.Series:
    """The 0-100 health score of each row (see the module table).

    Needs ``days_since``, ``cadence_days``, ``n_365``, ``reciprocity``, ``give`` and ``take``.

    >>> f = pd.DataFrame({"days_since": [0.0, 30.0, None], "cadence_days": [30, 30, 30], "n_365": [13, 13, 0],
    ...                   "reciprocity": [0.5, 0.5, None], "give": [2, 2, 0], "take": [2, 2, 0]})
    >>> score_health(f).tolist()
    [100.0, 75.0, 0.0]
    """
    def values(column: str) -> np.ndarray:
        return pd.to_numeric(frame[column], errors="coerce").astype("float64").to_numpy()

    score = _score(values("days_since"), values("cadence_days"), frame["n_365"].astype("float64").to_numpy(),
                   frame["reciprocity"].astype("float64").to_numpy(),
                   (frame["give"] + frame["take"]).astype("float64").to_numpy())
    return pd.Series(score, index=frame.index, name="score")


def _status(days_since: np.ndarray, cadence: np.ndarray, n_365: np.ndarray, n_total: np.ndarray,
            reciprocity: np.ndarray, days_connected: np.ndarray) -> np.ndarray:
    """:func:`classify_status` on float arrays: codes into :data:`STATUSES`."""
    d, c = days_since, cadence
    with np.errstate(invalid="ignore", divide="ignore"):
        frequent = (n_365 * 2 * c >= 365) & (n_365 >= THRIVING_MIN_EXCHANGES)
        reciprocal = (reciprocity >= RECIPROCAL[0]) & (reciprocity <= RECIPROCAL[1])
        rules = [
            d >= DORMANT_DAYS,
            (days_connected >= 0) & (days_connected <= NEW_DAYS) & (n_total <= NEW_MAX_EXCHANGES),
            np.isnan(c),
            np.isnan(d),
            (d <= c) & frequent & reciprocal,
            d <= c,
            d <= 2 * c,
        ]
    outcome = ["dormant", "new", "steady", "at-risk", "thriving", "steady", "cooling"]
    return np.select(rules, [STATUSES.index(s) for s in outcome], default=STATUSES.index("at-risk"))


def classify_status(frame: pd.DataFrame) -> pd.Series:
    """Each row's status by the rules in the module docstring (first match wins).

    Needs ``days_since``, ``cadence_days``, ``n_365``, ``n_total``, ``reciprocity`` and
    ``days_connected`` (days since ``connected_on``, NaN when unknown).

    >>> f = pd.DataFrame({"days_since": [30.0, 31.0, 61.0, 1095.0, 5.0], "cadence_days": [30, 30, 30, 30, None],
    ...                   "n_365": [12, 12, 12, 0, 0], "n_total": [12, 12, 12, 1, 0],
    ...                   "reciprocity": [0.5, 0.5, 0.5, 0.0, None], "days_connected": [900.0] * 4 + [5.0]})
    >>> classify_status(f).tolist()
    ['thriving', 'cooling', 'at-risk', 'dormant', 'new']
    """
    def values(column: str) -> np.ndarray:
        return pd.to_numeric(frame[column], errors="coerce").astype("float64").to_numpy()

    codes = _status(values("days_since"), values("cadence_days"), frame["n_365"].astype("float64").to_numpy(),
                    frame["n_total"].astype("float64").to_numpy(), frame["reciprocity"].astype("float64").to_numpy(),
                    values("days_connected"))
    return pd.Series(pd.Categorical.from_codes(codes, categories=STATUSES), index=frame.index, name="status")


def _health_columns(m: dict[str, np.ndarray], circle: np.ndarray, cadence: np.ndarray,
                    days_connected: np.ndarray) -> dict[str, Any]:
    """The columns of :data:`HEALTH_COLUMNS` (but full_name) from measured ties, flattened.

    Shared by :func:`assess` (one row per contact) and :func:`health_over_time` (month x contact).
    """
    score = _score(m["days_since"], cadence, m["n_365"].astype("float64"), m["reciprocity"],
                   (m["give"] + m["take"]).astype("float64"))
    status = _status(m["days_since"], cadence, m["n_365"], m["n_total"], m["reciprocity"], days_connected)
    known = ~np.isnan(cadence)
    return {
        "circle": pd.Categorical.from_codes(circle.ravel(), categories=CIRCLES),
        "cadence_days": pd.arrays.IntegerArray(np.where(known, cadence, 0).astype("int64").ravel(),
                                               ~known.ravel()),
        "last_contact": _dates(m["last"], m["contacted"]).ravel(),
        "days_since": m["days_since"].ravel(),
        "n_90": m["n_90"].astype("int64").ravel(),
        "n_365": m["n_365"].astype("int64").ravel(),
        "n_total": m["n_total"].astype("int64").ravel(),
        "reciprocity": m["reciprocity"].ravel(),
        "give": m["give"].astype("int64").ravel(),
        "take": m["take"].astype("int64").ravel(),
        "balance": (m["give"] - m["take"]).astype("int64").ravel(),
        "overdue_days": np.maximum(m["days_since"] - cadence, 0).ravel(),
        "tie_strength": m["tie_strength"].ravel(),
        "score": score.ravel(),
        "status": pd.Categorical.from_codes(status.ravel(), categories=STATUSES),
    }


def _measure(t: dict[str, np.ndarray], today: np.ndarray, connected: np.ndarray) -> dict[str, np.ndarray]:
    """Days since, reciprocity and tie strength from :func:`workbook.ties._tally` sums (in day numbers),
    as :func:`workbook.ties.measure_ties` computes them."""
    contacted = t["n_total"] > 0
    days_connected = today - connected
    days_since = np.where(contacted, today - t["last"], np.where(days_connected >= 0, days_connected, np.nan))
    reciprocity = _reciprocity(t["inbound"], t["outbound"])
    duration = np.where(contacted, t["last"] - t["first"], 0).astype("float64")
    strength = _strength(days_since, t["n_365"], reciprocity, duration, t["give"], t["take"], contacted)
    return {**t, "contacted": contacted, "days_since": days_since, "reciprocity": reciprocity,
            "tie_strength": strength, "days_connected": days_connected}


def assess(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of: Any,
           settings: dict | None = None) -> pd.DataFrame:
    """Health of every (non-archived) contact, indexed by ``contact_id``.

    Columns (:data:`HEALTH_COLUMNS`): full_name, circle (categorical), cadence_days (Int64,
    <NA> for acquaintances), last_contact, days_since, n_90, n_365, n_total, reciprocity (share
    the contact started), give, take, balance (give - take), overdue_days (days past the cadence,
    NaN without one), tie_strength (0-1), score (0-100) and status (categorical of
    :data:`STATUSES`). ``settings`` is ``book.settings()``; its ``cadence`` overrides the defaults.

    >>> c = pd.DataFrame({"contact_id": [7], "full_name": ["Ada"], "connected_on": [pd.NaT], "circle": ["inner"]})
    >>> i = pd.DataFrame({"contact_id": [7], "date": [pd.Timestamp("2026-09-01")], "direction": ["mutual"],
    ...                   "kind": ["catch-up"]})
    >>> h = assess(c, i, as_of="2026-09-10", settings={"cadence": {"inner": 14}})
    >>> int(h.loc[7, "cadence_days"]), h.loc[7, "status"]
    (14, 'steady')
    """
    # The same measures as measure_ties -> assign_circles -> cadence_for, computed once on arrays
    # in whole days, and one DataFrame built at the end.
    today = _day_number(as_of)
    people = _prepare_contacts(contacts)
    ids = people["ids"]
    pos, day, direction, kind = _interaction_arrays(interactions, ids, until=today)
    m = _measure(_tally(pos, len(ids), day, direction, kind, as_of=today, per_day=1), np.float64(today),
                 people["connected"])
    circle = _fill_layers(people["chosen"], m["tie_strength"], m["days_since"], m["n_365"], m["contacted"])
    cadence = _cadence(circle, people["override"], settings)
    columns = _health_columns(m, circle, cadence, m["days_connected"])
    return pd.DataFrame({"full_name": people["full_name"], **columns}, index=ids)[HEALTH_COLUMNS]


# ----------------------------------------------------------------------------- health over time


def month_ends(as_of: Any, months: int = 24) -> pd.DatetimeIndex:
    """The last ``months`` month ends on or before ``as_of``, oldest first.

    >>> [d.strftime("%Y-%m-%d") for d in month_ends("2026-10-15", 3)]
    ['2026-07-31', '2026-08-31', '2026-09-30']
    """
    if int(months) < 1:
        raise ValueError("months must be at least 1.")
    ends = pd.date_range(end=pd.Timestamp(as_of).normalize(), periods=int(months), freq="ME")
    return pd.DatetimeIndex(ends.astype("datetime64[ns]"), name="month")


def _running_total(a: np.ndarray) -> np.ndarray:
    """Cumulative sum down the first axis, in place (``cumsum(axis=0)`` strides through memory: slower)."""
    for k in range(1, len(a)):
        a[k] += a[k - 1]
    return a


def health_over_time(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of: Any, months: int = 24,
                     settings: dict | None = None) -> pd.DataFrame:
    """The measures of :func:`assess` at each of the last ``months`` month ends, in one vectorised pass.

    One row per (month, contact): columns ``month``, ``contact_id``, the columns of
    :data:`HEALTH_COLUMNS` except ``full_name``, and ``in_network`` (False while a contact was
    not yet connected and never contacted). Row for month ``m`` equals ``assess(..., as_of=m)``:
    each count is a cumulative sum over day buckets cut at the month ends (and 90 and 365 days
    before them), and circles are filled layer by layer for all months at once.

    >>> c = pd.DataFrame({"contact_id": [1], "connected_on": pd.to_datetime(["2026-01-10"]), "circle": [""]})
    >>> i = pd.DataFrame({"contact_id": [1], "date": pd.to_datetime(["2026-02-14"]), "direction": ["inbound"],
    ...                   "kind": ["catch-up"]})
    >>> h = health_over_time(c, i, as_of="2026-04-15", months=3)
    >>> h[["days_since", "n_total", "status"]].astype(str).agg(" ".join, axis=1).tolist()
    ['21.0 0 new', '14.0 1 steady', '45.0 1 steady']
    """
    ends = month_ends(as_of, months)
    end_day = ends.to_numpy().astype("datetime64[D]").astype(np.int64)
    people = _prepare_contacts(contacts)
    ids = people["ids"]
    n, m = len(ids), len(ends)
    pos, day, direction, kind = _interaction_arrays(interactions, ids, until=int(end_day[-1]))

    # Counts up to any day are cumulative sums over day buckets, so all month ends come from one
    # bincount per measure instead of one pass per month. Rows are months, columns contacts.
    edges = np.unique(np.concatenate([end_day, end_day - 91, end_day - 366]))
    bucket = np.searchsorted(edges, day)  # rows in bucket b are counted from edges[b] on
    upto = _running_total(np.bincount(bucket * n + pos, minlength=len(edges) * n).reshape(len(edges), n))

    def counted_by(offset: int) -> np.ndarray:  # exchanges on or before each month end minus offset
        return upto[np.searchsorted(edges, end_day - offset)]

    month = np.searchsorted(end_day, day)
    cell = month * n + pos
    sides = _running_total(np.bincount(cell * 4 + direction, minlength=m * n * 4).reshape(m, n, 4))
    # Kind classes as in workbook.ties._KIND_CODES: 1 given, 2 received, 3 either by direction.
    gives = (kind == 1) | ((kind == 3) & (direction == _DIRECTION_CODES["outbound"]))
    takes = (kind == 2) | ((kind == 3) & (direction == _DIRECTION_CODES["inbound"]))
    last = np.full(m * n, _INT_MIN)
    np.maximum.at(last, cell, day)
    first = np.full(n, _INT_MAX)
    np.minimum.at(first, pos, day)
    n_total = counted_by(0)
    tally = {
        "n_total": n_total,
        "n_90": n_total - counted_by(91),
        "n_365": n_total - counted_by(366),
        "inbound": sides[..., 0] + 0.5 * sides[..., 2],
        "outbound": sides[..., 1] + 0.5 * sides[..., 2],
        "give": _running_total(np.bincount(cell[gives], minlength=m * n).reshape(m, n)),
        "take": _running_total(np.bincount(cell[takes], minlength=m * n).reshape(m, n)),
        "first": np.broadcast_to(first, (m, n)),
        "last": np.maximum.accumulate(last.reshape(m, n), axis=0),
    }
    measured = _measure(tally, end_day[:, None].astype("float64"), people["connected"])
    circle = _fill_layers(people["chosen"], measured["tie_strength"], measured["days_since"], measured["n_365"],
                          measured["contacted"])
    cadence = _cadence(circle, people["override"], settings)
    columns = _health_columns(measured, circle, cadence, measured["days_connected"])
    in_network = measured["contacted"] | ~(measured["days_connected"] < 0)
    return pd.DataFrame({"month": np.repeat(ends.to_numpy(), n), "contact_id": np.tile(ids.to_numpy(), m),
                         **columns, "in_network": in_network.ravel()})


def summarise_over_time(history: pd.DataFrame, *, circles: pd.Series | None = None) -> pd.DataFrame:
    """Per month and circle: contacts in the network, mean score and how many are in each status.

    ``circles`` (contact_id -> circle, e.g. today's ``assess(...)["circle"]``) groups by the
    contact's current circle, to follow today's inner circle back in time; by default each
    month's own circle is used. A row with circle ``"all"`` covers everyone.

    >>> hist = pd.DataFrame({"month": pd.to_datetime(["2026-01-31"] * 2), "contact_id": [1, 2],
    ...                      "circle": ["inner", "close"], "score": [80.0, 40.0],
    ...                      "status": ["thriving", "cooling"], "in_network": [True, True]})
    >>> summarise_over_time(hist).query("circle == 'all'")[["contacts", "mean_score", "cooling"]].to_dict("records")
    [{'contacts': 2, 'mean_score': 60.0, 'cooling': 1}]
    """
    keep = history["in_network"].to_numpy(dtype=bool)
    groups = ("all", *CIRCLES)

    def codes(values: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
        # Categoricals with the right categories give their codes for free (720,000 rows at 30k x 24).
        if isinstance(values.dtype, pd.CategoricalDtype) and tuple(values.cat.categories) == categories:
            return values.cat.codes.to_numpy()
        return pd.Categorical(values.astype(object), categories=categories).codes

    if circles is not None:
        fallback = groups.index("acquaintance")
        own = pd.Series(codes(circles, groups), index=circles.index)
        own = own.where(own > 0, fallback)  # unknown circles count as acquaintances
        group = history["contact_id"].map(own).fillna(fallback).to_numpy().astype(np.int64)[keep]
    else:
        group = codes(history["circle"], CIRCLES).astype(np.int64)[keep] + 1
    status = codes(history["status"], STATUSES)[keep]
    months, month = np.unique(history["month"].to_numpy()[keep], return_inverse=True)
    score = history["score"].to_numpy(dtype="float64")[keep]
    n_groups, n_status = len(groups), len(STATUSES)
    # Each row counts for its own circle and for "all" (code 0): one bincount per measure.
    cell = np.concatenate([month * n_groups + group, month * n_groups])
    size = len(months) * n_groups
    contacts = np.bincount(cell, minlength=size)
    total = np.bincount(cell, weights=np.concatenate([score, score]), minlength=size)
    by_status = np.bincount(cell * n_status + np.concatenate([status, status]), minlength=size * n_status)
    by_status = by_status.reshape(size, n_status)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.round(total / contacts, 1)
    out = pd.DataFrame({"month": np.repeat(months, n_groups), "circle": np.tile(np.array(groups, dtype=object),
                                                                                   len(months)),
                        "contacts": contacts.astype("int64"), "mean_score": mean})
    for k, name in enumerate(STATUSES):
        out[name] = by_status[:, k].astype("int64")
    return out.loc[out["contacts"].to_numpy() > 0].reset_index(drop=True)


def monthly_interactions(interactions: pd.DataFrame, *, as_of: Any, months: int = 24,
                         contact_ids: Any = None, top: int = 30) -> pd.DataFrame:
    """Interactions per contact per month over the last ``months`` month ends (plus the month in
    progress when ``as_of`` is not a month end).

    Rows are ``contact_ids`` when given, else the ``top`` contacts with the most interactions in
    the window (most first, ties by id); columns are month-end dates. Missing months are 0.

    >>> i = pd.DataFrame({"contact_id": [1, 1, 2], "date": pd.to_datetime(["2026-08-03", "2026-09-09", "2026-09-10"])})
    >>> monthly_interactions(i, as_of="2026-09-30", months=2).values.tolist()
    [[1, 1], [0, 1]]
    """
    as_of = pd.Timestamp(as_of).normalize()
    ends = month_ends(as_of, months)
    if as_of > ends[-1]:  # the month in progress counts too
        ends = ends.append(pd.DatetimeIndex([(as_of + pd.offsets.MonthEnd(0)).normalize()], name="month"))
    day = pd.to_datetime(interactions["date"]).to_numpy().astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    first = ends[0].to_datetime64().astype("datetime64[M]")
    keep = (month >= first) & (day <= np.datetime64(as_of.date(), "D"))
    contact = interactions["contact_id"].to_numpy().astype("int64")[keep]
    column = (month[keep] - first).astype("int64")
    if contact_ids is not None:
        rows = pd.Index(pd.Series(list(contact_ids), dtype="int64"), name="contact_id")
    else:
        totals = pd.Series(contact).value_counts()
        totals = totals.rename_axis("contact_id").reset_index(name="n").sort_values(
            ["n", "contact_id"], ascending=[False, True], kind="stable")
        rows = pd.Index(totals["contact_id"].head(int(top)).to_numpy(), name="contact_id")
    row = rows.get_indexer(contact)
    inside = row >= 0
    matrix = np.zeros((len(rows), len(ends)), dtype=np.int64)
    np.add.at(matrix, (row[inside], column[inside]), 1)
    return pd.DataFrame(matrix, index=rows, columns=pd.DatetimeIndex(ends.to_numpy(), name="month"))


def count_statuses(health: pd.DataFrame) -> dict[str, int]:
    """How many contacts are in each status, in :data:`STATUSES` order (zeros included).

    >>> count_statuses(pd.DataFrame({"status": ["new", "new", "dormant"]}))["new"]
    2
    """
    counts = health["status"].astype(object).value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def describe_contact(health: pd.DataFrame, contact_id: int) -> dict[str, Any]:
    """One contact's health as plain values (for widgets): name, circle, cadence, days since, score, status.

    >>> h = pd.DataFrame({"full_name": ["Ada"], "circle": ["inner"], "cadence_days": pd.array([7], dtype="Int64"),
    ...                   "days_since": [3.0], "score": [88.5], "status": ["steady"]}, index=pd.Index([1]))
    >>> describe_contact(h, 1)["cadence_days"]
    7
    """
    row = health.loc[int(contact_id)]
    cadence, days = row["cadence_days"], row["days_since"]
    return {
        "contact_id": int(contact_id), "full_name": str(row["full_name"]), "circle": str(row["circle"]),
        "cadence_days": None if pd.isna(cadence) else int(cadence),
        "days_since": None if pd.isna(days) else int(days),
        "score": float(row["score"]), "status": str(row["status"]),
    }


# ----------------------------------------------------------------------------- dormant ties worth reviving

#: Seniority from a job title: (pattern, level 0-1, label); the first match wins.
SENIORITY_RULES = (
    (r"\b(?:chief|ceo|cto|cfo|coo|cpo|cmo|cio|cdo|founder|co-founder|cofounder|president|partner|"
     r"managing director|headteacher|head teacher|business owner|proprietor)\b", 1.0, "executive"),
    (r"\b(?:vp|svp|evp|vice president|director|head of|head|deputy head)\b", 0.85, "director or head"),
    (r"\b(?:lead|principal|staff|senior manager)\b", 0.6, "lead"),
    (r"\b(?:junior|jr|intern|trainee|apprentice|graduate|assistant|student)\b", 0.15, "junior"),
    (r"\b(?:senior|sr)\b", 0.5, "senior"),
    (r"\b(?:manager)\b", 0.45, "manager"),
)
SENIORITY_DEFAULT = (0.35, "mid-level")
SENIORITY_UNKNOWN = (0.3, "unknown seniority")
REVIVE_WEIGHTS = {"seniority": 40.0, "novelty": 30.0, "relevance": 30.0}


def rate_seniority(positions: pd.Series) -> pd.DataFrame:
    """Seniority (0-1) and its label from job titles, by :data:`SENIORITY_RULES`.

    >>> rate_seniority(pd.Series(["VP Product", "Senior Data Analyst", "Junior Designer", ""])).values.tolist()
    [[0.85, 'director or head'], [0.5, 'senior'], [0.15, 'junior'], [0.3, 'unknown seniority']]
    """
    # Titles repeat a lot: rate each distinct title once.
    codes, uniques = pd.factorize(positions.astype(object).fillna("").astype(str).str.lower().to_numpy())
    text = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    level = np.full(len(text), np.nan)
    label = np.full(len(text), None, dtype=object)
    for pattern, value, name in SENIORITY_RULES:
        hit = text.str.contains(pattern, regex=True).to_numpy(dtype=bool) & np.isnan(level) if len(text) else \
            np.zeros(0, dtype=bool)
        level[hit], label[hit] = value, name
    blank = (text.str.strip() == "").to_numpy(dtype=bool) if len(text) else np.zeros(0, dtype=bool)
    level[blank], label[blank] = SENIORITY_UNKNOWN
    rest = np.isnan(level)
    level[rest], label[rest] = SENIORITY_DEFAULT
    return pd.DataFrame({"seniority": level[codes], "seniority_label": label[codes]}, index=positions.index)


def _needs(goals: pd.DataFrame | None) -> list[tuple[str, str]]:
    """(need, goal title) for every active goal's needs, in goal order."""
    if goals is None or len(goals) == 0:
        return []
    g = goals
    if "status" in g.columns:
        g = g.loc[g["status"].astype(object).fillna("active").eq("active").to_numpy()]
    pairs: list[tuple[str, str]] = []
    for title, needs in zip(g["title"].astype(str), g["needs"].astype(object).fillna("").astype(str)):
        for need in re.split(r"[;,]", needs):
            if need.strip() and need.strip().lower() not in {p[0].lower() for p in pairs}:
                pairs.append((need.strip(), title))
    return pairs


def _need_pattern(need: str) -> list[str]:
    """One regex per word of a need, matching words that start the same way ("manager" ~ "management")."""
    words = [w for w in re.findall(r"[a-z0-9+#]+", need.lower()) if len(w) >= 2]
    return [r"\b" + re.escape(w[:6]) for w in words]


class _Texts:
    """Text values factorised once, so each pattern is tested on every distinct value only once."""

    def __init__(self, values: pd.Series):
        codes, uniques = pd.factorize(values.astype(object).fillna("").astype(str).to_numpy())
        self.codes = codes
        self.text = pd.Series(np.asarray(uniques, dtype=object), dtype=object).str.lower()

    def matching(self, patterns: list[str]) -> np.ndarray:
        """Which values contain every pattern."""
        if len(self.text) == 0:
            return np.zeros(len(self.codes), dtype=bool)
        hit = np.logical_and.reduce([self.text.str.contains(p, regex=True).to_numpy(dtype=bool) for p in patterns])
        return hit[self.codes]


def rank_dormant(health: pd.DataFrame, contacts: pd.DataFrame, *, tags: pd.DataFrame | None = None,
                 goals: pd.DataFrame | None = None, limit: int | None = None) -> pd.DataFrame:
    """Dormant ties ranked by how much reviving them is likely to bring, not by past closeness.

    ``value`` (0-100) = 40 x seniority (from the title, :func:`rate_seniority`) + 30 x novelty
    (1 minus the share of the current, non-dormant network in the contact's industry, relative to
    the largest industry; 0.5 when unknown) + 30 x relevance (``min(1, needs matched / 2)``: a need
    of an active goal matches when the title, company, industry or one of the contact's tags holds
    all its words). Levin, Walter & Murnighan (2011) found reconnected dormant ties give novel,
    useful advice, often more so from senior ties. ``reason`` says why in words; ties in value go to
    the more recently dormant.

    >>> h = pd.DataFrame({"status": ["dormant", "dormant", "steady"], "days_since": [1500.0, 1200.0, 3.0]},
    ...                  index=pd.Index([1, 2, 3], name="contact_id"))
    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada", "Bo", "Cy"],
    ...                   "position": ["Director of Product", "Teacher", "Teacher"],
    ...                   "industry": ["Technology", "Education", "Education"], "company": ["", "", ""]})
    >>> rank_dormant(h, c).index.tolist()
    [1, 2]
    """
    dormant = health.loc[(health["status"].astype(object) == "dormant").to_numpy()]
    columns = ["full_name", "position", "company", "industry", "days_since", "years_dormant", "seniority",
               "seniority_label", "novelty", "relevance", "matched_need", "goal", "value", "reason"]
    if dormant.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="contact_id", dtype="int64"))
    # Only the text columns used below: indexing the whole contacts frame copies every column.
    wanted = [col for col in ("full_name", "position", "company", "industry") if col in contacts.columns]
    c = contacts[wanted].set_index(contacts["contact_id"].astype("int64"))
    c = c.loc[~c.index.duplicated()]
    ids = pd.Index(dormant.index.astype("int64"), name="contact_id")
    info = c.reindex(ids)
    fields = {col: info[col].astype(object).fillna("").astype(str) if col in info.columns
              else pd.Series("", index=ids, dtype=object) for col in ("full_name", "position", "company", "industry")}

    rated = rate_seniority(fields["position"])
    # Novelty: how rare the contact's field is in the network the person keeps up today.
    current = health.index[(health["status"].astype(object) != "dormant").to_numpy()]
    industries = (c["industry"].astype(object).fillna("").astype(str) if "industry" in c.columns
                  else pd.Series("", index=c.index, dtype=object))
    counts = industries.reindex(current).fillna("").value_counts()
    counts = counts.groupby(counts.index.astype(str).str.lower().str.strip()).sum()
    counts = counts[counts.index != ""]
    mix = counts / counts.sum() if len(counts) else counts.astype("float64")
    top_share = float(mix.max()) if len(mix) else 1.0
    key = fields["industry"].str.lower().str.strip()
    share = key.map(mix).astype("float64").fillna(0.0)
    novelty = (1 - share / top_share).clip(0, 1).where(key != "", 0.5)

    # Relevance: needs of active goals found in the title, company, industry or the contact's tags.
    sources = [_Texts(fields[f]) for f in ("position", "company", "industry")]
    tag_ids, tag_texts = None, None
    if tags is not None and len(tags):
        own = tags.loc[tags["contact_id"].isin(ids).to_numpy() & (tags["owner"] == "contact").to_numpy()]
        tag_ids, tag_texts = own["contact_id"].astype("int64").to_numpy(), _Texts(own["text"])
    matched_count = np.zeros(len(ids), dtype=np.int64)
    first_need = np.full(len(ids), "", dtype=object)
    first_goal = np.full(len(ids), "", dtype=object)
    for need, goal in _needs(goals):
        patterns = _need_pattern(need)
        if not patterns:
            continue
        hit = np.logical_or.reduce([src.matching(patterns) for src in sources])
        if tag_ids is not None and len(tag_ids):
            hit |= ids.isin(tag_ids[tag_texts.matching(patterns)])
        fresh = hit & (first_need == "")
        first_need[fresh], first_goal[fresh] = need, goal
        matched_count += hit
    relevance = np.minimum(matched_count / 2.0, 1.0)

    w = REVIVE_WEIGHTS
    value = (w["seniority"] * rated["seniority"].to_numpy() + w["novelty"] * novelty.to_numpy()
             + w["relevance"] * relevance).round(1)
    days = dormant["days_since"].astype("float64").to_numpy()
    # Rank on the numbers, then write reasons only for the rows returned (a few of ~10,000 at scale).
    order = (pd.DataFrame({"value": value, "days_since": days})
             .sort_values(["value", "days_since"], ascending=[False, True], kind="stable").index.to_numpy())
    shown = len(order) if limit is None else len(order[: int(limit)])
    order = order[: max(shown, 1)]  # one row even when none is shown, so the columns get their dtypes
    ids, days, value, relevance = ids[order], days[order], value[order], relevance[order]
    first_need, first_goal = first_need[order], first_goal[order]
    fields = {col: values.iloc[order] for col, values in fields.items()}
    rated, share, key, novelty = rated.iloc[order], share.iloc[order], key.iloc[order], novelty.iloc[order]

    years = pd.Series(np.floor(days / 365.25).astype("int64"), index=ids).astype(str)
    pct = (share * 100).round().astype("int64").astype(str)
    position = fields["position"]
    reason = (
        rated["seniority_label"].str.capitalize()
        + pd.Series(np.where(position != "", " (" + position + ")", ""), index=ids)
        + pd.Series(np.where(key != "", "; works in " + fields["industry"]
                             + np.where(share > 0, ", " + pct + "% of your current network",
                                        ", a field missing from your current network"),
                             "; field unknown"), index=ids)
        + pd.Series(np.where(first_need != "", "; matches your goal need '" + first_need.astype(str) + "'", ""),
                    index=ids)
        + "; last in touch " + years + " years ago"
    )
    out = pd.DataFrame(
        {
            "full_name": fields["full_name"].to_numpy(),
            "position": position.to_numpy(),
            "company": fields["company"].to_numpy(),
            "industry": fields["industry"].to_numpy(),
            "days_since": days,
            "years_dormant": (days / 365.25).round(1),
            "seniority": rated["seniority"].to_numpy(),
            "seniority_label": rated["seniority_label"].to_numpy(),
            "novelty": novelty.round(3).to_numpy(),
            "relevance": relevance,
            "matched_need": first_need,
            "goal": first_goal,
            "value": value,
            "reason": reason.to_numpy(dtype=object),
        },
        index=ids,
    )
    return out.iloc[:shown]


# ----------------------------------------------------------------------------- contact search


def find_contacts(contacts: pd.DataFrame, query: str = "", *, limit: int = 50) -> pd.DataFrame:
    """Contacts whose name, company or email contains ``query`` (case-insensitive), names starting
    with it first, then alphabetical; at most ``limit`` rows (so a picker stays light at 30,000).

    Returns ``contact_id``, ``full_name``, ``company`` and ``label`` (name, and company when known).

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada Byron", "Lin Ada", "Bo"],
    ...                   "company": ["", "Acme", ""], "emails": ["", "", "ada@x.org"]})
    >>> find_contacts(c, "ada")["label"].tolist()
    ['Ada Byron', 'Bo', 'Lin Ada (Acme)']
    """
    c = contacts
    if "archived" in c.columns:
        c = c.loc[~c["archived"].fillna(False).astype(bool).to_numpy()]
    name = c["full_name"].astype(object).fillna("").astype(str)
    company = c["company"].astype(object).fillna("").astype(str) if "company" in c else pd.Series("", index=c.index)
    q = str(query or "").strip().lower()[:200]
    if q:
        lower = name.str.lower()
        hit = lower.str.contains(q, regex=False) | company.str.lower().str.contains(q, regex=False)
        if "emails" in c:
            hit |= c["emails"].astype(object).fillna("").astype(str).str.lower().str.contains(q, regex=False)
        starts = lower.str.startswith(q)
    else:
        hit = pd.Series(True, index=c.index)
        starts = pd.Series(False, index=c.index)
    found = pd.DataFrame({"contact_id": c["contact_id"].astype("int64"), "full_name": name, "company": company,
                          "first": ~starts, "key": name.str.lower()}).loc[hit.to_numpy()]
    found = found.sort_values(["first", "key", "contact_id"], kind="stable").head(int(limit))
    label = found["full_name"] + np.where(found["company"].str.strip() != "", " (" + found["company"] + ")", "")
    return found.assign(label=label)[["contact_id", "full_name", "company", "label"]].reset_index(drop=True)


# ----------------------------------------------------------------------------- the weekly plan

PLAN_COLUMNS = ["step", "category", "contact_id", "full_name", "other_id", "other_name", "action", "reason",
                "message", "channel", "interaction_kind", "due", "outreach_id"]
PLAN_CATEGORIES = ("nurture", "follow-up", "revive", "give")
#: Slot order that keeps a plan balanced; revive at most two, follow-ups and gifts a third each.
_SLOTS = ("nurture", "follow-up", "give", "revive", "nurture", "give", "follow-up", "revive", "nurture", "give",
          "follow-up", "nurture")
_OPEN_STAGES = ("identified", "researching", "intro requested", "contacted", "replied", "met", "ongoing mentor")
_CIRCLE_CHANNEL = {"inner": "call", "close": "message", "active": "message", "meaningful": "email"}


def _first_names(contacts: pd.DataFrame) -> pd.Series:
    c = contacts.set_index(contacts["contact_id"].astype("int64"))
    c = c.loc[~c.index.duplicated()]
    full = c["full_name"].astype(object).fillna("").astype(str)
    first = c["first_name"].astype(object).fillna("").astype(str) if "first_name" in c else full.str.split().str[0]
    first = first.where(first.str.strip() != "", full.str.split().str[0]).fillna("")
    return first.where(first != "", full)


def _contact_tags(tags: pd.DataFrame | None, kinds: tuple[str, ...]) -> pd.DataFrame:
    if tags is None or len(tags) == 0:
        return pd.DataFrame({"contact_id": pd.Series(dtype="int64"), "kind": pd.Series(dtype=object),
                             "text": pd.Series(dtype=object)})
    t = tags.loc[(tags["owner"] == "contact").to_numpy() & tags["kind"].isin(kinds).to_numpy()]
    return pd.DataFrame({"contact_id": t["contact_id"].astype("int64").to_numpy(),
                         "kind": t["kind"].astype(object).to_numpy(), "text": t["text"].astype(object).to_numpy()})


def _profile_interests(tags: pd.DataFrame | None) -> set[str]:
    if tags is None or len(tags) == 0:
        return set()
    t = tags.loc[(tags["owner"] == "profile").to_numpy()]
    return set(t["text"].astype(str).str.lower())


def _first_interest(interests: pd.DataFrame, ids: Any, mine: set[str]) -> pd.Series:
    """Per contact, an interest tag to talk about: one the person shares first, else their first."""
    t = interests.loc[interests["contact_id"].isin(ids).to_numpy()]
    t = t.assign(other=~t["text"].astype(str).str.lower().isin(mine)).sort_values("other", kind="stable")
    return t.groupby("contact_id")["text"].first()


def _days_phrase(days: float) -> str:
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return "no date on record"
    days = int(days)
    if days >= 730:
        return f"{days // 365} years ago"
    if days >= 60:
        return f"{days // 30} months ago"
    return f"{days} days ago" if days != 1 else "yesterday"


def _times(n: int) -> str:
    return {0: "not yet", 1: "once", 2: "twice"}.get(int(n), f"{int(n)} times")


def _nurture(health: pd.DataFrame) -> pd.DataFrame:
    """Overdue inner and close ties first (then active), most overdue relative to cadence first."""
    circle = health["circle"].astype(object)
    status = health["status"].astype(object)
    pool = health.loc[(circle.isin(["inner", "close", "active"]) & status.isin(["cooling", "at-risk"])).to_numpy()]
    rank = pool["circle"].astype(object).map({"inner": 0, "close": 1, "active": 2})
    ratio = pool["days_since"].astype("float64").fillna(1e9) / pool["cadence_days"].astype("float64")
    return pool.assign(_rank=rank, _ratio=ratio).sort_values(["_rank", "_ratio"], ascending=[True, False],
                                                            kind="stable")


def _follow_ups(outreach: pd.DataFrame | None, health: pd.DataFrame, goals: pd.DataFrame | None,
                as_of: pd.Timestamp) -> pd.DataFrame:
    cols = ["outreach_id", "contact_id", "stage", "next_step", "due_date", "draft", "goal_title"]
    if outreach is None or len(outreach) == 0:
        return pd.DataFrame(columns=cols)
    o = outreach.loc[outreach["contact_id"].notna().to_numpy()]
    due = pd.to_datetime(o["due_date"])
    keep = (due.notna() & (due <= as_of + pd.Timedelta(days=7))).to_numpy() & o["stage"].isin(_OPEN_STAGES).to_numpy()
    o = o.loc[keep].assign(contact_id=lambda f: f["contact_id"].astype("int64"), due_date=due[keep])
    o = o.loc[o["contact_id"].isin(health.index).to_numpy()]
    titles = (goals.set_index("goal_id")["title"] if goals is not None and len(goals) else pd.Series(dtype=object))
    goal_title = o["goal_id"].map(titles).astype(object).fillna("") if "goal_id" in o else ""
    o = o.assign(goal_title=goal_title, draft=o["draft"] if "draft" in o else "",
                 next_step=o["next_step"] if "next_step" in o else "")
    return o.sort_values(["due_date", "outreach_id"], kind="stable")[cols]


def _gives(health: pd.DataFrame, ctags: pd.DataFrame, mine: set[str], contacts: pd.DataFrame,
           links: pd.DataFrame | None) -> list[dict]:
    """Ways to give value, interleaved by type: recommend, introduce, share."""
    status = health["status"].astype(object)
    live = health.loc[status.isin(["thriving", "steady", "cooling", "new"]).to_numpy()]
    # Recommend someone who has given you more than you gave back.
    owed = live.loc[(live["take"] > live["give"]).to_numpy()]
    owed = owed.assign(owed=owed["take"] - owed["give"]).sort_values(["owed", "score"], ascending=False,
                                                                      kind="stable")
    recommend = [{"type": "recommend", "contact_id": int(i), "owed": int(r.owed), "take": int(r.take),
                  "give": int(r.give)} for i, r in zip(owed.index[:6], owed.head(6).itertuples())]
    # Introduce two people in your closer circles who share an interest or community and work apart.
    circle = live["circle"].astype(object)
    pool = live.loc[circle.isin(["inner", "close", "active", "meaningful"]).to_numpy()]
    t = ctags.loc[ctags["contact_id"].isin(pool.index).to_numpy()]
    t = t.assign(key=t["text"].astype(str).str.lower())
    introduce: list[dict] = []
    if len(t):
        pairs = t.merge(t, on=["kind", "key"], suffixes=("_a", "_b"))
        pairs = pairs.loc[(pairs["contact_id_a"] < pairs["contact_id_b"]).to_numpy()]
        if len(pairs) and "company" in contacts:
            near = contacts.loc[contacts["contact_id"].isin(pool.index).to_numpy()]
            company = near.set_index(near["contact_id"].astype("int64"))["company"].astype(object)
            company = company[~company.index.duplicated()].fillna("").str.lower()
            ca, cb = pairs["contact_id_a"].map(company), pairs["contact_id_b"].map(company)
            pairs = pairs.loc[~((ca == cb) & (ca != "")).to_numpy()]
        if len(pairs) and links is not None and len(links):
            known = set(zip(links[["a", "b"]].min(axis=1), links[["a", "b"]].max(axis=1)))
            pairs = pairs.loc[[(a, b) not in known for a, b in zip(pairs["contact_id_a"], pairs["contact_id_b"])]]
        if len(pairs):
            score = pool["score"]
            grouped = (pairs.groupby(["contact_id_a", "contact_id_b"])
                       .agg(shared=("key", "size"), topic=("text_a", "first")).reset_index())
            grouped["_score"] = grouped["contact_id_a"].map(score) + grouped["contact_id_b"].map(score)
            grouped = grouped.sort_values(["shared", "_score", "contact_id_a", "contact_id_b"],
                                          ascending=[False, False, True, True], kind="stable").head(6)
            introduce = [{"type": "introduce", "contact_id": int(a), "other_id": int(b), "topic": str(topic)}
                         for a, b, topic in zip(grouped["contact_id_a"], grouped["contact_id_b"], grouped["topic"])]
    # Share something useful with a tie you have not helped lately, about what they care about.
    interests = ctags.loc[(ctags["kind"] == "interest").to_numpy()]
    share_pool = live.loc[(circle.isin(["close", "active", "meaningful"])
                           & live.index.isin(interests["contact_id"])).to_numpy()]
    share_pool = share_pool.sort_values(["give", "days_since"], ascending=[True, False], kind="stable").head(6)
    first_interest = _first_interest(interests, share_pool.index, mine)
    share = [{"type": "share", "contact_id": int(i), "topic": str(first_interest.get(i, ""))}
             for i in share_pool.index]
    out: list[dict] = []
    for k in range(6):
        for group in (recommend, introduce, share):
            if k < len(group):
                out.append(group[k])
    return out


def weekly_plan(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of: Any, settings: dict | None = None,
                tags: pd.DataFrame | None = None, goals: pd.DataFrame | None = None,
                outreach: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                size: int | None = None, health: pd.DataFrame | None = None) -> pd.DataFrame:
    """A short, balanced list of this week's actions, each with its reason and a suggested message.

    Four kinds of step, taken in turn (:data:`_SLOTS`) so no kind crowds out the others:
    ``nurture`` overdue inner and close ties (then active ones), most overdue for their cadence
    first; ``follow-up`` mentor outreach steps due within 7 days; ``give`` value without keeping
    score (write a recommendation for someone who helped you more than you helped them, introduce
    two people who share an interest, share something on a contact's interest); ``revive`` one or
    two dormant ties from :func:`rank_dormant`. Never an archived contact, never one person twice.
    ``size`` defaults to the ``weekly_plan_size`` setting (6). Pass ``health`` to reuse an
    :func:`assess` result.

    Columns: step, category, contact_id, full_name, other_id / other_name (the second person of
    an introduction), action, reason, message, channel, interaction_kind (what "done" logs), due
    (a day this week), outreach_id.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada Byron", "Bo Li"], "circle": ["inner", "close"],
    ...                   "connected_on": pd.to_datetime(["2020-01-01"] * 2), "archived": [False, True]})
    >>> i = pd.DataFrame({"contact_id": [1, 2], "date": pd.to_datetime(["2026-08-01"] * 2),
    ...                   "direction": ["mutual"] * 2, "kind": ["catch-up"] * 2})
    >>> weekly_plan(c, i, as_of="2026-10-15")[["category", "full_name", "action"]].values.tolist()
    [['nurture', 'Ada Byron', 'Call Ada']]
    """
    as_of = pd.Timestamp(as_of).normalize()
    size = int(size if size is not None else (settings or {}).get("weekly_plan_size", 6))
    size = max(1, min(size, 12))
    if "archived" in contacts.columns:
        contacts = contacts.loc[~contacts["archived"].fillna(False).astype(bool).to_numpy()]
    if health is None:
        health = assess(contacts, interactions, as_of=as_of, settings=settings)
    health = health.loc[health.index.isin(contacts["contact_id"].astype("int64"))]
    name = health["full_name"].astype(object)
    ctags = _contact_tags(tags, ("interest", "community", "skill"))
    mine = _profile_interests(tags)
    # Candidates first (vectorised over everyone), then names and hooks for those few only.
    nurture = _nurture(health).head(3 * size)
    follow = _follow_ups(outreach, health, goals, as_of)
    revive = rank_dormant(health, contacts, tags=tags, goals=goals, limit=3 * size)
    gives = _gives(health, ctags, mine, contacts, links)
    ids = ({*nurture.index, *follow["contact_id"], *revive.index}
           | {g["contact_id"] for g in gives} | {g["other_id"] for g in gives if "other_id" in g})
    few = contacts.loc[contacts["contact_id"].isin(list(ids)).to_numpy()]
    first = _first_names(few)
    shared_topic = _first_interest(ctags.loc[(ctags["kind"] == "interest").to_numpy()], nurture.index, mine)
    shared_topic = shared_topic[shared_topic.astype(str).str.lower().isin(mine)]
    company = (few.set_index(few["contact_id"].astype("int64"))["company"].astype(object).fillna("")
               if "company" in few else pd.Series(dtype=object))
    company = company[~company.index.duplicated()]

    candidates: dict[str, list[dict]] = {k: [] for k in PLAN_CATEGORIES}
    for cid, row in zip(nurture.index, nurture.itertuples()):
        f = first.get(cid, row.full_name)
        channel = _CIRCLE_CHANNEL.get(str(row.circle), "message")
        topic = shared_topic.get(cid)
        hook = f"how things are going with {topic}" if topic else (
            f"how things are at {company.get(cid)}" if company.get(cid) else "what you've been up to")
        candidates["nurture"].append({
            "contact_id": int(cid),
            "action": f"{'Call' if channel == 'call' else 'Message'} {f}",
            "reason": (f"{str(row.circle).capitalize()} circle, {row.status}: last in touch "
                       f"{_days_phrase(row.days_since)}; you aim for every {int(row.cadence_days)} days."),
            "message": (f"Hi {f}, I was thinking of you this week. I'd love to hear {hook}. "
                        "Free for a coffee or a quick call in the next week or two?"),
            "channel": channel, "interaction_kind": "catch-up",
        })
    for row in follow.itertuples():
        cid = int(row.contact_id)
        f = first.get(cid, name.get(cid, ""))
        step = str(row.next_step or "").strip() or "Follow up"
        goal = f" about {row.goal_title}" if row.goal_title else ""
        late = (as_of - row.due_date).days
        when = f"was due {_days_phrase(late)}" if late > 0 else (
            "is due today" if late == 0 else f"is due {row.due_date:%a %d %b}")
        if row.stage == "met":
            message = f"Hi {f}, thank you again for your time{goal}. The advice on ... was exactly what I needed."
        elif row.stage == "ongoing mentor":
            message = f"Hi {f}, a quick update since we last spoke: ... Thank you for the nudge last time."
        elif row.stage in ("identified", "researching", "intro requested") and str(row.draft or "").strip():
            message = str(row.draft).strip()
        else:
            message = (f"Hi {f}, I wanted to follow up on my earlier note. I know things get busy: if twenty "
                       "minutes in the coming weeks works for you, I'd be grateful; if not, no worries at all.")
        candidates["follow-up"].append({
            "contact_id": cid, "action": f"{step[:80]} ({f})",
            "reason": f"Mentor outreach ({row.stage}){goal}: the next step {when}.",
            "message": message, "channel": "email", "interaction_kind": "follow-up",
            "due": max(row.due_date, as_of), "outreach_id": int(row.outreach_id),
        })
    for cid, row in zip(revive.index, revive.itertuples()):
        f = first.get(cid, row.full_name)
        goal = f" I've been getting into {row.matched_need} lately" if row.matched_need else " I've been thinking about old colleagues"
        at = f" at {row.company}" if row.company else ""
        now = f" and saw you're now {row.position}{at}" if row.position else ""
        candidates["revive"].append({
            "contact_id": int(cid), "action": f"Reconnect with {f}",
            "reason": f"Dormant tie worth reviving (value {row.value:.0f}/100): {row.reason}.",
            "message": (f"Hi {f}, it's been far too long since we last spoke!{goal}{now}. I'd really value "
                        "your perspective: could we catch up for twenty minutes sometime soon?"),
            "channel": "message", "interaction_kind": "catch-up",
        })
    for g in gives:
        cid = g["contact_id"]
        f = first.get(cid, name.get(cid, ""))
        if g["type"] == "recommend":
            candidates["give"].append({
                "contact_id": cid, "action": f"Write {f} a recommendation",
                "reason": (f"{name.get(cid, f)} has helped you {_times(g['take'])} and you have helped them "
                           f"{_times(g['give'])}: a specific, public thank-you builds trust."),
                "message": (f"A short LinkedIn recommendation for {f}: one concrete thing they did, the difference "
                            "it made, and who should work with them."),
                "channel": "social", "interaction_kind": "recommendation",
            })
        elif g["type"] == "introduce":
            o = g["other_id"]
            fo = first.get(o, name.get(o, ""))
            candidates["give"].append({
                "contact_id": cid, "other_id": o, "other_name": name.get(o, fo),
                "action": f"Introduce {f} to {fo}",
                "reason": f"Both care about {g['topic']} and work in different places: an introduction helps both.",
                "message": (f"Hi {f} and {fo}, you both care about {g['topic']}, so I thought you should meet. "
                            f"{f}, meet {fo}; {fo}, meet {f}. I'll let you take it from here!"),
                "channel": "email", "interaction_kind": "intro-made",
            })
        else:
            topic = g["topic"] or "their work"
            candidates["give"].append({
                "contact_id": cid, "action": f"Share something on {topic} with {f}",
                "reason": f"{name.get(cid, f)} is interested in {topic}; a useful link keeps the tie warm, no ask attached.",
                "message": f"Hi {f}, I came across this on {topic} and thought of you. No need to reply, just enjoy!",
                "channel": "message", "interaction_kind": "resource-shared",
            })

    caps = {"nurture": size, "follow-up": max(1, size // 3), "give": max(1, size // 3), "revive": 2}
    taken = {k: 0 for k in PLAN_CATEGORIES}
    cursor = {k: 0 for k in PLAN_CATEGORIES}
    used: set[int] = set()
    chosen: list[dict] = []
    slots = list(_SLOTS) * (size // len(_SLOTS) + 2)
    for slot in slots:
        if len(chosen) >= size:
            break
        if not any(cursor[k] < len(candidates[k]) and taken[k] < caps[k] for k in PLAN_CATEGORIES):
            break
        if taken[slot] >= caps[slot]:
            continue
        while cursor[slot] < len(candidates[slot]):
            item = candidates[slot][cursor[slot]]
            cursor[slot] += 1
            people = {item["contact_id"], *([item["other_id"]] if item.get("other_id") is not None else [])}
            if people & used:
                continue
            used |= people
            taken[slot] += 1
            chosen.append({"category": slot, **item})
            break
    if len(chosen) < size:  # one kind ran short: let the others fill the week, still one person once
        for slot in ("nurture", "give", "follow-up"):
            for item in candidates[slot][cursor[slot]:]:
                if len(chosen) >= size:
                    break
                people = {item["contact_id"], *([item["other_id"]] if item.get("other_id") is not None else [])}
                if people & used:
                    continue
                used |= people
                chosen.append({"category": slot, **item})
    plan = pd.DataFrame(chosen, columns=[c for c in PLAN_COLUMNS if c not in ("step", "full_name")])
    n = len(plan)
    plan["step"] = np.arange(1, n + 1)
    plan["contact_id"] = plan["contact_id"].astype("int64")
    plan["full_name"] = plan["contact_id"].map(name).astype(object)
    plan["other_id"] = pd.array(plan["other_id"], dtype="Int64")
    plan["other_name"] = plan["other_name"].astype(object).fillna("")
    plan["outreach_id"] = pd.array(plan["outreach_id"], dtype="Int64")
    spread = pd.Series(as_of + pd.to_timedelta(np.arange(n) % 5, unit="D"), index=plan.index)
    plan["due"] = pd.to_datetime(plan["due"]).fillna(spread).astype("datetime64[ns]")
    return plan[PLAN_COLUMNS].reset_index(drop=True)


def plan_records(plan: pd.DataFrame) -> list[dict[str, Any]]:
    """The plan as plain JSON-able dicts (ids as int or None, due as 'YYYY-MM-DD'), for widgets.

    >>> p = pd.DataFrame({"step": [1], "category": ["give"], "contact_id": [3], "full_name": ["Ada"],
    ...                   "other_id": pd.array([None], dtype="Int64"), "other_name": [""], "action": ["Thank Ada"],
    ...                   "reason": ["r"], "message": ["m"], "channel": ["message"],
    ...                   "interaction_kind": ["resource-shared"], "due": [pd.Timestamp("2026-10-16")],
    ...                   "outreach_id": pd.array([None], dtype="Int64")})
    >>> plan_records(p)[0]["other_id"], plan_records(p)[0]["due"]
    (None, '2026-10-16')
    """
    def whole(v: Any) -> int | None:
        return None if v is None or pd.isna(v) else int(v)

    return [
        {"step": int(r.step), "category": str(r.category), "contact_id": int(r.contact_id),
         "full_name": str(r.full_name), "other_id": whole(r.other_id), "other_name": str(r.other_name or ""),
         "action": str(r.action), "reason": str(r.reason), "message": str(r.message), "channel": str(r.channel),
         "interaction_kind": str(r.interaction_kind), "due": pd.Timestamp(r.due).date().isoformat(),
         "outreach_id": whole(r.outreach_id)}
        for r in plan.itertuples(index=False)
    ]


def plan_to_ics(plan: pd.DataFrame, *, as_of: Any) -> bytes:
    """The plan as an iCalendar file: one all-day event per step on its ``due`` day.

    UIDs and stamps derive from ``as_of`` and the step, so exporting twice gives the same file
    and re-importing updates the events instead of duplicating them.

    >>> p = pd.DataFrame({"step": [1], "category": ["nurture"], "contact_id": [7], "action": ["Call Ada"],
    ...                   "reason": ["Inner circle"], "message": ["Hi Ada"], "due": [pd.Timestamp("2026-10-16")]})
    >>> b"SUMMARY:Call Ada" in plan_to_ics(p, as_of="2026-10-15")
    True
    """
    from icalendar import Calendar, Event

    as_of = pd.Timestamp(as_of).normalize()
    cal = Calendar()
    cal.add("prodid", "-//Networking Workbook//weekly plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Networking plan, week of {as_of:%d %b %Y}")
    stamp = as_of.to_pydatetime().replace(tzinfo=dt.timezone.utc)
    for row in plan.itertuples(index=False):
        day = pd.Timestamp(row.due).date() if pd.notna(row.due) else as_of.date()
        event = Event()
        event.add("uid", f"wb-plan-{as_of:%Y%m%d}-{int(row.step)}-{row.category}-{int(row.contact_id)}"
                         "@networking-workbook")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", str(row.action))
        event.add("description", f"{row.reason}\n\nSuggested: {row.message}")
        event.add("categories", [f"networking-{row.category}"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: Any) -> str:
    """Escape text from data for markdown (so a name cannot become a link, heading or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str("" if text is None else text).split()))


def plan_to_checklist(plan: pd.DataFrame) -> str:
    """The plan as a markdown checklist (data text escaped), one box per step.

    >>> p = pd.DataFrame({"step": [1], "category": ["give"], "action": ["Share an article with Ada"],
    ...                   "reason": ["No ask attached"], "message": ["Hi Ada"], "due": [pd.Timestamp("2026-10-16")]})
    >>> print(plan_to_checklist(p))
    ## This week's networking plan
    <BLANKLINE>
    - [ ] **Give** (Fri 16 Oct): Share an article with Ada
      - Why: No ask attached
      - Try: Hi Ada
    """
    lines = ["## This week's networking plan", ""]
    if len(plan) == 0:
        lines.append("Nothing is due this week. Enjoy the people you see anyway.")
    for row in plan.itertuples(index=False):
        when = f" ({pd.Timestamp(row.due):%a %d %b})" if pd.notna(row.due) else ""
        lines.append(f"- [ ] **{str(row.category).capitalize()}**{when}: {_md(row.action)}")
        lines.append(f"  - Why: {_md(row.reason)}")
        lines.append(f"  - Try: {_md(row.message)}")
    return "\n".join(lines)
