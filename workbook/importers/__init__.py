"""Bring a person's real network into the workbook in one step.

One dispatcher recognises each file by its content (not its name) and hands it to the
module for its source:

=================  =================================================================
format             what it reads
=================  =================================================================
linkedin           a LinkedIn data export ``.zip`` or any of its CSV files
google             Google Contacts CSV (current and legacy/UTF-16 layouts)
outlook            Outlook contacts CSV (often Windows-1252)
vcard              ``.vcf`` vCard 2.1 / 3.0 / 4.0
ics                ``.ics`` calendar: meetings with your contacts become interactions
mbox               ``.mbox`` email archive (headers only, streamed)
csv                any contacts table, columns named as in :mod:`.generic`
interactions-csv   an interaction log: date, who, channel, direction, kind, note
=================  =================================================================

An import is one transaction: every accepted row lands, or (on any error) none do. A file
that is not what it claims is refused (:class:`ImportRefused`) and nothing is written. Rows
that cannot be used are rejected one by one, with their line and the reason.

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> data = b"Name,Email,Company\\nAda Lovelace,ada@example.com,Engines\\n,,\\n"
>>> report = import_bytes(book, "people.csv", data)
>>> report.format, report.contacts_added, report.rejected
('csv', 1, [{'line': 3, 'reason': 'no name and no email address'}])
>>> import_bytes(book, "people.csv", data).contacts_added   # importing twice adds nothing
0
"""
from __future__ import annotations

import contextlib
import argparse
import json
import os
import sys
import time
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from ._common import Source, head_text, sniff_binary
from .report import FORMAT_NAMES, ImportRefused, ImportReport

ProgressFn = Callable[[float, str], None]
#: SQLite page cache during an import, in KiB as PRAGMA cache_size wants it (negative = KiB).
IMPORT_CACHE_KIB = -256 * 1024
#: Files the importers read whole are refused above this size (an mbox streams and a zip is checked
#: member by member, so neither is capped here). The app caps uploads lower; ``--max-size`` raises it.
MAX_FILE_BYTES = 512 * 1024 * 1024
_MIB = 1024 * 1024

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "REGISTRY",
    "Format",
    "FormatModule",
    "ImportRefused",
    "ImportReport",
    "cli_main",
    "detect_format",
    "import_bytes",
    "import_file",
]


class Progress:
    """Scales a ``progress(fraction, message)`` callback to a part of the whole import."""

    def __init__(self, fn: ProgressFn | None, start: float = 0.0, end: float = 1.0):
        self.fn, self.start, self.end = fn, start, end

    def __call__(self, fraction: float, message: str) -> None:
        if self.fn is not None:
            f = min(1.0, max(0.0, float(fraction)))
            self.fn(self.start + (self.end - self.start) * f, message)

    def part(self, start: float, end: float) -> "Progress":
        span = self.end - self.start
        return Progress(self.fn, self.start + span * start, self.start + span * end)


@dataclass
class Context:
    """What an importer's write step needs: the book, the report, progress, the contact index."""

    book: Any
    report: ImportReport
    progress: Progress = field(default_factory=lambda: Progress(None))
    notes: dict[str, Any] = field(default_factory=dict)  # facts one file tells the next (e.g. who "you" are)
    _index: Any = None

    @property
    def index(self):
        if self._index is None:
            from ._merge import ContactIndex

            self._index = ContactIndex(self.book)
        return self._index


class FormatModule(Protocol):
    """What one format's module provides (``linkedin.py``, ``vcard.py``, ...).

    ``parse`` reads the file (no workbook access: it may raise :class:`ImportRefused`, and
    reports decoding warnings and rows it cannot read); ``write`` matches the parsed rows to
    people and saves them, inside the import's one transaction. ``sniff`` (optional, for
    table formats) says whether a text's header is this format's.
    """

    SOURCE: str

    def parse(self, source: Source, report: ImportReport, progress: Progress, fmt: str) -> Any: ...

    def write(self, ctx: Context, parsed: Any) -> None: ...


