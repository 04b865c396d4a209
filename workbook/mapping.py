"""Map your network: circles, composition, diversity, gaps, structure, growth and where to grow.

Pure functions: DataFrames (shaped like :mod:`workbook.store`'s read API) and plain values in,
DataFrames out. Nothing here reads the workbook, draws or mutates its inputs, and everything
that depends on "today" takes ``as_of``.

The usual entry point is :func:`describe_contacts`, which gives one row per contact ("people")
with the derived columns the other functions use::

    contact_id, full_name, company, position, industry, location, city, source, connected_on,
    connection_year, function, seniority, seniority_rank, circle, set_by, tie_strength,
    days_since, n_365, last_contact, tie_band

Blank text becomes ``"Unknown"`` in the derived columns, and diversity ignores it.
:class:`NetworkMap` bundles every analysis for one workbook, computing each on first use.

>>> import pandas as pd
>>> contacts = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "Alan"],
...     "company": ["Engines", "Bletchley"], "position": ["Senior Engineer", "VP Research"],
...     "industry": ["Computing", "Government"], "location": ["London, UK", ""],
...     "source": ["manual", "linkedin"], "connected_on": pd.to_datetime(["2020-01-01", None]),
...     "circle": ["", ""]})
>>> interactions = pd.DataFrame({"contact_id": [1], "date": pd.to_datetime(["2024-05-01"]),
...     "direction": ["mutual"], "kind": ["catch-up"]})
>>> people = describe_contacts(contacts, interactions, as_of="2024-06-01")
>>> people[["seniority", "function", "city", "circle"]].values.tolist()
[['senior', 'engineering', 'London', 'active'], ['vp', 'research', 'Unknown', 'acquaintance']]
"""
from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Iterable, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from .schema import CIRCLES, DEFAULT_CADENCE, DIRECTIONS, DORMANT_DAYS, DUNBAR_SIZES, INTERACTION_KINDS
from .ties import assign_circles, measure_ties

UNKNOWN = "Unknown"

# ----------------------------------------------------------------------------- titles

#: Seniority levels, lowest first (``seniority_rank`` is the position here; unknown is -1).
SENIORITY_LEVELS = ("entry", "mid", "senior", "manager", "director", "vp", "executive")

#: "X Manager" titles that name an individual contributor, not a people manager.
IC_MANAGER_WORDS = ("product", "project", "program", "programme", "account", "partnerships", "partner",
                    "community", "success", "relationship", "case")
_IC_MANAGER = "".join(rf"(?<!{w}\s)" for w in IC_MANAGER_WORDS)

#: Ordered seniority rules: the first rule whose pattern matches a title wins, so the highest
#: marker counts ("Associate Director" is a director, "Senior Manager" a manager), except that an
#: explicit trainee marker beats "manager" ("Junior Marketing Manager" is entry level). A title with
#: none of the markers is ``mid``; an empty title is ``unknown``. Notes: a Managing Director runs a
#: company (executive); "Partner" is executive only as a firm's partner ("Partner", "Managing
#: Partner", "Partner, Acme"), not "People Partner" or "Partner Manager"; product, project,
#: programme, account, partnerships, community, success, relationship and case managers
#: (:data:`IC_MANAGER_WORDS`) are individual contributors, so ``mid`` unless marked senior;
#: a "Product Owner" is not an owner.
SENIORITY_RULES: tuple[tuple[str, str], ...] = (
    ("executive", r"\bchief\b(?!\s+of\s+staff)|\bc[a-z]o\b|\b(co-?)?founder\b|(?<!product\s)(?<!process\s)\bowner\b"
                  r"|(?<!vice\s)(?<!vice-)\bpresident\b|\bmanaging\s+(partner|director)\b"
                  r"|(^|[,&/|(]\s*)((senior|managing|founding|general|equity)\s+)?partner\b"
                  r"(?!\s*(manager|marketing|success|sales|engineer|account|relations|development|lead|ships))"),
    ("vp", r"\b(vp|svp|evp|avp|vice[\s-]+president)\b"),
    ("director", r"\bdirect(or|ora|eur|rice)\b"),
    ("entry", r"\b(intern|internship|trainee|apprentice|junior|jr|student|werkstudent|praktikant)\b"),
    ("manager", _IC_MANAGER + r"\bmanager\b|\bhead\b|\bsupervisor\b"),
    ("senior", r"\b(senior|sr|snr|lead|leader|principal|staff|distinguished|professor)\b"),
    ("entry", r"\b(associate|graduate|entry|assistant)\b"),
)

#: Functions, by rules tried in order (a few specific phrases first, so "Data Engineer" is
#: engineering and "UX Researcher" research); ``other`` when none matches, ``unknown`` for no title.
FUNCTION_RULES: tuple[tuple[str, str], ...] = (
    ("engineering", r"\bdata\s+engineer\w*"),
    ("research", r"\b(ux|user)\s+research\w*|\bchief\s+scienti\w*"),
    ("education", r"\b(curriculum|learning\s+design\w*|instructional\s+design\w*|head\s?teacher|head\s+of\s+year"
                  r"|teaching)\b"),
    ("operations", r"\b(chief\s+operating|coo)\b"),
    ("design", r"\b(design\w*|ux|ui|user experience|creative|illustrat\w*|art director)\b"),
    ("finance", r"\b(financ\w*|accountant|accounting|controller|cfo|treasur\w*|audit\w*|tax|investments?"
                r"|investor|banker|banking|actuar\w*|venture|vc|private equity)\b"),
    ("data", r"\b(data|analytics|analyst|machine learning|ml|ai|business intelligence|bi|statistic\w*)\b"),
    ("sales", r"\b(sales|account executive|account manager|business development|bdr|sdr|partnerships?"
              r"|revenue|cro)\b"),
    ("marketing", r"\b(marketing|growth|brand|seo|content|cmo|demand generation|social media)\b"),
    ("engineering", r"\b(engineer\w*|developer|software|programmer|devops|sre|architect|cto|ciso|cio|it"
                    r"|technolog\w*|security|qa|firmware|infrastructure)\b"),
    ("product", r"\b(product|pm)\b"),
    ("people", r"\b(hr|human resources|people|talent|recruit\w*|hiring|chro)\b"),
    ("legal", r"\b(legal|lawyer|attorney|counsel|solicitor|barrister|paralegal|compliance)\b"),
    ("research", r"\b(research\w*|scientist|phd|postdoc\w*|professor|lecturer|academic)\b"),
    ("healthcare", r"\b(nurse|doctor|physician|clinic\w*|medical|health\w*|pharmac\w*|therap\w*|surgeon"
                   r"|dentist)\b"),
    ("education", r"\b(teacher|educat\w*|tutor|instructor|school)\b"),
    ("consulting", r"\b(consult\w*|advis[oe]r|advisory)\b"),
    ("customer", r"\b(customer|client|support|success|service)\b"),
    ("operations", r"\b(operations|ops|project|programme|program|logistics|supply chain|procurement"
                   r"|administrat\w*|office|assistant|coordinator)\b"),
    ("communications", r"\b(communications?|pr|public relations|journalis\w*|editor|writer|reporter|press)\b"),
    ("leadership", r"\b(ceo|chief executive|(co-?)?founder|owner|president|managing director|strategy|strategist"
                   r"|general manager|entrepreneur|executive director|board member|chair\w*)\b"),
)
FUNCTIONS = tuple(dict.fromkeys(name for name, _ in FUNCTION_RULES)) + ("other",)


_PLAIN_GROUPS = re.compile(r"\((?!\?)")


