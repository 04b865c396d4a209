"""Small text rules and circle groups the map's modules share."""
from __future__ import annotations

import re

import pandas as pd

from ..core.distinct import per_text

#: Blank text in the derived columns (diversity ignores it).
UNKNOWN = "Unknown"
#: Circles in touch at least yearly, close circles, and every circle closer than acquaintance.
_ACTIVE = ("inner", "close", "active")
_CLOSE = ("inner", "close")
_CLOSER = ("inner", "close", "active", "meaningful")


def _norm(values: pd.Series) -> pd.Series:
    """Trimmed and case-folded, once per distinct text."""
    return per_text(values, lambda s: s.str.strip().str.casefold())


def _words(value: str) -> str:
    """Lower-case words padded with spaces, so ``in`` tests whole-word phrases."""
    return " " + re.sub(r"[^0-9a-z]+", " ", str(value).casefold()).strip() + " "
