"""Find common ground: what the person genuinely shares with each contact, and what to do with it.

Pure functions: the workbook's DataFrames in (``contacts``, ``tags``, ``profile``,
``interactions``, ``links``, ``goals`` as :mod:`workbook.store` hands them out), DataFrames out.
Nothing here reads the clock; :func:`suggest_starters` takes ``as_of``.

**Items.** Everything a person or contact "has" becomes an item ``(kind, key)``: their tags
(interest, value, goal, skill, community, event, employer, city), plus the current ``company``
(an employer item) and ``location`` (a city item, the part before the first comma). Keys are
case-folded with spaces collapsed, so "Open Source" and "open  source" are one item; employer
keys also drop legal suffixes ("Ltd", "Inc."), city keys drop "Greater" and "Area".

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

import zlib
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .schema import CIRCLES, TAG_KINDS

__all__ = [
    "KIND_WEIGHTS",
    "HISTORY_KINDS",
    "PAIR_WORK_BUDGET",
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

KIND_WEIGHTS: dict[str, float] = {
    "interest": 1.0,
    "value": 1.0,
    "goal": 0.8,
    "skill": 0.6,
    "community": 1.2,
    "event": 1.0,
    "employer": 1.2,
    "city": 0.7,
}
#: Kinds that count as shared history rather than shared tags.
HISTORY_KINDS = ("employer", "city", "community", "event")
#: Kinds compared between two contacts for introductions (see the module docstring).
INTRO_KINDS = ("interest", "value", "goal", "skill", "community", "event", "city")
#: Kinds that make "shared interests" for collaboration.
INTEREST_KINDS = ("interest", "value", "community", "event")
#: Candidate generation for introductions touches at most this many (row, neighbour) products.
PAIR_WORK_BUDGET = 20_000_000
_SHOWN = 5  # shared items spelled out in the ``shared`` column of the score table

_EXPLAIN_COLUMNS = ["kind", "text", "df", "idf", "weight", "contribution"]


# ----------------------------------------------------------------------------- items

_KIND_INDEX = {k: i for i, k in enumerate(TAG_KINDS)}
_EMPTY_INT = np.empty(0, dtype=np.int64)


def _base_key(s: pd.Series) -> pd.Series:
    return s.astype(str).str.casefold().str.replace(r"\s+", " ", regex=True).str.strip(" .,;:!?\"'")


def _employer_key(s: pd.Series) -> pd.Series:
    return _base_key(s).str.replace(r"[\s,]+(inc|ltd|llc|plc|gmbh|corp|limited|co)\.?$", "", regex=True).str.strip()


def _city_text(s: pd.Series) -> pd.Series:
    return s.astype(str).str.split(",", n=1).str[0].str.strip()


def _city_key(s: pd.Series) -> pd.Series:
    return (_base_key(_city_text(s)).str.replace(r"^greater ", "", regex=True)
            .str.replace(r"\s+(metropolitan\s+)?area$", "", regex=True).str.strip())


def _column_keys(frame: pd.DataFrame, column: str, kind: str) -> np.ndarray:
    """Each row's matching key for a text column read as items of ``kind`` ('' when empty)."""
    n = len(frame)
    if column not in frame or not n:
        return np.full(n, "", dtype=object)
    rows, distinct, inverse = _column_source(frame[column], kind)
    out = np.full(n, "", dtype=object)
    if len(distinct):
        out[rows] = _normalise(distinct)["key"].to_numpy(object)[inverse]
    return out


