"""Outreach figures: the right traces, the shared theme, escaped names, honest titles."""
from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from workbook import outreach as O
from workbook.figures import outreach as F
from workbook.figures import theme
from workbook.schema import STAGES
from workbook.ties import measure_ties

EVIL = "<img src=x onerror=alert(1)>"


def _is_themed(fig: go.Figure) -> bool:
    return fig.layout.template.layout.font.family == theme.FONT


def _funnel(stages):
    return O.count_funnel(pd.DataFrame({"outreach_id": range(1, len(stages) + 1), "stage": stages}))


@pytest.mark.parametrize("stages, title", [
    (["identified", "researching"], "2 candidates in your pipeline; nobody contacted yet: send the first message"),
    # without history a declined row counts only as declined
    (["contacted", "replied", "met", "declined"], "2 of the 3 people you contacted replied"),
])
def test_funnel(stages, title):
    fig = F.plot_funnel(_funnel(stages))
    assert _is_themed(fig) and fig.layout.title.text == title
    trace = fig.data[0]
    assert trace.type == "funnel" and list(trace.y) == list(STAGES[:7])
    assert list(trace.marker.color) == [theme.STAGE_COLOURS[s] for s in STAGES[:7]]
    assert list(trace.x) == sorted(trace.x, reverse=True)  # reached never grows down the funnel


def test_funnel_empty():
    fig = F.plot_funnel(_funnel([]))
    assert fig.data == () and "No mentor candidates" in fig.layout.annotations[0].text


def _steps(names, dues, overdue, stages=None):
    n = len(names)
    return pd.DataFrame({"name": names, "step": ["follow-up"] * n, "title": [f"Follow up with {x}" for x in names],
                         "due": pd.to_datetime(dues), "stage": stages or ["contacted"] * n, "overdue": overdue})


def test_timeline_marks_overdue_and_escapes_names():
    fig = F.plot_timeline(_steps([EVIL, "Lee"], ["2026-01-20", "2026-02-03"], [True, False],
                                 ["met", "contacted"]), as_of="2026-02-01")
    assert fig.layout.title.text == "Next up: 1 step due within a week, 1 overdue"
    names = [y for t in fig.data for y in t.y]
    assert theme.safe(EVIL) in names and EVIL not in json.dumps(fig.to_plotly_json(), default=str)
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours == {"contacted": theme.STAGE_COLOURS["contacted"], "met": theme.STAGE_COLOURS["met"]}
    met = next(t for t in fig.data if t.name == "met")
    assert list(met.marker.symbol) == ["diamond"]
    assert _is_themed(fig)


def test_timeline_empty():
    fig = F.plot_timeline(_steps([], [], []), as_of="2026-02-01")
    assert "No next steps" in fig.layout.annotations[0].text


def _cands(n=3, closeness=(0.1, 0.8, 0.05)):
    return pd.DataFrame({"full_name": [EVIL, "Lee", "Kim"][:n], "expertise": [0.9, 0.7, 0.6][:n],
                         "closeness": list(closeness)[:n], "score": [0.6, 0.7, 0.4][:n],
                         "common_ground": [0.2, 0.5, 0.0][:n], "reachability": [0.5, 0.8, 0.1][:n],
                         "in_pipeline": [True, False, False][:n], "via": ["Dana", "", ""][:n]})


def test_fit_vs_closeness():
    fig = F.plot_fit_vs_closeness(_cands())
    assert fig.layout.title.text == "2 of your 3 best-fit candidates are weak ties: ask for an introduction"
    t = fig.data[0]
    assert list(t.x) == [0.1, 0.8, 0.05] and list(t.y) == [0.9, 0.7, 0.6]
    assert theme.safe(EVIL) in list(t.text) and EVIL not in json.dumps(fig.to_plotly_json(), default=str)
    assert list(t.marker.line.color)[0] == theme.HIGHLIGHT  # already in the pipeline
    close = F.plot_fit_vs_closeness(_cands(closeness=(0.5, 0.8, 0.9)))
    assert "already know" in close.layout.title.text


