"""The interactions snapshot codec: the table as columns of codes, kept in ``frame_cache``.

A heavy LinkedIn user brings a million interactions; reading them row by row on every open is
slow, so the store keeps a columnar snapshot (an ``.npz`` of plain arrays, never pickles) and
fetches only rows added since. Inserts are noticed by row count and largest id; updates and
deletes bump ``table_stamps`` (schema triggers) and drop the snapshot.

>>> cols = {k: np.array([1, 2]) for k in _COLUMNS} | {"sources": ["a", "b", "c"], "notes": ["x", "y", "z"]}
>>> _decode_snapshot(_encode_snapshot(cols))["id"].tolist()
[1, 2]
"""
from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from .errors import WorkbookError

_SNAPSHOT_FORMAT = 1
_VOCABULARIES = {"channel": schema.CHANNELS, "direction": schema.DIRECTIONS, "kind": schema.INTERACTION_KINDS}


_COLUMNS = ("id", "contact_id", "day", "channel", "direction", "kind", "source", "note")


#: Up to this many distinct sources are coded in SQL; beyond, the text is fetched and factorised.
_SQL_CODED_SOURCES = 32
_BAD_DAY = -(2**40)
_FIRST_NS_DAY, _LAST_NS_DAY = (int(pd.Timestamp(t).ceil("D").value // 86_400_000_000_000) for t in
                               (pd.Timestamp.min, pd.Timestamp.max.floor("D")))


def _fetch_interactions(conn: sqlite3.Connection, where: str = "", params: tuple = (), *,
                        path: Path | None = None) -> dict[str, Any]:
    """Interaction rows as columns sorted by (date, id): ids, day numbers and category codes.

    Categories are coded in SQL (a CASE per row costs far less than a Python string per cell);
    notes, mostly empty, come in a second query and are coded against their distinct texts.
    """
    def code(column: str, vocabulary: tuple[str, ...]) -> str:
        cases = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(vocabulary))
        return f"CASE {column} {cases} ELSE -1 END"

    sources = sorted(r[0] for r in conn.execute(
        f"SELECT DISTINCT CAST(source AS TEXT) FROM interactions {where}", params))
    in_sql = len(sources) <= _SQL_CODED_SOURCES
    source_sql = ("CASE CAST(source AS TEXT) " + " ".join(f"WHEN ? THEN {i}" for i in range(len(sources)))
                  + " ELSE -1 END" if sources else "-1") if in_sql else "CAST(source AS TEXT)"
    # An impossible calendar date ('2024-02-30') does not survive a round trip through its day number.
    day = f"CASE WHEN date(julianday(date)) = date THEN CAST(julianday(date) - 2440587.5 AS INTEGER) ELSE {_BAD_DAY} END"
    rows = conn.execute(
        f"SELECT id, contact_id, {day}, {code('channel', schema.CHANNELS)}, {code('direction', schema.DIRECTIONS)}, "
        f"{code('kind', schema.INTERACTION_KINDS)}, {source_sql}, note <> '' FROM interactions {where} ORDER BY id",
        (*(sources if in_sql else ()), *params)).fetchall()
    if in_sql:
        table = np.array(rows, dtype=np.int64).reshape(len(rows), 8)
    else:
        raw = np.array(rows, dtype=object).reshape(len(rows), 8)
        raw[:, 6] = pd.Index(sources).get_indexer(raw[:, 6])
        table = raw.astype(np.int64)
    days = table[:, 2]
    # Outside pandas' nanosecond range a date would silently wrap around.
    bad = (days < _FIRST_NS_DAY) | (days > _LAST_NS_DAY)
    if bad.any():
        ids = ", ".join(str(i) for i in table[bad, 0][:5])
        raise WorkbookError(
            f"{path or 'The workbook'} holds {int(bad.sum())} interaction(s) with an impossible date (id {ids}"
            f"{' ...' if bad.sum() > 5 else ''}). Fix or delete them, or restore a backup.")
    # Same read transaction and the same id order as the rows above, so the notes line up.
    texts = [r[0] for r in conn.execute(
        f"SELECT note FROM interactions {where} {'AND' if where else 'WHERE'} note <> '' ORDER BY id", params)]
    note = np.full(len(table), -1, dtype=np.int32)
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object)) if texts else (np.zeros(0, np.int64), [])
    note[table[:, 7] == 1] = codes
    order = np.lexsort((table[:, 0], table[:, 2]))
    table, note = table[order], note[order]
    return {
        "id": table[:, 0].copy(), "contact_id": table[:, 1].copy(), "day": table[:, 2].astype(np.int32),
        "channel": table[:, 3].astype(np.int8), "direction": table[:, 4].astype(np.int8),
        "kind": table[:, 5].astype(np.int8), "source": table[:, 6].astype(np.int32), "note": note,
        "sources": sources, "notes": [str(u) for u in uniques],
    }


