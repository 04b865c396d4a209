"""Every chapter on the person's own workbook (issue 18): here, one made from the bundled LinkedIn sample.

The committed notebooks are executed on the demo (nbval checks them); these tests run each chapter
again, in a temporary copy, with ``WORKBOOK_DB`` naming a LinkedIn-only workbook (no tags, no goals,
old messages), and read what a person would read: no demo persona, no blank, 'nan', 'None' or raw
dict, no error, and the numbers stated match the data and the figures.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import workbook
from workbook import health, narrative, samples
from workbook.importers import import_file
from workbook.narrative import ground, relationships

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
AS_OF = "2024-10-01"  # pinned after the sample's last message, so the run is reproducible

BAD = [
    (re.compile(r"\bnan\b|\bNaN\b|<NA>|\bNaT\b", re.I), "a missing value"),
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\{|\}"), "a brace (raw dict or template text)"),
    (re.compile(r"\b0 of 0\b"), "0 of 0"),
    (re.compile(r"Empty DataFrame|Series\(\[\]"), "an empty frame"),
]


def _linkedin_book(path: Path) -> Path:
    book = workbook.open(path)
    import_file(book, samples.SAMPLES_DIR / "linkedin-export.zip")
    book.set_setting("as_of", AS_OF)
    book.close()
    return path


def _execute(name: str, folder: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)  # a copy in memory, run in a temp folder
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


@pytest.fixture(scope="module")
def linkedin(tmp_path_factory) -> dict:
    """Every chapter executed on the LinkedIn-sample workbook: {'path', 'book', 'notebooks'}."""
    folder = tmp_path_factory.mktemp("chapters")
    path = _linkedin_book(folder / "workbook.sqlite")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBOOK_DB", str(path))
        notebooks = {name: _execute(name, folder) for name in CHAPTERS}
    return {"path": path, "book": workbook.open(path, readonly=True), "notebooks": notebooks}


def _texts(nb: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """(cell, kind, text) of everything a reader sees, plotly figures' titles included."""
    out = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                out.append((i, "stream", o.text))
            elif o.output_type == "error":
                out.append((i, "error", f"{o.ename}: {o.evalue}"))
            else:
                data = o.get("data", {})
                if "text/markdown" in data:
                    out.append((i, "markdown", data["text/markdown"]))
                elif "application/vnd.plotly.v1+json" in data:
                    title = data["application/vnd.plotly.v1+json"].get("layout", {}).get("title", {})
                    out.append((i, "figure", title.get("text", "") if isinstance(title, dict) else str(title)))
                elif "text/plain" in data and "application/vnd.jupyter.widget-view+json" not in data:
                    out.append((i, "plain", data["text/plain"]))
    return out


def _markdown(nb, pattern: str) -> str:
    hits = [t for _, kind, t in _texts(nb) if kind == "markdown" and re.search(pattern, t)]
    assert hits, f"no sentence matches {pattern!r}"
    return hits[0]


def _persona() -> str:
    from workbook.demo import generate_demo

    return str(generate_demo(n_contacts=10)["profile"]["name"].iloc[0])


@pytest.mark.slow
@pytest.mark.parametrize("name", CHAPTERS)
def test_a_chapter_on_a_linkedin_only_workbook_reads_cleanly(linkedin, name):
    texts = _texts(linkedin["notebooks"][name])
    errors = [f"cell {i}: {t}" for i, kind, t in texts if kind == "error"]
    assert not errors, errors
    persona = _persona()
    contacts = set(linkedin["book"].contacts()["first_name"].astype(str))
    names = [persona] + ([persona.split()[0]] if persona.split()[0] not in contacts else [])
    for i, kind, text in texts:
        for who in names:
            assert not re.search(rf"\b{re.escape(who)}\b", text), f"cell {i} names the demo persona: {text[:200]}"
        assert narrative.DEMO_MARK not in text, f"cell {i} says this is the demo"
        if kind in ("markdown", "stream", "figure"):
            assert text.strip(), f"cell {i} shows a blank {kind}"
            for pattern, what in BAD:
                assert not pattern.search(text), f"cell {i} ({kind}) shows {what}: {text[:300]}"


@pytest.mark.slow
def test_every_chapter_says_it_reads_the_persons_own_workbook(linkedin):
    for name, nb in linkedin["notebooks"].items():
        assert "This chapter reads **your workbook**" in _markdown(nb, r"your workbook"), name


@pytest.mark.slow
def test_stated_numbers_match_the_data(linkedin):
    book = linkedin["book"]
    nbs = linkedin["notebooks"]
    n = len(book.contacts())
    holds = _markdown(nbs["00-start-here.ipynb"], r"This workbook holds")
    assert f"**{n} contacts**" in holds
    assert f"{len(book.interactions()):,} exchanges" in holds
    assert f"The map holds **{n} people**" in _markdown(nbs["01-map-your-network.ipynb"], r"The map holds")
    # The status sentence counts exactly what count_statuses counts, and adds up to every tie.
    h = health.assess(book.contacts(), book.interactions(), as_of=book.as_of(), settings=book.settings())
    said = _markdown(nbs["04-chart-relationship-health.ipynb"], r"^Of your ")
    assert said == relationships.statuses(h)
    stated = [int(x.replace(",", "")) for x in re.findall(r"(\d[\d,]*) (?:thriving|steady|new|cooling|at risk|dormant)", said)]
    assert sum(stated) == len(h) == n
    assert sorted(stated) == sorted(v for v in health.count_statuses(h).values() if v)


