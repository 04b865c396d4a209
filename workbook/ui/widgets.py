"""Shared widgets: the pieces several views and the shell embed (one home for each).

* :class:`ReflectionPrompt`: a coaching question whose answer saves itself (chapters, journal, notebooks);
* :class:`DownloadButton`: hands a file made in Python to the browser as a download (Data page);
* :class:`CopyButton` and :func:`download_link`: copy a draft, download a small file (outreach);
* :class:`UploadGuard`: refuses an oversized upload in the page and says so (the shell);
* :data:`MAX_UPLOAD_BYTES`, :func:`upload_limit`, :func:`megabytes`: the one upload limit.

Stable CSS classes: ``wb-reflection``, ``wb-reflection-question``, ``wb-reflection-text``,
``wb-reflection-status``, ``wb-download-host``, ``wb-upload-guard``.

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> prompt = ReflectionPrompt(book, "map.circles", "Who is in your <inner> circle?")
>>> prompt.text.value = "Ada and Alan"
>>> book.reflection("map.circles"), prompt.saved, prompt.changes
('Ada and Alan', True, 1)
"""
from __future__ import annotations

import base64
import logging
import traceback
from typing import Any, Callable

import anywidget
import ipywidgets as widgets
import traitlets

from .common import MessageArea, esc, friendly, guard

log = logging.getLogger("workbook.ui.widgets")

__all__ = ["ContactPicker", "CopyButton", "DownloadButton", "GoalEditor", "MAX_UPLOAD_BYTES", "ReflectionPrompt",
           "UploadGuard", "download_link", "megabytes", "pick_labels", "size_text", "upload_limit"]

#: The largest upload the app takes at once, per file and in total (the browser refuses bigger ones).
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def upload_limit() -> int:
    """The largest upload the app accepts, in bytes.

    >>> upload_limit() == MAX_UPLOAD_BYTES
    True
    """
    return MAX_UPLOAD_BYTES


def megabytes(n: int) -> str:
    """Bytes in megabytes for people.

    >>> megabytes(250 * 1024 * 1024)
    '250 MB'
    """
    return f"{n / (1024 * 1024):,.0f} MB"


