"""Who covers a goal's needs: weighted word coverage per contact, need and field; the goal's field."""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..core import titles
from .needs import _STOP, _TOKEN, _needs_of, stem, tokenize

#: How much a word match counts by where it was found.
FIELD_WEIGHTS = {
    "skill": 1.0,
    "position": 0.9,
    "industry": 0.7,
    "company": 0.5,
    "interest": 0.5,
    "community": 0.5,
    "event": 0.5,
}
FIELD_LABELS = {
    "skill": "skill",
    "position": "title",
    "industry": "industry",
    "company": "company",
    "interest": "interest",
    "community": "community",
    "event": "event",
}


_FIELDS = tuple(FIELD_WEIGHTS)


def _need_tokens(needs: Sequence[str]) -> pd.DataFrame:
    rows = [(need, tok) for need in needs for tok in dict.fromkeys(tokenize(need))]
    return pd.DataFrame(rows, columns=["need", "token"])


def _text_tokens(ids: np.ndarray, texts: pd.Series, field: int | np.ndarray,
                 wanted: dict[str, int]) -> tuple[pd.DataFrame, np.ndarray]:
    """Integer long frame (contact_id, field, text, token) of the wanted tokens in ``texts``, and the texts.

    ``field`` and ``token`` are codes (into :data:`_FIELDS` and ``wanted``); ``text`` indexes the
    returned array of distinct texts. Integer keys keep the joins and groupbys fast at 100,000 tags.
    """
    empty = pd.DataFrame({k: pd.Series(dtype="int64") for k in ("contact_id", "field", "text", "token")})
    if not wanted or not len(texts):
        return empty, np.array([], dtype=object)
    # Titles and tags repeat a lot across 30,000 contacts: tokenise each distinct text once.
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    uniq = pd.Series(uniques, dtype=object).astype(str)
    long = pd.DataFrame({"text": np.arange(len(uniq)), "word": uniq.str.lower().str.findall(_TOKEN.pattern)})
    long = long.explode("word").dropna(subset=["word"])
    words = long["word"].unique()
    token_of = {w: wanted.get(stem(w), -1) for w in words if w not in _STOP}  # distinct words only
    long = long.assign(token=long["word"].map(token_of).fillna(-1).astype("int64"))
    long = long.loc[long["token"] >= 0, ["text", "token"]].drop_duplicates()
    if long.empty:
        return empty, np.array([], dtype=object)
    keep = np.isin(codes, long["text"].unique())
    fields = np.full(len(codes), field, dtype="int64") if np.isscalar(field) else np.asarray(field, dtype="int64")
    frame = pd.DataFrame({"contact_id": ids[keep], "field": fields[keep], "text": codes[keep]})
    return frame.merge(long, on="text"), uniq.to_numpy()


def _word_hits(contacts: pd.DataFrame, tags: pd.DataFrame | None,
               wanted: dict[str, int]) -> tuple[pd.DataFrame | None, np.ndarray]:
    """Every wanted token found in the contacts' title, industry, company and expertise tags, as one
    integer frame (contact_id, field, text, token) over one table of texts; (None, []) when none."""
    ids = contacts["contact_id"].to_numpy(dtype="int64")
    parts = [_text_tokens(ids, contacts[f].fillna(""), _FIELDS.index(f), wanted)
             for f in ("position", "industry", "company") if f in contacts]
    if tags is not None and len(tags):
        # One mask, one copy: 100,000 tags are costly to copy twice.
        ct = tags.loc[(tags["owner"].to_numpy(dtype=object) == "contact")
                      & tags["kind"].isin(FIELD_WEIGHTS).to_numpy(dtype=bool)
                      & tags["contact_id"].isin(ids).to_numpy(dtype=bool)]
        if len(ct):
            # Mapped per distinct kind (a handful), not per tag: 100,000 tags make a dict lookup each slow.
            codes, kinds = pd.factorize(ct["kind"].to_numpy(dtype=object))
            kind_code = np.array([_FIELDS.index(k) for k in kinds], dtype="int64")[codes]
            parts.append(_text_tokens(ct["contact_id"].to_numpy(dtype="int64"), ct["text"], kind_code, wanted))
    # Each part numbers its texts on its own: offset them into one table of texts.
    texts, offset, frames = [], 0, []
    for part, part_texts in parts:
        if len(part):
            frames.append(part.assign(text=part["text"] + offset))
            texts.append(part_texts)
            offset += len(part_texts)
    if not frames:
        return None, np.array([], dtype=object)
    return pd.concat(frames, ignore_index=True), np.concatenate(texts)


