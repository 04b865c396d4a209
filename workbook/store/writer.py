"""The one batched writer: every bulk write of the package goes through it (as sqlite-utils' ``insert_all``).

Two verbs, both on :class:`~workbook.store.Workbook`:

``book.write_rows(table, rows, *, on_conflict="abort", returning_ids=False) -> Written``
    Insert ``rows`` (a DataFrame, or a list of dicts with the same keys) into ``table``.
    ``on_conflict``: ``"abort"`` (a duplicate refuses the lot), ``"ignore"`` (rows that would
    duplicate a unique key are skipped, as a re-import skips what it saw before) or
    ``"replace"`` (they replace the old row). ``returning_ids=True`` fills ``Written.ids`` with
    each row's id in order (``None`` for a skipped row).
``book.update_rows(table, rows, *, key="id") -> Written``
    Change the given columns of existing rows, found by ``key``; a row that matches nothing
    refuses the lot.

Both validate and normalise each column as the one-row writes do (:data:`validation.RULES`,
applied once per distinct value, so a million rows stay fast), fill what those fill
(timestamps, an interaction's default channel ...), run inside :meth:`Workbook.transaction`
(joining an open one) and are all-or-nothing even there (a savepoint). A refused row is named:
``ValueError("row 3: name must not be empty.")``. Many rows are staged in a temporary table and moved with one
``INSERT ... SELECT``, which the table's CHECKs and keys judge row by row (see :func:`_insert`).

Every write records the tables it touched, so the caches of other tables stay valid
(``Written.tables``; :meth:`Workbook.version` moves for exactly those).

``with book.writing("contacts", "tags") as conn:`` is the third way in, for the importers'
specialised statements (per-row ``executemany`` of wide contact rows measured faster than a
staged insert): the same all-or-nothing step, its changes recorded against those tables only.

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:")
>>> done = book.write_rows("contacts", [{"full_name": "Ada"}, {"full_name": "Grace Hopper"}], returning_ids=True)
>>> done.ids, sorted(done.tables)
([1, 2], ['contacts'])
>>> rows = pd.DataFrame({"contact_id": [1, 2, 2], "date": ["2024-01-02", "2024-01-03", "2024-01-03"],
...                      "channel": "call", "source": "phone", "external_id": ["a", "b", "b"]})
>>> book.write_rows("interactions", rows, on_conflict="ignore").count
2
>>> book.write_rows("contacts", [{"full_name": "  "}])
Traceback (most recent call last):
...
ValueError: row 1: name must not be empty.
>>> book.update_rows("contacts", [{"id": 2, "company": "Navy"}]).count
1
"""
from __future__ import annotations

import contextlib
import itertools
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np
import pandas as pd

from .. import schema
from .errors import _integrity_message
from .validation import DEFAULTS, RULES, default_value, plain

#: How each ``on_conflict`` is said in SQL: (verb, clause after the VALUES).
ON_CONFLICT = {
    "abort": ("INSERT INTO", ""),
    "ignore": ("INSERT INTO", " ON CONFLICT DO NOTHING"),
    "replace": ("INSERT OR REPLACE INTO", ""),
}
#: Tables whose rows other tables' rows point to (ON DELETE CASCADE / SET NULL): a replace there
#: may change those too, so it stales every table.
CASCADES = {"contacts", "outreach", "goals"}
#: Most parameters one statement may bind in any SQLite build (older builds stop at 999).
MAX_PARAMS = 999
#: Tables with an integer ``id`` the writer can hand back.
_ID_TABLES = {t for t in schema.TABLES if t not in ("settings", "reflections", "profile")}


@dataclass(frozen=True)
class Written:
    """What a write did: rows written (skipped ones not counted), their ids when asked, the tables touched."""

    table: str
    count: int
    ids: list[int | None] | None
    tables: frozenset[str]


def write_rows(book, table: str, rows: Any, *, on_conflict: str = "abort", returning_ids: bool = False) -> Written:
    """Insert ``rows`` into ``table`` in one all-or-nothing step (see the module docstring)."""
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"on_conflict must be one of {', '.join(ON_CONFLICT)} (got {on_conflict!r}).")
    if returning_ids and table not in _ID_TABLES:
        raise ValueError(f"{table} rows have no id to return.")
    columns, n = _as_columns(book, table, rows)
    if not n:
        return Written(table, 0, [] if returning_ids else None, frozenset())
    for column, value in DEFAULTS.get(table, {}).items():
        if column not in columns:
            columns[column] = pd.Series([default_value(value)] * n, dtype=object)
    values = _normalise(table, _fill_names(table, columns, n))
    _order_links(table, values)
    touched = frozenset(schema.TABLES) if on_conflict == "replace" and table in CASCADES else frozenset({table})
    with _step(book, touched) as conn:
        if returning_ids and "id" not in values:
            (top,) = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
            values["id"] = list(range(top + 1, top + 1 + n))
        before = _present(conn, table, values["id"]) if returning_ids and on_conflict == "ignore" else set()
        verb, clause = ON_CONFLICT[on_conflict]
        count = _insert(conn, verb, table, clause, values)
        ids = None
        if returning_ids:
            ids = list(values["id"])
            if on_conflict == "ignore":
                after = _present(conn, table, ids) - before
                ids = [i if i in after else None for i in ids]
    return Written(table, count, ids, touched)


