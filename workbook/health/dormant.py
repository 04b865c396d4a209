"""Dormant ties worth reviving, ranked by what reconnecting is likely to bring.

Dormant ties: Levin, Walter & Murnighan 2011; which ones are worth most: Walter, Levin & Murnighan 2015
(both in :data:`workbook.prompts.SOURCES`).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core import titles

#: The title rules and scores, from their one home (re-exported for readers of this module).
SENIORITY_RULES = titles.SENIORITY_RULES
SENIORITY_SCORES = titles.SENIORITY_SCORES


#: What each part of a dormant tie's value weighs (0-100 in all).
REVIVE_WEIGHTS = {"seniority": 40.0, "novelty": 30.0, "relevance": 30.0}


def rate_seniority(positions: pd.Series) -> pd.DataFrame:
    """Seniority (0-1) and its label from job titles, by the one title classifier
    (:func:`workbook.core.titles.rate_seniority`: the same levels the map and the mentor ranking use).

    >>> rate_seniority(pd.Series(["VP Product", "Senior Data Analyst", "Junior Designer", ""])).values.tolist()
    [[0.9, 'vice president'], [0.55, 'senior'], [0.1, 'junior'], [0.3, 'unknown seniority']]
    """
    rated = titles.rate_seniority(positions.astype(object).fillna("").astype(str))
    return pd.DataFrame({"seniority": rated["seniority"].to_numpy(dtype="float64"),
                         "seniority_label": rated["label"].to_numpy(dtype=object)}, index=positions.index)


def _needs(goals: pd.DataFrame | None) -> list[tuple[str, str]]:
    """(need, goal title) for every active goal's needs, in goal order."""
    if goals is None or len(goals) == 0:
        return []
    g = goals
    if "status" in g.columns:
        g = g.loc[g["status"].astype(object).fillna("active").eq("active").to_numpy()]
    pairs: list[tuple[str, str]] = []
    for title, needs in zip(g["title"].astype(str), g["needs"].astype(object).fillna("").astype(str)):
        for need in re.split(r"[;,]", needs):
            if need.strip() and need.strip().lower() not in {p[0].lower() for p in pairs}:
                pairs.append((need.strip(), title))
    return pairs


def _need_pattern(need: str) -> list[str]:
    """One regex per word of a need, matching words that start the same way ("manager" ~ "management")."""
    words = [w for w in re.findall(r"[a-z0-9+#]+", need.lower()) if len(w) >= 2]
    return [r"\b" + re.escape(w[:6]) for w in words]


class _Texts:
    """Text values factorised once, so each pattern is tested on every distinct value only once."""

    def __init__(self, values: pd.Series):
        codes, uniques = pd.factorize(values.astype(object).fillna("").astype(str).to_numpy())
        self.codes = codes
        self.text = pd.Series(np.asarray(uniques, dtype=object), dtype=object).str.lower()

    def matching(self, patterns: list[str]) -> np.ndarray:
        """Which values contain every pattern."""
        if len(self.text) == 0:
            return np.zeros(len(self.codes), dtype=bool)
        hit = np.logical_and.reduce([self.text.str.contains(p, regex=True).to_numpy(dtype=bool) for p in patterns])
        return hit[self.codes]


_DORMANT_COLUMNS = ["full_name", "position", "company", "industry", "days_since", "years_dormant", "seniority",
                    "seniority_label", "novelty", "relevance", "matched_need", "goal", "value", "reason"]
_TEXT_FIELDS = ("full_name", "position", "company", "industry")


def _novelty(health: pd.DataFrame, people: pd.DataFrame, industry: pd.Series) -> tuple[pd.Series, pd.Series]:
    """How rare each dormant contact's industry is in the network the person keeps up today:
    ``1 - share / largest share`` (0.5 when unknown), and the share itself."""
    current = health.index[(health["status"].astype(object) != "dormant").to_numpy()]
    industries = (people["industry"].astype(object).fillna("").astype(str) if "industry" in people.columns
                  else pd.Series("", index=people.index, dtype=object))
    counts = industries.reindex(current).fillna("").value_counts()
    counts = counts.groupby(counts.index.astype(str).str.lower().str.strip()).sum()
    counts = counts[counts.index != ""]
    mix = counts / counts.sum() if len(counts) else counts.astype("float64")
    top_share = float(mix.max()) if len(mix) else 1.0
    key = industry.str.lower().str.strip()
    share = key.map(mix).astype("float64").fillna(0.0)
    return (1 - share / top_share).clip(0, 1).where(key != "", 0.5), share


