"""What a LinkedIn export says about the person's own activity: posts (``Shares.csv``) and comments
(``Comments.csv``), counted, never kept.

=============  ===========================================  ==================================
file           columns used (others ignored)                becomes
=============  ===========================================  ==================================
Shares.csv     Date, ShareCommentary (ShareLink, SharedUrl,  one row per post: date, 'share',
               MediaUrl, Visibility ignored)                 how many words it had
Comments.csv   Date, Message (Link ignored)                  one row per comment: date,
                                                             'comment', how many words
=============  ===========================================  ==================================

Only the date and a word count leave this module: the text of a post or a comment is read to count
its words and dropped. Files are recognised by their headers (a renamed file still counts), a
``Notes:`` preamble and blank lines before the header are skipped, missing files are fine, and
Comments.csv's backslash-escaped quotes (``\\"``, which LinkedIn writes there instead of doubling
them) are read as quotes. Rows without a readable date are left out.

>>> shares = b'Date,ShareLink,ShareCommentary\\n2024-03-05 09:12:00,https://x,"Hello, world: three words?"\\n'
>>> read_activity({"Shares.csv": shares}).assign(date=lambda f: f["date"].astype(str)).to_dict("records")
[{'date': '2024-03-05', 'kind': 'share', 'words': 4}]
"""
from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from ._common import decode, find_header, has_all, header_key, parse_dates

__all__ = ["ACTIVITY_FILES", "ACTIVITY_KINDS", "identify_activity", "read_activity", "count_words"]

#: The export's file name of each kind of activity.
ACTIVITY_FILES = {"share": "Shares.csv", "comment": "Comments.csv"}
ACTIVITY_KINDS = tuple(ACTIVITY_FILES)
#: (kind, columns that identify the file, the column holding the text).
_SIGNATURES = (("share", ("Date", "ShareCommentary"), "ShareCommentary"),
               ("comment", ("Date", "Message", "Link"), "Message"))
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_COLUMNS = {"date": "datetime64[ns]", "kind": object, "words": "int64"}


def count_words(texts: pd.Series) -> np.ndarray:
    """Words in each text (URLs and hashtags count as words; punctuation does not).

    >>> count_words(pd.Series(["It's a test, ok?", "", "#data https://x.org/a"])).tolist()
    [4, 0, 5]
    """
    return np.fromiter((len(_WORD.findall(str(t))) for t in texts), dtype=np.int64, count=len(texts))


def identify_activity(text: str, name: str = "") -> tuple[str, str] | None:
    """(kind, text column) of a Shares.csv or Comments.csv from its header, or None.

    >>> identify_activity("Notes:\\nsomething\\n\\nDate,Link,Message\\n", "x.csv")
    ('comment', 'Message')
    """
    for kind, columns, text_column in _SIGNATURES:
        if find_header(text, has_all(*columns)) is not None:
            return kind, text_column
    return None


def _records(body: str, delimiter: str, *, backslash: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, doublequote=True,
                        escapechar="\\" if backslash else None)
    return [row for row in reader if row and any(cell.strip() for cell in row)]


def _table(text: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """The records below the header as strings, read the way that fits the file best.

    LinkedIn doubles quotes in Shares.csv but backslash-escapes them in Comments.csv (and either may
    change): both readings are tried and the one whose rows fit the header (and carry dates) wins.
    """
    header = find_header(text, has_all(*columns))
    lines = text.split("\n")
    body = "\n".join(lines[header.line + 1:])
    names = [header_key(c) for c in header.columns]
    best, best_score = pd.DataFrame(columns=names), None
    for backslash in (False, True):
        rows = _records(body, header.delimiter, backslash=backslash)
        width_ok = sum(len([c for c in r[len(names):] if c.strip()]) == 0 for r in rows)
        frame = pd.DataFrame([(r + [""] * len(names))[:len(names)] for r in rows], columns=names, dtype=object)
        dated = int(parse_dates(frame["date"].astype(object)).notna().sum()) if len(frame) else 0
        score = (width_ok + dated, -len(rows))
        if best_score is None or score > best_score:
            best, best_score = frame, score
    return best


def _one_file(data: bytes) -> tuple[str | None, pd.DataFrame]:
    text = decode(data).text
    found = identify_activity(text)
    if found is None:
        return None, pd.DataFrame({c: pd.Series(dtype=t) for c, t in _COLUMNS.items()})
    kind, text_column = found
    columns = next(cols for k, cols, _ in _SIGNATURES if k == kind)
    frame = _table(text, columns)
    dates = parse_dates(frame["date"].astype(object)) if len(frame) else pd.Series(dtype="datetime64[s]")
    out = pd.DataFrame({"date": dates.to_numpy(dtype="datetime64[s]").astype("datetime64[ns]"), "kind": kind,
                        "words": count_words(frame[header_key(text_column)]) if len(frame) else
                        np.array([], dtype=np.int64)})
    return kind, out.loc[out["date"].notna()]


def read_activity(files: dict[str, bytes]) -> pd.DataFrame:
    """The person's posts and comments in an export: one row each with ``date`` (datetime64, the
    day), ``kind`` ('share' | 'comment') and ``words`` (int), oldest first. ``files`` maps member
    names to their bytes (the whole export or just some files: any that is neither Shares.csv nor
    Comments.csv is ignored). The frame's ``attrs["kinds"]`` lists the kinds whose file was present,
    so an export with an empty Shares.csv says "no posts", not "unknown".

    >>> read_activity({}).columns.tolist(), read_activity({"Profile.csv": b"First Name,Headline\\n"}).attrs["kinds"]
    (['date', 'kind', 'words'], [])
    """
    parts, kinds = [], []
    for name, data in files.items():
        if not str(name).lower().endswith(".csv") or data is None:
            continue
        kind, part = _one_file(bytes(data))
        if kind is not None:
            kinds.append(kind)
            parts.append(part)
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _COLUMNS.items()})
    frame = pd.concat([empty, *parts], ignore_index=True) if parts else empty
    frame = (frame.astype({"words": "int64"}).assign(date=lambda f: f["date"].dt.normalize())
             .sort_values(["date", "kind"], kind="stable").reset_index(drop=True))
    frame.attrs["kinds"] = sorted(set(kinds))
    return frame