def _starts(prefix: str) -> Callable[[str, str], bool]:
    return lambda text, name: text[:2000].upper().startswith(prefix)


def _mbox(text: str, name: str) -> bool:
    return text.startswith("From ") and _looks_like_mail_headers(text)


def _sniffs(module: str) -> Callable[[str, str], Any]:
    return lambda text, name: importlib.import_module(f"{__name__}.{module}").sniff(text, name)


@dataclass(frozen=True)
class Format:
    """One row of :data:`REGISTRY`: a ``--format`` value, the module that reads it, how it is recognised."""

    key: str
    module: str
    detect: Callable[[str, str], Any] | None  # (head text, file name) -> truthy; None: found by another row
    recognised_by: str

    @property
    def name(self) -> str:
        """The format's name in reports."""
        return FORMAT_NAMES[self.key]

    def load(self) -> FormatModule:
        return importlib.import_module(f"{__name__}.{self.module}")  # type: ignore[return-value]


#: Every format, in the order detection tries them (a zip is always a LinkedIn export, see detect_format;
#: the generic reader comes last and says itself whether a table is contacts or an interaction log).
REGISTRY: tuple[Format, ...] = (
    Format("vcard", "vcard", _starts("BEGIN:VCARD"), "BEGIN:VCARD first"),
    Format("ics", "ics", _starts("BEGIN:VCALENDAR"), "BEGIN:VCALENDAR first"),
    Format("mbox", "mbox", _mbox, "a 'From ' separator line, then mail headers"),
    Format("linkedin", "linkedin", _sniffs("linkedin"), "a .zip, or the header of one of the export's CSV files"),
    Format("google", "google", _sniffs("google"), "First/Last Name (or Given/Family Name) with Labels, "
           "Organization Name or E-mail N - Value columns"),
    Format("outlook", "outlook", _sniffs("outlook"), "Outlook's column names (E-mail Address, Business Phone...)"),
    Format("csv", "generic", _sniffs("generic"), "a Name (or First/Last Name) or Email column"),
    Format("interactions-csv", "generic", None, "a date column and a who column (found by the csv row)"),
)
_BY_KEY = {f.key: f for f in REGISTRY}

#: The ``--format`` choices (``auto`` detects by content).
FORMATS = tuple(FORMAT_NAMES)


def _module(fmt: str) -> FormatModule:
    return _BY_KEY[fmt].load()


def detect_format(name: str, head: bytes) -> str:
    """The format of a file from its first bytes (the name only breaks ties between LinkedIn files).

    >>> detect_format("x.csv", b"BEGIN:VCARD\\r\\nVERSION:3.0\\r\\n")
    'vcard'
    >>> detect_format("photo.csv", b"\\x89PNG\\r\\n\\x1a\\n...")
    Traceback (most recent call last):
    ...
    workbook.importers.report.ImportRefused: photo.csv is a PNG image, not a contacts file; nothing was imported.
    """
    if not head or not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportRefused(f"{name} is empty; nothing was imported.")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "linkedin"
    what = sniff_binary(head)
    if what:
        raise ImportRefused(f"{name} is {what}, not a contacts file; nothing was imported.")
    text = head_text(head).lstrip()
    for entry in REGISTRY:
        if entry.detect is None:
            continue
        hit = entry.detect(text, name)
        if hit:
            return hit if isinstance(hit, str) else entry.key
    raise ImportRefused(
        f"{name} has no header this workbook recognises (it is not a LinkedIn, Google, Outlook, vCard, "
        "calendar, mbox or contacts CSV file); nothing was imported. A contacts CSV needs a Name (or "
        "First Name / Last Name) or Email column."
    )


def _looks_like_mail_headers(text: str) -> bool:
    first = text.split("\n", 40)[1:40]
    return any(line.split(":", 1)[0].strip().lower() in ("from", "to", "date", "subject", "message-id")
               for line in first if ":" in line)


