"""Common-ground scores and their explanations, who shares an item, and the contact pickers' search."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.search import match_people
from ..schema import TAG_KINDS
from .items import _EMPTY_INT, HISTORY_KINDS, _base_key, _city_key, _employer_key, _lookup, _names, _text_column
from .space import _contact_items, _row_of, _space, _Space, weigh_items


_SHOWN = 5  # shared items spelled out in the ``shared`` column of the score table
_EXPLAIN_COLUMNS = ["kind", "text", "df", "idf", "weight", "contribution", "derived"]


def _norms(s: _Space) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    w2 = s.weight ** 2
    mine = s.mine.astype(float)
    contact_norm = np.sqrt(s.X @ w2)
    person_norm = float(np.sqrt((w2 * mine).sum()))
    denom = contact_norm * person_norm
    return w2, person_norm, contact_norm, denom


def _shared_long(s: _Space) -> tuple[np.ndarray, np.ndarray]:
    """(row, code) of every shared item, each contact's rarest first (then alphabetical)."""
    keep = s.mine[s.codes] if len(s.codes) else np.zeros(0, dtype=bool)
    rows, codes = s.rows[keep], s.codes[keep]
    order = np.lexsort((s.vocab["alpha"].to_numpy()[codes], s.vocab["df"].to_numpy()[codes], rows))
    return rows[order], codes[order]


def _join_first(rows: np.ndarray, texts: np.ndarray, n_rows: int, limit: int) -> np.ndarray:
    """'a; b; c' per row from (row-sorted) long arrays, at most ``limit`` per row, no Python loop over rows."""
    out = pd.Series([""] * n_rows, dtype=object)
    if len(rows) == 0:
        return out.to_numpy()
    start = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
    position = np.arange(len(rows)) - np.repeat(start, np.diff(np.r_[start, len(rows)]))
    for j in range(limit):
        at = position == j
        part = pd.Series(texts[at], index=rows[at], dtype=object)
        glue = "" if j == 0 else "; "
        add = (glue + part).reindex(range(n_rows), fill_value="")
        out = out + add.to_numpy()
    return out.to_numpy()


