"""Tie strength per contact, and circles inferred from the rhythm of contact.

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

# Interactions are reduced to small integer codes so per-contact sums are bincounts over 1M rows.
#: Direction codes; anything else (or missing) is ``_OTHER`` and counts for neither side.
_DIRECTION_CODES = {"inbound": 0, "outbound": 1, "mutual": 2}
_OTHER = 3
#: Kind classes: 1 a favour given, 2 one received, 3 given or received by direction, 0 neither.
_KIND_CODES = {**{k: 1 for k in GIVE_KINDS}, **{k: 2 for k in TAKE_KINDS}, **{k: 3 for k in DIRECTIONAL_GIVE_KINDS}}
_NEUTRAL = 0


def _text_codes(values: pd.Series, table: dict[str, int], default: int) -> np.ndarray:
    """Map a text column to int8 codes through its few distinct values (categoricals for free)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    # Missing values have code -1, which picks the trailing default.
    lookup = np.array([table.get(u, default) for u in uniques] + [default], dtype=np.int8)
    return lookup.take(codes)


def _positions(keys: pd.Index, values: np.ndarray) -> np.ndarray:
    """Position in ``keys`` (unique int64) of each value, -1 where absent.

    Contact ids are small dense integers, so a lookup table beats hashing a million values.
    """
    if len(keys) and len(values) and values.dtype.kind in "iu":
        lo, hi = int(keys.min()), int(keys.max())
        small = hi - lo <= 8 * (len(keys) + len(values))
        safe = -(2**62) < min(lo, int(values.min())) and max(hi, int(values.max())) < 2**62  # no int64 overflow
        if small and safe:
            # One -1 sentinel at each end: out-of-range values clip onto them.
            table = np.full(hi - lo + 3, -1, dtype=np.int64)
            table[keys.to_numpy() - lo + 1] = np.arange(len(keys))
            return table.take(values.astype(np.int64) - (lo - 1), mode="clip")
    return keys.get_indexer(values)


def _tally(pos: np.ndarray, n: int, ticks: np.ndarray, direction: np.ndarray, kind: np.ndarray, *,
           as_of: int, per_day: int) -> dict[str, np.ndarray]:
    """Per-contact sums over interaction rows given as arrays (the work behind :func:`measure_ties`).

    ``pos`` is each row's contact (0 .. n-1), ``ticks`` its time as an integer with ``per_day``
    ticks a day (all at or before ``as_of``), ``direction`` and ``kind`` codes from
    :data:`_DIRECTION_CODES` and :data:`_KIND_CODES`. ``first``/``last`` are only meaningful
    where ``n_total > 0``.
    """
    # One bincount over (contact, kind, direction) cells gives totals, both sides and give/take.
    cells = np.bincount(pos * 16 + (kind * 4 + direction), minlength=16 * n).reshape(n, 4, 4)
    # Explicit adds: numpy's reductions over tiny axes cost more than the bincount itself.
    by_direction = cells[:, 0] + cells[:, 1] + cells[:, 2] + cells[:, 3]
    by_kind = cells[..., 0] + cells[..., 1] + cells[..., 2] + cells[..., 3]
    # Whole days elapsed (floored) <= 365 means less than 366 days ago; likewise for 90.
    recent = ticks > as_of - 366 * per_day
    pos_365, ticks_365 = pos[recent], ticks[recent]
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, pos, ticks)
    np.maximum.at(last, pos, ticks)
    return {
        "n_total": by_kind[:, 0] + by_kind[:, 1] + by_kind[:, 2] + by_kind[:, 3],
        "n_90": np.bincount(pos_365[ticks_365 > as_of - 91 * per_day], minlength=n),
        "n_365": np.bincount(pos_365, minlength=n),
        # Mutual exchanges count half to each side (sums of halves are exact in floating point).
        "inbound": by_direction[:, 0] + 0.5 * by_direction[:, 2],
        "outbound": by_direction[:, 1] + 0.5 * by_direction[:, 2],
        "give": by_kind[:, 1] + cells[:, 3, 1],
        "take": by_kind[:, 2] + cells[:, 3, 0],
        "first": first,
        "last": last,
    }


def _reciprocity(inbound: np.ndarray, outbound: np.ndarray) -> np.ndarray:
    total = inbound + outbound
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, inbound / total, np.nan)


def _days_between(later: np.datetime64, earlier: np.ndarray) -> np.ndarray:
    """Whole days (floored) from each of ``earlier`` to ``later``, as floats; NaN for NaT."""
    earlier = np.asarray(earlier)
    unit = np.datetime_data(earlier.dtype)[0]
    ticks = earlier.view(np.int64)
    per_day = int(np.timedelta64(1, "D") / np.timedelta64(1, unit))
    days = (int(np.datetime64(later, unit).view(np.int64)) - ticks) // per_day
    return np.where(np.isnat(earlier), np.nan, days.astype("float64"))


