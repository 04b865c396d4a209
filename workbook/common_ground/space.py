"""The item space: contacts x items as a sparse matrix with rarity weights, and what it lists."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..schema import TAG_KINDS
from .items import (_EMPTY_INT, _KIND_INDEX, KIND_WEIGHTS, _column_source, _distinct, _normalise,
                    _sorted_unique)


@dataclass(frozen=True)
class _Space:
    """Contacts x items as a sparse 0/1 matrix, with the vocabulary's rarity weights.

    ``derived`` marks, per (row, code) of the long form, an item only derived items give the
    contact; the vocabulary's ``mine_derived`` marks the person's items only derived ones give."""

    ids: np.ndarray  # contact ids in row order
    vocab: pd.DataFrame  # one row per item code: kind, key, text, df, idf, weight, mine, alpha, mine_derived
    X: sp.csr_matrix  # n_contacts x n_items, 1.0 where the contact holds the item
    rows: np.ndarray  # long form of X (row, code), sorted, no duplicates
    codes: np.ndarray
    derived: np.ndarray | None = None  # aligned with rows/codes: True where only derived items say so

    @property
    def weight(self) -> np.ndarray:
        return self.vocab["weight"].to_numpy()

    @property
    def mine(self) -> np.ndarray:
        return self.vocab["mine"].to_numpy()

    def derived_pairs(self, rows: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """True for each (row, code) pair that derived items alone give (the contact's side or the person's)."""
        mine_derived = self.vocab["mine_derived"].to_numpy(dtype=bool)[codes] if len(codes) else np.zeros(0, bool)
        if self.derived is None or not len(rows):
            return mine_derived
        size = max(len(self.vocab), 1)
        at = np.searchsorted(self.rows * size + self.codes, rows * size + codes)
        return self.derived[at] | mine_derived


#: Source flags: a source of ordinary items, of derived ones, or of dismissed derived ones (removed).
_PLAIN, _DERIVED, _DISMISSED = 0, 1, 2


def _split_derived(tags: pd.DataFrame) -> list[tuple[pd.DataFrame, int]]:
    """Tags as (frame, flag) parts: rows marked ``derived`` (and ``dismissed``) come apart (see
    :func:`workbook.common_ground.derived.tags_with_derived`)."""
    if "derived" not in tags:
        return [(tags, _PLAIN)]
    derived = tags["derived"].fillna(False).astype(bool).to_numpy()
    dismissed = (tags["dismissed"].fillna(False).astype(bool).to_numpy() if "dismissed" in tags
                 else np.zeros(len(tags), dtype=bool))
    return [(tags.loc[~derived], _PLAIN), (tags.loc[derived & ~dismissed], _DERIVED),
            (tags.loc[derived & dismissed], _DISMISSED)]


def _space(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None = None,
           kinds: Iterable[str] | None = None, *, with_profile: bool = True) -> _Space:
    """Build the item space; strings are hashed once per column, the rest is integer work."""
    ids = contacts["contact_id"].astype("int64").to_numpy()
    sources = _sources(contacts, tags, profile, ids, with_profile=with_profile)
    distinct = pd.concat([d for _, d, _, _ in sources], ignore_index=True)
    distinct = _normalise(distinct) if len(distinct) else distinct.assign(text=[], key=[])
    item_of, vocab = _vocabulary(distinct, kinds)
    n_items = len(vocab)
    size = max(n_items, 1)
    mine, mine_plain, mine_gone = (np.zeros(n_items, dtype=bool) for _ in range(3))
    found: dict[int, list[np.ndarray]] = {_PLAIN: [], _DERIVED: [], _DISMISSED: []}
    offset = 0
    for rows, d, inverse, flag in sources:
        codes = item_of[offset + inverse]
        offset += len(d)
        ok = codes >= 0
        if len(rows) and rows[0] == -1:
            target = mine_gone if flag == _DISMISSED else mine
            target[codes[ok]] = True
            if flag == _PLAIN:
                mine_plain[codes[ok]] = True
        else:
            found[flag].append(rows[ok] * size + codes[ok])
    flat, plain = (_sorted_unique(np.concatenate(found[f])) if found[f] else _EMPTY_INT for f in (_DERIVED, _PLAIN))
    flat = _sorted_unique(np.concatenate([flat, plain]))
    if found[_DISMISSED]:  # "not true" beats every other source of the same item
        flat = flat[~np.isin(flat, np.concatenate(found[_DISMISSED]))]
    mine &= ~mine_gone
    derived = ~np.isin(flat, plain) if found[_DERIVED] else None
    rows, codes = flat // size, flat % size
    df = np.bincount(codes, minlength=n_items)
    idf = np.log((len(ids) + 1) / (df + 1)) + 1.0
    weight = vocab["kind"].map(KIND_WEIGHTS).to_numpy(dtype=float) * idf
    alpha = np.argsort(np.argsort(vocab["key"].to_numpy(dtype=str), kind="stable"), kind="stable")
    vocab = vocab.assign(df=df, idf=idf, weight=weight, mine=mine, alpha=alpha, mine_derived=mine & ~mine_plain)
    X = sp.csr_matrix((np.ones(len(rows)), (rows, codes)), shape=(len(ids), n_items))
    return _Space(ids=ids, vocab=vocab, X=X, rows=rows, codes=codes, derived=derived)


def _tag_sources(tags: pd.DataFrame, ids: np.ndarray, *, contacts_side: bool) -> tuple[np.ndarray, pd.DataFrame,
                                                                                        np.ndarray]:
    """One source of items from tags: the contacts' tags (``contacts_side``) or the person's (row -1)."""
    kind_codes, kind_uniques = pd.factorize(tags["kind"])
    lookup = np.array([_KIND_INDEX.get(k, -1) for k in kind_uniques] + [-1], dtype=np.int64)
    tag_kinds = lookup[kind_codes]  # code -1 (missing) picks the trailing -1
    text_codes, text_uniques = pd.factorize(tags["text"])
    owner = tags["contact_id"]
    has_owner = owner.notna().to_numpy()  # the schema ties owner 'profile' to a missing contact_id
    if not contacts_side:
        own = ~has_owner
        return _distinct(np.full(int(own.sum()), -1), tag_kinds[own], text_codes[own], text_uniques)
    tag_rows = np.full(len(tags), -1, dtype=np.int64)
    tag_rows[has_owner] = pd.Index(ids).get_indexer(owner.loc[has_owner].astype("int64").to_numpy())
    in_book = tag_rows >= 0
    return _distinct(tag_rows[in_book], tag_kinds[in_book], text_codes[in_book], text_uniques)


def _sources(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None, ids: np.ndarray, *,
             with_profile: bool) -> list[tuple[np.ndarray, pd.DataFrame, np.ndarray, int]]:
    """Every (rows, distinct kind/raw, inverse, flag) source of items: (first, with row -1) the
    person's own tags, company and location, then contacts' tags, company and location; derived
    and dismissed tags after the plain ones of each side."""
    parts = _split_derived(tags)
    sources = [(*_tag_sources(t, ids, contacts_side=True), flag) for t, flag in parts]
    for column, kind in (("company", "employer"), ("location", "city")):
        if column in contacts:
            sources.insert(len(sources) - (len(parts) - 1), (*_column_source(contacts[column], kind), _PLAIN))
    if not with_profile:
        return sources
    psources = [(*_tag_sources(t, ids, contacts_side=False), flag) for t, flag in parts]
    if profile is not None and len(profile):
        for column, kind in (("company", "employer"), ("location", "city")):
            if column in profile:
                psources.insert(len(psources) - (len(parts) - 1),
                                (*_column_source(profile[column].iloc[:1], kind, np.array([-1])), _PLAIN))
    return psources + sources  # the person's spelling comes first, so it is the one shown


def _vocabulary(distinct: pd.DataFrame, kinds: Iterable[str] | None) -> tuple[np.ndarray, pd.DataFrame]:
    """Item code per distinct (kind, raw) row (-1 when left out: blank key or another kind) and the
    vocabulary (kind, key, text), each item spelt as it first appears."""
    wanted = np.ones(len(distinct), dtype=bool)
    if kinds is not None:
        wanted = np.isin(distinct["kind"].to_numpy(), [_KIND_INDEX[k] for k in kinds])
    wanted = wanted & (distinct["key"] != "").to_numpy()
    key_codes = pd.factorize(distinct["key"].to_numpy(object))[0].astype(np.int64)
    item_of = np.full(len(distinct), -1, dtype=np.int64)
    if wanted.any():
        item_of[wanted] = pd.factorize(key_codes[wanted] * len(TAG_KINDS) + distinct["kind"].to_numpy()[wanted])[0]
    sub = item_of[wanted]  # codes number first appearances 0, 1, 2...: a new maximum is a first
    firsts = np.flatnonzero(wanted)[np.r_[True, sub[1:] > np.maximum.accumulate(sub)[:-1]]] if len(sub) else sub
    vocab = pd.DataFrame({
        "kind": np.asarray(TAG_KINDS, dtype=object)[distinct["kind"].to_numpy()[firsts]],
        "key": distinct["key"].to_numpy(object)[firsts],
        "text": distinct["text"].to_numpy(object)[firsts],
    })
    return item_of, vocab


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
    v = s.vocab.iloc[codes].assign(code=codes)
    order = np.lexsort((v["alpha"].to_numpy(), v["df"].to_numpy()))
    return v.iloc[order].reset_index(drop=True)
