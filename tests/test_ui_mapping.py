"""Headless tests for the map widgets (MapView) and the reusable ReflectionPrompt."""
from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import traitlets
from plotly.callbacks import Points

from workbook.schema import CIRCLES
from workbook.ui.common import MessageArea
from workbook.ui.mapping import ALL_GROUPS, CHARTS, PROMPTS, MapView
from workbook.ui.reflection import ReflectionPrompt

EVIL = "<img src=x onerror=alert(1)>"


def figure_json(view: MapView) -> str:
    return pio.to_json(view.current)


def sunburst_total(view: MapView) -> int:
    s = view.current.data[0]
    return sum(v for v, p in zip(s.values, s.parents) if p == "")


def click(view: MapView, trace_name: str, index: int = 0) -> None:
    trace = next(t for t in view.figure.data if t.name == trace_name)
    trace._dispatch_on_click(Points(point_inds=[index], xs=[trace.x[index]], ys=[trace.y[index]],
                                    trace_name=trace_name, trace_index=0), None)


@pytest.fixture
def view(demo_book) -> MapView:
    return MapView(demo_book)


# ----------------------------------------------------------------------------- the contract


def test_contract_of_the_map_view(view):
    assert isinstance(view, widgets.VBox) and isinstance(view.messages, MessageArea)
    assert isinstance(view.traits()["changes"], traitlets.Int) and view.changes == 0
    assert callable(view.refresh)
    assert "wb-map-view" in view._dom_classes and "wb-map-chart" in view.chart._dom_classes
    assert view.value["chart"] == "circles" and view.value["shown"] == view.value["total"] == 250
    assert view.messages.text == ""
    assert repr(view) == "MapView()"


@pytest.mark.parametrize("chart, types", [
    ("circles", {"sunburst"}),
    ("network", {"scattergl", "scatter"}),
    ("composition", {"treemap"}),
    ("diversity", {"bar"}),
    ("ties", {"bar"}),
    ("growth", {"bar", "scatter"}),
])
def test_each_chart_draws(view, chart, types):
    view.chart.value = chart
    assert {t.type for t in view.current.data} <= types and len(view.current.data) >= 1
    assert view.value["chart"] == chart and view.value["title"] == view.current.layout.title.text
    # Only the network answers clicks, so only it pays for a FigureWidget (plotly.js in its state).
    assert isinstance(view.figure, go.FigureWidget) == (chart == "network")
    assert view.messages.text == ""
    assert (view.group.layout.display != "none") == (chart == "network")


# ----------------------------------------------------------------------------- filters drive the charts


@pytest.mark.parametrize("name", ["circle", "industry", "tag", "source"])
def test_each_filter_narrows_the_chart(view, name):
    control = getattr(view, name)
    before_json, before_total = figure_json(view), sunburst_total(view)
    value = control.options[1][1]  # the most common value
    control.value = value
    assert view.value["filters"][name] == value
    assert view.value["shown"] < view.value["total"]
    assert sunburst_total(view) == view.value["shown"] < before_total
    assert figure_json(view) != before_json
    view.reset.click()
    assert view.value["shown"] == view.value["total"] and sunburst_total(view) == before_total


def test_filters_combine_and_update_other_charts(view):
    view.chart.value = "composition"
    before = figure_json(view)
    view.set_filters(industry="Education", circle="meaningful")
    assert view.current.data[0].values[0] == view.value["shown"]
    assert figure_json(view) != before
    assert all(label.startswith("Education") for label, v in view.industry.options if v == "Education")
    view.chart.value = "network"
    nodes = [t for t in view.figure.data if t.name in CIRCLES]
    assert [t.name for t in nodes] == ["meaningful"]
    assert sum(len(t.customdata) for t in nodes) == view.value["shown"]


def test_contact_picker_follows_filters(view):
    view.circle.value = "inner"
    ids = [v for _, v in view.contact.options if v is not None]
    assert 1 <= len(ids) <= 5 + 5  # the inner circle (Dunbar's five, plus any the person placed there)
    view.search.value = "zzzz-nobody"
    assert [v for _, v in view.contact.options] == [None]


