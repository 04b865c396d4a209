"""Reading helpers every importer shares: sources, CSV tables, row notes, name keys.

Decoding lives in :mod:`.decode`, value checks and dates in :mod:`.values`, the column maps
of the contact CSVs in :mod:`.fields`; their names are re-exported here, where importers
have always found them.

>>> decode(b"\\xef\\xbb\\xbfName\\r\\nAda\\r\\n").text
'Name\\nAda\\n'
>>> decode("Zoë".encode("cp1252")).encoding
'cp1252'
>>> name_key("  Zoë  O'Brien ")
'zoe obrien'
>>> company_key("ACME, Inc.")
'acme'
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from ..core.dates import date_bounds  # noqa: F401 - one definition of the dates a workbook accepts
from ..core.text import _COMBINING, company_key, name_key  # noqa: F401 - one rule for comparing names and companies
from .decode import (  # noqa: F401 - re-exported: importers and tests find them here
    _MAGIC, HEADER_SEARCH_LINES, LAZY_DECODE_BYTES, Decoded, _decode_cp1252, _is_utf8, _looks_utf16,
    _offset_after_line, decode, decode_lines, decode_mixed, decode_source, decode_value, head_text, sniff_binary,
)
from .report import ImportRefused
from .values import (  # noqa: F401 - re-exported as above
    _DATE_FORMATS, _NO_YEAR, EMAIL_RX, _clean_one, _english_month, _iso_days, _parse_each, _strip, _tidy,
    all_str, clean_strings, date_reasons, is_email, linkedin_in, normalise_birthday, parse_dates, split_multi,
    strip_label,
)

# Long LinkedIn messages and notes exceed the csv module's 128 KiB default.
csv.field_size_limit(64 * 1024 * 1024)

#: How far into a file the dispatcher looks to recognise it.
HEAD_BYTES = 64 * 1024
#: Longest values the store accepts.
MAX_NAME = 300
MAX_TEXT = 20_000
MAX_TAG = 200


# ----------------------------------------------------------------------------- sources


@dataclass
class Source:
    """A file to import: a path on disk (streamed where it matters) or bytes from an upload."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def of(cls, path_or_name: str | os.PathLike, data: bytes | None = None) -> "Source":
        if data is not None:
            return cls(name=Path(str(path_or_name)).name or "upload", data=bytes(data))
        p = Path(path_or_name).expanduser()
        if not p.exists():
            raise FileNotFoundError(f"{p} does not exist.")
        if p.is_dir():
            raise ImportRefused(f"{p} is a folder; give the files inside it (or the .zip).")
        return cls(name=p.name, path=p)

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size

    def head(self, n: int = HEAD_BYTES) -> bytes:
        if self.data is not None:
            return self.data[:n]
        with open(self.path, "rb") as fh:
            return fh.read(n)

    def read(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()

    def open(self):
        """A binary file object (the mbox reader streams through it)."""
        return io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")


# ----------------------------------------------------------------------------- CSV tables


def header_key(name: str) -> str:
    """How column names are compared: case, spaces, dashes, underscores and a leading ``* `` ignored.

    >>> header_key(" E-mail 1 - Value ")
    'email1value'
    """
    return re.sub(r"[\s_\-*.:/()]+", "", str(name)).casefold()


@dataclass
class Header:
    """Where a CSV header was found and what it holds."""

    line: int  # 0-based physical line
    delimiter: str
    columns: list[str]

    @property
    def keys(self) -> set[str]:
        return {header_key(c) for c in self.columns}


def find_header(text: str, score: Callable[[set[str]], float], *, min_score: float = 1.0) -> Header | None:
    """Find the header line by content: the first of the first lines (split by comma, semicolon
    or tab) whose column keys ``score`` at least ``min_score``; the best-scoring delimiter wins."""
    # Only the head is split: the rest of a 44 MB file would be copied for nothing.
    lines = text[:_offset_after_line(text, HEADER_SEARCH_LINES - 1)].split("\n")[:HEADER_SEARCH_LINES]
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        best: Header | None = None
        best_score = min_score - 1e-9
        for delim in (",", ";", "\t"):
            if delim not in line and delim != ",":
                continue
            try:
                cols = next(csv.reader([line], delimiter=delim))
            except (csv.Error, StopIteration):
                continue
            s = score({header_key(c) for c in cols})
            if s > best_score:
                best, best_score = Header(i, delim, [c.strip().lstrip("\ufeff") for c in cols]), s
        if best is not None:
            return best
    return None


def has_all(*names: str) -> Callable[[set[str]], float]:
    """A header score: 1 when every one of ``names`` is a column, else 0."""
    need = {header_key(n) for n in names}
    return lambda keys: 1.0 if need <= keys else 0.0


@dataclass
class Table:
    """A CSV read to strings: ``frame`` (one row per record, '' for empty) and a way to find lines."""

    frame: pd.DataFrame
    header: Header
    source: "Decoded | str"  # the whole file; the records start after the header line
    file: str = ""
    _lines: np.ndarray | None = None
    #: Lines are counted by the csv module (exact) rather than by the quote-parity shortcut.
    _exact: bool = False

    @property
    def body(self) -> str:
        """The text after the header line (made when asked: for a big file it is a big copy)."""
        text = self.source.text if isinstance(self.source, Decoded) else self.source
        return text[_offset_after_line(text, self.header.line):]

    def line_of(self, positions: Iterable[int]) -> list[int]:
        """1-based line numbers (as an editor shows them) of the records at these row positions."""
        if self._lines is None:
            # Found only when asked: most imports reject nothing and merge nothing.
            find = _csv_record_lines if self._exact else _record_lines
            self._lines = find(self.body, self.header, len(self.frame))
        return [int(self._lines[p]) for p in positions]


def read_table(source: "Decoded | str", header: Header, *, file: str = "", usecols: Iterable[str] | None = None) -> Table:
    """Parse the records below ``header`` into strings.

    Ordinary files go through the ``csv`` module, which knows each record's line and field
    count: a row with more values than the header has columns (beyond empty trailing ones) is
    marked in ``_extra`` and rejected by the importer; a shorter row has its missing fields empty. Huge files where only some
    columns matter (``usecols``, e.g. LinkedIn's messages.csv) go through pandas' C parser,
    which is several times faster; there extra values are ignored.
    """
    raw = source.raw if isinstance(source, Decoded) else None
    cols = header.columns
    if len(set(cols)) != len(cols):
        cols = _dedupe(cols)
    wanted = None if usecols is None else {header_key(c) for c in usecols}
    keep = [c for c in cols if wanted is None or header_key(c) in wanted]
    table = Table(frame=pd.DataFrame(), header=header, source=source, file=file)
    if usecols is not None:
        # The bytes after the header line: the same line in the raw bytes (one newline byte each).
        data = raw[_offset_after_line(raw, header.line):] if raw is not None else table.body.encode("utf-8")
        try:
            frame = pd.read_csv(
                io.BytesIO(data), sep=header.delimiter, header=None, names=cols, usecols=keep, index_col=False,
                dtype=object, na_filter=False, keep_default_na=False, skip_blank_lines=True, quotechar='"',
                doublequote=True, encoding="utf-8", engine="c",
            )
            frame = frame[keep].reset_index(drop=True).astype(object)
            frame["_extra"] = ""
            table.frame = frame
            return table
        except (pd.errors.ParserError, ValueError):
            pass
    table.frame, table._exact = _read_rows(table.body, header.delimiter, cols, keep), True
    return table


def _dedupe(cols: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in cols:
        n = seen.get(c, 0)
        seen[c] = n + 1
        out.append(c if n == 0 else f"{c}.{n}")
    return out



def _read_rows(body: str, delim: str, cols: list[str], keep: list[str]) -> pd.DataFrame:
    """Records below the header with the csv module, as a frame with ``_extra`` (why a row's width is wrong).

    Blank records are dropped; :func:`_csv_record_lines` finds the lines of the rest the same way.

    >>> _read_rows("a,b\\n\\nc\\nd,e,f\\n", ",", ["x", "y"], ["y"]).to_dict("list")
    {'y': ['b', '', 'e'], '_extra': ['', '', 'has 3 values but the header has 2 columns']}
    """
    n = len(cols)
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=delim))
    extra = [""] * len(rows)
    # Usually every record is as wide as the header: only the others (and one-column files,
    # where a blank line looks like a record) need a look one by one.
    odd = range(len(rows)) if n == 1 else [i for i, w in enumerate(map(len, rows)) if w != n]
    blank = []
    for i in odd:
        row = rows[i]
        if not row or (len(row) == 1 and not row[0].strip()):
            blank.append(i)
            continue
        width = len(row)
        while width > n and not row[width - 1].strip():
            width -= 1  # empty trailing values (a trailing separator) do no harm
        # Fewer values is a row whose writer left the empty trailing fields out (Thunderbird,
        # spreadsheets): the missing fields are empty. More values cannot be placed.
        if width > n:
            extra[i] = f"has {width} values but the header has {n} columns"
        rows[i] = (row + [""] * (n - len(row)))[:n]
    if blank:
        gone = set(blank)
        rows = [r for i, r in enumerate(rows) if i not in gone]
        extra = [e for i, e in enumerate(extra) if i not in gone]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in [*keep, "_extra"]})
    frame = pd.DataFrame(rows, columns=cols, dtype=object)
    frame = frame[keep] if keep != cols else frame
    frame["_extra"] = pd.Series(extra, dtype=object)
    return frame


