"""The Online and Brand pages, driven headless: set values, click, read the published state; on the demo,
on a LinkedIn-only workbook and with hostile strings; forged widget values are refused in plain words."""
from __future__ import annotations

import datetime as dt

import pytest

import workbook
from workbook.ui.brand import BrandView
from workbook.ui.online import OnlineView

HOSTILE = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "<img src=x onerror=alert(1)>" + "x" * 3000]


# -- the Online page ---------------------------------------------------------------------------------


def test_online_view_logs_engagements_and_counts_them_this_week(demo_book):
    view = OnlineView(demo_book)
    assert view.done == 5 and view.this_week == 0 and len(view.people.options) == 8  # activity: the demo's export
    assert "wb-online-item-done" in view.checklist.value and "Activity" in view.checklist.value
    picked = tuple(o[1] for o in view.people.options[:3])
    view.people.value = picked
    view.log_button.click()
    assert view.messages.kind == "success" and view.this_week == 3 and view.changes == 1
    logged = demo_book.interactions().query("channel == 'social' and kind == 'other' and direction == 'outbound'")
    assert logged["date"].max().date() == demo_book.as_of()
    logged = logged.loc[logged["date"].dt.date == demo_book.as_of()]  # the demo's own engagements are earlier
    assert sorted(logged["contact_id"].tolist()) == sorted(picked)
    assert view.people.value == ()  # cleared for the next log
    figure = view.chart.children[0].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert "this week 3 of 3" in figure["layout"]["title"]["text"]


def test_setting_the_habit_changes_the_target(demo_book):
    view = OnlineView(demo_book)
    view.habit_n.value = 5
    view.set_habit.click()
    assert view.messages.kind == "success" and view.changes == 1
    assert "of 5 posts" in view.habit_text.value
    assert demo_book.targets().query("metric == 'posts engaged' and active")["n"].tolist() == [5]


@pytest.mark.parametrize("forge", ["person", "day-future", "day-old", "none", "habit"])
def test_forged_values_are_refused(demo_book, forge):
    view = OnlineView(demo_book)
    before = len(demo_book.interactions())
    if forge == "person":
        view.people._trait_values["value"] = (424242,)  # not among the options: what a forged message leaves
    elif forge == "day-future":
        view.people.value = (view.people.options[0][1],)
        view.date.value = demo_book.as_of() + dt.timedelta(days=3)
    elif forge == "day-old":
        view.people.value = (view.people.options[0][1],)
        view.date.value = demo_book.as_of() - dt.timedelta(days=400)
    elif forge == "habit":
        view.habit_n._trait_values["value"] = 10_000
        view.set_habit.click()
    if forge != "habit":
        view.log_button.click()
    assert view.messages.kind == "error" and view.changes == 0
    assert len(demo_book.interactions()) == before


def test_online_view_on_a_linkedin_only_workbook_says_what_to_do(linkedin_book):
    view = OnlineView(linkedin_book)
    assert view.done == 2  # headline and skills; summary, recommendations and activity still to do
    assert "wb-online-empty" in view.people_box.children[0]._dom_classes
    text = view.people_box.children[0].value
    assert "inner or close" in text and "Contacts page" in text
    assert "Request LinkedIn" in view.checklist.value


def test_hostile_strings_are_escaped_on_the_online_page(book):
    book.set_profile(name=HOSTILE[0], headline=HOSTILE[0], summary=HOSTILE[2][:2000], position=HOSTILE[1])
    for h in HOSTILE:
        book.tag("profile", "skill", h[:200])
    cid = book.add_contact(HOSTILE[0], circle="inner")
    view = OnlineView(book)
    assert "<script" not in view.checklist.value and "&lt;script&gt;" in view.checklist.value
    assert "<img" not in view.checklist.value
    view.people.value = (cid,)
    view.log_button.click()
    assert view.this_week == 1
    figure = view.chart.children[0].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert all("<script" not in str(c) for c in figure["data"][0]["customdata"])


# -- the Brand page ----------------------------------------------------------------------------------


def test_brand_view_on_the_demo_shows_the_current_and_earlier_versions(demo_book):
    view = BrandView(demo_book)
    current = demo_book.brand_statements().iloc[-1]
    assert view.statement == current["statement"] and view.versions == 2
    assert view.values.value == current["core_values"].split(";")  # the builder starts from the last version
    assert view.statement_text.value == current["statement"]
    assert len(view.history.children) == 1 and "school leaders" in view.history.children[0].value


def test_preview_edit_and_save_keeps_the_history(demo_book):
    view = BrandView(demo_book)
    view.values.value, view.strengths.value = ["fairness"], ["user research"]
    view.audience.value, view.goals.value = "edtech founders", ["a product role"]
    view.preview_button.click()
    assert view.statement_text.value == "I help edtech founders with user research, guided by fairness."
    assert 60 <= len(view.pitch_text.value.split()) <= 90 and "seconds spoken" in view.words.value
    view.statement_text.value = "I help edtech founders hear what teachers need."  # the person's own words win
    view.save.click()
    assert view.messages.kind == "success" and view.changes == 1 and view.versions == 3
    assert view.statement == "I help edtech founders hear what teachers need."
    assert demo_book.brand_statements()["statement"].tolist()[:2] == [
        "I help school leaders untangle messy processes.",
        "I help edtech product teams turn messy school processes into products teachers trust."]
    assert len(view.history.children) == 2
    view.save.click()  # the same again
    assert view.messages.kind == "info" and view.versions == 3 and view.changes == 1


def test_fill_in_from_my_data_on_a_linkedin_only_workbook(linkedin_book):
    view = BrandView(linkedin_book)
    assert view.versions == 0 and "No brand statement saved yet" in view.current.value
    view.use_suggestions.click()
    assert view.values.value == [] and "Mentoring" in view.strengths.value
    assert view.audience.value == "teams in civic technology"
    view.preview_button.click()
    view.save.click()
    assert view.versions == 1 and view.statement.startswith("I help teams in civic technology with Mentoring")


@pytest.mark.parametrize("field, forged, message", [
    ("values", [1, 2], "must be text"), ("values", "not a list", "list of words"),
    ("strengths", ["x" * 101], "too long"), ("goals", [f"g{i}" for i in range(9)], "At most 8"),
    ("audience", "a" * 201, "too long"), ("statement", "s" * 401, "too long"), ("statement", "", "Preview"),
])
def test_brand_view_refuses_forged_or_oversized_values(book, field, forged, message):
    view = BrandView(book)
    view.statement_text.value = "I help teams."
    target = {"statement": view.statement_text, "audience": view.audience}.get(field) or getattr(view, field)
    target._trait_values["value"] = forged  # bypasses the widget's own checks, as a forged message would
    view.save.click()
    assert view.messages.kind == "error" and message in view.messages.text
    assert book.brand_statements().empty and view.changes == 0


def test_hostile_strings_are_escaped_on_the_brand_page(book):
    view = BrandView(book)
    view.values.value = [HOSTILE[0]]
    view.strengths.value = [HOSTILE[1]]
    view.audience.value = HOSTILE[0]
    view.preview_button.click()
    assert "<script" not in view.statement_text.value and "{" not in view.pitch_text.value
    view.statement_text.value = HOSTILE[0]  # typed by hand: kept as text, escaped when shown
    view.save.click()
    assert view.statement == HOSTILE[0]
    assert "<script" not in view.current.value and "&lt;script&gt;" in view.current.value
