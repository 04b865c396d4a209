"""Your data: export (zip download or a folder on this computer), backup, restore, and the
HTML report for a coach (names or initials).

Downloads go straight from the kernel to the browser (:class:`DownloadButton`): nothing is
written where the web server could serve it.

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> name, data = DataView(book).backup_button.download()
>>> name.endswith(".sqlite"), data[:15]
(True, b'SQLite format 3')
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from ..store import Workbook, WorkbookError
from ..session import Session
from .common import Host, MessageArea, esc, guard, section_title, teaching_panel
from .widgets import DownloadButton, size_text, upload_limit

log = logging.getLogger("workbook.ui.data")

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _size(n: int) -> str:
    """Bytes for people (:func:`workbook.ui.widgets.size_text`).

    >>> _size(2_500_000)
    '2.4 MB'
    """
    return size_text(n)


def _card(title: str, text: str, *children: widgets.Widget, css: str) -> widgets.VBox:
    head = widgets.HTML(f'<h3 class="wb-card-title">{esc(title)}</h3><p class="wb-card-text">{esc(text)}</p>')
    box = widgets.VBox([head, *children])
    box.add_class("wb-card")
    box.add_class(css)
    return box


class DataView(widgets.VBox):
    """Export, backup, restore and the coach's report."""

    changes = traitlets.Int(0)

    def __init__(self, book: Workbook, shell: Host | None = None, **kwargs: Any):
        self.book = book
        self.shell = shell
        self.messages = MessageArea()
        self._pending: Path | None = None

        cards = widgets.HBox([self._export_card(), self._backup_card(), self._restore_card(), self._report_card()])
        cards.add_class("wb-cards")
        title = section_title("Your data", "Everything stays on this computer. Export it, back it up, restore it, "
                              "or share a report with a coach.")
        super().__init__([title, teaching_panel("data"), self.messages, cards], **kwargs)
        self.add_class("wb-data")
        self.refresh()

    # -- the cards -------------------------------------------------------------------------------------

    def _export_card(self) -> widgets.VBox:
        """Export to a zip download or a new folder."""
        self.export_button = DownloadButton("Download export (.zip)", self._make_export, self.messages,
                                            done="Your export {name} ({size}) is in your downloads.")
        self.export_button.add_class("wb-data-export")
        self._folder = widgets.Text(value=str(self._default_folder()), layout=widgets.Layout(flex="1 1 320px",
                                                                                               width="auto"))
        self._folder.add_class("wb-data-folder")
        self._folder_button = widgets.Button(description="Export to this folder")
        self._folder_button.add_class("wb-data-export-folder")
        self._folder_button.on_click(self._on_export_folder)
        folder_row = widgets.HBox([self._folder, self._folder_button])
        folder_row.add_class("wb-row")
        return _card("Export", "Everything in your workbook as one CSV file per table plus a JSON file, to open in a "
                     "spreadsheet or keep. Cells a spreadsheet would run as formulas are made harmless.",
                     self.export_button, widgets.HTML('<p class="wb-muted">Or write the same files into a new '
                                                      'folder on this computer:</p>'), folder_row,
                     css="wb-data-export-card")

    def _backup_card(self) -> widgets.VBox:
        """A backup download, and where the workbook lives."""
        self.backup_button = DownloadButton("Download a backup", self._make_backup, self.messages,
                                            done="Your backup {name} ({size}) is in your downloads. Keep it "
                                                 "somewhere safe; restore it below any time.")
        self.backup_button.add_class("wb-data-backup")
        self._where = widgets.HTML()
        self._where.add_class("wb-data-where")
        return _card("Backup", "A complete copy of your workbook, taken safely even while the app is writing.",
                     self.backup_button, self._where, css="wb-data-backup-card")

    def _restore_card(self) -> widgets.VBox:
        """Restore a backup (after a confirmation)."""
        self.upload = widgets.FileUpload(accept=".sqlite,.db,.backup,.sqlite3", multiple=False,
                                         description="Choose a backup")
        self.upload.add_class("wb-data-restore-upload")
        self.upload.observe(self._on_upload, "value")
        self._confirm_text = widgets.HTML()
        self._restore = widgets.Button(description="Replace my workbook with this backup")
        self._restore.add_class("wb-data-restore")
        self._restore.add_class("wb-danger")
        self._restore.add_class("wb-confirm")
        self._restore.on_click(self._on_restore)
        self._cancel = widgets.Button(description="Cancel")
        self._cancel.add_class("wb-data-restore-cancel")
        self._cancel.on_click(self._on_cancel)
        self._confirm = widgets.VBox([self._confirm_text, widgets.HBox([self._restore, self._cancel])])
        self._confirm.add_class("wb-data-restore-confirm")
        self._confirm.layout.display = "none"
        return _card("Restore", "Bring back a backup. It replaces everything in your workbook; a safety copy of "
                     "the current one is saved beside it first.", self.upload, self._confirm,
                     css="wb-data-restore-card")

    def _report_card(self) -> widgets.VBox:
        """The HTML report for a coach (names or initials)."""
        self._initials = widgets.Checkbox(description="Show initials instead of names", indent=False,
                                          value=bool(Session.of(self.book).settings().get("show_initials")),
                                          layout=widgets.Layout(width="auto"))
        self._initials.add_class("wb-data-initials")
        self._initials.observe(self._on_initials, "value")
        self.report_button = DownloadButton("Download the report (.html)", self._make_report, self.messages,
                                            done="Your report {name} ({size}) is in your downloads. It opens in "
                                                 "any browser, without the internet.")
        self.report_button.add_class("wb-data-report")
        return _card("Report for a coach", "One web page with your charts and this week's plan, to share with a "
                     "coach or mentor. It works offline and holds nothing else.", self._initials,
                     self.report_button, css="wb-data-report-card")

    # -- public ----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show where the workbook lives (the shell may have switched workbooks)."""
        if self.shell is not None:
            self.book = self.shell.book
        demo = " (the demo: your own workbook is separate)" if getattr(self.shell, "is_demo", False) else ""
        self._where.value = (f'<p class="wb-muted">This workbook is the file <code>{esc(self.book.path)}</code>'
                             f'{esc(demo)} on this computer.</p>')
        self._initials.value = bool(Session.of(self.book).settings().get("show_initials"))

    # -- files -----------------------------------------------------------------------------------------

    def _stamp(self) -> str:
        return dt.datetime.now().strftime("%Y-%m-%d-%H%M")

    def _default_folder(self) -> Path:
        docs = Path.home() / "Documents"
        base = docs if docs.is_dir() else Path.home()
        return base / f"networking-workbook-export-{dt.date.today().isoformat()}"

    def _make_export(self) -> tuple[str, bytes, str]:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.book.export(Path(tmp) / "export.zip")
            return f"networking-workbook-export-{self._stamp()}.zip", path.read_bytes(), "application/zip"

    def _make_backup(self) -> tuple[str, bytes, str]:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.book.backup(Path(tmp) / "backup.sqlite")
            return (f"networking-workbook-backup-{self._stamp()}.sqlite", path.read_bytes(),
                    "application/vnd.sqlite3")

    def _make_report(self) -> tuple[str, bytes, str]:
        from ..report import build_report, report_filename

        initials = bool(self._initials.value)
        html = build_report(self.book, initials=initials)
        return report_filename(self.book), html.encode("utf-8"), "text/html"

    @guard()
    def _on_export_folder(self, _button) -> None:
        raw = str(self._folder.value).strip()
        if not raw:
            raise ValueError("Type the folder to export into.")
        folder = Path(raw).expanduser()
        if not folder.is_absolute():
            raise ValueError("Give the full path of the folder, e.g. /home/you/Documents/my-export.")
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise ValueError(f"{folder} already exists and is not empty; choose a new folder so nothing is "
                             "overwritten.")
        self.book.export(folder)
        self.messages.success(f"Exported to {folder}.")

    @guard()
    def _on_initials(self, change: dict) -> None:
        if bool(change["new"]) != bool(Session.of(self.book).settings().get("show_initials")):
            self.book.set_setting("show_initials", bool(change["new"]))

    # -- restore ---------------------------------------------------------------------------------------

    def _target(self) -> Workbook:
        """Where a restore goes: the person's own workbook (never the bundled demo)."""
        if self.shell is not None and getattr(self.shell, "is_demo", False):
            return self.shell.own_book()
        return self.book

    @guard()
    def _on_upload(self, change: dict) -> None:
        files = list(change["new"] or ())
        if not files:
            return
        if len(files) != 1:
            raise ValueError("Choose one backup file.")
        f = files[0]
        name = str(f.get("name", "backup"))[:200]
        content = bytes(f.get("content", b""))
        limit = upload_limit()
        if len(content) > limit:
            raise ValueError(f"{name} is {_size(len(content))}; the app takes at most {_size(limit)}. "
                             "Use `workbook restore FILE` on the command line instead. Nothing was changed.")
        if not content.startswith(_SQLITE_MAGIC):
            raise ValueError(f"{name} is not a workbook backup (backups are SQLite files, made with “Download a "
                             "backup”). Nothing was changed.")
        self._discard_pending()
        tmp = Path(tempfile.mkdtemp(prefix="workbook-restore-")) / "backup.sqlite"
        tmp.write_bytes(content)
        try:
            check = Workbook(tmp, readonly=True)
            counts = check.counts()
            check.close()
        except WorkbookError as exc:
            tmp.unlink(missing_ok=True)
            raise ValueError(f"{name} cannot be restored: {exc}") from None
        self._pending = tmp
        target = self._target()
        self._confirm_text.value = (
            f'<p class="wb-confirm-text">Replace everything in <code>{esc(target.path)}</code> with '
            f'<b>{esc(name)}</b> ({counts["contacts"]:,} contacts, {counts["interactions"]:,} interactions)? '
            'A safety copy of the current workbook is saved beside it first.</p>')
        self._confirm.layout.display = ""
        self.messages.clear()

    @guard()
    def _on_restore(self, _button) -> None:
        if self._pending is None or not self._pending.exists():
            raise ValueError("Choose a backup file first.")
        target = self._target()
        safety = target.path.with_name(f"{target.path.stem}.before-restore-{self._stamp()}.sqlite")
        target.backup(safety)
        target.restore(self._pending)
        self._discard_pending()
        self._confirm.layout.display = "none"
        self.upload.value = ()
        if self.shell is not None and getattr(self.shell, "is_demo", False):
            self.shell.use_own_workbook()
        self.messages.success(f"Restored. The workbook as it was before is kept at {safety}.")
        self.changes += 1

    def _on_cancel(self, _button) -> None:
        self._discard_pending()
        self._confirm.layout.display = "none"
        self.upload.value = ()
        self.messages.info("Nothing was changed.")

    def _discard_pending(self) -> None:
        if self._pending is not None:
            try:
                self._pending.unlink(missing_ok=True)
                os.rmdir(self._pending.parent)
            except OSError:
                pass
        self._pending = None
