"""Finding a contact for a picker, by the one people-search rule (:mod:`workbook.core.search`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.search import fold_column, match_people, query_words


def find_contacts(contacts: pd.DataFrame, query: str = "", *, limit: int = 50) -> pd.DataFrame:
    """Non-archived contacts matching ``query`` by :func:`workbook.core.search.match_people` (every
    word in the name, company, title, location or emails; case, accents and punctuation ignored),
    names starting with the query first, then alphabetical; at most ``limit`` rows (so a picker
    stays light at 30,000). A query of punctuation only finds nobody.

    Returns ``contact_id``, ``full_name``, ``company`` and ``label`` (name, and company when known).

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada Byron", "Lin Ada", "Bo"],
    ...                   "company": ["", "Acme", ""], "emails": ["", "", "ada@x.org"]})
    >>> find_contacts(c, "ada")["label"].tolist()
    ['Ada Byron', 'Bo', 'Lin Ada (Acme)']
    >>> find_contacts(c, "(*[").empty
    True
    """
    c = contacts
    if "archived" in c.columns:
        c = c.loc[~c["archived"].fillna(False).astype(bool).to_numpy()]
    name = c["full_name"].astype(object).fillna("").astype(str)
    company = c["company"].astype(object).fillna("").astype(str) if "company" in c else pd.Series("", index=c.index)
    words = query_words(query)
    if str(query or "").strip() and not words:
        hit = np.zeros(len(c), dtype=bool)
    else:
        hit = match_people(c, query)
    key = fold_column(name)
    starts = key.str.startswith(" ".join(words)) if words else pd.Series(False, index=c.index)
    found = pd.DataFrame({"contact_id": c["contact_id"].astype("int64"), "full_name": name, "company": company,
                          "first": ~starts.to_numpy(dtype=bool), "key": key.to_numpy(dtype=object)}).loc[hit]
    found = found.sort_values(["first", "key", "contact_id"], kind="stable").head(int(limit))
    label = found["full_name"] + np.where(found["company"].str.strip() != "", " (" + found["company"] + ")", "")
    return found.assign(label=label)[["contact_id", "full_name", "company", "label"]].reset_index(drop=True)
