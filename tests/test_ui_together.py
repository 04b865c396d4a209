"""The Together pages headless (issue 20): ProjectsView and AsksView driven by setting values and clicking,
on the demo, on a LinkedIn-only workbook and with hostile strings."""
from __future__ import annotations


import ipywidgets as widgets
import pytest

import workbook
from workbook.store import asks as ask_store, projects as project_store
from workbook.ui.asks import AsksView
from workbook.ui.projects import ProjectsView

HOSTILE = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "<img src=x onerror=alert(2)>"]


def _html_values(widget) -> list[str]:
    """Every HTML string a view shows (its HTML widgets, walked down the tree)."""
    out = []
    if isinstance(widget, widgets.HTML):
        out.append(widget.value)
    for child in getattr(widget, "children", ()):
        out.extend(_html_values(child))
    return out


# -- projects ------------------------------------------------------------------------------------------


def test_starting_an_idea_makes_a_project_and_moves_it_along(demo_book):
    view = ProjectsView(demo_book)
    assert view.idea_buttons and not view.messages.text
    first = view.ideas.iloc[0]
    n = len(demo_book.projects())
    view.idea_buttons[0].click()
    assert view.changes == 1 and view.messages.kind == "success"
    projects = demo_book.projects()
    assert len(projects) == n + 1 and projects["title"].iloc[-1] == first["title"]
    assert first["title"] not in view.ideas["title"].tolist()
    pid = int(projects["project_id"].iloc[-1])
    assert set(k[1] for k in view.move_buttons if k[0] == pid) == {"proposed", "dropped"}
    view.move_buttons[(pid, "proposed")].click()
    view.move_buttons[(pid, "active")].click()
    assert demo_book.projects().set_index("project_id").loc[pid, "status"] == "active"
    assert view.changes == 3
    assert demo_book.project_history().query("project_id == @pid")["to_status"].tolist() == ["idea", "proposed", "active"]


@pytest.mark.parametrize("to_status, fragment", [("done", "cannot go straight to done"),
                                                 ("finished", "not one of the options")])
def test_a_forged_move_is_refused_and_shown(demo_book, to_status, fragment):
    view = ProjectsView(demo_book)
    idea_id = int(demo_book.projects().query("status == 'idea'")["project_id"].iloc[0])
    view._on_move(idea_id, to_status)
    assert view.messages.kind == "error" and fragment in view.messages.text
    assert demo_book.projects().set_index("project_id").loc[idea_id, "status"] == "idea" and view.changes == 0


def test_people_are_added_to_and_removed_from_a_project(demo_book):
    view = ProjectsView(demo_book)
    pid = int(demo_book.projects()["project_id"].iloc[-1])
    view.people_project.value = pid
    cid = int(demo_book.contacts()["contact_id"].iloc[5])
    view.picker.select(cid)
    view.add_person.click()
    assert cid in demo_book.project_people().query("project_id == @pid")["contact_id"].tolist()
    view.remove_person.click()
    assert cid not in demo_book.project_people().query("project_id == @pid")["contact_id"].tolist()
    view.remove_person.click()
    assert view.messages.kind == "error" and "is not on that project" in view.messages.text


def test_a_project_of_your_own_needs_a_title(demo_book):
    view = ProjectsView(demo_book)
    view.new_button.click()
    assert view.messages.kind == "error" and "title must not be empty" in view.messages.text
    view.new_title.value = "A joint talk on school data"
    view.new_button.click()
    assert demo_book.projects()["title"].iloc[-1] == "A joint talk on school data" and view.changes == 1


def test_projects_on_a_linkedin_only_workbook(linkedin_book):
    view = ProjectsView(linkedin_book)
    assert len(view.ideas) >= 2  # from derived skills, employers and topics
    text = " ".join(_html_values(view))
    assert "No projects yet: press “Start this project” on an idea above" in text


def test_an_empty_workbook_says_what_to_do(book):
    view = ProjectsView(book)
    text = " ".join(_html_values(view))
    assert "No ideas yet: add interests and skills to your profile" in text
    assert "No projects yet" in view.summary.value
    asks = AsksView(book)
    text = " ".join(_html_values(asks))
    assert "No asks made yet: pick someone above" in text and "Nobody is waiting for your answer" in text


# -- asks ----------------------------------------------------------------------------------------------