class UploadGuard(anywidget.AnyWidget):
    """Stops a browser upload above ``limit`` bytes before it is read and tells Python.

    ipywidgets' ``FileUpload`` reads each chosen file with ``FileReader.readAsArrayBuffer``
    and sends them in one websocket message; the server drops a message above its size limit
    without a word. This guard refuses such uploads in the page (the reader fails, so nothing is
    sent) and reports the file name and size, so the person gets a plain message instead.
    """

    _esm = """
    function render({ model, el }) {
      el.classList.add("wb-upload-guard");
      const g = (window.__wbUploadGuard = window.__wbUploadGuard || { models: new Set(), total: 0 });
      g.limit = model.get("limit");
      if (!g.patched) {
        g.patched = true;
        const original = FileReader.prototype.readAsArrayBuffer;
        FileReader.prototype.readAsArrayBuffer = function (blob) {
          const size = blob && typeof blob.size === "number" ? blob.size : 0;
          if (g.total === 0) setTimeout(() => { g.total = 0; }, 0);
          g.total += size;
          if (size > g.limit || g.total > g.limit) {
            g.models.forEach((m) => m.send({ event: "too_large", name: String(blob.name || ""),
                                             size: size, total: g.total }));
            const reader = this;
            setTimeout(() => { if (reader.onerror) reader.onerror(new ProgressEvent("error")); }, 0);
            return;
          }
          return original.call(this, blob);
        };
      }
      g.models.add(model);
      return () => g.models.delete(model);
    }
    export default { render };
    """
    limit = traitlets.Int(200 * 1024 * 1024).tag(sync=True)
    #: The last refusal: {"name": ..., "size": ...} (Python-side, for tests and the shell).
    refused = traitlets.Dict()

    def __init__(self, limit: int, **kwargs: Any):
        super().__init__(limit=int(limit), **kwargs)
        self.add_class("wb-upload-guard")
        self.on_msg(self._on_msg)

    def _on_msg(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "too_large":
            try:
                size = int(content.get("size") or 0)
                total = int(content.get("total") or 0)
            except (TypeError, ValueError):
                size = total = 0
            self.refused = {"name": str(content.get("name", ""))[:300], "size": size, "total": total}


class DownloadButton(anywidget.AnyWidget):
    """A button that asks Python for a file and hands it to the browser as a download.

    ``make()`` returns ``(file name, bytes, mime type)``; errors go to ``messages``.
    """

    _esm = """
    function render({ model, el }) {
      const b = document.createElement("button");
      b.className = "jupyter-button widget-button wb-download";
      const draw = () => {
        b.textContent = model.get("busy") ? model.get("busy_label") : model.get("label");
        b.disabled = model.get("busy") || model.get("disabled");
      };
      draw();
      model.on("change:label", draw);
      model.on("change:busy", draw);
      model.on("change:disabled", draw);
      b.addEventListener("click", () => {
        b.textContent = model.get("busy_label");
        b.disabled = true;
        model.send({ event: "request" });
      });
      model.on("msg:custom", (msg, buffers) => {
        if (msg && msg.event === "file") {
          const blob = new Blob(buffers, { type: msg.mime || "application/octet-stream" });
          const url = URL.createObjectURL(blob);
          const a = document.createElement("a");
          a.href = url;
          a.download = msg.name;
          a.style.display = "none";
          document.body.appendChild(a);
          a.click();
          setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 2000);
        }
        draw();
      });
      el.appendChild(b);
    }
    export default { render };
    """
    label = traitlets.Unicode("Download").tag(sync=True)
    busy_label = traitlets.Unicode("Preparing…").tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    #: How many files were handed to the browser.
    sent = traitlets.Int(0)

    def __init__(self, label: str, make: Callable[[], tuple[str, bytes, str]], messages: MessageArea,
                 done: str = "", **kwargs: Any):
        super().__init__(label=label, **kwargs)
        self.add_class("wb-download-host")
        self._make, self.messages, self._done = make, messages, done
        self.on_msg(self._on_msg)

    def download(self) -> tuple[str, bytes]:
        """Make the file and send it to the browser; returns (name, bytes)."""
        self.busy = True
        try:
            name, data, mime = self._make()
            self.send({"event": "file", "name": name, "mime": mime}, buffers=[data])
            self.sent += 1
            if self._done:
                self.messages.success(self._done.format(name=name, size=size_text(len(data))))
            return name, data
        finally:
            self.busy = False

    def _on_msg(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict) or content.get("event") != "request":
            return
        try:
            self.download()
        except Exception as exc:  # noqa: BLE001 - shown to the person, logged in full
            log.error("download %s failed:\n%s", self.label, traceback.format_exc())
            self.messages.error(friendly(exc))
            self.send({"event": "failed"})


def size_text(n: int) -> str:
    """Bytes for people.

    >>> size_text(2_500_000)
    '2.4 MB'
    """
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / (1024 * 1024):,.1f} MB"


def download_link(data: bytes, filename: str, mime: str, label: str, css: str, *,
                  style: str = "font-weight:600") -> str:
    """An ``<a download>`` link carrying the file as a base64 data URI (name and label escaped), drawn
    as a button (``wb-button-link``): a download is an action, not a page to read.

    >>> download_link(b"hi", "<x>.txt", "text/plain", "Get it", "wb-get")
    '<a class="wb-button-link wb-get" download="&lt;x&gt;.txt" href="data:text/plain;base64,aGk=" style="font-weight:600">⬇ Get it</a>'
    """
    payload = base64.b64encode(data).decode("ascii")
    return (f'<a class="wb-button-link {esc(css)}" download="{esc(filename)}" href="data:{esc(mime)};base64,{payload}" '
            f'style="{esc(style)}">⬇ {esc(label)}</a>')


