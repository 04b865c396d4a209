"""The Progress page (a measurable goal, its chart, a sentence in the person's numbers) and the
journal's dated history of answers, headless: set widget values, click, read the published state."""
from __future__ import annotations

from html import escape as html_escape

import pytest

import workbook
from workbook.practices import progress as p
from workbook.ui.journal import JournalView
from workbook.ui.progress import ProgressView

HOSTILE = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "<img src=x onerror=alert(1)>", "x" * 5000]


def test_the_demo_opens_on_its_first_goal_in_its_own_numbers(demo_book):
    view = ProgressView(demo_book)
    assert view.metric.value == "conversations" and view.n.value == 6 and view.per.value == "week"
    weekly = p.count_metric("conversations", demo_book.interactions(), demo_book.contacts(), demo_book.events(),
                            demo_book.event_people(), demo_book.asks(), period="week", as_of=demo_book.as_of())
    assert view.sentence.startswith(f"This week so far: {weekly['count'].iloc[-1]} conversations")
    assert "6 conversations a week" in view.summary.value and "1 revived tie a month" in view.summary.value
    assert view.chart.children and not view.stop.disabled


def test_saving_a_new_goal_keeps_the_old_one(demo_book):
    view = ProgressView(demo_book)
    view.n.value = 4
    view.save.click()
    t = demo_book.targets()
    conv = t.loc[t["metric"] == "conversations"]
    assert conv["n"].tolist() == [6, 4] and conv["active"].tolist() == [False, True]
    assert view.changes == 1 and view.messages.kind == "success" and "replaces 6 conversations a week" in \
        view.messages.text
    assert "1 earlier goal kept" in view.goals.value and "goal of 4 conversations" in view.summary.value


def test_choosing_a_metric_shows_its_goal_and_stop_retires_it(demo_book):
    view = ProgressView(demo_book)
    view.metric.value = "revived ties"
    assert (view.n.value, view.per.value) == (1, "month")
    view.stop.click()
    assert view.changes == 1 and view.stop.disabled
    assert not demo_book.targets().set_index("metric").loc["revived ties", "active"]
    view.stop.click()  # nothing to stop now (a forged click): a message, no write
    assert view.messages.kind == "error" and view.changes == 1


@pytest.mark.parametrize("attr, value", [
    ("metric", "hugs"), ("metric", "<script>alert(1)</script>"), ("n", 0), ("n", 1000), ("per", "day"),
])
def test_forged_widget_values_are_refused(demo_book, attr, value):
    view = ProgressView(demo_book)
    before = demo_book.targets()
    getattr(view, attr)._trait_values["value"] = value  # past traitlets' own check, as a forged front end could
    view.save.click()
    assert view.messages.kind == "error" and view.changes == 0
    assert len(demo_book.targets()) == len(before)


def test_a_period_with_no_goal_is_previewed_with_totals(demo_book):
    view = ProgressView(demo_book)
    view.metric.value = "asks made"
    assert view.stop.disabled and "Save a goal" in view.sentence
    assert "referral and recommendation asks you made" in view.definition.value


def test_a_linkedin_only_workbook_says_what_to_do(linkedin_book):
    view = ProgressView(linkedin_book)
    assert "no networking goal yet" in view.summary.value
    view.metric.value = "events"
    assert "no events in your workbook" in view.todo.value
    view.metric.value = "posts engaged"
    assert "LinkedIn export does not include them" in view.todo.value
    view.metric.value, view.n.value, view.per.value = "conversations", 2, "month"
    view.save.click()
    assert view.messages.kind == "success" and view.sentence.startswith("This month so far: 0 of 2 conversations")
    assert "0 of the last 8 months met your goal" in view.summary.value  # the export ends in April 2024


# ----------------------------------------------------------------------------- the journal's history


def test_two_saves_show_both_answers_dated(book):
    view = JournalView(book)
    view.answer("map.circles", "Mostly teachers.")
    view.answer("map.circles", "Four product people now.")
    assert book.reflection("map.circles") == "Four product people now."
    assert view.earlier("map.circles") == ["Mostly teachers."]
    html = view._histories["map.circles"].value
    assert "Answered " in html and "1 earlier answer" in html and "Mostly teachers." in html
    view.refresh()  # a fresh view of the page shows the same history
    assert "Mostly teachers." in view._histories["map.circles"].value
    assert book.reflection_history()["text"].tolist() == ["Mostly teachers.", "Four product people now."]


def test_the_demo_journal_lists_earlier_answers_newest_first(demo_book):
    view = JournalView(demo_book)
    earlier = view.earlier("map.missing-field")
    assert len(earlier) == 2 and earlier[0].startswith("Still mostly schools")
    html = view._histories["map.missing-field"].value
    assert html.index("Still mostly schools") < html.index("Most of the people I know")
    assert "2 earlier answers" in html and "<details" in html


def test_clearing_an_answer_keeps_every_earlier_one(book):
    view = JournalView(book)
    view.answer("health.cooling", "Call Ada.")
    view.answer("health.cooling", "")
    assert view.earlier("health.cooling") == ["Call Ada."]
    assert "Not answered now." in view._histories["health.cooling"].value


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_answers_are_escaped_in_the_history(book, text):
    view = JournalView(book)
    view.answer("map.circles", text)
    view.answer("map.circles", "later")
    html = view._histories["map.circles"].value
    assert "<script" not in html and "<img" not in html
    assert html_escape(text[:50], quote=True) in html  # shown, as text


def test_the_progress_view_escapes_hostile_names_on_a_revived_tie(demo_book):
    cid = demo_book.add_contact(HOSTILE[0])
    demo_book.log_interaction(cid, "2025-01-01", "call", "outbound", "catch-up", HOSTILE[2])
    demo_book.log_interaction(cid, demo_book.as_of(), "call", "outbound", "catch-up", HOSTILE[1])
    view = ProgressView(demo_book)
    view.metric.value = "revived ties"
    texts = [view.summary.value, view.sentence_box.value, view.todo.value, view.definition.value]
    assert not any("<script" in t or "<img" in t for t in texts)
