"""Hostile data: script and markup payloads in every text field reach every view as text.

A copy of the demo workbook gets payloads in every text field a person or an import can fill
(contact names, companies, positions, industries, places, how-met, notes, LinkedIn URLs; tags of
every kind; goals; interaction notes; pipeline targets, next steps, drafts and notes; reflections;
the profile). Then:

* every top-level view of the app (each section's ``View(book)``, the importer, the shell) is
  built and exercised (tabs opened, dropdowns moved, safe buttons clicked); every
  ``widgets.HTML`` / ``HTMLMath`` value, every HTML output and every ``description`` allowed to be
  HTML is parsed: no element or attribute from a payload may exist (no ``<img onerror>``, no
  ``<script>``, no ``on*=`` handler, no ``javascript:`` link), and no payload appears unescaped;
* every figure any builder in ``workbook/figures/*`` returns while the views run (and each
  builder called directly) is serialised: in its JSON a payload's ``<`` only appears as ``&lt;``
  (plotly renders text, hover text, titles and labels as a subset of HTML, links included);
* the HTML report (``workbook/report.py``, names and initials) has no payload markup and no
  ``javascript:`` href, and only plotly's own scripts;
* CSV exports neutralise formula starts and round-trip to the exact text;
* forged widget values (a choice not among the options, an id that does not exist), written
  straight into the widget's state as a visitor's browser could, are refused in Python with a
  visible message and change nothing;
* erasing a contact removes them from every table, every later export and report, and every view.
"""
from __future__ import annotations

import datetime as dt

import csv
import functools
import html
import importlib
import inspect
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest
import traitlets

from workbook import plan as plan_module
import workbook
from workbook import schema
from workbook.store import restore_cell
from workbook.ui.common import MessageArea

# ----------------------------------------------------------------------------- payloads

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "<b onmouseover=alert(1)>hover me</b>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    "<style>*{display:none}</style><span style=\"position:fixed\">spoof</span>",
]
#: Fragments only a payload can bring: none may reach markup unescaped.
RAW = ["<img src=x", "<script>alert", "</script><script>", '<a href="javascript', "<b onmouseover",
       "<svg onload", "<iframe", "<style>*{display"]
#: Payloads that a spreadsheet would run (the CSV export must neutralise them).
FORMULAS = ["=HYPERLINK(\"http://example.com\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def payload(k: int) -> str:
    """The k-th payload, tagged with k so each field's text is unique."""
    return f"{PAYLOADS[k % len(PAYLOADS)]} #{k}"


# ----------------------------------------------------------------------------- the hostile workbook


def make_hostile(book: workbook.Workbook) -> dict[str, int]:
    """Put payloads into every text field of ``book`` (a demo copy); returns how many fields got one."""
    n = 0
    c = book.contacts()
    with book.transaction():
        for k, cid in enumerate(c["contact_id"].tolist()):
            fields = {
                "full_name": f"{payload(k)} {c.loc[k, 'full_name']}",
                "company": payload(k + 1),
                "position": payload(k + 2),
                "industry": payload(k % 3 + 3),  # few distinct values, so groupings form around them
                "location": payload(k % 4 + 4),
                "how_met": payload(k + 5),
                "notes": payload(k + 6),
            }
            if k % 5 == 0:
                fields["linkedin_url"] = "javascript:alert(1)"
            book.update_contact(cid, **fields)
            n += len(fields)
        ids = c["contact_id"].tolist()
        for kind in ("interest", "value", "goal", "skill", "community", "event"):
            shared = payload(len(kind))
            book.tag("profile", kind, shared)
            n += 1
            for cid in ids[::3]:
                book.tag(cid, kind, shared)  # shared with the profile: it becomes common ground
                n += 1
            for j, cid in enumerate(ids[1::7]):
                book.tag(cid, kind, payload(j + 11))
                n += 1
        for j, cid in enumerate(ids[::4]):
            book.log_interaction(cid, book.as_of(), "call", "mutual", note=payload(j + 13))
            n += 1
        for g in book.goals()["goal_id"].tolist():
            book.update_goal(g, title=payload(g + 17), needs=[payload(g + 18), payload(g + 19)],
                             description=payload(g + 20))
            n += 3
        gid = book.add_goal(payload(23), kind="role", needs=[payload(1), payload(4)], description=payload(24))
        n += 3
        for j, row in enumerate(book.outreach().itertuples()):
            book.set_outreach(outreach_id=row.outreach_id, stage=row.stage, next_step=payload(j + 25),
                              draft=payload(j + 26), notes=payload(j + 27), target=payload(j + 28))
            n += 4
        book.set_outreach(None, gid, "identified", target=payload(29), next_step=payload(30), draft=payload(31))
        n += 3
        prompts = set(book.reflections()["prompt_id"]) | {"start.why", "map.circles", "health.give"}
        for j, pid in enumerate(sorted(prompts)):
            book.save_reflection(pid, payload(j + 32))
            n += 1
        book.set_profile(name=payload(40), headline=payload(41), company=payload(42), position=payload(43),
                         industry=payload(44), location=payload(45), summary=payload(46),
                         linkedin_url="javascript:alert(1)")
        n += 8
        n += _loop_payloads(book, ids)
    return {"fields": n}


#: The practice loops' text columns (schema 4), each filled with a payload in every demo row.
LOOP_TEXT = {"events": ("title", "location", "goal", "notes"), "event_people": ("note",),
             "projects": ("title", "description", "basis"), "asks": ("specifics", "notes"),
             "brand_statements": ("core_values", "strengths", "audience", "goals", "statement", "pitch")}


def _loop_payloads(book: workbook.Workbook, ids: list[int]) -> int:
    n = 0
    for t, (table, columns) in enumerate(LOOP_TEXT.items()):
        for rowid, in book.conn.execute(f"SELECT id FROM {table} ORDER BY id").fetchall():
            sets = ", ".join(f"{c} = ?" for c in columns)
            book._execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                          [payload(47 + t + i + rowid) for i in range(len(columns))] + [rowid])
            n += len(columns)
    # and new rows written through the loops' own API
    eid = book.add_event(payload(3), book.as_of() + dt.timedelta(days=5), location=payload(4), goal=payload(5))
    book.plan_to_meet(eid, ids[0], note=payload(6))
    book.add_project(payload(7), payload(8), payload(9), contact_ids=ids[:2])
    book.add_ask(ids[1], "referral", "made", "the analyst role " + payload(10), asked_on=book.as_of())
    return n + 8