class CopyButton(anywidget.AnyWidget):
    """A button that copies ``text`` to the clipboard in the browser (works in JupyterLab and Voila).

    The text travels as a model value and is written with ``navigator.clipboard`` (or, where the
    page is not a secure context, a hidden textarea and ``execCommand``); it never becomes markup.
    ``copies`` counts clicks, so Python can see that the person copied.
    """

    _esm = """
    function render({ model, el }) {
      const button = document.createElement("button");
      button.className = "jupyter-button widget-button wb-outreach-copy-button";
      button.type = "button";
      button.textContent = model.get("label");
      const reset = () => { button.textContent = model.get("label"); };
      button.addEventListener("click", async () => {
        const text = model.get("text");
        let ok = false;
        try { await navigator.clipboard.writeText(text); ok = true; } catch (e) {
          const area = document.createElement("textarea");
          area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed";
          area.style.opacity = "0"; document.body.appendChild(area); area.select();
          try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
          area.remove();
        }
        button.textContent = ok ? "Copied" : "Select the text and press Ctrl+C";
        model.set("copies", model.get("copies") + 1);
        model.save_changes();
        setTimeout(reset, 2000);
      });
      model.on("change:label", reset);
      el.appendChild(button);
    }
    export default { render };
    """
    text = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Copy to clipboard").tag(sync=True)
    copies = traitlets.Int(0).tag(sync=True)


#: The store's limit for an answer.
MAX_LENGTH = 100_000


class ReflectionPrompt(widgets.VBox):
    """A question, a text box that autosaves the answer as a reflection, and a saved indicator.

    Traitlets: ``value`` (the saved answer), ``saved`` (True once the box matches the workbook),
    ``changes`` (incremented after every write, like the task views).
    """

    value = traitlets.Unicode("")
    saved = traitlets.Bool(True)
    changes = traitlets.Int(0)

    def __init__(self, book, prompt_id: str, question: str, *, placeholder: str = "Write your answer here...",
                 rows: int = 4, **kwargs: Any):
        prompt_id = str(prompt_id).strip()
        if not prompt_id:
            raise ValueError("A reflection needs a prompt id.")
        self.book = book
        self.prompt_id = prompt_id
        self.messages = MessageArea()
        self.question = widgets.HTML(f'<div class="wb-reflection-question"><b>{esc(question)}</b></div>')
        self.question.add_class("wb-reflection-question")
        self.text = widgets.Textarea(placeholder=placeholder, rows=int(rows), continuous_update=False,
                                     layout=widgets.Layout(width="100%"))
        self.text.add_class("wb-reflection-text")
        self.status = widgets.HTML()
        self.status.add_class("wb-reflection-status")
        super().__init__([self.question, self.text, self.status, self.messages], **kwargs)
        self.add_class("wb-reflection")
        self._loading = False
        self.refresh()
        self.text.observe(self._on_text, names="value")

    def __repr__(self) -> str:
        # Stable (no answer text): notebooks compare a widget's plain-text form between runs.
        return f"ReflectionPrompt({self.prompt_id!r})"

    def refresh(self) -> None:
        """Show the answer saved in the workbook (e.g. after the journal edited it)."""
        self._loading = True
        try:
            self.value = self.book.reflection(self.prompt_id)
            self.text.value = self.value
        finally:
            self._loading = False
        self.saved = True
        self._show_status()

    def _show_status(self) -> None:
        if not self.saved:
            text, css = "Not saved", "wb-reflection-unsaved"
        elif self.value:
            text, css = "Saved in your workbook ✓", "wb-reflection-saved"
        else:
            text, css = "Your answer is saved when you click outside the box.", "wb-reflection-empty"
        self.status.value = f'<span class="{css}" style="font-size:12px;color:#6B7380">{esc(text)}</span>'

    @guard()
    def _on_text(self, change: dict) -> None:
        if self._loading:
            return
        new = change["new"] if isinstance(change["new"], str) else ""
        self.saved = False
        self._show_status()
        if len(new) > MAX_LENGTH:
            raise ValueError(f"That answer is too long ({len(new):,} characters; at most {MAX_LENGTH:,}).")
        self.book.save_reflection(self.prompt_id, new)
        self.value = self.book.reflection(self.prompt_id)
        self.saved = True
        self.messages.clear()
        self._show_status()
        self.changes += 1