def test_fit_vs_closeness_names_only_what_fits():
    # issue 19: about ten names overlapped into unreadable text; now a name is drawn only where it has room
    many = pd.concat([_cands()] * 5, ignore_index=True).assign(score=lambda f: [i / 20 for i in range(len(f))])
    t = F.plot_fit_vs_closeness(many).data[0]
    named = [i for i, text in enumerate(t.text) if text]
    assert 0 < len(named) <= F.LABELS and len(many) - 1 in named  # the best is always named
    spots = {(t.x[i], t.y[i]) for i in named}
    assert len(spots) == len(named)  # never two names on one spot
    assert all(name for name, *_ in t.customdata)  # everyone has a hover name


@pytest.mark.parametrize("xs, ys, expected", [
    ([0.1, 0.12, 0.8], [0.5, 0.52, 0.5], [True, False, True]),
    ([0.1, 0.1, 0.1], [0.1, 0.5, 0.9], [True, True, True]),
    ([0.5] * 4, [0.5] * 4, [True, False, False, False]),
])
def test_label_room_keeps_names_apart(xs, ys, expected):
    assert F.label_room(xs, ys, [1 - i / 10 for i in range(len(xs))]) == expected


def test_low_score_dots_stay_visible():
    marker = F.plot_fit_vs_closeness(_cands()).data[0].marker
    low = marker.colorscale[0][1]
    assert low.lower() not in ("#ffffff", "#f7fbff", "white") and marker.line.color[1] != "white"


def test_fit_vs_closeness_scales_with_webgl():
    big = pd.concat([_cands()] * 400, ignore_index=True)
    fig = F.plot_fit_vs_closeness(big)
    assert fig.data[0].type == "scattergl" and fig.data[0].text is None


def test_fit_vs_closeness_empty():
    assert "Nobody in your network" in F.plot_fit_vs_closeness(_cands().iloc[:0]).layout.annotations[0].text


def test_intro_path_view():
    path = {"names": ["Dana", EVIL], "reach": 0.42, "direct": False,
            "steps": [{"relation": f"worked with {EVIL} at Acme"}]}
    fig = F.plot_intro_path(path)
    assert fig.layout.title.text == f"Ask Dana: the strongest route to {theme.safe(EVIL)} (reach 0.42)"
    assert list(fig.data[1].text) == ["You", "Dana", theme.safe(EVIL)]
    assert EVIL not in json.dumps(fig.to_plotly_json(), default=str)
    direct = F.plot_intro_path({"names": ["Lee"], "reach": 0.7, "direct": True, "steps": []})
    assert direct.layout.title.text.startswith("You know Lee directly")
    assert "No route" in F.plot_intro_path({"names": []}).layout.annotations[0].text


def test_figures_on_the_demo_are_deterministic(demo_book):
    def build():
        c, t = demo_book.contacts(), demo_book.tags()
        ties = measure_ties(c, demo_book.interactions(), as_of=demo_book.as_of())
        goal = demo_book.goals().iloc[0]
        cands = O.rank_mentors(goal, c, t, ties, links=demo_book.links(), outreach=demo_book.outreach())
        routes = O.find_intro_routes(c, demo_book.links(), ties, tags=t)
        weakest = int(cands.sort_values("closeness").iloc[0]["contact_id"])
        steps = O.follow_ups(demo_book.outreach(), demo_book.outreach_history(), as_of=demo_book.as_of(),
                             settings=demo_book.settings(), interactions=demo_book.interactions(), contacts=c)
        figs = [F.plot_funnel(O.count_funnel(demo_book.outreach(), demo_book.outreach_history())),
                F.plot_timeline(steps, as_of=demo_book.as_of()), F.plot_fit_vs_closeness(cands),
                F.plot_intro_path(O.describe_intro_path(routes, weakest, c))]
        return [f.to_json() for f in figs]

    first = build()
    assert first == build()
    assert all(json.loads(f)["layout"]["title"]["text"] for f in first)