@pytest.fixture(scope="module")
def hostile_master(_demo_master, tmp_path_factory) -> tuple[Path, dict]:
    master = workbook.open(_demo_master, readonly=True)
    path = tmp_path_factory.mktemp("hostile") / "hostile.sqlite"
    master.backup(path)
    master.close()
    book = workbook.open(path)
    info = make_hostile(book)
    book.close()
    return path, info


@pytest.fixture
def hostile(hostile_master, tmp_path) -> workbook.Workbook:
    """A fresh copy of the hostile workbook (views may write to it)."""
    src = workbook.open(hostile_master[0], readonly=True)
    dest = tmp_path / "hostile-copy.sqlite"
    src.backup(dest)
    src.close()
    book = workbook.open(dest)
    yield book
    book.close()


# ----------------------------------------------------------------------------- finding markup


class _Markup(HTMLParser):
    """Collects what in a piece of HTML could run or spoof: elements, handlers, script links."""

    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "form"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.lower() in ("href", "src", "xlink:href"):
                self.links.append(v)
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "srcdoc") and \
                    re.sub(r"[\s\x00-\x1f]", "", v).startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={v[:30]}>")
            if tag == "img" and v == "x":
                self.problems.append("<img src=x>")
        if tag in self.DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")

    handle_startendtag = handle_starttag


def links_in(text: str) -> list[str]:
    """Every href/src attribute value of the elements in ``text``."""
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.links


def markup_problems(text: str) -> list[str]:
    """What in ``text`` (HTML) a payload turned into live markup."""
    parser = _Markup()
    parser.feed(text)
    parser.close()
    out = parser.problems
    out += [f"raw {frag!r}" for frag in RAW if frag in text]
    return out


