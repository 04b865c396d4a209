"""One contact's row as plain Python values: the one home for the detail cards the views show.

The map (:func:`workbook.mapping.describe_contact`) and relationship health both hand widgets a
``dict`` for one contact; both build it here, so ids, missing values and dates read the same.

>>> f = pd.DataFrame({"contact_id": [4], "full_name": ["Ada"], "days_since": [3.0],
...                   "last_contact": pd.to_datetime(["2024-05-29"])})
>>> contact_card(f, 4, integers=("days_since",))
{'contact_id': 4, 'full_name': 'Ada', 'days_since': 3, 'last_contact': '2024-05-29'}
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """A frame cell as a plain value: missing -> None, numpy scalars -> int/float/bool/str, dates -> 'YYYY-MM-DD'.

    >>> plain(np.int64(3)), plain(float("nan")), plain(pd.Timestamp("2024-01-02 10:00")), plain(pd.NA)
    (3, None, '2024-01-02', None)
    """
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return value.item() if hasattr(value, "item") else value


def _row(frame: pd.DataFrame, contact_id: Any) -> pd.Series:
    try:
        cid = int(contact_id)
    except (TypeError, ValueError):
        raise ValueError(f"{contact_id!r} is not a contact id.") from None
    if "contact_id" in frame.columns:
        rows = frame.loc[(frame["contact_id"] == cid).to_numpy(dtype=bool)]
    else:
        rows = frame.loc[frame.index == cid]
    if rows.empty:
        raise ValueError(f"There is no contact with id {cid}.")
    return rows.iloc[0]


def contact_card(frame: pd.DataFrame, contact_id: int, columns: Sequence[str] | None = None, *,
                 integers: Iterable[str] = ()) -> dict[str, Any]:
    """One contact's values from ``frame`` as a plain dict (for a detail panel).

    The row is found by the ``contact_id`` column, or by the index when there is none; ``columns``
    (default: all) that the frame lacks are left out; ``integers`` are rounded to ``int``.
    ``contact_id`` always comes first. Raises ``ValueError`` for an unknown id.

    >>> h = pd.DataFrame({"circle": ["inner"], "cadence_days": pd.array([7], dtype="Int64")}, index=[9])
    >>> contact_card(h, 9)
    {'contact_id': 9, 'circle': 'inner', 'cadence_days': 7}
    """
    row = _row(frame, contact_id)
    wanted = list(frame.columns) if columns is None else [c for c in columns if c in row.index]
    whole = set(integers)
    card: dict[str, Any] = {"contact_id": int(contact_id)}
    for col in wanted:
        value = plain(row[col])
        card[col] = int(round(value)) if col in whole and value is not None else value
    return card
