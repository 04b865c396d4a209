"""Tests for workbook.figures.mapping: the expected traces, findings as titles, colours, escaping, scale."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from workbook import mapping as M
from workbook.figures import mapping as F
from workbook.figures import theme
from workbook.schema import CIRCLES

EVIL = "<img src=x onerror=alert(1)>"


def people_frame(n: int, seed: int = 0, **overrides) -> pd.DataFrame:
    """A people frame (describe_contacts' columns the figures use) without going through interactions."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "contact_id": np.arange(1, n + 1),
        "full_name": [f"Person {i}" for i in range(1, n + 1)],
        "position": rng.choice(["Engineer", "Designer", "CEO"], n),
        "company": [f"Company {k}" for k in rng.integers(0, max(n // 10, 1), n)],
        "industry": rng.choice(["Software", "Education", "Finance"], n),
        "function": rng.choice(["engineering", "design", "leadership"], n),
        "circle": rng.choice(list(CIRCLES), n, p=[0.02, 0.05, 0.13, 0.3, 0.5]),
        "tie_strength": rng.random(n).round(3),
        "tie_band": rng.choice(list(M.TIE_BANDS), n),
        "seniority": "mid", "seniority_rank": 1, "city": "Berlin",
    })
    for k, v in overrides.items():
        frame[k] = v
    return frame


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory):
    from workbook.demo import write_demo

    book = write_demo(tmp_path_factory.mktemp("figs") / "demo.sqlite")
    m = M.map_network(book.contacts(), book.interactions(), as_of=book.as_of(), tags=book.tags(),
                      links=book.links(), goals=book.goals())
    _ = m.people, m.edges, m.clusters, m.cluster_info, m.bridges, m.gaps, m.growth
    book.close()
    return m


def uses_theme(fig: go.Figure) -> bool:
    return fig.layout.template.layout.font.family == theme.FONT


# ----------------------------------------------------------------------------- circles


def test_sunburst_rings_and_colours(demo_map):
    fig = F.sunburst(demo_map.people)
    assert [t.type for t in fig.data] == ["sunburst"] and uses_theme(fig)
    s = fig.data[0]
    roots = [(i, lab) for i, lab, p in zip(s.ids, s.labels, s.parents) if p == ""]
    assert [lab.lower() for _, lab in roots] == [c for c in CIRCLES if c in set(demo_map.people["circle"])]
    colour = dict(zip(s.ids, s.marker.colors))
    assert all(colour[i] == theme.CIRCLE_COLOURS[i] for i, _ in roots)
    value = dict(zip(s.ids, s.values))
    assert sum(value[i] for i, _ in roots) == len(demo_map.people)
    # branchvalues="total": every parent equals the sum of its children
    kids = pd.DataFrame({"parent": s.parents, "value": s.values}).query("parent != ''").groupby("parent")["value"].sum()
    assert all(value[p] == v for p, v in kids.items())


@pytest.mark.parametrize("industries, title", [
    (["Tech"] * 5, "Your inner circles are all in Tech"),
    (["Tech"] * 4 + ["Health"], "Your inner circles are mostly in Tech (80%)"),
    (["Tech"] * 2 + ["Health", "Law", "Art"], "Your inner circles lean to Tech (40% of the 5 people closest to you)"),
    (["Tech", "Health", "Law", "Art", "Food"], "Your inner circles span 5 industries"),
    (["Unknown"] * 5, "Your 5 closest ties have no industry recorded"),
])
def test_sunburst_title_states_the_finding(industries, title):
    people = people_frame(5, circle="inner", industry=industries)
    assert F.sunburst(people).layout.title.text == title


def test_sunburst_folds_small_slices():
    people = people_frame(3000, seed=1)
    people["company"] = [f"Co {i}" for i in range(3000)]
    s = F.sunburst(people, max_companies=4).data[0]
    # 5 circles x (itself + 3 industries x (itself + 4 companies + "Other companies"))
    assert len(s.ids) == 5 * (1 + 3 * (1 + 4 + 1)) and "Other companies" in s.labels


def test_circle_bars_and_ties(demo_map):
    fig = F.circle_bars(demo_map.circle_summary)
    assert [t.type for t in fig.data] == ["bar", "scatter", "bar", "bar"]
    assert list(fig.data[0].marker.color) == [theme.CIRCLE_COLOURS[c] for c in CIRCLES[:4]]
    ties = F.tie_mix_bar(demo_map.tie_mix)
    assert [t.name for t in ties.data] == list(M.TIE_BANDS) and ties.layout.barmode == "stack"
    assert "%" in ties.layout.title.text


# ----------------------------------------------------------------------------- composition, diversity, growth


def test_treemap(demo_map):
    fig = F.composition_treemap(demo_map.people)
    t = fig.data[0]
    assert t.type == "treemap" and t.labels[0] == "Your network" and t.values[0] == len(demo_map.people)
    top = demo_map.people["industry"].value_counts()
    assert fig.layout.title.text.startswith(f"{top.index[0]} makes up")


def test_diversity_bars_highlight_the_gap(demo_map):
    div = M.diversity(demo_map.people)
    fig = F.diversity_bars(div, demo_map.gaps)
    assert [t.type for t in fig.data] == ["bar", "bar"]
    colours = list(fig.data[0].marker.color)
    assert colours.count(theme.HIGHLIGHT) == 1
    lowest = div.sort_values("blau").iloc[0]["dimension"]
    assert fig.data[0].y[colours.index(theme.HIGHLIGHT)] == lowest
    statuses = demo_map.gaps.drop_duplicates("need")["status"].iloc[::-1]
    assert list(fig.data[1].marker.color) == [F.NEED_COLOURS[s] for s in statuses]
    assert F.diversity_bars(div).data[0].type == "bar" and len(F.diversity_bars(div).data) == 1


@pytest.mark.parametrize("statuses, title", [
    (["missing", "covered"], "Your goals need a, and nobody in your network covers it yet"),
    (["missing", "missing"], "2 needs of your goals are gaps: a, b"),
    (["thin", "covered"], "Your network is thin on a, which your goals need"),
    (["covered", "covered"], "Your network is least diverse in seniority: 90% are mid"),
])
def test_diversity_finding_table(statuses, title):
    div = pd.DataFrame({"dimension": ["industry", "seniority"], "blau": [0.8, 0.2], "top": ["A", "mid"],
                        "top_share": [0.3, 0.9], "categories": [5, 2]})
    gaps = pd.DataFrame({"need": ["a", "b"], "status": statuses})
    assert F.diversity_finding(div, gaps) == title


def test_growth_chart(demo_map):
    fig = F.growth_chart(demo_map.growth)
    assert [t.type for t in fig.data] == ["bar", "scatter"]
    assert list(fig.data[0].y) == demo_map.growth["new_connections"].tolist()
    assert fig.layout.title.text.startswith("You added")


# ----------------------------------------------------------------------------- the network map


def test_people_graph_on_the_demo(demo_map):
    m = demo_map
    fig = F.network_map(m.people, m.edges, m.clusters, m.cluster_info, m.bridges)
    gl = [t for t in fig.data if t.type == "scattergl"]
    nodes = [t for t in gl if t.name in CIRCLES]
    assert [t.name for t in nodes] == [c for c in CIRCLES if c in set(m.people["circle"])]
    assert all(t.marker.color == theme.CIRCLE_COLOURS[t.name] for t in nodes)
    assert sorted(int(c) for t in nodes for c in t.customdata) == sorted(m.people["contact_id"])
    assert any(t.mode == "lines" for t in gl)
    assert fig.layout.title.text.startswith("Your network falls into")
    name = m.people.set_index("contact_id")["full_name"]
    t = nodes[0]
    assert name[int(t.customdata[0])] in t.hovertext[0]


def test_network_map_is_deterministic(demo_map):
    m = demo_map
    one = F.network_map(m.people, m.edges, m.clusters, m.cluster_info, m.bridges).to_json()
    two = F.network_map(m.people, m.edges, m.clusters, m.cluster_info, m.bridges).to_json()
    assert one == two


def test_aggregates_above_the_limit_and_drills_down(demo_map):
    m = demo_map
    fig = F.network_map(m.people, m.edges, m.clusters, m.cluster_info, m.bridges, max_nodes=100)
    bubbles = [t for t in fig.data if t.name == "groups"]
    assert len(bubbles) == 1 and bubbles[0].type == "scattergl"
    sizes = m.clusters["cluster"].value_counts()
    assert sorted(int(c) for c in bubbles[0].customdata) == sorted(sizes.index)
    group = int(sizes.drop(-1, errors="ignore").idxmax())
    drill = F.cluster_map(m.people, m.edges, m.clusters, group, m.cluster_info)
    shown = [int(c) for t in drill.data if t.name in CIRCLES for c in t.customdata]
    assert sorted(shown) == sorted(m.clusters.loc[m.clusters["cluster"] == group, "contact_id"])
    assert drill.layout.title.text.startswith(m.cluster_info.set_index("cluster").loc[group, "label"])


def test_big_network_is_aggregated_small_and_readable():
    n = 30_000
    people = people_frame(n, seed=3)
    rng = np.random.default_rng(3)
    a, b = rng.integers(1, n + 1, 90_000), rng.integers(1, n + 1, 90_000)
    edges = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b), "weight": 0.5, "reasons": M.SHARED_EMPLOYER})
    edges = edges.query("a != b").drop_duplicates(["a", "b"])
    clusters = pd.DataFrame({"contact_id": people["contact_id"], "cluster": (people["contact_id"] % 120).astype("int64")})
    info = M.describe_clusters(people, clusters)
    fig = F.network_map(people, edges, clusters, info)
    bubbles = [t for t in fig.data if t.name == "groups"][0]
    assert len(bubbles.x) == F.MAX_GROUPS + 1  # the 40 biggest groups and one for the rest
    assert None in list(bubbles.customdata)
    assert len(pio.to_json(fig)) < 5_000_000
    assert len(pio.to_json(F.cluster_map(people, edges, clusters, 7, info))) < 5_000_000


