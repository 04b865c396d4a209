"""How the benchmark calls modules whose exact entry points were still being written.

Each adapter looks for the documented function and raises :class:`NotBuilt` when it is not there,
so the harness reports ``n/a (not built)`` rather than crashing.
"""
from __future__ import annotations

from typing import Any

from .registry import NotBuilt


def network_figure(mod: Any, bench):
    """The timed network map figure: ``network_map(people, edges, clusters, cluster_info, bridges)``,
    the map analysis (:class:`workbook.mapping.NetworkMap`) computed beforehand, untimed."""
    network_map = getattr(mod, "network_map", None)
    if network_map is None:
        raise NotBuilt("workbook.figures.mapping.network_map")
    from workbook.mapping import map_network

    m = map_network(bench.contacts, bench.interactions, as_of=bench.as_of, tags=bench.tags, links=bench.links,
                    goals=bench.goals)
    people, edges, clusters, info, bridges = m.people, m.edges, m.clusters, m.cluster_info, m.bridges
    return lambda: network_map(people, edges, clusters, info, bridges)


def html_report(mod: Any, bench):
    """The timed HTML report: ``build_report(book)`` on the open workbook (its frames cached, as in the app)."""
    build = getattr(mod, "build_report", None)
    if build is None:
        raise NotBuilt("workbook.report.build_report")
    book = bench.book
    return lambda: build(book)


def report_size(bench, html: Any) -> list:
    from .registry import Row

    if not isinstance(html, str):
        return []
    return [Row("HTML report: size", len(html.encode("utf-8")) / 1e6, "MB", note="one self-contained file")]


def map_filter_changes(view: Any):
    """[(apply, check), ...]: the map view's industry filter set to two industries, then back to any.

    ``check(before, after)`` holds when the view drew a new figure for the filter it was given.
    """
    control = getattr(view, "industry", None)
    if control is None:
        return None
    values = [v for _, v in control.options if v][:2]
    if not values:
        return None
    out = []
    for value in [*values, ""]:
        def apply(value=value):
            control.value = value

        def check(before, after, value=value):
            return after[0] != before[0] and after[1].get("industry") == value

        out.append((apply, check))
    return out


def map_chart_change(view: Any):
    """(apply, check) switching the map view to its network chart, or None."""
    chart = getattr(view, "chart", None)
    if chart is None or "network" not in [v for _, v in chart.options]:
        return None

    def apply():
        chart.value = "network"

    def check(before, after):
        return after[0] != before[0] and (getattr(view, "value", {}) or {}).get("chart") == "network"

    return apply, check


def map_state(view: Any) -> Any:
    """(identity of the figure on screen, filters in force)."""
    value = getattr(view, "value", {}) or {}
    return id(getattr(view, "current", None)), dict(value.get("filters") or {})


def map_filter_label(view: Any) -> str:
    control = getattr(view, "industry", None)
    n = len(control.options) - 1 if control is not None else 0
    return f"industry filter, 3 changes ({n} industries)"
