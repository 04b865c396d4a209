"""One workbook's tables, read once per version, and its analyses, computed once per version.

The app's views, the report and the notebooks all ask a :class:`Session` instead of keeping
caches of their own: ``Session.of(book)`` is the one session of an open workbook, so two views
(or a view and the report) share what either read or computed. A table is re-read only when
:meth:`Workbook.version` says it may have changed (a write here, in another tab or by a
command-line import); an analysis is recomputed only when one of the tables it reads did.

>>> import os, tempfile, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> s = Session.of(book)
>>> _ = book.add_contact("Ada Lovelace")
>>> s.contacts()["full_name"].tolist(), len(s.health()), Session.of(book) is s
(['Ada Lovelace'], 1, True)
"""
from __future__ import annotations

import threading
import weakref
from typing import Any, Callable

import pandas as pd

from .store import Workbook

#: The workbook tables a session hands out, by method name.
TABLES = ("contacts", "interactions", "tags", "links", "goals", "outreach", "outreach_history", "reflections",
          "profile", "events", "event_people", "projects", "project_people", "project_history", "asks",
          "brand_statements", "targets", "reflection_history")

#: What projects' give-and-take reads.
_PROJECT_TABLES = ("projects", "project_people")
#: The tables the weekly plan reads (besides settings): every memo of a plan keys on them.
PLAN_TABLES = ("contacts", "interactions", "tags", "goals", "outreach", "outreach_history", "links", "events",
                "event_people", "asks", "targets")


