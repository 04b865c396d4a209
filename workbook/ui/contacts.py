"""Contacts: a searchable, sortable, paginated table, and an editor to add, edit, archive,
erase a contact and log an interaction with them.

Only one page of rows (``PAGE_SIZE``) ever reaches the browser: the row widgets are made once
and their values change with the page, so 30,000 contacts cost no more to show than 25.

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> view = ContactsView(book)
>>> view.total
0
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from .. import schema
from ..store import Workbook
from ..ties import assign_circles, measure_ties
from ..session import Session
from .common import section_title, MessageArea, check_choice, contact_story, esc, guard, teaching_panel

log = logging.getLogger("workbook.ui.contacts")

PAGE_SIZE = 25
#: Sort choices: label -> (column, ascending).
SORTS: dict[str, tuple[str, bool]] = {
    "Name (A to Z)": ("sort_name", True),
    "Name (Z to A)": ("sort_name", False),
    "Company (A to Z)": ("sort_company", True),
    "Last in touch (most recent)": ("last_contact", False),
    "Last in touch (longest ago)": ("last_contact", True),
    "Connected (newest)": ("connected_on", False),
    "Recently added": ("contact_id", False),
}
CIRCLE_FILTERS = [("All circles", "")] + [(c.title(), c) for c in schema.CIRCLES]
DIRECTION_LABELS = [("I reached out", "outbound"), ("They reached out", "inbound"), ("Both, together", "mutual")]
_EDIT_FIELDS = ("full_name", "company", "position", "industry", "location", "emails", "phones", "linkedin_url",
                "how_met", "notes")
_FIELD_LABELS = {"full_name": "Name", "company": "Company", "position": "Position", "industry": "Industry",
                 "location": "Location", "emails": "Email", "phones": "Phone", "linkedin_url": "LinkedIn",
                 "how_met": "How you met", "notes": "Notes"}


def contact_table(book: Workbook, *, include_archived: bool = True) -> pd.DataFrame:
    """One row per contact with what the table shows: circle (the person's or inferred),
    last time in touch, and a lower-case ``haystack`` to search."""
    contacts = book.contacts(include_archived=include_archived)
    if contacts.empty:
        return contacts.assign(circle_shown=pd.Series(dtype=object), last_contact=pd.Series(dtype="datetime64[ns]"),
                               haystack=pd.Series(dtype=object), sort_name=pd.Series(dtype=object),
                               sort_company=pd.Series(dtype=object))[TABLE_COLUMNS]
    session = Session.of(book)
    ties = measure_ties(contacts, session.interactions(), as_of=session.as_of())
    circles = assign_circles(contacts, ties)
    ids = contacts["contact_id"].to_numpy()
    text = contacts[_SEARCHED].fillna("").astype(str)
    return contacts.assign(
        circle_shown=circles.reindex(ids).fillna("acquaintance").to_numpy(),
        last_contact=ties["last_contact"].reindex(ids).to_numpy(),
        haystack=text["full_name"].str.cat([text[c] for c in text.columns[1:]], sep=" ").str.lower(),
        sort_name=contacts["full_name"].astype(str).str.lower(),
        sort_company=contacts["company"].astype(str).str.lower().replace("", "\uffff"),
    )[TABLE_COLUMNS]


#: The columns the table keeps (one row per contact).
TABLE_COLUMNS = ["contact_id", "full_name", "company", "position", "location", "circle", "circle_shown",
                 "last_contact", "connected_on", "archived", "haystack", "sort_name", "sort_company"]
_SEARCHED = ["full_name", "company", "position", "location", "industry", "emails", "notes", "how_met"]


def table_row(contact: dict[str, Any], *, circle_shown: str = "acquaintance", last_contact: Any = None) -> pd.DataFrame:
    """One contact (as :meth:`Workbook.contact` returns it) as a row of :func:`contact_table`, so an
    edit updates the table without re-reading 30,000 contacts.

    >>> table_row({"id": 3, "full_name": "Ada Lovelace", "company": "Engines", "archived": 0})["haystack"][0]
    'ada lovelace engines'
    """
    text = {k: str(contact.get(k) or "") for k in _SEARCHED}
    haystack = " ".join(v for v in text.values() if v).lower()
    circle = contact.get("circle") or ""
    return pd.DataFrame({
        "contact_id": [int(contact["id"])], "full_name": [text["full_name"]], "company": [text["company"]],
        "position": [text["position"]], "location": [text["location"]], "circle": [circle],
        "circle_shown": [circle or circle_shown], "last_contact": [pd.to_datetime(last_contact)],
        "connected_on": [pd.to_datetime(contact.get("connected_on"))], "archived": [bool(contact.get("archived"))],
        "haystack": [haystack], "sort_name": [text["full_name"].lower()],
        "sort_company": [text["company"].lower() or "\uffff"],
    })


def select_rows(table: pd.DataFrame, *, query: str = "", circle: str = "", archived: bool = False,
                sort: str = "Name (A to Z)") -> pd.DataFrame:
    """Filter and sort the contact table (a new frame; the input is not changed).

    >>> t = pd.DataFrame({"contact_id": [1, 2], "haystack": ["ada lovelace", "alan turing"],
    ...                   "circle_shown": ["inner", "close"], "archived": [False, False],
    ...                   "sort_name": ["ada lovelace", "alan turing"]})
    >>> select_rows(t, query="TUR")["contact_id"].tolist()
    [2]
    """
    column, ascending = SORTS.get(sort, SORTS["Name (A to Z)"])
    keep = pd.Series(True, index=table.index)
    if not archived:
        keep &= ~table["archived"].astype(bool)
    if circle:
        keep &= table["circle_shown"] == circle
    for word in str(query).lower().split():
        keep &= table["haystack"].str.contains(word, regex=False)
    rows = table.loc[keep]
    if column in rows:
        rows = rows.sort_values([column, "contact_id"], ascending=[ascending, True], na_position="last",
                                kind="stable")
    return rows


def _date(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d %b %Y}"


class ContactsView(widgets.VBox):
    """The contact list and editor. Publishes ``selected`` (contact id, 0 = none) and ``changes``."""

    changes = traitlets.Int(0)
    selected = traitlets.Int(0)
    page = traitlets.Int(0)
    total = traitlets.Int(0)

    def __init__(self, book: Workbook, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self._table = pd.DataFrame()
        self._stamp: tuple | None = None  # the workbook's version self._table was built from
        self._rows_shown: pd.DataFrame = pd.DataFrame()

        tools = self._tools()
        table = self._table_box()
        pager = self._pager()
        self.editor = ContactEditor(book)
        self.editor.observe(self._on_editor_saved, "saved")
        left = widgets.VBox([self._count, table, pager])
        left.add_class("wb-card")
        left.add_class("wb-contacts-list")
        main = widgets.HBox([left, self.editor])
        main.add_class("wb-contacts-main")

        title = section_title("Contacts", "Search, sort, add, edit, archive or erase the people in your workbook, "
                              "and log a conversation with them.")
        super().__init__([title, teaching_panel("contacts"), self.messages, tools, main], **kwargs)
        self.add_class("wb-contacts")

        for w in (self._search, self._circle, self._sort, self._archived):
            w.observe(self._on_filter, "value")
        self._prev.on_click(lambda _b: self._go(-1))
        self._next.on_click(lambda _b: self._go(+1))
        self._add.on_click(self._on_add)
        self.refresh()

    def _tools(self) -> widgets.HBox:
        """The search box, filters, sort order and "Add a contact"."""
        self._search = widgets.Text(placeholder="Search names, companies, places, notes…", continuous_update=True,
                                    layout=widgets.Layout(flex="1 1 260px", width="auto"))
        self._search.add_class("wb-contacts-search")
        self._circle = widgets.Dropdown(options=CIRCLE_FILTERS, value="", layout=widgets.Layout(width="160px"))
        self._circle.add_class("wb-contacts-circle")
        self._sort = widgets.Dropdown(options=list(SORTS), value="Name (A to Z)", layout=widgets.Layout(width="230px"))
        self._sort.add_class("wb-contacts-sort")
        self._archived = widgets.Checkbox(description="Show archived", indent=False,
                                          layout=widgets.Layout(width="auto"))
        self._archived.add_class("wb-contacts-archived")
        self._add = widgets.Button(description="Add a contact")
        self._add.add_class("wb-contacts-add")
        self._add.add_class("wb-primary")
        tools = widgets.HBox([self._search, self._circle, self._sort, self._archived, self._add])
        tools.add_class("wb-row")
        tools.add_class("wb-contacts-tools")
        return tools

    def _table_box(self) -> widgets.VBox:
        """A page of rows (made once, refilled on each draw)."""
        self._count = widgets.HTML()
        self._count.add_class("wb-contacts-count")
        header = widgets.HTML(
            '<div class="wb-contacts-row wb-contacts-header"><span>Name</span><span>Position and company</span>'
            '<span>Circle</span><span>Last in touch</span><span class="wb-contacts-col-location">Location</span></div>'
        )
        self._row_widgets: list[tuple[widgets.Box, widgets.Button, list[widgets.Label]]] = []
        for i in range(PAGE_SIZE):
            name = widgets.Button(description="", layout=widgets.Layout(width="auto"))
            name.add_class("wb-contacts-name")
            name.on_click(lambda _b, i=i: self._on_row_clicked(i))
            cells = [widgets.Label() for _ in range(4)]
            cells[3].add_class("wb-contacts-col-location")
            cells[1].add_class("wb-contacts-circle-cell")
            row = widgets.Box([name, *cells])
            row.add_class("wb-contacts-row")
            row.layout.display = "none"
            self._row_widgets.append((row, name, cells))
        self._empty = widgets.HTML()
        self._empty.add_class("wb-contacts-empty")
        table = widgets.VBox([header, *(r for r, _, _ in self._row_widgets), self._empty])
        table.add_class("wb-contacts-table")
        return table

    def _pager(self) -> widgets.HBox:
        """Previous and next page."""
        self._prev = widgets.Button(description="‹ Previous")
        self._prev.add_class("wb-contacts-prev")
        self._next = widgets.Button(description="Next ›")
        self._next.add_class("wb-contacts-next")
        self._page_label = widgets.Label()
        self._page_label.add_class("wb-contacts-page")
        pager = widgets.HBox([self._prev, self._page_label, self._next])
        pager.add_class("wb-row")
        pager.add_class("wb-contacts-pager")
        return pager

    # -- public --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the workbook and redraw the page (keeping search, sort and page). The table is
        rebuilt only when the contacts, exchanges or settings changed since it was (seconds' worth
        of work at 30,000 contacts; an edit here patches its own row and changes the version)."""
        book = self.book
        stamp = (book.version("contacts", "interactions", "settings"), Session.of(book).as_of())  # taken before reading
        if stamp != self._stamp:
            self._table = contact_table(book, include_archived=True)
            self._stamp = stamp
        self._draw()
        if self.selected and not (self._table["contact_id"] == self.selected).any():
            self.selected = 0
        self.editor.book = self.book
        self.editor.load(self.selected or None)

    def select(self, contact_id: int) -> None:
        """Open a contact in the editor."""
        self.selected = int(contact_id)
        self.editor.load(self.selected)

    # -- drawing -------------------------------------------------------------------------------------

    def _rows(self) -> pd.DataFrame:
        circle = check_choice(self._circle.value, CIRCLE_FILTERS, "circle")
        sort = check_choice(self._sort.value, list(SORTS), "sort order")
        query = str(self._search.value)[:200]
        return select_rows(self._table, query=query, circle=circle, archived=bool(self._archived.value), sort=sort)

    def _draw(self) -> None:
        rows = self._rows()
        self.total = len(rows)
        pages = max(1, -(-self.total // PAGE_SIZE))
        self.page = min(max(self.page, 0), pages - 1)
        start = self.page * PAGE_SIZE
        shown = rows.iloc[start:start + PAGE_SIZE]
        self._rows_shown = shown
        records = shown[["contact_id", "full_name", "position", "company", "circle_shown", "circle",
                         "last_contact", "location", "archived"]].to_dict("records")
        for i, (row, name, cells) in enumerate(self._row_widgets):
            if i < len(records):
                r = records[i]
                name.description = str(r["full_name"])
                name.tooltip = f"Open {r['full_name']}"
                role = " at ".join(p for p in (str(r["position"]), str(r["company"])) if p)
                circle = str(r["circle_shown"]).title() + (" (you)" if r["circle"] else "")
                cells[0].value = role
                cells[1].value = circle
                cells[2].value = _date(r["last_contact"]) or "Never"
                cells[3].value = str(r["location"])
                (row.add_class if r["archived"] else row.remove_class)("wb-contacts-archived-row")
                (row.add_class if r["contact_id"] == self.selected else row.remove_class)("wb-contacts-selected")
                row.layout.display = ""
            else:
                row.layout.display = "none"
        everyone = int((~self._table["archived"].astype(bool)).sum()) if len(self._table) else 0
        if self.total:
            self._count.value = (f'<span class="wb-muted">Showing {start + 1:,}–{start + len(shown):,} of '
                                 f'{self.total:,} ({everyone:,} contacts in the workbook)</span>')
            self._empty.value = ""
        else:
            self._count.value = f'<span class="wb-muted">{everyone:,} contacts in the workbook</span>'
            self._empty.value = ('<p class="wb-muted">Nobody matches. Try fewer words, another circle, '
                                 'or “Show archived”.</p>' if everyone else
                                 '<p class="wb-muted">No contacts yet. Import your LinkedIn export on the Start '
                                 'page, or add someone here.</p>')
        self._page_label.value = f"Page {self.page + 1} of {pages}"
        self._prev.disabled = self.page == 0
        self._next.disabled = self.page >= pages - 1

    # -- handlers ------------------------------------------------------------------------------------

    @guard()
    def _on_filter(self, _change: dict) -> None:
        self.page = 0
        self._draw()

    @guard()
    def _go(self, step: int) -> None:
        self.page += step
        self._draw()

    @guard()
    def _on_row_clicked(self, i: int) -> None:
        if i >= len(self._rows_shown):
            raise ValueError("That row is empty.")
        self.select(int(self._rows_shown.iloc[i]["contact_id"]))
        self.messages.clear()
        self._draw()

    @guard()
    def _on_add(self, _button) -> None:
        self.selected = 0
        self.editor.load(None, new=True)
        self._draw()

    def _on_editor_saved(self, change: dict) -> None:
        self.selected = self.editor.contact_id or 0
        self._patch(self.editor.last_action, self.editor.last_id, self.editor.last_date)
        self._draw()
        self.changes += 1

    def _patch(self, action: str, cid: int | None, when: Any = None) -> None:
        """Update the one row an edit touched (re-reading every contact would take seconds at 30,000).
        Inferred circles catch up at the next full refresh."""
        if cid is None:
            return
        table = self._table
        old = table.loc[table["contact_id"] == cid]
        rest = table.loc[table["contact_id"] != cid]
        if action == "erased":
            self._table = rest.reset_index(drop=True)
            return
        last = old["last_contact"].iloc[0] if len(old) else None
        if action == "logged" and when is not None:
            when = pd.Timestamp(when)
            last = when if last is None or pd.isna(last) or when > last else last
        shown = old["circle_shown"].iloc[0] if len(old) else "acquaintance"
        row = table_row(self.book.contact(cid), circle_shown=shown, last_contact=last)
        frames = [f for f in (rest, row) if len(f)]
        self._table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else row


class ContactEditor(widgets.VBox):
    """Edit one contact (or add one); archive, erase (with confirmation), log an interaction.

    ``saved`` increments after every write; ``last_action`` says which (added, saved, archived,
    restored, erased, logged).
    """

    saved = traitlets.Int(0)

    def __init__(self, book: Workbook, **kwargs: Any):
        self.book = book
        self.contact_id: int | None = None
        self.last_action = ""
        self.last_id: int | None = None
        self.last_date: Any = None
        self.messages = MessageArea()
        self._title = widgets.HTML()
        self._title.add_class("wb-contact-title")
        self._fields: dict[str, widgets.Widget] = {}
        for key in _EDIT_FIELDS:
            if key == "notes":
                w = widgets.Textarea(rows=3)
            else:
                w = widgets.Text()
            w.description = _FIELD_LABELS[key]
            w.layout = widgets.Layout(width="100%")
            w.style.description_width = "96px"
            w.add_class(f"wb-contact-field-{key.replace('_', '-')}")
            self._fields[key] = w
        self._circle = widgets.Dropdown(options=[("Let the workbook infer it", "")] + [(c.title(), c) for c in
                                                                                       schema.CIRCLES],
                                        description="Circle", layout=widgets.Layout(width="100%"))
        self._circle.style.description_width = "96px"
        self._circle.add_class("wb-contact-field-circle")
        self._cadence = widgets.Text(description="Keep in touch", placeholder="days (blank: the circle's default)",
                                     layout=widgets.Layout(width="100%"))
        self._cadence.style.description_width = "96px"
        self._cadence.add_class("wb-contact-field-cadence")

        actions = self._actions()
        self._confirm = self._erase_confirmation()
        self.log_form = LogForm(book)
        self.log_form.observe(self._on_logged, "logged")
        self._form = widgets.VBox([*self._fields.values(), self._circle, self._cadence, actions, self._confirm,
                                   self.log_form])
        self._hint = widgets.HTML('<p class="wb-muted">Choose a person in the list to see and edit their details, '
                                  'log a conversation, archive or erase them; or add someone new.</p>')
        self._story = widgets.HTML()  # tags, pipeline stage and history of the contact shown
        self._story.add_class("wb-contact-story-box")
        super().__init__([self._title, self.messages, self._hint, self._story, self._form], **kwargs)
        self.add_class("wb-card")
        self.add_class("wb-contact-editor")

        self._save.on_click(self._on_save)
        self._archive.on_click(self._on_archive)
        self._erase.on_click(self._on_erase)
        self._confirm_yes.on_click(self._on_erase_confirmed)
        self._confirm_no.on_click(self._on_erase_cancelled)
        self._close.on_click(lambda _b: self.load(None))
        self.load(None)

    def _actions(self) -> widgets.HBox:
        """Save, archive, erase (asks first) and close."""
        self._save = widgets.Button(description="Save")
        self._save.add_class("wb-contact-save")
        self._save.add_class("wb-primary")
        self._archive = widgets.Button(description="Archive")
        self._archive.add_class("wb-contact-archive")
        self._erase = widgets.Button(description="Erase…")
        self._erase.add_class("wb-contact-erase")
        self._erase.add_class("wb-danger")
        self._close = widgets.Button(description="Close")
        self._close.add_class("wb-contact-close")
        actions = widgets.HBox([self._save, self._archive, self._erase, self._close])
        actions.add_class("wb-row")
        return actions

    def _erase_confirmation(self) -> widgets.VBox:
        """The "erase for good?" question, hidden until asked."""
        self._confirm_text = widgets.HTML()
        self._confirm_yes = widgets.Button(description="Erase for good")
        self._confirm_yes.add_class("wb-contact-erase-confirm")
        self._confirm_yes.add_class("wb-danger")
        self._confirm_yes.add_class("wb-confirm")
        self._confirm_no = widgets.Button(description="Keep them")
        self._confirm_no.add_class("wb-contact-erase-cancel")
        self._confirm = widgets.VBox([self._confirm_text, widgets.HBox([self._confirm_yes, self._confirm_no])])
        self._confirm.add_class("wb-contact-confirm")
        self._confirm.layout.display = "none"
        return self._confirm

    def load(self, contact_id: int | None, *, new: bool = False) -> None:
        """Show a contact (or an empty form for a new one, or the hint when neither)."""
        self._confirm.layout.display = "none"
        self.log_form.book = self.book
        if contact_id:
            c = self.book.contact(contact_id)
            self.contact_id = int(contact_id)
            for key, w in self._fields.items():
                w.value = str(c.get(key) or "")
            self._circle.value = c.get("circle") or ""
            self._cadence.value = "" if c.get("cadence_days") is None else str(c["cadence_days"])
            archived = bool(c.get("archived"))
            self._title.value = (f'<h3 class="wb-card-title">{esc(c["full_name"])}'
                                 f'{" <span class=wb-badge>archived</span>" if archived else ""}</h3>')
            self._archive.description = "Restore" if archived else "Archive"
            self._story.value = contact_story(self.book, self.contact_id)
            self._story.layout.display = ""
            self._archive.layout.display = self._erase.layout.display = ""
            self.log_form.contact_id = self.contact_id
            self.log_form.layout.display = ""
            self._form.layout.display = ""
            self._hint.layout.display = "none"
            # What the form showed: Save writes only what the person changed, so an import or another
            # tab that updated other fields meanwhile is never overwritten with these older values.
            self._loaded = self._values()
        elif new:
            self.contact_id = None
            for w in self._fields.values():
                w.value = ""
            self._circle.value, self._cadence.value = "", ""
            self._title.value = '<h3 class="wb-card-title">Add a contact</h3>'
            self._story.layout.display = "none"
            self._archive.layout.display = self._erase.layout.display = "none"
            self.log_form.layout.display = "none"
            self._form.layout.display = ""
            self._hint.layout.display = "none"
        else:
            self.contact_id = None
            self._title.value = '<h3 class="wb-card-title">Details</h3>'
            self._story.layout.display = "none"
            self._form.layout.display = "none"
            self._hint.layout.display = ""

    def _values(self) -> dict[str, Any]:
        values = {key: str(w.value) for key, w in self._fields.items()}
        values["circle"] = check_choice(self._circle.value, [""] + list(schema.CIRCLES), "circle")
        values["cadence_days"] = str(self._cadence.value).strip() or None
        return values

    def _done(self, action: str, text: str, contact_id: int | None = None) -> None:
        self.last_action = action
        self.last_id = contact_id if contact_id is not None else self.contact_id
        self.messages.success(text)
        self.saved += 1

    @guard()
    def _on_save(self, _button) -> None:
        values = self._values()
        if self.contact_id:
            loaded = getattr(self, "_loaded", {})
            changed = {k: v for k, v in values.items() if loaded.get(k, object()) != v}
            if changed:
                self.book.update_contact(self.contact_id, **changed)
            self.load(self.contact_id)
            self._done("saved", f"Saved {values['full_name']}." if changed else "Nothing had changed.")
        else:
            self.contact_id = self.book.add_contact(source="manual", **values)
            self.load(self.contact_id)
            self._done("added", f"Added {values['full_name']}.")

    @guard()
    def _on_archive(self, _button) -> None:
        if not self.contact_id:
            raise ValueError("Choose a contact first.")
        archived = bool(self.book.contact(self.contact_id)["archived"])
        self.book.update_contact(self.contact_id, archived=not archived)
        name = self.book.contact(self.contact_id)["full_name"]
        self.load(self.contact_id)
        if archived:
            self._done("restored", f"{name} is back in your lists.")
        else:
            self._done("archived", f"Archived {name}: kept, but left out of the lists and plans. "
                                   "Tick “Show archived” to find them.")

    @guard()
    def _on_erase(self, _button) -> None:
        if not self.contact_id:
            raise ValueError("Choose a contact first.")
        name = self.book.contact(self.contact_id)["full_name"]
        self._confirm_text.value = (
            f'<p class="wb-confirm-text">Erase <b>{esc(name)}</b> and everything about them (conversations, '
            'tags, notes, mentor pipeline)? This cannot be undone. Archive them instead to keep the history.</p>')
        self._confirm.layout.display = ""

    @guard()
    def _on_erase_confirmed(self, _button) -> None:
        if not self.contact_id:
            raise ValueError("Choose a contact first.")
        cid = self.contact_id
        name = self.book.contact(cid)["full_name"]
        self.book.erase_contact(cid)
        self.load(None)
        self._done("erased", f"Erased {name} and everything about them.", contact_id=cid)

    def _on_erase_cancelled(self, _button) -> None:
        self._confirm.layout.display = "none"

    def _on_logged(self, _change: dict) -> None:
        self.last_date = self.log_form.last_date
        self._done("logged", self.log_form.messages.text or "Logged.")
        self.log_form.messages.clear()


class LogForm(widgets.VBox):
    """Log an exchange with one contact: date, channel, who reached out, what kind, a note."""

    logged = traitlets.Int(0)

    def __init__(self, book: Workbook, **kwargs: Any):
        self.book = book
        self.contact_id: int | None = None
        self.last_date: dt.date | None = None
        self.messages = MessageArea()
        style = {"description_width": "96px"}
        full = widgets.Layout(width="100%")
        self._date = widgets.DatePicker(description="Date", value=Session.of(book).as_of(), layout=full, style=style)
        self._date.add_class("wb-contact-log-date")
        self._channel = widgets.Dropdown(options=list(schema.CHANNELS), value="message", description="How",
                                         layout=full, style=style)
        self._channel.add_class("wb-contact-log-channel")
        self._direction = widgets.Dropdown(options=DIRECTION_LABELS, value="outbound", description="Who started",
                                           layout=full, style=style)
        self._direction.add_class("wb-contact-log-direction")
        self._kind = widgets.Dropdown(options=list(schema.INTERACTION_KINDS), value="catch-up", description="What",
                                      layout=full, style=style)
        self._kind.add_class("wb-contact-log-kind")
        self._note = widgets.Text(description="Note", placeholder="optional", layout=full, style=style)
        self._note.add_class("wb-contact-log-note")
        self._button = widgets.Button(description="Log it")
        self._button.add_class("wb-contact-log-save")
        self._button.on_click(self._on_log)
        title = widgets.HTML('<h4 class="wb-subhead">Log a conversation</h4>')
        super().__init__([title, self._date, self._channel, self._direction, self._kind, self._note, self._button,
                          self.messages], **kwargs)
        self.add_class("wb-contact-log")

    @guard()
    def _on_log(self, _button) -> None:
        if not self.contact_id:
            raise ValueError("Choose a contact first.")
        when = self._date.value
        if not isinstance(when, dt.date):
            raise ValueError("Choose the date of the conversation.")
        channel = check_choice(self._channel.value, schema.CHANNELS, "channel")
        direction = check_choice(self._direction.value, DIRECTION_LABELS, "direction")
        kind = check_choice(self._kind.value, schema.INTERACTION_KINDS, "kind")
        self.book.log_interaction(self.contact_id, when, channel, direction, kind, str(self._note.value))
        name = self.book.contact(self.contact_id)["full_name"]
        self._note.value = ""
        self.last_date = when
        self.messages.success(f"Logged a {channel} with {name} on {when:%d %b %Y}.")
        self.logged += 1