def _per_text(values: pd.Series, steps: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``steps`` (vectorised string methods) run once per distinct text of ``values`` (missing as
    ``""``) and spread back, as an object Series on ``values``' index.

    pandas' string methods cost per element: 30,000 contacts hold a few thousand companies and a
    hundred titles, and 100,000 tags a few thousand distinct texts.

    >>> _per_text(pd.Series([" Ada", None, " Ada"]), lambda s: s.str.strip()).tolist()
    ['Ada', '', 'Ada']
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    distinct = pd.Series([str(u) for u in uniques] + [""], dtype=object)  # missing values (code -1) take the last
    done = np.asarray(steps(distinct).to_numpy(dtype=object), dtype=object)
    return pd.Series(done[codes], index=values.index, name=values.name, dtype=object)


def _classify(values: pd.Series, rules: Sequence[tuple[str, str]], default: str) -> pd.Series:
    """Label each text by the first matching rule; rules run once per distinct text."""

    def label(texts: pd.Series) -> pd.Series:
        text = texts.str.strip().str.lower()
        labels = pd.Series(np.where(text == "", "unknown", ""), index=text.index, dtype=object)
        for name, pattern in rules:
            todo = labels == ""
            if not todo.any():
                break
            hit = text[todo].str.contains(_PLAIN_GROUPS.sub("(?:", pattern), regex=True, flags=re.IGNORECASE)
            labels.loc[hit.index[hit.to_numpy(dtype=bool)]] = name
        return labels.where(labels != "", default)

    return _per_text(values, label)


def classify_seniority(titles: pd.Series) -> pd.Series:
    """Seniority of each job title by :data:`SENIORITY_RULES` (highest marker wins).

    >>> classify_seniority(pd.Series(["Software Intern", "Engineer", "Staff Engineer",
    ...     "Head of Design", "Associate Director", "SVP Sales", "Co-founder & CEO", ""])).tolist()
    ['entry', 'mid', 'senior', 'manager', 'director', 'vp', 'executive', 'unknown']
    """
    return _classify(titles, SENIORITY_RULES, "mid").rename("seniority")


def classify_function(titles: pd.Series) -> pd.Series:
    """Function (role family) of each job title by :data:`FUNCTION_RULES` (first rule wins).

    >>> classify_function(pd.Series(["Senior Data Scientist", "Product Designer", "CFO", "Founder", "Zookeeper"])).tolist()
    ['data', 'design', 'finance', 'leadership', 'other']
    """
    return _classify(titles, FUNCTION_RULES, "other").rename("function")


def rank_seniority(seniority: pd.Series) -> pd.Series:
    """Position of each level in :data:`SENIORITY_LEVELS` (entry 0 ... executive 6; unknown -1).

    >>> rank_seniority(pd.Series(["entry", "vp", "unknown"])).tolist()
    [0, 5, -1]
    """
    order = {name: i for i, name in enumerate(SENIORITY_LEVELS)}
    return seniority.map(order).fillna(-1).astype("int64").rename("seniority_rank")


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

    return _per_text(locations, city).rename("city")


# ----------------------------------------------------------------------------- circles

_SLIM = ["contact_id", "date", "direction", "kind"]


def _slim_interactions(interactions: pd.DataFrame) -> pd.DataFrame:
    """Only the columns tie strength needs, with the enumerations as categoricals.

    pandas 3 stores text as Python strings; comparing a million of them a dozen times costs
    seconds, comparing category codes milliseconds.
    """
    out = interactions[_SLIM]
    conv = {}
    for col, options in (("direction", DIRECTIONS), ("kind", INTERACTION_KINDS)):
        if not isinstance(out[col].dtype, pd.CategoricalDtype):
            conv[col] = _categorical(out[col], options)
    return out.assign(**conv) if conv else out


def _categorical(values: pd.Series, options: Sequence[str]) -> pd.Categorical:
    """``pd.Categorical(values, categories=options)``, several times faster on Python strings
    (one dict lookup per value, using the strings' cached hashes; unknown values become NaN)."""
    cats = list(options)
    position = {c: i for i, c in enumerate(cats)}
    raw = np.asarray(values.array, dtype=object)
    codes = np.fromiter(map(position.get, raw, itertools.repeat(-1)), dtype=np.int64, count=len(raw))
    return pd.Categorical.from_codes(codes, categories=cats)


def circles(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """Each contact's Dunbar circle with the tie measures behind it (one row per contact).

    The rule (from :func:`workbook.ties.assign_circles`): a circle the person chose wins
    (``set_by='you'``); the others are ranked by tie strength (recency, frequency, reciprocity,
    duration, services given) and fill the layers in order — inner 5, close 15, active 50,
    meaningful 150 (cumulative) — counting places the person already filled, and only with
    enough evidence (inner: an exchange in the last 30 days and 6 in the year; close: 90 days
    and 3; active: a year and 1; meaningful: any exchange in three years). Everyone else is an
    acquaintance, so layer sizes never exceed Dunbar's numbers for inferred circles.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "circle": ["", "inner"],
    ...                   "connected_on": pd.to_datetime(["2020-01-01", "2020-01-01"])})
    >>> i = pd.DataFrame({"contact_id": [1], "date": pd.to_datetime(["2024-05-20"]),
    ...                   "direction": ["inbound"], "kind": ["catch-up"]})
    >>> circles(c, i, as_of="2024-06-01")[["contact_id", "circle", "set_by"]].values.tolist()
    [[1, 'active', 'inferred'], [2, 'inner', 'you']]
    """
    ties = measure_ties(contacts, _slim_interactions(interactions), as_of=as_of)
    circle = assign_circles(contacts, ties)
    chosen = contacts["circle"].fillna("").astype(str).isin(CIRCLES).to_numpy()
    return (
        ties.assign(circle=circle.to_numpy(dtype=object), set_by=np.where(chosen, "you", "inferred"))
        .reset_index()
        .astype({"contact_id": "int64"})
    )


def summarise_circles(circle_frame: pd.DataFrame, cadence: dict[str, int] | None = None) -> pd.DataFrame:
    """Per circle: how many people, Dunbar's size for that layer, the cadence each deserves,
    the touches a year that cadence asks for, and the exchanges the layer actually had last year.

    >>> f = pd.DataFrame({"circle": ["inner", "inner", "acquaintance"], "n_365": [40, 10, 0],
    ...                   "set_by": ["you", "inferred", "inferred"]})
    >>> summarise_circles(f)[["circle", "n", "dunbar", "touches_needed", "touches_last_year"]].to_dict("records")[0]
    {'circle': 'inner', 'n': 2, 'dunbar': 5, 'touches_needed': 104, 'touches_last_year': 50}
    """
    table = {**DEFAULT_CADENCE, **(cadence or {})}
    previous, dunbar = 0, {}
    for layer, cumulative in DUNBAR_SIZES.items():
        dunbar[layer], previous = cumulative - previous, cumulative
    grouped = circle_frame.groupby("circle", observed=True)
    # Vectorised and int from the start: on an empty selection (filters that match nobody) the
    # lambda's result kept the text dtype, which reindex(fill_value=0) refuses (TypeError).
    set_by_you = (circle_frame["set_by"] == "you").groupby(circle_frame["circle"], observed=True).sum()
    out = pd.DataFrame(
        {
            "n": grouped.size(),
            "set_by_you": set_by_you.astype("int64"),
            "touches_last_year": grouped["n_365"].sum(),
        }
    ).reindex(list(CIRCLES), fill_value=0)
    out.index.name = "circle"
    out = out.reset_index()
    cad = out["circle"].map(table)
    return out.assign(
        dunbar=out["circle"].map(dunbar).astype("Int64"),
        cadence_days=cad.astype("Int64"),
        touches_needed=(out["n"] * (365 / cad)).round().astype("Int64"),
    )[["circle", "n", "dunbar", "set_by_you", "cadence_days", "touches_needed", "touches_last_year"]].astype(
        {"n": "int64", "set_by_you": "int64", "touches_last_year": "int64"}
    )


#: Tie bands, strongest first (thresholds on :func:`workbook.ties.score_ties`'s 0-1 scale).
TIE_BANDS = ("strong", "moderate", "weak", "dormant", "unused")
STRONG_TIE, MODERATE_TIE = 0.5, 0.2


def band_ties(people: pd.DataFrame) -> pd.Series:
    """Strong / moderate / weak / dormant / unused for each contact.

    ``dormant``: last exchange three years ago or more (Levin, Walter & Murnighan 2011);
    ``unused``: connected but never an exchange; otherwise by tie strength: strong >= 0.5
    (about monthly contact), moderate >= 0.2 (a few times a year: the "moderately weak" ties
    Rajkumar et al. 2022 found most useful for job mobility), weak below that.

    >>> band_ties(pd.DataFrame({"tie_strength": [0.7, 0.3, 0.1, 0.05, 0.0],
    ...     "days_since": [5, 60, 400, 1200, 300.0],
    ...     "last_contact": pd.to_datetime(["2024-01-01"] * 4 + [None])})).tolist()
    ['strong', 'moderate', 'weak', 'dormant', 'unused']
    """
    s = people["tie_strength"].fillna(0.0)
    contacted = people["last_contact"].notna()
    dormant = contacted & (people["days_since"] >= DORMANT_DAYS).fillna(False)
    band = np.select(
        [~contacted, dormant, s >= STRONG_TIE, s >= MODERATE_TIE],
        ["unused", "dormant", "strong", "moderate"],
        default="weak",
    )
    return pd.Series(band, index=people.index, name="tie_band", dtype=object)


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
        return _per_text(values, known).to_numpy(dtype=object)

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


def mix_ties(people: pd.DataFrame) -> pd.DataFrame:
    """How many ties fall in each band of :data:`TIE_BANDS`, with shares.

    >>> p = pd.DataFrame({"tie_band": ["strong", "weak", "weak"]})
    >>> mix_ties(p).set_index("tie_band")["n"].tolist()
    [1, 0, 2, 0, 0]
    """
    counts = people["tie_band"].value_counts().reindex(list(TIE_BANDS), fill_value=0)
    total = max(int(counts.sum()), 1)
    out = counts.rename("n").rename_axis("tie_band").reset_index().astype({"n": "int64"})
    return out.assign(share=out["n"] / total)


# ----------------------------------------------------------------------------- filters & composition

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


def _norm(values: pd.Series) -> pd.Series:
    return _per_text(values, lambda s: s.str.strip().str.casefold())


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
    """People whose name or company contains ``query`` (case-insensitive), strongest ties first.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada", "Alan", "Grace"],
    ...                   "company": ["Engines", "Bletchley", "Navy"], "tie_strength": [0.2, 0.9, 0.5]})
    >>> search_contacts(p, "a")["full_name"].tolist(), search_contacts(p, "NAVY")["full_name"].tolist()
    (['Alan', 'Grace', 'Ada'], ['Grace'])
    """
    q = str(query or "").strip().casefold()
    found = people
    if q:
        hay = (people["full_name"].astype(str) + " " + people["company"].astype(str)).str.casefold()
        found = people.loc[hay.str.contains(q, regex=False).to_numpy(dtype=bool)]
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


# ----------------------------------------------------------------------------- gaps against goals

#: A goal's need is ``thin`` with fewer than this many contacts who cover it ...
THIN_NEED = 5
#: ... or fewer than this many of them in the circles the person is in touch with yearly.
THIN_ACTIVE = 3
_ACTIVE = ("inner", "close", "active")
_CLOSE = ("inner", "close")
_CLOSER = ("inner", "close", "active", "meaningful")


def _words(value: str) -> str:
    return " " + re.sub(r"[^0-9a-z]+", " ", str(value).casefold()).strip() + " "


def _mentions(haystack: pd.Series, needle: str) -> pd.Series:
    """True where the texts share a whole-word phrase either way ("fintech" ~ "Fintech startups")."""
    n = _words(needle)
    hay = haystack.map(_words)
    return hay.str.contains(n, regex=False) | hay.map(lambda h: h.strip() != "" and h in n)


def find_gaps(people: pd.DataFrame, goals: pd.DataFrame, tags: pd.DataFrame | None = None,
              *, thin: int = THIN_NEED, thin_active: int = THIN_ACTIVE) -> pd.DataFrame:
    """For each need of each active goal, who in the network covers it, and whether that is a gap.

    A contact covers a need when its industry or a skill/interest/community tag mentions it (whole
    words, either way round), when the need names a function (by :data:`FUNCTION_RULES`) the
    contact works in, or a seniority (by :data:`SENIORITY_RULES`) the contact has reached or passed.
    ``n_active`` counts those in the inner, close or active circles (in touch at least yearly),
    ``n_senior`` those at senior level or above (people to learn from).
    ``status``: ``missing`` (nobody), ``thin`` (fewer than ``thin`` people in all, or fewer than
    ``thin_active`` in touch), else ``covered``.

    Columns: goal_id, goal, kind, need, matched_by, n_contacts, n_active, n_senior, status, contact_ids.

    >>> p = pd.DataFrame({"contact_id": [1, 2], "industry": ["Fintech", "Retail"], "function": ["product", "sales"],
    ...                   "seniority": ["mid", "director"], "seniority_rank": [1, 4], "circle": ["active", "acquaintance"]})
    >>> g = pd.DataFrame({"goal_id": [1], "title": ["Move"], "kind": ["role"], "needs": ["product management;fintech;vp"],
    ...                   "status": ["active"]})
    >>> find_gaps(p, g)[["need", "n_contacts", "status"]].values.tolist()
    [['product management', 1, 'thin'], ['fintech', 1, 'thin'], ['vp', 0, 'missing']]
    """
    cols = ["goal_id", "goal", "kind", "need", "matched_by", "n_contacts", "n_active", "n_senior", "status",
            "contact_ids"]
    active = goals.loc[goals["status"].fillna("active") == "active"] if "status" in goals else goals
    rows = []
    skill_tags = pd.DataFrame(columns=["contact_id", "text"])
    if tags is not None and len(tags):
        t = tags.loc[(tags["owner"] == "contact") & tags["kind"].isin(["skill", "interest", "community"])]
        skill_tags = pd.DataFrame({"contact_id": t["contact_id"].astype("Int64"), "text": t["text"].astype(str)})
        skill_tags = skill_tags.dropna(subset=["contact_id"])
    tag_texts = pd.Series(pd.unique(skill_tags["text"].to_numpy(dtype=object)), dtype=object)
    industries = pd.Series(pd.unique(people["industry"].astype(str).to_numpy(dtype=object)), dtype=object)
    active_circle = people["circle"].isin(_ACTIVE)
    senior = people["seniority_rank"] >= SENIORITY_LEVELS.index("senior")
    for goal in active.itertuples(index=False):  # a handful of goals, each with a few needs
        for need in [n.strip() for n in str(goal.needs or "").split(";") if n.strip()]:
            covered = pd.Series(False, index=people.index)
            how = []
            hit_ind = industries[_mentions(industries, need).to_numpy(dtype=bool)] if len(industries) else industries
            hit_ind = [i for i in hit_ind if i != UNKNOWN]
            if hit_ind:
                covered |= people["industry"].isin(hit_ind)
                how.append("industry")
            fn = classify_function(pd.Series([need])).iloc[0]
            if fn not in ("other", "unknown"):
                covered |= people["function"] == fn
                how.append("function")
            level = classify_seniority(pd.Series([need])).iloc[0]
            if level not in ("mid", "unknown") or re.search(r"\bmid\b", need, re.IGNORECASE):
                covered |= people["seniority_rank"] >= SENIORITY_LEVELS.index(level)
                how.append("seniority")
            if len(tag_texts):
                hit_tags = tag_texts[_mentions(tag_texts, need).to_numpy(dtype=bool)]
                if len(hit_tags):
                    ids = skill_tags.loc[skill_tags["text"].isin(hit_tags), "contact_id"].astype("int64")
                    covered |= people["contact_id"].isin(ids)
                    how.append("skill tag")
            n = int(covered.sum())
            n_active = int((covered & active_circle).sum())
            status = "missing" if n == 0 else ("thin" if n < thin or n_active < thin_active else "covered")
            rows.append({
                "goal_id": goal.goal_id, "goal": goal.title, "kind": goal.kind, "need": need,
                "matched_by": ", ".join(how), "n_contacts": n, "n_active": n_active,
                "n_senior": int((covered & senior).sum()), "status": status,
                "contact_ids": people.loc[covered, "contact_id"].astype("int64").tolist(),
            })
    return pd.DataFrame(rows, columns=cols)


# ----------------------------------------------------------------------------- structure

#: Edge weights for ties inferred from shared context (explicit links carry their own strength).
EMPLOYER_WEIGHT, COMMUNITY_WEIGHT = 0.5, 0.3
#: Edge reasons, as bits of the ``reasons`` column.
LINKED, SHARED_EMPLOYER, SHARED_COMMUNITY = 1, 2, 4
#: Groups (an employer, a community) up to this size become cliques; larger ones get hubs.
MAX_CLIQUE = 12
HUBS = 3

_COMPANY_SUFFIX = re.compile(r"[\s,]+(inc|ltd|llc|gmbh|ag|plc|corp|corporation|co|sa|bv|limited)\.?$", re.IGNORECASE)


def _company_key(values: pd.Series) -> pd.Series:
    def key(texts: pd.Series) -> pd.Series:
        s = texts.str.strip().str.casefold()
        s = s.str.replace(_COMPANY_SUFFIX, "", regex=True).str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()
        return s.where(~s.isin(["", "unknown", "self employed", "freelance", "none"]), "")

    return _per_text(values, key)


def _group_edges(members: pd.DataFrame, *, weight: float, reason: int, max_clique: int, hubs: int) -> pd.DataFrame:
    """Edges among members of each group (columns contact_id, key, strength; a blank text key is no group).

    Small groups (<= ``max_clique``) become cliques. A larger group's ``hubs`` strongest-tied
    members form a clique and every other member links to each of them, so a 2,000-person alumni
    group costs about 6,000 edges instead of two million.
    """
    m = members.loc[members["key"] != ""].drop_duplicates(["key", "contact_id"])
    size = m.groupby("key")["contact_id"].transform("size")
    m = m.assign(size=size).loc[size >= 2]
    if m.empty:
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                             "weight": pd.Series(dtype="float64"), "reasons": pd.Series(dtype="int64")})
    m = m.sort_values(["key", "strength", "contact_id"], ascending=[True, False, True], kind="stable")
    m = m.assign(rank=m.groupby("key").cumcount())
    core = m.loc[(m["size"] <= max_clique) | (m["rank"] < hubs), ["key", "contact_id"]]
    rest = m.loc[(m["size"] > max_clique) & (m["rank"] >= hubs), ["key", "contact_id"]]
    pairs = core.merge(core, on="key", suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["contact_id_a"] < pairs["contact_id_b"]]
    spokes = rest.merge(core, on="key", suffixes=("_a", "_b"))
    both = pd.concat([pairs, spokes], ignore_index=True)
    a = both["contact_id_a"].to_numpy(dtype="int64")
    b = both["contact_id_b"].to_numpy(dtype="int64")
    edges = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b)})
    # Sharing several groups of one kind (two communities) counts a little more, capped at 1.
    edges = edges.groupby(["a", "b"], sort=False).size().rename("k").reset_index()
    return edges.assign(weight=np.minimum(1.0, weight * edges["k"]), reasons=reason).drop(columns="k")


