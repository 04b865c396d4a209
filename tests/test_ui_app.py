"""The app shell and its own screens (Start, Contacts, Journal, Data), driven headless."""
from __future__ import annotations

import io
import zipfile

import ipywidgets as widgets
import pandas as pd
import pytest
import traitlets

import workbook
from workbook.ui import app as app_module
from workbook.ui.app import STARTED_SETTING, AppShell, Section, open_app
from workbook.ui.contacts import PAGE_SIZE, ContactsView, select_rows
from workbook.ui.data import DataView
from workbook.ui.journal import JournalView, chapter_of, humanise, journal_entries, registry
from workbook.ui.start import StartView

XSS = "<img src=x onerror=alert(1)>"


# ----------------------------------------------------------------------------- shell with fake views


class FakeView(widgets.VBox):
    """A task view as the contract describes it: ``View(book)``, ``changes``, ``refresh()``, ``messages``."""

    changes = traitlets.Int(0)

    def __init__(self, book):
        super().__init__()
        self.book, self.refreshed = book, 0

    def refresh(self):
        self.refreshed += 1


class BrokenView(FakeView):
    def __init__(self, book):
        raise RuntimeError("internal detail that must not reach the page")


FAKE_SECTIONS = (
    Section("one", "One", "One", "", (FakeView, FakeView)),
    Section("two", "Two", "Two", "", (FakeView,)),
    Section("broken", "Broken", "Broken", "", (BrokenView,)),
)


@pytest.fixture
def fake_sections(monkeypatch):
    monkeypatch.setattr(app_module, "SECTIONS", FAKE_SECTIONS)
    monkeypatch.setattr(app_module, "SECTION_KEYS", tuple(s.key for s in FAKE_SECTIONS))


def test_sections_build_lazily_on_first_visit(book, fake_sections):
    shell = AppShell(book, start="one")
    assert set(shell._views) == {"one"}
    shell.show("two")
    assert set(shell._views) == {"one", "two"}
    assert shell.current == "two"
    assert "wb-nav-active" in shell._nav_buttons["two"]._dom_classes
    assert "wb-nav-active" not in shell._nav_buttons["one"]._dom_classes


def test_a_change_refreshes_views_on_screen_now_and_others_on_their_visit(book, fake_sections):
    shell = AppShell(book, start="two")
    shell.show("one")
    a, b = shell._views["one"]
    (c,) = shell._views["two"]
    a.changes += 1
    assert (a.refreshed, b.refreshed, c.refreshed) == (0, 1, 0)
    assert shell.changes == 1 and "two" in shell._stale
    shell.show("two")
    assert c.refreshed == 1 and "two" not in shell._stale


def test_a_view_that_raises_on_construction_shows_a_plain_error_and_is_logged(book, fake_sections, caplog):
    with caplog.at_level("ERROR", logger="workbook.ui.app"):
        shell = AppShell(book, start="broken")
    error = shell._bodies["broken"].children[-1]
    assert isinstance(error, app_module.ViewError)
    assert {"wb-view-error", "wb-placeholder"} <= set(error._dom_classes)
    assert "could not be shown" in error.value and "coming soon" not in error.value.lower()
    assert "internal detail" not in error.value  # the page never shows internals...
    assert "internal detail that must not reach the page" in caplog.text  # ...the log has them in full
    assert "BrokenView" in caplog.text
    assert shell.view("broken") is None


def test_the_sections_are_an_explicit_list_of_view_classes():
    from workbook.ui.cards import CardsView
    from workbook.ui.common_ground import CommonGroundView, ProfileEditor
    from workbook.ui.contacts import ContactsView
    from workbook.ui.health import HealthView, LogInteractionForm, WeeklyPlanView
    from workbook.ui.journal import JournalView
    from workbook.ui.mapping import MapView
    from workbook.ui.outreach import OutreachView
    from workbook.ui.asks import AsksView
    from workbook.ui.brand import BrandView
    from workbook.ui.events import EventsView
    from workbook.ui.online import OnlineView
    from workbook.ui.progress import ProgressView
    from workbook.ui.projects import ProjectsView

    assert [s.views for s in app_module.SECTIONS] == [
        (StartView,), (ProfileEditor,), (MapView,), (CommonGroundView, CardsView), (OutreachView,),
        (EventsView,), (ProjectsView, AsksView), (BrandView, OnlineView),
        (HealthView, LogInteractionForm), (WeeklyPlanView,), (ProgressView,), (JournalView,), (ContactsView,),
        (DataView,)]
    assert all(isinstance(v, type) and issubclass(v, widgets.Widget) for s in app_module.SECTIONS for v in s.views)