@pytest.mark.slow
def test_sentences_agree_with_the_figures_above_them(linkedin):
    nb = linkedin["notebooks"]["02-find-common-ground.ipynb"]
    texts = _texts(nb)
    best = re.search(r"\*\*(.+?)\*\* shares the most", _markdown(nb, r"shares the most")).group(1)
    titles = [t for _, kind, t in texts if kind == "figure" and "shares the most" in t]
    assert titles and titles[0].startswith(best)
    nb = linkedin["notebooks"]["01-map-your-network.ipynb"]
    group = re.search(r"the biggest is \*\*(.+?)\*\* with .* \((\d+%)\)", _markdown(nb, r"falls into"))
    titles = [t for _, kind, t in _texts(nb) if kind == "figure" and "falls into" in t]
    assert titles and group.group(1) in titles[0] and group.group(2) in titles[0]


@pytest.mark.slow
def test_the_sparse_workbook_says_what_is_missing_and_what_would_fill_it(linkedin):
    nbs = linkedin["notebooks"]
    assert "no goals" in _markdown(nbs["00-start-here.ipynb"], r"This workbook holds")
    assert "You have no goals in the workbook yet" in _markdown(nbs["01-map-your-network.ipynb"], r"gaps against")
    assert "a LinkedIn export brings none" in _markdown(nbs["02-find-common-ground.ipynb"], r"Your workbook holds")
    assert "Add a goal" in _markdown(nbs["03-plan-mentor-outreach.ipynb"], r"You have no goal yet")


# ----------------------------------------------------------------------------- which workbook opens


def _fake_demo(tmp_path: Path):
    def open_fake():
        book = workbook.open(tmp_path / "demo.sqlite")
        book.set_setting("is_demo", True)
        return book
    return open_fake


@pytest.mark.parametrize("state", ["unset", "missing", "empty file", "empty workbook", "damaged"])
def test_without_data_of_ones_own_the_chapter_shows_the_demo_and_says_so(tmp_path, monkeypatch, state):
    path = tmp_path / "mine.sqlite"
    if state == "unset":
        monkeypatch.delenv("WORKBOOK_DB", raising=False)
        monkeypatch.setattr("workbook.narrative.opening.default_path", lambda: path)
    else:
        monkeypatch.setenv("WORKBOOK_DB", str(path))
    if state == "empty file":
        path.write_bytes(b"")
    elif state == "empty workbook":
        workbook.open(path).close()
    elif state == "damaged":
        path.write_bytes(b"not a workbook " * 100)
    book = narrative.open_chapter(_fake_demo(tmp_path))
    said = narrative.whose_workbook(book)
    assert narrative.is_demo(book) and said.startswith(f"> **{narrative.DEMO_MARK}.**")
    assert "workbook import" in said
    assert ("could not be opened" in said) == (state == "damaged")
    if state in ("missing", "unset"):
        assert not path.exists()  # looking never creates the person's workbook
    if state == "damaged":
        assert path.read_bytes().startswith(b"not a workbook")  # and never touches it


def test_with_data_the_chapter_opens_the_persons_workbook_from_workbook_db(tmp_path, monkeypatch):
    path = tmp_path / "mine.sqlite"
    monkeypatch.setenv("WORKBOOK_DB", str(path))
    mine = workbook.open(path)
    mine.add_contact("Ada <b>Lovelace</b>")
    mine.close()
    book = narrative.open_chapter(_fake_demo(tmp_path))
    assert book.path == path and not narrative.is_demo(book)
    said = narrative.whose_workbook(book)
    assert narrative.DEMO_MARK not in said and "1 contact," in said


@pytest.mark.parametrize("name", CHAPTERS)
def test_committed_chapters_show_the_demo_marking_and_read_the_workbook_without_edits(name):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "narrative.open_chapter(open_demo)" in code and "book = open_demo()" not in code
    assert not re.search(r"^\s*(def|class) ", code, re.M)
    shown = json.dumps([c.get("outputs", []) for c in nb["cells"]])
    assert narrative.DEMO_MARK in shown
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    persona = _persona()
    assert persona not in prose and not re.search(rf"\b{persona.split()[0]}\b", prose), "prose names the persona"


# ----------------------------------------------------------------------------- sentence functions


@pytest.mark.parametrize("value, expected", [
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ("$5 *bold* _it_", "\\$5 \\*bold\\* \\_it\\_"),
    (float("nan"), ""), (None, ""), (pd.NA, ""),
    ("two\nlines", "two lines"),
])
def test_text_from_data_is_escaped_for_markdown(value, expected):
    assert narrative.md(value) == expected


def test_a_table_never_shows_nan_or_none():
    frame = pd.DataFrame({"name": ["Ada", None], "days": [float("nan"), 3.0], "when": [pd.NaT, pd.Timestamp("2024-01-02")],
                          "n": pd.array([None, 2], dtype="Int64")})
    text = narrative.table(frame, blank="never")
    for pattern, what in BAD:
        assert not pattern.search(text), what
    assert text.count("never") == 4 and "2 Jan 2024" in text


def test_shared_values_without_values_says_what_to_add():
    items = pd.DataFrame({"kind": ["skill"], "text": ["SQL"]})
    said = ground.shared_values(pd.DataFrame(columns=["contact_id", "kind", "text"]), items)
    assert "no values or goals yet" in said
