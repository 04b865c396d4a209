"""What each contact shares with the person's own profile (tags, case-insensitive)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: Tag kinds that count as common ground when no precomputed score is given.
SHARED_KINDS = ("interest", "value", "goal", "community", "event", "employer", "city", "skill")


def _keys(texts: pd.Series) -> np.ndarray:
    """Trimmed lower-case text, computed once per distinct value."""
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    low = np.array([str(u).strip().lower() for u in uniques] + [""], dtype=object)
    return low[codes]  # code -1 (missing) picks the trailing ""


def _shared_pairs(tags: pd.DataFrame | None, contact_ids: Any = None) -> pd.DataFrame:
    """(contact_id, kind, key, text) for every tag a contact shares with the profile."""
    cols = ["contact_id", "kind", "key", "text"]
    if tags is None or tags.empty:
        return pd.DataFrame(columns=cols)
    owner = tags["owner"].to_numpy(dtype=object)
    mine = tags.loc[owner == "profile"]
    mine = mine.loc[mine["kind"].isin(SHARED_KINDS)]
    keep = owner == "contact"
    if contact_ids is not None:  # filter on the integer id first: cheap, and few rows stay
        keep &= tags["contact_id"].isin(np.asarray(list(contact_ids), dtype="int64")).to_numpy(dtype=bool)
    theirs = tags.loc[keep]
    theirs = theirs.loc[theirs["kind"].isin(SHARED_KINDS)]
    if mine.empty or theirs.empty:
        return pd.DataFrame(columns=cols)
    wanted = set(zip(mine["kind"].astype(str), _keys(mine["text"])))
    # Distinct (kind, text) pairs are few even at 100,000 tags: test those, then select rows.
    kind_codes, kinds = pd.factorize(theirs["kind"].to_numpy(dtype=object))
    text_codes, texts = pd.factorize(theirs["text"].to_numpy(dtype=object))
    low = pd.Series(texts, dtype=object).astype(str).str.strip().str.lower().to_numpy(dtype=object)
    pair = kind_codes.astype("int64") * len(texts) + text_codes
    upairs = np.unique(pair)
    hit = np.array([(str(kinds[p // len(texts)]), low[p % len(texts)]) in wanted for p in upairs], dtype=bool)
    keep = np.isin(pair, upairs[hit])
    out = pd.DataFrame({"contact_id": theirs["contact_id"].to_numpy()[keep].astype("int64"),
                        "kind": kinds[kind_codes[keep]], "key": low[text_codes[keep]],
                        "text": texts[text_codes[keep]]})
    return out.drop_duplicates(["contact_id", "kind", "key"])[cols]


def find_shared_items(tags: pd.DataFrame, contact_ids: Any = None) -> pd.Series:
    """The tags each contact shares with the person's own profile (case-insensitive), as lists.

    >>> t = pd.DataFrame({"owner": ["profile", "contact", "contact"], "contact_id": [None, 5, 5],
    ...                   "kind": ["interest", "interest", "interest"], "text": ["Climbing", "climbing", "Chess"]})
    >>> find_shared_items(t).to_dict()
    {5: ['climbing']}
    """
    both = _shared_pairs(tags, contact_ids)
    if both.empty:
        return pd.Series(dtype=object, name="shared")
    return both.groupby("contact_id", sort=True)["text"].agg(list).rename("shared")


def _common_ground(ids: pd.Index, tags: pd.DataFrame, given: pd.Series | None) -> pd.Series:
    if given is not None:
        # Relative to the person's strongest common ground anywhere, so any 0+ scale works.
        s = pd.Series(pd.to_numeric(given, errors="coerce"), dtype="float64").groupby(level=0).max()
        top = float(s.max()) if len(s) and s.max() > 0 else 1.0
        return (s.reindex(ids).fillna(0.0) / top).clip(0, 1)
    n = _shared_pairs(tags, ids)["contact_id"].value_counts().reindex(ids).fillna(0).astype("float64")
    return n / (n + 2)