def _merge_columns(base: dict[str, Any], added: dict[str, Any]) -> dict[str, Any]:
    """Snapshot columns plus rows added since, re-sorted only when an added row is older."""
    def recode(codes: np.ndarray, old: list[str], new: list[str]) -> np.ndarray:
        where = {v: i for i, v in enumerate(new)}
        table = np.array([where[v] for v in old] + [-1], dtype=np.int32)
        return table[codes]  # code -1 picks the trailing -1

    sources = sorted(set(base["sources"]) | set(added["sources"]))
    notes = base["notes"] + [t for t in dict.fromkeys(added["notes"]) if t not in set(base["notes"])]
    out = {k: np.concatenate([base[k], added[k]]) for k in ("id", "contact_id", "day", "channel", "direction", "kind")}
    out["source"] = np.concatenate([recode(base["source"], base["sources"], sources),
                                    recode(added["source"], added["sources"], sources)])
    out["note"] = np.concatenate([base["note"], recode(added["note"], added["notes"], notes)])
    out["sources"], out["notes"] = sources, notes
    if len(base["id"]) and len(added["id"]) and added["day"].min() < base["day"][-1]:
        order = np.lexsort((out["id"], out["day"]))
        for k in _COLUMNS:
            out[k] = out[k][order]
    return out


def _encode_snapshot(columns: dict[str, Any]) -> bytes:
    """Columns as an ``.npz`` (plain arrays, never pickles) with the vocabularies they were coded in."""
    meta = {"format": _SNAPSHOT_FORMAT, "vocabularies": {k: list(v) for k, v in _VOCABULARIES.items()},
            "sources": columns["sources"], "notes": columns["notes"]}
    def narrow(values: np.ndarray) -> np.ndarray:  # a smaller blob reads faster
        lo, hi = (int(values.min()), int(values.max())) if len(values) else (0, 0)
        for dtype in (np.int8, np.int16, np.int32):
            if np.iinfo(dtype).min <= lo and hi <= np.iinfo(dtype).max:
                return values.astype(dtype)
        return values

    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
             **{k: narrow(columns[k]) for k in _COLUMNS})
    return buffer.getvalue()


def _decode_snapshot(blob: bytes) -> dict[str, Any] | None:
    """The columns of a snapshot, or None when it is unreadable or coded in other vocabularies."""
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != _SNAPSHOT_FORMAT or meta.get("vocabularies") != {
                    k: list(v) for k, v in _VOCABULARIES.items()}:
                return None
            out = {k: data[k] for k in _COLUMNS}
        sources, notes = [str(v) for v in meta["sources"]], [str(v) for v in meta["notes"]]
    except Exception:  # noqa: BLE001 - a damaged snapshot is rebuilt from the table
        return None
    if len({len(v) for v in out.values()}) != 1 or any(
            len(out[k]) and out[k].max() >= len(vocab) for k, vocab in (("source", sources), ("note", notes))):
        return None
    out["sources"], out["notes"] = sources, notes
    return out