def walk(widget: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every widget below ``widget`` (children of boxes, tabs and accordions included)."""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child, seen)


def html_of(root: Any) -> list[tuple[str, str]]:
    """(where, html) for every piece of HTML the browser would render below ``root``."""
    out = []
    for w in walk(root):
        name = type(w).__name__
        if isinstance(w, (widgets.HTML, widgets.HTMLMath)):
            out.append((name, w.value or ""))
        if getattr(w, "description_allow_html", False) and getattr(w, "description", ""):
            out.append((f"{name}.description", w.description))
        if isinstance(w, widgets.Accordion) or isinstance(w, widgets.Tab):
            out += [(f"{name}.title", t or "") for t in (w.titles or ())]  # titles are text, but cheap to check
        if isinstance(w, widgets.Output):
            for o in w.outputs:
                data = o.get("data", {}) if isinstance(o, dict) else {}
                if "text/html" in data:
                    out.append(("Output text/html", "".join(data["text/html"]) if isinstance(data["text/html"], list)
                                else data["text/html"]))
    return out


def figures_in(root: Any) -> list[dict]:
    """Figure JSON shown below ``root`` (FigureWidgets and plotly bundles in Output widgets)."""
    out = []
    for w in walk(root):
        if isinstance(w, go.FigureWidget):
            out.append(json.loads(w.to_json()))
        if isinstance(w, widgets.Output):
            for o in w.outputs:
                data = o.get("data", {}) if isinstance(o, dict) else {}
                if "application/vnd.plotly.v1+json" in data:
                    out.append(data["application/vnd.plotly.v1+json"])
    return out


def strings_of(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings_of(v, f"{path}.{k}")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from strings_of(v, f"{path}[{i}]")


def figure_problems(fig_json: dict) -> list[str]:
    """Strings in a figure where a payload's markup is not escaped (plotly would render it)."""
    bad = []
    for where, text in strings_of(fig_json):
        if where.startswith(".layout.template"):
            continue
        for frag in RAW:
            if frag in text:
                bad.append(f"{where}: {text[:80]!r}")
                break
    return bad


# ----------------------------------------------------------------------------- capturing every figure

FIGURE_MODULES = ["workbook.figures.mapping", "workbook.figures.network", "workbook.figures.common_ground",
                  "workbook.figures.outreach", "workbook.figures.health"]


def _builders() -> dict[str, Any]:
    """Every public figure builder: a function in workbook.figures.<task> that returns go.Figure."""
    out = {}
    for modname in FIGURE_MODULES:
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        for name, fn in vars(mod).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != modname:
                continue
            ret = inspect.signature(fn).return_annotation
            if "Figure" in str(ret):
                out[f"{modname.rsplit('.', 1)[-1]}.{name}"] = fn
    return out


BUILDERS = _builders()


@pytest.fixture
def captured(monkeypatch) -> dict[str, list[go.Figure]]:
    """Record every figure a builder returns while the test runs."""
    seen: dict[str, list[go.Figure]] = {}
    for key, fn in BUILDERS.items():
        modname, name = key.split(".")
        mod = importlib.import_module(f"workbook.figures.{modname}")

        def wrapper(*a, _fn=fn, _key=key, **kw):
            fig = _fn(*a, **kw)
            seen.setdefault(_key, []).append(fig)
            return fig

        monkeypatch.setattr(mod, name, functools.wraps(fn)(wrapper))
    return seen


# ----------------------------------------------------------------------------- building and driving views


def _views() -> list[tuple[str, str]]:
    from workbook.ui.app import SECTIONS
    from workbook.ui.importer import ImporterWidget

    classes = [v for s in SECTIONS for v in s.views] + [ImporterWidget]
    return list(dict.fromkeys((c.__module__, c.__name__) for c in classes))


VIEWS = _views()
VIEW_IDS = [f"{m.rsplit('.', 1)[-1]}.{c}" for m, c in VIEWS]
#: Buttons the driver may press: they read, draft or navigate (never erase, restore or switch).
SAFE_BUTTONS = re.compile(r"^(Find|Write from template|Next ›|‹ Previous|Clear filters|Close|Cancel|Keep them|"
                          r"Add to pipeline|Make this introduction|Explore the map)$")


def build(module: str, cls_name: str, book) -> Any:
    try:
        cls = getattr(importlib.import_module(module), cls_name)
    except (ImportError, AttributeError) as exc:
        pytest.skip(f"{module}.{cls_name} is not there yet ({exc})")
    kwargs = {"shell": None} if "shell" in inspect.signature(cls).parameters else {}
    return cls(book, **kwargs)


def exercise(view: Any, rounds: int = 2, options_per_widget: int = 4) -> None:
    """Open every tab, move every choice through a few of its options, press safe buttons."""
    for _ in range(rounds):
        for w in list(walk(view)):
            if isinstance(w, (widgets.Tab, widgets.Accordion)):
                for i in range(len(w.children)):
                    w.selected_index = i
            elif isinstance(w, (widgets.Dropdown, widgets.Select, widgets.ToggleButtons, widgets.RadioButtons)):
                values = [o[1] if isinstance(o, tuple) else o for o in w.options]
                for v in values[:options_per_widget] + values[-1:]:
                    if v in [o[1] if isinstance(o, tuple) else o for o in w.options]:  # options may have changed
                        w.value = v
            elif isinstance(w, widgets.Text) and not isinstance(w, widgets.Password):
                if w.placeholder and "search" in (w.placeholder + w.description).lower() or \
                        "find" in (w.description or "").lower():
                    w.value = "<img"
                    w.value = ""
            elif isinstance(w, widgets.Button) and SAFE_BUTTONS.match(w.description or "") and not w.disabled:
                w.click()


def assert_clean(view: Any, label: str) -> int:
    """No payload markup anywhere in the view; returns how many HTML pieces were checked."""
    pieces = html_of(view)
    problems = [(where, p) for where, text in pieces for p in markup_problems(text)]
    assert not problems, f"{label}: payload markup reached the page: {problems[:5]}"
    for fig in figures_in(view):
        bad = figure_problems(fig)
        assert not bad, f"{label}: unescaped payload in a figure: {bad[:5]}"
    return len(pieces)


# ----------------------------------------------------------------------------- the tests: the checks themselves


@pytest.mark.parametrize("text, dangerous", [
    ("<img src=x onerror=alert(1)>", True),
    ("&lt;img src=x onerror=alert(1)&gt;", False),
    ('<a href="javascript:alert(1)">x</a>', True),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', True),
    ('<a href="https://example.com">x</a>', False),
    ("<b onmouseover=alert(1)>x</b>", True),
    ("<b>bold is fine</b>", False),
    ("</script><script>alert(1)</script>", True),
])
def test_the_markup_detector_tells_escaped_from_live(text, dangerous):
    assert bool(markup_problems(text)) is dangerous


def test_the_hostile_workbook_holds_payloads_in_every_text_field(hostile, hostile_master):
    d = hostile.dump()
    texts = {
        "contacts": ["full_name", "company", "position", "industry", "location", "how_met", "notes", "linkedin_url"],
        "tags": ["text"], "interactions": ["note"], "goals": ["title", "needs", "description"],
        "outreach": ["target", "next_step", "draft", "notes"], "reflections": ["text"],
        "profile": ["name", "headline", "company", "position", "industry", "location", "summary", "linkedin_url"],
    }
    for table, cols in texts.items():
        for col in cols:
            values = [str(r.get(col) or "") for r in d[table]]
            assert any(any(p.split(" #")[0] in v for p in PAYLOADS) or "javascript:" in v for v in values), \
                f"{table}.{col} holds no payload"
    assert hostile_master[1]["fields"] > 1000


# ----------------------------------------------------------------------------- views


@pytest.mark.parametrize("module, cls_name", VIEWS, ids=VIEW_IDS)
def test_every_view_shows_payloads_as_text(module, cls_name, hostile, captured):
    view = build(module, cls_name, hostile)
    checked = assert_clean(view, f"{cls_name} as built")
    exercise(view)
    checked += assert_clean(view, f"{cls_name} after use")
    if hasattr(view, "refresh"):
        view.refresh()
        checked += assert_clean(view, f"{cls_name} after refresh")
    # Refusals of the driver's empty inputs are fine; a crash (an unexpected exception) is not.
    crashes = [m.text for m in walk(view) if isinstance(m, MessageArea) and "went wrong" in (m.text or "")]
    assert not crashes, f"{cls_name} failed on hostile data: {crashes}"
    assert checked > 0
    for key, figs in captured.items():
        for fig in figs:
            bad = figure_problems(json.loads(fig.to_json()))
            assert not bad, f"{key} (via {cls_name}): {bad[:5]}"


def test_the_whole_app_shows_payloads_as_text(hostile, captured):
    from workbook.ui.app import SECTION_KEYS, AppShell

    shell = AppShell(hostile)
    for key in SECTION_KEYS:
        shell.show(key)
        assert_clean(shell, f"app section {key}")
    assert "&lt;" in shell._owner.value  # the owner's name (a payload) is in the header, escaped


def test_import_reports_show_hostile_file_names_and_reasons_as_text(hostile):
    from workbook.ui.importer import ImporterWidget

    w = ImporterWidget(hostile)
    rows = "\n".join(f"{p},{p}@x,{p}" for p in PAYLOADS)  # bad emails: rejected, reason quotes the value
    w.add_files({f"{PAYLOADS[0]}.csv": f"Name,Email,Company\n{rows}\n".encode(),
                 f"{PAYLOADS[3]}.csv": b"\x89PNG\r\n\x1a\n" + b"\0" * 32})
    w.import_button.click()
    assert w.reports and w.refused
    assert "Rejected" in w.summary.value and "&lt;" in w.summary.value
    assert_clean(w, "importer report")


def test_every_figure_builder_was_checked_through_a_view(hostile, captured):
    """Build every view once; each builder must have produced a figure, all escaped."""
    for module, cls_name in VIEWS:
        try:
            view = build(module, cls_name, hostile)
        except pytest.skip.Exception:
            continue
        exercise(view, rounds=1)
    missing = sorted(set(BUILDERS) - set(captured))
    if missing:
        direct_figures(hostile, missing, captured)
    still = sorted(set(BUILDERS) - set(captured))
    assert not still, f"figure builders no test reached: {still}"
    for key, figs in captured.items():
        for fig in figs:
            bad = figure_problems(json.loads(fig.to_json()))
            assert not bad, f"{key}: {bad[:5]}"


def direct_figures(book, keys: list[str], captured: dict) -> None:
    """Call the builders the views did not reach, with inputs from the task modules."""
    from workbook import health, mapping

    contacts, inter = book.contacts(), book.interactions()
    as_of = book.as_of()
    settings = book.settings()
    calls = {}
    if any(k.startswith("health.") for k in keys):
        h = health.assess(contacts, inter, as_of=as_of, settings=settings)
        plan = plan_module.weekly_plan(contacts, inter, as_of=as_of, settings=settings, tags=book.tags(),
                                  goals=book.goals(), outreach=book.outreach(), links=book.links())
        calls["health.plan_figure"] = lambda m: m.plan_figure(plan)
        calls["health.status_by_circle"] = lambda m: m.status_by_circle(h)
        calls["health.reciprocity_scatter"] = lambda m: m.reciprocity_scatter(h)
    if any(k.startswith(("mapping.", "network.")) for k in keys):
        nm = mapping.map_network(contacts, inter, as_of=as_of, tags=book.tags(), links=book.links(),
                                 goals=book.goals())
        people = nm.people
        calls["mapping.circle_bars"] = lambda m: m.circle_bars(
            mapping.summarise_circles(mapping.circles(contacts, inter, as_of=as_of), settings.get("cadence")))
        calls["mapping.sunburst"] = lambda m: m.sunburst(people)
        calls["mapping.composition_treemap"] = lambda m: m.composition_treemap(people)
        calls["mapping.tie_mix_bar"] = lambda m: m.tie_mix_bar(mapping.mix_ties(people))
        calls["network.network_map"] = lambda m: m.network_map(people, nm.edges, nm.clusters, nm.cluster_info,
                                                                nm.bridges)
        biggest = int(nm.clusters["cluster"].value_counts().index[0])
        calls["network.cluster_map"] = lambda m: m.cluster_map(people, nm.edges, nm.clusters, biggest,
                                                                nm.cluster_info)
    for key in keys:
        mod = importlib.import_module(f"workbook.figures.{key.split('.')[0]}")
        if key in calls:
            fig = calls[key](mod)
            captured.setdefault(key, []).append(fig)


# ----------------------------------------------------------------------------- the HTML report


@pytest.mark.parametrize("initials", [False, True], ids=["names", "initials"])
def test_the_html_report_has_no_payload_markup(hostile, initials):
    from workbook.report import build_report

    page = build_report(hostile, initials=initials, include_plotlyjs=False)
    assert not [p for p in markup_problems(page) if not p.startswith("<script>")], markup_problems(page)[:5]
    links = links_in(page)
    assert not [u for u in links if re.sub(r"[\s\x00-\x1f]", "", u).startswith("javascript:")], links
    # Every <script> on the page is plotly's: chart code, no data-driven script.
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S | re.I)
    assert all("Plotly" in s or "window.PLOTLYENV" in s for s in scripts), [s[:80] for s in scripts]
    for frag in RAW:
        assert frag not in page, frag
    assert "&lt;" in page  # the payloads are there (the owner's name, goals), as text
    if initials:
        names = hostile.contacts()["full_name"].tolist()
        shown = [n for n in names if html.escape(n) in page or n in page]
        assert not shown, f"names shown although initials were asked for: {shown[:3]}"


