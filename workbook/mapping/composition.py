"""Who is in the network: filters, search, composition by one dimension and diversity (Blau's index)."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from ..core.search import match_people
from ._shared import UNKNOWN, _norm


#: Dimensions composition looks at, with their people-frame column.
DIMENSIONS = {
    "industry": "industry",
    "function": "function",
    "seniority": "seniority",
    "company": "company",
    "city": "city",
    "source": "source",
    "connection year": "connection_year",
}
#: Dimensions diversity looks at by default (variety of sources or years says little about reach).
DIVERSITY_DIMENSIONS = ("industry", "function", "seniority", "city")


def tag_options(tags: pd.DataFrame, kinds: Iterable[str] | None = None) -> list[str]:
    """Distinct contact tag texts (case-insensitively deduplicated, most used first).

    >>> t = pd.DataFrame({"owner": ["contact"] * 3 + ["profile"], "contact_id": [1, 2, 2, None],
    ...                   "kind": ["community"] * 4, "text": ["PyData", "pydata", "Rust", "Mine"]})
    >>> tag_options(t)
    ['PyData', 'Rust']
    """
    t = tags.loc[tags["owner"] == "contact"]
    if kinds is not None:
        t = t.loc[t["kind"].isin(list(kinds))]
    if t.empty:
        return []
    key = _norm(t["text"])
    first = t.groupby(key.to_numpy(), sort=False)["text"].first()
    counts = key.value_counts()
    order = pd.DataFrame({"key": first.index, "text": first.to_numpy(), "n": counts.reindex(first.index).to_numpy()})
    return order.sort_values(["n", "key"], ascending=[False, True], kind="stable")["text"].tolist()


def filter_contacts(
    people: pd.DataFrame,
    tags: pd.DataFrame | None = None,
    *,
    circle: str | None = None,
    industry: str | None = None,
    tag: str | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """The people matching every filter given (``None`` or ``""`` means "any").

    ``tag`` matches any contact tag with that text (case-insensitive).

    >>> p = pd.DataFrame({"contact_id": [1, 2], "circle": ["inner", "active"], "industry": ["A", "B"],
    ...                   "source": ["manual", "manual"]})
    >>> filter_contacts(p, circle="active")["contact_id"].tolist()
    [2]
    """
    mask = pd.Series(True, index=people.index)
    for col, value in (("circle", circle), ("industry", industry), ("source", source)):
        if value:
            mask &= people[col] == value
    if tag:
        if tags is None:
            raise ValueError("Filtering by tag needs the tags frame.")
        t = tags.loc[(tags["owner"] == "contact") & (_norm(tags["text"]) == str(tag).strip().casefold())]
        mask &= people["contact_id"].isin(t["contact_id"].dropna().astype("int64"))
    return people.loc[mask]


def search_contacts(people: pd.DataFrame, query: str = "", *, limit: int | None = 50) -> pd.DataFrame:
    """People matching every word of ``query`` (the one search rule, :func:`workbook.core.search.find_people`:
    name, company, position, location, emails; case, accents and punctuation ignored), strongest ties first.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada", "Alan", "Grace"],
    ...                   "company": ["Engines", "Bletchley", "Navy"], "tie_strength": [0.2, 0.9, 0.5]})
    >>> search_contacts(p, "a")["full_name"].tolist(), search_contacts(p, "NAVY grace")["full_name"].tolist()
    (['Alan', 'Grace', 'Ada'], ['Grace'])
    """
    found = people.loc[match_people(people, query)]
    if limit is not None and len(found) > limit:
        # Sorting 30,000 names to show 50 is the slow part: sort only the strongest ties (everyone
        # tied with the last one shown included, so the order is exactly that of the full sort).
        strength = found["tie_strength"].to_numpy(dtype="float64", na_value=np.nan)
        known = strength[~np.isnan(strength)]
        if len(known) >= limit:
            cut = np.partition(known, len(known) - limit)[len(known) - limit]
            found = found.loc[strength >= cut]
    found = found.sort_values(["tie_strength", "full_name", "contact_id"], ascending=[False, True, True])
    return found if limit is None else found.head(limit)


def compose(people: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts and shares of one column (most common first; ``Unknown`` included).

    >>> compose(pd.DataFrame({"industry": ["A", "B", "A"]}), "industry").values.tolist()
    [['A', 2, 0.6666666666666666], ['B', 1, 0.3333333333333333]]
    """
    counts = people[by].astype(object).fillna(UNKNOWN).value_counts(sort=False)
    out = counts.rename("n").rename_axis("value").reset_index()
    out = out.sort_values(["n", "value"], ascending=[False, True], key=lambda s: s if s.name == "n" else s.astype(str))
    total = max(int(out["n"].sum()), 1)
    return out.assign(n=out["n"].astype("int64"), share=out["n"] / total).reset_index(drop=True)


