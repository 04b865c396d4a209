"""One Session per workbook, shared by the app's views and the report: each table is read once
per version, however many views (or the report) ask for it."""
from __future__ import annotations

import pytest

from workbook.report import build_report
from workbook.session import Session
from workbook.ui.common_ground import CommonGroundView, common_ground_scores
from workbook.ui.health import HealthView, WeeklyPlanView
from workbook.ui.mapping import MapView
from workbook.ui.outreach import _common_ground


def test_one_session_per_workbook(book, demo_book):
    assert Session.of(book) is Session.of(book) is Session.of(Session.of(book))
    assert Session.of(book) is not Session.of(demo_book)


def test_two_views_share_one_read_of_the_contacts_per_version(demo_book):
    session = Session.of(demo_book)
    health_view = HealthView(demo_book)
    plan_view = WeeklyPlanView(demo_book)
    map_view = MapView(demo_book, figure_widget=False)
    assert session.reads["contacts"] == 1 and session.reads["interactions"] == 1
    cid = int(session.contacts()["contact_id"].iloc[0])
    before = demo_book.version("contacts")
    demo_book.log_interaction(cid, demo_book.as_of().isoformat(), "call", "mutual")
    contacts_moved = demo_book.version("contacts") != before  # the store may stamp tables one by one
    for view in (health_view, plan_view, map_view):
        view.refresh()
    # The interactions changed: read again, once, for all three views; the contacts only if their stamp moved.
    assert session.reads["interactions"] == 2
    assert session.reads["contacts"] == (2 if contacts_moved else 1)
    assert health_view.health is session.health()  # the analysis too is computed once and shared
    assert health_view.health.loc[cid, "days_since"] == 0


def test_the_report_reuses_what_the_views_read_and_computed(demo_book, monkeypatch):
    session = Session.of(demo_book)
    view = HealthView(demo_book)
    reads = dict(session.reads)
    import workbook.health as health

    monkeypatch.setattr(health, "assess", lambda *a, **k: pytest.fail("health was computed twice"))
    html = build_report(demo_book, include_plotlyjs=False)
    assert {t: session.reads[t] for t in reads} == reads  # not one table the view read is read again
    assert view.health is session.health() and "Relationship health" in html


def test_common_ground_scores_are_shared_between_views(demo_book):
    view = CommonGroundView(demo_book)
    assert common_ground_scores(demo_book) is view.scores is Session.of(demo_book).common_ground()
    shared = _common_ground(demo_book)  # what the Mentor outreach view ranks with
    assert shared is not None and shared.index.tolist() == view.scores["contact_id"].tolist()


@pytest.mark.parametrize("write, recomputed", [
    (lambda b: b.save_reflection("map.circles", "a journal answer"), False),
    (lambda b: b.add_contact("Ada Lovelace"), True),
])
def test_a_memo_is_kept_until_one_of_its_tables_changes(demo_book, write, recomputed):
    session = Session.of(demo_book)
    calls = []
    first = session.memo("n", ("contacts",), lambda: calls.append(1) or len(session.contacts()))
    write(demo_book)
    again = session.memo("n", ("contacts",), lambda: calls.append(1) or len(session.contacts()))
    assert len(calls) == (2 if recomputed else 1)
    assert (again == first + 1) if recomputed else (again == first)


def test_a_closed_and_dropped_workbook_takes_its_session_with_it(tmp_path):
    import gc

    import workbook
    from workbook import session as session_module

    book = workbook.open(tmp_path / "w.sqlite")
    Session.of(book).contacts()
    before = len(session_module._SESSIONS)
    book.close()
    del book
    gc.collect()
    assert len(session_module._SESSIONS) == before - 1
