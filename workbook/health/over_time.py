"""Health over time: the measures of :func:`workbook.health.assess` at each month end, in one pass."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..schema import CIRCLES
from ..ties import _DIRECTION_CODES, _fill_layers
from .status import (
    _INT_MAX,
    _INT_MIN,
    STATUSES,
    _cadence,
    _health_columns,
    _interaction_arrays,
    _measure,
    _prepare_contacts,
)



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