def test_the_ui_is_wired_in_code_and_never_says_coming_soon():
    from pathlib import Path

    import workbook.ui as ui_package

    for path in Path(ui_package.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "coming soon" not in text.lower(), path.name
        assert "import_module" not in text, f"{path.name} imports by name"


def test_an_unknown_section_is_refused_with_a_message(book, fake_sections):
    shell = AppShell(book, start="one")
    shell.show("<script>")
    assert shell.current == "one" and shell.messages.kind == "error"


def test_the_header_says_whose_workbook_escaped(book):
    book.set_profile(name=XSS)
    book.add_contact("Ada Lovelace")
    shell = AppShell(book)
    assert "&lt;img src=x" in shell._owner.value and "<img" not in shell._owner.value
    assert "1 contacts" in shell._stats.value
    assert "wb-badge-demo" not in shell._owner.value


def test_the_upload_guard_reports_an_oversized_file(book):
    shell = AppShell(book)
    shell.guard.refused = {"name": "export.zip", "size": 300 * 1024 * 1024, "total": 300 * 1024 * 1024}
    assert shell.messages.kind == "error"
    assert "export.zip" in shell.messages.text and "300 MB" in shell.messages.text
    assert "Nothing was imported" in shell.messages.text


def _classes(widget) -> set[str]:
    found = set(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()) or ():
        found |= _classes(child)
    for attr in ("editor", "log_form"):
        if isinstance(getattr(widget, attr, None), widgets.Widget):
            found |= _classes(getattr(widget, attr))
    return found


def test_every_documented_css_class_is_on_a_widget(book):
    from workbook.ui.app import STABLE_CLASSES

    book.add_contact("Ada Lovelace")
    shell = AppShell(book)
    for key in ("journal", "contacts", "data"):
        shell.show(key)
    contacts = shell.view("contacts")
    contacts.select(int(book.contacts()["contact_id"][0]))
    found = set()
    for key in ("start", "journal", "contacts", "data"):
        found |= _classes(shell._bodies[key])
    found |= _classes(shell)
    missing = {area: [c for c in classes if c not in found] for area, classes in STABLE_CLASSES.items()}
    assert {area: m for area, m in missing.items() if m} == {}


def test_the_shell_keeps_every_real_section_in_its_navigation(book):
    shell = AppShell(book)
    assert list(shell._nav_buttons) == ["start", "profile", "map", "common", "outreach", "events", "together",
                                        "brand", "health", "week", "progress", "journal", "contacts", "data"]


# ----------------------------------------------------------------------------- which workbook


def test_an_empty_own_workbook_shows_the_demo_until_the_person_starts(tmp_path, monkeypatch, _demo_master):
    import workbook.demo

    monkeypatch.setattr(workbook.demo, "open_demo", lambda: workbook.open(_demo_master, readonly=True))
    own = tmp_path / "mine.sqlite"
    shell = open_app(own)
    assert shell.is_demo and "wb-badge-demo" in shell._owner.value
    assert shell._switch.layout.display == ""
    shell.use_own_workbook()
    assert not shell.is_demo and shell.book.path == own
    assert shell.book.settings()[STARTED_SETTING] is True
    assert shell._switch.layout.display == "none"
    again = open_app(own)
    assert not again.is_demo  # a reload stays in their (still empty) workbook


def test_a_workbook_that_is_not_one_is_left_alone_and_explained(tmp_path, monkeypatch, _demo_master):
    import workbook.demo

    monkeypatch.setattr(workbook.demo, "open_demo", lambda: workbook.open(_demo_master, readonly=True))
    junk = tmp_path / "mine.sqlite"
    junk.write_bytes(b"not a database at all, but precious")
    shell = open_app(junk)
    assert shell.is_demo and shell.messages.kind == "error"
    assert junk.read_bytes() == b"not a database at all, but precious"


def test_a_warmed_kernel_reuses_the_workbook_it_opened(demo_path):
    app_module.warm_up(demo_path)
    warmed = app_module._WARM["own"]
    shell = open_app(demo_path)
    assert shell.book is warmed and not shell.is_demo and app_module._WARM == {}


def test_a_warmed_workbook_for_another_path_is_not_used(demo_path, tmp_path):
    other = tmp_path / "other.sqlite"
    workbook.open(demo_path, readonly=True).backup(other)
    app_module.warm_up(demo_path)
    warmed = app_module._WARM["own"]
    shell = open_app(other)
    assert shell.book is not warmed and shell.book.path == other


def test_the_demo_itself_is_marked(demo_book):
    shell = AppShell(demo_book)
    assert "wb-badge-demo" in shell._owner.value and "Sam Rivera" in shell._owner.value


# ----------------------------------------------------------------------------- real sections stay current


def test_an_exchange_logged_in_health_shows_in_map_and_week_when_visited(demo_book):
    shell = AppShell(demo_book)
    shell.show("map")
    map_view = shell.view("map")
    map_view.chart.value = "network"  # its groups are computed (and kept across refreshes)
    shell.show("week")
    shell.view("week").size.value = 10  # room for a revive step beside the loops' time-critical ones
    cid = next(step["contact_id"] for step in shell.view("week").value if step["category"] == "revive")
    shell.show("health")
    health_view, form = shell._views["health"]
    assert health_view.health.loc[cid, "status"] == "dormant"
    form.picker.select(cid)
    form.submit.click()
    assert form.messages.kind == "success", form.messages.text
    assert health_view.health.loc[cid, "days_since"] == 0  # the view on screen, at once
    assert {"map", "week"} <= shell._stale
    shell.show("map")
    assert map_view.map.people.set_index("contact_id").loc[cid, "days_since"] == 0
    map_view.select(cid)
    assert "(today)" in map_view.detail.value
    assert map_view.value["chart"] == "network" and map_view.messages.text == ""
    shell.show("week")
    assert cid not in [step["contact_id"] for step in shell.view("week").value if step["category"] == "revive"]


def test_a_write_to_other_tables_leaves_a_section_as_it_was(demo_book):
    shell = AppShell(demo_book)
    shell.show("map")
    kept = shell.view("map").map
    shell.show("journal")
    demo_book.save_reflection("map.circles", "Ada, Bo and Cy")
    shell.refresh()
    shell.show("map")
    assert shell.view("map").map is kept  # nothing the map shows changed: nothing recomputed


# ----------------------------------------------------------------------------- start


def test_start_in_the_demo_offers_to_start_empty_and_switches(tmp_path, demo_book):
    shell = AppShell(demo_book, own_path=tmp_path / "mine.sqlite", demo=True)
    start = shell.view("start")
    assert isinstance(start, StartView)
    assert "the demo" in start._welcome.value and start._empty_card.layout.display == ""
    start._empty.click()
    assert not shell.is_demo and shell.current == "profile"
    assert shell.book.path == tmp_path / "mine.sqlite"


def test_an_import_in_the_demo_lands_in_the_own_workbook(tmp_path, demo_book):
    own = tmp_path / "mine.sqlite"
    shell = AppShell(demo_book, own_path=own, demo=True)
    start = shell.view("start")
    assert start.importer is not None
    before = demo_book.counts()["contacts"]
    start.importer.add_files({"people.csv": b"Name,Email\nAda Lovelace,ada@example.com\nAlan Turing,alan@example.com\n"})
    start.importer.import_button.click()
    assert not shell.is_demo and shell.book.path == own
    assert shell.book.counts()["contacts"] == 2
    assert "2 contacts" in shell._stats.value
    # the demo was left as it was (and closed by the shell, which no longer needs it)
    assert workbook.open(demo_book.path, readonly=True).counts()["contacts"] == before


# ----------------------------------------------------------------------------- contacts


@pytest.fixture
def many(book):
    import pandas as pd

    n = 3 * PAGE_SIZE + 7
    book.add_contacts(pd.DataFrame({"full_name": [f"Person {i:03d}" for i in range(n)],
                                    "company": ["Acme" if i % 2 else "Globex" for i in range(n)]}))
    return book


def _visible(view):
    return [n.description for r, n, _ in view._row_widgets if r.layout.display != "none"]


def test_only_one_page_of_rows_is_ever_shown(many):
    view = ContactsView(many)
    assert len(view._row_widgets) == PAGE_SIZE
    assert _visible(view) == [f"Person {i:03d}" for i in range(PAGE_SIZE)]
    assert view._page_label.value == "Page 1 of 4"
    for _ in range(5):
        view._next.click()
    assert view.page == 3 and len(_visible(view)) == 7 and view._next.disabled
    view._prev.click()
    assert view.page == 2


@pytest.mark.parametrize("query, expected", [
    ("person 01", 11),
    ("ACME", 41),
    ("globex person 00", 5),
    ("nobody", 0),
])
def test_search_filters_on_every_word(many, query, expected):
    view = ContactsView(many)
    view._next.click()
    view._search.value = query
    assert view.total == expected and view.page == 0


def test_sorting_by_last_contact(demo_book):
    view = ContactsView(demo_book)
    view._sort.value = "Last in touch (most recent)"
    rows = view._rows_shown
    assert rows["last_contact"].is_monotonic_decreasing
    assert rows["last_contact"].max() == demo_book.interactions()["date"].max()


def test_select_rows_does_not_change_its_input(demo_book):
    from workbook.ui.contacts import contact_table

    table = contact_table(demo_book)
    copy = table.copy()
    select_rows(table, query="a", circle="inner", sort="Company (A to Z)")
    assert table.equals(copy)


def test_add_edit_archive_and_erase_a_contact(book):
    view = ContactsView(book)
    editor = view.editor
    view._add.click()
    editor._fields["full_name"].value = "Grace Hopper"
    editor._fields["company"].value = "Navy"
    editor._circle.value = "close"
    editor._save.click()
    (cid,) = book.contacts()["contact_id"]
    assert view.selected == cid and view.changes == 1 and view.total == 1
    editor._fields["position"].value = "Rear Admiral"
    editor._save.click()
    assert book.contact(cid)["position"] == "Rear Admiral" and book.contact(cid)["circle"] == "close"
    editor._archive.click()
    assert book.contact(cid)["archived"] == 1 and view.total == 0
    view._archived.value = True
    assert view.total == 1
    editor._archive.click()
    assert book.contact(cid)["archived"] == 0
    editor._erase.click()
    assert editor._confirm.layout.display == "" and book.counts()["contacts"] == 1  # nothing yet
    editor._confirm_no.click()
    assert book.counts()["contacts"] == 1
    editor._erase.click()
    editor._confirm_yes.click()
    assert book.counts()["contacts"] == 0 and view.selected == 0 and view.changes == 5


def test_the_table_is_rebuilt_only_when_contacts_or_exchanges_change(demo_book):
    view = ContactsView(demo_book)
    kept = view._table
    demo_book.save_reflection("map.circles", "a journal answer")
    view.refresh()
    assert view._table is kept
    cid = int(kept.sort_values("last_contact", na_position="first")["contact_id"].iloc[0])
    demo_book.log_interaction(cid, demo_book.as_of().isoformat(), "call", "mutual")  # as another tab would
    view.refresh()
    assert view._table is not kept
    assert view._table.set_index("contact_id").loc[cid, "last_contact"] == pd.Timestamp(demo_book.as_of())


@pytest.mark.parametrize("field, value, message", [
    ("full_name", "", "name must not be empty"),
    ("emails", "not an email", "is not an email address"),
    ("cadence", "weekly", "whole number of days"),
])
def test_bad_values_get_a_plain_message_and_change_nothing(book, field, value, message):
    cid = book.add_contact("Ada Lovelace")
    view = ContactsView(book)
    view.select(cid)
    widget = view.editor._cadence if field == "cadence" else view.editor._fields[field]
    widget.value = value
    view.editor._save.click()
    assert message in view.editor.messages.text and view.editor.messages.kind == "error"
    assert book.contact(cid)["full_name"] == "Ada Lovelace" and view.changes == 0


def test_logging_an_interaction(book):
    cid = book.add_contact("Ada Lovelace")
    view = ContactsView(book)
    view.select(cid)
    form = view.editor.log_form
    form._channel.value = "call"
    form._direction.value = "inbound"
    form._note.value = XSS
    form._button.click()
    row = book.interactions().iloc[-1]
    assert (row["contact_id"], row["channel"], row["direction"], row["note"]) == (cid, "call", "inbound", XSS)
    assert view.changes == 1 and "Logged a call with Ada Lovelace" in view.editor.messages.text


def test_an_edit_updates_its_row_without_rereading_every_contact(book, monkeypatch):
    import workbook.ui.contacts as contacts_module

    keep = book.add_contact("Ada Lovelace", company="Engines")
    gone = book.add_contact("Bo Li")
    view = ContactsView(book)
    monkeypatch.setattr(contacts_module, "contact_table", lambda *a, **k: pytest.fail("re-read everything"))
    view.select(keep)
    view.editor.log_form._button.click()
    view.editor._fields["company"].value = "Difference Engines"
    view.editor._save.click()
    row = view._table.set_index("contact_id").loc[keep]
    assert row["company"] == "Difference Engines" and row["last_contact"] == pd.Timestamp(book.as_of())
    view.select(gone)
    view.editor._erase.click()
    view.editor._confirm_yes.click()
    assert view._table["contact_id"].tolist() == [keep] and view.total == 1
    view._search.value = "difference"
    assert _visible(view) == ["Ada Lovelace"]


def test_a_hostile_name_stays_text_in_the_contacts_view(book):
    cid = book.add_contact(XSS, company=XSS)
    view = ContactsView(book)
    view.select(cid)
    assert view._row_widgets[0][1].description == XSS  # a button's text, never markup
    assert "<img" not in view.editor._title.value and "&lt;img" in view.editor._title.value
    view.editor._erase.click()
    assert "<img" not in view.editor._confirm_text.value


# ----------------------------------------------------------------------------- journal


@pytest.mark.parametrize("prompt_id, chapter, title", [
    ("map.missing-field", "map", "Missing field"),
    ("health.cooling", "health", "Cooling"),
    ("note.After the meetup", "note", "After the meetup"),
    ("whatever", "other", "Whatever"),
])
def test_prompt_ids_name_their_chapter(prompt_id, chapter, title):
    assert chapter_of(prompt_id) == chapter and humanise(prompt_id) == title


@pytest.mark.parametrize("module, chapter", [
    ("workbook.ui.mapping", "map"),
    ("workbook.ui.common_ground", "common"),
    ("workbook.ui.health", "health"),
])
def test_every_chapter_reads_its_questions_from_the_one_registry(module, chapter):
    import importlib

    from workbook import prompts

    chapter_prompts = importlib.import_module(module).PROMPTS
    assert chapter_prompts == prompts.of_chapter(chapter) and chapter_prompts
    assert all(text is prompts.PROMPTS[pid] for pid, text in chapter_prompts.items())  # the same strings, not copies


def test_the_journal_and_a_reflection_box_ask_the_registry_question(book):
    from workbook import prompts
    from workbook.ui.reflection import ReflectionPrompt

    assert registry() == prompts.PROMPTS
    journal = JournalView(book)
    assert list(journal._answers) == list(prompts.PROMPTS)  # every question, in the chapters' order
    for pid, text in prompts.PROMPTS.items():
        assert esc_text(text) in journal._answers[pid].question.value
    box = ReflectionPrompt(book, "map.circles", prompts.ask("map.circles"))
    assert box.question.value == journal._answers["map.circles"].question.value
    box.text.value = "Ada and Alan"  # an answer in a chapter's box is the journal's answer
    journal.refresh()
    assert journal._answers["map.circles"].text.value == "Ada and Alan"
    with pytest.raises(KeyError, match="workbook.prompts"):
        prompts.ask("map.nobody-wrote-this")


def esc_text(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_the_journal_lists_every_chapter_prompt_and_every_saved_answer(demo_book):
    demo_book.save_reflection("custom.question", "An answer from a notebook")
    entries = journal_entries(demo_book)
    ids = set(entries["prompt_id"])
    assert set(registry()) <= ids
    assert set(demo_book.reflections()["prompt_id"]) <= ids
    from workbook.ui import mapping

    assert set(mapping.PROMPTS) <= ids  # a chapter's own questions come first
    assert entries.set_index("prompt_id").loc["custom.question", "text"] == "An answer from a notebook"


def test_answering_in_the_journal_saves_at_once(book):
    view = JournalView(book)
    view.answer("map.circles", "Ada, Alan and " + XSS)
    assert book.reflection("map.circles") == "Ada, Alan and " + XSS
    assert view.changes == 1 and "1 of" in view._summary.value


def test_a_note_of_your_own(book):
    view = JournalView(book)
    view._new_title.value = "After the <b>meetup</b>"
    view._new_button.click()
    assert "note.After the <b>meetup</b>" in view._answers
    view.answer("note.After the <b>meetup</b>", "Met two people from energy.")
    assert book.reflection("note.After the <b>meetup</b>") == "Met two people from energy."
    assert "<b>meetup</b>" not in str([w.value for w in view._body.children[-1].children if hasattr(w, "value")])
    view._new_title.value = ""
    view._new_button.click()
    assert view.messages.kind == "error"


# ----------------------------------------------------------------------------- data


def test_backup_downloads_a_workbook_that_opens(demo_book, tmp_path):
    view = DataView(demo_book)
    name, data = view.backup_button.download()
    assert name.endswith(".sqlite") and view.backup_button.sent == 1
    (tmp_path / name).write_bytes(data)
    copy = workbook.open(tmp_path / name, readonly=True)
    assert copy.counts() == demo_book.counts()


def test_export_downloads_a_zip_with_one_csv_per_table(demo_book):
    name, data = DataView(demo_book).export_button.download()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert name.endswith(".zip") and "contacts.csv" in names and "workbook.json" in names


def test_export_to_a_folder_never_overwrites(book, tmp_path):
    book.add_contact("Ada Lovelace")
    view = DataView(book)
    view._folder.value = str(tmp_path / "export")
    view._folder_button.click()
    assert (tmp_path / "export" / "contacts.csv").exists()
    view._folder_button.click()
    assert view.messages.kind == "error" and "not empty" in view.messages.text
    view._folder.value = "relative/path"
    view._folder_button.click()
    assert "full path" in view.messages.text


def test_the_report_download_can_show_initials(demo_book):
    view = DataView(demo_book)
    view._initials.value = True
    assert demo_book.settings()["show_initials"] is True
    name, data = view.report_button.download()
    html = data.decode("utf-8")
    assert name.endswith(".html") and "shown by their initials" in html
    assert not any(n in html for n in demo_book.contacts()["full_name"])


def _upload(view, name, content):
    view.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                          "last_modified": __import__("datetime").datetime(2026, 1, 1)},)