def import_file(book, path: str | os.PathLike, format: str = "auto", progress: ProgressFn | None = None,  # noqa: A002
                *, max_bytes: int = MAX_FILE_BYTES) -> ImportReport:
    """Import one file (path) into ``book``; returns its :class:`ImportReport`.

    Raises :class:`ImportRefused` (nothing written) for a file that is empty, binary, not
    the format it claims to be, or over ``max_bytes`` when it would be read whole.
    """
    _refuse_own_files(book, path)
    return _import(book, Source.of(path), format, progress, max_bytes)


def _refuse_own_files(book, path: str | os.PathLike) -> None:
    """Refuse the workbook's own file (or its -wal/-shm) as a source, before anything opens it.

    Reading it with ``open()`` in a process that holds SQLite connections to it would drop their
    POSIX locks when the descriptor closes, and let another process delete the WAL under them.
    """
    own = getattr(book, "path", None)
    if own is None or str(own) == ":memory:":
        return
    p = Path(path).expanduser()
    for candidate in (Path(own), Path(f"{own}-wal"), Path(f"{own}-shm")):
        with contextlib.suppress(OSError):
            if p.exists() and candidate.exists() and os.path.samefile(p, candidate):
                raise ImportRefused(
                    f"{p.name} is this workbook's own file; it cannot be imported into itself. "
                    "To bring back a backup, use Restore (workbook restore FILE). Nothing was imported."
                )


def import_bytes(book, name: str, data: bytes, format: str = "auto", progress: ProgressFn | None = None) -> ImportReport:  # noqa: A002
    """Import an uploaded file's bytes (``name`` is shown in the report and breaks format ties)."""
    return _import(book, Source.of(name, data=bytes(data)), format, progress)


def _import(book, source: Source, fmt: str, progress: ProgressFn | None,
            max_bytes: int = MAX_FILE_BYTES) -> ImportReport:
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"format must be auto or one of {', '.join(FORMATS)} (got {fmt!r}).")
    started = time.perf_counter()
    prog = Progress(progress)
    detected = detect_format(source.name, source.head())
    if fmt == "auto":
        fmt = detected
    elif not _compatible(fmt, detected):
        raise ImportRefused(
            f"{source.name} does not look like a {FORMAT_NAMES[fmt]} file (it looks like a "
            f"{FORMAT_NAMES.get(detected, detected)} file); nothing was imported."
        )
    read_whole = fmt != "mbox" and not source.head(4).startswith(b"PK")
    if read_whole and source.size > max_bytes:
        raise ImportRefused(
            f"{source.name} is {source.size / _MIB:,.0f} MB; files over {max_bytes / _MIB:,.0f} MB are refused "
            "because they are read into memory whole. Split the file, or raise the limit (workbook import "
            "--max-size MB); nothing was imported."
        )
    report = ImportReport(source=source.name, format=fmt)
    module = _module(fmt)
    prog(0.0, f"reading {source.name}")
    parsed = module.parse(source, report, prog.part(0.0, 0.5), fmt=fmt)
    # A bigger page cache while writing: large imports touch many index pages (restored after).
    cache = book.conn.execute("PRAGMA cache_size").fetchone()[0]
    book.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        with book.transaction():
            ctx = Context(book, report, prog.part(0.5, 0.98))
            module.write(ctx, parsed)
            _save_what_names_taught(ctx)
            # In the same transaction: the first open after a big import reads the snapshot, not the table.
            prog(0.98, "keeping a snapshot for fast opening")
            book.keep_snapshot()
            report.seconds = time.perf_counter() - started
            book.record_import(source.name, fmt, report.to_dict())
    finally:
        book.conn.execute(f"PRAGMA cache_size = {int(cache)}")
    prog(1.0, "done")
    return report


