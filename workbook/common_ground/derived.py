"""Derived common ground: what an export says the person shares with a contact, marked derived, with its source.

The importers store derived items (``Workbook.derived_items()``: past employers, schools, skills,
fields of work, topics both wrote about; see :mod:`workbook.importers.linkedin_derive`). Here they
join the scoring as tags marked ``derived`` (:func:`tags_with_derived`; dismissed ones remove the
item, whatever else says it) and are explained in plain words with their source
(:func:`explain_derived`). Each derived kind acts as one item kind of the common-ground space:

========  ==========  ==========================================
derived   item kind   why
========  ==========  ==========================================
employer  employer    shared history: same employer, past or present
school    community   shared history: alumni of one school
skill     skill       both have it (endorsements, your Skills.csv)
field     skill       both work in one field (data, design...)
topic     interest    both wrote about it
========  ==========  ==========================================

>>> derived = pd.DataFrame({"item_id": [1, 2], "owner": ["profile", "contact"], "contact_id": pd.array([None, 7], dtype="Int64"),
...     "kind": "employer", "value": "Northwind Analytics", "key": "northwind analytics", "detail": ["2016-2021", "you 2016-2021"],
...     "source_file": ["Positions.csv", "Connections.csv"], "source_date": pd.to_datetime(["2016-01-01", "2024-03-01"]),
...     "dismissed": False, "derived": True})
>>> explain_derived(derived)["sentence"].tolist()
['You both worked at Northwind Analytics (you 2016-2021).']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .items import _base_key

#: The item kind each derived kind counts as (see the module docstring).
DERIVED_AS = {"employer": "employer", "school": "community", "skill": "skill", "field": "skill", "topic": "interest"}
_EXPLAINED = ["contact_id", "item_id", "kind", "value", "sentence", "source_file", "source_date", "derived"]
_SAY = {
    "employer": "You both worked at {value} ({detail}).",
    "school": "You studied at {value} ({detail}); they work there now.",
    "skill": "You both have {value}: {detail}, and {mine}.",
    "field": "You both work in {value}: {detail}.",
    "topic": "You both wrote about {value} ({source_file}, {date}).",
}


def _blank(derived: pd.DataFrame | None) -> bool:
    return derived is None or not len(derived)


def _live(derived: pd.DataFrame) -> pd.DataFrame:
    if "dismissed" not in derived:
        return derived
    return derived.loc[~derived["dismissed"].fillna(False).astype(bool).to_numpy()]


def tags_with_derived(tags: pd.DataFrame, derived: pd.DataFrame | None) -> pd.DataFrame:
    """``tags`` plus the derived items as tag rows marked ``derived`` (and ``dismissed``), for every
    common-ground function that takes ``tags``. Extra columns: ``derived, dismissed, derived_kind,
    source_file, source_date, detail``; plain tags have ``derived=False``.

    >>> t = pd.DataFrame({"owner": ["profile"], "contact_id": pd.array([None], dtype="Int64"), "kind": ["skill"], "text": ["SQL"]})
    >>> d = pd.DataFrame({"owner": ["contact"], "contact_id": pd.array([3], dtype="Int64"), "kind": ["topic"],
    ...                   "value": ["open data"], "dismissed": [False]})
    >>> tags_with_derived(t, d)[["kind", "text", "derived"]].values.tolist()
    [['skill', 'SQL', False], ['interest', 'open data', True]]
    """
    plain = tags.assign(derived=False, dismissed=False)
    if _blank(derived):
        return plain
    def col(name: str, default) -> np.ndarray:
        return derived[name].to_numpy(dtype=object) if name in derived else np.full(len(derived), default, dtype=object)

    extra = pd.DataFrame({
        "owner": derived["owner"].to_numpy(dtype=object),
        "contact_id": pd.array(derived["contact_id"], dtype="Int64"),
        "kind": derived["kind"].map(DERIVED_AS).to_numpy(dtype=object),
        "text": derived["value"].to_numpy(dtype=object),
        "derived": True,
        "dismissed": col("dismissed", False).astype(bool),
        "derived_kind": derived["kind"].to_numpy(dtype=object),
        "source_file": col("source_file", ""),
        "source_date": col("source_date", None),
        "detail": col("detail", ""),
    })
    return pd.concat([plain, extra], ignore_index=True)


def _own_skill_keys(derived: pd.DataFrame, tags: pd.DataFrame | None) -> dict[str, str]:
    """The person's skills (key -> how we know): derived ones, then their profile's skill tags."""
    mine = derived.loc[(derived["owner"] == "profile").to_numpy() & (derived["kind"] == "skill").to_numpy()]
    out = dict(zip(_base_key(mine["value"]), mine["detail"].fillna("").astype(str)))
    if tags is not None and len(tags):
        own = tags.loc[(tags["owner"] == "profile").to_numpy() & (tags["kind"] == "skill").to_numpy(), "text"]
        out.update({k: "it is on your profile" for k in _base_key(own) if k})
    return out


def explain_derived(derived: pd.DataFrame | None, tags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each contact's shared derived items in plain words, with their source: ``contact_id, item_id,
    kind, value, sentence, source_file, source_date, derived``. A skill counts when the person has it
    too (endorsed for it, or in their profile's skill ``tags``); dismissed items never show.
    """
    if _blank(derived):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in _EXPLAINED})
    live = _live(derived)
    theirs = live.loc[(live["owner"] == "contact").to_numpy()].copy()
    skills = _own_skill_keys(live, tags)
    is_skill = (theirs["kind"] == "skill").to_numpy()
    keys = _base_key(theirs["value"])
    theirs = theirs.loc[~is_skill | keys.isin(set(skills)).to_numpy()]
    dates = pd.to_datetime(theirs["source_date"])
    sentence = [
        _SAY[k].format(value=v, detail=d or "", mine=skills.get(key, "it is yours"), source_file=f,
                       date="" if pd.isna(when) else f"{when:%d %b %Y}".lstrip("0")).replace(" ()", "").replace(", )", ")")
        for k, v, d, f, when, key in zip(theirs["kind"], theirs["value"], theirs["detail"].fillna(""),
                                         theirs["source_file"], dates, _base_key(theirs["value"]))
    ]
    out = theirs.assign(sentence=sentence, derived=True, contact_id=theirs["contact_id"].astype("int64"))
    return out[_EXPLAINED].sort_values(["contact_id", "kind", "value"], kind="stable").reset_index(drop=True)


def share_explained(contacts: pd.DataFrame, derived: pd.DataFrame | None, tags: pd.DataFrame | None = None) -> float:
    """The share (0-1) of ``contacts`` with at least one explained derived item (:func:`explain_derived`).

    >>> share_explained(pd.DataFrame({"contact_id": [1, 2]}), None)
    0.0
    """
    if not len(contacts):
        return 0.0
    explained = set(explain_derived(derived, tags)["contact_id"].tolist())
    return float(contacts["contact_id"].isin(explained).mean())
