"""The array work behind LinkedIn's messages.csv: recipients, participants, who "you" are, and
one row per conversation, day and person. Pure numpy/pandas on integer codes (200,000 messages
in well under a second); the writer that uses it is :func:`workbook.importers.linkedin._write_messages`.
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ._common import name_key
from ._merge import external_id, fast_linkedin, linkedin_keys, profile_row
from .linkedin_read import _name_key


def _owner_name(ctx) -> str:
    return ctx.notes.get("owner_name") or profile_row(ctx.book)["name"]



def _recipient_names(m: pd.DataFrame, r_pos: np.ndarray, r_codes: np.ndarray, keys: list[str],
                     last: np.ndarray, names: dict[str, str]) -> None:
    """Names (from TO) of recipients known only by URL who never wrote back: someone you messaged
    is then found by name when their URL is not in your workbook (an older Connections.csv has none)."""
    silent = last < 0
    need = silent[r_codes]
    if not need.any():
        return
    first: dict[int, int] = {}
    for code, p in zip(r_codes[need].tolist(), r_pos[need].tolist()):
        first.setdefault(code, p)
    url_cells, to_cells = m["r_urls"].to_numpy(dtype=object), m["r_names"].to_numpy(dtype=object)
    for code, p in first.items():
        key = keys[code]
        if key.startswith("name:") or not url_cells[p]:
            continue
        urls = [fast_linkedin(u) for u in _SEPARATORS.split(url_cells[p]) if u]
        # One URL: the whole TO cell is that person ("Lovelace, Ada" keeps its comma); several: one name each.
        tos = [str(to_cells[p]).strip()] if len(urls) == 1 else [t.strip() for t in str(to_cells[p]).split(",")]
        if len(urls) == len(tos) and key in urls and tos[urls.index(key)]:
            names.setdefault(key, tos[urls.index(key)])


def _owner_by_direction(m: pd.DataFrame, s_codes: np.ndarray, r_pos: np.ndarray, r_codes: np.ndarray) -> int:
    """The owner's code when the layout says who wrote (the older messages.csv's Direction), else -1."""
    if "outgoing" not in m:
        return -1
    outgoing = m["outgoing"].to_numpy(dtype=bool)
    if outgoing.any():
        return int(np.bincount(s_codes[outgoing]).argmax())
    incoming = ~outgoing[r_pos]
    return int(np.bincount(r_codes[incoming]).argmax()) if incoming.any() else -1


def _categorical(codes: np.ndarray, texts: Any) -> pd.Categorical:
    """Rows as codes into the distinct ``texts``: nothing is hashed again downstream.

    >>> _categorical(np.array([1, 0, 1]), ["in", "out"]).tolist()
    ['out', 'in', 'out']
    """
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(texts), dtype=object))


def _codes(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """``pd.factorize`` for texts repeated as the same objects (participant keys): a dict
    keyed by them is about twice as fast as pandas' string hash table here.

    >>> codes, keys = _codes(np.array(["b", "a", "b"], dtype=object))
    >>> codes.tolist(), keys
    ([0, 1, 0], ['b', 'a'])
    """
    listed = values.tolist()
    index = {k: i for i, k in enumerate(dict.fromkeys(listed))}
    return np.fromiter(map(index.__getitem__, listed), dtype=np.intp, count=len(listed)), list(index)


def _message_ids(cid: np.ndarray, day: np.ndarray, digest: np.ndarray) -> list[str]:
    """``external_id("li-msg", contact, day, digest)`` for every row, with numpy's string
    functions: 200,000 Python f-strings cost twice as much.

    >>> _message_ids(np.array([42]), np.array(["2024-03-15"]), np.array(["0123456789ab"]))
    ['li-msg:000000042:2024-03-15:0123456789ab']
    >>> ids = _message_ids(np.array([7]), np.array(["2024-03-15"]), np.array(["x"]))
    >>> ids == [external_id("li-msg", 7, "2024-03-15", "x")]
    True
    """
    add = np.char.add  # numpy's string ufuncs (np.strings in numpy 2)
    padded = np.char.zfill(cid.astype(np.int64).astype(str), 9)
    return add(add(add(add("li-msg:", padded), ":"), add(day.astype(str), ":")), digest.astype(str)).tolist()


def _usable(frame: pd.DataFrame, ok: pd.Series) -> pd.DataFrame:
    """The rows of ``frame`` where ``ok``, positions 0..n-1 (no copy when every row is usable)."""
    if bool(ok.all()) and frame.index.equals(pd.RangeIndex(len(frame))):
        return frame
    return frame[ok].reset_index(drop=True)


_SEPARATORS = re.compile(r"[,;\s]+")


def _recipients(m: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(message position, participant key) of every recipient: by RECIPIENT PROFILE URLS, else
    the names in TO. Each distinct cell is split and normalised once (200,000 messages have a
    few thousand distinct recipient cells); the order is that of the rows, URL cells holding one
    URL first, then those holding several, then the names.

    >>> m = pd.DataFrame({"r_urls": ["https://www.linkedin.com/in/ada", "", "linkedin.com/in/Bo, linkedin.com/in/cy"],
    ...                   "r_names": ["Ada", "Zoë Ö, Bob", "Bo, Cy"]})
    >>> pos, keys = _recipients(m)
    >>> list(zip(pos.tolist(), keys.tolist()))  # doctest: +NORMALIZE_WHITESPACE
    [(0, 'https://www.linkedin.com/in/ada'), (2, 'https://www.linkedin.com/in/bo'),
     (2, 'https://www.linkedin.com/in/cy'), (1, 'name:zoe o'), (1, 'name:bob')]
    """
    url_codes, cells = pd.factorize(m["r_urls"].to_numpy(dtype=object))
    # One URL per cell is the rule; several are separated by commas, semicolons or spaces.
    several = np.array([("," in u) or (";" in u) or (" " in u) for u in cells], dtype=bool)
    one = np.array([u != "" for u in cells], dtype=bool) & ~several
    key_of_cell = np.full(len(cells) + 1, "", dtype=object)
    key_of_cell[np.flatnonzero(one)] = linkedin_keys(list(cells[one]))
    single = np.flatnonzero(one[url_codes])
    pos, keys = [single], [key_of_cell[url_codes[single]]]
    multi_pos, multi_keys = [], []
    for i in np.flatnonzero(several[url_codes]).tolist():
        for u in _SEPARATORS.split(cells[url_codes[i]]):
            if u:
                multi_pos.append(i)
                multi_keys.append(fast_linkedin(u))
    pos.append(np.asarray(multi_pos, dtype=np.int64))
    keys.append(np.asarray(multi_keys, dtype=object))

    has_url = np.zeros(len(m), dtype=bool)
    for p in pos:
        has_url[p] = True
    no_url = np.flatnonzero(~has_url)
    name_codes, name_cells = pd.factorize(m["r_names"].to_numpy(dtype=object)[no_url])
    per_cell = [[_name_key(n.strip()) for n in cell.split(",") if n.strip() != ""] for cell in name_cells]
    counts = np.array([len(k) for k in per_cell] + [0], dtype=np.int64)[name_codes]
    pos.append(np.repeat(no_url, counts))
    keys.append(np.array([k for c in name_codes.tolist() if c >= 0 for k in per_cell[c]], dtype=object))
    return np.concatenate(pos).astype(np.int64), np.concatenate(keys).astype(object)