def _save_what_names_taught(ctx: Context) -> None:
    """Addresses of attendees and correspondents found by their display name join their contact's
    emails (so the next import finds them by address), and the report says what names did."""
    index = ctx._index
    if index is None:
        return
    report = ctx.report
    report.matched_by_name += index.by_display_name
    for name, times in sorted(index.ambiguous.items()):
        report.ambiguous.append({"name": name, "contacts": len(index.name_candidates(name)), "times": times})
    for cid, addresses in index.learned.items():
        emails = index.state[cid]["emails"]
        ctx.book.update_contact(cid, emails=emails)
        report.emails_learned += len(dict.fromkeys(addresses))
    for cid, url in index.learned_urls.items():
        ctx.book.update_contact(cid, linkedin_url=url)
    if index.learned_urls:
        report.warn(f"{len(index.learned_urls):,} contact(s) found by name in LinkedIn history now carry their "
                    "LinkedIn profile URL.")
    if index.undecided:
        report.warn(f"{index.undecided:,} row(s) fitted several contacts of the same name equally well; "
                    "they were added as new contacts rather than guessed (see Merged for what was joined).")


def _compatible(wanted: str, detected: str) -> bool:
    if wanted == detected:
        return True
    # Generic readers accept any table with the columns they need.
    if wanted in ("csv", "interactions-csv") and detected in ("csv", "interactions-csv", "google", "outlook"):
        return True
    return False


# ----------------------------------------------------------------------------- command line


def _cli_progress(stream=None) -> ProgressFn:
    stream = stream or sys.stderr
    state = {"last": -1}

    def show(fraction: float, message: str) -> None:
        pct = int(fraction * 100)
        if pct == state["last"] and pct < 100:
            return
        state["last"] = pct
        bar = "#" * (pct // 5) + "-" * (20 - pct // 5)
        stream.write(f"\r[{bar}] {pct:3d}% {message[:50]:<50}")
        if pct >= 100:
            stream.write("\n")
        stream.flush()

    return show


def cli_main(argv: list[str] | None = None) -> int:
    """``workbook import FILE... [--db PATH] [--format F] [--json]``.

    Exit status: 0 when every file was imported (or was valid with nothing new), 2 when a
    file was refused (its message on stderr; nothing from it was written), 1 when the
    workbook itself could not be opened or written.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "import" and not os.path.exists(argv[0]):
        argv = argv[1:]
    parser = argparse.ArgumentParser(
        prog="workbook import",
        description="Bring LinkedIn, Google, Outlook, vCard, calendar, mbox or CSV files into your workbook.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to import (a LinkedIn .zip counts as one)")
    parser.add_argument("--db", help="the workbook file (default: WORKBOOK_DB or your user data folder)")
    parser.add_argument("--format", default="auto", choices=("auto", *FORMATS), help="skip detection")
    parser.add_argument("--json", action="store_true", help="print the report(s) as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--max-size", type=int, default=MAX_FILE_BYTES // _MIB, metavar="MB",
                        help=f"refuse files read whole above this size (default {MAX_FILE_BYTES // _MIB} MB; "
                             "mbox and zip files are not capped)")
    args = parser.parse_args(argv)
    if args.max_size <= 0:
        parser.error("--max-size must be a positive number of MB")

    from ..store import WorkbookError, default_path, open_workbook

    try:
        book = open_workbook(args.db or default_path())
    except WorkbookError as exc:
        print(f"workbook import: {exc}", file=sys.stderr)
        return 1
    status = 0
    reports: list[dict[str, Any]] = []
    try:
        for path in args.files:
            progress = None if args.quiet else _cli_progress()
            try:
                report = import_file(book, path, args.format, progress=progress, max_bytes=args.max_size * _MIB)
            except (ImportRefused, FileNotFoundError, PermissionError) as exc:
                if progress is not None:
                    sys.stderr.write("\n")
                print(f"workbook import: {exc}", file=sys.stderr)
                status = 2
                continue
            except (WorkbookError, ValueError) as exc:
                print(f"workbook import: {path}: {exc}", file=sys.stderr)
                status = max(status, 1) if status != 2 else 2
                continue
            if args.json:
                reports.append(report.to_dict())
            else:
                print(report.summary())
    finally:
        book.close()
    if args.json:
        out: Any = reports[0] if len(args.files) == 1 and reports else reports
        if out or len(args.files) != 1:
            print(json.dumps(out, ensure_ascii=False, indent=1))
    return status