def test_names_are_escaped_everywhere():
    people = people_frame(12, circle="inner", industry=EVIL, company=EVIL)
    people.loc[0, "full_name"] = EVIL
    clusters = pd.DataFrame({"contact_id": people["contact_id"], "cluster": 0})
    edges = pd.DataFrame({"a": [1], "b": [2], "weight": [1.0], "reasons": [1]})
    info = M.describe_clusters(people, clusters)
    gaps = pd.DataFrame({"need": [EVIL], "status": ["missing"], "n_contacts": [0], "n_active": [0],
                         "goal": [EVIL], "n_senior": [0]})
    figs = [F.sunburst(people), F.composition_treemap(people), F.network_map(people, edges, clusters, info),
            F.network_map(people, edges, clusters, info, max_nodes=5), F.cluster_map(people, edges, clusters, 0, info),
            F.diversity_bars(M.diversity(people), gaps)]
    for fig in figs:
        text = fig.to_json()
        assert "<img" not in text and "&lt;img" in text


def test_empty_inputs_say_so():
    empty = people_frame(0)
    for fig in (F.sunburst(empty), F.composition_treemap(empty),
                F.network_map(empty, pd.DataFrame(columns=["a", "b", "weight"]), pd.DataFrame(columns=["contact_id", "cluster"]),
                              pd.DataFrame(columns=["cluster", "label", "size"])),
                F.growth_chart(pd.DataFrame(columns=["month", "new_connections", "active_ties"])),
                F.diversity_bars(pd.DataFrame())):
        assert len(fig.data) == 0 and fig.layout.annotations and uses_theme(fig)