def test_the_report_with_plotly_inlined_has_no_payload_markup(hostile):
    from workbook.report import build_report

    page = build_report(hostile)  # plotly.js inlined: the file a person would share
    for frag in RAW:
        assert frag not in page, frag
    # Only plotly's own scripts: the library, and one call per chart.
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S | re.I)
    charts = page.count('class="chart"')
    assert charts >= 1 and len(scripts) <= charts * 2 + 2, (charts, len(scripts))


# ----------------------------------------------------------------------------- CSV exports


def _formula_book(tmp_path) -> workbook.Workbook:
    book = workbook.open(tmp_path / "formulas.sqlite")
    for k, f in enumerate(FORMULAS):
        cid = book.add_contact(f"{f} name", company=f, position=f, industry=f, location=f, how_met=f,
                               notes=f"{f}\nsecond line")
        book.update_contact(cid, full_name=f)  # the whole cell is the formula
        book.tag(cid, "interest", f)
        book.log_interaction(cid, "2024-01-02", note=f)
        gid = book.add_goal(f, description=f)
        book.set_outreach(cid, gid, next_step=f, draft=f, notes=f)
        book.save_reflection(f"p{k}", f)
    book.set_profile(name=FORMULAS[0], headline=FORMULAS[1], summary=FORMULAS[2])
    return book


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_csv_exports_neutralise_every_formula_start_and_restore_exactly(tmp_path, as_zip):
    book = _formula_book(tmp_path)
    dest = book.export(tmp_path / ("out.zip" if as_zip else "out"))
    if as_zip:
        with zipfile.ZipFile(dest) as zf:
            files = {n: zf.read(n).decode("utf-8") for n in zf.namelist()}
    else:
        files = {p.name: p.read_text(encoding="utf-8") for p in dest.iterdir()}
    dump = book.dump()
    cells = 0
    for table in schema.TABLES:
        rows = list(csv.reader(io.StringIO(files[f"{table}.csv"], newline="")))
        header, body = rows[0], rows[1:]
        assert len(body) == len(dump[table])
        for row, original in zip(body, dump[table]):
            for name, cell in zip(header, row):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"{table}.{name}: {cell!r}"
                want = original[name]
                if isinstance(want, str):
                    assert restore_cell(cell) == want, f"{table}.{name}"
                    cells += cell != want
    assert cells >= 40  # the formula cells were there and were neutralised
    fresh = workbook.open(tmp_path / "fresh.sqlite")
    fresh.import_export(dest)
    assert fresh.dump() == dump