def _record_lines(body: str, header: Header, n_records: int) -> np.ndarray:
    """Start line (1-based, in the whole file) of each non-blank record below the header.

    A newline ends a record when an even number of quotes precede it (RFC 4180 doubles
    quotes inside quoted fields); checked against the record count, else the csv module decides.
    """
    first = header.line + 2
    raw = body.encode("utf-8")
    arr = np.frombuffer(raw, dtype=np.uint8)
    nl = np.flatnonzero(arr == 10)
    quotes = np.flatnonzero(arr == 34)
    ends = nl[(np.searchsorted(quotes, nl) % 2) == 0]
    if len(raw) and (not len(ends) or ends[-1] != len(raw) - 1):
        ends = np.append(ends, len(raw))
    starts = np.concatenate([[0], ends[:-1] + 1]) if len(ends) else np.array([], dtype=np.int64)
    lengths = ends - starts
    blank = lengths == 0
    for k in np.flatnonzero((lengths > 0) & (lengths <= 16)):
        if not raw[starts[k]:ends[k]].strip():
            blank[k] = True
    # Physical line of each record start = newlines before it.
    line_of_start = np.searchsorted(nl, starts) + first
    lines = line_of_start[~blank]
    if len(lines) == n_records:
        return lines
    return _csv_record_lines(body, header, n_records)