def composition(people: pd.DataFrame, dimensions: Iterable[str] | None = None) -> pd.DataFrame:
    """Long table of :func:`compose` for several dimensions: dimension, value, n, share.

    >>> p = pd.DataFrame({"industry": ["A"], "source": ["manual"]})
    >>> composition(p, ["industry", "source"])[["dimension", "value"]].values.tolist()
    [['industry', 'A'], ['source', 'manual']]
    """
    dims = list(dimensions) if dimensions is not None else list(DIMENSIONS)
    parts = [compose(people, DIMENSIONS.get(d, d)).assign(dimension=d) for d in dims]
    if not parts:
        return pd.DataFrame(columns=["dimension", "value", "n", "share"])
    return pd.concat(parts, ignore_index=True)[["dimension", "value", "n", "share"]]


def blau(values: pd.Series | Sequence[Any]) -> float:
    """Blau's (Gini-Simpson) index of variety: ``1 - sum(p_k^2)``; 0 when everyone is alike.

    Unknown values (missing, blank or ``"Unknown"``) are left out; no known values gives 0.

    >>> blau(["a", "a", "b", "b"]), blau(["a", "a"]), blau([])
    (0.5, 0.0, 0.0)
    """
    s = pd.Series(values, dtype=object)
    s = s[s.notna() & ~s.astype(str).str.strip().isin(["", UNKNOWN, "unknown"])]
    if s.empty:
        return 0.0
    p = s.value_counts(normalize=True).to_numpy(dtype="float64")
    return float(min(1.0, max(0.0, 1.0 - np.square(p).sum())))


def diversity(people: pd.DataFrame, dimensions: Iterable[str] | None = None, *, by: str | None = None) -> pd.DataFrame:
    """Blau index per dimension (default :data:`DIVERSITY_DIMENSIONS`; optionally per group ``by``, e.g. circle).

    Columns: [by,] dimension, blau, max_blau (``1 - 1/k`` for the k categories seen),
    categories, top, top_share, known (contacts with a known value).

    >>> p = pd.DataFrame({"industry": ["A", "B", "A", "Unknown"], "seniority": ["mid"] * 4})
    >>> diversity(p, ["industry", "seniority"])[["dimension", "blau", "top"]].values.tolist()
    [['industry', 0.4444444444444444, 'A'], ['seniority', 0.0, 'mid']]
    """
    dims = list(dimensions) if dimensions is not None else list(DIVERSITY_DIMENSIONS)
    keys = [None] if by is None else list(pd.unique(people[by].to_numpy(dtype=object)))
    rows = []
    for d in dims:
        col = people[DIMENSIONS.get(d, d)]
        if by is None:
            grouped = {None: col.value_counts()}
        else:
            both = people.groupby([by, DIMENSIONS.get(d, d)], sort=False, observed=True).size()
            grouped = {k: both.xs(k, level=0) for k in both.index.get_level_values(0).unique()}
        for key in keys:
            counts = grouped.get(key, pd.Series(dtype="int64"))
            counts = counts.loc[~pd.Index(counts.index.astype(str)).isin(["", UNKNOWN, "unknown"])]
            counts = counts.loc[counts > 0].sort_values(ascending=False, kind="stable")
            k, total = len(counts), int(counts.sum())
            p = counts.to_numpy(dtype="float64") / max(total, 1)
            row = {
                "dimension": d,
                "blau": float(min(1.0, max(0.0, 1.0 - np.square(p).sum()))) if k else 0.0,
                "max_blau": 1.0 - 1.0 / k if k else 0.0,
                "categories": k,
                "top": str(counts.index[0]) if k else UNKNOWN,
                "top_share": float(p[0]) if k else 0.0,
                "known": total,
            }
            rows.append(row if by is None else {by: key, **row})
    cols = ([by] if by else []) + ["dimension", "blau", "max_blau", "categories", "top", "top_share", "known"]
    return pd.DataFrame(rows, columns=cols)
