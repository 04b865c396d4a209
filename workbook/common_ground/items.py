"""Items: how tags, companies and locations become matching keys (kinds, weights, normalisation).

Every person or contact "has" items ``(kind, key)``. Keys are case-folded with spaces collapsed;
employer keys follow the one company rule (:func:`workbook.core.text.company_key`: legal suffixes,
accents and punctuation ignored, "Self-employed" is no employer), city keys drop "Greater" and "Area".
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..core.text import company_keys
from ..schema import TAG_KINDS


KIND_WEIGHTS: dict[str, float] = {
    "interest": 1.0,
    "value": 1.0,
    "goal": 0.8,
    "skill": 0.6,
    "community": 1.2,
    "event": 1.0,
    "employer": 1.2,
    "city": 0.7,
}
#: Kinds that count as shared history rather than shared tags.
HISTORY_KINDS = ("employer", "city", "community", "event")
#: Kinds compared between two contacts for introductions (see the module docstring).
INTRO_KINDS = ("interest", "value", "goal", "skill", "community", "event", "city")
#: Kinds that make "shared interests" for collaboration.
INTEREST_KINDS = ("interest", "value", "community", "event")
_KIND_INDEX = {k: i for i, k in enumerate(TAG_KINDS)}
_EMPTY_INT = np.empty(0, dtype=np.int64)


def _base_key(s: pd.Series) -> pd.Series:
    return s.astype(str).str.casefold().str.replace(r"\s+", " ", regex=True).str.strip(" .,;:!?\"'")


def _employer_key(s: pd.Series) -> pd.Series:
    """Employer keys by the one company rule ('' for no employer, so it is never a shared item)."""
    return company_keys(s)


def _city_text(s: pd.Series) -> pd.Series:
    return s.astype(str).str.split(",", n=1).str[0].str.strip()


def _city_key(s: pd.Series) -> pd.Series:
    return (_base_key(_city_text(s)).str.replace(r"^greater ", "", regex=True)
            .str.replace(r"\s+(metropolitan\s+)?area$", "", regex=True).str.strip())


def _column_keys(frame: pd.DataFrame, column: str, kind: str) -> np.ndarray:
    """Each row's matching key for a text column read as items of ``kind`` ('' when empty)."""
    n = len(frame)
    if column not in frame or not n:
        return np.full(n, "", dtype=object)
    rows, distinct, inverse = _column_source(frame[column], kind)
    out = np.full(n, "", dtype=object)
    if len(distinct):
        out[rows] = _normalise(distinct)["key"].to_numpy(object)[inverse]
    return out


def _text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[column].astype(object).fillna("").astype(str).str.strip()


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (numpy's hash-based unique is slow on large int arrays)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _distinct(rows: np.ndarray, kinds: np.ndarray, codes: np.ndarray, uniques: Any
              ) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """Collapse rows of (kind, text code) to their distinct pairs: (rows, distinct kind/raw frame, inverse).

    Strings are hashed once per column (``pd.factorize``); everything after works on integers.
    """
    ok = (codes >= 0) & (kinds >= 0)
    if not ok.any():
        return _EMPTY_INT, pd.DataFrame({"kind": _EMPTY_INT, "raw": np.empty(0, dtype=object)}), _EMPTY_INT
    size = max(len(uniques), 1)
    inverse, pairs = pd.factorize(kinds[ok].astype(np.int64) * size + codes[ok], sort=True)
    raw = np.asarray(uniques, dtype=object)[pairs % size]
    return rows[ok].astype(np.int64), pd.DataFrame({"kind": pairs // size, "raw": raw}), inverse


def _column_source(values: Any, kind: str, rows: np.ndarray | None = None):
    codes, uniques = pd.factorize(values)
    rows = np.arange(len(codes), dtype=np.int64) if rows is None else rows
    return _distinct(rows, np.full(len(codes), _KIND_INDEX[kind], dtype=np.int64), codes, uniques)


#: Normalised (text, key) per (kind, raw text), remembered across calls: the same companies, cities
#: and tags come back on every refresh. Bounded; cleared when full.
_KEY_CACHE: dict[tuple[int, str], tuple[str, str]] = {}
_KEY_CACHE_SIZE = 500_000


def _normalise_fresh(kinds: np.ndarray, raws: list[str]) -> tuple[np.ndarray, np.ndarray]:
    raw = pd.Series(raws, dtype=object).astype(str)
    text = raw.str.strip()
    key = _base_key(text)
    city = kinds == _KIND_INDEX["city"]
    employer = kinds == _KIND_INDEX["employer"]
    if city.any():
        text = text.where(~city, _city_text(raw.where(city, "")))
        key = key.where(~city, _city_key(raw.where(city, "")))
    if employer.any():
        key = key.where(~employer, _employer_key(text.where(employer, "")))
    return text.to_numpy(object), key.to_numpy(object)


def _normalise(distinct: pd.DataFrame) -> pd.DataFrame:
    """Display text and matching key for distinct (kind, raw text) pairs (see the module docstring)."""
    kinds = distinct["kind"].to_numpy(dtype=np.int64)
    raws = [r if isinstance(r, str) else str(r) for r in distinct["raw"].to_numpy(object)]
    pairs = list(zip(kinds.tolist(), raws))
    found = [_KEY_CACHE.get(p) for p in pairs]
    missing = [i for i, f in enumerate(found) if f is None]
    if missing:
        text, key = _normalise_fresh(kinds[missing], [raws[i] for i in missing])
        if len(_KEY_CACHE) + len(missing) > _KEY_CACHE_SIZE:
            _KEY_CACHE.clear()
        for i, t, k in zip(missing, text, key):
            found[i] = (t, k)
            _KEY_CACHE[pairs[i]] = (t, k)
    texts = np.array([f[0] for f in found], dtype=object)
    keys = np.array([f[1] for f in found], dtype=object)
    return distinct.assign(text=texts, key=keys)


def _names(contacts: pd.DataFrame) -> np.ndarray:
    """Contact names in row order ('' where missing), without per-string work."""
    if "full_name" not in contacts:
        return np.full(len(contacts), "", dtype=object)
    names = contacts["full_name"].to_numpy(dtype=object, na_value="")
    return names


def _lookup(contacts: pd.DataFrame, rows: np.ndarray, column: str) -> np.ndarray:
    """A text column's values at some row positions ('' when missing)."""
    if column not in contacts or not len(rows):
        return np.full(len(rows), "", dtype=object)
    values = pd.Series(contacts[column].to_numpy(object)[rows], dtype=object)
    return values.fillna("").astype(str).str.strip().to_numpy(object)