def _text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[column].astype(object).fillna("").astype(str).str.strip()


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (numpy's hash-based unique is slow on large int arrays)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _distinct(rows: np.ndarray, kinds: np.ndarray, codes: np.ndarray, uniques: Any
              ) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """Collapse rows of (kind, text code) to their distinct pairs: (rows, distinct kind/raw frame, inverse).

    Strings are hashed once per column (``pd.factorize``); everything after works on integers.
    """
    ok = (codes >= 0) & (kinds >= 0)
    if not ok.any():
        return _EMPTY_INT, pd.DataFrame({"kind": _EMPTY_INT, "raw": np.empty(0, dtype=object)}), _EMPTY_INT
    size = max(len(uniques), 1)
    inverse, pairs = pd.factorize(kinds[ok].astype(np.int64) * size + codes[ok], sort=True)
    raw = np.asarray(uniques, dtype=object)[pairs % size]
    return rows[ok].astype(np.int64), pd.DataFrame({"kind": pairs // size, "raw": raw}), inverse


def _column_source(values: Any, kind: str, rows: np.ndarray | None = None):
    codes, uniques = pd.factorize(values)
    rows = np.arange(len(codes), dtype=np.int64) if rows is None else rows
    return _distinct(rows, np.full(len(codes), _KIND_INDEX[kind], dtype=np.int64), codes, uniques)


#: Normalised (text, key) per (kind, raw text), remembered across calls: the same companies, cities
#: and tags come back on every refresh. Bounded; cleared when full.
_KEY_CACHE: dict[tuple[int, str], tuple[str, str]] = {}
_KEY_CACHE_SIZE = 500_000


def _normalise_fresh(kinds: np.ndarray, raws: list[str]) -> tuple[np.ndarray, np.ndarray]:
    raw = pd.Series(raws, dtype=object).astype(str)
    text = raw.str.strip()
    key = _base_key(text)
    city = kinds == _KIND_INDEX["city"]
    employer = kinds == _KIND_INDEX["employer"]
    if city.any():
        text = text.where(~city, _city_text(raw.where(city, "")))
        key = key.where(~city, _city_key(raw.where(city, "")))
    if employer.any():
        key = key.where(~employer, _employer_key(text.where(employer, "")))
    return text.to_numpy(object), key.to_numpy(object)


def _normalise(distinct: pd.DataFrame) -> pd.DataFrame:
    """Display text and matching key for distinct (kind, raw text) pairs (see the module docstring)."""
    kinds = distinct["kind"].to_numpy(dtype=np.int64)
    raws = [r if isinstance(r, str) else str(r) for r in distinct["raw"].to_numpy(object)]
    pairs = list(zip(kinds.tolist(), raws))
    found = [_KEY_CACHE.get(p) for p in pairs]
    missing = [i for i, f in enumerate(found) if f is None]
    if missing:
        text, key = _normalise_fresh(kinds[missing], [raws[i] for i in missing])
        if len(_KEY_CACHE) + len(missing) > _KEY_CACHE_SIZE:
            _KEY_CACHE.clear()
        for i, t, k in zip(missing, text, key):
            found[i] = (t, k)
            _KEY_CACHE[pairs[i]] = (t, k)
    texts = np.array([f[0] for f in found], dtype=object)
    keys = np.array([f[1] for f in found], dtype=object)
    return distinct.assign(text=texts, key=keys)


def _names(contacts: pd.DataFrame) -> np.ndarray:
    """Contact names in row order ('' where missing), without per-string work."""
    if "full_name" not in contacts:
        return np.full(len(contacts), "", dtype=object)
    names = contacts["full_name"].to_numpy(dtype=object, na_value="")
    return names


# ----------------------------------------------------------------------------- the item space


@dataclass(frozen=True)
class _Space:
    """Contacts x items as a sparse 0/1 matrix, with the vocabulary's rarity weights."""

    ids: np.ndarray  # contact ids in row order
    vocab: pd.DataFrame  # one row per item code: kind, key, text, df, idf, weight, mine, alpha
    X: sp.csr_matrix  # n_contacts x n_items, 1.0 where the contact holds the item
    rows: np.ndarray  # long form of X (row, code), sorted, no duplicates
    codes: np.ndarray

    @property
    def weight(self) -> np.ndarray:
        return self.vocab["weight"].to_numpy()

    @property
    def mine(self) -> np.ndarray:
        return self.vocab["mine"].to_numpy()


def _space(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None = None,
           kinds: Iterable[str] | None = None, *, with_profile: bool = True) -> _Space:
    """Build the item space; strings are hashed once per column, the rest is integer work."""
    ids = contacts["contact_id"].astype("int64").to_numpy()
    n = len(ids)
    kind_codes, kind_uniques = pd.factorize(tags["kind"])
    lookup = np.array([_KIND_INDEX.get(k, -1) for k in kind_uniques] + [-1], dtype=np.int64)
    tag_kinds = lookup[kind_codes]  # code -1 (missing) picks the trailing -1
    text_codes, text_uniques = pd.factorize(tags["text"])
    owner = tags["contact_id"]
    has_owner = owner.notna().to_numpy()  # the schema ties owner 'profile' to a missing contact_id
    tag_rows = np.full(len(tags), -1, dtype=np.int64)
    tag_rows[has_owner] = pd.Index(ids).get_indexer(owner.loc[has_owner].astype("int64").to_numpy())
    in_book = tag_rows >= 0
    sources = [_distinct(tag_rows[in_book], tag_kinds[in_book], text_codes[in_book], text_uniques)]
    for column, kind in (("company", "employer"), ("location", "city")):
        if column in contacts:
            sources.append(_column_source(contacts[column], kind))
    if with_profile:
        own = ~has_owner
        psources = [_distinct(np.full(int(own.sum()), -1), tag_kinds[own], text_codes[own], text_uniques)]
        if profile is not None and len(profile):
            for column, kind in (("company", "employer"), ("location", "city")):
                if column in profile:
                    psources.append(_column_source(profile[column].iloc[:1], kind, np.array([-1])))
        sources = psources + sources  # the person's spelling comes first, so it is the one shown
    distinct = pd.concat([d for _, d, _ in sources], ignore_index=True)
    distinct = _normalise(distinct) if len(distinct) else distinct.assign(text=[], key=[])
    wanted = np.ones(len(distinct), dtype=bool)
    if kinds is not None:
        wanted = np.isin(distinct["kind"].to_numpy(), [_KIND_INDEX[k] for k in kinds])
    wanted = wanted & (distinct["key"] != "").to_numpy()
    key_codes = pd.factorize(distinct["key"].to_numpy(object))[0].astype(np.int64)
    item_of = np.full(len(distinct), -1, dtype=np.int64)
    if wanted.any():
        item_of[wanted] = pd.factorize(key_codes[wanted] * len(TAG_KINDS) + distinct["kind"].to_numpy()[wanted])[0]
    n_items = int(item_of.max()) + 1 if len(item_of) else 0
    sub = item_of[wanted]  # codes number first appearances 0, 1, 2...: a new maximum is a first
    firsts = np.flatnonzero(wanted)[np.r_[True, sub[1:] > np.maximum.accumulate(sub)[:-1]]] if len(sub) else sub
    vocab = pd.DataFrame({
        "kind": np.asarray(TAG_KINDS, dtype=object)[distinct["kind"].to_numpy()[firsts]],
        "key": distinct["key"].to_numpy(object)[firsts],
        "text": distinct["text"].to_numpy(object)[firsts],
    })
    mine = np.zeros(n_items, dtype=bool)
    all_rows, all_codes, offset = [], [], 0
    for rows, d, inverse in sources:
        codes = item_of[offset + inverse]
        offset += len(d)
        ok = codes >= 0
        if len(rows) and rows[0] == -1:
            mine[codes[ok]] = True
        else:
            all_rows.append(rows[ok])
            all_codes.append(codes[ok])
    size = max(n_items, 1)
    flat = _sorted_unique(np.concatenate(all_rows) * size + np.concatenate(all_codes)) if all_rows else _EMPTY_INT
    rows, codes = flat // size, flat % size
    df = np.bincount(codes, minlength=n_items)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    weight = vocab["kind"].map(KIND_WEIGHTS).to_numpy(dtype=float) * idf
    alpha = np.argsort(np.argsort(vocab["key"].to_numpy(dtype=str), kind="stable"), kind="stable")
    vocab = vocab.assign(df=df, idf=idf, weight=weight, mine=mine, alpha=alpha)
    X = sp.csr_matrix((np.ones(len(rows)), (rows, codes)), shape=(n, n_items))
    return _Space(ids=ids, vocab=vocab, X=X, rows=rows, codes=codes)


def collect_contact_items(contacts: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """Every contact's items: their tags plus company (employer) and location (city).

    Columns ``contact_id, kind, text, key``; one row per (contact, item), in contact order;
    ``text`` is the item's first spelling. Only contacts present in ``contacts`` count (leave
    archived ones out of ``contacts`` and their tags drop out too).

    >>> c = pd.DataFrame({"contact_id": [7], "company": ["Acme Ltd"], "location": ["Leeds, UK"]})
    >>> t = pd.DataFrame({"owner": ["contact"], "contact_id": pd.array([7], dtype="Int64"),
    ...                   "kind": ["interest"], "text": [" Open  Source "]})
    >>> collect_contact_items(c, t)[["kind", "text", "key"]].values.tolist()
    [['interest', 'Open  Source', 'open source'], ['employer', 'Acme Ltd', 'acme'], ['city', 'Leeds', 'leeds']]
    """
    s = _space(contacts, tags, with_profile=False)
    v = s.vocab
    return pd.DataFrame({"contact_id": s.ids[s.rows], "kind": v["kind"].to_numpy(object)[s.codes],
                         "text": v["text"].to_numpy(object)[s.codes], "key": v["key"].to_numpy(object)[s.codes]})


def collect_profile_items(profile: pd.DataFrame | None, tags: pd.DataFrame) -> pd.DataFrame:
    """The person's own items: profile tags plus the profile's company and location.

    Columns ``kind, text, key``.

    >>> p = pd.DataFrame({"company": ["Brightpath"], "location": ["Manchester, UK"]})
    >>> t = pd.DataFrame({"owner": ["profile"], "contact_id": pd.array([None], dtype="Int64"),
    ...                   "kind": ["employer"], "text": ["brightpath"]})
    >>> collect_profile_items(p, t).values.tolist()
    [['employer', 'brightpath', 'brightpath'], ['city', 'Manchester', 'manchester']]
    """
    none = pd.DataFrame({"contact_id": pd.Series([], dtype="int64")})
    v = _space(none, tags, profile).vocab
    return v.loc[v["mine"].to_numpy(), ["kind", "text", "key"]].reset_index(drop=True)


def weigh_items(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None = None) -> pd.DataFrame:
    """The vocabulary of items with their rarity: ``kind, text, key, df, idf, weight, mine``.

    ``df`` counts the contacts holding an item, ``idf = ln((N+1)/(df+1)) + 1``, ``weight`` is
    ``idf`` times :data:`KIND_WEIGHTS`, and ``mine`` marks the person's own items. Rarest first.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": "contact", "contact_id": pd.array([1, 2, 2], dtype="Int64"),
    ...                   "kind": "interest", "text": ["chess", "chess", "origami"]})
    >>> weigh_items(c, t)[["text", "df"]].values.tolist()
    [['origami', 1], ['chess', 2]]
    """
    s = _space(contacts, tags, profile)
    order = np.lexsort((s.vocab["alpha"].to_numpy(), s.vocab["df"].to_numpy()))
    return s.vocab.iloc[order][["kind", "text", "key", "df", "idf", "weight", "mine"]].reset_index(drop=True)


# ----------------------------------------------------------------------------- scores


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

    Columns: ``contact_id, full_name, score, tags_part, history_part, n_shared, rarest,
    shared`` where ``shared`` spells out up to five shared items, rarest first
    (:func:`list_shared_items` has them all). Ties are ordered by name, then id.

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
    names = _names(contacts)
    out = pd.DataFrame({
        "contact_id": s.ids,
        "full_name": names,
        "score": score,
        "tags_part": tags_part,
        "history_part": history_part,
        "n_shared": np.asarray(s.X @ mine).round().astype("int64"),
        "rarest": rarest,
        "shared": shared,
    })
    order = np.lexsort((s.ids, names.astype(str), -np.round(score, 12)))
    return out.iloc[order].reset_index(drop=True)


def list_shared_items(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None) -> pd.DataFrame:
    """Every shared item of every contact (the full explanation behind :func:`score_common_ground`).

    Columns ``contact_id, kind, text, df, idf, weight, contribution``; each contact's rows are
    rarest first and their ``contribution`` adds up to the contact's score.

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
        "df": v["df"].to_numpy()[codes],
        "idf": v["idf"].to_numpy()[codes],
        "weight": v["weight"].to_numpy()[codes],
        "contribution": w2[codes] / np.where(denom[rows] > 0, denom[rows], 1.0),
    })


def _row_of(s: _Space, contact_id: Any) -> int:
    try:
        cid = int(contact_id)
    except (TypeError, ValueError):
        raise ValueError(f"{contact_id!r} is not a contact id.") from None
    hit = np.flatnonzero(s.ids == cid)
    if not len(hit):
        raise ValueError(f"There is no contact with id {cid}.")
    return int(hit[0])


def _contact_items(s: _Space, row: int) -> pd.DataFrame:
    """One contact's items with rarity, rarest first; ``mine`` marks the shared ones."""
    codes = s.X.indices[s.X.indptr[row]: s.X.indptr[row + 1]]
    v = s.vocab.iloc[codes]
    order = np.lexsort((v["alpha"].to_numpy(), v["df"].to_numpy()))
    return v.iloc[order].reset_index(drop=True)


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
    d = denom[row] if denom[row] > 0 else 1.0
    return items.assign(contribution=items["weight"] ** 2 / d)[_EXPLAIN_COLUMNS].reset_index(drop=True)


# ----------------------------------------------------------------------------- who shares X


def find_who_shares(contacts: pd.DataFrame, tags: pd.DataFrame, text: str, *, kind: str | None = None,
                    profile: pd.DataFrame | None = None, partial: bool = False) -> pd.DataFrame:
    """Contacts who share an item (``text``, optionally of one ``kind``), ranked.

    Matching ignores case and spacing; ``partial=True`` also matches items containing the text.
    Ranked by overall common ground with the person (when ``profile`` is given), then name.
    Columns ``contact_id, full_name, company, position, kind, text, score``.

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
    })
    order = np.lexsort((out["contact_id"].to_numpy(), out["full_name"].to_numpy(str), -np.round(out["score"], 12)))
    return out.iloc[order].reset_index(drop=True)


def _lookup(contacts: pd.DataFrame, rows: np.ndarray, column: str) -> np.ndarray:
    """A text column's values at some row positions ('' when missing)."""
    if column not in contacts or not len(rows):
        return np.full(len(rows), "", dtype=object)
    values = pd.Series(contacts[column].to_numpy(object)[rows], dtype=object)
    return values.fillna("").astype(str).str.strip().to_numpy(object)


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
    """Contacts whose name, company or position contains ``query`` (any case), by name; at most ``limit``.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana Diaz", "Ben Ode"], "company": ["Acme", "Bolt"]})
    >>> find_contacts(c, "bol")["full_name"].tolist()
    ['Ben Ode']
    """
    q = str(query or "").strip().casefold()
    names = _text_column(contacts, "full_name")
    hay = names + " " + _text_column(contacts, "company") + " " + _text_column(contacts, "position")
    hit = hay.str.casefold().str.contains(q, regex=False).to_numpy() if q else np.ones(len(contacts), dtype=bool)
    out = contacts.loc[hit].assign(_n=names[hit].str.casefold())
    return out.sort_values(["_n", "contact_id"], kind="stable").head(max(int(limit), 0)).drop(columns="_n") \
        .reset_index(drop=True)


# ----------------------------------------------------------------------------- conversation starters

# Openers per kind, in the person's own voice: specific, curious, no compliments.
_OPENERS = {
    "interest": ("I've been spending time on {item} lately. What's caught your attention in it recently?",
                 "You're into {item} too. How did you get started, and what keeps you at it?"),
    "value": ("{item} matters a lot to me in how I work. Where does it show up in your work day to day?",
              "I've been thinking about {item} and how to make room for it at work. How do you manage it?"),
    "goal": ("I'm working toward {item} as well. What has helped you most so far? Happy to swap notes.",),
    "skill": ("We both work with {item}. What's one thing you learned about it the hard way?",
              "How do you keep your {item} practice fresh? I'm looking for ideas."),
    "community": ("We're both part of {item}. Which sessions or people there have been most useful for you?",),
    "event": ("We were both at {item}. What stayed with you from it?",),
    "employer": ("We've both spent time at {item}. Which part of it were you in, and what did you take from it?",),
    "city": ("You're in {item} too. Any local meetups or groups you'd point someone in our field to?",),
}
# When little is shared: openers about their side, still specific.
_THEIR_OPENERS = {
    "goal": "I saw you're working toward {item}. What would make the next step easier?",
    "interest": "I noticed you're into {item}. How did that start?",
    "skill": "How did you build up your {item} skills? I'm trying to understand how people learn it.",
    "community": "What do you get out of {item}? I've been wondering whether to get involved.",
    "event": "How was {item}? I'm deciding which events are worth the time.",
    "value": "{item} seems to matter to you. What does it look like in your work?",
}
_GENERIC = (
    "What's taking up most of your thinking at work at the moment?",
    "Is there anything you're looking for help with right now? I'd be glad to pass on a contact or a resource.",
    "What's something you've changed your mind about this year?",
)
# The "ask about them" prompt: coaching, not a script. Listening comes first.
_ASK = {
    "goal": "Ask how {item} is going for them and what would make the next step easier, then listen for "
            "something you could help with.",
    "interest": "Ask what got them into {item} and what they enjoy most about it; let their answer lead.",
    "skill": "Ask how they built their {item} skills and what they wish they had known earlier; hold back "
             "your own story until they've finished.",
    "community": "Ask what they get out of {item} and who there they would suggest you meet.",
    "event": "Ask what they took away from {item}, and follow up on whatever they mention first.",
    "value": "Ask what {item} looks like in their work day to day, and what gets in its way.",
    "employer": "Ask what their time at {item} taught them that they still use.",
    "city": "Ask what keeps them in {item} and what the local scene is like for their work.",
}
_CHANNEL_WORDS = {"message": "messages", "email": "emails", "call": "call", "video": "video call",
                  "meeting": "meeting", "event": "time at the event", "social": "exchange online",
                  "letter": "letter", "other": "last exchange"}
_STARTER_COLUMNS = ["kind", "about", "text"]


def _pick(options: tuple[str, ...], *seed: Any) -> str:
    """A template chosen by a stable hash, so the same contact always gets the same wording."""
    return options[zlib.crc32("|".join(map(str, seed)).encode("utf-8")) % len(options)]


def _sentence(text: str) -> str:
    """Start with a capital, since some templates open with the item ("inclusion matters...")."""
    return text[:1].upper() + text[1:]


def _long_date(d: pd.Timestamp) -> str:
    return f"{d.day} {d:%B %Y}"


def suggest_starters(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                     interactions: pd.DataFrame, contact_id: int, *, as_of, n: int = 5) -> pd.DataFrame:
    """Three to ``n`` (at most 5) conversation openers for one contact, then one "ask about them" prompt.

    Openers come from the last exchange (on or before ``as_of``), then the shared items rarest
    first (one template per kind), then what the contact cares about, then plain open
    questions. Columns ``kind`` ('recent', 'shared', 'theirs', 'open' or 'ask'), ``about``
    (the item or date it builds on) and ``text``. Deterministic.

    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"], "company": "", "location": "", "position": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": pd.array([None, 1], dtype="Int64"),
    ...                   "kind": "event", "text": ["PyData 2025", "PyData 2025"]})
    >>> i = pd.DataFrame({"contact_id": [], "date": pd.to_datetime([]), "channel": [], "note": []})
    >>> s = suggest_starters(c, t, None, i, 1, as_of="2026-01-01")
    >>> s["kind"].tolist(), s["text"].iloc[0]
    (['shared', 'open', 'open', 'ask'], 'We were both at PyData 2025. What stayed with you from it?')
    """
    n = int(n)
    if not 1 <= n <= 5:
        raise ValueError("Ask for between 1 and 5 openers.")
    s = _space(contacts, tags, profile)
    return _starters(s, contacts, interactions, _row_of(s, contact_id), pd.Timestamp(as_of).normalize(), n)


def _starters(s: _Space, contacts: pd.DataFrame, interactions: pd.DataFrame, row: int, as_of: pd.Timestamp,
              n: int) -> pd.DataFrame:
    cid = int(s.ids[row])
    items = _contact_items(s, row)
    openers: list[tuple[str, str, str]] = []

    mine = interactions.loc[(interactions["contact_id"] == cid).to_numpy()] if len(interactions) else interactions
    if len(mine):
        mine = mine.loc[(pd.to_datetime(mine["date"]) <= as_of).to_numpy()]
    if len(mine):
        last = mine.assign(date=pd.to_datetime(mine["date"])).sort_values("date", kind="stable").iloc[-1]
        channel = _CHANNEL_WORDS.get(str(last.get("channel", "other")), "last exchange")
        note = str(last.get("note", "") or "").strip()
        days = int((as_of - last["date"]).days)
        if days > 365:
            text = (f"It has been a while: our last {channel} was in {last['date']:%B %Y}. "
                    "What has changed most for you since then?")
        elif note:
            text = f"Following up on our {channel} on {_long_date(last['date'])} ({note}): how have things moved on?"
        else:
            text = f"Since our {channel} on {_long_date(last['date'])}, what has been keeping you busy?"
        openers.append(("recent", last["date"].date().isoformat(), text))

    shared = items.loc[items["mine"].to_numpy()]
    for kind, item in zip(shared["kind"], shared["text"]):
        openers.append(("shared", item, _sentence(_pick(_OPENERS[kind], cid, kind, item).format(item=item))))
    theirs = items.loc[~items["mine"].to_numpy() & items["kind"].isin(list(_THEIR_OPENERS)).to_numpy()]
    openers = openers[:n]
    if len(openers) < min(3, n):
        for kind, item in zip(theirs["kind"], theirs["text"]):
            if len(openers) >= min(3, n):
                break
            openers.append(("theirs", item, _sentence(_THEIR_OPENERS[kind].format(item=item))))
    for text in _GENERIC:
        if len(openers) >= min(3, n):
            break
        openers.append(("open", "", text))

    ask_from = theirs if len(theirs) else items.loc[~items["mine"].to_numpy()]
    rank = {k: i for i, k in enumerate(("goal", "interest", "skill", "community", "event", "value",
                                        "employer", "city"))}
    if len(ask_from):
        pick = ask_from.assign(_r=ask_from["kind"].map(rank)).sort_values(["_r", "df"], kind="stable").iloc[0]
        ask = ("ask", pick["text"], _ASK[pick["kind"]].format(item=pick["text"]))
    else:
        info = contacts.loc[(contacts["contact_id"].astype("int64") == cid).to_numpy()]
        position = _text_column(info, "position").iloc[0]
        company = _text_column(info, "company").iloc[0]
        if position:
            where = f" at {company}" if company else ""
            ask = ("ask", position, f"Ask what a good week looks like in their role as {position}{where}, and "
                                    "what is hard about it right now. Listen more than you talk.")
        else:
            ask = ("ask", "", "Ask what they are working on that they would most like to talk about, and "
                              "listen more than you talk.")
    return pd.DataFrame(openers + [ask], columns=_STARTER_COLUMNS)


def suggest_touchpoints(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                        interactions: pd.DataFrame, *, as_of, n: int = 3) -> pd.DataFrame:
    """The ``n`` contacts you share the most with, each with the shared items and one opener to start from.

    Columns ``contact_id, full_name, score, shared, opener`` (built on what you share) and
    ``follow_up`` (built on your last exchange, '' if none): a starting point for planning one
    genuine touchpoint each.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": pd.array([None, 2], dtype="Int64"),
    ...                   "kind": "interest", "text": ["chess", "chess"]})
    >>> i = pd.DataFrame({"contact_id": [], "date": pd.to_datetime([]), "channel": [], "note": []})
    >>> suggest_touchpoints(c, t, None, i, as_of="2026-01-01")[["full_name", "shared"]].values.tolist()
    [['Ben', 'chess']]
    """
    s = _space(contacts, tags, profile)
    score = _score_arrays(s)[0]
    names = _names(contacts)
    rows = np.flatnonzero(score > 0)
    rows = rows[np.lexsort((s.ids[rows], names[rows].astype(str), -np.round(score[rows], 12)))][: max(int(n), 0)]
    as_of = pd.Timestamp(as_of).normalize()
    out = []
    for row in rows:  # the chosen few only
        items = _contact_items(s, int(row))
        shared = "; ".join(items.loc[items["mine"].to_numpy(), "text"].head(_SHOWN))
        starters = _starters(s, contacts, interactions, int(row), as_of, 5)
        recent = starters.loc[starters["kind"] == "recent", "text"]
        opener = starters.loc[starters["kind"] == "shared", "text"]
        out.append((int(s.ids[row]), names[row], float(score[row]), shared,
                    opener.iloc[0] if len(opener) else starters["text"].iloc[0],
                    recent.iloc[0] if len(recent) else ""))
    return pd.DataFrame(out, columns=["contact_id", "full_name", "score", "shared", "opener", "follow_up"])


def describe_common_ground(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                           interactions: pd.DataFrame, contact_id: int, *, as_of, n: int = 5) -> dict[str, Any]:
    """Everything about one contact at once (one pass over the data): ``score`` (float),
    ``shared`` (as :func:`explain_common_ground`) and ``starters`` (as :func:`suggest_starters`).

    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": pd.array([None, 1], dtype="Int64"),
    ...                   "kind": "interest", "text": ["chess", "chess"]})
    >>> i = pd.DataFrame({"contact_id": [], "date": pd.to_datetime([]), "channel": [], "note": []})
    >>> d = describe_common_ground(c, t, None, i, 1, as_of="2026-01-01")
    >>> d["score"], d["shared"]["text"].tolist(), len(d["starters"])
    (1.0, ['chess'], 4)
    """
    n = int(n)
    if not 1 <= n <= 5:
        raise ValueError("Ask for between 1 and 5 openers.")
    s = _space(contacts, tags, profile)
    row = _row_of(s, contact_id)
    return {
        "score": float(_score_arrays(s)[0][row]),
        "shared": _explain(s, row),
        "starters": _starters(s, contacts, interactions, row, pd.Timestamp(as_of).normalize(), n),
    }


# ----------------------------------------------------------------------------- introductions


def _ngrams(key: str, longest: int = 4) -> list[str]:
    words = key.split()
    grams = {" ".join(words[i:i + k]) for k in range(1, longest + 1) for i in range(len(words) - k + 1)}
    grams.add(key)
    return sorted(grams)


def _wanted_skills(goal_keys: np.ndarray, skill_keys: np.ndarray) -> pd.DataFrame:
    """Which skills each goal phrase mentions: ``goal`` and ``skill`` positions in the two key arrays.

    A goal wants a skill when the skill's name appears in it as whole words ("move into product
    management" wants "product management"). The loop runs over distinct goal phrases, not contacts.
    """
    pairs = [(i, g) for i, key in enumerate(goal_keys) if key for g in _ngrams(str(key))]
    if not pairs or not len(skill_keys):
        return pd.DataFrame({"goal": _EMPTY_INT, "skill": _EMPTY_INT})
    table = pd.DataFrame(pairs, columns=["goal", "gram"])
    skill = pd.Index(skill_keys).get_indexer(table["gram"].to_numpy(object))
    return (pd.DataFrame({"goal": table["goal"].to_numpy(np.int64), "skill": skill.astype(np.int64)})
            .loc[lambda f: f["skill"] >= 0].drop_duplicates().reset_index(drop=True))


def _complement(s: _Space) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(wants, has) as contacts x items: the skills each contact's goals mention, and the skills they have."""
    kind = s.vocab["kind"].to_numpy(object)
    skill_codes, goal_codes = np.flatnonzero(kind == "skill"), np.flatnonzero(kind == "goal")
    keys = s.vocab["key"].to_numpy(object)
    pairs = _wanted_skills(keys[goal_codes], keys[skill_codes])
    V = len(keys)
    M = sp.csr_matrix((np.ones(len(pairs)), (goal_codes[pairs["goal"].to_numpy()],
                                             skill_codes[pairs["skill"].to_numpy()])), shape=(V, V))
    is_skill = np.zeros(V)
    is_skill[skill_codes] = 1.0
    has = sp.csr_matrix(s.X @ sp.diags(is_skill))
    has.eliminate_zeros()
    want = sp.csr_matrix((s.X @ M).sign())
    return want, has


def _rowwise_dot(A: sp.csr_matrix, B: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> sp.csr_matrix:
    """Elementwise product of rows A[a] and B[b] (shared entries per pair), as a CSR matrix."""
    return A[a].multiply(B[b]).tocsr()


def _top_k_candidates(Xn: sp.csr_matrix, cols: np.ndarray, k: int, block: int = 4096) -> np.ndarray:
    """Candidate pairs (as ``i * n + j`` with i < j): each row's ``k`` most similar rows over ``cols``.

    ``S = R @ R.T`` is computed a block of rows at a time; within a block each entry becomes
    one int64 key (row, descending similarity, column), so one sort ranks every row at once.
    """
    n = Xn.shape[0]
    if not len(cols) or n < 2 or k <= 0:
        return _EMPTY_INT
    if n >= 1 << 24:
        raise ValueError("Introductions handle up to 16 million contacts.")
    R = Xn[:, cols].tocsr()
    RT = R.T.tocsr()
    levels = (1 << 21) - 1  # similarity quantised to 21 bits, for ranking only
    found: list[np.ndarray] = []
    for start in range(0, n, block):
        P = (R[start:start + block] @ RT).tocsr()
        local = np.repeat(np.arange(P.shape[0], dtype=np.int64), np.diff(P.indptr))
        col = P.indices.astype(np.int64)
        other = col != local + start
        local, col = local[other], col[other]
        if not len(local):
            continue
        q = np.rint(np.clip(P.data[other], 0.0, 1.0) * levels).astype(np.int64)
        key = np.sort((local << 45) | ((levels - q) << 24) | col)
        local, col = key >> 45, key & ((1 << 24) - 1)
        first = np.r_[0, np.flatnonzero(np.diff(local)) + 1]
        rank = np.arange(len(local)) - np.repeat(first, np.diff(np.r_[first, len(local)]))
        keep = rank < k
        a, b = local[keep] + start, col[keep]
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
    return _sorted_unique(np.concatenate(found)) if found else _EMPTY_INT


def _budget_columns(df: np.ndarray, budget: int) -> np.ndarray:
    """The rarest items (held by 2+ contacts) whose pair work ``sum(df**2)`` fits in ``budget``."""
    order = np.argsort(df, kind="stable")
    order = order[df[order] >= 2]
    fits = np.cumsum(df[order].astype(float) ** 2) <= budget
    return np.sort(order[fits])


_INTRO_COLUMNS = ["a", "b", "a_name", "b_name", "similarity", "benefit", "score", "n_shared", "shared",
                  "a_gains", "b_gains", "reason"]


def suggest_introductions(contacts: pd.DataFrame, tags: pd.DataFrame, links: pd.DataFrame | None = None, *,
                          top: int = 50, k: int = 10, min_shared: int = 2,
                          budget: int = PAIR_WORK_BUDGET) -> pd.DataFrame:
    """Pairs of contacts worth introducing: they share a lot, are not linked, and would each gain.

    ``similarity`` is the pair's cosine similarity (0-1, symmetric). Each side's gain is 1 when
    the other has a skill its goals mention, else 0.5 when the other has a skill it lacks, else
    0; ``benefit`` is the mean of the two gains and ``score = similarity * (1 + benefit) / 2``.
    Pairs need ``min_shared`` shared items; each contact's ``k`` nearest neighbours are the
    candidates (see the module docstring). Returns the ``top`` pairs, best first, with
    ``a < b`` (contact ids), names, the shared items rarest first, what each gains, and a reason.

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ana", "Ben", "Cy"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": "contact", "contact_id": pd.array([1, 1, 2, 2, 3], dtype="Int64"),
    ...                   "kind": ["interest", "skill", "interest", "goal", "interest"],
    ...                   "text": ["chess", "SQL", "chess", "learn SQL", "golf"]})
    >>> suggest_introductions(c, t, min_shared=1)[["a_name", "b_name", "benefit", "b_gains"]].values.tolist()
    [['Ana', 'Ben', 0.5, 'SQL']]
    """
    top, k, min_shared = int(top), int(k), int(min_shared)
    s = _space(contacts, tags, kinds=INTRO_KINDS, with_profile=False)
    n = len(s.ids)
    empty = pd.DataFrame({c: [] for c in _INTRO_COLUMNS})
    if n < 2 or top <= 0:
        return empty
    Xw = sp.csr_matrix(s.X.multiply(s.weight[None, :]))
    norm = np.sqrt(np.asarray(Xw.multiply(Xw).sum(axis=1)).ravel())
    Xn = sp.csr_matrix(sp.diags(np.where(norm > 0, 1.0 / np.where(norm > 0, norm, 1.0), 0.0)) @ Xw)
    cols = _budget_columns(s.vocab["df"].to_numpy(), budget)
    pairs = _top_k_candidates(Xn, cols, k)
    a, b = pairs // n, pairs % n
    # Already tied, or colleagues at the same company: not an introduction.
    drop = np.zeros(len(a), dtype=bool)
    if links is not None and len(links):
        la = pd.Index(s.ids).get_indexer(links["a"].astype("int64").to_numpy())
        lb = pd.Index(s.ids).get_indexer(links["b"].astype("int64").to_numpy())
        ok = (la >= 0) & (lb >= 0)
        linked = np.minimum(la[ok], lb[ok]).astype(np.int64) * n + np.maximum(la[ok], lb[ok])
        drop |= np.isin(pairs, linked)
    company = _column_keys(contacts, "company", "employer")
    drop |= (company[a] == company[b]) & (company[a] != "")
    a, b = a[~drop], b[~drop]
    both = _rowwise_dot(Xn, Xn, a, b)
    similarity = np.clip(np.asarray(both.sum(axis=1)).ravel(), 0.0, 1.0)
    n_shared = np.diff(both.indptr)
    want, has = _complement(s)
    # What each side gains: a skill its goals call for (1), else at least a skill it lacks (0.5).
    a_goal, b_goal = _rowwise_dot(want, has, a, b), _rowwise_dot(want, has, b, a)
    skills_of = np.diff(has.indptr)
    common_skills = np.diff(_rowwise_dot(has, has, a, b).indptr)
    a_gain = np.where(np.diff(a_goal.indptr) > 0, 1.0, np.where(skills_of[b] > common_skills, 0.5, 0.0))
    b_gain = np.where(np.diff(b_goal.indptr) > 0, 1.0, np.where(skills_of[a] > common_skills, 0.5, 0.0))
    benefit = (a_gain + b_gain) / 2
    score = similarity * (1 + benefit) / 2
    ok = n_shared >= max(min_shared, 1)
    idx = np.flatnonzero(ok)
    order = idx[np.lexsort((s.ids[b[idx]], s.ids[a[idx]], -np.round(score[idx], 12)))][:top]
    if not len(order):
        return empty
    # Explanations for the chosen few only.
    texts = s.vocab["text"].to_numpy(object)
    dfs, alpha = s.vocab["df"].to_numpy(), s.vocab["alpha"].to_numpy()
    names = _names(contacts)

    def spell(m: sp.csr_matrix, i: int, limit: int = 4) -> str:
        cols_i = m.indices[m.indptr[i]: m.indptr[i + 1]]
        cols_i = cols_i[np.lexsort((alpha[cols_i], dfs[cols_i]))]
        return "; ".join(texts[cols_i][:limit])

    def gains(goal: sp.csr_matrix, i: int, learner: int, teacher: int) -> tuple[str, bool]:
        by_goal = spell(goal, i)
        if by_goal:
            return by_goal, True
        theirs = has.indices[has.indptr[teacher]: has.indptr[teacher + 1]]
        mine = has.indices[has.indptr[learner]: has.indptr[learner + 1]]
        new_cols = np.setdiff1d(theirs, mine)
        return "; ".join(texts[new_cols[np.lexsort((alpha[new_cols], dfs[new_cols]))]][:2]), False

    rows = []
    for i in order:
        ida, idb = int(s.ids[a[i]]), int(s.ids[b[i]])
        an, bn = names[a[i]], names[b[i]]
        shared = spell(both, i)
        a_gains, a_goal_hit = gains(a_goal, i, a[i], b[i])
        b_gains, b_goal_hit = gains(b_goal, i, b[i], a[i])
        reason = f"Both: {shared}."
        for gain, hit, learner, teacher in ((a_gains, a_goal_hit, an, bn), (b_gains, b_goal_hit, bn, an)):
            if gain and hit:
                reason += f" {teacher} has {gain}, which {learner} is working toward."
            elif gain:
                reason += f" {teacher} brings {gain}, new to {learner}."
        rows.append((ida, idb, an, bn, float(similarity[i]), float(benefit[i]), float(score[i]),
                     int(n_shared[i]), shared, a_gains, b_gains, reason))
    return pd.DataFrame(rows, columns=_INTRO_COLUMNS)


def score_pair(contacts: pd.DataFrame, tags: pd.DataFrame, a: int, b: int) -> float:
    """The similarity :func:`suggest_introductions` uses for one pair (0-1, symmetric).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["A", "B"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": "contact", "contact_id": pd.array([1, 2, 2], dtype="Int64"),
    ...                   "kind": "interest", "text": ["chess", "chess", "golf"]})
    >>> score_pair(c, t, 1, 2) == score_pair(c, t, 2, 1) and 0 < score_pair(c, t, 1, 2) < 1
    True
    """
    s = _space(contacts, tags, kinds=INTRO_KINDS, with_profile=False)
    i, j = _row_of(s, a), _row_of(s, b)
    w = s.weight
    x = s.X[[i, j]].toarray() * w[None, :]
    norms = np.sqrt((x ** 2).sum(axis=1))
    if i == j or not norms.all():
        return 1.0 if i == j and norms.all() else 0.0
    return float(np.clip((x[0] * x[1]).sum() / (norms[0] * norms[1]), 0.0, 1.0))


# ----------------------------------------------------------------------------- collaboration


def _person_goals(tags: pd.DataFrame, goals: pd.DataFrame | None) -> pd.DataFrame:
    """The person's goal phrases: profile goal tags, plus active goals' titles and needs."""
    own = tags.loc[tags["contact_id"].isna().to_numpy()]
    phrases = own.loc[(own["kind"] == "goal").to_numpy(), "text"].astype(object)
    rows = [pd.DataFrame({"text": phrases.to_numpy(object), "goal": phrases.to_numpy(object)})]
    if goals is not None and len(goals):
        active = goals.loc[(goals.get("status", pd.Series("active", index=goals.index)) == "active").to_numpy()]
        titles = active["title"].astype(object).to_numpy()
        rows.append(pd.DataFrame({"text": titles, "goal": titles}))
        needs = active.assign(need=_text_column(active, "needs").str.split(";")).explode("need")
        needs = needs.loc[needs["need"].fillna("").str.strip() != ""]
        rows.append(pd.DataFrame({"text": needs["need"].str.strip().to_numpy(object),
                                  "goal": needs["title"].to_numpy(object)}))
    return pd.concat(rows, ignore_index=True).assign(owner=0)


def find_collaborators(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                       goals: pd.DataFrame | None = None, *, top: int = 20) -> pd.DataFrame:
    """Contacts whose skills complement the person's goals and who share their interests.

    ``fit`` is the rarity-weighted share of the skills the person's goals call for that the
    contact has (goals: profile goal tags and active goals' titles and needs); ``common`` is
    the common-ground score restricted to interests, values, communities and events. Both must
    be above zero; ``score = sqrt(fit * common)`` (0-1). Columns ``contact_id, full_name,
    company, position, score, fit, common, skills, goals, shared, reason``; best first.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": "",
    ...                   "position": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "profile", "contact", "contact", "contact"],
    ...                   "contact_id": pd.array([None, None, 1, 1, 2], dtype="Int64"),
    ...                   "kind": ["goal", "interest", "skill", "interest", "skill"],
    ...                   "text": ["learn SQL", "chess", "SQL", "chess", "SQL"]})
    >>> find_collaborators(c, t, None)[["full_name", "skills", "shared"]].values.tolist()
    [['Ana', 'SQL', 'chess']]
    """
    skills = _space(contacts, tags, profile, kinds=("skill",))
    phrases = _person_goals(tags, goals)
    pairs = _wanted_skills(_base_key(phrases["text"]).to_numpy(object), skills.vocab["key"].to_numpy(object))
    wanted_codes = np.unique(pairs["skill"].to_numpy())
    want = np.zeros(len(skills.vocab))
    want[wanted_codes] = skills.weight[wanted_codes]
    fit = np.asarray(skills.X @ want).ravel() / want.sum() if want.sum() > 0 else np.zeros(len(skills.ids))
    inter = _space(contacts, tags, profile, kinds=INTEREST_KINDS)
    w2, _, _, denom = _norms(inter)
    common = np.where(denom > 0, (inter.X @ (w2 * inter.mine)) / np.where(denom > 0, denom, 1.0), 0.0)
    score = np.sqrt(np.clip(fit, 0, 1) * np.clip(common, 0, 1))
    names = _names(contacts)
    idx = np.flatnonzero(score > 0)
    idx = idx[np.lexsort((skills.ids[idx], names[idx].astype(str), -np.round(score[idx], 12)))][: max(int(top), 0)]
    goal_of = pd.Series(phrases["goal"].to_numpy(object)[pairs["goal"].to_numpy()], index=pairs["skill"].to_numpy())
    goal_of = goal_of[~goal_of.index.duplicated()]
    stexts, itexts = skills.vocab["text"].to_numpy(object), inter.vocab["text"].to_numpy(object)
    rows = []
    for i in idx:  # explanations for the chosen few only
        has = skills.X.indices[skills.X.indptr[i]: skills.X.indptr[i + 1]]
        has = has[np.isin(has, wanted_codes)]
        has = has[np.lexsort((stexts[has].astype(str), skills.vocab["df"].to_numpy()[has]))]
        items = _contact_items(inter, int(i))
        shared = items.loc[items["mine"].to_numpy(), "text"].tolist()[:3]
        goals_hit = list(dict.fromkeys(goal_of.reindex(has).tolist()))
        skill_list = "; ".join(stexts[has][:4])
        shared_list = "; ".join(shared)
        reason = (f"{names[i]} brings {skill_list}, which your goal \u201c{goals_hit[0]}\u201d calls for; "
                  f"you both care about {shared_list}.")
        rows.append((int(skills.ids[i]), names[i], score[i], fit[i], common[i], skill_list,
                     "; ".join(goals_hit), shared_list, reason))
    out = pd.DataFrame(rows, columns=["contact_id", "full_name", "score", "fit", "common", "skills", "goals",
                                      "shared", "reason"])
    out.insert(2, "company", _lookup(contacts, idx, "company"))
    out.insert(3, "position", _lookup(contacts, idx, "position"))
    return out


# ----------------------------------------------------------------------------- interests x circles


def map_shared_interests(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                         circles: pd.Series, *, kinds: Iterable[str] = ("interest",), top: int = 12,
                         names: int = 6) -> pd.DataFrame:
    """How the person's own interests spread over their circles: one row per (item, circle).

    ``circles`` maps contact_id to circle (:func:`workbook.ties.assign_circles`). Columns
    ``item, kind, circle, n, share, names`` where ``share`` is ``n`` over the circle's size and
    ``names`` lists up to ``names`` of the people (alphabetical, "+ k more"). The ``top`` items
    shared by most contacts come first (unshared ones too, with zeros); every circle appears for
    every item.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact", "contact"], "contact_id": pd.array([None, 1, 2],
    ...                   dtype="Int64"), "kind": "interest", "text": ["chess", "chess", "chess"]})
    >>> m = map_shared_interests(c, t, None, pd.Series(["inner", "close"], index=[1, 2]))
    >>> m.loc[m["n"] > 0, ["item", "circle", "names"]].values.tolist()
    [['chess', 'inner', 'Ana'], ['chess', 'close', 'Ben']]
    """
    kinds = tuple(kinds)
    s = _space(contacts, tags, profile, kinds=kinds)
    circle = pd.Series(circles).reindex(s.ids).fillna("acquaintance").astype(str).to_numpy()
    keep = s.mine[s.codes] if len(s.codes) else np.zeros(0, dtype=bool)
    rows, codes = s.rows[keep], s.codes[keep]
    person_names = _names(contacts)
    long = pd.DataFrame({"code": codes, "circle": circle[rows], "name": person_names[rows]})
    # Every one of the person's items, shared or not (an empty row is a finding too).
    chosen = np.flatnonzero(s.mine)
    dfs = s.vocab["df"].to_numpy()
    chosen = chosen[np.lexsort((s.vocab["alpha"].to_numpy()[chosen], -dfs[chosen]))][: max(int(top), 0)]
    size = pd.Series(circle).value_counts()
    grid = pd.MultiIndex.from_product([chosen, list(CIRCLES)], names=["code", "circle"])
    long = long.loc[long["code"].isin(chosen)].sort_values(["code", "circle", "name"], kind="stable")
    counts = long.groupby(["code", "circle"]).size().reindex(grid, fill_value=0)
    listed = long.groupby(["code", "circle"])["name"].agg(
        lambda x: "; ".join(x.iloc[:names]) + (f" + {len(x) - names} more" if len(x) > names else ""))
    out = pd.DataFrame({"n": counts.astype("int64")}).assign(
        names=listed.reindex(grid).fillna("").astype(object)).reset_index()
    return pd.DataFrame({
        "item": s.vocab["text"].to_numpy(object)[out["code"].to_numpy(dtype=int)],
        "kind": s.vocab["kind"].to_numpy(object)[out["code"].to_numpy(dtype=int)],
        "circle": out["circle"].to_numpy(object),
        "n": out["n"].to_numpy(),
        "share": out["n"].to_numpy() / size.reindex(out["circle"]).fillna(0).clip(lower=1).to_numpy(),
        "names": out["names"].to_numpy(object),
    })
