"""Topics both sides wrote about (derived from messages, invitations, recommendations, your profile).

The topics themselves are found at import time (:mod:`workbook.importers.linkedin_topics`); here
they are read: which topics the person shares with how many contacts, and one contact's topics.

>>> d = pd.DataFrame({"owner": ["profile", "contact", "contact"], "contact_id": pd.array([None, 1, 2], dtype="Int64"),
...                   "kind": "topic", "value": "open data", "key": "open data", "dismissed": False,
...                   "source_date": pd.to_datetime([None, "2024-01-02", "2024-03-04"])})
>>> list_shared_topics(d).values.tolist()
[['open data', 2, Timestamp('2024-03-04 00:00:00')]]
"""
from __future__ import annotations

import pandas as pd

_COLUMNS = ["topic", "n_contacts", "last_written"]


def _topics(derived: pd.DataFrame | None) -> pd.DataFrame:
    if derived is None or not len(derived):
        return pd.DataFrame({"owner": [], "contact_id": [], "kind": [], "value": [], "key": [], "source_date": []})
    live = derived.loc[~derived["dismissed"].fillna(False).astype(bool)] if "dismissed" in derived else derived
    return live.loc[(live["kind"] == "topic").to_numpy()]


def list_shared_topics(derived: pd.DataFrame | None) -> pd.DataFrame:
    """Topics shared with at least one contact, most widely shared first: ``topic, n_contacts, last_written``."""
    t = _topics(derived)
    theirs = t.loc[(t["owner"] == "contact").to_numpy()]
    if theirs.empty:
        return pd.DataFrame({c: [] for c in _COLUMNS})
    out = (theirs.assign(source_date=pd.to_datetime(theirs["source_date"]))
           .groupby("key", sort=False)
           .agg(topic=("value", "first"), n_contacts=("contact_id", "nunique"), last_written=("source_date", "max"))
           .reset_index(drop=True))
    return out.sort_values(["n_contacts", "topic"], ascending=[False, True], kind="stable")[_COLUMNS] \
        .reset_index(drop=True)


def list_contact_topics(derived: pd.DataFrame | None, contact_id: int) -> list[str]:
    """The topics one contact and the person both wrote about, alphabetically.

    >>> d = pd.DataFrame({"owner": ["contact"], "contact_id": pd.array([4], dtype="Int64"), "kind": ["topic"],
    ...                   "value": ["urban beekeeping"], "key": ["urban beekeeping"]})
    >>> list_contact_topics(d, 4), list_contact_topics(d, 5)
    (['urban beekeeping'], [])
    """
    t = _topics(derived)
    hit = (t["owner"] == "contact").to_numpy() & (t["contact_id"].astype("Int64") == int(contact_id)).fillna(False).to_numpy()
    return sorted(dict.fromkeys(t.loc[hit, "value"].astype(str)))