def match_expertise(needs: Sequence[str], contacts: pd.DataFrame, tags: pd.DataFrame, *,
                    detail: bool = False) -> pd.DataFrame:
    """Per contact and need, the best weighted word coverage and where it was found.

    Returns a long frame: contact_id, need, coverage (0-1, weighted by field), share (of the need's
    words found), field, evidence (the first text that matched; all of them with ``detail=True``,
    which is slower: meant for the few rows a person reads).

    >>> c = pd.DataFrame({"contact_id": [1], "position": ["Product Manager"], "industry": ["Software"],
    ...                   "company": ["Acme"]})
    >>> m = match_expertise(["product management"], c, pd.DataFrame(columns=["contact_id", "owner", "kind", "text"]))
    >>> m[["need", "coverage", "share", "field", "evidence"]].values.tolist()
    [['product management', 0.9, 1.0, 'position', 'Product Manager']]
    """
    nt = _need_tokens(needs)
    cols = ["contact_id", "need", "coverage", "share", "field", "evidence"]
    empty = pd.DataFrame(columns=cols).astype({"contact_id": "int64", "coverage": "float64", "share": "float64"})
    if nt.empty or contacts.empty:
        return empty
    wanted = {tok: i for i, tok in enumerate(dict.fromkeys(nt["token"]))}
    need_list = list(dict.fromkeys(nt["need"]))
    nt_codes = pd.DataFrame({"token": nt["token"].map(wanted).to_numpy(dtype="int64"),
                             "need": nt["need"].map({n: i for i, n in enumerate(need_list)}).to_numpy(dtype="int64")})
    hits, all_texts = _word_hits(contacts, tags, wanted)
    if hits is None:
        return empty
    hits = hits.merge(nt_codes, on="token")
    n_tok = nt_codes.groupby("need")["token"].nunique().to_numpy()
    keys = ["contact_id", "field", "need"]
    grouped = hits.drop_duplicates([*keys, "token"]).groupby(keys, sort=False)
    per_field = grouped.size().rename("matched").to_frame()
    per_field["first_text"] = grouped["text"].first()
    per_field = per_field.reset_index()
    per_field["share"] = per_field["matched"].to_numpy() / n_tok[per_field["need"].to_numpy()]
    weights = np.array([FIELD_WEIGHTS[f] for f in _FIELDS])
    per_field["coverage"] = (per_field["share"] * weights[per_field["field"].to_numpy()]).round(6)
    best = (
        per_field.sort_values(["contact_id", "need", "coverage"], ascending=[True, True, False], kind="stable")
        .drop_duplicates(["contact_id", "need"])
    )
    if detail:
        evidence = (hits.drop_duplicates([*keys, "text"]).assign(t=lambda f: all_texts[f["text"].to_numpy()])
                    .groupby(keys, sort=False)["t"].agg(", ".join))
        ev = evidence.reindex(pd.MultiIndex.from_frame(best[keys])).to_numpy()
    else:
        ev = all_texts[best["first_text"].to_numpy()]
    out = pd.DataFrame({
        "contact_id": best["contact_id"].to_numpy(),
        "need": np.asarray(need_list, dtype=object)[best["need"].to_numpy()],
        "coverage": best["coverage"].to_numpy(),
        "share": best["share"].to_numpy(),
        "field": np.asarray(_FIELDS, dtype=object)[best["field"].to_numpy()],
        "evidence": ev,
    })
    return out[cols]


def score_expertise(matches: pd.DataFrame, n_needs: int) -> pd.Series:
    """Expertise per contact: half the best need's coverage plus half the mean over all needs.

    >>> m = pd.DataFrame({"contact_id": [1, 1, 2], "need": ["a", "b", "a"], "coverage": [1.0, 0.5, 0.5]})
    >>> score_expertise(m, 2).round(3).to_dict()
    {1: 0.875, 2: 0.375}
    """
    if matches.empty or n_needs <= 0:
        return pd.Series(dtype="float64", name="expertise")
    g = matches.groupby("contact_id")["coverage"]
    return (0.5 * g.max() + 0.5 * g.sum() / n_needs).clip(0, 1).rename("expertise")


# ----------------------------------------------------------------------------- the goal's field

#: Expertise a contact has for a goal just by working in the goal's field (their title's function by
#: the one classifier, :func:`workbook.core.titles.classify_function`), whatever words they match.
FIELD_EXPERTISE = 0.6
_NO_FIELD = ("other", "unknown")


def goal_field(goal: Any) -> str | None:
    """The field (function) a goal points to: the one title classifier run on its title and each need;
    the label most of them share wins (the title first on a tie). None when none names a field.

    >>> goal_field({"title": "Move into data", "needs": "data science; statistics; public speaking"})
    'data'
    >>> goal_field("public speaking") is None
    True
    """
    title = goal.get("title", "") if isinstance(goal, (pd.Series, Mapping)) else ""
    texts = [str(title or "")] + [str(n) for n in _needs_of(goal)]
    labels = [label for label in map(function_of, texts) if label not in _NO_FIELD]
    if not labels:
        return None
    counts = {label: labels.count(label) for label in dict.fromkeys(labels)}
    return max(counts, key=lambda label: counts[label])  # max keeps the first of equals: goal order


@functools.lru_cache(maxsize=4096)
def function_of(text: str) -> str:
    """The function of one title or phrase by the one classifier (remembered: goals and profiles repeat).

    >>> function_of("Head of Data"), function_of("")
    ('data', 'unknown')
    """
    return str(titles.classify_function(pd.Series([text], dtype=object)).iloc[0])


@functools.lru_cache(maxsize=4096)
def level_of(text: str) -> str:
    """The seniority level of one title by the one classifier (remembered, like :func:`function_of`).

    >>> level_of("Head of Data")
    'director'
    """
    return str(titles.classify_seniority(pd.Series([text], dtype=object)).iloc[0])


def in_field(positions: pd.Series, field: str | None) -> pd.Series:
    """True where a job title is in ``field`` (by the one classifier); all False without a field.

    >>> in_field(pd.Series(["Senior Data Scientist", "Designer", ""]), "data").tolist()
    [True, False, False]
    """
    if field is None:
        return pd.Series(False, index=positions.index, dtype=bool)
    text = positions.astype(object).where(positions.notna(), "").astype(str)
    return (titles.classify_function(text) == field).astype(bool)