@pytest.mark.parametrize("formula", FORMULAS, ids=[repr(f)[1:8] for f in FORMULAS])
def test_re_importing_an_exported_contacts_csv_restores_the_text(tmp_path, formula):
    book = workbook.open(tmp_path / "a.sqlite")
    book.add_contact(formula + " Person", company=formula, notes=formula)
    out = book.export(tmp_path / "out")
    assert (out / "contacts.csv").read_text(encoding="utf-8").count("'" + formula.lstrip()[:1]) >= 1 or \
        formula[0] in "\t\r"
    other = workbook.open(tmp_path / "b.sqlite")
    from workbook.importers import import_file

    import_file(other, out / "contacts.csv")
    got = other.contacts().iloc[0]
    want = book.contacts().iloc[0]
    assert (got["company"], got["notes"]) == (want["company"], want["notes"])


# ----------------------------------------------------------------------------- forged widget values


def forge(widget: widgets.Widget, value: Any, name: str = "value") -> None:
    """Put a value the options do not allow into a widget and hand it to the view's handlers.

    Through the widget protocol a browser sends a selection's ``index``, which traitlets checks
    (see the test below); this is the defence behind it: were a forged or stale value to get
    past that check, the view must still refuse it in Python. The value is stored without
    validation and the view's observers are told; ipywidgets' own bookkeeping observers
    (class-level) are skipped, as they would be by a value that had passed validation.
    """
    old = widget._trait_values.get(name)
    widget._trait_values[name] = value
    change = traitlets.Bunch(name=name, old=old, new=value, owner=widget, type="change")
    for handler in list(widget._trait_notifiers.get(name, {}).get("change", [])):
        if isinstance(handler, traitlets.traitlets.ObserveHandler):
            continue
        handler(change)