def link_contacts(people: pd.DataFrame, links: pd.DataFrame, tags: pd.DataFrame | None = None,
                  *, max_clique: int = MAX_CLIQUE, hubs: int = HUBS) -> pd.DataFrame:
    """The contact-to-contact edge list: explicit links, shared employers, shared communities.

    Shared employer: the same company (case, punctuation and "Inc/Ltd/GmbH..." ignored) or an
    ``employer`` tag; shared community: a ``community`` tag with the same text. Groups larger than
    ``max_clique`` are joined through their ``hubs`` strongest-tied members instead of as cliques
    (see :func:`_group_edges`), which keeps 30,000 contacts to a few hundred thousand edges.
    Weights: the link's strength, 0.5 per shared employer, 0.3 per shared community, summed and
    capped at 1. ``reasons`` holds bits: 1 linked, 2 shared employer, 4 shared community.

    Columns: a < b (contact ids), weight, reasons.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "company": ["Acme Inc", "ACME", "Other"], "tie_strength": [.5, .4, .3]})
    >>> l = pd.DataFrame({"a": [2], "b": [3], "kind": ["knows"], "strength": [0.8]})
    >>> link_contacts(p, l).values.tolist()
    [[1.0, 2.0, 0.5, 2.0], [2.0, 3.0, 0.8, 1.0]]
    """
    return _link_members(people, links, _group_members(people, tags), max_clique=max_clique, hubs=hubs)


