"""Growth: connections and active ties per month."""
from __future__ import annotations

import numpy as np
import pandas as pd


def measure_growth(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of, months: int | None = 36) -> pd.DataFrame:
    """Connections and active ties per month, up to ``as_of`` (the last ``months`` months).

    ``new_connections`` counts ``connected_on`` dates (falling back to the first exchange);
    ``connections`` is the running total (including everyone before the window); ``active_ties``
    is the number of distinct contacts with at least one exchange that month.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "connected_on": pd.to_datetime(["2024-01-10", None])})
    >>> i = pd.DataFrame({"contact_id": [1, 2, 2], "date": pd.to_datetime(["2024-02-01", "2024-02-03", "2024-02-09"])})
    >>> measure_growth(c, i, as_of="2024-02-29", months=2).values.tolist()[1][1:]
    [1, 2, 2, 3]
    """
    cols = ["month", "new_connections", "connections", "active_ties", "interactions"]
    end = np.datetime64(pd.Timestamp(as_of).normalize().to_datetime64(), "M")
    ids = contacts["contact_id"].astype("int64").to_numpy()
    inter = interactions.loc[interactions["date"] <= pd.Timestamp(as_of)]
    inter = inter.loc[inter["contact_id"].isin(ids)]
    imonth = inter["date"].to_numpy().astype("datetime64[M]")
    icid = inter["contact_id"].to_numpy(dtype="int64")
    first = pd.Series(imonth, index=icid).groupby(level=0).min() if len(inter) else pd.Series(dtype="datetime64[M]")
    joined = pd.Series(pd.to_datetime(contacts["connected_on"]).to_numpy().astype("datetime64[M]"), index=ids)
    joined = joined.fillna(first.reindex(ids)) if len(first) else joined
    joined = joined.dropna()
    joined = joined.loc[joined <= end]
    start_candidates = [joined.min()] if len(joined) else []
    if len(imonth):
        start_candidates.append(imonth.min())
    if not start_candidates:
        return pd.DataFrame(columns=cols)
    start = min(np.datetime64(s, "M") for s in start_candidates)
    if months is not None:
        start = max(start, end - np.timedelta64(int(months) - 1, "M"))
    span = np.arange(start, end + np.timedelta64(1, "M"), dtype="datetime64[M]")
    offset = span[0].astype("int64")
    nbins = len(span)

    def per_month(months: np.ndarray) -> np.ndarray:
        k = months.astype("int64") - offset
        return np.bincount(k[(k >= 0) & (k < nbins)], minlength=nbins)

    jm = joined.to_numpy().astype("datetime64[M]")
    new = per_month(jm)
    before = int((jm < span[0]).sum())
    # distinct (month, contact) pairs without a million-row drop_duplicates
    k = imonth.astype("int64") - offset
    keep = k >= 0
    pairs = np.unique(k[keep] * (int(icid.max()) + 1 if len(icid) else 1) + icid[keep]) if keep.any() else np.array([], "int64")
    active = np.bincount(pairs // (int(icid.max()) + 1 if len(icid) else 1), minlength=nbins)[:nbins]
    return pd.DataFrame({
        "month": pd.to_datetime(span.astype("datetime64[ns]")),
        "new_connections": new.astype("int64"),
        "connections": before + np.cumsum(new).astype("int64"),
        "active_ties": active.astype("int64"),
        "interactions": per_month(imonth).astype("int64"),
    })[cols]