NO_SUCH_ID = 987654321


def _first(view, cls, pred=lambda w: True):
    return next(w for w in walk(view) if isinstance(w, cls) and pred(w))


def _button(view, label: str) -> widgets.Button:
    return _first(view, widgets.Button, lambda b: (b.description or "").strip() == label)


def pick(dropdown_path: str, search_path: str | None = None, text: str = "a"):
    """A preparation step: choose a real contact (searching first when the list starts empty)."""

    def run(view):
        dropdown = _reach(view, dropdown_path)
        real = [o[1] for o in dropdown.options if isinstance(o, tuple) and o[1] is not None]
        if not real and search_path:
            _reach(view, search_path).value = text
            real = [o[1] for o in dropdown.options if isinstance(o, tuple) and o[1] is not None]
        assert real, f"no contact to pick in {dropdown_path}"
        dropdown.value = real[0]

    return run


def steps(*fns):
    def run(view):
        for fn in fns:
            fn(view)

    return run


def put(path: str, value: Any):
    return lambda view: setattr(_reach(view, path), "value", value)


def open_tab(path: str, index: int):
    return lambda view: setattr(_reach(view, path), "selected_index", index)


NOT_AN_OPTION = r"not one of|no longer|does not exist|must be one of|not a valid"
#: (module, view, forged widget, forged value, button pressed after (attribute path), preparation,
#:  what the message must say, the tables that must not change)
FORGERIES = [
    ("workbook.ui.mapping", "MapView", "chart", "<img src=x onerror=alert(1)>", None, None, NOT_AN_OPTION),
    ("workbook.ui.mapping", "MapView", "contact", NO_SUCH_ID, None, None, NOT_AN_OPTION),
    ("workbook.ui.mapping", "MapView", "set_circle", "emperor", "save_circle", pick("contact", "search"),
     NOT_AN_OPTION),
    ("workbook.ui.mapping", "MapView", "circle", "<b>forged</b>", None, None, NOT_AN_OPTION),
    ("workbook.ui.common_ground", "CommonGroundView", "contact", NO_SUCH_ID, None, None, NOT_AN_OPTION),
    ("workbook.ui.common_ground", "CommonGroundView", "tag_kind", "weapon", "tag_button",
     steps(pick("contact", "search"), put("tag_text", "sea kayaking")), NOT_AN_OPTION),
    ("workbook.ui.common_ground", "CommonGroundView", "interest_kind", "weapon", "find_button",
     put("interest", "sea kayaking"), NOT_AN_OPTION),
    ("workbook.ui.common_ground", "CommonGroundView", "intro", 10**6, "accept", open_tab("tabs", 3),
     NOT_AN_OPTION + "|suggestion"),
    ("workbook.ui.common_ground", "ProfileEditor", "kind", "weapon", "add_button", put("text", "sea kayaking"),
     NOT_AN_OPTION),
    *[("workbook.ui.health", "LogInteractionForm", field, bad, "submit", pick("picker.dropdown", "picker.search"),
       NOT_AN_OPTION) for field, bad in (("channel", "telepathy"), ("direction", "sideways"), ("kind", "bribe"))],
    ("workbook.ui.health", "LogInteractionForm", "picker.dropdown", NO_SUCH_ID, "submit",
     pick("picker.dropdown", "picker.search"), NOT_AN_OPTION),
    ("workbook.ui.health", "WeeklyPlanView", "size", -5, None, None, r"must be between"),
    ("workbook.ui.health", "HealthView", "cadence.picker.dropdown", NO_SUCH_ID, "cadence.save",
     pick("cadence.picker.dropdown", "cadence.picker.search"), NOT_AN_OPTION),
    ("workbook.ui.outreach", "OutreachView", "goals.kind", "<script>", "goals.save", None, NOT_AN_OPTION),
    ("workbook.ui.outreach", "OutreachView", "goals.status", "<script>", "goals.save", None, NOT_AN_OPTION),
    ("workbook.ui.outreach", "OutreachView", "goals.picker", NO_SUCH_ID, "goals.save", None, NOT_AN_OPTION),
    ("workbook.ui.outreach", "OutreachView", "candidates.list", NO_SUCH_ID, "candidates.add", None, NOT_AN_OPTION),
    ("workbook.ui.outreach", "OutreachView", "pipeline.row", NO_SUCH_ID, "pipeline.move", open_tab("tabs", 1),
     NOT_AN_OPTION),
    ("workbook.ui.outreach", "OutreachView", "pipeline.stage", "hired", "pipeline.move", open_tab("tabs", 1),
     NOT_AN_OPTION + "|cannot move"),
    ("workbook.ui.outreach", "OutreachView", "drafts.kind", "<script>", "drafts.regenerate", open_tab("tabs", 2),
     NOT_AN_OPTION),
    ("workbook.ui.outreach", "OutreachView", "drafts.row", NO_SUCH_ID, "drafts.save", open_tab("tabs", 2),
     NOT_AN_OPTION),
    ("workbook.ui.contacts", "ContactsView", "_circle", "<img src=x>", None, None, NOT_AN_OPTION),
    ("workbook.ui.contacts", "ContactsView", "_sort", "DROP TABLE contacts", None, None, NOT_AN_OPTION),
    ("workbook.ui.contacts", "ContactsView", "editor._circle", "emperor", "editor._save",
     lambda v: v.editor.load(int(v.book.contacts()["contact_id"].iloc[0])), NOT_AN_OPTION),
    ("workbook.ui.importer", "ImporterWidget", "format", "exe", "import_button",
     lambda v: v.add_files({"people.csv": b"Name,Email\nAda Lovelace,ada@example.com\n"}), NOT_AN_OPTION),
]