def _interactions_frame(columns: dict[str, Any]) -> pd.DataFrame:
    def category(codes, vocabulary) -> pd.Categorical:
        return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int32), categories=list(vocabulary))

    texts = np.array([*columns["notes"], ""], dtype=object)  # code -1 picks the trailing ""
    return pd.DataFrame(
        {
            "interaction_id": columns["id"].astype(np.int64),
            "contact_id": columns["contact_id"].astype(np.int64),
            "date": columns["day"].astype("datetime64[D]").astype("datetime64[ns]"),
            "channel": category(columns["channel"], schema.CHANNELS),
            "direction": category(columns["direction"], schema.DIRECTIONS),
            "kind": category(columns["kind"], schema.INTERACTION_KINDS),
            "note": pd.Series(texts[columns["note"]], dtype=object),
            "source": category(columns["source"], columns["sources"]),
        }
    )



def read_interactions(conn: sqlite3.Connection, *, schema_version: int, path: Path, min_rows: int,
                      stale_rows: int) -> tuple[dict[str, Any], bool, tuple[int, int, int]]:
    """(columns, whether a snapshot is worth saving, (stamp, n_rows, max_id) they reflect)."""
    if schema_version < 2:  # an older backup opened read-only has no snapshot tables
        return _fetch_interactions(conn, path=path), False, (0, 0, 0)
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one read snapshot: the rows and their fingerprint agree
    try:
        (stamp,) = conn.execute("SELECT n FROM table_stamps WHERE name = 'interactions'").fetchone()
        n_rows, max_id = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM interactions").fetchone()
        state = (stamp, n_rows, max_id)
        snap = conn.execute(
            "SELECT stamp, n_rows, max_id, blob FROM frame_cache WHERE name = 'interactions'").fetchone()
        base = _decode_snapshot(snap[3]) if snap and snap[0] == stamp and snap[2] <= max_id else None
        if base is not None and (snap[1], snap[2]) == (n_rows, max_id):
            return base, False, state
        if base is not None and n_rows > snap[1]:
            # Same stamp: nothing was updated or deleted since, so the difference is new rows.
            added = _fetch_interactions(conn, "WHERE id > ?", (snap[2],), path=path)
            if len(added["id"]) == n_rows - snap[1]:
                merged = _merge_columns(base, added)
                return merged, len(added["id"]) >= stale_rows, state
        columns = _fetch_interactions(conn, path=path)
        return columns, n_rows >= min_rows, state
    finally:
        if own:
            conn.execute("COMMIT")


def store_snapshot(conn: sqlite3.Connection, columns: dict[str, Any], state: tuple[int, int, int]) -> None:
    """Write ``columns`` as the snapshot for ``state`` inside the caller's transaction."""
    conn.execute("INSERT OR REPLACE INTO frame_cache (name, stamp, n_rows, max_id, blob) VALUES (?, ?, ?, ?, ?)",
                 ("interactions", *state, _encode_snapshot(columns)))


def save_snapshot(conn: sqlite3.Connection, columns: dict[str, Any], state: tuple[int, int, int], *,
                  busy_timeout_ms: int) -> None:
    """Keep ``columns`` as the snapshot, if nobody wrote since they were read (best effort: a busy
    writer in another tab or a full disk only mean the next open reads the table again)."""
    try:
        conn.execute("PRAGMA busy_timeout = 200")
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        return
    try:
        (stamp,) = conn.execute("SELECT n FROM table_stamps WHERE name = 'interactions'").fetchone()
        now = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM interactions").fetchone()
        if (stamp, *now) == state:  # nobody wrote since the rows were read
            store_snapshot(conn, columns, state)
        conn.execute("COMMIT")
    except BaseException as exc:  # never leave the write lock held (MemoryError, an odd value ...)
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        if not isinstance(exc, Exception):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
