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

One module per topic: ``describe`` (the people frame, one contact's card), ``circles`` (Dunbar
layers, tie bands), ``composition`` (filters, search, composition, diversity), ``gaps`` (needs of
goals), ``graph`` (contact-to-contact edges), ``louvain`` and ``clusters``, ``brokerage``
(structural holes, bridges), ``growth``, ``expansion`` (venues, next steps) and ``network_map``.
Job titles (seniority, function) come from :mod:`workbook.core.titles`, the search rule from
:mod:`workbook.core.search`, company keys from :mod:`workbook.core.text`.

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
[['senior', 'engineering', 'London', 'meaningful'], ['vp', 'research', 'Unknown', 'acquaintance']]
"""
from __future__ import annotations

from ..core.distinct import per_text as _per_text
from ..core.titles import (FUNCTION_RULES, FUNCTIONS, IC_MANAGER_WORDS, SENIORITY_LEVELS, SENIORITY_RULES,
                           classify_function, classify_seniority, rank_seniority)
from ._shared import UNKNOWN
from .brokerage import BETWEENNESS_SAMPLE, MIN_EGO_WEIGHT, find_bridges, measure_brokerage
from .circles import MODERATE_TIE, STRONG_TIE, TIE_BANDS, band_ties, circles, mix_ties, summarise_circles
from .clusters import COARSEN_ABOVE, describe_clusters, find_clusters
from .composition import (DIMENSIONS, DIVERSITY_DIMENSIONS, blau, compose, composition, diversity, filter_contacts,
                          search_contacts, tag_options)
from .describe import city_of, describe_contact, describe_contacts
from .expansion import plan_next_steps, suggest_expansion
from .gaps import THIN_ACTIVE, THIN_NEED, find_gaps
from .graph import (COMMUNITY_WEIGHT, EMPLOYER_WEIGHT, HUBS, LINKED, MAX_CLIQUE, SHARED_COMMUNITY, SHARED_EMPLOYER,
                    _company_key, build_graph, link_contacts)
from .growth import measure_growth
from .louvain import louvain
from .network_map import NetworkMap, map_network

__all__ = [
    "BETWEENNESS_SAMPLE", "COARSEN_ABOVE", "COMMUNITY_WEIGHT", "DIMENSIONS", "DIVERSITY_DIMENSIONS",
    "EMPLOYER_WEIGHT", "FUNCTIONS", "FUNCTION_RULES", "HUBS", "IC_MANAGER_WORDS", "LINKED", "MAX_CLIQUE",
    "MIN_EGO_WEIGHT", "MODERATE_TIE", "NetworkMap", "SENIORITY_LEVELS", "SENIORITY_RULES", "SHARED_COMMUNITY",
    "SHARED_EMPLOYER", "STRONG_TIE", "THIN_ACTIVE", "THIN_NEED", "TIE_BANDS", "UNKNOWN", "band_ties", "blau",
    "build_graph", "circles", "city_of", "classify_function", "classify_seniority", "compose", "composition",
    "describe_clusters", "describe_contact", "describe_contacts", "diversity", "filter_contacts", "find_bridges",
    "find_clusters", "find_gaps", "link_contacts", "louvain", "map_network", "measure_brokerage", "measure_growth",
    "mix_ties", "plan_next_steps", "rank_seniority", "search_contacts", "suggest_expansion", "summarise_circles",
    "tag_options",
]