# Views made only of buttons and text boxes have no choice widgets to forge.
NO_CHOICES = {"WeeklyPlanView", "JournalView", "DataView", "BrandView", "OnlineView"}  # text boxes and buttons only
CHOICE_VIEWS = [(m, c) for m, c in VIEWS if c not in NO_CHOICES]


@pytest.mark.parametrize("module, cls_name", CHOICE_VIEWS,
                         ids=[i for (m, c), i in zip(VIEWS, VIEW_IDS) if c not in NO_CHOICES])
def test_out_of_range_choices_from_the_browser_are_refused_by_the_widgets(module, cls_name, hostile):
    """What a browser can send for a choice is its index: one outside the options never lands."""
    view = build(module, cls_name, hostile)
    before = hostile.dump()
    checked = 0
    for w in walk(view):
        if isinstance(w, (widgets.Dropdown, widgets.Select, widgets.ToggleButtons, widgets.RadioButtons)):
            value = w.value
            with pytest.raises(traitlets.TraitError):
                w.set_state({"index": len(w.options) + 7})
            assert w.value == value
            checked += 1
    assert hostile.dump() == before
    assert checked, f"{cls_name} has no choice widgets: list it in NO_CHOICES"


def _reach(view, path: str):
    obj = view
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


@pytest.mark.parametrize("module, cls_name, path, forged, button, prepare, expect", FORGERIES,
                         ids=[f"{c}.{p}" for _, c, p, *_ in FORGERIES])
def test_forged_widget_values_are_refused_with_a_visible_message(hostile, module, cls_name, path, forged, button,
                                                                 prepare, expect):
    view = build(module, cls_name, hostile)
    if prepare:
        prepare(view)
    widget = _reach(view, path)
    assert widget is not None, f"{cls_name} has no {path} (the forgery table needs updating)"
    messages = view.messages
    messages.clear()
    before = hostile.dump()
    forge(widget, forged)
    if button:
        b = _reach(view, button)
        assert isinstance(b, widgets.Button), f"{cls_name} has no button {button}"
        b.disabled = False  # a forged front end can press a disabled button too
        b.click()
    shown = [m for m in walk(view) if isinstance(m, MessageArea) and m.kind in ("error", "warning")]
    assert shown, f"no visible refusal for a forged {path}"
    text = " ".join(m.text for m in shown)
    assert re.search(expect, text, flags=re.I), f"the refusal is about something else: {text!r}"
    assert "went wrong" not in text, f"a forged {path} crashed the view instead of being refused: {text!r}"
    assert hostile.dump() == before, f"the forged {path} changed the workbook"
    assert_clean(view, f"{cls_name} after a forged {path}")