def test_widget_state_is_plain_json(demo_map):
    """Figures reach the browser as plain JSON: Voila's widget front end leaves binary arrays undrawn."""
    import json

    m = demo_map
    figs = [F.sunburst(m.people), F.composition_treemap(m.people), F.diversity_bars(M.diversity(m.people), m.gaps),
            F.growth_chart(m.growth), F.tie_mix_bar(m.tie_mix), F.circle_bars(m.circle_summary),
            F.network_map(m.people, m.edges, m.clusters, m.cluster_info, m.bridges),
            F.network_map(m.people, m.edges, m.clusters, m.cluster_info, m.bridges, max_nodes=50),
            F.cluster_map(m.people, m.edges, m.clusters, 0, m.cluster_info)]
    for fig in figs:
        state = go.FigureWidget(fig).get_state()
        json.dumps(state["_widget_data"])
        json.dumps(state["_widget_layout"])


def test_the_network_figures_draw_what_they_are_given_and_compute_nothing(demo_map, monkeypatch):
    """figures only draw: the clusters' description comes from the caller (workbook.mapping)."""
    m = demo_map
    monkeypatch.setattr(M, "describe_clusters", lambda *a, **k: pytest.fail("a figure ran an analysis"))
    fig = F.network_map(m.people, m.edges, m.clusters, m.cluster_info, m.bridges)
    assert fig.layout.title.text
    with pytest.raises(TypeError):
        F.network_map(m.people, m.edges, m.clusters)  # the cluster description is required


