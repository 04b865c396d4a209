"""Outreach widgets, driven headless: set values, click, assert on the workbook and published state."""
from __future__ import annotations

import base64
import re

import icalendar
import pytest
import traitlets

from workbook.ui.outreach import CopyButton, OutreachView, download_link

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def view(demo_book):
    return OutreachView(demo_book)


def _open(view, index):
    view.tabs.selected_index = index
    return view


def test_view_contract(view):
    assert isinstance(view.changes, int) and view.changes == 0
    assert callable(view.refresh) and view.messages.kind == ""
    assert "wb-outreach-view" in view._dom_classes
    assert view.goal_id == view.goals.value and view.goals.value is not None
    assert len(view.candidates.list.options) > 0
    assert "fit for the goal" in view.candidates.explain.value and "How to reach them" in view.candidates.explain.value
    assert " <- " not in view.candidates.explain.value  # issue 18: no formulas in what a person reads


def test_add_candidate_to_pipeline(view, demo_book):
    free = [cid for cid, ip in zip(view.candidates.candidates["contact_id"], view.candidates.candidates["in_pipeline"])
            if not ip]
    view.candidates.list.value = int(free[0])
    assert not view.candidates.add.disabled
    before = len(demo_book.outreach())
    view.candidates.add.click()
    assert view.messages.kind == "success", view.messages.text
    rows = demo_book.outreach()
    assert len(rows) == before + 1
    new = rows.iloc[-1]
    assert int(new["contact_id"]) == int(free[0]) and new["stage"] == "identified"
    assert view.changes == 1
    assert demo_book.outreach_history().iloc[-1]["note"] == "Added from the candidate list"
    # after the refresh the same person is flagged as already in the pipeline
    view.candidates.list.value = int(free[0])
    assert view.candidates.add.disabled


def test_add_someone_at_x_target(view, demo_book):
    view.candidates.where_list.value = 0
    target = view.candidates.where.iloc[0]["target"]
    view.candidates.add_target.click()
    assert view.messages.kind == "success", view.messages.text
    assert target in demo_book.outreach()["target"].tolist()


def test_forged_candidate_is_refused(view, demo_book):
    before = len(demo_book.outreach())
    with pytest.raises(traitlets.TraitError):
        view.candidates.list.value = 999_999  # the widget itself refuses values outside its options
    # a value smuggled past the widget is caught in Python
    view.candidates.list._trait_values["value"] = 999_999
    view.candidates.add.click()
    assert view.messages.kind == "error" and len(demo_book.outreach()) == before


def test_stage_change_offers_only_valid_next_stages(view, demo_book):
    _open(view, 1)
    p = view.pipeline
    contacted = demo_book.outreach().set_index("outreach_id")["stage"]
    oid = int(contacted[contacted == "contacted"].index[0])
    p.row.value = oid
    assert list(p.stage.options) == ["replied", "declined", "paused"]
    p.stage.value = "replied"
    p.note.value = "Said yes to a call"
    p.move.click()
    assert view.messages.kind == "success", view.messages.text
    assert demo_book.outreach().set_index("outreach_id").loc[oid, "stage"] == "replied"
    last = demo_book.outreach_history().iloc[-1]
    assert (last["from_stage"], last["to_stage"], last["note"]) == ("contacted", "replied", "Said yes to a call")
    assert view.changes == 1 and p.note.value == ""


def test_forged_stage_is_refused(view, demo_book):
    _open(view, 1)
    p = view.pipeline
    stages = demo_book.outreach().set_index("outreach_id")["stage"]
    oid = int(stages[stages == "contacted"].index[0])
    p.row.value = oid
    p.stage._trait_values["value"] = "ongoing mentor"  # not offered: a forged value
    n = len(demo_book.outreach_history())
    p.move.click()
    assert view.messages.kind == "error" and "not one of the options" in view.messages.text
    assert len(demo_book.outreach_history()) == n and view.changes == 0


def test_log_follow_up(view, demo_book):
    _open(view, 1)
    p = view.pipeline
    stages = demo_book.outreach().set_index("outreach_id")["stage"]
    oid = int(stages[stages == "contacted"].index[0])
    p.row.value = oid
    assert not p.followup.disabled
    n = len(demo_book.interactions())
    p.followup.click()
    assert view.messages.kind == "success", view.messages.text
    last = demo_book.interactions().iloc[-1]
    assert len(demo_book.interactions()) == n + 1 and last["kind"] == "follow-up"
    assert last["date"].date() == demo_book.as_of()


def test_drafts_render_edit_copy_and_save(view, demo_book):
    _open(view, 2)
    d = view.drafts
    assert d.row.options, "the demo has pipeline rows with contacts"
    oid = d.row.options[0][1]
    d.row.value = oid
    d.kind.value = "first-message"
    text = d.text.value
    assert text.startswith("Subject: ") and "Sam Rivera" in text
    assert not re.search(r"\{\{|\}\}|None", text)
    assert d.copy.text == text and isinstance(d.copy, CopyButton)
    d.text.value = text + "\nP.S. edited"
    d.save.click()
    assert view.messages.kind == "success", view.messages.text
    assert demo_book.outreach().set_index("outreach_id").loc[oid, "draft"].endswith("P.S. edited")
    assert view.changes == 1