def _group_members(people: pd.DataFrame, tags: pd.DataFrame | None) -> dict[str, pd.DataFrame | None]:
    """Who shares which employer and which community: per kind, a frame of ``row`` (position in
    ``people``) and ``key`` (a code for the normalised name; blank names left out). Text work only,
    so :class:`NetworkMap` keeps it while the contacts and tags do not change (tie strengths, which
    pick the hubs, may)."""
    ids = people["contact_id"].astype("int64")
    employers = [pd.DataFrame({"row": np.arange(len(people)), "key": _company_key(people["company"]).to_numpy()})]
    communities = []
    if tags is not None and len(tags):
        t = tags.loc[(tags["owner"] == "contact") & tags["contact_id"].notna()]
        t = t.loc[t["contact_id"].astype("int64").isin(ids)]
        where = pd.Index(ids.to_numpy())
        for kind, bucket in (("employer", employers), ("community", communities)):
            k = t.loc[t["kind"] == kind]
            key = _company_key(k["text"]) if kind == "employer" else _norm(k["text"])
            bucket.append(pd.DataFrame({"row": where.get_indexer(k["contact_id"].astype("int64").to_numpy()),
                                        "key": key.to_numpy()}))

    def coded(frames: list[pd.DataFrame]) -> pd.DataFrame:
        # Blank names dropped, names as integer codes: the grouping, sorting and joining that follow
        # run several times faster on integers (only which rows share a name matters).
        m = pd.concat(frames, ignore_index=True)
        m = m.loc[(m["key"] != "").to_numpy(dtype=bool)]
        return m.assign(key=pd.factorize(m["key"].to_numpy(dtype=object))[0]).reset_index(drop=True)

    return {"employer": coded(employers), "community": coded(communities) if communities else None}


def _link_members(people: pd.DataFrame, links: pd.DataFrame | None, members: dict[str, pd.DataFrame | None],
                  *, max_clique: int = MAX_CLIQUE, hubs: int = HUBS) -> pd.DataFrame:
    """:func:`link_contacts` from :func:`_group_members`' groups."""
    ids = people["contact_id"].astype("int64")
    strength = people["tie_strength"].fillna(0.0).to_numpy() if "tie_strength" in people else np.zeros(len(people))
    parts = []
    if links is not None and len(links):
        la, lb = links["a"].astype("int64").to_numpy(), links["b"].astype("int64").to_numpy()
        lk = pd.DataFrame({"a": np.minimum(la, lb), "b": np.maximum(la, lb),
                           "weight": links["strength"].astype("float64").to_numpy()})
        lk = lk.loc[lk["a"].isin(ids) & lk["b"].isin(ids) & (lk["a"] != lk["b"])]
        parts.append(lk.groupby(["a", "b"], sort=False)["weight"].max().reset_index().assign(reasons=LINKED))
    for kind, weight, reason in (("employer", EMPLOYER_WEIGHT, SHARED_EMPLOYER),
                                 ("community", COMMUNITY_WEIGHT, SHARED_COMMUNITY)):
        m = members[kind]
        if m is None:
            continue
        rows = m["row"].to_numpy()
        group = pd.DataFrame({"contact_id": ids.to_numpy()[rows], "key": m["key"].to_numpy(), "strength": strength[rows]})
        parts.append(_group_edges(group, weight=weight, reason=reason, max_clique=max_clique, hubs=hubs))
    edges = pd.concat(parts, ignore_index=True)
    if edges.empty:
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                             "weight": pd.Series(dtype="float64"), "reasons": pd.Series(dtype="int64")})
    out = edges.groupby(["a", "b"]).agg(weight=("weight", "sum"), reasons=("reasons", "sum")).reset_index()
    return out.assign(weight=out["weight"].clip(upper=1.0), reasons=out["reasons"].astype("int64"))