# ----------------------------------------------------------------------------- issue 19: counts and missing data


def _growth(new, active):
    return pd.DataFrame({"month": pd.date_range("2025-01-01", periods=len(new), freq="MS"),
                         "new_connections": new, "active_ties": active})


@pytest.mark.parametrize("new, active", [([0, 1, 0, 2], [1, 3, 2, 3]), ([5, 40, 3, 0], [120, 80, 90, 100]),
                                         ([0, 0, 0, 0], [0, 0, 0, 0])])
def test_growth_axes_of_counts_tick_in_whole_numbers(new, active):
    from workbook.figures import mapping as charts

    fig = charts.growth_chart(_growth(new, active))
    for axis in (fig.layout.yaxis, fig.layout.yaxis2):
        assert axis.tickmode == "linear" and axis.dtick >= 1 and float(axis.dtick).is_integer()
        assert axis.tickformat == ",d"


def _unknown_people():
    return pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada", "Bo", "Cy"],
                         "circle": ["inner", "close", "acquaintance"], "industry": ["Unknown", "Unknown", "Retail"],
                         "company": ["", "Acme", ""], "function": ["Unknown"] * 3})


def test_sunburst_labels_missing_data_and_has_a_legend():
    from workbook.figures import mapping as charts

    fig = charts.sunburst(_unknown_people())
    labels = list(fig.data[0].labels)
    assert "Unknown" not in labels and "" not in labels
    assert "Industry not known yet" in labels and "Company not known yet" in labels
    legend = fig.layout.annotations[0].text
    assert "Inner" in legend and "not known yet" in legend and "Contacts page" in legend


def test_composition_draws_unknown_grey_and_says_what_fills_it():
    from workbook.figures import mapping as charts

    fig = charts.composition_treemap(_unknown_people())
    t = fig.data[0]
    at = list(t.labels).index("Industry not known yet")
    assert t.marker.colors[at] == charts.MISSING_COLOUR and "Unknown" not in list(t.labels)
    assert "Grey: not known yet (2 of 3" in fig.layout.annotations[0].text


def test_diversity_draws_no_data_as_not_known_never_zero():
    from workbook.figures import mapping as charts

    div = pd.DataFrame({"dimension": ["industry", "city"], "blau": [0.5, 0.0], "max_blau": [0.5, 0.0],
                        "categories": [2, 0], "top": ["A", "Unknown"], "top_share": [0.5, 0.0], "known": [4, 0]})
    fig = charts.diversity_bars(div)
    measured = next(t for t in fig.data if t.name.startswith("diversity"))
    missing = next(t for t in fig.data if t.name == "not known yet")
    assert "city" not in list(measured.y) and list(missing.y) == ["city"] and list(missing.x) == [1.0]
    assert "not known yet" in missing.text[0] and fig.layout.showlegend
