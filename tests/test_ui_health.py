"""workbook.ui.health, driven headless: set values, click, assert on published state and the workbook."""
from __future__ import annotations

import base64
import datetime as dt
import re

import icalendar
import pandas as pd
import pytest

from workbook.ui import health as ui

EVIL = "<img src=x onerror=alert(1)>"


def _forge(widget, value) -> None:
    """Put a value in a widget behind its validation, as a tampered front end could."""
    widget._trait_values["value"] = value


def _pick(form, contact_id: int) -> None:
    form.picker.select(contact_id)
    assert form.picker.value == contact_id


@pytest.fixture
def small(book):
    """A tiny workbook with a close tie going quiet and a name that tries to be HTML."""
    book.set_setting("as_of", "2026-10-15")
    ada = book.add_contact("Ada Byron", circle="close", connected_on="2020-01-01")
    evil = book.add_contact(EVIL, circle="inner", connected_on="2020-01-01")
    book.log_interaction(ada, "2026-08-01", "call", "mutual")
    book.log_interaction(evil, "2026-10-01", "message", "inbound")
    return book, ada, evil


# ----------------------------------------------------------------------------- LogInteractionForm

def test_log_form_writes_the_interaction_and_counts_the_change(small):
    book, ada, _ = small
    form = ui.LogInteractionForm(book)
    _pick(form, ada)
    form.date.value = dt.date(2026, 10, 14)
    form.channel.value, form.direction.value, form.kind.value = "video", "inbound", "support-received"
    form.note.value = "Talked through my portfolio"
    form.submit.click()
    assert form.messages.kind == "success", form.messages.text
    assert form.changes == 1 and form.value["contact_id"] == ada
    last = book.interactions().iloc[-1]
    assert (last["contact_id"], str(last["date"].date()), last["channel"], last["direction"], last["kind"],
            last["note"]) == (ada, "2026-10-14", "video", "inbound", "support-received", "Talked through my portfolio")
    assert form.note.value == ""


@pytest.mark.parametrize("tamper, message", [
    (lambda f: setattr(f.picker.dropdown, "value", None), "Pick a contact"),
    (lambda f: setattr(f.date, "value", dt.date(2026, 10, 16)), "after today"),
    (lambda f: setattr(f.date, "value", None), "date"),
    (lambda f: _forge(f.channel, "carrier pigeon"), "channel"),
    (lambda f: _forge(f.kind, "bribe"), "kind"),
    (lambda f: _forge(f.direction, "sideways"), "direction"),
    (lambda f: setattr(f.note, "value", "x" * 2001), "too long"),
])
def test_log_form_refuses_bad_or_forged_values(small, tamper, message):
    book, ada, _ = small
    before = len(book.interactions())
    form = ui.LogInteractionForm(book)
    _pick(form, ada)
    tamper(form)
    form.submit.click()
    assert form.messages.kind == "error" and message.lower() in form.messages.text.lower()
    assert len(book.interactions()) == before and form.changes == 0


def test_picker_refuses_a_forged_contact_id(small):
    book, ada, _ = small
    form = ui.LogInteractionForm(book)
    _forge(form.picker.dropdown, 9999)
    form.submit.click()
    assert form.messages.kind == "error" and len(book.interactions()) == 2


def test_picker_stays_small_and_skips_archived(book):
    book.add_contacts(pd.DataFrame({"full_name": [f"Sam {k:03d}" for k in range(120)]}))
    gone = book.add_contact("Sam Archived")
    book.update_contact(gone, archived=True)
    form = ui.LogInteractionForm(book)
    form.picker.search.value = "sam"
    values = [v for _, v in form.picker.dropdown.options if v is not None]
    assert len(values) == ui.PICKER_LIMIT and gone not in values
    form.picker.search.value = "Sam 117"
    assert form.picker.value is not None  # a single match is picked for you


# ----------------------------------------------------------------------------- HealthView

def test_health_view_updates_at_once_when_the_followed_form_logs(small):
    book, ada, _ = small
    form = ui.LogInteractionForm(book)
    view = ui.HealthView(book, log_form=form)
    assert view.health.loc[ada, "status"] == "at-risk"
    status_before = view.figures["status"].to_json()
    _pick(form, ada)
    form.submit.click()
    assert view.health.loc[ada, "status"] == "steady" and view.health.loc[ada, "days_since"] == 0
    assert view.value["at-risk"] == 0
    assert view.figures["status"].to_json() != status_before
    shown = view._boxes["status"].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert [t["name"] for t in shown["data"]] == [t.name for t in view.figures["status"].data]
    assert shown["layout"]["title"]["text"] == view.figures["status"].layout.title.text


