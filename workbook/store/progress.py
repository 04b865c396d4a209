"""Writes of the progress loop: a measurable networking goal (the ``targets`` table, schema 4).

One active target per metric: setting a new one retires the old (``active = 0``), so the history
of what the person aimed for is kept. Stopping a target retires it too; nothing is deleted.

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); book.set_setting("as_of", "2026-10-15")
>>> first = set_target(book, "conversations", 2, "week"); second = set_target(book, "conversations", 3, "week")
>>> book.targets()[["target_id", "n", "active", "started_on"]].astype(str).values.tolist()
[['1', '2', 'False', '2026-10-15'], ['2', '3', 'True', '2026-10-15']]
>>> stop_target(book, second); book.targets()["active"].tolist()
[False, False]
"""
from __future__ import annotations

from typing import Any

from .. import schema
from ..core.dates import parse_date

__all__ = ["set_target", "stop_target"]


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("The number in a goal must be a whole number from 1 to 100.")
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError("The number in a goal must be a whole number from 1 to 100.") from None
    if n != value and not (isinstance(value, str) and value.strip().isdigit()):
        raise ValueError("The number in a goal must be a whole number from 1 to 100.")
    if not 1 <= n <= 100:
        raise ValueError("A goal counts between 1 and 100 a week or a month; pick a number in that range.")
    return n


def set_target(book, metric: str, n: int, per: str, started_on: Any = None) -> int:
    """Aim for ``n`` of ``metric`` (one of :data:`workbook.schema.TARGET_METRICS`) per ``per``
    (``week`` or ``month``), from ``started_on`` (default: the workbook's ``as_of``). An active
    target for the same metric is retired, not deleted. Returns the new target's id."""
    if not isinstance(metric, str) or metric not in schema.TARGET_METRICS:
        raise ValueError(f"A goal counts one of: {', '.join(schema.TARGET_METRICS)}.")
    if not isinstance(per, str) or per not in schema.TARGET_PERIODS:
        raise ValueError("A goal is per week or per month.")
    count = _whole(n)
    start = parse_date(book.as_of() if started_on is None else started_on, field="The goal's start date")
    with book.transaction():
        book._execute("UPDATE targets SET active = 0 WHERE metric = ? AND active = 1", (metric,))
        cur = book._execute("INSERT INTO targets (metric, n, per, started_on, active) VALUES (?, ?, ?, ?, 1)",
                            (metric, count, per, start))
        return int(cur.lastrowid)


def stop_target(book, target_id: Any) -> None:
    """Stop working toward a goal: it is kept, marked inactive. Refuses an unknown or stopped one."""
    if isinstance(target_id, bool):
        raise ValueError("That goal does not exist.")
    try:
        tid = int(target_id)
    except (TypeError, ValueError):
        raise ValueError("That goal does not exist.") from None
    with book.transaction():
        cur = book._execute("UPDATE targets SET active = 0 WHERE id = ? AND active = 1", (tid,))
        if cur.rowcount != 1:
            raise ValueError("That goal does not exist or was already stopped.")