def update_rows(book, table: str, rows: Any, *, key: str = "id") -> Written:
    """Change the given columns of existing ``table`` rows found by ``key`` (see the module docstring)."""
    columns, n = _as_columns(book, table, rows)
    if not n:
        return Written(table, 0, None, frozenset())
    if key not in columns:
        raise ValueError(f"Each row needs its {key} to be updated.")
    if "updated_at" in _table_columns(book.conn, table) and "updated_at" not in columns:
        columns["updated_at"] = pd.Series([default_value(DEFAULTS[table]["updated_at"])] * n, dtype=object)
    values = _normalise(table, columns)
    sets = [c for c in values if c != key]
    if not sets:
        return Written(table, 0, None, frozenset())
    with _step(book, frozenset({table})) as conn:
        cur = conn.executemany(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in sets)} WHERE {key} = ?",
                               zip(*(values[c] for c in sets), values[key]))
        if cur.rowcount != n:
            raise ValueError(f"{n - cur.rowcount} of the rows match no {table} row; nothing was written.")
    return Written(table, cur.rowcount, None, frozenset({table}))


# ----------------------------------------------------------------------------- steps


def _table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _as_columns(book, table: str, rows: Any) -> tuple[dict[str, pd.Series], int]:
    """The rows as one Series per column, checked against the table's columns."""
    if table not in schema.TABLES:
        raise ValueError(f"{table!r} is not a workbook table (one of {', '.join(schema.TABLES)}).")
    if isinstance(rows, pd.DataFrame):
        columns = {str(c): rows[c] for c in rows.columns}
        n = len(rows)
    else:
        rows = list(rows)
        names = list(rows[0]) if rows else []
        for i, row in enumerate(rows):
            if set(row) != set(names):
                raise ValueError(f"row {i + 1} has other fields than row 1 ({', '.join(sorted(set(row) ^ set(names)))}).")
        columns = {c: pd.Series([row[c] for row in rows], dtype=object) for c in names}
        n = len(rows)
    unknown = set(columns) - set(_table_columns(book.conn, table))
    if unknown:
        raise ValueError(f"Unknown {table} field(s): {', '.join(sorted(unknown))}.")
    return columns, n


def _fill_names(table: str, columns: dict[str, pd.Series], n: int) -> dict[str, pd.Series]:
    """A contact without a name is named by first + last name (as :meth:`Workbook.add_contact`)."""
    if table != "contacts" or ("full_name" in columns and not columns["full_name"].isna().any()):
        return columns
    blank = pd.Series([""] * n, dtype=object)
    first, last = (columns.get(c, blank).astype(object).where(lambda s: s.notna(), "").astype(str)
                   for c in ("first_name", "last_name"))
    joined = (first.str.cat(last.to_numpy(), sep=" ")).to_numpy(dtype=object)
    name = columns.get("full_name")
    filled = joined if name is None else np.where(name.isna().to_numpy(), joined, name.to_numpy(dtype=object))
    return {**columns, "full_name": pd.Series(filled, dtype=object)}


def _normalise(table: str, columns: dict[str, pd.Series]) -> dict[str, list[Any]]:
    """Each column through its rule, once per distinct value; a refusal names its first row."""
    rules = RULES.get(table, {})
    return {c: _normalise_column(series, rules.get(c, plain), c in rules) for c, series in columns.items()}


def _normalise_column(series: pd.Series, rule, has_rule: bool) -> list[Any]:
    """One column's values through ``rule``, called once per distinct value (missing cells once)."""
    if series.dtype.kind in "iu" and (not has_rule or getattr(rule, "integers", False)) and not series.hasnans:
        return series.tolist()  # ids and counts as numpy integers need no call per value
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), list(series.cat.categories)
    else:
        try:
            codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
        except TypeError:  # unhashable cells (a list of needs): one call per row
            codes, uniques = np.arange(len(series)), list(series)
    missing = bool((codes < 0).any())
    mapped: list[Any] = []
    for k, value in enumerate([*uniques, None] if missing else uniques):
        try:
            mapped.append(rule(value))
        except ValueError as exc:
            row = int(np.flatnonzero(codes == (k if k < len(uniques) else -1))[0])
            raise ValueError(f"row {row + 1}: {exc}") from None
    lookup = np.empty(len(uniques) + 1, dtype=object)  # the last slot: what a missing cell becomes
    lookup[:len(mapped)] = mapped
    return lookup[codes].tolist()