def test_health_view_escapes_names_and_builds_history_lazily(small):
    book, _, _ = small
    view = ui.HealthView(book)
    assert "score" not in view.figures  # over-time charts wait for their tab
    view.tabs.selected_index = 1
    assert {"score", "heatmap"} <= set(view.figures)
    assert EVIL not in view.summary.value and EVIL not in view.dormant.value
    heat = view.figures["heatmap"].data[0]
    assert EVIL not in list(heat.y) and "&lt;img" in " ".join(heat.y)


def test_cadence_override_writes_and_redraws(small):
    book, ada, _ = small
    view = ui.HealthView(book)
    editor = view.cadence
    editor.picker.select(ada)
    assert "every 30 days" in editor.current.value
    editor.days.value = 90
    editor.save.click()
    assert view.messages.kind == "success", view.messages.text
    assert book.contact(ada)["cadence_days"] == 90 and view.changes == 1
    assert int(view.health.loc[ada, "cadence_days"]) == 90 and view.health.loc[ada, "status"] == "steady"
    editor.reset.click()
    assert book.contact(ada)["cadence_days"] is None and view.changes == 2
    assert view.health.loc[ada, "status"] == "at-risk"


def test_cadence_editor_refuses_a_forged_number(small):
    book, ada, _ = small
    view = ui.HealthView(book)
    view.cadence.picker.select(ada)
    _forge(view.cadence.days, 99999)
    view.cadence.save.click()
    assert view.messages.kind == "error" and book.contact(ada)["cadence_days"] is None


def test_health_view_on_the_demo(demo_book):
    view = ui.HealthView(demo_book)
    assert view.messages.kind == "" and sum(view.value.values()) == len(demo_book.contacts())
    assert view.dormant.value.count("<li>") == 5
    view.tabs.selected_index = 1
    assert len(view.history["month"].unique()) == 24


# ----------------------------------------------------------------------------- WeeklyPlanView

def test_weekly_plan_done_logs_the_interaction(demo_book):
    view = ui.WeeklyPlanView(demo_book)
    assert 5 <= len(view.value) <= 7 and view.messages.kind == ""
    step = view.value[0]
    before = len(demo_book.interactions())
    view._buttons[step["step"]].click()
    assert view.messages.kind == "success", view.messages.text
    assert view.done == [step["step"]] and view.changes == 1
    logged = demo_book.interactions().iloc[len(demo_book.interactions()) - 1]
    assert len(demo_book.interactions()) == before + 1
    assert (logged["contact_id"], logged["kind"], logged["direction"]) == (
        step["contact_id"], step["interaction_kind"], "outbound")
    assert str(logged["date"].date()) == demo_book.as_of().isoformat()
    view._buttons[step["step"]].click()  # a second click does nothing
    assert view.messages.kind == "error" and len(demo_book.interactions()) == before + 1


def test_weekly_plan_done_on_an_introduction_logs_both(demo_book):
    view = ui.WeeklyPlanView(demo_book)
    view.size.value = 10  # the longest plan: the demo's introductions are not always among the first six
    intro = next(s for s in view.value if s["other_id"] is not None)
    before = demo_book.interactions()
    view._buttons[intro["step"]].click()
    new = demo_book.interactions().iloc[len(before):]
    assert sorted(new["contact_id"]) == sorted([intro["contact_id"], intro["other_id"]])
    assert set(new["kind"]) == {"intro-made"}


def test_weekly_plan_never_shows_archived_and_exports(demo_book):
    first = ui.WeeklyPlanView(demo_book).value
    for step in first:
        demo_book.update_contact(step["contact_id"], archived=True)
    view = ui.WeeklyPlanView(demo_book)
    shown = {s["contact_id"] for s in view.value} | {s["other_id"] for s in view.value if s["other_id"]}
    assert not shown & {s["contact_id"] for s in first}
    assert len(shown) == len(view.value) + sum(1 for s in view.value if s["other_id"])
    events = icalendar.Calendar.from_ical(view.ics).walk("VEVENT")
    assert len(events) == len(view.value)
    href = re.search(r'class="wb-button-link wb-health-ics" download="[^"]+" href="data:text/calendar;base64,([^"]+)"',
                     view.downloads.value)
    assert base64.b64decode(href.group(1)) == view.ics
    assert view.checklist.value.count("- [ ]") == len(view.value)


