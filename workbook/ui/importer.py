"""Upload files and bring them into the workbook, with progress and a plain-words report.

The widget publishes the reports of its last import as ``reports`` (and ``value``, the same
list of plain dicts, see :class:`workbook.importers.ImportReport`), so the app can refresh
its views after an import: ``importer.observe(refresh, "reports")``.

Uploads are limited to :data:`MAX_UPLOAD_BYTES` (per file and in total); zip archives are
checked before anything is extracted (see :mod:`workbook.importers.linkedin`).

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> w = ImporterWidget(book)
>>> w.add_files({"people.csv": b"Name,Email\\nAda Lovelace,ada@example.com\\n"})
>>> w.import_button.click()
>>> w.reports[0]["contacts_added"], len(book.contacts())
(1, 1)
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets
import traitlets

from ..importers import FORMATS, ImportRefused, import_bytes
from ..importers.linkedin import MAX_UNCOMPRESSED_BYTES
from ..importers.report import FORMAT_NAMES, outcome_lines

from .common import MessageArea, esc, guard, plural
from .widgets import MAX_UPLOAD_BYTES  # the one upload limit (the shell's guard and the Data page use it too)
#: File types offered in the browser's file dialog (anything can still be chosen; content decides).
ACCEPT = ".zip,.csv,.tsv,.txt,.vcf,.vcard,.ics,.ical,.mbox"
#: How many rejected rows / merges the report lists per file before "and N more".
REPORT_LIMIT = 20

__all__ = ["ImporterWidget", "MAX_UPLOAD_BYTES", "MAX_UNCOMPRESSED_BYTES", "report_html"]


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n / 1024:,.0f} KB"


def report_html(report: dict[str, Any]) -> str:
    """One import report as escaped HTML in plain words (what arrived, merged, rejected and why)."""
    kind = FORMAT_NAMES.get(report.get("format", ""), report.get("format", ""))
    n = report.get
    arrived = []
    if n("contacts_added"):
        arrived.append(plural(n("contacts_added"), "new contact"))
    if n("contacts_updated"):
        arrived.append(f"{n('contacts_updated'):,} updated")
    if n("contacts_merged"):
        arrived.append(f"{n('contacts_merged'):,} merged with people you already had")
    if n("interactions_added"):
        arrived.append(f"{n('interactions_added'):,} interactions added to your history")
    if n("tags_added"):
        arrived.append(f"{n('tags_added'):,} tags")
    if n("profile_updated"):
        arrived.append("your profile: " + ", ".join(n("profile_updated")))
    if n("contacts_unchanged"):
        arrived.append(f"{n('contacts_unchanged'):,} already up to date")
    parts = [
        f'<div class="wb-importer-file">'
        f'<div class="wb-importer-file-title"><b>{esc(n("source"))}</b> ({esc(kind)}): '
        f'{n("rows_read", 0):,} rows read.</div>'
    ]
    if arrived:
        parts.append("<ul>" + "".join(f"<li>{esc(a)}</li>" for a in arrived) + "</ul>")
    # what happened to the rest, and when nothing was written, why (an unmatched calendar says so)
    outcome = outcome_lines(report)
    if outcome:
        parts.append('<ul class="wb-importer-outcome">' + "".join(f"<li>{esc(line)}</li>" for line in outcome)
                     + "</ul>")
    for title, items, fmt in (
        ("Merged", n("merges") or [], lambda m: f"line {m.get('line')}: {m.get('name')} → {m.get('into')} ({m.get('rule')})"),
        ("Rejected", n("rejected") or [], lambda r: f"{r.get('file', '') + ' ' if r.get('file') else ''}line {r.get('line')}: {r.get('reason')}"),
    ):
        if items:
            more = f"<li>… and {len(items) - REPORT_LIMIT:,} more</li>" if len(items) > REPORT_LIMIT else ""
            parts.append(
                f'<details class="wb-importer-{title.lower()}"{" open" if title == "Rejected" else ""}>'
                f"<summary>{title} ({len(items):,})</summary><ul>"
                + "".join(f"<li>{esc(fmt(x))}</li>" for x in items[:REPORT_LIMIT]) + more + "</ul></details>"
            )
    if n("warnings"):
        parts.append('<ul class="wb-importer-warnings">' + "".join(f"<li>{esc(w)}</li>" for w in n("warnings")) + "</ul>")
    parts.append("</div>")
    return "".join(parts)


def _refused_html(name: str, message: str) -> str:
    return (f'<div class="wb-importer-file wb-importer-refused"><b>{esc(name)}</b>: refused. '
            f"{esc(message)}</div>")


class ImporterWidget(widgets.VBox):
    """Choose files, import them with progress, read what happened.

    Traitlets: ``reports`` / ``value`` (list of report dicts of the last import),
    ``refused`` (list of {name, reason} for files that were not imported).
    """

    reports = traitlets.List(trait=traitlets.Dict(), help="reports of the last import")
    value = traitlets.List(trait=traitlets.Dict(), help="same as reports")
    refused = traitlets.List(trait=traitlets.Dict(), help="files refused in the last import")

    def __init__(self, book, *, max_upload_bytes: int = MAX_UPLOAD_BYTES, **kwargs: Any):
        self.book = book
        self.max_upload_bytes = int(max_upload_bytes)
        self.upload = widgets.FileUpload(accept=ACCEPT, multiple=True, description="Choose files",
                                         icon="upload")
        self.format = widgets.Dropdown(
            options=[("Recognise automatically", "auto")] + [(FORMAT_NAMES[f], f) for f in FORMATS],
            value="auto", description="Format", style={"description_width": "initial"},
        )
        self.import_button = widgets.Button(description="Import", button_style="primary", icon="download",
                                            disabled=True)
        self.chosen = widgets.Label("No files chosen yet.")
        # hidden until an import runs (an empty grey bar under "No files chosen yet" confused people)
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout={"width": "100%", "display": "none"})
        self.status = widgets.Label("")
        self.summary = widgets.HTML("")
        self.messages = MessageArea()
        self._extra: dict[str, bytes] = {}
        for w, cls in ((self.upload, "upload"), (self.format, "format"), (self.import_button, "button"),
                       (self.chosen, "chosen"), (self.progress, "progress"), (self.status, "status"),
                       (self.summary, "report")):
            w.add_class(f"wb-importer-{cls}")
        intro = widgets.HTML(
            "<div class='wb-importer-intro'>Your files stay on this machine. Choose a LinkedIn export (.zip), "
            "contacts (Google or Outlook CSV, vCard), a calendar (.ics), an email archive (.mbox) or a CSV; "
            f"up to {_mb(self.max_upload_bytes)} each.</div>"
        )
        super().__init__(
            [intro, widgets.HBox([self.upload, self.format, self.import_button]), self.chosen, self.progress,
             self.status, self.messages, self.summary],
            **kwargs,
        )
        self.add_class("wb-importer")
        self.upload.observe(self._on_upload, names="value")
        self.import_button.on_click(self._on_import)

    def __repr__(self) -> str:
        # Stable (no paths, file names or counts): notebooks compare a widget's plain text between runs.
        return "ImporterWidget()"

    # -- choosing files -------------------------------------------------------------------------

    def add_files(self, files: dict[str, bytes]) -> None:
        """Queue files by name (for tests and scripts; the browser uses the upload button)."""
        self._extra.update({str(k): bytes(v) for k, v in files.items()})
        self._on_upload()

    def _pending(self) -> list[tuple[str, Any, int]]:
        """(name, content, size) of every chosen file, checked for shape (a visitor can forge values)."""
        out: list[tuple[str, Any, int]] = []
        value = self.upload.value
        if isinstance(value, dict):  # ipywidgets 7 shape
            value = tuple(dict(v, name=k) for k, v in value.items())
        for item in value or ():
            if not isinstance(item, dict) or "content" not in item:
                raise ValueError("An uploaded file arrived without its content; please choose it again.")
            name = str(item.get("name") or "upload")
            content = item["content"]
            if not isinstance(content, (bytes, bytearray, memoryview)):
                raise ValueError(f"{name} arrived in an unexpected form; please choose it again.")
            out.append((name, content, len(content) if not isinstance(content, memoryview) else content.nbytes))
        out += [(k, v, len(v)) for k, v in self._extra.items()]
        return out

    def _on_upload(self, change: Any = None) -> None:
        try:
            files = self._pending()
        except ValueError as exc:
            self._error(str(exc))
            return
        self.import_button.disabled = not files
        if files:
            self.chosen.value = "Ready: " + ", ".join(f"{name} ({_mb(size)})" for name, _, size in files)
        else:
            self.chosen.value = "No files chosen yet."

    # -- importing ------------------------------------------------------------------------------

    def _error(self, text: str) -> None:
        self.messages.error(text)

    def _on_progress_for(self, k: int, total: int, name: str):
        def show(fraction: float, message: str) -> None:
            overall = (k + max(0.0, min(1.0, float(fraction)))) / total
            self.progress.value = overall
            self.status.value = f"{name}: {message} ({fraction:.0%})"

        return show

    def _check_sizes(self, files: list[tuple[str, Any, int]]) -> None:
        limit = self.max_upload_bytes
        for name, _, size in files:
            if size > limit:
                raise ValueError(
                    f"{name} is {_mb(size)}, more than the {_mb(limit)} this page accepts. For larger files "
                    "use the command line: workbook import FILE."
                )
        total = sum(size for _, _, size in files)
        if total > limit:
            raise ValueError(
                f"Together these files are {_mb(total)}, more than the {_mb(limit)} accepted at once; "
                "import them a few at a time."
            )

    @guard()
    def _on_import(self, button: Any = None) -> None:
        try:
            self._import()
        finally:
            self.import_button.disabled = not self._safe_pending()

    def _safe_pending(self) -> bool:
        try:
            return bool(self._pending())
        except ValueError:
            return False

    def _import(self) -> None:
        fmt = self.format.value
        if fmt != "auto" and fmt not in FORMATS:
            raise ValueError("That format is not one of the options.")
        files = self._pending()
        if not files:
            raise ValueError("Choose one or more files first.")
        self._check_sizes(files)
        self.import_button.disabled = True
        self.progress.value = 0.0
        self.progress.layout.display = ""
        reports: list[dict[str, Any]] = []
        refused: list[dict[str, str]] = []
        html_parts: list[str] = []
        for k, (name, content, _) in enumerate(files):
            data = content.tobytes() if isinstance(content, memoryview) else bytes(content)
            try:
                report = import_bytes(self.book, name, data, format=fmt,
                                      progress=self._on_progress_for(k, len(files), name))
            except (ImportRefused, ValueError) as exc:
                refused.append({"name": name, "reason": str(exc)})
                html_parts.append(_refused_html(name, str(exc)))
                continue
            d = report.to_dict()
            reports.append(d)
            html_parts.append(report_html(d))
        self.progress.value = 1.0
        self.status.value = f"Finished at {dt.datetime.now():%H:%M}."
        self.summary.value = "".join(html_parts)
        # Clear the choice so the same files are not imported twice by accident.
        self._extra.clear()
        self.upload.value = ()
        self.refused = refused
        self.value = reports
        self.reports = reports
        added = sum(r["contacts_added"] for r in reports)
        interactions = sum(r["interactions_added"] for r in reports)
        if refused and not reports:
            self._error(f"Nothing was imported: {refused[0]['reason']}")
        elif refused:
            self.messages.warning(
                f"Imported {plural(len(reports), 'file')} ({plural(added, 'new contact')}, "
                f"{plural(interactions, 'interaction')}); {plural(len(refused), 'file')} refused: see below."
            )
        else:
            self.messages.success(
                f"Imported {plural(len(reports), 'file')}: {plural(added, 'new contact')}, "
                f"{plural(interactions, 'interaction')}. Details below."
            )