def measure_ties(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """One row per contact (indexed by ``contact_id``) with recency, frequency, reciprocity,
    give/take and a 0-1 ``tie_strength``.

    ``days_since`` counts from the last exchange, or from ``connected_on`` for contacts
    never contacted (NaN when neither is known). Interactions after ``as_of`` are ignored.
    ``reciprocity`` is the share of exchanges the contact started (mutual counts half);
    NaN with no exchanges. Day counts are whole days elapsed.
    """
    as_of = pd.Timestamp(as_of).normalize()
    ids = pd.Index(contacts["contact_id"].astype("int64"), name="contact_id")
    keys = ids if ids.is_unique else ids.unique()
    stamps = np.array([], dtype="datetime64[ns]")
    pos = np.array([], dtype=np.int64)
    direction = kind = np.array([], dtype=np.int8)
    if len(interactions):
        stamps = pd.to_datetime(interactions["date"]).to_numpy()
        pos = _positions(keys, interactions["contact_id"].to_numpy())
        keep = (pos >= 0) & (stamps <= as_of.to_datetime64())  # NaT compares False: dropped
        direction = _text_codes(interactions["direction"], _DIRECTION_CODES, _OTHER)
        kind = _text_codes(interactions["kind"], _KIND_CODES, _NEUTRAL)
        if not keep.all():
            stamps, pos, direction, kind = stamps[keep], pos[keep], direction[keep], kind[keep]
    # Dates keep the input's unit; an empty selection reports nanoseconds (as pandas' groupby did).
    unit = np.datetime_data(stamps.dtype)[0] if len(stamps) else "ns"
    stamps = stamps.astype(f"datetime64[{unit}]", copy=False)
    per_day = int(np.timedelta64(1, "D") / np.timedelta64(1, unit))
    t = _tally(pos.astype(np.int64, copy=False), len(keys), stamps.view(np.int64), direction, kind,
               as_of=int(np.datetime64(as_of.to_datetime64(), unit).view(np.int64)), per_day=per_day)
    if len(keys) != len(ids):  # repeated contact ids: every row gets its id's measures
        row = keys.get_indexer(ids)
        t = {k: v[row] for k, v in t.items()}
    contacted = t["n_total"] > 0
    last = np.where(contacted, t["last"], np.iinfo(np.int64).min).view(f"datetime64[{unit}]")  # min int is NaT
    first = np.where(contacted, t["first"], np.iinfo(np.int64).min).view(f"datetime64[{unit}]")
    since_connected = _days_between(as_of.to_datetime64(), pd.to_datetime(contacts["connected_on"]).to_numpy())
    # A connection date after as_of does not count.
    days_since = np.where(contacted, _days_between(as_of.to_datetime64(), last),
                          np.where(since_connected >= 0, since_connected, np.nan))
    reciprocity = _reciprocity(t["inbound"], t["outbound"])
    duration = np.where(contacted, (t["last"] - t["first"]) // per_day, 0).astype("float64")
    out = pd.DataFrame(
        {
            "first_contact": first,
            "last_contact": last,
            "days_since": days_since,
            "n_total": t["n_total"].astype("int64"),
            "n_90": t["n_90"].astype("int64"),
            "n_365": t["n_365"].astype("int64"),
            "inbound": t["inbound"],
            "outbound": t["outbound"],
            "reciprocity": reciprocity,
            "give": t["give"].astype("int64"),
            "take": t["take"].astype("int64"),
            "duration_days": duration,
            "tie_strength": _strength(days_since, t["n_365"], reciprocity, duration, t["give"], t["take"],
                                      contacted),
        },
        index=ids,
    )
    return out[TIE_COLUMNS]


def _fill(values: np.ndarray, value: float) -> np.ndarray:
    """``fillna`` for float arrays (unlike ``np.nan_to_num``, leaves infinities alone)."""
    return np.where(np.isnan(values), value, values)


def _strength(days_since: np.ndarray, n_365: np.ndarray, reciprocity: np.ndarray, duration_days: np.ndarray,
              give: np.ndarray, take: np.ndarray, contacted: np.ndarray) -> np.ndarray:
    """:func:`score_ties` on plain arrays (the same operations in the same order, so the same bits)."""
    with np.errstate(invalid="ignore"):
        recency = np.where(contacted, np.exp(-np.maximum(_fill(days_since, 1e6), 0) / 180.0), 0.0)
        frequency = np.minimum(np.log1p(n_365) / np.log1p(52), 1.0)
        balance = _fill(1 - np.abs(2 * reciprocity - 1), 0.0)
        duration = np.minimum(duration_days / (5 * 365), 1.0)
        services = np.minimum(np.log1p(give + take) / np.log1p(10), 1.0)
    score = (
        WEIGHTS["recency"] * recency
        + WEIGHTS["frequency"] * frequency
        + WEIGHTS["reciprocity"] * balance
        + WEIGHTS["duration"] * duration
        + WEIGHTS["services"] * services
    )
    return np.clip(score, 0.0, 1.0).astype("float64")


def score_ties(ties: pd.DataFrame) -> pd.Series:
    """Combine the components of :func:`measure_ties` into a 0-1 tie strength (see module table).

    >>> t = pd.DataFrame({"days_since": [0.0], "n_365": [52], "reciprocity": [0.5],
    ...                   "duration_days": [2000.0], "give": [5], "take": [5], "last_contact": [pd.Timestamp(0)]})
    >>> round(float(score_ties(t).iloc[0]), 2)
    1.0
    """
    def values(column: str) -> np.ndarray:
        return ties[column].astype("float64").to_numpy()

    score = _strength(values("days_since"), values("n_365"), values("reciprocity"), values("duration_days"),
                      values("give"), values("take"), ties["last_contact"].notna().to_numpy())
    return pd.Series(score, index=ties.index)


#: The rhythm a contact must actually keep to be inferred into a layer: (max days since the last
#: exchange, min exchanges in the last 365 days). Roughly half the contact each layer's default
#: cadence asks for (inner weekly, close monthly, active quarterly), and for meaningful any exchange
#: in the last three years (after that a tie is dormant).
CIRCLE_RHYTHM = {"inner": (30, 24), "close": (90, 6), "active": (365, 2), "meaningful": (1094, 0)}
#: The former name of :data:`CIRCLE_RHYTHM` (it used to be a minimum next to a quota).
CIRCLE_ELIGIBILITY = CIRCLE_RHYTHM


def assign_circles(contacts: pd.DataFrame, ties: pd.DataFrame) -> pd.Series:
    """Each contact's circle: the person's own choice wins, otherwise inferred from the rhythm they keep.

    A contact goes to the closest layer whose rhythm the exchanges actually keep
    (:data:`CIRCLE_RHYTHM`): inner needs an exchange in the last 30 days and at least 24 in the
    last year (about twice a month), close one in 90 days and 6 in the year, active one in the year
    and 2 in it, meaningful any exchange in the last three years; everyone else is an acquaintance.
    There are no quotas: Dunbar's layer sizes (about 5, 15, 50, 150) describe personal networks and
    only set each circle's default cadence, so a circle is never filled up to them and comparing a
    network with those sizes says something real.

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "circle": ["", "close", ""],
    ...                   "connected_on": pd.to_datetime(["2020-01-01"] * 3)})
    >>> i = pd.DataFrame({"contact_id": [1] * 8, "date": pd.date_range("2024-05-01", periods=8, freq="4D"),
    ...                   "direction": "mutual", "kind": "catch-up"})
    >>> assign_circles(c, measure_ties(c, i, as_of="2024-06-01")).tolist()
    ['close', 'close', 'acquaintance']
    """
    ids = pd.Index(contacts["contact_id"].astype("int64").to_numpy(), name="contact_id")
    t = ties[["tie_strength", "days_since", "n_365", "last_contact"]].reindex(ids)
    codes = _fill_layers(
        _chosen_circles(contacts["circle"]),
        t["tie_strength"].to_numpy(dtype="float64", na_value=np.nan),
        t["days_since"].to_numpy(dtype="float64", na_value=np.nan),
        t["n_365"].to_numpy(dtype="float64", na_value=np.nan),
        t["last_contact"].notna().to_numpy(),
    )
    return pd.Series(np.asarray(CIRCLES, dtype=object)[codes], index=ids, name="circle")


def _chosen_circles(circle: pd.Series) -> np.ndarray:
    """Codes into :data:`CIRCLES` of the circles the person set; -1 where none (or not a circle)."""
    text = circle.fillna("").astype(str).to_numpy(dtype=object)
    return pd.Index(CIRCLES).get_indexer(text).astype(np.int64)


def _fill_layers(chosen: np.ndarray, strength: np.ndarray, days_since: np.ndarray, n_365: np.ndarray,
                 contacted: np.ndarray) -> np.ndarray:
    """:func:`assign_circles` on arrays: codes into :data:`CIRCLES`.

    ``chosen`` has one code per contact (-1 for none); the measures are one row per contact,
    or a (dates x contacts) matrix to place the contacts of every date at once. ``strength`` is
    accepted for the callers' sake but no longer decides anything: the rhythm does.
    """
    shape = np.shape(days_since)
    days, n_365 = np.atleast_2d(days_since), _fill(np.atleast_2d(n_365), 0.0)
    contacted = np.atleast_2d(contacted)
    result = np.broadcast_to(chosen, days.shape).copy()
    for layer in DUNBAR_SIZES:  # closest layer first: the first rhythm kept wins
        max_days, min_n = CIRCLE_RHYTHM[layer]
        with np.errstate(invalid="ignore"):
            keeps = (result == -1) & (days <= max_days) & (n_365 >= min_n) & contacted
        result[keeps] = CIRCLES.index(layer)
    result[result == -1] = CIRCLES.index("acquaintance")
    return result.reshape(shape)


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
