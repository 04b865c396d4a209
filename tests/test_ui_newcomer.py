"""Issue 19 (the newcomer's walk) and issue 18 ("the app teaches"), headless: each test drives a widget
as a person would and asserts on what it publishes or shows."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from workbook import teaching
from workbook.samples import sample_files
from workbook.ui import common, widgets
from workbook.ui.common_ground import CommonGroundView, ProfileEditor
from workbook.ui.health import HealthView, LogInteractionForm, WeeklyPlanView
from workbook.ui.importer import ImporterWidget
from workbook.ui.journal import JournalView
from workbook.ui.mapping import MapView
from workbook.ui.outreach import OutreachView

# ----------------------------------------------------------------------------- import report


def test_a_calendar_that_matched_nobody_says_so(book):
    # issue 19: "Nothing new: everything in this file was already in your workbook" after a calendar
    # matched none of its events. The report must say what happened.
    w = ImporterWidget(book)
    w.add_files({"calendar.ics": sample_files()["calendar.ics"]})
    w.import_button.click()
    text = w.summary.value
    assert "already in your workbook" not in text
    assert "matched nobody" in text or "Unmatched" in text


def test_the_progress_bar_hides_until_an_import_runs(book):
    w = ImporterWidget(book)
    assert w.progress.layout.display == "none"
    w.add_files({"people.csv": b"Name,Email\nAda Lovelace,ada@example.com\n"})
    w.import_button.click()
    assert w.progress.layout.display == ""


# ----------------------------------------------------------------------------- one goal object


def test_a_goal_set_on_profile_reaches_outreach_the_map_and_collaborate(book):
    cid = book.add_contact("Ada Lovelace", company="Engines", position="Research lead")
    book.tag(cid, "skill", "user research")
    profile = ProfileEditor(book)
    g = profile.goals
    g.title.value, g.kind.value, g.needs.value = "Move into UX", "role", "user research; roadmapping"
    g.save.click()
    assert profile.changes == 1 and profile.messages.kind == "success"
    goals = book.goals()
    assert goals["title"].tolist() == ["Move into UX"] and goals["needs"].iloc[0] == "user research;roadmapping"
    outreach = OutreachView(book)
    assert outreach.goals.goal()["title"] == "Move into UX"
    assert cid in outreach.candidates.candidates["contact_id"].tolist()
    m = MapView(book, chart="diversity", figure_widget=False)
    assert "Who covers your goals' needs" in [a.text for a in m.current.layout.annotations]


def test_profile_has_one_way_to_add_a_thing(book):
    editor = ProfileEditor(book)
    shown = _walk(editor)
    assert editor.add_button not in shown and editor.kind not in shown  # the kind/text row is gone
    assert editor.inputs["goal"] not in shown  # goals live in the goal editor
    assert editor.goals in shown and editor.inputs["interest"] in shown


def test_old_goal_tags_become_goals_on_one_click(book):
    book.tag("profile", "goal", "Lead a data team")
    editor = ProfileEditor(book)
    assert editor.legacy_goals == ["Lead a data team"] and editor._legacy.layout.display == ""
    editor.convert.click()
    assert book.goals()["title"].tolist() == ["Lead a data team"] and editor.legacy_goals == []
    assert editor.goals.goal()["title"] == "Lead a data team"


# ----------------------------------------------------------------------------- one picker


def test_two_people_with_one_name_can_be_told_apart_in_every_picker(book):
    a = book.add_contact("Zeynep Fidan", company="Acme", position="Analyst")
    b = book.add_contact("Zeynep Fidan", company="Globex", position="Designer")
    for picker in (LogInteractionForm(book).picker, MapView(book, figure_widget=False).picker,
                   CommonGroundView(book).picker):
        picker.search.value = "zeynep"
        labels = dict((v, k) for k, v in picker.dropdown.options if v is not None)
        assert "Analyst, Acme" in labels[a] and "Designer, Globex" in labels[b], type(picker)
        assert isinstance(picker, widgets.ContactPicker)


@pytest.mark.parametrize("rows, expected", [
    ({"contact_id": [1], "full_name": ["Bo"]}, ["Bo"]),
    ({"contact_id": [1], "full_name": ["Bo"], "position": [None], "company": ["Acme"]}, ["Bo · Acme"]),
    ({"contact_id": [1, 2], "full_name": ["Bo", "Bo"], "position": ["", ""], "company": ["", ""]},
     ["Bo (#1)", "Bo (#2)"]),
])
def test_pick_labels(rows, expected):
    assert [label for label, _ in widgets.pick_labels(pd.DataFrame(rows))] == expected


def test_the_logged_exchange_goes_to_the_person_picked(book):
    a = book.add_contact("Zeynep Fidan", company="Acme")
    b = book.add_contact("Zeynep Fidan", company="Globex")
    form = LogInteractionForm(book)
    form.picker.search.value = "globex"  # one match: picked for you
    assert form.picker.value == b
    form.submit.click()
    inter = book.interactions()
    assert inter["contact_id"].tolist() == [b] and a not in inter["contact_id"].tolist()


# ----------------------------------------------------------------------------- contact card


def test_the_map_card_shows_history_tags_and_pipeline_stage(book):
    cid = book.add_contact("Ada Lovelace", company="Engines")
    book.tag(cid, "interest", "looms")
    book.log_interaction(cid, "2026-01-05", "call", "outbound", "catch-up", "Talked about engines")
    gid = book.add_goal("Learn analytics", needs="analytics")
    book.set_outreach(cid, gid, "contacted")
    view = MapView(book, figure_widget=False)
    view.select(cid)
    card = view.detail.value
    for expected in ("looms", "Talked about engines", "contacted", "Learn analytics"):
        assert expected in card


# ----------------------------------------------------------------------------- this week


def test_done_ticks_the_step_in_the_checklist(demo_book):
    view = WeeklyPlanView(demo_book)
    first = view.value[0]["step"]
    assert f"[x]" not in view.checklist.value
    view._buttons[first].click()
    assert view.checklist.value.count("[x]") == 1 and view.done == [first]


# ----------------------------------------------------------------------------- plurals and counts


@pytest.mark.parametrize("n, noun, many, expected", [
    (1, "person", "people", "1 person"), (2, "person", "people", "2 people"), (1, "candidate", None, "1 candidate"),
    (0, "candidate", None, "0 candidates"), (12000, "contact", None, "12,000 contacts"),
])
def test_plural(n, noun, many, expected):
    assert common.plural(n, noun, many) == expected


def test_one_candidate_is_not_candidates(book):
    cid = book.add_contact("Ada Lovelace", position="Research lead")
    book.tag(cid, "skill", "user research")
    book.add_goal("Move into UX", needs="user research")
    view = OutreachView(book)
    assert "1 candidate " in view.candidates.count.value


def test_a_note_does_not_change_how_many_questions_there_are(book):
    journal = JournalView(book)
    before = re.search(r"of (\d+) questions", journal._summary.value).group(1)
    journal._new_title.value = "A thought"
    journal._new_button.click()
    assert re.search(r"of (\d+) questions", journal._summary.value).group(1) == before
    assert "1 note of your own" in journal._summary.value


# ----------------------------------------------------------------------------- the app teaches


@pytest.mark.parametrize("key", sorted(teaching.LESSONS))
def test_every_page_has_a_lesson_open_at_first(key):
    lesson = teaching.lesson(key)
    assert lesson.why and lesson.this_week
    panel = common.teaching_panel(key)
    assert "<details class='wb-teach' open>" in panel.value and "{" not in panel.value


@pytest.mark.parametrize("view_class", [MapView, CommonGroundView, OutreachView, HealthView, WeeklyPlanView,
                                        ProfileEditor])
def test_each_view_shows_its_lesson(demo_book, view_class):
    kwargs = {"figure_widget": False} if view_class is MapView else {}
    view = view_class(demo_book, **kwargs)
    assert any("wb-teach-panel" in getattr(w, "_dom_classes", ()) for w in _walk(view))


@pytest.mark.parametrize("claim, source", [
    ("mutual connections", "Rajkumar et al. 2022, Science"),
    ("dormant ties", "Levin, Walter & Murnighan 2011"),
    ("underestimate", "Flynn & Lake 2008"),
    ("face to face", "Roghanizad & Bohns 2017"),
    ("Several mentors", "Higgins & Kram 2001"),
    ("weak ties", "Granovetter 1973"),
    ("burn out", "Grant 2013"),
])
def test_the_science_is_cited_where_it_is_said(claim, source):
    found = [(text, src) for lesson in teaching.LESSONS.values() for text, src in lesson.research if claim in text]
    assert found and any(source in src for _, src in found)


def test_rajkumar_says_which_measure_and_dunbar_is_no_quota():
    text = " ".join(t for lesson in teaching.LESSONS.values() for t, _ in lesson.research)
    assert "measures tie strength by interactions" in text and "inverted U" in text and "weakest ties helped most" in text
    assert "never as numbers to fill" in text


@pytest.mark.parametrize("key", ["blau", "effective_size", "brokerage", "tie_strength", "fit", "reciprocity"])
def test_every_measure_has_a_plain_meaning(key):
    line = teaching.meaning(key)
    assert line and not re.search(r"[=Σ∑]|\bsum\b|1 - ", line)


def test_the_map_explains_the_measure_of_the_chart_on_screen(demo_book):
    view = MapView(demo_book, chart="diversity", figure_widget=False)
    assert "Diversity" in view.meaning.value and "0 means everyone is alike" in view.meaning.value
    view.chart.value = "ties"
    assert "Tie strength" in view.meaning.value


def _walk(widget):
    """Every widget shown inside ``widget`` (children of boxes, tabs and accordions)."""
    seen, todo = [], [widget]
    while todo:
        w = todo.pop()
        seen.append(w)
        todo.extend(getattr(w, "children", ()) or ())
    return seen