def add_give_take(frame: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (indexed by contact_id, with ``give`` and ``take``) with ``extra``'s give and take
    (``contact_id, give, take``, e.g. projects) added, and ``balance`` (give - take) redone if it has one.

    Only the give and take columns move: tie strength, circles and health scores stay what the
    exchanges say, so every view that computes them (the plan, health over time) agrees.

    >>> h = pd.DataFrame({"give": [1, 0], "take": [0, 2], "balance": [1, -2]}, index=pd.Index([7, 8], name="contact_id"))
    >>> add_give_take(h, pd.DataFrame({"contact_id": [8, 9], "give": [1, 1], "take": [1, 1]})).values.tolist()
    [[1, 0, 1], [1, 3, -2]]
    """
    if extra is None or not len(extra):
        return frame
    add = extra.groupby(extra["contact_id"].astype("int64"))[["give", "take"]].sum()
    add = add.reindex(frame.index).fillna(0).astype("int64")
    out = frame.assign(give=frame["give"] + add["give"].to_numpy(), take=frame["take"] + add["take"].to_numpy())
    return out.assign(balance=out["give"] - out["take"]) if "balance" in out else out


#: The session of each open workbook (gone with the workbook object).
_SESSIONS: "weakref.WeakKeyDictionary[Workbook, Session]" = weakref.WeakKeyDictionary()
_SESSIONS_LOCK = threading.Lock()


class Session:
    """Tables and analyses of one workbook, each cached on the version of what it reads."""

    def __init__(self, book: Workbook, *, _weak: bool = False):
        # The session of Session.of() holds its workbook weakly: the registry is keyed on the workbook,
        # and a strong reference from the value would keep every workbook (and its frames) alive.
        self._book = weakref.ref(book) if _weak else (lambda: book)
        self._memo: dict[str, tuple[tuple, Any]] = {}
        self._lock = threading.RLock()
        #: How many times each table was read from the workbook (for tests and the health panel).
        self.reads: dict[str, int] = {}

    @property
    def book(self) -> Workbook:
        """The workbook this session reads."""
        book = self._book()
        if book is None:
            raise ReferenceError("This session's workbook is gone.")
        return book

    @classmethod
    def of(cls, book: "Workbook | Session") -> "Session":
        """The one session of ``book`` (made on first use); a session is returned as it is.

        >>> import workbook; book = workbook.open(":memory:")
        >>> Session.of(book) is Session.of(Session.of(book))
        True
        """
        if isinstance(book, Session):
            return book
        with _SESSIONS_LOCK:
            session = _SESSIONS.get(book)
            if session is None:
                session = _SESSIONS[book] = cls(book, _weak=True)
            return session

    def memo(self, key: str, tables: tuple[str, ...], compute: Callable[[], Any], *, extra: Any = None) -> Any:
        """``compute()``, reused while none of ``tables`` changed (``settings`` counts as a table)
        and ``extra`` (say, the goal or filters it was computed for) is the same as last time.

        The version is taken before ``compute`` reads anything, so a write meanwhile only causes
        a recompute next time, never a stale result. Results are shared: treat them as read-only.

        >>> import workbook; s = Session(workbook.open(":memory:")); calls = []
        >>> count = lambda: calls.append(1)
        >>> _ = s.memo("n", ("contacts",), count); _ = s.memo("n", ("contacts",), count)
        >>> _ = s.memo("n", ("contacts",), count, extra="other"); len(calls)
        2
        """
        with self._lock:
            stamp = (self.book.version(*tables), extra)
            hit = self._memo.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            value = compute()
            self._memo[key] = (stamp, value)
            return value

    def _read(self, name: str) -> Any:
        self.reads[name] = self.reads.get(name, 0) + 1
        return getattr(self.book, name)()

    def _table(self, name: str) -> pd.DataFrame:
        # Frames are shared between callers: analyses never mutate their inputs (a rule of the house).
        return self.memo(f"table:{name}", (name,), lambda: self._read(name))

    def table(self, name: str) -> Any:
        """Any table by name (``contacts``, ``tags``, ..., or ``settings``), read once per version."""
        if name == "settings":
            return self.settings()
        if name not in TABLES:
            raise ValueError(f"There is no table called {name!r}.")
        return self._table(name)

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
        return self.memo("settings", ("settings",), lambda: self._read("settings"))

    def as_of(self):
        return self.memo("as_of", ("settings",), self.book.as_of)

    # -- analyses ------------------------------------------------------------------------------------

    def project_give_take(self) -> pd.DataFrame:
        """What collaboration adds to give-and-take (:func:`workbook.practices.projects.project_give_take`):
        ``contact_id, give, take``, one of each per active or done project a contact is on."""
        from .practices.projects import project_give_take

        return self.memo("project_give_take", _PROJECT_TABLES,
                         lambda: project_give_take(self.table("projects"), self.table("project_people")))

    def health(self) -> pd.DataFrame:
        """Relationship health of every contact as of :meth:`as_of` (:func:`workbook.health.assess`),
        projects counted in give and take (:func:`add_give_take`)."""
        from .health import assess

        return self.memo("health", ("contacts", "interactions", "settings") + _PROJECT_TABLES,
                         lambda: add_give_take(assess(self.contacts(), self.interactions(), as_of=self.as_of(),
                                                      settings=self.settings()), self.project_give_take()))

    def ties(self) -> pd.DataFrame:
        """Tie strength of every contact as of :meth:`as_of` (:func:`workbook.ties.measure_ties`),
        projects counted in give and take (:func:`add_give_take`)."""
        from .ties import measure_ties

        return self.memo("ties", ("contacts", "interactions", "settings") + _PROJECT_TABLES,
                         lambda: add_give_take(measure_ties(self.contacts(), self.interactions(), as_of=self.as_of()),
                                               self.project_give_take()))

    def weekly_plan(self, size: int | None = None) -> pd.DataFrame:
        """This week's plan (:func:`workbook.plan.weekly_plan`) from every table it reads, the practice
        loops' included, reused until one of them changes (``size``: the ``weekly_plan_size`` setting)."""
        from .plan import weekly_plan

        def compute() -> pd.DataFrame:
            t = {name: self.table(name) for name in PLAN_TABLES}
            return weekly_plan(t["contacts"], t["interactions"], as_of=self.as_of(), settings=self.settings(),
                               tags=t["tags"], goals=t["goals"], outreach=t["outreach"], links=t["links"],
                               history=t["outreach_history"], health=self.health(), events=t["events"],
                               event_people=t["event_people"], asks=t["asks"], targets=t["targets"], size=size)

        return self.memo("weekly_plan", PLAN_TABLES + ("settings",) + _PROJECT_TABLES, compute, extra=size)

    def derived_items(self) -> pd.DataFrame:
        """What imports derived, dismissed ones included (marked), :meth:`Workbook.derived_items`."""
        return self.memo("derived_items", ("derived", "derived_dismissals"),
                         lambda: self.book.derived_items(include_dismissed=True))

    def explained_derived(self) -> pd.DataFrame:
        """Each contact's shared derived items in words (:func:`workbook.common_ground.derived.explain_derived`),
        computed once per version, not on every pick of a contact."""
        from .common_ground.derived import explain_derived

        return self.memo("explained_derived", ("tags", "derived", "derived_dismissals"),
                         lambda: explain_derived(self.derived_items(), self.tags()))

    def common_tags(self) -> pd.DataFrame:
        """The tags plus what imports derived, as tag rows marked ``derived`` (and ``dismissed``):
        what common ground reads (:func:`workbook.common_ground.derived.tags_with_derived`)."""
        from .common_ground.derived import tags_with_derived

        return self.memo("common_tags", ("tags", "derived", "derived_dismissals"),
                         lambda: tags_with_derived(self.tags(), self.derived_items()))

    def common_ground(self) -> pd.DataFrame:
        """Common-ground scores, best first (:func:`workbook.common_ground.score_common_ground`),
        derived items included and marked."""
        from .common_ground import score_common_ground

        return self.memo("common_ground", ("contacts", "tags", "profile", "derived", "derived_dismissals"),
                         lambda: score_common_ground(self.contacts(), self.common_tags(), self.profile()))


__all__ = ["Session", "TABLES", "add_give_take"]