def _csv_record_lines(body: str, header: Header, n_records: int) -> np.ndarray:
    """Start line (1-based, in the whole file) of each non-blank record, as the csv module reads them."""
    first = header.line + 2
    out = []
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=header.delimiter)
    prev_end = 0
    for row in reader:
        start = prev_end + 1
        prev_end = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        out.append(start + first - 1)
    out += [out[-1] if out else first] * max(0, n_records - len(out))
    return np.asarray(out[:n_records])


def column(frame: pd.DataFrame, *names: str, strip: bool = True) -> pd.Series:
    """The first column whose key matches one of ``names`` (stripped strings), or '' everywhere.

    ``strip=False`` skips the per-value clean-up for big columns whose readers normalise anyway
    (dates, LinkedIn URLs, name keys)."""
    keys = {header_key(c): c for c in frame.columns}
    for n in names:
        c = keys.get(header_key(n))
        if c is not None:
            if not strip:
                values = frame[c].to_numpy(dtype=object)
                if all_str(values):  # what a read table holds: nothing to fill
                    return pd.Series(values, index=frame.index, dtype=object)
                return frame[c].astype(object).fillna("")
            return pd.Series(clean_strings(frame[c].to_numpy(dtype=object)), index=frame.index, dtype=object)
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def columns_like(frame: pd.DataFrame, pattern: str) -> list[str]:
    """Columns whose key matches a regular expression (e.g. every ``E-mail N - Value``)."""
    rx = re.compile(pattern)
    return [c for c in frame.columns if rx.fullmatch(header_key(c))]


def reject_rows(report, table: "Table | None", positions: list[int], reasons: list[str], file: str | None = None) -> None:
    """Record rejected rows with the line each starts on."""
    if not positions:
        return
    lines = table.line_of(positions) if table is not None else [p + 2 for p in positions]
    for line, why in zip(lines, reasons):
        report.reject(line, why, file)


#: Row notes listed one by one in a report; more are counted in one line.
MAX_NOTES = 100


def note_values(report, lines: list[int], notes: list[str], file: str | None = None) -> None:
    """Row-level notes for values left out (an unreadable email, phone or date): the person and the
    rest of the row were imported, and the note says which line to look at.

    >>> from .report import ImportReport
    >>> r = ImportReport(); note_values(r, [4], ["'x@' is not an email address"]); r.warnings
    ["line 4: 'x@' is not an email address; left out, the rest of the row was imported."]
    """
    where = f"{file} " if file else ""
    room = max(0, MAX_NOTES - getattr(report, "_notes_shown", 0))
    for line, note in list(zip(lines, notes))[:room]:
        report.warn(f"{where}line {line}: {note}; left out, the rest of the row was imported.")
    report._notes_shown = getattr(report, "_notes_shown", 0) + min(room, len(notes))
    if len(notes) > room:
        report.warn(f"{where}{len(notes) - room:,} more value(s) could not be read and were left out (not listed "
                    "one by one); their rows were imported.")


def what_was_seen(text: str, limit: int = 12, *, as_table: bool = True) -> str:
    """The first non-blank line of a file as the columns it names, for a refusal that says what it saw.

    >>> what_was_seen("\\nFoo;Bar;Baz\\n1;2;3\\n")
    'a first line with the columns Foo, Bar, Baz'
    >>> what_was_seen("just some words here\\n")
    "a first line 'just some words here' (no column separators)"
    >>> what_was_seen("a note, not a card\\n", as_table=False)
    "its first line is 'a note, not a card'"
    """
    first = next((line for line in text.split("\n")[:HEADER_SEARCH_LINES] if line.strip()), "")
    if not first:
        return "no text"
    if not as_table:
        return f"its first line is {first.strip()[:60]!r}"
    delim = max((",", ";", "\t"), key=first.count)
    if first.count(delim) == 0:
        return f"a first line {first.strip()[:60]!r} (no column separators)"
    try:
        cols = [c.strip() for c in next(csv.reader([first], delimiter=delim))]
    except (csv.Error, StopIteration):
        cols = first.split(delim)
    more = f" and {len(cols) - limit} more" if len(cols) > limit else ""
    return f"a first line with the columns {', '.join(c[:40] for c in cols[:limit])}{more}"
