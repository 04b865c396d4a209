"""People search: the one rule for finding contacts by what the person types.

Every word of the query must appear (as part of a word: "lov" finds "Lovelace") in at least one
of the searched columns, ignoring case, accents, punctuation and word order, so "ada acme"
finds Ada at Acme and "zoe" finds "Zoë". Each column is folded (:func:`workbook.core.text.name_key`)
and tested once per distinct value, so a search over 30,000 contacts takes tens of milliseconds.

Callers decide the order and how many to show: the map sorts by tie strength, the pickers by name.

>>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Zoë Ng", "Ada King", "Ada Byron"],
...                   "company": ["Acme", "Acme Ltd", "Engines"]})
>>> find_people(c, "ada ACME")["contact_id"].tolist(), find_people(c, "zoe")["contact_id"].tolist()
([2], [1])
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .distinct import per_value
from .text import name_key

#: Columns searched when present (``emails`` is the store's ';'-joined list).
SEARCH_COLUMNS = ("full_name", "company", "position", "location", "emails")
#: Longer queries are cut here: a pasted paragraph should not cost seconds.
MAX_QUERY = 200


def query_words(query: str | None) -> list[str]:
    """The query's words as they are compared: folded, punctuation dropped, empty words left out.

    >>> query_words("  O'Brien, ACME  -- ")
    ['obrien', 'acme']
    """
    words = (name_key(w) for w in str(query or "")[:MAX_QUERY].split())
    return [w for w in dict.fromkeys(words) if w]


def fold_column(values: pd.Series) -> pd.Series:
    """A column as search compares it (:func:`workbook.core.text.name_key`, once per distinct value).

    >>> fold_column(pd.Series(["Zoë O'Brien", None])).tolist()
    ['zoe obrien', '']
    """
    return per_value(values, name_key)


def match_people(frame: pd.DataFrame, query: str | None, columns: Sequence[str] = SEARCH_COLUMNS) -> np.ndarray:
    """A boolean mask over ``frame``'s rows: True where every query word is in one of ``columns``.

    An empty query matches everyone; columns the frame lacks are skipped.

    >>> f = pd.DataFrame({"full_name": ["Ada", "Bo"], "emails": ["", "ada@x.org"]})
    >>> match_people(f, "ada").tolist(), match_people(f, "").tolist()
    ([True, True], [True, True])
    """
    words = query_words(query)
    hit = np.ones(len(frame), dtype=bool)
    present = [c for c in columns if c in frame.columns]
    if not words or not len(frame):
        return hit
    found = [np.zeros(len(frame), dtype=bool) for _ in words]
    for col in present:
        for seen, in_col in zip(found, _word_hits(frame[col], words)):
            seen |= in_col
    for seen in found:
        hit &= seen
    return hit


def _word_hits(values: pd.Series, words: list[str]) -> list[np.ndarray]:
    """Per word, a mask of the rows whose folded value contains it (tested once per distinct value)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    folded = [name_key(str(u)) for u in uniques]
    out = []
    for word in words:
        # A plain `in` per distinct text beats pandas' str.contains several times over here.
        in_distinct = np.fromiter((word in f for f in folded), dtype=bool, count=len(folded))
        out.append(np.r_[in_distinct, False][codes])  # missing values (code -1) never match
    return out


def find_people(frame: pd.DataFrame, query: str | None, columns: Sequence[str] = SEARCH_COLUMNS) -> pd.DataFrame:
    """The rows of ``frame`` matching every word of ``query`` (see :func:`match_people`), in frame order.

    >>> f = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "Bo"], "position": ["", "Data Lead"]})
    >>> find_people(f, "lead")["contact_id"].tolist()
    [2]
    """
    return frame.loc[match_people(frame, query, columns)]