def _score_arrays(s: _Space) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(score, tags_part, history_part) per contact row, all in [0, 1]."""
    w2, _, _, denom = _norms(s)
    history = s.vocab["kind"].isin(HISTORY_KINDS).to_numpy()
    mine = s.mine.astype(float)
    safe = np.where(denom > 0, denom, 1.0)
    tags_part = np.where(denom > 0, (s.X @ (w2 * mine * ~history)) / safe, 0.0)
    history_part = np.where(denom > 0, (s.X @ (w2 * mine * history)) / safe, 0.0)
    return np.clip(tags_part + history_part, 0.0, 1.0), tags_part, history_part


def score_common_ground(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None) -> pd.DataFrame:
    """The common-ground score (0-1, see the module docstring) of every contact, best first.

    Columns: ``contact_id, full_name, score, tags_part, history_part, n_shared, n_derived, rarest,
    shared, shared_derived`` where ``shared`` spells out up to five shared items, rarest first
    (:func:`list_shared_items` has them all), ``n_derived`` counts the shared items only derived
    items give and ``shared_derived`` spells out those among them (tags rows marked ``derived``, see :mod:`workbook.common_ground.derived`). Ties are
    ordered by name, then id.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": pd.array([None, 2], dtype="Int64"),
    ...                   "kind": "value", "text": ["curiosity", "Curiosity"]})
    >>> score_common_ground(c, t, None)[["full_name", "score", "n_shared"]].values.tolist()
    [['Ben', 1.0, 1], ['Ana', 0.0, 0]]
    """
    s = _space(contacts, tags, profile)
    score, tags_part, history_part = _score_arrays(s)
    mine = s.mine.astype(float)
    rows, codes = _shared_long(s)
    texts = s.vocab["text"].to_numpy(dtype=object)[codes]
    shared = _join_first(rows, texts, len(s.ids), _SHOWN)
    rarest = _join_first(rows, texts, len(s.ids), 1)
    derived = s.derived_pairs(rows, codes)
    names = _names(contacts)
    out = pd.DataFrame({
        "contact_id": s.ids,
        "full_name": names,
        "score": score,
        "tags_part": tags_part,
        "history_part": history_part,
        "n_shared": np.asarray(s.X @ mine).round().astype("int64"),
        "n_derived": np.bincount(rows[derived], minlength=len(s.ids)).astype("int64"),
        "rarest": rarest,
        "shared": shared,
        "shared_derived": _join_first(rows[derived], texts[derived], len(s.ids), _SHOWN),
    })
    order = np.lexsort((s.ids, names.astype(str), -np.round(score, 12)))
    return out.iloc[order].reset_index(drop=True)


def list_shared_items(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None) -> pd.DataFrame:
    """Every shared item of every contact (the full explanation behind :func:`score_common_ground`).

    Columns ``contact_id, kind, text, key, df, idf, weight, contribution, derived``; each contact's rows
    are rarest first and their ``contribution`` adds up to the contact's score; ``derived`` marks an
    item that only derived items give (the contact's side or the person's).

    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"], "company": ["Acme"], "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "profile"], "contact_id": pd.array([None, None], dtype="Int64"),
    ...                   "kind": ["employer", "interest"], "text": ["ACME", "chess"]})
    >>> list_shared_items(c, t, None)[["contact_id", "kind", "text"]].values.tolist()
    [[1, 'employer', 'ACME']]
    """
    s = _space(contacts, tags, profile)
    w2, _, _, denom = _norms(s)
    rows, codes = _shared_long(s)
    v = s.vocab
    return pd.DataFrame({
        "contact_id": s.ids[rows],
        "kind": v["kind"].to_numpy(object)[codes],
        "text": v["text"].to_numpy(object)[codes],
        "key": v["key"].to_numpy(object)[codes],
        "df": v["df"].to_numpy()[codes],
        "idf": v["idf"].to_numpy()[codes],
        "weight": v["weight"].to_numpy()[codes],
        "contribution": w2[codes] / np.where(denom[rows] > 0, denom[rows], 1.0),
        "derived": s.derived_pairs(rows, codes),
    })


def explain_common_ground(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                          contact_id: int) -> pd.DataFrame:
    """What the person shares with one contact, rarest first: ``kind, text, df, idf, weight, contribution``.

    ``contribution`` is each item's part of the score; the rows add up to it. Empty when
    nothing is shared. Raises ``ValueError`` for an unknown contact.

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["A", "B", "C"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile"] * 2 + ["contact"] * 4,
    ...                   "contact_id": pd.array([None, None, 1, 1, 2, 3], dtype="Int64"), "kind": "interest",
    ...                   "text": ["chess", "origami", "chess", "origami", "chess", "chess"]})
    >>> explain_common_ground(c, t, None, 1)["text"].tolist()
    ['origami', 'chess']
    """
    s = _space(contacts, tags, profile)
    return _explain(s, _row_of(s, contact_id))


def _explain(s: _Space, row: int) -> pd.DataFrame:
    _, _, _, denom = _norms(s)
    items = _contact_items(s, row)
    items = items.loc[items["mine"].to_numpy()]
    items = items.assign(derived=s.derived_pairs(np.full(len(items), row, dtype=np.int64), items["code"].to_numpy()))
    d = denom[row] if denom[row] > 0 else 1.0
    return items.assign(contribution=items["weight"] ** 2 / d)[_EXPLAIN_COLUMNS].reset_index(drop=True)


def find_who_shares(contacts: pd.DataFrame, tags: pd.DataFrame, text: str, *, kind: str | None = None,
                    profile: pd.DataFrame | None = None, partial: bool = False) -> pd.DataFrame:
    """Contacts who share an item (``text``, optionally of one ``kind``), ranked.

    Matching ignores case and spacing; ``partial=True`` also matches items containing the text.
    Ranked by overall common ground with the person (when ``profile`` is given), then name.
    Columns ``contact_id, full_name, company, position, kind, text, score, derived`` (``derived``: the
    item comes only from what an import derived, not from a tag anyone typed).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": "contact", "contact_id": pd.array([1, 2], dtype="Int64"),
    ...                   "kind": "interest", "text": ["Chess variants", "chess"]})
    >>> find_who_shares(c, t, "CHESS")["full_name"].tolist(), len(find_who_shares(c, t, "chess", partial=True))
    (['Ben'], 2)
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Say what to look for (an interest, value, community...).")
    if kind is not None and kind not in TAG_KINDS:
        raise ValueError(f"kind must be one of {', '.join(TAG_KINDS)} (got {kind!r}).")
    query = pd.Series([text], dtype=object)
    wanted = sorted({_base_key(query).iloc[0], _city_key(query).iloc[0], _employer_key(query).iloc[0]} - {""})
    space = _space(contacts, tags, profile, with_profile=profile is not None)
    keys = space.vocab["key"].astype(str)
    if partial:
        hit = np.zeros(len(keys), dtype=bool)
        for q in wanted:
            hit |= keys.str.contains(q, regex=False).to_numpy()
    else:
        hit = keys.isin(wanted).to_numpy()
    if kind is not None:
        hit = hit & (space.vocab["kind"] == kind).to_numpy()
    at = np.flatnonzero(hit[space.codes]) if len(space.codes) else _EMPTY_INT
    rows = space.rows[at]
    first = np.r_[True, rows[1:] != rows[:-1]] if len(rows) else np.zeros(0, dtype=bool)
    rows, codes = rows[first], space.codes[at][first]
    score = _score_arrays(space)[0] if profile is not None else np.zeros(len(space.ids))
    out = pd.DataFrame({
        "contact_id": space.ids[rows],
        "full_name": _lookup(contacts, rows, "full_name"),
        "company": _lookup(contacts, rows, "company"),
        "position": _lookup(contacts, rows, "position"),
        "kind": space.vocab["kind"].to_numpy(object)[codes],
        "text": space.vocab["text"].to_numpy(object)[codes],
        "score": score[rows],
        "derived": space.derived_pairs(rows, codes) if len(rows) else np.zeros(0, dtype=bool),
    })
    order = np.lexsort((out["contact_id"].to_numpy(), out["full_name"].to_numpy(str), -np.round(out["score"], 12)))
    return out.iloc[order].reset_index(drop=True)