def build_graph(people: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """A networkx graph: every contact a node (even without edges), weighted edges from ``edges``.

    >>> g = build_graph(pd.DataFrame({"contact_id": [1, 2, 3]}), pd.DataFrame({"a": [1], "b": [2], "weight": [.5]}))
    >>> g.number_of_nodes(), g.number_of_edges()
    (3, 1)
    """
    g = nx.Graph()
    g.add_nodes_from(people["contact_id"].astype("int64").tolist())
    g.add_weighted_edges_from(
        zip(edges["a"].astype("int64").tolist(), edges["b"].astype("int64").tolist(),
            edges["weight"].astype("float64").tolist())
    )
    return g


#: Above this many connected contacts, colleagues are clustered as one unit (see find_clusters).
COARSEN_ABOVE = 3_000


def louvain(n: int, edges: Iterable[tuple[int, int, float]], *, seed: int = 0, resolution: float = 1.0,
            threshold: float = 1e-7) -> list[set[int]]:
    """Louvain communities of the undirected graph on nodes ``0..n-1`` with weighted ``edges`` (a, b, w).

    The same partition as ``networkx.community.louvain_communities`` (networkx 3) on an ``nx.Graph``
    built with ``add_nodes_from(range(n))`` and ``add_weighted_edges_from(edges)`` for the same
    ``seed``: the same steps in the same order (node shuffles, neighbour order, float sums), kept on
    plain lists and dicts instead of graph views, which makes it about twice as fast. The clusters
    behind the network map come from here, so the map opens sooner; a test compares it with networkx.

    >>> sorted(sorted(c) for c in louvain(5, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0)]))
    [[0, 1, 2], [3, 4]]
    """
    adj: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, w in edges:
        adj[a][b] = w
        adj[b][a] = w
    if not any(adj):
        return [{u} for u in range(n)]
    first_mod = _modularity(adj, _degrees(adj), [{u} for u in range(n)], resolution)
    # networkx runs on a copy of the graph, whose neighbour order follows its edge order.
    adj = _copy_graph(adj)
    rng = random.Random(seed)
    degrees = _degrees(adj)
    m = sum(degrees) / 2
    members = [{u} for u in range(n)]  # the original nodes inside each node of the current level
    partition, inner, improvement = _louvain_level(adj, degrees, members, m, [{u} for u in range(n)],
                                                   resolution, rng)
    mod, improvement, best = first_mod, True, partition
    while improvement:
        best = [part.copy() for part in partition]
        new_mod = _modularity(adj, degrees, inner, resolution)
        if new_mod - mod <= threshold:
            return best
        mod = new_mod
        adj, members = _merge_level(adj, members, inner)
        degrees = _degrees(adj)
        partition, inner, improvement = _louvain_level(adj, degrees, members, m, partition, resolution, rng)
    return best


def _copy_graph(adj: list[dict[int, float]]) -> list[dict[int, float]]:
    """Edges re-added in networkx's edge order: nodes in order, each edge once."""
    out: list[dict[int, float]] = [{} for _ in adj]
    seen: set[int] = set()
    for a, nbrs in enumerate(adj):
        for b, w in nbrs.items():
            if b not in seen:
                out[a][b] = w
                out[b][a] = w
        seen.add(a)
    return out


def _degrees(adj: list[dict[int, float]]) -> list[float]:
    """Weighted degrees, a self-loop counted twice (as ``Graph.degree(weight=...)``)."""
    return [sum(nbrs.values()) + (nbrs[u] if u in nbrs else 0) for u, nbrs in enumerate(adj)]


def _modularity(adj: list[dict[int, float]], degrees: list[float], communities: list[set[int]],
                resolution: float) -> float:
    """``networkx.community.modularity``, summed in the same order."""
    deg_sum = sum(degrees)
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    total = 0
    for community in communities:
        comm = set(community)
        seen: set[int] = set()
        inside = 0
        for u in comm:
            for v, w in adj[u].items():
                if v not in seen and v in comm:
                    inside += w
            seen.add(u)
        degree_sum = sum(degrees[u] for u in comm)
        total = total + (inside / m - resolution * degree_sum * degree_sum * norm)
    return total


def _louvain_level(adj: list[dict[int, float]], degrees: list[float], members: list[set[int]], m: float,
                   partition: list[set[int]], resolution: float, rng: random.Random):
    """One level of moves (networkx's ``_one_level``): each node, in a shuffled order, joins the
    neighbouring community with the best modularity gain, until a pass moves nobody."""
    n = len(adj)
    node2com = list(range(n))
    inner = [{u} for u in range(n)]
    stot = list(degrees)
    nbrs = [[(v, w) for v, w in a.items() if v != u] for u, a in enumerate(adj)]
    order = list(range(n))
    rng.shuffle(order)
    two_m2 = 2 * m**2
    moves, improvement = 1, False
    while moves > 0:
        moves = 0
        for u in order:
            best_gain = 0
            own = best = node2com[u]
            weights: dict[int, float] = {}
            for v, w in nbrs[u]:
                c = node2com[v]
                weights[c] = weights.get(c, 0.0) + w
            if own not in weights:  # networkx reads it from a defaultdict, which adds it last
                weights[own] = 0.0
            degree = degrees[u]
            stot[own] -= degree
            remove_cost = -weights[own] / m + resolution * (stot[own] * degree) / two_m2
            for c, w in weights.items():
                gain = remove_cost + w / m - resolution * (stot[c] * degree) / two_m2
                if gain > best_gain:
                    best_gain, best = gain, c
            stot[best] += degree
            if best != own:
                partition[own].difference_update(members[u])
                inner[own].remove(u)
                partition[best].update(members[u])
                inner[best].add(u)
                node2com[u] = best
                improvement = True
                moves += 1
    return list(filter(len, partition)), list(filter(len, inner)), improvement


def _merge_level(adj: list[dict[int, float]], members: list[set[int]], inner: list[set[int]]):
    """The next level's graph: one node per community, edge weights summed (networkx's ``_gen_graph``)."""
    node2com: dict[int, int] = {}
    merged: list[set[int]] = []
    for i, part in enumerate(inner):
        nodes: set[int] = set()
        for node in part:
            node2com[node] = i
            nodes.update(members[node])
        merged.append(nodes)
    out: list[dict[int, float]] = [{} for _ in inner]
    seen: set[int] = set()
    for a, nbrs in enumerate(adj):
        for b, w in nbrs.items():
            if b in seen:
                continue
            c1, c2 = node2com[a], node2com[b]
            total = w + out[c1].get(c2, 0)
            out[c1][c2] = total
            out[c2][c1] = total
        seen.add(a)
    return out, merged


def find_clusters(people: pd.DataFrame, edges: pd.DataFrame, *, seed: int = 0, resolution: float = 1.0,
                  coarsen_above: int = COARSEN_ABOVE) -> pd.DataFrame:
    """Clusters of contacts who know each other or share an employer or community (Louvain).

    Numbered 0, 1, ... by size (largest first); contacts with no ties to any other contact
    get cluster -1 ("on their own"). Deterministic for a given ``seed``.

    Louvain (:func:`louvain`, networkx's algorithm) is pure Python; on a 30,000-contact network it
    takes tens of seconds.
    Above ``coarsen_above`` connected contacts, everyone at the same employer is first merged
    into one node (edges between the merged nodes summed, ties inside kept as self-loops) and
    Louvain runs on that smaller graph. Louvain's own first pass nearly always puts colleagues
    together, since a shared employer is the heaviest inferred tie, so the result is close while
    the cost falls to a few seconds.

    Columns: contact_id, cluster.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3, 4, 5]})
    >>> e = pd.DataFrame({"a": [1, 1, 2, 4], "b": [2, 3, 3, 5], "weight": [1.0] * 4})
    >>> find_clusters(p, e)["cluster"].tolist()
    [0, 0, 0, 1, 1]
    """
    ids = people["contact_id"].astype("int64")
    e = edges.loc[edges["a"].isin(ids) & edges["b"].isin(ids)]
    connected = np.union1d(e["a"].to_numpy(dtype="int64"), e["b"].to_numpy(dtype="int64"))
    # unit: the node each contact is clustered as (itself, or its employer above coarsen_above).
    unit = pd.Series(np.arange(len(connected)), index=connected)
    if len(connected) > coarsen_above and "company" in people:
        key = pd.Series(_company_key(people["company"]).to_numpy(), index=ids.to_numpy()).reindex(connected)
        key = key.where(key != "", pd.Series(connected.astype(str), index=connected).radd("#"))
        unit = pd.Series(pd.factorize(key.to_numpy(dtype=object))[0], index=connected)
    ua, ub = unit.reindex(e["a"]).to_numpy(), unit.reindex(e["b"]).to_numpy()
    agg = (pd.DataFrame({"u": np.minimum(ua, ub), "v": np.maximum(ua, ub), "w": e["weight"].to_numpy(dtype="float64")})
           .groupby(["u", "v"]).sum().reset_index())
    n_units = int(unit.max()) + 1 if len(unit) else 0
    parts = louvain(n_units, zip(agg["u"].tolist(), agg["v"].tolist(), agg["w"].tolist()), seed=seed,
                    resolution=resolution) if n_units else []
    of_unit = np.full(n_units, -1, dtype="int64")
    for k, part in enumerate(parts):
        of_unit[list(part)] = k
    raw = pd.Series(of_unit[unit.to_numpy()], index=connected)
    # Renumber by size in contacts (largest first, ties by smallest member); singletons are -1.
    sizes = (pd.DataFrame({"c": raw.to_numpy(), "id": raw.index}).groupby("c")["id"].agg(["size", "min"])
             .set_axis(["size", "first"], axis=1))
    sizes = sizes.loc[sizes["size"] > 1].sort_values(["size", "first"], ascending=[False, True])
    renumber = pd.Series(np.arange(len(sizes)), index=sizes.index)
    cluster = raw.map(renumber).reindex(ids.to_numpy()).fillna(-1).astype("int64")
    return pd.DataFrame({"contact_id": ids.to_numpy(), "cluster": cluster.to_numpy()})


def _mode(frame: pd.DataFrame, by: str, col: str) -> pd.DataFrame:
    f = frame.loc[frame[col].astype(str) != UNKNOWN, [by, col]]
    counts = f.groupby([by, col], observed=True).size().rename("n").reset_index()
    counts = counts.sort_values([by, "n", col], ascending=[True, False, True]).drop_duplicates(by)
    return counts.set_index(by).rename(columns={col: f"top_{col}", "n": f"n_{col}"})


def describe_clusters(people: pd.DataFrame, clusters: pd.DataFrame, tags: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per cluster: size, a readable label, its top company/industry/community, strong ties.

    The label is the company most members share when at least half do, else the community when
    at least half share one, else the top industry ("Fintech (12)"); cluster -1 is "On their own".

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "company": ["Acme", "Acme", "Beta"],
    ...                   "industry": ["Retail"] * 3, "circle": ["inner", "acquaintance", "close"], "tie_band": ["strong"] * 3})
    >>> describe_clusters(p, pd.DataFrame({"contact_id": [1, 2, 3], "cluster": [0, 0, -1]}))["label"].tolist()
    ['Acme', 'On their own']
    """
    f = people.merge(clusters, on="contact_id", how="inner")
    size = f.groupby("cluster").size().rename("size")
    out = pd.DataFrame(size).join(_mode(f, "cluster", "company")).join(_mode(f, "cluster", "industry"))
    if tags is not None and len(tags):
        t = tags.loc[(tags["owner"] == "contact") & (tags["kind"] == "community") & tags["contact_id"].notna()]
        t = pd.DataFrame({"contact_id": t["contact_id"].astype("int64").to_numpy(), "community": t["text"].astype(str).to_numpy()})
        out = out.join(_mode(t.merge(clusters, on="contact_id"), "cluster", "community"))
    for col in ("top_company", "top_industry", "top_community"):
        if col not in out:
            out[col] = UNKNOWN
        out[col] = out[col].fillna(UNKNOWN)
        n = f"n_{col[4:]}"
        out[n] = out[n].fillna(0).astype("int64") if n in out else 0
    out["closer"] = _count_closer(f)
    half = out["size"] / 2
    label = np.where(out["n_company"] >= half, out["top_company"],
                     np.where(out["n_community"] >= half, out["top_community"], out["top_industry"]))
    out["label"] = np.where(out.index == -1, "On their own", label)
    # Two groups called "Education" are told apart by their top company.
    dup = out["label"].duplicated(keep=False) & (out.index != -1)
    out.loc[dup, "label"] = out.loc[dup, "label"] + " · " + out.loc[dup, "top_company"]
    dup = out["label"].duplicated(keep=False) & (out.index != -1)
    out.loc[dup, "label"] = out.loc[dup, "label"] + " #" + out.index[dup].astype(str)
    out = out.reset_index()
    return out[["cluster", "label", "size", "closer", "top_company", "top_industry", "top_community"]].sort_values(
        "cluster", key=lambda s: s.where(s >= 0, np.iinfo("int64").max)).reset_index(drop=True)


def _count_closer(members: pd.DataFrame) -> pd.Series:
    """Per cluster, how many members are in a circle closer than acquaintance (``members``: people
    with their ``cluster``)."""
    return members.assign(c=members["circle"].isin(_CLOSER)).groupby("cluster")["c"].sum().astype("int64")


#: Tie to the person used for contacts with no exchanges yet, so every connection is in the ego network.
MIN_EGO_WEIGHT = 0.05


def measure_brokerage(people: pd.DataFrame, edges: pd.DataFrame, *, min_weight: float = MIN_EGO_WEIGHT) -> dict[str, float]:
    """Burt's effective size, efficiency and constraint for the person (the ego) only.

    The ego network is the person joined to every contact with weight = tie strength (at least
    ``min_weight``) plus the contact-to-contact ``edges``. With ``p_q`` the share of the person's
    tie weight going to contact q and ``w`` edge weights:

    * effective size = sum over contacts j of ``1 - sum_q p_q * w_jq / max_k w_jk``
      (non-redundant contacts; equals the number of contacts when none know each other);
    * efficiency = effective size / number of contacts;
    * constraint = sum over j of ``(p_j + sum_q p_q * w_qj / W_q)^2`` where ``W_q`` is q's total tie
      weight (low = the person spans structural holes).

    The same formulas as ``networkx.effective_size`` / ``networkx.constraint`` with
    ``weight="weight"`` (a test checks), computed from the edge list in O(edges) for the ego
    alone instead of O(n^2).

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3], "tie_strength": [1.0, 1.0, 1.0]})
    >>> b = measure_brokerage(p, pd.DataFrame({"a": [1], "b": [2], "weight": [1.0]}))
    >>> round(b["effective_size"], 2), round(b["constraint"], 3)
    (2.33, 0.611)
    """
    ids = people["contact_id"].astype("int64").to_numpy()
    n = len(ids)
    if n == 0:
        return {"contacts": 0, "ties_among_contacts": 0, "effective_size": float("nan"),
                "efficiency": float("nan"), "constraint": float("nan")}
    s = np.maximum(people["tie_strength"].fillna(0.0).to_numpy(dtype="float64"), min_weight)
    pos = pd.Index(ids)
    e = edges.loc[edges["a"].isin(ids) & edges["b"].isin(ids) & (edges["weight"] > 0)]
    ia, ib = pos.get_indexer(e["a"].to_numpy()), pos.get_indexer(e["b"].to_numpy())
    w = e["weight"].to_numpy(dtype="float64")
    p = s / s.sum()
    total = s + np.bincount(ia, w, n) + np.bincount(ib, w, n)
    biggest = s.copy()
    np.maximum.at(biggest, ia, w)
    np.maximum.at(biggest, ib, w)
    redundancy = np.bincount(ia, p[ib] * w / biggest[ia], n) + np.bincount(ib, p[ia] * w / biggest[ib], n)
    effective = float(n - redundancy.sum())
    indirect = np.bincount(ib, p[ia] * w / total[ia], n) + np.bincount(ia, p[ib] * w / total[ib], n)
    constraint = float(np.square(p + indirect).sum())
    return {"contacts": n, "ties_among_contacts": int(len(e)), "effective_size": effective,
            "efficiency": effective / n, "constraint": constraint}


#: Above this many contacts, betweenness is estimated from this many sampled sources.
BETWEENNESS_SAMPLE = 200


def find_bridges(people: pd.DataFrame, edges: pd.DataFrame, clusters: pd.DataFrame, *,
                 sample: int = BETWEENNESS_SAMPLE, max_nodes: int = 5_000, seed: int = 0) -> pd.DataFrame:
    """Contacts who connect otherwise separate clusters, most valuable first.

    ``bridge_score`` sums, over every other cluster a contact has ties into, one over the number of
    people in the contact's own cluster with ties into that cluster: the only person in a group
    who reaches another group scores 1 for that pair. ``betweenness`` is the contact's betweenness centrality on the contact graph,
    estimated from ``sample`` random sources on graphs of more than ``sample`` nodes and left
    empty (NaN) above ``max_nodes`` (the score above is the fast, vectorised signal).

    Columns: contact_id, cluster, clusters_reached, cross_ties, bridge_score, betweenness.
    Only contacts reaching at least one other cluster are listed.

    >>> p = pd.DataFrame({"contact_id": [1, 2, 3, 4]})
    >>> e = pd.DataFrame({"a": [1, 2, 3], "b": [2, 3, 4], "weight": [1.0] * 3})
    >>> c = pd.DataFrame({"contact_id": [1, 2, 3, 4], "cluster": [0, 0, 1, 1]})
    >>> find_bridges(p, e, c)[["contact_id", "clusters_reached", "bridge_score"]].values.tolist()
    [[2.0, 1.0, 1.0], [3.0, 1.0, 1.0]]
    """
    cols = ["contact_id", "cluster", "clusters_reached", "cross_ties", "bridge_score", "betweenness"]
    lookup = pd.Series(clusters["cluster"].to_numpy(), index=clusters["contact_id"].to_numpy())
    e = edges.loc[edges["a"].isin(lookup.index) & edges["b"].isin(lookup.index)]
    ca, cb = lookup.reindex(e["a"]).to_numpy(), lookup.reindex(e["b"]).to_numpy()
    cross = (ca != cb) & (ca >= 0) & (cb >= 0)
    if not cross.any():
        return pd.DataFrame(columns=cols)
    a, b = e["a"].to_numpy()[cross], e["b"].to_numpy()[cross]
    half = pd.DataFrame({"contact_id": np.r_[a, b], "cluster": np.r_[ca[cross], cb[cross]],
                         "other": np.r_[cb[cross], ca[cross]]})
    per = half.drop_duplicates(["contact_id", "other"])
    brokers = per.groupby(["cluster", "other"]).size().rename("brokers")
    per = per.join(brokers, on=["cluster", "other"])
    per = per.assign(inverse=1.0 / per["brokers"])
    out = per.groupby("contact_id").agg(cluster=("cluster", "first"), clusters_reached=("other", "size"),
                                        bridge_score=("inverse", "sum"))
    out["cross_ties"] = half.groupby("contact_id").size()
    out["betweenness"] = np.nan
    n = int(lookup.size)
    if n <= max_nodes:
        g = build_graph(pd.DataFrame({"contact_id": lookup.index}), edges)
        k = sample if n > sample else None
        bc = nx.betweenness_centrality(g, k=k, seed=seed, weight=None)
        out["betweenness"] = pd.Series(bc).reindex(out.index).to_numpy()
    out = out.reset_index().sort_values(["bridge_score", "clusters_reached", "cross_ties", "contact_id"],
                                        ascending=[False, False, False, True])
    return out[cols].reset_index(drop=True)


# ----------------------------------------------------------------------------- growth


def measure_growth(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of, months: int | None = 36) -> pd.DataFrame:
    """Connections and active ties per month, up to ``as_of`` (the last ``months`` months).

    ``new_connections`` counts ``connected_on`` dates (falling back to the first exchange);
    ``connections`` is the running total (including everyone before the window); ``active_ties``
    is the number of distinct contacts with at least one exchange that month.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "connected_on": pd.to_datetime(["2024-01-10", None])})
    >>> i = pd.DataFrame({"contact_id": [1, 2, 2], "date": pd.to_datetime(["2024-02-01", "2024-02-03", "2024-02-09"])})
    >>> measure_growth(c, i, as_of="2024-02-29", months=2).values.tolist()[1][1:]
    [1, 2, 2, 3]
    """
    cols = ["month", "new_connections", "connections", "active_ties", "interactions"]
    end = np.datetime64(pd.Timestamp(as_of).normalize().to_datetime64(), "M")
    ids = contacts["contact_id"].astype("int64").to_numpy()
    inter = interactions.loc[interactions["date"] <= pd.Timestamp(as_of)]
    inter = inter.loc[inter["contact_id"].isin(ids)]
    imonth = inter["date"].to_numpy().astype("datetime64[M]")
    icid = inter["contact_id"].to_numpy(dtype="int64")
    first = pd.Series(imonth, index=icid).groupby(level=0).min() if len(inter) else pd.Series(dtype="datetime64[M]")
    joined = pd.Series(pd.to_datetime(contacts["connected_on"]).to_numpy().astype("datetime64[M]"), index=ids)
    joined = joined.fillna(first.reindex(ids)) if len(first) else joined
    joined = joined.dropna()
    joined = joined.loc[joined <= end]
    start_candidates = [joined.min()] if len(joined) else []
    if len(imonth):
        start_candidates.append(imonth.min())
    if not start_candidates:
        return pd.DataFrame(columns=cols)
    start = min(np.datetime64(s, "M") for s in start_candidates)
    if months is not None:
        start = max(start, end - np.timedelta64(int(months) - 1, "M"))
    span = np.arange(start, end + np.timedelta64(1, "M"), dtype="datetime64[M]")
    offset = span[0].astype("int64")
    nbins = len(span)

    def per_month(months: np.ndarray) -> np.ndarray:
        k = months.astype("int64") - offset
        return np.bincount(k[(k >= 0) & (k < nbins)], minlength=nbins)

    jm = joined.to_numpy().astype("datetime64[M]")
    new = per_month(jm)
    before = int((jm < span[0]).sum())
    # distinct (month, contact) pairs without a million-row drop_duplicates
    k = imonth.astype("int64") - offset
    keep = k >= 0
    pairs = np.unique(k[keep] * (int(icid.max()) + 1 if len(icid) else 1) + icid[keep]) if keep.any() else np.array([], "int64")
    active = np.bincount(pairs // (int(icid.max()) + 1 if len(icid) else 1), minlength=nbins)[:nbins]
    return pd.DataFrame({
        "month": pd.to_datetime(span.astype("datetime64[ns]")),
        "new_connections": new.astype("int64"),
        "connections": before + np.cumsum(new).astype("int64"),
        "active_ties": active.astype("int64"),
        "interactions": per_month(imonth).astype("int64"),
    })[cols]


# ----------------------------------------------------------------------------- expanding


def suggest_expansion(people: pd.DataFrame, tags: pd.DataFrame, gaps: pd.DataFrame | None = None,
                      *, doorways: int = 3, limit: int = 10) -> pd.DataFrame:
    """Events, associations and online communities (contact tags of kind community/event) that
    reach the missing parts of the network, with the existing contacts who are the doorway.

    A venue reaches a need (a ``missing`` or ``thin`` row of :func:`find_gaps`) when its name
    mentions the need or one of its members covers it. ``novelty`` is the share of its members
    outside the person's three biggest industries. Venues the person already belongs to
    (profile tags) are listed last. Needs no venue reaches come back as ``kind='to find'`` rows.

    Columns: venue, kind, members, reaches (';'-joined needs), novelty, doorway (';'-joined names),
    doorway_ids (list), you_belong, score.

    >>> p = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "Bo"], "industry": ["Fintech", "Retail"],
    ...                   "tie_strength": [0.9, 0.1]})
    >>> t = pd.DataFrame({"owner": ["contact"] * 2, "contact_id": [1, 2], "kind": ["community", "event"],
    ...                   "text": ["Fintech Guild", "ShopCon"]})
    >>> g = pd.DataFrame({"need": ["fintech"], "status": ["thin"], "contact_ids": [[1]]})
    >>> suggest_expansion(p, t, g)[["venue", "reaches", "doorway"]].values.tolist()
    [['Fintech Guild', 'fintech', 'Ada'], ['ShopCon', '', 'Bo']]
    """
    cols = ["venue", "kind", "members", "reaches", "novelty", "doorway", "doorway_ids", "you_belong", "score"]
    venues = tags.loc[tags["kind"].isin(["community", "event"])]
    mine = set(_norm(venues.loc[venues["owner"] == "profile", "text"]))
    v = venues.loc[(venues["owner"] == "contact") & venues["contact_id"].notna()]
    v = pd.DataFrame({"contact_id": v["contact_id"].astype("int64").to_numpy(), "kind": v["kind"].to_numpy(dtype=object),
                      "text": v["text"].astype(str).to_numpy(dtype=object)})
    v = v.loc[v["contact_id"].isin(people["contact_id"])]
    open_needs = gaps.loc[gaps["status"].isin(["missing", "thin"])] if gaps is not None and len(gaps) else None
    out = pd.DataFrame(columns=cols)
    if not v.empty:
        v = v.assign(key=_norm(v["text"]))
        top_industries = list(people.loc[people["industry"] != UNKNOWN, "industry"].value_counts().index[:3])
        info = people.set_index("contact_id")[["full_name", "industry", "tie_strength"]]
        members = v.drop_duplicates(["key", "contact_id"]).join(info, on="contact_id")
        members = members.assign(
            outside=~members["industry"].isin(top_industries) & (members["industry"] != UNKNOWN),
            tie_strength=members["tie_strength"].fillna(0.0),
        ).sort_values(["key", "tie_strength", "contact_id"], ascending=[True, False, True], kind="stable")

        def commonest(col: str) -> pd.Series:
            n = v.groupby(["key", col]).size().rename("n").reset_index()
            return n.sort_values(["key", "n", col], ascending=[True, False, True]).drop_duplicates("key").set_index("key")[col]

        door = members.groupby("key", sort=False).head(doorways).groupby("key", sort=False).agg(
            doorway=("full_name", lambda s: ";".join(s.astype(str))), doorway_ids=("contact_id", list))
        out = members.groupby("key").agg(members=("contact_id", "size"), novelty=("outside", "mean"),
                                         best=("tie_strength", "max"))
        out = out.join(commonest("text").rename("venue")).join(commonest("kind")).join(door)
        reach = pd.Series([[] for _ in range(len(out))], index=out.index, dtype=object)
        if open_needs is not None and len(open_needs):
            cover = open_needs[["need", "contact_ids"]].explode("contact_ids").dropna()
            cover = cover.assign(contact_id=cover["contact_ids"].astype("int64"))[["need", "contact_id"]]
            hits = members[["key", "contact_id"]].merge(cover, on="contact_id")[["key", "need"]]
            # A venue whose name mentions the need reaches it too ("Fintech Forum" for "fintech").
            named = [(k, n) for k in out.index for n in open_needs["need"]
                     if _words(n) in _words(k) or _words(k).strip() in _words(n)]
            hits = pd.concat([hits, pd.DataFrame(named, columns=["key", "need"])]).drop_duplicates()
            order = {n: i for i, n in enumerate(dict.fromkeys(open_needs["need"]))}
            hits = hits.assign(o=hits["need"].map(order)).sort_values(["key", "o"])
            reach = reach.combine(hits.groupby("key")["need"].agg(list), lambda a, b: b if isinstance(b, list) else a)
        out = out.assign(
            reaches=reach.map(";".join),
            you_belong=out.index.isin(list(mine)),
            score=2.0 * reach.map(len) + out["novelty"] + 0.5 * out["best"] + 0.1 * np.log1p(out["members"]),
        ).reset_index(drop=True)[cols]
    if len(out):
        out = out.sort_values(["you_belong", "score", "venue"], ascending=[True, False, True]).head(limit)
    if open_needs is not None:
        reached = set(";".join(out["reaches"]).split(";")) if len(out) else set()
        todo = [n for n in open_needs["need"] if n not in reached]
        extra = pd.DataFrame([{"venue": f"a {n} association, meetup or online group", "kind": "to find", "members": 0,
                               "reaches": n, "novelty": 1.0, "doorway": "", "doorway_ids": [], "you_belong": False,
                               "score": 0.0} for n in dict.fromkeys(todo)], columns=cols)
        out = pd.concat([out, extra], ignore_index=True) if len(extra) else out
    return out.reset_index(drop=True).astype({"members": "int64", "you_belong": bool})


def plan_next_steps(people: pd.DataFrame, gaps: pd.DataFrame, expansion: pd.DataFrame, bridges: pd.DataFrame,
                    clusters: pd.DataFrame | None = None, *, limit: int = 5) -> pd.DataFrame:
    """A short, concrete to-do list computed from the map (one action per line, with why).

    Draws on: the venue that reaches the most missing needs and who can take you; a dormant or
    weak tie at a higher level to reconnect with; the strongest bridge contact; an empty inner
    place; and a need no venue reaches yet.

    Columns: action, why, contact_id (Int64, the person to contact if any).

    >>> p = pd.DataFrame({"contact_id": [1], "full_name": ["Ada"], "tie_band": ["dormant"], "seniority_rank": [5],
    ...                   "seniority": ["vp"], "company": ["X"], "days_since": [1500.0], "circle": ["acquaintance"],
    ...                   "tie_strength": [0.1]})
    >>> e = pd.DataFrame(columns=["venue", "kind", "reaches", "doorway", "doorway_ids", "you_belong"])
    >>> plan_next_steps(p, pd.DataFrame(columns=["need", "status"]), e, pd.DataFrame(columns=["contact_id"]))["action"].tolist()
    ['Reconnect with Ada (vp at X): it has been 4 years.', 'Choose your inner circle: 0 of 5 places are filled.']
    """
    rows: list[dict[str, Any]] = []
    name = people.set_index("contact_id")["full_name"].astype(str)
    venues = expansion.loc[(expansion["kind"] != "to find") & ~expansion["you_belong"].astype(bool)] if len(expansion) else expansion
    if len(venues):
        best = venues.iloc[0]
        door = list(best["doorway_ids"])
        where = f"{best['venue']} ({best['kind']})"
        action = f"Ask {name.get(door[0], 'a member')} to bring you to {where}." if door else f"Go to {where}."
        why = f"It reaches {best['reaches'].replace(';', ', ')}, which your goals need." if best["reaches"] else (
            f"{_share(best['novelty'])} of its members work outside your usual industries.")
        rows.append({"action": action, "why": why, "contact_id": door[0] if door else pd.NA})
    open_needs = gaps.loc[gaps["status"] == "thin"] if len(gaps) else gaps
    if len(open_needs):
        # the strongest-tied, most senior person who covers a thin need but is not yet close
        need = open_needs.iloc[0]
        who = people.loc[people["contact_id"].isin(list(need["contact_ids"])) & ~people["circle"].isin(_CLOSE)]
        who = who.sort_values(["seniority_rank", "tie_strength", "contact_id"], ascending=[False, False, True])
        if len(who):
            w = who.iloc[0]
            rows.append({"action": f"Ask {w['full_name']} ({w['position'] or w['seniority']}) for twenty minutes "
                                   f"on {need['need']}.",
                         "why": f"Only {int(need['n_active'])} people you are in touch with know about "
                                f"{need['need']}, and your goal '{need['goal']}' needs it.",
                         "contact_id": int(w["contact_id"])})
    # Reconnecting with dormant or weak ties at a higher level gives fresh advice fast (Levin et al. 2011).
    cand = people.loc[people["tie_band"].isin(["dormant", "weak"])].sort_values(
        ["seniority_rank", "tie_band", "tie_strength", "contact_id"], ascending=[False, True, False, True])
    if len(cand):
        c = cand.iloc[0]
        years = int(c["days_since"] // 365) if pd.notna(c["days_since"]) else 0
        ago = f"it has been {years} years" if years >= 2 else "it has been a while"
        rows.append({"action": f"Reconnect with {c['full_name']} ({c['seniority']} at {c['company']}): {ago}.",
                     "why": "Dormant and weaker ties at a higher level tend to give the most novel advice.",
                     "contact_id": int(c["contact_id"])})
    if len(bridges):
        b = bridges.iloc[0]
        cid = int(b["contact_id"])
        rows.append({"action": f"Ask {name.get(cid, 'your best bridge')} to introduce you across the groups they span "
                               f"({int(b['clusters_reached']) + 1} clusters).",
                     "why": "Bridges connect parts of your network that do not otherwise talk.", "contact_id": cid})
    inner = int((people["circle"] == "inner").sum())
    if inner < DUNBAR_SIZES["inner"]:
        rows.append({"action": f"Choose your inner circle: {inner} of {DUNBAR_SIZES['inner']} places are filled.",
                     "why": "The few people you see weekly carry most of the support.", "contact_id": pd.NA})
    if len(expansion):
        todo = expansion.loc[expansion["kind"] == "to find"]
        if len(todo):
            rows.append({"action": f"Search for {todo.iloc[0]['venue']}.",
                         "why": f"Nobody in your network covers {todo.iloc[0]['reaches']} yet.", "contact_id": pd.NA})
    out = pd.DataFrame(rows, columns=["action", "why", "contact_id"]).head(limit)
    return out.astype({"contact_id": "Int64"}).reset_index(drop=True)


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
    row = people.loc[people["contact_id"] == int(contact_id)]
    if row.empty:
        raise ValueError(f"There is no contact with id {contact_id} on the map.")
    r = row.iloc[0]
    card: dict[str, Any] = {
        k: (r[k].item() if hasattr(r[k], "item") else r[k]) for k in
        ("contact_id", "full_name", "position", "company", "industry", "city", "function", "seniority", "circle",
         "set_by", "tie_band", "n_365", "source") if k in r.index
    }
    card["tie_strength"] = round(float(r.get("tie_strength", 0.0) or 0.0), 2)
    days = r.get("days_since")
    card["days_since"] = None if days is None or pd.isna(days) else int(days)
    last = r.get("last_contact")
    card["last_contact"] = "" if last is None or pd.isna(last) else pd.Timestamp(last).strftime("%Y-%m-%d")
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


def _share(x: float) -> str:
    return f"{100 * float(x):.0f}%"


# ----------------------------------------------------------------------------- everything at once


@dataclass
class NetworkMap:
    """Every map analysis for one workbook's frames, each computed on first use and kept.

    >>> m = NetworkMap(contacts=pd.DataFrame({"contact_id": [1], "full_name": ["Ada"], "connected_on": pd.to_datetime(["2024-01-01"]),
    ...                "circle": [""]}), interactions=pd.DataFrame(columns=["contact_id", "date", "direction", "kind"]).astype(
    ...                {"contact_id": "int64", "date": "datetime64[ns]"}), as_of="2024-06-01")
    >>> m.people["circle"].tolist(), m.brokerage["contacts"]
    (['acquaintance'], 1)
    """

    contacts: pd.DataFrame
    interactions: pd.DataFrame
    as_of: Any
    tags: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["tag_id", "owner", "contact_id", "kind", "text"]))
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["link_id", "a", "b", "kind", "strength"]))
    goals: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["goal_id", "title", "kind", "needs", "status"]))
    seed: int = 0

    def __post_init__(self) -> None:
        #: Pieces taken over from an earlier map of the same contacts, tags and links (see map_network).
        self._prior: dict[str, Any] = {}

    @cached_property
    def _static(self) -> pd.DataFrame:
        kept = self._prior.get("_static")
        return kept if kept is not None else _describe_static(self.contacts)

    @cached_property
    def people(self) -> pd.DataFrame:
        return _add_ties(self._static, self.contacts, self.interactions, as_of=self.as_of)

    @cached_property
    def circle_summary(self) -> pd.DataFrame:
        return summarise_circles(self.people)

    @cached_property
    def composition(self) -> pd.DataFrame:
        return composition(self.people)

    @cached_property
    def diversity(self) -> pd.DataFrame:
        return diversity(self.people)

    @cached_property
    def gaps(self) -> pd.DataFrame:
        return find_gaps(self.people, self.goals, self.tags)

    @cached_property
    def tie_mix(self) -> pd.DataFrame:
        return mix_ties(self.people)

    @cached_property
    def _members(self) -> dict[str, pd.DataFrame | None]:
        kept = self._prior.get("_members")
        return kept if kept is not None else _group_members(self.people, self.tags)

    @cached_property
    def edges(self) -> pd.DataFrame:
        prior = self._prior
        if "edges" in prior and "_members" in prior and prior.get("links_same") and _same_hubs(
                self._members, self.people["contact_id"].to_numpy(dtype="int64"), prior["strength"],
                _strength(self.people)):
            return prior["edges"]  # same groups, links and hubs: link_contacts would give these edges
        return _link_members(self.people, self.links, self._members)

    def _same_edges(self) -> bool:
        """True when the earlier map had exactly these edges (tie strengths only pick a large group's
        hubs, so an exchange logged rarely changes them), so its clusters and bridges still hold."""
        old = self._prior.get("edges")
        return old is not None and (old is self.edges or old.equals(self.edges))

    @cached_property
    def clusters(self) -> pd.DataFrame:
        # Louvain is the slowest step of the map (about a second at 30,000 contacts).
        if "clusters" in self._prior and self._same_edges():
            return self._prior["clusters"]
        return find_clusters(self.people, self.edges, seed=self.seed)

    @cached_property
    def cluster_info(self) -> pd.DataFrame:
        old = self._prior.get("cluster_info")
        if old is not None and self.clusters is self._prior.get("clusters"):
            # Same clusters: same labels and sizes; only who is in a closer circle may have moved.
            closer = _count_closer(self.people.merge(self.clusters, on="contact_id", how="inner"))
            return old.assign(closer=old["cluster"].map(closer).fillna(0).astype("int64").to_numpy())
        return describe_clusters(self.people, self.clusters, self.tags)

    @cached_property
    def brokerage(self) -> dict[str, float]:
        return measure_brokerage(self.people, self.edges)

    @cached_property
    def bridges(self) -> pd.DataFrame:
        if "bridges" in self._prior and self.clusters is self._prior.get("clusters") and self._same_edges():
            return self._prior["bridges"]
        return find_bridges(self.people, self.edges, self.clusters, seed=self.seed)

    @cached_property
    def growth(self) -> pd.DataFrame:
        return measure_growth(self.contacts, self.interactions, as_of=self.as_of)

    @cached_property
    def expansion(self) -> pd.DataFrame:
        return suggest_expansion(self.people, self.tags, self.gaps)

    @cached_property
    def next_steps(self) -> pd.DataFrame:
        return plan_next_steps(self.people, self.gaps, self.expansion, self.bridges, self.clusters)


#: The contact columns :func:`_describe_static` reads: a map whose contacts agree on them can take
#: over the text work and, when its edges come out the same, the clusters (see :func:`map_network`).
_STATIC_COLUMNS = ("contact_id", "full_name", "company", "position", "industry", "location", "source",
                   "connected_on")


def _carry_over(old: NetworkMap, new: NetworkMap) -> dict[str, Any]:
    """The pieces of ``old`` that still hold for ``new``'s frames (checked by comparing the frames
    they come from, about 50 ms at 30,000 contacts, not assumed)."""
    if old.seed != new.seed:
        return {}
    cols = [c for c in _STATIC_COLUMNS if c in new.contacts]
    if cols != [c for c in _STATIC_COLUMNS if c in old.contacts] or not old.contacts[cols].equals(new.contacts[cols]):
        return {}
    # Clusters and bridges are kept only if the edges come out identical (NetworkMap._same_edges).
    keep = {"_static", "edges", "clusters", "bridges"}
    if old.tags.equals(new.tags):
        keep |= {"_members", "cluster_info"}
    # Only the pieces, never the old map itself, so a chain of refreshes holds no old frames.
    kept: dict[str, Any] = {k: v for k, v in vars(old).items() if k in keep}
    if "edges" in kept:  # what NetworkMap.edges needs to tell whether they still hold
        kept["links_same"] = old.links.equals(new.links)
        kept["strength"] = _strength(old.people)
    return kept


def _strength(people: pd.DataFrame) -> np.ndarray:
    """Tie strengths as link_contacts reads them (missing as 0), by people row."""
    if "tie_strength" not in people:
        return np.zeros(len(people))
    return people["tie_strength"].fillna(0.0).to_numpy(dtype="float64")


def _same_hubs(members: dict[str, pd.DataFrame | None], ids: np.ndarray, before: np.ndarray, after: np.ndarray,
               *, max_clique: int = MAX_CLIQUE, hubs: int = HUBS) -> bool:
    """True when every employer and community group has the same hubs (see :func:`_group_edges`) with
    tie strengths ``after`` as with ``before`` (by people row), so the edges are the same. Only the
    groups of contacts whose strength changed are looked at: after one exchange, a handful."""
    if len(before) != len(after):
        return False
    changed = np.flatnonzero(before != after)
    if not len(changed):
        return True
    for m in members.values():
        if m is None or m.empty:
            continue
        touched = m.loc[m["row"].isin(changed).to_numpy(dtype=bool), "key"].unique()
        if not len(touched):
            continue
        rows = m.loc[m["key"].isin(touched)]
        g = pd.DataFrame({"key": rows["key"].to_numpy(), "contact_id": ids[rows["row"].to_numpy()],
                          "row": rows["row"].to_numpy()}).drop_duplicates(["key", "contact_id"])
        big = g.loc[(g.groupby("key")["contact_id"].transform("size") > max_clique).to_numpy()]
        if big.empty:
            continue  # small groups are cliques, whoever is strongest

        def top(strength: np.ndarray) -> pd.Series:
            ranked = big.assign(strength=strength[big["row"].to_numpy()]).sort_values(
                ["key", "strength", "contact_id"], ascending=[True, False, True], kind="stable")
            return ranked.groupby("key").head(hubs).groupby("key")["contact_id"].agg(frozenset)

        if not top(before).equals(top(after)):
            return False
    return True


def map_network(contacts: pd.DataFrame, interactions: pd.DataFrame, *, as_of, tags: pd.DataFrame | None = None,
                links: pd.DataFrame | None = None, goals: pd.DataFrame | None = None, seed: int = 0,
                reuse: NetworkMap | None = None) -> NetworkMap:
    """Bundle a workbook's frames into a lazily computed :class:`NetworkMap`.

    ``reuse``: an earlier map, e.g. from before an exchange was logged. What still holds is taken
    over instead of recomputed: the text work on contacts and tags when those are unchanged, and
    the clusters (the slow part), group labels and bridges when the contact-to-contact edges come
    out identical. Everything is checked against the new frames, so the result always equals a map
    made from scratch.

    >>> m = map_network(pd.DataFrame({"contact_id": [1], "full_name": ["Ada"], "connected_on": pd.to_datetime([None]),
    ...     "circle": ["inner"]}), pd.DataFrame({"contact_id": pd.Series([], dtype="int64"), "date": pd.to_datetime([]),
    ...     "direction": [], "kind": []}), as_of="2024-06-01")
    >>> m.circle_summary.loc[0, "n"]
    np.int64(1)
    """
    extra = {k: v for k, v in (("tags", tags), ("links", links), ("goals", goals)) if v is not None}
    m = NetworkMap(contacts=contacts, interactions=interactions, as_of=as_of, seed=seed, **extra)
    if reuse is not None:
        m._prior = _carry_over(reuse, m)
    return m
