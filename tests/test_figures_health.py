"""workbook.figures.health: the right traces, the shared colours, escaped names, findings in titles."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from workbook import plan as plan_module
from workbook import health
from workbook.figures import health as charts
from workbook.figures import theme

AS_OF = pd.Timestamp("2026-10-15")
EVIL = "<img src=x onerror=alert(1)>"


def _health(rows: list[tuple]) -> pd.DataFrame:
    """(id, name, circle, status, n_total, reciprocity, give, take, score) -> an assess()-like frame."""
    frame = pd.DataFrame(rows, columns=["contact_id", "full_name", "circle", "status", "n_total", "reciprocity",
                                        "give", "take", "score"]).set_index("contact_id")
    return frame.assign(balance=frame["give"] - frame["take"])


SMALL = _health([
    (1, EVIL, "inner", "cooling", 10, 0.5, 2, 1, 40.0),
    (2, "Bo", "inner", "thriving", 30, 0.4, 5, 5, 90.0),
    (3, "Cy", "close", "at-risk", 4, 0.1, 0, 3, 20.0),
    (4, "Di", "acquaintance", "dormant", 1, 1.0, 0, 0, 1.0),
    (5, "Ed", "acquaintance", "steady", 0, np.nan, 0, 0, 10.0),
])


def test_status_by_circle_stacks_statuses_in_their_colours():
    fig = charts.status_by_circle(SMALL)
    assert isinstance(fig, go.Figure) and fig.layout.barmode == "stack"
    names = [t.name for t in fig.data]
    assert names == ["thriving", "steady", "cooling", "at-risk", "dormant"]  # STATUSES order, empty ones left out
    assert all(t.marker.color == theme.STATUS_COLOURS[t.name] for t in fig.data)
    cooling = next(t for t in fig.data if t.name == "cooling")
    assert dict(zip(cooling.y, cooling.x)) == {"inner": 1, "close": 0, "acquaintance": 0}
    assert fig.layout.title.text == "2 of your 3 inner and close ties are cooling or at risk"


def test_status_by_circle_escapes_names_in_hover():
    fig = charts.status_by_circle(SMALL)
    hover = " ".join(str(c) for t in fig.data for c in t.customdata)
    assert EVIL not in hover and theme.safe(EVIL) in hover


@pytest.mark.parametrize("builder, frame", [
    (charts.status_by_circle, SMALL.iloc[:0]),
    (charts.reciprocity_scatter, SMALL.iloc[:0]),
    (charts.plan_figure, pd.DataFrame(columns=plan_module.PLAN_COLUMNS)),
])
def test_empty_inputs_say_so(builder, frame):
    fig = builder(frame)
    assert len(fig.data) == 0 and fig.layout.annotations[0].text


def test_reciprocity_scatter_plots_only_contacts_with_exchanges():
    fig = charts.reciprocity_scatter(SMALL)
    plotted = sum(len(t.x) for t in fig.data)
    assert plotted == 4
    assert {t.name for t in fig.data} == {"thriving", "cooling", "at-risk", "dormant"}
    names = [row[0] for t in fig.data for row in t.customdata]
    assert theme.safe(EVIL) in names and EVIL not in names
    assert fig.layout.title.text == "You start most exchanges with 1 contact, and give more than you receive with 1"


def test_reciprocity_scatter_caps_points_but_counts_everyone():
    many = _health([(k, f"P{k}", "active", "steady", k % 7 + 1, 0.1, 1, 0, 50.0) for k in range(1, 301)])
    fig = charts.reciprocity_scatter(many, max_points=100)
    assert sum(len(t.x) for t in fig.data) == 100
    assert "300 contacts" in fig.layout.title.text
    assert "100 contacts with most exchanges of 300" in fig.layout.annotations[0].text


def test_heatmap_rows_follow_the_matrix_and_escape_names():
    inter = pd.DataFrame({"contact_id": [1, 1, 1, 2, 3], "date": AS_OF - pd.to_timedelta([1, 40, 70, 5, 200], "D")})
    matrix = health.monthly_interactions(inter, as_of=AS_OF, months=12)
    fig = charts.interaction_heatmap(matrix, SMALL["full_name"])
    (trace,) = fig.data
    assert isinstance(trace, go.Heatmap)
    assert list(trace.y) == [theme.safe(EVIL), "Bo", "Cy"]
    assert np.asarray(trace.z).sum() == 5 and len(trace.x) == 13
    assert fig.layout.title.text.startswith(theme.safe(EVIL) + " leads with 3 exchanges")


def test_heatmap_disambiguates_duplicate_names():
    inter = pd.DataFrame({"contact_id": [1, 2], "date": [AS_OF, AS_OF]})
    names = pd.Series({1: "Sam", 2: "Sam"})
    fig = charts.interaction_heatmap(health.monthly_interactions(inter, as_of=AS_OF, months=2), names)
    assert list(fig.data[0].y) == ["Sam (#1)", "Sam (#2)"]


def test_score_over_time_lines_and_finding():
    months = pd.to_datetime(["2026-07-31", "2026-08-31", "2026-09-30"])
    summary = pd.DataFrame({"month": list(months) * 2, "circle": ["all"] * 3 + ["inner"] * 3,
                            "contacts": [10] * 3 + [2] * 3, "mean_score": [50.0, 45.0, 40.0, 80.0, 82.0, 84.0]})
    fig = charts.score_over_time(summary)
    assert [t.name for t in fig.data] == ["everyone", "inner"]
    assert fig.data[1].line.color == theme.CIRCLE_COLOURS["inner"]
    assert fig.layout.title.text == "Since Jul 2026, your network's average health has fallen from 50 to 40"


def test_plan_figure_is_a_table_with_a_summary_title():
    plan = pd.DataFrame({"step": [1, 2], "category": ["nurture", "give"], "action": [f"Call {EVIL}", "Share"],
                         "reason": ["r1", "r2"], "message": ["m1", "m2"], "due": [AS_OF, AS_OF]})
    fig = charts.plan_figure(plan)
    (table,) = fig.data
    assert isinstance(table, go.Table)
    assert list(table.cells.values[2]) == [f"Call {theme.safe(EVIL)}", "Share"]
    assert fig.layout.title.text == "This week: 2 actions (1 to nurture, 1 to give)"


def test_figures_on_the_demo_are_deterministic(demo_book):
    c, i, s, as_of = demo_book.contacts(), demo_book.interactions(), demo_book.settings(), demo_book.as_of()
    h = health.assess(c, i, as_of=as_of, settings=s)
    summary = health.summarise_over_time(health.health_over_time(c, i, as_of=as_of, months=12, settings=s),
                                         circles=h["circle"])
    plan = plan_module.weekly_plan(c, i, as_of=as_of, settings=s, tags=demo_book.tags(), goals=demo_book.goals(),
                              outreach=demo_book.outreach(), links=demo_book.links())
    matrix = health.monthly_interactions(i, as_of=as_of, months=12)
    builders = [lambda: charts.status_by_circle(h), lambda: charts.reciprocity_scatter(h),
                lambda: charts.score_over_time(summary), lambda: charts.plan_figure(plan),
                lambda: charts.interaction_heatmap(matrix, h["full_name"])]
    for build in builders:
        first, second = build(), build()
        assert first.to_json() == second.to_json()
        assert first.layout.template.layout.font.family == theme.FONT
        assert first.layout.title.text and any(ch.isdigit() for ch in first.layout.title.text)


def test_heatmap_months_are_categories_not_a_time_axis():
    # issue 19: "Oct 2024" labels made plotly draw a time axis ("23:59:59.9996 Dec 30, 2026") and a brick
    # reaching into a future month
    matrix = pd.DataFrame([[1, 0, 2]], index=[7], columns=pd.to_datetime(["2026-08-31", "2026-09-30", "2026-10-31"]))
    fig = charts.interaction_heatmap(matrix, pd.Series({7: "Ada"}))
    assert fig.layout.xaxis.type == "category" and list(fig.data[0].x) == ["Aug 2026", "Sep 2026", "Oct 2026"]