def _per_conversation_day(conv: np.ndarray, day: np.ndarray, cid: np.ndarray,
                          is_out: np.ndarray) -> dict[str, np.ndarray]:
    """One row per (conversation, day, contact) in order of first appearance: its keys, how many
    messages (``n``) and how many of them outbound (``n_out``).

    >>> g = _per_conversation_day(np.array([0, 0, 1]), np.array([5, 5, 5]), np.array([9, 9, 9]), np.array([1, 0, 1]))
    >>> {k: v.tolist() for k, v in g.items()}
    {'conv': [0, 1], 'day': [5, 5], 'cid': [9, 9], 'n': [2, 1], 'n_out': [1, 1]}
    """
    lo = [int(a.min()) for a in (conv, day, cid)]
    span = [int(a.max()) - low + 1 for a, low in zip((conv, day, cid), lo)]
    if span[0] * span[1] * span[2] >= 2**62:  # absurd ranges: let pandas group them
        g = (pd.DataFrame({"conv": conv, "day": day, "cid": cid, "out": is_out})
             .groupby(["conv", "day", "cid"], sort=False)
             .agg(n=("out", "size"), n_out=("out", "sum")).reset_index())
        return {c: g[c].to_numpy(dtype=np.int64) for c in g.columns}
    # The three keys packed into one integer, so grouping is one factorize and two bincounts.
    packed = ((conv - lo[0]) * span[1] + (day - lo[1])) * span[2] + (cid - lo[2])
    codes, groups = pd.factorize(packed)
    return {
        "conv": groups // (span[1] * span[2]) + lo[0],
        "day": groups // span[2] % span[1] + lo[1],
        "cid": groups % span[2] + lo[2],
        "n": np.bincount(codes),
        "n_out": np.bincount(codes, weights=is_out).astype(np.int64),
    }


def _message_owner(ctx, conv_codes, s_codes, r_pos, r_codes, keys: list[str], names: dict[str, str]) -> int:
    """The code of the person whose export this is: the one named in the profile, else the
    participant of the most conversations who is not a contact (-1 when there is nobody)."""
    k = max(len(keys), 1)
    pairs = pd.unique(np.concatenate([conv_codes.astype(np.int64) * k + s_codes,
                                      conv_codes[r_pos].astype(np.int64) * k + r_codes]))
    counts = np.bincount(pairs % k, minlength=k)
    order = [int(i) for i in np.argsort(-counts, kind="stable")[:50]]
    if not order:
        return -1
    owner_name = name_key(_owner_name(ctx))
    if owner_name:
        for i in order:
            if name_key(names.get(keys[i], "")) == owner_name or keys[i] == f"name:{owner_name}":
                return i
    index = ctx.index
    for i in order:
        key = keys[i]
        known = index.find_name(key[5:]) if key.startswith("name:") else index.by_url.get(key)
        if known is None:
            return i
    return order[0]