def test_intro_request_draft_uses_the_path(view, demo_book):
    _open(view, 2)
    d = view.drafts
    stages = demo_book.outreach().set_index("outreach_id")["stage"]
    oid = int(stages[stages == "intro requested"].index[0])
    d.row.value = oid
    assert d.kind.value == "intro-request"
    assert d.introducer.value and f"Hi {d.introducer.value.split()[0]}," in d.text.value


def test_next_steps_and_ics_download(view, demo_book):
    _open(view, 3)
    s = view.steps
    assert s.value and all(set(v) >= {"due", "title", "overdue"} for v in s.value)
    href = re.search(r'href="data:text/calendar;base64,([^"]+)"', s.download.value).group(1)
    cal = icalendar.Calendar.from_ical(base64.b64decode(href))
    assert len(cal.walk("VEVENT")) == len(s.value)
    assert 'download="mentor-outreach-2026-10-15.ics"' in s.download.value
    assert "follow-up 7 days" in s.table.value


def test_goal_editor_adds_and_updates(view, demo_book):
    g = view.goals
    g.new.click()
    assert g.picker.value == 0 and g.title.value == ""
    g.title.value = "Learn to negotiate"
    g.needs.value = "negotiation; contracts"
    g.kind.value = "skill"
    g.save.click()
    assert view.messages.kind == "success", view.messages.text
    goals = demo_book.goals()
    new = goals.iloc[-1]
    assert (new["title"], new["needs"]) == ("Learn to negotiate", "negotiation;contracts")
    assert g.value == int(new["goal_id"]) and view.goal_id == int(new["goal_id"])
    g.needs.value = "negotiation"
    g.save.click()
    assert demo_book.goals().iloc[-1]["needs"] == "negotiation"
    assert view.changes == 2


def test_goal_editor_refuses_forged_kind_and_blank_title(view, demo_book):
    g = view.goals
    g.kind._trait_values["value"] = "world domination"
    g.save.click()
    assert view.messages.kind == "error"
    g.kind.value = "skill"
    g.new.click()
    g.title.value = "   "
    n = len(demo_book.goals())
    g.save.click()
    assert view.messages.kind == "error" and len(demo_book.goals()) == n


def test_names_are_escaped_everywhere(demo_book):
    cid = demo_book.add_contact(EVIL, position="VP Product " + EVIL, company=EVIL)
    demo_book.tag(cid, "skill", "falconry")
    demo_book.tag(cid, "community", EVIL)
    gid = demo_book.add_goal(EVIL, needs="falconry")
    demo_book.set_outreach(cid, gid, "contacted", next_step=EVIL, date=demo_book.as_of())
    v = OutreachView(demo_book)
    assert v.messages.kind != "error", v.messages.text
    v.goals.picker.value = gid
    assert v.candidates.list.value == cid
    assert any(EVIL in label for label, _ in v.candidates.list.options)  # a Select shows text, never markup
    htmls = [v.candidates.explain.value, v.candidates.where_explain.value]
    for i in (1, 2, 3):
        v.tabs.selected_index = i
    v.pipeline.row.value = int(demo_book.outreach().iloc[-1]["outreach_id"])
    htmls += [v.pipeline.current.value, v.steps.table.value]
    for h in htmls:
        assert EVIL not in h
    assert any("&lt;img src=x" in h for h in htmls)


def test_empty_workbook(book):
    v = OutreachView(book)
    assert v.messages.kind != "error", v.messages.text
    assert v.candidates.list.options == () and v.goals.value is None
    for i in (1, 2, 3):
        v.tabs.selected_index = i
    assert v.messages.kind != "error", v.messages.text
    assert v.pipeline.move.disabled and "No next steps" in v.steps.table.value


def test_download_link_escapes_the_name():
    html = download_link(b"x", 'a"<b>.ics', "text/calendar", "<b>get</b>", "c")
    assert 'download="a&quot;&lt;b&gt;.ics"' in html and "&lt;b&gt;get" in html
    assert base64.b64decode(re.search(r"base64,([^\"]+)", html).group(1)) == b"x"


# ----------------------------------------------------------------------------- caches never show stale data


def test_candidates_follow_writes_made_elsewhere(view, demo_book):
    c = view.candidates.candidates
    free = int(c.loc[~c["in_pipeline"], "contact_id"].iloc[0])
    demo_book.set_outreach(free, int(view.goals.value), "identified")  # as another tab would
    view.refresh()
    label = next(text for text, cid in view.candidates.list.options if cid == free)
    assert "in pipeline" in label


def test_remembered_expertise_follows_new_tags(demo_book):
    from workbook import outreach
    from workbook.ui import outreach as ui_outreach

    needs = ["quantum basket weaving"]
    assert ui_outreach._matches(demo_book, needs).empty
    cid = int(demo_book.contacts()["contact_id"].iloc[0])
    demo_book.tag(cid, "skill", "Quantum basket weaving")
    found = ui_outreach._matches(demo_book, needs)
    assert found["contact_id"].tolist() == [cid]
    assert found.equals(outreach.match_expertise(needs, demo_book.contacts(), demo_book.tags()))
