"""The coach report's practice sections (issue 20): progress against the goal, dormant ties revived,
events, the open pipeline and the journal, with names (or initials only), escaped, offline."""
from __future__ import annotations

import re

import pytest

import workbook
from workbook import report
from workbook.practices import progress as p
from workbook.report import build_report

HEADINGS = ("Progress against your goal", "Dormant ties revived", "Events", "Mentor pipeline", "Journal")


def section(html: str, css: str) -> str:
    match = re.search(rf'<section class="{css}">(.*?)</section>', html, flags=re.S)
    assert match, f"no {css} section"
    return match.group(1)


@pytest.fixture(scope="module")
def demo(_demo_master):
    book = workbook.open(_demo_master, readonly=True)
    try:
        yield book, build_report(book, include_plotlyjs=False), build_report(book, initials=True, include_plotlyjs=False)
    finally:
        book.close()


def test_the_demo_report_has_every_practice_section(demo):
    _, html, _ = demo
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in html


def test_the_goal_section_reads_the_persons_numbers(demo):
    book, html, _ = demo
    goal = section(html, "goal")
    assert "<h3>6 conversations a week</h3>" in goal and "<h3>1 revived tie a month</h3>" in goal
    assert "<h3>3 posts engaged a week</h3>" in goal and goal.count('class="plotly-graph-div"') == 3  # one per goal
    tables = [book.interactions(), book.contacts(), book.events(), book.event_people(), book.asks()]
    weekly = p.count_metric("conversations", *tables, period="week", as_of=book.as_of())
    assert f"This week so far: {weekly['count'].iloc[-1]} conversations" in goal


def test_the_revived_ties_are_counted_and_named(demo):
    book, html, private = demo
    tables = [book.interactions(), book.contacts(), book.events(), book.event_people(), book.asks()]
    who = p.who_counted("revived ties", *tables, period="week", as_of=book.as_of(), periods=report.REPORT_WEEKS)
    assert len(who) > 0
    revived = section(html, "revived")
    assert f"you revived {who['contact_id'].nunique()} ties" in revived
    names = book.contacts().set_index("contact_id")["full_name"]
    first = names[int(who["contact_id"].iloc[0])]
    assert first in revived and first not in section(private, "revived")


def test_events_past_and_upcoming_with_the_people_met(demo):
    book, html, _ = demo
    events = section(html, "events")
    assert "Coming up (2)" in events and "Been to (2)" in events
    titles = book.events()["title"].tolist()
    assert all(report.esc(t) in events for t in titles)
    people = book.event_people().merge(book.contacts()[["contact_id", "full_name"]], on="contact_id")
    met = people.loc[people["role"] == "met", "full_name"]
    assert all(n in events for n in met)
    assert events.index("ProductTank Manchester") < events.index("Been to")  # upcoming first


def test_the_journal_shows_recent_answers_with_dates(demo):
    book, html, _ = demo
    journal = section(html, "journal")
    history = book.reflection_history()
    assert "You wrote 7 answers in the last 90 days" in journal
    assert report.esc(history["text"].iloc[-1]) in journal and "Mon 12 Oct" in journal
    assert report.esc(history["text"].iloc[0]) in journal  # an earlier answer of the same question, kept


def test_initials_only_shows_no_full_name_even_inside_text(demo_book):
    names = demo_book.contacts()["full_name"].tolist()
    a, b = names[3], names[7]
    demo_book.save_reflection("health.cooling", f"Lunch with {a} and {b.upper()} before half term.")
    eid = int(demo_book.events()["event_id"].iloc[-1])
    demo_book._execute("UPDATE events SET goal = ? WHERE id = ?", (f"Ask {a} to introduce me", eid))
    html = build_report(demo_book, initials=True, include_plotlyjs=False)
    assert [n for n in demo_book.contacts(include_archived=True)["full_name"] if n in html] == []
    assert b.upper() not in html
    assert report.initials_of(a) in section(html, "journal") and report.initials_of(a) in section(html, "events")


def test_a_linkedin_only_workbook_says_what_to_do(linkedin_book):
    html = build_report(linkedin_book, include_plotlyjs=False)
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in html
    assert "No networking goal set yet" in section(html, "goal")
    assert "No events yet" in section(html, "events")
    assert "No journal answers yet" in section(html, "journal")
    assert "This part could not be made." not in html
    assert "No tie was revived" in section(html, "revived") or "you revived" in section(html, "revived")


def test_a_goal_on_a_linkedin_only_workbook_is_drawn(linkedin_book):
    from workbook.store.progress import set_target

    set_target(linkedin_book, "conversations", 2, "week")
    goal = section(build_report(linkedin_book, include_plotlyjs=False), "goal")
    assert "0 of the last 8 weeks met your goal of 2 conversations" in goal


PAYLOADS = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", '"><svg onload=alert(1)>']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_the_practice_sections_is_escaped(demo_book, payload):
    cid = demo_book.add_contact(payload + " Smith")
    demo_book.log_interaction(cid, "2025-01-02", "call", "outbound", "catch-up", payload)
    demo_book.log_interaction(cid, demo_book.as_of(), "call", "outbound", "catch-up", payload)
    demo_book._execute("UPDATE events SET title = ?, goal = ?", (payload, payload))
    demo_book._execute("INSERT INTO event_people (event_id, contact_id, role, note) VALUES (1, ?, 'met', ?)",
                       (cid, payload))
    demo_book.save_reflection(f"note.{payload}", payload)
    html = build_report(demo_book, include_plotlyjs=False)
    for css in ("goal", "revived", "events", "journal"):
        body = section(html, css)
        assert "<img" not in body and "<svg" not in body and "<script>alert" not in body
    assert report.esc(payload) in section(html, "events") and report.esc(payload) in section(html, "journal")
    assert report.esc(payload + " Smith") in section(html, "revived")


def test_one_failing_section_does_not_lose_the_report(book, monkeypatch):
    def broken(_frames):
        raise RuntimeError("boom")

    monkeypatch.setattr(report, "SECTIONS", (("Events", "events", broken, False),) + report.SECTIONS[2:])
    html = build_report(book, include_plotlyjs=False)
    assert "This part could not be made." in section(html, "events") and "boom" not in html


def test_the_report_stays_offline_with_the_goal_charts(demo):
    book, *_ = demo
    html = build_report(book)
    assert html.count("plotly.js v") >= 1 and not re.search(r"<script[^>]+src=", html)
    assert html.index("plotly.js v") < html.index('class="goal"') + 5000  # the first chart carries the library
