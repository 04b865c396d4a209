"""Common-ground charts: the expected traces, escaped data, titles that state the finding."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from workbook import common_ground as cg
from workbook.figures import common_ground as charts
from workbook.schema import CIRCLES

EVIL = "<img src=x onerror=alert(1)>"


def scores(names=("Ana", "Ben", "Cy"), values=(0.5, 0.3, 0.0)) -> pd.DataFrame:
    n = len(names)
    return pd.DataFrame({
        "contact_id": np.arange(1, n + 1), "full_name": list(names), "score": list(values),
        "tags_part": [v * 0.6 for v in values], "history_part": [v * 0.4 for v in values],
        "n_shared": [2 if v else 0 for v in values], "rarest": ["beekeeping" if v else "" for v in values],
        "shared": ["beekeeping; Leeds" if v else "" for v in values],
    })


def intros(n: int = 3, names=None) -> pd.DataFrame:
    names = names or [(f"A{i}", f"B{i}") for i in range(n)]
    return pd.DataFrame({
        "a": np.arange(1, n + 1), "b": np.arange(11, 11 + n), "a_name": [a for a, _ in names],
        "b_name": [b for _, b in names], "similarity": np.linspace(0.9, 0.5, n),
        "benefit": ([1.0, 0.5, 0.0] * n)[:n], "score": np.linspace(0.9, 0.3, n), "n_shared": 2,
        "shared": "jazz; kayaking", "a_gains": "SQL", "b_gains": "", "reason": "Both: jazz.",
    })


def test_top_matches_stacks_the_two_parts_and_skips_zero_scores():
    fig = charts.top_matches(scores())
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert list(fig.data[0].y) == ["Ana", "Ben"]
    assert np.allclose(np.add(fig.data[0].x, fig.data[1].x), [0.5, 0.3])
    assert fig.layout.title.text == "Ana shares the most with you, starting with beekeeping"
    assert fig.layout.barmode == "stack"
    assert "· beekeeping<br>· Leeds" in fig.data[0].customdata[0][0]


@pytest.mark.parametrize("n", [1, 2])
def test_top_matches_shows_at_most_n(n):
    assert len(charts.top_matches(scores(), n=n).data[0].y) == n


def test_same_names_get_told_apart():
    fig = charts.top_matches(scores(names=("Sam Lee", "Sam Lee", "Cy"), values=(0.5, 0.4, 0.1)))
    assert list(fig.data[0].y) == ["Sam Lee (#1)", "Sam Lee (#2)", "Cy"]


@pytest.mark.parametrize("builder, frame", [
    (charts.top_matches, scores(values=(0.0, 0.0, 0.0))),
    (charts.interest_map, pd.DataFrame(columns=["item", "kind", "circle", "n", "share", "names"])),
    (charts.introductions, intros(0)),
])
def test_nothing_to_show_says_so_plainly(builder, frame):
    fig = builder(frame)
    assert len(fig.data) == 0 and fig.layout.annotations[0].text
    assert fig.layout.title.text


def test_data_strings_are_escaped_everywhere():
    s = scores(names=(EVIL, "Ben", "Cy")).assign(shared=[f"{EVIL}; chess", "chess", ""],
                                                  rarest=[EVIL, "chess", ""])
    fig = charts.top_matches(s)
    i = intros(2, names=[(EVIL, "Bo"), ("Cy", "Di")]).assign(shared=f"{EVIL}; jazz", a_gains=EVIL)
    fig2 = charts.introductions(i)
    m = pd.DataFrame({"item": EVIL, "kind": "interest", "circle": list(CIRCLES), "n": [1, 0, 0, 0, 0],
                      "share": 0.1, "names": [EVIL, "", "", "", ""]})
    fig3 = charts.interest_map(m)
    for f in (fig, fig2, fig3):
        text = f.to_json()
        assert "<img" not in text and "&lt;img" in text


def test_interest_map_is_items_by_circles_with_names_on_hover():
    m = pd.DataFrame({
        "item": ["chess"] * 5 + ["jazz"] * 5, "kind": "interest", "circle": list(CIRCLES) * 2,
        "n": [2, 1, 0, 0, 4, 0, 0, 1, 0, 0], "share": 0.1,
        "names": ["Ana; Ben", "Cy", "", "", "D; E; F + 1 more", "", "", "Gil", "", ""],
    })
    fig = charts.interest_map(m)
    (heat,) = fig.data
    assert heat.type == "heatmap" and list(heat.x) == list(CIRCLES) and list(heat.y) == ["chess", "jazz"]
    assert np.asarray(heat.z).tolist() == [[2, 1, 0, 0, 4], [0, 0, 1, 0, 0]]
    assert heat.customdata[0][0] == "Ana<br>Ben" and heat.customdata[0][2] == "nobody yet"
    assert fig.layout.title.text == ("\u201cchess\u201d is the interest you share most: 7 people, "
                                     "3 in your inner and close circles")


def test_introductions_colour_by_benefit_and_lead_with_the_best_pair():
    fig = charts.introductions(intros(3))
    assert sorted(t.name for t in fig.data) == sorted(["both meet a goal", "both learn something",
                                                       "similar, little to swap"])
    assert fig.layout.title.text == "Introduce A0 and B0 first: both into jazz"
    assert list(fig.layout.yaxis.categoryarray) == ["A2 and B2", "A1 and B1", "A0 and B0"]
    best = next(t for t in fig.data if t.name == "both meet a goal")
    assert best.marker.color == charts.BENEFIT_COLOURS[1.0]
    assert "SQL" in best.customdata[0][1] and best.customdata[0][2] == "nothing new"


def test_figures_use_the_shared_theme_and_are_deterministic(demo_book):
    b = demo_book
    c, t, p = b.contacts(), b.tags(), b.profile()
    circles = pd.Series("active", index=c["contact_id"])
    builders = [
        lambda: charts.top_matches(cg.score_common_ground(c, t, p)),
        lambda: charts.interest_map(cg.map_shared_interests(c, t, p, circles)),
        lambda: charts.introductions(cg.suggest_introductions(c, t, b.links(), top=10)),
    ]
    for build in builders:
        fig = build()
        assert isinstance(fig, go.Figure) and len(fig.data) > 0
        assert fig.layout.template.layout.font.family.startswith("Inter")
        assert fig.to_json() == build().to_json()