def test_an_ask_is_previewed_saved_given_and_thanked(demo_book):
    view = AsksView(demo_book)
    cid = int(demo_book.contacts()["contact_id"].iloc[3])
    view.picker.select(cid)
    view.specifics.value = "the Junior Data Analyst role at Northwind"
    assert "the Junior Data Analyst role at Northwind" in view.script and view.preview.value == view.script
    assert view.level in ("direct", "light", "reconnect") and view.picker.name in view.level_note.value
    n = len(demo_book.asks())
    view.save.click()
    assert view.changes == 1 and len(demo_book.asks()) == n + 1
    aid = int(demo_book.asks()["ask_id"].max())
    assert (aid, "given") in view.ask_buttons and (aid, "thanked") not in view.ask_buttons
    view.ask_buttons[(aid, "given")].click()
    assert any("the Junior Data Analyst role at Northwind" in h for h in _html_values(view.thanks_box))
    view.ask_buttons[(aid, "thanked")].click()
    assert not any("the Junior Data Analyst role at Northwind" in h for h in _html_values(view.thanks_box))
    assert view.changes == 3


def test_a_vague_ask_is_refused_before_anything_is_saved(demo_book):
    view = AsksView(demo_book)
    view.picker.select(int(demo_book.contacts()["contact_id"].iloc[3]))
    n = len(demo_book.asks())
    view.specifics.value = "a job"
    assert view.messages.kind == "error" and "too vague" in view.messages.text
    view.save.click()
    assert len(demo_book.asks()) == n and view.changes == 0


def test_the_preview_follows_the_tie(demo_book):
    view = AsksView(demo_book)
    ties = view._ties()
    scripts = {}
    for level, circle in (("direct", "inner"), ("light", "meaningful")):
        cid = int(ties.index[(ties["circle"] == circle) & (ties["days_since"] < 365)][0])
        view.picker.select(cid)
        view.specifics.value = f"the analyst role at Northwind ({level})"
        assert view.level == level
        scripts[level] = view.script
    assert scripts["direct"] != scripts["light"]


def test_a_received_ask_is_recorded_and_answered(demo_book):
    view = AsksView(demo_book)
    view.picker.select(int(demo_book.contacts()["contact_id"].iloc[2]))
    view.direction.value = "received"
    view.specifics.value = "a reference for their course"
    assert "asked you for a referral" in view.script
    view.save.click()
    aid = int(demo_book.asks()["ask_id"].max())
    assert any("a reference for their course" in h for h in _html_values(view.answer_box))
    view.ask_buttons[(aid, "declined")].click()
    assert not any("a reference for their course" in h for h in _html_values(view.answer_box))


def test_forged_form_values_are_refused(demo_book):
    view = AsksView(demo_book)
    view.picker.select(int(demo_book.contacts()["contact_id"].iloc[2]))
    view.specifics.value = "the analyst role at Northwind"
    view.kind.options = ["referral", "bribe"]
    view.kind.value = "bribe"
    assert view.messages.kind == "error" and "not one of the options" in view.messages.text
    view.save.click()
    view._on_answer(1, "ignored")
    assert view.messages.kind == "error" and view.changes == 0


def test_asks_on_a_linkedin_only_workbook(linkedin_book):
    view = AsksView(linkedin_book)
    text = " ".join(_html_values(view))
    assert "No asks recorded yet" in text and "No thank-yous due" in text
    view.picker.select(int(linkedin_book.contacts()["contact_id"].iloc[0]))
    view.specifics.value = "the data coach role at Meridian"
    assert "the data coach role at Meridian" in view.script and view.level in ("light", "reconnect")


# -- hostile strings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("evil", HOSTILE)
def test_hostile_strings_are_escaped_everywhere(book, evil):
    book.set_setting("as_of", "2026-10-15")
    book.set_profile(name=evil, headline=evil)
    cid = book.add_contact(f"{evil} Li", company=evil)
    book.tag(cid, "interest", evil)
    book.tag("profile", "interest", evil)
    book.tag(cid, "skill", "statistics")
    book.tag("profile", "skill", "python")
    pid = project_store.add_project(book, evil, description=evil, basis=evil, contact_ids=[cid])
    project_store.move_project(book, pid, "proposed")
    aid = ask_store.add_ask(book, cid, "referral", "made", f"the {evil} role", asked_on="2026-10-10")
    ask_store.answer_ask(book, aid, "given", on="2026-10-12")
    for view in (ProjectsView(book), AsksView(book)):
        shown = " ".join(_html_values(view))
        assert "<script>" not in shown and "<img" not in shown
        assert view.messages.kind == ""
    asks = AsksView(book)
    asks.picker.select(cid)
    asks.specifics.value = f"the {evil} role"
    assert "<script>" not in asks.level_note.value and f"the {evil} role" in asks.script  # plain text, a Textarea


def test_very_long_text_is_refused_with_a_message(book):
    view = ProjectsView(book)
    view.new_title.value = "x" * 5000
    view.new_button.click()
    assert view.messages.kind == "error" and "too long" in view.messages.text and book.projects().empty
    cid = book.add_contact("Ana Li")
    asks = AsksView(book)
    asks.picker.select(cid)
    asks.specifics.value = "the analyst role " * 300
    asks.save.click()
    assert asks.messages.kind == "error" and "one line" in asks.messages.text and book.asks().empty