def test_weekly_plan_size_control(demo_book):
    view = ui.WeeklyPlanView(demo_book)
    view.size.value = 4
    assert len(view.value) == 4
    _forge(view.size, 50)  # past the box's bounds
    view.refresh()
    assert view.messages.kind == "error"


def test_weekly_plan_rows_escape_names(small):
    book, _, evil = small
    view = ui.WeeklyPlanView(book)
    assert any(s["contact_id"] == evil for s in view.value)
    html = " ".join(row.children[1].value for row in view.rows.children)
    assert EVIL not in html and "&lt;img" in html


@pytest.mark.parametrize("cls", [ui.HealthView, ui.WeeklyPlanView, ui.LogInteractionForm])
def test_top_level_components_follow_the_shell_contract(small, cls):
    book, _, _ = small
    view = cls(book)
    assert view.has_trait("changes") and view.changes == 0
    assert view.messages.kind in ("", "info")
    view.refresh()
    assert view.messages.kind != "error"
    assert any(c.startswith("wb-health-") for c in view._dom_classes)


# ----------------------------------------------------------------------------- caches never show stale data


def test_picker_offers_a_contact_added_elsewhere(small):
    book, _, _ = small
    form = ui.LogInteractionForm(book)
    form.picker.search.value = "Zelda"
    assert form.picker.dropdown.options == (ui._NONE,)
    zelda = book.add_contact("Zelda Quill")
    form.refresh()
    form.picker.search.value = "Zeld"
    assert form.picker.dropdown.value == zelda


def test_dormant_ties_are_ranked_again_only_when_the_dormant_change(demo_book, monkeypatch):
    calls = []
    real = ui.health.rank_dormant
    monkeypatch.setattr(ui.health, "rank_dormant", lambda *a, **k: calls.append(1) or real(*a, **k))
    form = ui.LogInteractionForm(demo_book)
    view = ui.HealthView(demo_book, log_form=form)
    assert len(calls) == 1
    h = view.health
    steady = int(h.index[(h["status"].astype(object) != "dormant").to_numpy()][0])
    _pick(form, steady)
    form.submit.click()
    assert view.health.loc[steady, "days_since"] == 0 and len(calls) == 1  # nobody's dormancy changed
    top = re.search(r"<li><b>(.*?)</b>", view.dormant.value).group(1)
    dormant = int(h.index[(h["full_name"] == top).to_numpy()][0])
    _pick(form, dormant)
    form.submit.click()
    assert len(calls) == 2 and view.health.loc[dormant, "status"] != "dormant"
    assert f"<b>{top}</b>" not in view.dormant.value  # revived: no longer listed


@pytest.mark.parametrize("make_view", [ui.HealthView, ui.WeeklyPlanView])
def test_views_redo_their_work_only_when_their_tables_change(demo_book, make_view):
    view = make_view(demo_book)
    kept = view.health if make_view is ui.HealthView else view.plan
    demo_book.save_reflection("health.cooling", "a journal answer")
    view.refresh()
    assert (view.health if make_view is ui.HealthView else view.plan) is kept
    if make_view is ui.HealthView:
        cid = int(view.health.sort_values("days_since", ascending=False).index[0])
    else:
        # a step a logged call settles (a pipeline follow-up stays until the pipeline moves, and the
        # engagement habit's "Comment on a post" step until a comment is logged)
        settled = (view.plan["category"] != "follow-up") & ~view.plan["action"].str.startswith("Comment on")
        cid = int(view.plan.loc[settled, "contact_id"].iloc[0])
    demo_book.log_interaction(cid, demo_book.as_of().isoformat(), "call", "mutual")
    view.refresh()
    if make_view is ui.HealthView:
        assert view.health is not kept and view.health.loc[cid, "days_since"] == 0
    else:
        assert view.plan is not kept and cid not in view.plan["contact_id"].tolist()
