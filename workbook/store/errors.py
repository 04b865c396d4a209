"""The store's errors: what a person reads when a workbook cannot be opened or written."""
from __future__ import annotations

import sqlite3
from pathlib import Path


class WorkbookError(Exception):
    """A workbook cannot be opened or written; the message is meant for the person."""


def _not_a_workbook(path: Path) -> WorkbookError:
    return WorkbookError(f"{path} is not a workbook (it is not an SQLite file). It was left as it is; "
                         "choose another file name.")


def _damaged(path: Path, exc: Exception) -> WorkbookError:
    return WorkbookError(f"{path} is damaged ({exc}). Restore a backup; nothing was changed.")


def _integrity_message(exc: sqlite3.IntegrityError) -> str:
    """A constraint failure in words.

    >>> _integrity_message(sqlite3.IntegrityError("FOREIGN KEY constraint failed"))
    'That refers to a contact, goal or row that does not exist.'
    """
    msg = str(exc)
    if "FOREIGN KEY" in msg:
        return "That refers to a contact, goal or row that does not exist."
    if "UNIQUE" in msg:
        return "That already exists."
    if "CHECK" in msg:
        return f"A value is not allowed ({msg})."
    if "NOT NULL" in msg:
        return f"A required value is missing ({msg})."
    return msg
