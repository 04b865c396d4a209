"""One workbook's tables, read once per version, and its analyses, computed once per version.

The app's views, the report and the notebooks all ask a :class:`Session` instead of keeping
caches of their own. A table is re-read only when :meth:`Workbook.version` says it may have
changed (a write here, in another tab or by a command-line import); an analysis is recomputed
only when one of the tables it reads did.

>>> import os, tempfile, workbook
>>> s = Session(workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite")))
>>> _ = s.book.add_contact("Ada Lovelace")
>>> s.contacts()["full_name"].tolist(), len(s.health())
(['Ada Lovelace'], 1)
"""
from __future__ import annotations

import threading
from typing import Any, Callable

import pandas as pd

from .store import Workbook

#: The workbook tables a session hands out, by method name.
TABLES = ("contacts", "interactions", "tags", "links", "goals", "outreach", "outreach_history", "reflections",
          "profile")


class Session:
    """Tables and analyses of one workbook, each cached on the version of what it reads."""

    def __init__(self, book: Workbook):
        self.book = book
        self._memo: dict[str, tuple[tuple, Any]] = {}
        self._lock = threading.RLock()

    def memo(self, key: str, tables: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, reused while none of ``tables`` changed (``settings`` counts as a table).

        >>> import workbook; s = Session(workbook.open(":memory:")); calls = []
        >>> _ = s.memo("n", ("contacts",), lambda: calls.append(1)); _ = s.memo("n", ("contacts",), lambda: calls.append(1))
        >>> len(calls)
        1
        """
        with self._lock:
            stamp = self.book.version(*tables)
            hit = self._memo.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            value = compute()
            self._memo[key] = (stamp, value)
            return value

    def _table(self, name: str) -> pd.DataFrame:
        # Frames are shared between callers: analyses never mutate their inputs (a rule of the house).
        return self.memo(f"table:{name}", (name,), getattr(self.book, name))

    def contacts(self) -> pd.DataFrame:
        return self._table("contacts")

    def interactions(self) -> pd.DataFrame:
        return self._table("interactions")

    def tags(self) -> pd.DataFrame:
        return self._table("tags")

    def links(self) -> pd.DataFrame:
        return self._table("links")

    def goals(self) -> pd.DataFrame:
        return self._table("goals")

    def outreach(self) -> pd.DataFrame:
        return self._table("outreach")

    def outreach_history(self) -> pd.DataFrame:
        return self._table("outreach_history")

    def reflections(self) -> pd.DataFrame:
        return self._table("reflections")

    def profile(self) -> pd.DataFrame:
        return self._table("profile")

    def settings(self) -> dict[str, Any]:
        return self.memo("settings", ("settings",), self.book.settings)

    def as_of(self):
        return self.memo("as_of", ("settings",), self.book.as_of)

    # -- analyses ------------------------------------------------------------------------------------

    def health(self) -> pd.DataFrame:
        """Relationship health of every contact as of :meth:`as_of` (:func:`workbook.health.assess`)."""
        from .health import assess

        return self.memo("health", ("contacts", "interactions", "settings"),
                         lambda: assess(self.contacts(), self.interactions(), as_of=self.as_of(),
                                        settings=self.settings()))
