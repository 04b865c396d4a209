"""The measurements, one small function each, in the order the table shows them.

Every timed function receives the :class:`~benchmarks.context.Bench` and returns the operation to
time; whatever it computes before returning (shared inputs such as tie strength) is not timed. The
modules are imported inside the functions through :func:`~benchmarks.registry.need`, so a module
that is not written yet shows as ``n/a (not built)`` and the rest still runs.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .registry import MEASURES, Op, Row, at_most, need, rows, timed
from .scaling import ANALYSES

# ----------------------------------------------------------------------------- import and load


def _import_extra(bench, reports: Any) -> list[Row]:
    if not reports:
        return []
    conn, msg = reports
    expected = bench.data.manifest.get("connections_csv_rows")
    note = (f"{conn.contacts_added:,} contacts, {msg.interactions_added:,} interactions "
            f"from {msg.rows_read:,} messages")
    if expected and conn.contacts_added != expected:
        note += f" (expected {expected:,} contacts!)"
    return [Row("import: what landed", None, "", note=note, status="info",
                detail={"connections report": f"read {conn.rows_read}, added {conn.contacts_added}, "
                                              f"rejected {len(conn.rejected)}",
                        "messages report": f"read {msg.rows_read}, interactions {msg.interactions_added}, "
                                           f"skipped {msg.rows_skipped}, rejected {len(msg.rejected)}, "
                                           f"warnings {msg.warnings[:2]}"})]


@timed("import", "import LinkedIn Connections.csv + messages.csv", target=at_most(3.0, "s"), extra=_import_extra,
       note="into a fresh workbook, both files")
def import_linkedin(bench):
    import_file = need("workbook.importers", "import_file")
    need("workbook.importers.linkedin")
    from workbook.store import Workbook

    from .floors import fresh_path  # late: floors imports this module

    def setup():
        return fresh_path(bench, "import.sqlite")

    def run(path):
        book = Workbook(path)
        try:
            conn = import_file(book, bench.data.connections)
            msg = import_file(book, bench.data.messages)
        finally:
            book.close()
        return conn, msg

    return Op(run=run, setup=setup)


@rows("import-floor", "import vs pandas.read_csv of the same files", group="floor",
      names=("floor: pandas.read_csv of Connections.csv + messages.csv", "import / pandas.read_csv of the same files"))
def import_floor(bench):
    from . import floors

    return floors.import_vs_read_csv(bench)


@rows("derived-common-ground", "derived common ground: extra import time", group="floor")
def derived_common_ground(bench):
    from . import floors

    return floors.derived_common_ground(bench)


def _load_all(path: Path) -> dict[str, Any]:
    from workbook.store import Workbook

    book = Workbook(path)
    try:
        return {
            "contacts": book.contacts(), "interactions": book.interactions(), "tags": book.tags(),
            "links": book.links(), "goals": book.goals(), "outreach": book.outreach(),
            "history": book.outreach_history(), "profile": book.profile(), "settings": book.settings(),
        }
    finally:
        book.close()


@timed("load", "load the workbook's DataFrames", target=at_most(1.0, "s"),
       note="open + contacts, interactions, tags, links, goals, outreach, profile, settings; "
            "interactions from the snapshot the workbook keeps")
def load_frames(bench):
    path = bench.data.workbook
    _load_all(path)  # an earlier run, or this one, leaves the interactions snapshot (not timed)
    return lambda: _load_all(path)


@timed("load-first", "load the DataFrames with no snapshot kept", memory=False,
       note="as above, with frame_cache emptied (a workbook whose snapshot is missing): the table is read row by "
            "row and the snapshot written")
def load_first(bench):
    import sqlite3

    from workbook.store import Workbook

    from .floors import fresh_path  # late: floors imports this module

    def setup():
        path = fresh_path(bench, "load-first.sqlite")
        src = Workbook(bench.data.workbook)
        try:
            src.backup(path)
        finally:
            src.close()
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("DELETE FROM frame_cache")
        conn.close()
        return path

    return Op(run=_load_all, setup=setup)


@rows("open-after-import", "first open after an import vs a later open", group="floor",
      names=("open after an import: first open", "open after an import: a later open",
             "first open after an import / a later open"))
def open_after_import(bench):
    from . import floors

    return floors.first_open_after_import(bench)


# ----------------------------------------------------------------------------- map


@timed("map-circles", "circles + composition + diversity")
def map_circles(bench):
    map_network = need("workbook.mapping", "map_network")
    c, i, t, lk, g, as_of = bench.contacts, bench.interactions, bench.tags, bench.links, bench.goals, bench.as_of

    def run():
        m = map_network(c, i, as_of=as_of, tags=t, links=lk, goals=g)
        return m.people, m.circle_summary, m.composition, m.diversity

    return run


@timed("map-structure", "brokerage + clusters + bridges", note="from describe_contacts' people (not timed)")
def map_structure(bench):
    describe_contacts, link_contacts, find_clusters, measure_brokerage, find_bridges = need(
        "workbook.mapping", "describe_contacts", "link_contacts", "find_clusters", "measure_brokerage", "find_bridges")
    people = describe_contacts(bench.contacts, bench.interactions, as_of=bench.as_of)
    links, tags = bench.links, bench.tags

    def run():
        edges = link_contacts(people, links, tags)
        clusters = find_clusters(people, edges)
        brokerage = measure_brokerage(people, edges)
        bridges = find_bridges(people, edges, clusters)
        return edges, clusters, brokerage, bridges

    return run


def _figure_size(bench, fig: Any) -> list[Row]:
    if fig is None:
        return []
    text = fig.to_json() if hasattr(fig, "to_json") else json.dumps(fig)
    mb = len(text.encode("utf-8")) / 1e6
    n_points = 0
    for tr in getattr(fig, "data", ()):
        x = getattr(tr, "x", None)
        n_points += len(x) if x is not None else 0
    return [Row("network map figure: serialised size", mb, "MB", at_most(5.0, "MB"),
                note=f"{len(getattr(fig, 'data', ()))} traces, {n_points:,} points (plotly JSON)")]


@timed("map-figure", "network map figure", target=at_most(2.0, "s"), extra=_figure_size,
       note="from the map analysis (not timed)")
def map_figure(bench):
    mod = need("workbook.figures.mapping")
    from . import adapters

    return adapters.network_figure(mod, bench)


# ----------------------------------------------------------------------------- common ground and outreach


@timed("common-ground", "common-ground scores, all contacts", target=at_most(0.5, "s"))
def common_ground_scores(bench):
    score = need("workbook.common_ground", "score_common_ground")
    c, t, p = bench.contacts, bench.tags, bench.profile
    return lambda: score(c, t, p)


@rows("common-ground-floor", "common-ground scores vs reading the tags table", group="floor",
      names=("floor: read the tags table", "common-ground scores / reading the tags table"))
def common_ground_floor(bench):
    from . import floors

    return floors.common_ground_vs_tags(bench)


@timed("introductions", "introduction suggestions (top 50 pairs)", target=at_most(5.0, "s"))
def introductions(bench):
    suggest = need("workbook.common_ground", "suggest_introductions")
    c, t, lk = bench.contacts, bench.tags, bench.links
    return lambda: suggest(c, t, lk, top=50)


@timed("mentors", "mentor candidate ranking", target=at_most(1.0, "s"),
       note="one goal, with warm-intro routes; tie strength precomputed")
def mentors(bench):
    rank = need("workbook.outreach", "rank_mentors")
    goal, c, t, lk, ties, o = bench.goal, bench.contacts, bench.tags, bench.links, bench.ties, bench.outreach
    return lambda: rank(goal, c, t, ties, links=lk, outreach=o)


# ----------------------------------------------------------------------------- health


@timed("health", "health scores, all contacts", target=at_most(0.5, "s"))
def health_scores(bench):
    assess = need("workbook.health", "assess")
    c, i, s, as_of = bench.contacts, bench.interactions, bench.settings, bench.as_of
    return lambda: assess(c, i, as_of=as_of, settings=s)


@timed("health-24m", "health over 24 months", target=at_most(3.0, "s"))
def health_24_months(bench):
    over_time = need("workbook.health", "health_over_time")
    c, i, s, as_of = bench.contacts, bench.interactions, bench.settings, bench.as_of
    return lambda: over_time(c, i, as_of=as_of, months=24, settings=s)


@timed("weekly-plan", "weekly plan", target=at_most(1.0, "s"), note="including its health assessment")
def weekly_plan(bench):
    plan = need("workbook.plan", "weekly_plan")
    b = bench
    return lambda: plan(b.contacts, b.interactions, as_of=b.as_of, settings=b.settings, tags=b.tags, goals=b.goals,
                        outreach=b.outreach, links=b.links)


def _report_size(bench, html):
    from . import adapters

    return adapters.report_size(bench, html)


@timed("report", "HTML report", extra=_report_size, note="build_report(book) on the open workbook")
def html_report(bench):
    mod = need("workbook.report")
    from . import adapters

    return adapters.html_report(mod, bench)


# ----------------------------------------------------------------------------- baselines, app, browser


@rows("naive-health", "health scores vs a naive Python loop", group="baseline",
      names=("health scores: naive Python loop", "health scores: speed-up over naive"))
def naive_health(bench):
    from . import naive

    return naive.compare_health(bench)


@rows("naive-common-ground", "common ground vs a naive Python loop", group="baseline",
      names=("common ground: naive Python loop", "common ground: speed-up over naive"),
      note="an agreement check; its >= 50x target is retired (see the common-ground-floor rows)")
def naive_common_ground(bench):
    from . import naive

    return naive.compare_common_ground(bench)


@rows("scaling", "each analysis at a tenth of the network and at full size", group="scaling",
      names=tuple(f"scale: {MEASURES[k].title}" for k in ANALYSES))
def scaling(bench):
    from . import scaling as scale

    return scale.measure(bench)


@rows("app-interaction", "app interactions (headless, on the network)", group="app",
      names=("app: build the shell (start section)", "app: map filter change", "app: search a contact (type a name)",
             "app: log an interaction"))
def app_interactions(bench):
    from . import app

    return app.measure(bench)


@rows("voila", "Voila in Chromium: first widget, a walk through every page, kernel memory", group="browser",
      names=("Voila first request to first widget, just-started server, the demo",
             "Voila app / empty notebook, the demo", "browser: first page (Start on screen), the demo",
             "browser: Map, first open, the demo", "browser: Map's Network tab, the demo",
             "browser: Save goal, the demo", "app kernel memory after every page, the demo"))
def voila(bench):
    from . import browser

    return browser.measure(bench)