def _relevance(ids: pd.Index, fields: dict[str, pd.Series], tags: pd.DataFrame | None,
               goals: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Needs of active goals found in the title, company, industry or the contact's tags:
    ``min(1, matched / 2)``, and the first matched need and its goal per contact."""
    sources = [_Texts(fields[f]) for f in ("position", "company", "industry")]
    tag_ids, tag_texts = None, None
    if tags is not None and len(tags):
        own = tags.loc[tags["contact_id"].isin(ids).to_numpy() & (tags["owner"] == "contact").to_numpy()]
        tag_ids, tag_texts = own["contact_id"].astype("int64").to_numpy(), _Texts(own["text"])
    matched = np.zeros(len(ids), dtype=np.int64)
    first_need = np.full(len(ids), "", dtype=object)
    first_goal = np.full(len(ids), "", dtype=object)
    for need, goal in _needs(goals):
        patterns = _need_pattern(need)
        if not patterns:
            continue
        hit = np.logical_or.reduce([src.matching(patterns) for src in sources])
        if tag_ids is not None and len(tag_ids):
            hit |= ids.isin(tag_ids[tag_texts.matching(patterns)])
        fresh = hit & (first_need == "")
        first_need[fresh], first_goal[fresh] = need, goal
        matched += hit
    return np.minimum(matched / 2.0, 1.0), first_need, first_goal


def _reasons(ids: pd.Index, label: pd.Series, fields: dict[str, pd.Series], share: pd.Series,
             need: np.ndarray, days: np.ndarray, never: np.ndarray) -> pd.Series:
    """Why each tie is worth reviving, in words (only for the rows returned)."""
    # Whole years as the rest of the workbook counts them (days // 365): 1,095 days is 3 years.
    years = pd.Series(np.floor(days / 365).astype("int64"), index=ids).astype(str)
    pct = (share * 100).round().astype("int64").astype(str)
    position, key = fields["position"], fields["industry"].str.lower().str.strip()
    # Never "last in touch N years ago" about someone never in touch (DESIGN.md).
    since = pd.Series(np.where(never, "; connected " + years + " years ago, never in touch",
                               "; last in touch " + years + " years ago"), index=ids)
    return (
        label.str.capitalize()
        + pd.Series(np.where(position != "", " (" + position + ")", ""), index=ids)
        + pd.Series(np.where(key != "", "; works in " + fields["industry"]
                             + np.where(share > 0, ", " + pct + "% of your current network",
                                        ", a field missing from your current network"),
                             "; field unknown"), index=ids)
        + pd.Series(np.where(need != "", "; matches your goal need '" + need.astype(str) + "'", ""), index=ids)
        + since
    )


def rank_dormant(health: pd.DataFrame, contacts: pd.DataFrame, *, tags: pd.DataFrame | None = None,
                 goals: pd.DataFrame | None = None, limit: int | None = None) -> pd.DataFrame:
    """Dormant ties ranked by how much reviving them is likely to bring, not by past closeness.

    ``value`` (0-100) = 40 x seniority (from the title, :func:`rate_seniority`) + 30 x novelty
    (1 minus the share of the current, non-dormant network in the contact's industry, relative to
    the largest industry; 0.5 when unknown) + 30 x relevance (``min(1, needs matched / 2)``: a need
    of an active goal matches when the title, company, industry or one of the contact's tags holds
    all its words). Levin, Walter & Murnighan (2011) found reconnected dormant ties give novel,
    efficient advice; that the most valuable are the weaker and more senior ones is their later
    study, Walter, Levin & Murnighan (2015, Organization Science 26(5)).
    ``reason`` says why in words; ties in value go to the more recently dormant.

    >>> h = pd.DataFrame({"status": ["dormant", "dormant", "steady"], "days_since": [1500.0, 1200.0, 3.0]},
    ...                  index=pd.Index([1, 2, 3], name="contact_id"))
    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada", "Bo", "Cy"],
    ...                   "position": ["Director of Product", "Teacher", "Teacher"],
    ...                   "industry": ["Technology", "Education", "Education"], "company": ["", "", ""]})
    >>> rank_dormant(h, c).index.tolist()
    [1, 2]
    """
    dormant = health.loc[(health["status"].astype(object) == "dormant").to_numpy()]
    if dormant.empty:
        return pd.DataFrame(columns=_DORMANT_COLUMNS, index=pd.Index([], name="contact_id", dtype="int64"))
    # Only the text columns used below: indexing the whole contacts frame copies every column.
    people = contacts[[c for c in _TEXT_FIELDS if c in contacts.columns]].set_index(
        contacts["contact_id"].astype("int64"))
    people = people.loc[~people.index.duplicated()]
    ids = pd.Index(dormant.index.astype("int64"), name="contact_id")
    info = people.reindex(ids)
    fields = {col: info[col].astype(object).fillna("").astype(str) if col in info.columns
              else pd.Series("", index=ids, dtype=object) for col in _TEXT_FIELDS}
    rated = rate_seniority(fields["position"])
    novelty, share = _novelty(health, people, fields["industry"])
    relevance, first_need, first_goal = _relevance(ids, fields, tags, goals)
    w = REVIVE_WEIGHTS
    value = (w["seniority"] * rated["seniority"].to_numpy() + w["novelty"] * novelty.to_numpy()
             + w["relevance"] * relevance).round(1)
    days = dormant["days_since"].astype("float64").to_numpy()
    never = (dormant["n_total"].to_numpy() == 0) if "n_total" in dormant else np.zeros(len(ids), dtype=bool)
    # Rank on the numbers, then write reasons only for the rows returned (a few of ~10,000 at scale).
    order = (pd.DataFrame({"value": value, "days_since": days})
             .sort_values(["value", "days_since"], ascending=[False, True], kind="stable").index.to_numpy())
    shown = len(order) if limit is None else len(order[: int(limit)])
    order = order[: max(shown, 1)]  # one row even when none is shown, so the columns get their dtypes
    ids, days, value, relevance, never = ids[order], days[order], value[order], relevance[order], never[order]
    first_need, first_goal = first_need[order], first_goal[order]
    fields = {col: values.iloc[order] for col, values in fields.items()}
    rated, share, novelty = rated.iloc[order], share.iloc[order], novelty.iloc[order]
    reason = _reasons(ids, rated["seniority_label"], fields, share, first_need, days, never)
    out = pd.DataFrame(
        {
            **{col: fields[col].to_numpy() for col in _TEXT_FIELDS},
            "days_since": days,
            "years_dormant": (days / 365.25).round(1),
            "seniority": rated["seniority"].to_numpy(),
            "seniority_label": rated["seniority_label"].to_numpy(),
            "novelty": novelty.round(3).to_numpy(),
            "relevance": relevance,
            "matched_need": first_need,
            "goal": first_goal,
            "value": value,
            "reason": reason.to_numpy(dtype=object),
        },
        index=ids,
    )
    return out.iloc[:shown]
