"""Find common ground: what the person genuinely shares with each contact, and what to do with it.

Pure functions: the workbook's DataFrames in (``contacts``, ``tags``, ``profile``,
``interactions``, ``links``, ``goals`` as :mod:`workbook.store` hands them out), DataFrames out.
Nothing here reads the clock; :func:`suggest_starters` takes ``as_of``.

**Items.** Everything a person or contact "has" becomes an item ``(kind, key)``: their tags
(interest, value, goal, skill, community, event, employer, city), plus the current ``company``
(an employer item) and ``location`` (a city item, the part before the first comma). Keys are
case-folded with spaces collapsed, so "Open Source" and "open  source" are one item; employer
keys follow the one company rule (:func:`workbook.core.text.company_key`: legal suffixes such as
"Ltd" and "Inc.", accents and punctuation ignored; "Self-employed" names no employer), city keys
drop "Greater" and "Area".

**Rarity.** Over the person's network of ``N`` contacts, an item held by ``df`` contacts gets
the smoothed inverse document frequency ``idf = ln((N + 1) / (df + 1)) + 1`` (1 for an item
everyone has, about ``ln N + 1`` for one nobody has), times a weight for its kind:

==========  ======  =================================================================
kind        weight  why
==========  ======  =================================================================
interest    1.0     what people choose to spend time on
value       1.0     what they care about
goal        0.8     where they are heading (shared goals make good peers)
skill       0.6     common in work profiles, so individually less telling
community   1.2     shared history: a group both belong to opens doors
event       1.0     shared history: you were in the same room
employer    1.2     shared history: same employer, past or present
city        0.7     shared history, but coarse
==========  ======  =================================================================

**Common-ground score** (0 to 1): the cosine similarity of the person's and the contact's
rarity-weighted item vectors, ``sum(w_i**2 for shared i) / (|w_person| * |w_contact|)``.
0 means nothing shared; 1 means exactly the same items. Because each shared item adds
``w_i**2``, a shared niche interest counts far more than a shared "technology". The score
splits exactly into ``tags_part`` (interests, values, goals, skills) plus ``history_part``
(employers, cities, communities, events). The explanation is the shared items, rarest first.

**Introductions** (:func:`suggest_introductions`): contact-to-contact cosine similarity on
the same weights (employers left out: colleagues rarely need introducing, and pairs at the
same current company are skipped), multiplied by ``(1 + benefit) / 2``. ``benefit`` averages
what each side gains: 1 when the other has a skill its goals mention, 0.5 when the other at
least brings a skill it lacks, else 0. Pairs already linked are skipped. Candidates come from
a sparse product ``X @ X.T`` in row blocks over the rarest items (within a fixed work budget,
:data:`PAIR_WORK_BUDGET` products: pairs who share only very common items never make the top
anyway), keeping each contact's top ``k`` neighbours; only those candidates are scored exactly.

One module per topic: ``items`` (kinds, weights, keys), ``space`` (the sparse item space),
``score`` (scores, explanations, who shares what, search), ``starters`` (openers, touchpoints),
``introductions`` and ``collaborate`` (collaborators, interests across circles).

>>> import pandas as pd
>>> contacts = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ana", "Ben", "Cy"],
...                          "company": "", "location": ""})
>>> tags = pd.DataFrame({"owner": ["profile", "profile", "contact", "contact", "contact", "contact"],
...                      "contact_id": pd.array([None, None, 1, 2, 3, 3], dtype="Int64"),
...                      "kind": "interest",
...                      "text": ["beekeeping", "technology", "Beekeeping", "technology", "technology", "chess"]})
>>> s = score_common_ground(contacts, tags, pd.DataFrame({"company": [""], "location": [""]}))
>>> s[["full_name", "shared"]].values.tolist()  # the rare shared interest wins; your spelling is shown
[['Ana', 'beekeeping'], ['Ben', 'technology'], ['Cy', 'technology']]
"""
from __future__ import annotations

from .collaborate import find_collaborators, map_shared_interests
from .introductions import PAIR_WORK_BUDGET, introduction_note, score_pair, suggest_introductions
from .items import HISTORY_KINDS, INTEREST_KINDS, INTRO_KINDS, KIND_WEIGHTS
from .score import (explain_common_ground, find_contacts, find_who_shares, list_search_terms, list_shared_items,
                    score_common_ground)
from .space import collect_contact_items, collect_profile_items, weigh_items
from .starters import describe_common_ground, suggest_starters, suggest_touchpoints

__all__ = [
    "KIND_WEIGHTS",
    "HISTORY_KINDS",
    "PAIR_WORK_BUDGET",
    "introduction_note",
    "collect_contact_items",
    "collect_profile_items",
    "weigh_items",
    "score_common_ground",
    "explain_common_ground",
    "list_shared_items",
    "find_who_shares",
    "find_contacts",
    "list_search_terms",
    "suggest_starters",
    "suggest_touchpoints",
    "describe_common_ground",
    "suggest_introductions",
    "score_pair",
    "find_collaborators",
    "map_shared_interests",
]