@pytest.mark.parametrize("content", [
    {"event": "too_large", "name": PAYLOADS[0], "size": 10**12, "total": 10**12},
    {"event": "too_large", "name": PAYLOADS[1], "size": "lots", "total": [1, 2]},
    {"event": "too_large", "name": {"nested": PAYLOADS[3]}, "size": -1},
    {"event": "something else", "name": PAYLOADS[4]},
    "not even a dict",
], ids=["huge", "sizes-not-numbers", "name-not-text", "unknown-event", "not-a-dict"])
def test_forged_upload_guard_messages_are_handled_and_escaped(hostile, content):
    """The shell's upload guard takes custom messages from the page; forged ones change nothing."""
    from workbook.ui.app import AppShell

    shell = AppShell(hostile)
    before = hostile.dump()
    shell.guard._on_msg(shell.guard, content, [])
    assert_clean(shell, "app after a forged upload-guard message")
    assert hostile.dump() == before
    if isinstance(content, dict) and content.get("event") == "too_large" and content.get("size") == 10**12:
        assert shell.messages.kind == "error" and "Nothing was imported" in shell.messages.text


# ----------------------------------------------------------------------------- erasing a contact


def test_erasing_a_contact_removes_them_from_every_table_export_report_and_view(demo_book, tmp_path):
    from workbook.report import build_report

    book = demo_book
    # The contact with the most history, so every table refers to them.
    inter = book.interactions()
    cid = int(inter["contact_id"].value_counts().index[0])
    marker = "Zebedee Erasemenow"
    book.update_contact(cid, full_name=marker, notes="secret note about Zebedee", emails="zebedee@example.com")
    book.tag(cid, "interest", "zebedee-only-interest")
    other = int(book.contacts().query("contact_id != @cid")["contact_id"].iloc[0])
    book.link(cid, other, "knows")
    if not (book.outreach()["contact_id"] == cid).any():
        book.set_outreach(cid, None, "identified", draft="Dear Zebedee")
    book.log_interaction(cid, book.as_of(), note="Zebedee lunch")
    before_export = book.export(tmp_path / "before")
    assert marker in (before_export / "workbook.json").read_text(encoding="utf-8")

    from workbook.ui.contacts import ContactEditor

    editor = ContactEditor(book)
    editor.load(cid)
    assert editor.contact_id == cid
    _button(editor, "Erase…").click()
    assert book.contacts()["contact_id"].eq(cid).any(), "erasing must ask first"
    _button(editor, "Erase for good").click()
    assert not book.contacts(include_archived=True)["contact_id"].eq(cid).any(), editor.messages.text

    d = book.dump()
    for table, rows in d.items():
        for r in rows:
            assert cid not in (r.get("contact_id"), r.get("a"), r.get("b")) or table == "imports", (table, r)
            assert "zebedee" not in json.dumps(r, default=str).lower() or table == "imports", (table, r)
    out = book.export(tmp_path / "after.zip")
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            assert "zebedee" not in zf.read(name).decode("utf-8").lower(), name
    for initials in (False, True):
        assert "zebedee" not in build_report(book, initials=initials, include_plotlyjs=False).lower()
    book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = Path(book.path).read_bytes()
    assert b"Zebedee" not in raw and b"zebedee" not in raw, "the erased text lingers in the file"
    for module, cls_name in VIEWS:
        try:
            view = build(module, cls_name, book)
        except pytest.skip.Exception:
            continue
        for where, text in html_of(view):
            assert "zebedee" not in text.lower(), f"{cls_name} still shows the erased contact ({where})"
        for w in walk(view):
            opts = getattr(w, "options", None)
            if opts:
                assert "zebedee" not in str(opts).lower(), f"{cls_name} still offers the erased contact"


def test_the_figures_in_docs_your_data_match_this_suite(hostile_master):
    """docs/your-data.md (the README's "Your data" section) quotes these numbers: keep them true."""
    import test_bad_input
    import test_fuzz_importers

    doc = (Path(__file__).resolve().parents[1] / "docs" / "your-data.md").read_text(encoding="utf-8")
    cases = test_bad_input.CASES
    refused = sum(1 for c in cases if c.refused)
    fuzz = test_fuzz_importers.EXAMPLES * len(test_fuzz_importers.SEEDS)
    quoted = {
        f"{len(cases)} malformed files ({refused} refused, {len(cases) - refused} imported": "bad-input cases",
        f"({len(cases) * 3} imports)": "bad-input runs",
        f"{fuzz} random or mutated files": "fuzz examples",
        f"{test_fuzz_importers.EXAMPLES} for each of the {len(test_fuzz_importers.SEEDS)} importers": "fuzz split",
        f"{len(PAYLOADS)} script and markup payloads put into {hostile_master[1]['fields']:,} text fields": "payloads",
        f"{len(VIEWS)} views, the app's {len(__import__('workbook.ui.app').ui.app.SECTIONS)} sections": "views",
        f"{len(BUILDERS)} chart builders": "figure builders",
        f"{len(FORMULAS)} formula starts": "formula payloads",
        f"{len(FORGERIES)} forged widget values": "forgeries",
    }
    stale = [f"{what}: expected {text!r}" for text, what in quoted.items() if text not in doc]
    assert not stale, "docs/your-data.md is out of date: " + "; ".join(stale)
