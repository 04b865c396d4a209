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

__all__ = ["CopyButton", "DownloadButton", "MAX_UPLOAD_BYTES", "ReflectionPrompt", "UploadGuard", "download_link",
           "megabytes", "size_text", "upload_limit"]

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
    """An ``<a download>`` link carrying the file as a base64 data URI (name and label escaped).

    >>> download_link(b"hi", "<x>.txt", "text/plain", "Get it", "wb-get")
    '<a class="wb-get" download="&lt;x&gt;.txt" href="data:text/plain;base64,aGk=" style="font-weight:600">Get it</a>'
    """
    payload = base64.b64encode(data).decode("ascii")
    return (f'<a class="{esc(css)}" download="{esc(filename)}" href="data:{esc(mime)};base64,{payload}" '
            f'style="{esc(style)}">{esc(label)}</a>')


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
