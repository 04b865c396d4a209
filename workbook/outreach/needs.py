"""Goals into needs, and needs into words: splitting, a crude stemmer, tokens."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

_STOP = frozenset(
    "a an and or of the for in on at to with by from as my our your their into about over more "
    "i me we be get become grow growing learn learning how what who new better".split()
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")
#: Suffixes a crude stemmer strips (longest first, twice at most, keeping 3+ letters), so
#: manager/management/managing all become "manag" while experience and experiment stay apart.
_SUFFIXES = (("ements", ""), ("ement", ""), ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""),
             ("ies", "y"), ("ers", ""), ("ors", ""), ("ists", ""), ("ist", ""), ("ics", ""), ("ship", ""),
             ("ed", ""), ("er", ""), ("or", ""), ("al", ""), ("s", ""))


def split_needs(needs: Any) -> list[str]:
    """The goal's needs as a clean list (``needs`` is ';'-separated, or already a list).

    >>> split_needs("Product strategy; people leadership;; ")
    ['Product strategy', 'people leadership']
    """
    if needs is None or (isinstance(needs, float) and math.isnan(needs)):
        return []
    parts = re.split(r"[;,\n]", needs) if isinstance(needs, str) else list(needs)
    out: list[str] = []
    for p in parts:
        p = str(p).strip()
        if p and p.lower() not in (o.lower() for o in out):
            out.append(p)
    return out


def stem(word: str) -> str:
    """A crude English stem: strip a common suffix (twice at most) and undouble a final consonant.

    >>> [stem(w) for w in ["management", "manager", "leadership", "roadmapping", "experience", "experiment"]]
    ['manag', 'manag', 'lead', 'roadmap', 'experience', 'experi']
    """
    for _ in range(2):
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: -len(suffix)] + repl
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
                    word = word[:-1]
                break
        else:
            break
    return word


def tokenize(text: Any) -> list[str]:
    """Stemmed content words of a text (lower case, stop words out, see :func:`stem`).

    >>> tokenize("Head of Product Management")
    ['head', 'product', 'manag']
    """
    words = _TOKEN.findall(str(text or "").lower())
    return [stem(w) for w in words if w not in _STOP]


def goal_needs(goals: pd.DataFrame) -> pd.DataFrame:
    """One row per (goal, need): goal_id, title, need. A goal without needs falls back to its title.

    >>> g = pd.DataFrame({"goal_id": [1], "title": ["Lead a team"], "needs": ["people leadership;hiring"]})
    >>> goal_needs(g)["need"].tolist()
    ['people leadership', 'hiring']
    """
    if goals.empty:
        return pd.DataFrame({"goal_id": pd.Series(dtype="int64"), "title": pd.Series(dtype=object),
                             "need": pd.Series(dtype=object)})
    needs = [split_needs(n) or [t] for n, t in zip(goals["needs"], goals["title"])]
    return (
        goals[["goal_id", "title"]]
        .assign(need=needs)
        .explode("need")
        .reset_index(drop=True)
        .astype({"goal_id": "int64"})
    )


def needs_of(goal: Any) -> list[str]:
    """The needs a goal calls for, as :func:`rank_mentors` reads them (a goals() row, a dict, a
    ';'-separated string or a list; a goal without needs falls back to its title).

    >>> needs_of({"title": "Move into product", "needs": "product management; fintech"})
    ['product management', 'fintech']
    """
    return _needs_of(goal)


def _needs_of(goal: Any) -> list[str]:
    if isinstance(goal, str):
        return split_needs(goal) or [goal]
    if isinstance(goal, (pd.Series, Mapping)):
        needs = split_needs(goal.get("needs", ""))
        return needs or split_needs(goal.get("title", ""))
    return split_needs(list(goal))