def test_plain_output_mode_follows_filters_too(demo_book):
    view = MapView(demo_book, figure_widget=False)
    assert isinstance(view.figure, widgets.Output)
    first = view.figure.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert first["data"][0]["type"] == "sunburst"
    view.industry.value = "Education"
    now = view.figure.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert now != first and now["layout"]["title"]["text"] == view.value["title"]
    view.chart.value = "network"
    types = {t["type"] for t in view.figure.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"]}
    assert "scattergl" in types and view.messages.text == ""


# ----------------------------------------------------------------------------- forged values


@pytest.mark.parametrize("filters", [{"circle": "bogus"}, {"industry": "<script>"}, {"nope": "x"}])
def test_forged_filter_values_are_refused(view, filters):
    before = dict(view.value)
    with pytest.raises(ValueError):
        view.set_filters(**filters)
    assert view.value == before


def test_forged_clicks_are_refused_with_a_message(view):
    view.chart.value = "network"
    trace = next(t for t in view.figure.data if t.name in CIRCLES)

    class Forged:
        name = trace.name
        customdata = [10**9]

    view._on_point(Forged(), Points(point_inds=[0], xs=[0], ys=[0], trace_name=trace.name, trace_index=0))
    assert view.messages.kind == "error" and "not one of the options" in view.messages.text
    assert view.selected is None


def test_forged_circle_for_a_contact_is_refused(view, demo_book):
    cid = view.contact.options[1][1]
    view.contact.value = cid
    before = demo_book.contact(cid)["circle"]
    view.set_circle.set_trait("index", None)  # nothing chosen in the browser; value falls to None
    view._on_save_circle()
    assert view.messages.kind == "error" and view.changes == 0
    assert demo_book.contact(cid)["circle"] == before


# ----------------------------------------------------------------------------- a contact


def test_choosing_a_contact_shows_the_card_and_saves_a_circle(view, demo_book):
    label, cid = view.contact.options[3]
    view.contact.value = cid
    assert view.selected == cid
    name = demo_book.contact(cid)["full_name"]
    assert name.split()[0] in view.detail.value and "circle" in view.detail.value
    view.set_circle.value = "close"
    view.save_circle.click()
    assert demo_book.contact(cid)["circle"] == "close"
    assert view.changes == 1 and view.messages.kind == "success"
    assert "close circle (chosen by you)" in view.detail.value
    view.set_circle.value = ""
    view.save_circle.click()
    assert demo_book.contact(cid)["circle"] is None and view.changes == 2


def test_clicking_a_person_in_the_network_opens_their_card(view):
    view.chart.value = "network"
    trace = next(t for t in view.figure.data if t.name == "inner")
    click(view, "inner")
    assert view.selected == int(trace.customdata[0])
    assert view.contact.value == view.selected


def test_groups_drill_down_by_list_and_by_click(demo_book):
    view = MapView(demo_book, chart="network", max_nodes=100)  # aggregate the 250 demo contacts
    bubbles = next(t for t in view.figure.data if t.name == "groups")
    assert view.value["group"] == ALL_GROUPS and len(bubbles.x) >= 2
    group = view.group.options[1][1]
    view.group.value = group
    assert view.value["group"] == group
    assert not any(t.name == "groups" for t in view.figure.data)
    members = sum(len(t.customdata) for t in view.figure.data if t.name in CIRCLES)
    assert str(members) in view.figure.layout.title.text
    view.group.value = ALL_GROUPS
    index = [int(c) for c in next(t for t in view.figure.data if t.name == "groups").customdata].index(group)
    click(view, "groups", index)
    assert view.group.value == group and view.messages.text == ""


def test_where_to_grow_is_open_and_lists_steps_and_venues(view):
    # issue 19: the Map's best advice starts open, drawn with the view
    assert view.grow_panel.selected_index == 0
    assert "Next steps" in view.grow.value and "<li>" in view.grow.value
    assert "Events and communities" in view.grow.value


def test_refresh_keeps_filters_and_sees_new_data(view, demo_book):
    view.industry.value = "Education"
    shown = view.value["shown"]
    demo_book.add_contact("New Teacher", industry="Education", position="Teacher")
    view.refresh()
    assert view.value["filters"]["industry"] == "Education" and view.value["shown"] == shown + 1


# ----------------------------------------------------------------------------- empty and hostile workbooks


def test_empty_workbook(book):
    view = MapView(book)
    assert view.value["total"] == 0 and "No contacts yet" in view.summary.value
    for _, chart in CHARTS:
        view.chart.value = chart
        assert view.messages.text == ""
    view.grow_panel.selected_index = 0
    assert "inner circle" in view.grow.value


def test_hostile_names_stay_text(book):
    a = book.add_contact(EVIL, company=f"{EVIL} Inc", industry=EVIL, position="CEO")
    b = book.add_contact("Plain", company=f"{EVIL} Inc", industry=EVIL)
    book.log_interaction(a, "2024-01-05", direction="mutual")
    book.tag(a, "community", EVIL)
    book.tag(b, "community", EVIL)
    book.add_goal(EVIL, kind="field", needs=EVIL)
    view = MapView(book)
    for _, chart in CHARTS:
        view.chart.value = chart
        assert "<img" not in figure_json(view)
    view.select(a)
    view.grow_panel.selected_index = 0
    for html in (view.detail.value, view.grow.value, view.summary.value):
        assert "<img" not in html
    assert "&lt;img" in view.detail.value
    view.tag.value = EVIL  # a tag text is only ever a Dropdown label (rendered as text)
    assert view.value["shown"] == 2 and view.messages.text == ""


# ----------------------------------------------------------------------------- reflections


def test_reflection_prompt_autosaves(book):
    prompt = ReflectionPrompt(book, "map.circles", PROMPTS["map.circles"])
    assert "wb-reflection" in prompt._dom_classes and prompt.saved and prompt.value == ""
    prompt.text.value = "Ada, Grace and Alan"
    assert book.reflection("map.circles") == "Ada, Grace and Alan"
    assert prompt.value == "Ada, Grace and Alan" and prompt.saved and prompt.changes == 1
    assert "Saved" in prompt.status.value
    again = ReflectionPrompt(book, "map.circles", "?")
    assert again.text.value == "Ada, Grace and Alan"  # reopened: the answer is there
    assert repr(again) == "ReflectionPrompt('map.circles')"


def test_reflection_prompt_escapes_and_refuses_bad_input(book):
    prompt = ReflectionPrompt(book, "map.test", f"Question {EVIL}")
    assert "<img" not in prompt.question.value
    prompt.text.value = "x" * 100_001
    assert prompt.messages.kind == "error" and not prompt.saved and book.reflection("map.test") == ""
    with pytest.raises(ValueError):
        ReflectionPrompt(book, "  ", "?")


def test_reflection_prompt_refresh_shows_answers_saved_elsewhere(book):
    prompt = ReflectionPrompt(book, "map.missing-field", "?")
    book.save_reflection("map.missing-field", "Energy, and nobody there")
    prompt.refresh()
    assert prompt.text.value == "Energy, and nobody there" and prompt.changes == 0


def test_map_prompts_reach_the_journal():
    from workbook.ui import journal

    known = journal.registry()
    assert set(PROMPTS) <= set(known)


# ----------------------------------------------------------------------------- caches never show stale data


def test_refresh_without_changes_keeps_the_map_and_a_write_redoes_it(view, demo_book):
    kept = view.map
    demo_book.save_reflection("map.circles", "My five")  # a table the map does not show
    view.refresh()
    assert view.map is kept
    cid = int(view.map.people.sort_values("days_since", ascending=False)["contact_id"].iloc[0])
    demo_book.log_interaction(cid, demo_book.as_of().isoformat(), "call", "mutual")
    view.refresh()
    assert view.map is not kept
    assert view.map.people.set_index("contact_id").loc[cid, "days_since"] == 0
    view.select(cid)
    assert "(today)" in view.detail.value


def test_after_an_exchange_the_network_keeps_its_groups_but_shows_the_new_circles(view, demo_book):
    view.chart.value = "network"
    before = view.map
    cid = int(before.people.sort_values("tie_strength")["contact_id"].iloc[0])
    for _ in range(8):  # enough to move them into a closer circle
        demo_book.log_interaction(cid, demo_book.as_of().isoformat(), "meeting", "mutual")
    view.refresh()
    after = view.map
    fresh = type(after)(contacts=after.contacts, interactions=after.interactions, as_of=after.as_of,
                        tags=after.tags, links=after.links, goals=after.goals)
    for name in ("people", "edges", "clusters", "cluster_info", "bridges"):
        assert getattr(after, name).equals(getattr(fresh, name)), name
    assert view.value["chart"] == "network" and view.messages.text == ""


def test_refresh_sees_a_new_tag_in_the_tag_filter(view, demo_book):
    cid = int(view.map.people["contact_id"].iloc[0])
    assert "Brand New Guild" not in [v for _, v in view.tag.options]
    demo_book.tag(cid, "community", "Brand New Guild")
    view.refresh()
    assert "Brand New Guild" in [v for _, v in view.tag.options]
    view.tag.value = "Brand New Guild"
    assert view.value["shown"] == 1
