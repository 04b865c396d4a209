"""Dates: which a workbook accepts, how a date-like value becomes 'YYYY-MM-DD', stored timestamps.

One home for the date rules the store, the importers and the analyses share.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

#: The earliest date a workbook accepts.
MIN_DATE = dt.date(1900, 1, 1)
_MIN_DATE = MIN_DATE


def _today() -> dt.date:
    return dt.date.today()


def date_bounds() -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates a workbook accepts: 1900-01-01 up to three years from today (refuses year-3000 typos)."""
    return pd.Timestamp(_MIN_DATE), pd.Timestamp(_today() + dt.timedelta(days=3 * 366))


def parse_date(value: Any, *, field: str = "date", allow_none: bool = False) -> str | None:
    """Normalise a date-like value to 'YYYY-MM-DD', refusing nonsense.

    >>> parse_date("2024-03-15")
    '2024-03-15'
    >>> parse_date("3000-01-01")
    Traceback (most recent call last):
    ...
    ValueError: date 3000-01-01 is too far in the future; check the year.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT or value == "":
        if allow_none:
            return None
        raise ValueError(f"{field} is missing.")
    try:
        if isinstance(value, dt.datetime):
            d = value.date()
        elif isinstance(value, dt.date):
            d = value
        elif isinstance(value, pd.Timestamp):
            d = value.date()
        else:
            d = dt.date.fromisoformat(str(value).strip()[:10])
    except (ValueError, TypeError):
        raise ValueError(f"{field} {value!r} is not a date; use YYYY-MM-DD.") from None
    if d < _MIN_DATE:
        raise ValueError(f"{field} {d.isoformat()} is before 1900; check the year.")
    if pd.Timestamp(d) > date_bounds()[1]:
        raise ValueError(f"{field} {d.isoformat()} is too far in the future; check the year.")
    return d.isoformat()


def now_text() -> str:
    """The wall-clock time stored in created_at / updated_at columns."""
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