def list_search_terms(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None, *,
                      limit: int = 200) -> list[str]:
    """Things worth searching for: the person's own items first, then the most widely held others.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact", "contact", "contact"],
    ...                   "contact_id": pd.array([None, 1, 2, 2], dtype="Int64"), "kind": "interest",
    ...                   "text": ["origami", "chess", "chess", "golf"]})
    >>> list_search_terms(c, t, None)
    ['origami', 'chess', 'golf']
    """
    v = weigh_items(contacts, tags, profile)
    mine = v.loc[v["mine"].to_numpy(), "text"]
    others = v.loc[~v["mine"].to_numpy()].sort_values("df", ascending=False, kind="stable")["text"]
    return list(dict.fromkeys([*map(str, mine), *map(str, others.head(max(int(limit), 0)))]))


def find_contacts(contacts: pd.DataFrame, query: str = "", *, limit: int = 50) -> pd.DataFrame:
    """Contacts matching every word of ``query`` (the one search rule, :func:`workbook.core.search.find_people`:
    name, company, position, location, emails; case, accents and punctuation ignored), by name; at most ``limit``.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana Díaz", "Ben Ode"], "company": ["Acme", "Bolt"]})
    >>> find_contacts(c, "bol")["full_name"].tolist(), find_contacts(c, "diaz acme")["full_name"].tolist()
    (['Ben Ode'], ['Ana Díaz'])
    """
    hit = match_people(contacts, query)
    names = _text_column(contacts, "full_name")
    out = contacts.loc[hit].assign(_n=names[hit].str.casefold())
    return out.sort_values(["_n", "contact_id"], kind="stable").head(max(int(limit), 0)).drop(columns="_n") \
        .reset_index(drop=True)
