"""Writes of the collaboration loop: projects, who is on them, and their dated road.

A project starts as an idea and moves along ``schema.PROJECT_TRANSITIONS`` (idea -> proposed ->
active -> done; dropped is a side road, from which an idea can come back). Every move is kept,
dated, in ``project_history``. Each function takes the workbook first, checks every value in
Python and raises ``ValueError`` with a plain sentence on bad input.

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); book.set_setting("as_of", "2026-10-15")
>>> ada = book.add_contact("Ada Lovelace")
>>> pid = add_project(book, "Open attendance dashboard", basis="you both care about open data", contact_ids=[ada])
>>> move_project(book, pid, "proposed"); move_project(book, pid, "active")
>>> book.projects()["status"].tolist(), book.project_history()["to_status"].tolist()
(['active'], ['idea', 'proposed', 'active'])
>>> move_project(book, pid, "idea")
Traceback (most recent call last):
...
ValueError: An active project cannot go back to idea: from active it can only go to done or dropped.
"""
from __future__ import annotations

from typing import Any, Iterable

from .. import schema
from ..core.dates import now_text, parse_date
from .validation import _text

__all__ = ["add_project", "move_project", "set_project_people", "update_project", "move_message"]

_ARTICLE = {"idea": "An idea", "active": "An active project"}


def _project_id(book, project_id: Any) -> tuple[int, str]:
    """(id, status) of an existing project."""
    try:
        pid = int(project_id)
        if isinstance(project_id, float) and project_id != pid:
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"{project_id!r} is not a project number.") from None
    row = book.conn.execute("SELECT id, status FROM projects WHERE id = ?", (pid,)).fetchone()
    if row is None:
        raise ValueError(f"There is no project number {pid}.")
    return int(row[0]), str(row[1])


def _status(value: Any) -> str:
    if not isinstance(value, str) or value not in schema.PROJECT_STATUSES:
        raise ValueError(f"A project's status is one of {', '.join(schema.PROJECT_STATUSES)} (got {value!r}).")
    return value


def move_message(from_status: str, to_status: str) -> str:
    """Why a project cannot make a move, in a plain sentence.

    >>> move_message("done", "active")
    'A done project stays done: it cannot go to active.'
    >>> move_message("idea", "active")
    'An idea cannot go straight to active: from idea it can only go to proposed or dropped.'
    """
    allowed = schema.PROJECT_TRANSITIONS.get(from_status, ())
    if not allowed:
        return f"A {from_status} project stays {from_status}: it cannot go to {to_status}."
    if from_status == "dropped":
        return f"A dropped project cannot go to {to_status}: bring it back as an idea first."
    road = list(schema.PROJECT_STATUSES[:4])  # the main road; dropped is a side road
    back = to_status in road and from_status in road and road.index(to_status) < road.index(from_status)
    how = "go back to" if back else "go straight to"
    who = _ARTICLE.get(from_status, f"A {from_status} project")
    options = " or ".join([", ".join(allowed[:-1]), allowed[-1]] if len(allowed) > 1 else allowed)
    return f"{who} cannot {how} {to_status}: from {from_status} it can only go to {options}."


def _day(book, on: Any) -> str:
    """The history's date: the day (default the as-of date) at the wall-clock time, 'YYYY-MM-DD HH:MM:SS'
    like every other row of project_history (one format, so the reader parses the column in one go)."""
    return f"{parse_date(on if on is not None else book.as_of(), field='date')} {now_text()[11:]}"


def _contact_ids(book, contact_ids: Iterable[Any]) -> list[int]:
    if contact_ids is None:
        return []
    if isinstance(contact_ids, (str, bytes)) or not isinstance(contact_ids, Iterable):
        contact_ids = [contact_ids]
    ids = [book._contact_id(c) for c in contact_ids]  # raises for an unknown contact
    return list(dict.fromkeys(ids))


def add_project(book, title: str, description: str = "", basis: str = "", contact_ids: Iterable[int] = (), *,
                status: str = "idea", on: Any = None) -> int:
    """Add a project (an idea unless ``status`` says otherwise) with its people; returns its id.

    The first history row records where it started, dated ``on`` (default: the workbook's as-of date).
    """
    values = (_text(title, "The project's title", required=True, max_len=200),
              _text(description, "The description", max_len=5000), _text(basis, "The basis", max_len=500))
    status, when, ids = _status(status), _day(book, on), _contact_ids(book, contact_ids)
    with book.transaction():
        now = now_text()
        cur = book._execute("INSERT INTO projects (title, description, basis, status, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", (*values, status, now, now))
        pid = int(cur.lastrowid)
        for cid in ids:
            book._execute("INSERT INTO project_people (project_id, contact_id) VALUES (?, ?)", (pid, cid))
        book._execute("INSERT INTO project_history (project_id, date, from_status, to_status) VALUES (?, ?, '', ?)",
                      (pid, when, status))
    return pid


def move_project(book, project_id: int, to_status: str, *, on: Any = None) -> None:
    """Move a project along its road (only the moves of ``schema.PROJECT_TRANSITIONS``), dated ``on``."""
    to_status = _status(to_status)
    when = _day(book, on)
    with book.transaction():
        pid, old = _project_id(book, project_id)
        if to_status == old:
            return
        if to_status not in schema.PROJECT_TRANSITIONS.get(old, ()):
            raise ValueError(move_message(old, to_status))
        book._execute("UPDATE projects SET status = ?, updated_at = ? WHERE id = ?", (to_status, now_text(), pid))
        book._execute("INSERT INTO project_history (project_id, date, from_status, to_status) VALUES (?, ?, ?, ?)",
                      (pid, when, old, to_status))


def set_project_people(book, project_id: int, contact_ids: Iterable[int]) -> None:
    """Make ``contact_ids`` the project's people (adds the new ones, removes those left out)."""
    with book.transaction():
        pid, _ = _project_id(book, project_id)
        ids = _contact_ids(book, contact_ids)
        # ``NOT IN (NULL)`` is never true, so an empty list needs its own statement.
        keep = f" AND contact_id NOT IN ({', '.join('?' * len(ids))})" if ids else ""
        book._execute(f"DELETE FROM project_people WHERE project_id = ?{keep}", (pid, *ids))
        for cid in ids:
            book._execute("INSERT INTO project_people (project_id, contact_id) VALUES (?, ?) "
                          "ON CONFLICT DO NOTHING", (pid, cid))
        book._execute("UPDATE projects SET updated_at = ? WHERE id = ?", (now_text(), pid))


def update_project(book, project_id: int, *, title: str | None = None, description: str | None = None,
                   basis: str | None = None) -> None:
    """Change a project's title, description or basis (None leaves it as it is)."""
    sets = {k: _text(v, label, required=(k == "title"), max_len=n) for k, v, label, n in (
        ("title", title, "The project's title", 200), ("description", description, "The description", 5000),
        ("basis", basis, "The basis", 500)) if v is not None}
    with book.transaction():
        pid, _ = _project_id(book, project_id)
        if sets:
            book._execute(f"UPDATE projects SET {', '.join(f'{k} = ?' for k in sets)}, updated_at = ? WHERE id = ?",
                          (*sets.values(), now_text(), pid))