# ----------------------------------------------------------------------------- the one contact picker

#: How many matches the contact picker lists (keeps it light at 30,000 contacts).
PICKER_LIMIT = 50
PICK_NONE = ("Pick a contact...", None)


def pick_labels(rows) -> list[tuple[str, int]]:
    """(label, contact id) for a few picker rows: "Name · Title, Company", so two people with the same
    name can be told apart (labels still alike get the contact number). ``rows`` holds
    contact_id, full_name and, when known, position and company.

    >>> import pandas as pd
    >>> pick_labels(pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Zeynep F", "Zeynep F", "Bo"],
    ...     "position": ["Analyst", "Analyst", ""], "company": ["Acme", "Acme", ""]}))
    [('Zeynep F · Analyst, Acme (#1)', 1), ('Zeynep F · Analyst, Acme (#2)', 2), ('Bo', 3)]
    """
    def col(name: str) -> list[str]:
        values = rows[name].tolist() if name in rows else [""] * len(rows)
        return ["" if v is None or v != v else str(v).strip() for v in values]  # v != v: a missing value

    ids = [int(c) for c in rows["contact_id"].tolist()]
    labels = []
    for name, position, company in zip(col("full_name"), col("position"), col("company")):
        about = ", ".join(x for x in (position, company) if x)
        labels.append(f"{name} · {about}" if about else name)
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    return [(f"{label} (#{cid})" if seen[label] > 1 else label, cid) for label, cid in zip(labels, ids)]


