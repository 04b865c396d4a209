"""Health of each tie today: inputs as arrays, the score and status rules, :func:`assess`.

The rules themselves are documented in :mod:`workbook.health`.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..core.people import contact_card
from ..schema import CIRCLES, DEFAULT_CADENCE, DORMANT_DAYS
from ..ties import (
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

#: Statuses from healthiest to most faded (the order charts and legends use).
STATUSES = ("thriving", "steady", "new", "cooling", "at-risk", "dormant")
#: A contact connected this many days ago or less, with at most ``NEW_MAX_EXCHANGES``, is new.
NEW_DAYS = 30
NEW_MAX_EXCHANGES = 1
#: Reciprocity band (share of exchanges the contact started) the score rewards most; no longer a
#: condition of "thriving" (who writes first follows roles: see :data:`TWO_WAY`).
RECIPROCAL = (0.25, 0.75)
#: Thriving asks that the share the contact started lies strictly inside this range: each side
#: started (or shared) at least one exchange, whatever the proportion.
TWO_WAY = (0.0, 1.0)
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
    # A tie without a cadence (an acquaintance) is measured against a year, as its score is.
    h = np.where(np.isnan(c), float(NO_CADENCE_HORIZON), c)
    contacted = n_total > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        frequent = (n_365 * 2 * c >= 365) & (n_365 >= THRIVING_MIN_EXCHANGES)
        # Who writes first follows roles (a mentee reaches out to a mentor), so thriving asks only
        # that both sides started or shared some exchange, not a share of them (see the docstring).
        two_way = (reciprocity > TWO_WAY[0]) & (reciprocity < TWO_WAY[1])
        rules = [
            d >= DORMANT_DAYS,
            (days_connected >= 0) & (days_connected <= NEW_DAYS) & (n_total <= NEW_MAX_EXCHANGES),
            np.isnan(d),
            ~np.isnan(c) & (d <= c) & frequent & two_way,
            contacted & (d <= h),
            d <= 2 * h,
        ]
    outcome = ["dormant", "new", "at-risk", "thriving", "steady", "cooling"]
    return np.select(rules, [STATUSES.index(s) for s in outcome], default=STATUSES.index("at-risk"))


def classify_status(frame: pd.DataFrame) -> pd.Series:
    """Each row's status by the rules in the module docstring (first match wins).

    Needs ``days_since``, ``cadence_days``, ``n_365``, ``n_total``, ``reciprocity`` and
    ``days_connected`` (days since ``connected_on``, NaN when unknown).

    >>> f = pd.DataFrame({"days_since": [30.0, 31.0, 61.0, 1095.0, 5.0, 400.0],
    ...                   "cadence_days": [30, 30, 30, 30, None, None], "n_365": [12, 12, 12, 0, 0, 0],
    ...                   "n_total": [12, 12, 12, 1, 0, 3], "reciprocity": [0.1, 0.5, 0.5, 0.0, None, 0.5],
    ...                   "days_connected": [900.0] * 4 + [5.0, 900.0]})
    >>> classify_status(f).tolist()
    ['thriving', 'cooling', 'at-risk', 'dormant', 'new', 'cooling']
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



def count_statuses(health: pd.DataFrame) -> dict[str, int]:
    """How many contacts are in each status, in :data:`STATUSES` order (zeros included).

    >>> count_statuses(pd.DataFrame({"status": ["new", "new", "dormant"]}))["new"]
    2
    """
    counts = health["status"].astype(object).value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def describe_contact(health: pd.DataFrame, contact_id: int) -> dict[str, Any]:
    """One contact's health as plain values (for widgets): name, circle, cadence, days since, score, status,
    by the one detail-card rule (:func:`workbook.core.people.contact_card`; an unknown id raises ``ValueError``).

    >>> h = pd.DataFrame({"full_name": ["Ada"], "circle": ["inner"], "cadence_days": pd.array([7], dtype="Int64"),
    ...                   "days_since": [3.0], "score": [88.5], "status": ["steady"]}, index=pd.Index([1]))
    >>> describe_contact(h, 1)["cadence_days"]
    7
    """
    card = contact_card(health, contact_id, ["full_name", "circle", "cadence_days", "days_since", "score", "status"],
                        integers=("cadence_days", "days_since"))
    return {**card, "full_name": str(card.get("full_name") or ""), "circle": str(card.get("circle") or ""),
            "score": float(card["score"]), "status": str(card["status"])}
