"""Describe contacts: the one-row-per-contact "people" frame every map analysis reads, and one contact's card."""
from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..core.distinct import per_text
from ..core.people import contact_card
from ..core.titles import classify_function, classify_seniority, rank_seniority
from ._shared import UNKNOWN
from .circles import band_ties, circles


_CITY = re.compile(r"^(greater\s+)?(.*?)(\s+(bay|metropolitan|metro))?(\s+(area|region))?$", re.IGNORECASE)


def city_of(locations: pd.Series) -> pd.Series:
    """The city part of a free-text location ("Greater London Area, UK" -> "London").

    Takes the text before the first comma and drops "Greater", "Bay/Metropolitan" and "Area/Region".

    >>> city_of(pd.Series(["Berlin, Germany", "San Francisco Bay Area", "Greater Paris Metropolitan Region", ""])).tolist()
    ['Berlin', 'San Francisco', 'Paris', 'Unknown']
    """

    def city(texts: pd.Series) -> pd.Series:
        def one(text: str) -> str:
            head = text.split(",")[0].strip()
            m = _CITY.match(head)
            return (m.group(2) if m else head).strip() or UNKNOWN

        return texts.map(one)

    return per_text(locations, city).rename("city")


def describe_contacts(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """One row per contact with the derived columns every map analysis uses (see module docstring).

    >>> c = pd.DataFrame({"contact_id": [7], "full_name": ["Grace"], "company": [""], "position": ["Rear Admiral"],
    ...     "industry": [""], "location": ["Arlington, VA"], "source": ["vcard"],
    ...     "connected_on": pd.to_datetime(["2019-03-01"]), "circle": ["close"]})
    >>> i = pd.DataFrame({"contact_id": pd.Series([], dtype="int64"), "date": pd.to_datetime([]),
    ...                   "direction": [], "kind": []})
    >>> describe_contacts(c, i, as_of="2024-06-01")[["company", "circle", "connection_year", "tie_band"]].to_dict("records")
    [{'company': 'Unknown', 'circle': 'close', 'connection_year': 2019, 'tie_band': 'unused'}]
    """
    return _add_ties(_describe_static(contacts), contacts, interactions, as_of=as_of)


def _describe_static(contacts: pd.DataFrame) -> pd.DataFrame:
    """The columns of :func:`describe_contacts` that come from the contacts alone (text work:
    kept by :class:`NetworkMap` while the contacts do not change)."""
    ids = contacts["contact_id"].astype("int64").to_numpy()

    def known(texts: pd.Series) -> pd.Series:
        v = texts.str.strip()
        return v.where(v != "", UNKNOWN)

    def text(col: str) -> np.ndarray:
        values = contacts[col] if col in contacts else pd.Series("", index=contacts.index)
        return per_text(values, known).to_numpy(dtype=object)

    position = contacts["position"] if "position" in contacts else pd.Series("", index=contacts.index)
    connected = pd.to_datetime(contacts["connected_on"]).to_numpy()
    location = contacts["location"] if "location" in contacts else pd.Series("", index=contacts.index)
    seniority = classify_seniority(position)
    return pd.DataFrame(
        {
            "contact_id": ids,
            "full_name": contacts["full_name"].astype(str).to_numpy(dtype=object)
            if "full_name" in contacts
            else ids.astype(str),
            "company": text("company"),
            "position": position.fillna("").astype(str).to_numpy(dtype=object),
            "industry": text("industry"),
            "location": location.fillna("").astype(str).to_numpy(dtype=object),
            "city": city_of(location).to_numpy(dtype=object),
            "source": text("source"),
            "connected_on": connected,
            "connection_year": pd.Series(connected).dt.year.astype("Int64").array,
            "function": classify_function(position).to_numpy(dtype=object),
            "seniority": seniority.to_numpy(dtype=object),
            "seniority_rank": rank_seniority(seniority).to_numpy(),
        }
    )


def _add_ties(static: pd.DataFrame, contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """:func:`_describe_static`'s frame with the columns that depend on the exchanges."""
    circ = circles(contacts, interactions, as_of=as_of).set_index("contact_id")
    tie = circ.reindex(static["contact_id"].to_numpy())
    people = static.assign(
        circle=tie["circle"].to_numpy(dtype=object),
        set_by=tie["set_by"].to_numpy(dtype=object),
        tie_strength=tie["tie_strength"].to_numpy(dtype="float64"),
        days_since=tie["days_since"].to_numpy(dtype="float64"),
        n_365=tie["n_365"].to_numpy(dtype="int64"),
        last_contact=tie["last_contact"].to_numpy(),
    )
    return people.assign(tie_band=band_ties(people))


#: The people columns a contact's card shows (those present), in this order.
_CARD_COLUMNS = ("full_name", "position", "company", "industry", "city", "function", "seniority", "circle", "set_by",
                 "tie_band", "n_365", "source", "tie_strength", "days_since", "last_contact")


def describe_contact(people: pd.DataFrame, contact_id: int, tags: pd.DataFrame | None = None,
                     clusters: pd.DataFrame | None = None, cluster_info: pd.DataFrame | None = None,
                     bridges: pd.DataFrame | None = None) -> dict[str, Any]:
    """Everything the map knows about one contact, as plain values (for a detail panel).

    Raises ``ValueError`` for an id that is not among ``people``.

    >>> p = pd.DataFrame({"contact_id": [3], "full_name": ["Ada"], "position": ["CTO"], "company": ["Engines"],
    ...     "industry": ["Computing"], "city": ["London"], "function": ["engineering"], "seniority": ["executive"],
    ...     "circle": ["inner"], "set_by": ["you"], "tie_band": ["strong"], "tie_strength": [0.8], "days_since": [3.0],
    ...     "n_365": [40], "last_contact": pd.to_datetime(["2024-05-29"]), "source": ["manual"]})
    >>> card = describe_contact(p, 3)
    >>> card["full_name"], card["circle"], card["last_contact"], card["group"]
    ('Ada', 'inner', '2024-05-29', '')
    """
    try:
        card = contact_card(people, contact_id, _CARD_COLUMNS)
    except ValueError:
        raise ValueError(f"There is no contact with id {contact_id} on the map.") from None
    card["tie_strength"] = round(float(card.get("tie_strength") or 0.0), 2)
    card["days_since"] = None if card.get("days_since") is None else int(card["days_since"])
    card["last_contact"] = card.get("last_contact") or ""
    card["tags"] = {}
    if tags is not None and len(tags):
        t = tags.loc[(tags["owner"] == "contact") & (tags["contact_id"] == int(contact_id))]
        card["tags"] = {k: sorted(v.astype(str)) for k, v in t.groupby("kind")["text"]}
    card["group"] = ""
    if clusters is not None and cluster_info is not None:
        c = clusters.loc[clusters["contact_id"] == int(contact_id), "cluster"]
        if len(c):
            label = cluster_info.loc[cluster_info["cluster"] == int(c.iloc[0]), "label"]
            card["group"] = str(label.iloc[0]) if len(label) else ""
    card["bridges"] = 0
    if bridges is not None and len(bridges):
        b = bridges.loc[bridges["contact_id"] == int(contact_id), "clusters_reached"]
        card["bridges"] = int(b.iloc[0]) + 1 if len(b) else 0
    return card