class ContactPicker(widgets.VBox):
    """The one contact picker: a search box above a list of at most ``limit`` people, each shown with
    title and company. ``value`` is the contact id (None until one is picked).

    ``find(query, limit)`` returns the rows to offer (contact_id, full_name, position, company), in
    the order to show them; by default non-archived contacts by the one search rule
    (:func:`workbook.health.find_contacts`). A single match is picked for you.
    """

    value = traitlets.Int(None, allow_none=True)

    def __init__(self, book, *, description: str = "Contact", limit: int = PICKER_LIMIT,
                 find: Callable[[str, int], Any] | None = None, css: str = "wb-health",
                 width: str = "420px", **kwargs: Any):
        self.book = book
        self.limit = int(limit)
        self._find = find
        self.search = widgets.Text(placeholder="Type part of a name, title or company", description=description,
                                   continuous_update=True, layout=widgets.Layout(width=width))
        self.search.add_class(f"{css}-search")
        self.search.add_class("wb-picker-search")
        self.dropdown = widgets.Dropdown(options=[PICK_NONE], value=None, description="Pick",
                                         layout=widgets.Layout(width=width))
        self.dropdown.add_class(f"{css}-contact")
        self.dropdown.add_class("wb-picker-list")
        super().__init__([self.search, self.dropdown], **kwargs)
        self.add_class(f"{css}-picker")
        self.add_class("wb-picker")
        self._contacts = None
        self.search.observe(self._on_search, names="value")
        self.dropdown.observe(self._on_pick, names="value")
        self.refresh()

    def _session(self):
        from ..session import Session

        return Session.of(self.book)

    def refresh(self, *, force: bool = False) -> None:
        """Re-read the contacts and redo the search (nothing to do while they are unchanged)."""
        contacts = self._session().contacts()
        if contacts is self._contacts and not force:
            return
        self._contacts = contacts
        self.fill()

    def _rows(self, query: str):
        if self._find is not None:
            return self._find(query, self.limit)
        from .. import health

        s = self._session()
        found = s.memo("ui.picker", ("contacts",), lambda: health.find_contacts(s.contacts(), query, limit=self.limit),
                       extra=(query, self.limit))
        position = s.contacts().set_index("contact_id")["position"]  # titles of the few found
        return found.assign(position=position.reindex(found["contact_id"].to_numpy()).to_numpy())

    def fill(self) -> None:
        """Offer the people matching the search (keeping the one picked when still offered)."""
        options = [PICK_NONE] + pick_labels(self._rows(str(self.search.value or "")[:200]))
        keep = self.dropdown.value if self.dropdown.value in {o[1] for o in options} else None
        self.dropdown.options = options
        self.dropdown.value = keep
        self.value = keep

    def _on_search(self, change: dict) -> None:
        self.fill()
        if self.dropdown.value is None and len(self.dropdown.options) == 2:
            self.dropdown.value = self.dropdown.options[1][1]  # a single match: pick it

    def _on_pick(self, change: dict) -> None:
        self.value = change["new"]

    def select(self, contact_id: int) -> None:
        """Choose a contact by id (puts the name in the search so the list offers them)."""
        cid = int(contact_id)
        if self._contacts is None:
            self.refresh()
        match = self._contacts.loc[self._contacts["contact_id"] == cid, "full_name"]
        if match.empty:
            raise ValueError(f"There is no contact with id {cid}.")
        self.search.value = str(match.iloc[0])
        if cid not in {o[1] for o in self.dropdown.options}:
            raise ValueError("That contact is not one of the options.")
        self.dropdown.value = cid

    def chosen(self) -> int:
        """The picked contact id, checked against the options and the workbook (values can be forged)."""
        from .common import check_choice, check_int

        value = self.dropdown.value
        if value is None:
            raise ValueError("Pick a contact first (type part of a name to search).")
        check_choice(value, self.dropdown.options, "contact")
        cid = check_int(value, "contact")
        if not (self._contacts["contact_id"] == cid).any():
            raise ValueError("That contact is no longer in your workbook.")
        return cid

    @property
    def name(self) -> str:
        """The picked person's name (without title and company), or ''."""
        if self.value is None or self._contacts is None:
            return ""
        match = self._contacts.loc[self._contacts["contact_id"] == self.value, "full_name"]
        return str(match.iloc[0]) if len(match) else ""


# ----------------------------------------------------------------------------- the one goal editor

NEW_GOAL = ("+ New goal", 0)