@pytest.mark.parametrize("content, message", [
    (b"Name,Email\nAda,ada@example.com\n", "not a workbook backup"),
    (b"SQLite format 3\x00" + b"\x00" * 100, "cannot be restored"),
])
def test_a_bogus_backup_is_refused_and_nothing_changes(book, content, message):
    book.add_contact("Ada Lovelace")
    before = book.dump()
    view = DataView(book)
    _upload(view, "backup.sqlite", content)
    assert view.messages.kind == "error" and message in view.messages.text
    assert view._confirm.layout.display == "none"
    assert book.dump() == before


def test_restore_asks_first_keeps_a_safety_copy_and_replaces(book, demo_book, tmp_path):
    book.add_contact("Ada Lovelace")
    backup = demo_book.backup(tmp_path / "b.sqlite").read_bytes()
    view = DataView(book)
    _upload(view, "b.sqlite", backup)
    assert view._confirm.layout.display == "" and book.counts()["contacts"] == 1
    view._restore.click()
    assert book.counts() == demo_book.counts()
    assert view.changes == 1 and view.messages.kind == "success"
    safety = list(book.path.parent.glob("book.before-restore-*.sqlite"))
    assert len(safety) == 1 and workbook.open(safety[0], readonly=True).counts()["contacts"] == 1


def test_restore_from_the_demo_goes_to_the_own_workbook(tmp_path, demo_book):
    backup = demo_book.backup(tmp_path / "b.sqlite").read_bytes()
    expected = demo_book.counts()["contacts"]
    other = workbook.open(tmp_path / "shown.sqlite")
    other.add_contact("Only in the demo shown")
    shell = AppShell(other, own_path=tmp_path / "mine.sqlite", demo=True, start="data")
    view = shell.view("data")
    _upload(view, "b.sqlite", backup)
    view._restore.click()
    assert not shell.is_demo and shell.book.path == tmp_path / "mine.sqlite"
    assert shell.book.counts()["contacts"] == expected
    assert workbook.open(tmp_path / "shown.sqlite", readonly=True).counts()["contacts"] == 1