def _order_links(table: str, values: dict[str, list[Any]]) -> None:
    """A tie is never to oneself; symmetric kinds are stored once, smaller id first (as :meth:`Workbook.link`)."""
    if table != "links" or not {"a", "b"} <= set(values):
        return
    kinds = values.get("kind") or itertools.repeat("knows")
    for i, (a, b, kind) in enumerate(zip(values["a"], values["b"], kinds)):
        if a == b:
            raise ValueError(f"row {i + 1}: A contact cannot be linked to themselves.")
        if kind != "introduced-by" and a > b:
            values["a"][i], values["b"][i] = b, a


def writing(book, *tables: str) -> contextlib.AbstractContextManager[sqlite3.Connection]:
    """A step of statements the caller writes itself, recorded as changing ``tables`` only.

    >>> from workbook.store import open_workbook
    >>> book = open_workbook(":memory:"); goals = book.version("goals")
    >>> with book.writing("contacts") as conn:
    ...     _ = conn.execute("INSERT INTO contacts (full_name, created_at, updated_at) VALUES ('Ada', '', '')")
    >>> book.version("goals") == goals, len(book.contacts())
    (True, 1)
    """
    unknown = [t for t in tables if t not in schema.TABLES]
    if unknown or not tables:
        raise ValueError(f"Name the workbook tables this step writes (not {', '.join(unknown) or 'none'}).")
    return _step(book, frozenset(tables))


@contextlib.contextmanager
def _step(book, touched: frozenset[str]) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing step inside the book's transaction, its changes recorded as this write's."""
    with book.transaction() as conn:
        conn.execute("SAVEPOINT wb_write")
        start = conn.total_changes
        try:
            yield conn
        except sqlite3.IntegrityError as exc:
            _undo(conn)
            raise ValueError(f"{_integrity_message(exc)} Nothing was written.") from None
        except BaseException:
            _undo(conn)
            raise
        conn.execute("RELEASE wb_write")
        book._record_write(touched, conn.total_changes - start)


def _undo(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        conn.execute("ROLLBACK TO wb_write")
        conn.execute("RELEASE wb_write")


def _insert(conn: sqlite3.Connection, verb: str, table: str, clause: str, values: dict[str, list[Any]]) -> int:
    """Insert rows given as columns; returns how many were written.

    Many rows are staged in an unconstrained temporary table, many rows per statement, then
    moved with one ``INSERT ... SELECT``: the table's CHECKs and keys still judge every row, at
    a fraction of the per-row cost of ``executemany`` into an indexed table (measured: 200,000
    interactions in about half the time). A few rows go straight in.
    """
    names = ", ".join(values)
    columns = list(values.values())
    if len(columns[0]) <= MAX_PARAMS // len(columns):
        return insert_values(conn, f"{verb} main.{table} ({names}) VALUES", clause, columns)
    conn.execute("DROP TABLE IF EXISTS temp.wb_stage")
    conn.execute(f"CREATE TEMP TABLE wb_stage ({names})")
    try:
        insert_values(conn, "INSERT INTO temp.wb_stage VALUES", "", columns)
        # "WHERE true" lets SQLite parse an upsert clause after a SELECT.
        cur = conn.execute(f"{verb} main.{table} ({names}) SELECT {names} FROM temp.wb_stage WHERE true{clause}")
        return max(cur.rowcount, 0)
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.wb_stage")


def insert_values(conn: sqlite3.Connection, insert: str, clause: str, columns: list[list[Any]]) -> int:
    """Run ``insert`` ('INSERT INTO t (a, b) VALUES') for rows given as columns, many rows per
    statement (the per-statement cost of ``executemany`` dominates small rows; ~200 rows a
    statement halves it); returns the rows inserted.

    >>> conn = sqlite3.connect(":memory:"); _ = conn.execute("CREATE TABLE t (a, b)")
    >>> insert_values(conn, "INSERT INTO t VALUES", "", [list(range(450)), ["x"] * 450])
    450
    >>> conn.execute("SELECT count(*), sum(a), min(b) FROM t").fetchone()
    (450, 101025, 'x')
    """
    width, n = len(columns), len(columns[0]) if columns else 0
    if not n:
        return 0
    per = max(1, MAX_PARAMS // width)
    row = "(" + ", ".join("?" * width) + ")"
    flat: list[Any] = [None] * (n * width)
    for k, col in enumerate(columns):
        flat[k::width] = col  # row-major, one slice assignment per column
    full, rest = divmod(n, per)
    step, count = per * width, 0
    if full:
        cur = conn.executemany(f"{insert} {', '.join([row] * per)}{clause}",
                               (flat[i:i + step] for i in range(0, full * step, step)))
        count += max(cur.rowcount, 0)
    if rest:
        count += max(conn.execute(f"{insert} {', '.join([row] * rest)}{clause}", flat[full * step:]).rowcount, 0)
    return count


def _present(conn: sqlite3.Connection, table: str, ids: list[Any]) -> set[int]:
    """Which of ``ids`` name a row of ``table`` now."""
    found: set[int] = set()
    for i in range(0, len(ids), MAX_PARAMS):
        chunk = [v for v in ids[i:i + MAX_PARAMS] if v is not None]
        if chunk:
            found.update(r[0] for r in conn.execute(
                f"SELECT id FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return found