class GoalEditor(widgets.VBox):
    """Pick, edit or add a goal (title, kind, the needs it calls for, status); ``value`` is the goal id.

    The one editor of the one goal object (the workbook's ``goals`` table): Profile and Mentor
    outreach both show it, and Common ground and the Map read the same goals.
    """

    value = traitlets.Int(None, allow_none=True)
    changes = traitlets.Int(0)

    def __init__(self, book, *, messages: MessageArea | None = None, **kwargs: Any):
        from ..schema import GOAL_KINDS, GOAL_STATUSES

        self.book = book
        self.messages = messages or MessageArea()
        wide = widgets.Layout(width="520px")
        self.picker = widgets.Dropdown(description="Goal", options=[NEW_GOAL], value=0, layout=wide)
        self.picker.add_class("wb-outreach-goal")
        self.title = widgets.Text(description="Title", placeholder="e.g. Move into product management", layout=wide)
        self.kind = widgets.Dropdown(description="Kind", options=list(GOAL_KINDS), value="skill")
        self.needs = widgets.Text(description="Needs", placeholder="skills, roles or fields it calls for; separate with ;",
                                  layout=wide)
        self.status = widgets.Dropdown(description="Status", options=list(GOAL_STATUSES), value="active")
        self.save = widgets.Button(description="Save goal", button_style="primary", icon="check")
        self.save.add_class("wb-outreach-goal-save")
        self.new = widgets.Button(description="New goal", icon="plus")
        self.new.add_class("wb-outreach-goal-new")
        hint = widgets.HTML('<div class="wb-hint">Needs are what the goal calls for (e.g. “user research; '
                            'roadmapping”). The Map shows who covers them and Mentor outreach finds mentors '
                            'for them.</div>')
        super().__init__([self.picker, self.title, widgets.HBox([self.kind, self.status]), self.needs, hint,
                          widgets.HBox([self.save, self.new])], **kwargs)
        self.add_class("wb-outreach-goals")
        self.add_class("wb-goal-editor")
        self._kinds, self._statuses = GOAL_KINDS, GOAL_STATUSES
        self._goals = None
        self.picker.observe(self._on_pick, names="value")
        self.save.on_click(self._on_save)
        self.new.on_click(self._on_new)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the goals; keep the chosen one, else pick the first active goal."""
        self._goals = self.book.goals()
        g = self._goals
        options = [(str(t), int(i)) for t, i in zip(g["title"], g["goal_id"])] + [NEW_GOAL]
        keep = self.picker.value if self.picker.value in {o[1] for o in options} else None
        if keep is None or keep == 0:
            active = g.loc[g["status"] == "active", "goal_id"]
            keep = int(active.iloc[0]) if len(active) else (int(g["goal_id"].iloc[0]) if len(g) else 0)
        self.picker.unobserve(self._on_pick, names="value")
        self.picker.options = options
        self.picker.value = keep
        self.picker.observe(self._on_pick, names="value")
        self._load(keep)

    def goal(self):
        """The chosen goal's row (None for a new goal)."""
        if not self.value:
            return None
        rows = self._goals.loc[self._goals["goal_id"] == self.value]
        return rows.iloc[0] if len(rows) else None

    def _load(self, goal_id: int) -> None:
        row = self._goals.loc[self._goals["goal_id"] == goal_id] if goal_id else self._goals.iloc[:0]
        if len(row):
            r = row.iloc[0]
            self.title.value, self.kind.value = str(r["title"]), str(r["kind"])
            self.needs.value, self.status.value = str(r["needs"]).replace(";", "; "), str(r["status"])
        else:
            self.title.value, self.kind.value, self.needs.value, self.status.value = "", "skill", "", "active"
        self.value = int(goal_id) if goal_id else None

    @guard()
    def _on_pick(self, change: dict) -> None:
        from .common import check_choice

        self._load(check_choice(change["new"], self.picker.options, "goal"))

    def _on_new(self, _button=None) -> None:
        self.picker.value = 0

    @guard()
    def _on_save(self, _button=None) -> None:
        from .common import check_choice

        kind = check_choice(self.kind.value, self._kinds, "goal kind")
        status = check_choice(self.status.value, self._statuses, "goal status")
        goal_id = check_choice(self.picker.value, self.picker.options, "goal")
        title = str(self.title.value or "").strip()
        if goal_id:
            self.book.update_goal(goal_id, title=self.title.value, kind=kind, needs=self.needs.value, status=status)
            self.messages.success(f"Saved the goal “{title}”.")
        else:
            goal_id = self.book.add_goal(self.title.value, kind=kind, needs=self.needs.value)
            if status != "active":
                self.book.update_goal(goal_id, status=status)
            self.messages.success(f"Added the goal “{title}”. Mentor outreach, Common ground and the Map use it now.")
        self.picker.unobserve(self._on_pick, names="value")
        self.picker.options = list(self.picker.options[:-1]) + [(title, goal_id), NEW_GOAL]
        self.picker.value = goal_id
        self.picker.observe(self._on_pick, names="value")
        self.refresh()
        self.changes += 1
