"""The practice loops' writes as :class:`~workbook.store.Workbook` methods (a mixin, like ``edits``).

Each method is a thin call to its loop's store module, where the validation lives: events
(:mod:`.events`), projects (:mod:`.projects`), asks (:mod:`.asks`), the brand and the engagement
habit (:mod:`.brand`) and measurable goals (:mod:`.progress`).

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); ada = book.add_contact("Ada Lovelace")
>>> eid = book.add_event("Open Data Day", "2026-03-07")
>>> pid = book.add_project("Open transport dashboard", contact_ids=[ada]); book.move_project(pid, "proposed")
>>> aid = book.add_ask(ada, "referral", "made", "the analyst role on the open data team", asked_on="2026-03-01")
>>> tid = book.set_target("conversations", 2, "week", started_on="2026-03-02")
>>> book.events()["title"].tolist(), book.projects()["status"].tolist(), book.targets()["n"].tolist()
(['Open Data Day'], ['proposed'], [2])
"""
from __future__ import annotations

from typing import Any, Iterable

from . import asks, brand, events, progress, projects


class LoopEdits:
    """Writes of the events, projects, asks, brand and progress loops (see each store module)."""

    def add_event(self, title: str, starts_on: Any, **fields: Any) -> int:
        """An event to go to (``ends_on``, ``location``, ``url``, ``goal``, ``notes``...); returns its id."""
        return events.add_event(self, title, starts_on, **fields)

    def set_event_goal(self, event_id: int, goal: str) -> None:
        """What the person wants from an event."""
        events.set_event_goal(self, event_id, goal)

    def plan_to_meet(self, event_id: int, contact_id: int, note: str = "") -> bool:
        """Someone to meet at an event (True when newly planned)."""
        return events.plan_to_meet(self, event_id, contact_id, note)

    def log_people_met(self, event_id: int, contact_ids: Iterable[int] = (), new_people: str = "", **kw: Any):
        """Who the person met at an event, known contacts and new "Name, title, company" lines, in one step."""
        return events.log_people_met(self, event_id, contact_ids, new_people, **kw)

    def add_project(self, title: str, description: str = "", basis: str = "", contact_ids: Iterable[int] = (),
                    **kw: Any) -> int:
        """A collaboration project (status ``idea`` unless told), with the people on it; returns its id."""
        return projects.add_project(self, title, description, basis, contact_ids, **kw)

    def move_project(self, project_id: int, to_status: str, **kw: Any) -> None:
        """Move a project along its road (idea, proposed, active, done; dropped), dated."""
        projects.move_project(self, project_id, to_status, **kw)

    def set_project_people(self, project_id: int, contact_ids: Iterable[int]) -> None:
        """Who works on a project with the person."""
        projects.set_project_people(self, project_id, contact_ids)

    def add_ask(self, contact_id: int, kind: str, direction: str, specifics: str, asked_on: Any = None,
                **kw: Any) -> int:
        """A referral or recommendation ask, ``made`` by the person or ``received``; returns its id."""
        return asks.add_ask(self, contact_id, kind, direction, specifics, asked_on, **kw)

    def answer_ask(self, ask_id: int, status: str, **kw: Any) -> None:
        """Record the answer to an ask (``given`` or ``declined``)."""
        asks.answer_ask(self, ask_id, status, **kw)

    def thank_ask(self, ask_id: int, on: Any = None) -> None:
        """Record the thank-you for an ask that was given."""
        asks.thank_ask(self, ask_id, on)

    def save_statement(self, **fields: Any) -> int:
        """Save a brand statement and pitch as a new version (earlier ones are kept)."""
        return brand.save_statement(self, **fields)

    def log_engagement(self, contact_ids: Iterable[Any], **kw: Any) -> int:
        """Comments on posts by these contacts (social, outbound), for the engagement habit."""
        return brand.log_engagement(self, contact_ids, **kw)

    def save_activity(self, frame, **kw: Any) -> dict[str, Any]:
        """Keep the monthly counts of posts and comments an export holds (never their text)."""
        return brand.save_activity(self, frame, **kw)

    def set_target(self, metric: str, n: int, per: str, started_on: Any = None) -> int:
        """A measurable networking goal ("2 conversations a week"); a new one retires the old, kept."""
        return progress.set_target(self, metric, n, per, started_on)

    def stop_target(self, target_id: Any) -> None:
        """Retire a measurable goal (kept in the history)."""
        progress.stop_target(self, target_id)


__all__ = ["LoopEdits"]
