"""Reading helpers every importer shares: sources, encodings, CSV tables, dates, name keys.

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

import codecs
import csv
import datetime as dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from ..core.dates import date_bounds  # noqa: F401 - one definition of the dates a workbook accepts
from ..core.text import _COMBINING, company_key, name_key  # noqa: F401 - one rule for comparing names and companies
from .report import ImportRefused

# Long LinkedIn messages and notes exceed the csv module's 128 KiB default.
csv.field_size_limit(64 * 1024 * 1024)

#: How far into a file the dispatcher looks to recognise it.
HEAD_BYTES = 64 * 1024
#: Physical lines searched for a CSV header (LinkedIn puts a "Notes:" preamble first).
HEADER_SEARCH_LINES = 60
#: Longest values the store accepts.
MAX_NAME = 300
MAX_TEXT = 20_000
MAX_TAG = 200

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (save it as CSV first)"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a media file"),
    (b"OggS", "a media file"),
    (b"ID3", "an MP3 file"),
)


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


# ----------------------------------------------------------------------------- bytes -> text


def sniff_binary(head: bytes) -> str | None:
    """What a binary file is (``'a PNG image'``), or None when it may be text.

    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n....")
    'a PNG image'
    >>> sniff_binary(b"First Name,Last Name\\n") is None
    True
    """
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(head):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "a binary file"
    if sample:
        # Text has few control characters besides tab, CR, LF and form feed.
        ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
        if ctrl / len(sample) > 0.05:
            return "a binary file"
    return None


def _looks_utf16(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for BOM-less UTF-16 text (every other byte NUL)."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


class Decoded:
    """Text of a file, normalised to ``\\n`` line ends, and the encoding it was read with.

    A big UTF-8 file is only checked when decoded; its text is made on first use (LinkedIn's
    messages.csv is read from its bytes, so its 44 MB of text are never needed).
    """

    def __init__(self, text: str | None, encoding: str, warnings: list[str] | None = None,
                 raw: bytes | None = None) -> None:
        self._text = text
        self.encoding = encoding
        self.warnings = list(warnings or [])
        #: The original bytes when they are exactly ``text`` in UTF-8 (saves re-encoding big files).
        self.raw = raw

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.raw.decode("utf-8")
        return self._text

    @property
    def head(self) -> str:
        """The first :data:`HEADER_SEARCH_LINES` lines, where headers are looked for."""
        if self._text is not None:
            return self._text[:_offset_after_line(self._text, HEADER_SEARCH_LINES - 1)]
        # A UTF-8 character never holds a newline byte, so cutting after one keeps it whole.
        return self.raw[:_offset_after_line(self.raw, HEADER_SEARCH_LINES - 1)].decode("utf-8")


#: Files at least this big are checked for UTF-8 in pieces and decoded only when their text is used.
LAZY_DECODE_BYTES = 1024 * 1024


def decode_source(source: "Source", report) -> Decoded:
    """:func:`decode` a whole file, noting its encoding and any decoding warning in ``report``."""
    dec = decode(source.read())
    for w in dec.warnings:
        report.warn(w)
    report.encoding = dec.encoding
    return dec


def decode(data: bytes) -> Decoded:
    """Decode bytes: UTF-8 (BOM or not), UTF-16 (BOM, or recognisable without), else Windows-1252.

    The Windows-1252 fallback adds a warning, because accented names may then be wrong.
    """
    warnings: list[str] = []
    raw: bytes | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    elif (guess := _looks_utf16(data[:4096])) is not None:
        text, enc = data.decode(guess, errors="replace"), guess
    elif len(data) >= LAZY_DECODE_BYTES and b"\r" not in data and b"\xef\xbf\xbd" not in data and _is_utf8(data):
        # What the branch below would give (no \r to normalise, no U+FFFD), without the text yet.
        return Decoded(None, "utf-8", warnings, data)
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _decode_cp1252(data), "cp1252"
            warnings.append(
                "This file is not UTF-8; it was read as Windows-1252 (Western European). "
                "Check that accented names look right; if not, save the file as UTF-8 and import it again."
            )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    elif enc in ("utf-8", "utf-8-sig") and "\ufffd" not in text:
        raw = data[3:] if enc == "utf-8-sig" else data
    return Decoded(text, enc, warnings, raw)


def _is_utf8(data: bytes, chunk: int = 64 * 1024) -> bool:
    """True when ``data`` is valid UTF-8. Decoding piece by piece and dropping the pieces is
    about three times faster than making one big string (which turns 4 bytes per character
    wide as soon as one emoji appears).

    >>> _is_utf8("Zoë 🙂".encode()), _is_utf8("Zoë".encode("cp1252"))
    (True, False)
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for i in range(0, len(data), chunk):
            decoder.decode(view[i:i + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decode_cp1252(data: bytes) -> str:
    # Five byte values are undefined in cp1252; latin-1 maps them to control characters.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(
            data[i:i + 1].decode("cp1252", errors="strict") if data[i] not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
            else data[i:i + 1].decode("latin-1")
            for i in range(len(data))
        )


def head_text(head: bytes) -> str:
    """Decode the first bytes of a file leniently (a cut multibyte character is fine)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
    elif (guess := _looks_utf16(head)) is not None:
        text = head[: len(head) // 2 * 2].decode(guess, errors="ignore")
    else:
        # Headers are ASCII, so dropping undecodable bytes (cp1252 accents) is harmless here.
        text = head.decode("utf-8", errors="ignore")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


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
    count: a row with more values than the header has columns (beyond empty trailing ones) or
    fewer is marked in ``_extra`` and rejected by the importer. Huge files where only some
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


def _offset_after_line(text: str | bytes, line: int) -> int:
    """Where the text (or its UTF-8 bytes) after 0-based ``line`` starts (the end when there is none)."""
    newline = "\n" if isinstance(text, str) else b"\n"
    pos = 0
    for _ in range(line + 1):
        nxt = text.find(newline, pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _read_rows(body: str, delim: str, cols: list[str], keep: list[str]) -> pd.DataFrame:
    """Records below the header with the csv module, as a frame with ``_extra`` (why a row's width is wrong).

    Blank records are dropped; :func:`_csv_record_lines` finds the lines of the rest the same way.

    >>> _read_rows("a,b\\n\\nc\\n", ",", ["x", "y"], ["y"]).to_dict("list")
    {'y': ['b', ''], '_extra': ['', 'has 1 value but the header has 2 columns']}
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
        if width != n and not (n == 1 and width == 0):
            extra[i] = f"has {width} value{'s' if width != 1 else ''} but the header has {n} columns"
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


# ----------------------------------------------------------------------------- values

_DATE_FORMATS = (
    "ISO8601",
    "%d %b %Y",  # 15 Mar 2024 (LinkedIn Connected On)
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%m/%d/%y, %I:%M %p",  # 3/5/26, 1:45 AM (LinkedIn Invitations, Recommendations)
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y, %H:%M",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y/%m/%d %H:%M:%S",  # 2023/03/01 19:52:23 UTC (LinkedIn endorsements)
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y%m%d",
    "%b %Y",  # Mar 2020 (LinkedIn positions)
    "%B %Y",
    "%Y",
)


def _strip(v: object) -> str:
    return v.strip() if v.__class__ is str else ("" if v is None or v != v else str(v).strip())


#: What ``str.strip()`` removes, as a lookup table by code point (none lies above U+3000).
_SPACE = np.array([chr(c).isspace() for c in range(0x3001)], dtype=bool)


def all_str(values: "list | np.ndarray") -> bool:
    """True when every value is a string (an object array is checked in C, a list in Python).

    >>> all_str(np.array(["a", "b"], dtype=object)), all_str(["a", None]), all_str([])
    (True, False, False)
    """
    if isinstance(values, np.ndarray):
        return len(values) > 0 and pd.api.types.infer_dtype(values, skipna=False) == "string"
    return len(values) > 0 and set(map(type, values)) == {str}


def clean_strings(values: "list | np.ndarray") -> list[str]:
    """Values as stripped strings without NUL characters, accents in one (NFC) spelling.

    Columns repeat themselves (companies, positions, days), so each distinct value is looked
    at once; tidy columns, the usual case, come back as they are after one vectorised check.

    >>> clean_strings([" Ada ", "Zoe\u0308", None, "ok", " Ada "])
    ['Ada', 'Zoë', '', 'ok', 'Ada']
    """
    if not all_str(values):
        return [_clean_one(v) for v in values]  # None, NaN or numbers: no two-values-one-key surprises
    listed = values.tolist() if isinstance(values, np.ndarray) else list(values)
    distinct = list(dict.fromkeys(listed))
    if _tidy(distinct):
        return listed
    cleaned = {v: _clean_one(v) for v in distinct}
    return [cleaned[v] for v in listed]


def _clean_one(v: object) -> str:
    v = _strip(v).replace("\x00", "")
    return v if v.isascii() else unicodedata.normalize("NFC", v)


def _tidy(strings: list[str]) -> bool:
    """True when :func:`_clean_one` would change none of ``strings``: no NUL, no surrounding
    whitespace, NFC. One join and array look-ups at each value's first and last character."""
    joined = "\x00".join(strings)
    if joined.count("\x00") != len(strings) - 1:
        return False  # a value holds a NUL
    if joined.isascii():
        codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    elif unicodedata.is_normalized("NFC", joined):
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")
    else:
        return False
    # A NUL sentinel after the end: an empty first value "ends" at index -1, an empty last one
    # starts at len; both land on it, and NUL is not whitespace.
    codes = np.append(codes, codes.dtype.type(0))
    seps = np.flatnonzero(codes[:-1] == 0)
    edges = np.concatenate([[0], seps + 1, seps - 1, [len(codes) - 2]])
    c = codes[edges].astype(np.int64)
    return not _SPACE[np.minimum(c, len(_SPACE) - 1)][c < len(_SPACE)].any()


def parse_dates(raw: pd.Series, formats: Iterable[str] = _DATE_FORMATS) -> pd.Series:
    """Parse date strings to ``datetime64[s]`` (any year 1-9999; NaT where blank or unreadable),
    trying each format on what is still unparsed, so one file may mix formats. Times and time
    zones are dropped.

    >>> parse_dates(pd.Series(["15 Mar 2024", "2023-06-11 15:33:58 UTC", "3/5/26, 1:45 AM", "", "soon"])).dt.strftime("%Y-%m-%d").tolist()
    ['2024-03-15', '2023-06-11', '2026-03-05', nan, nan]
    """
    if not all_str(raw.to_numpy(dtype=object)):
        return _parse_each(raw, formats)
    values = raw.tolist()
    # 200,000 messages fall on a few thousand days, 30,000 connections on a few thousand dates:
    # each distinct ISO day (the first ten characters), then each distinct other text, is parsed once.
    days, distinct = pd.factorize(np.array([v[:10] for v in values], dtype=object))
    out = _iso_days(pd.Series(distinct, dtype=object)).to_numpy()[days]
    rest = np.flatnonzero(np.isnat(out))
    if len(rest):
        codes, distinct = pd.factorize(np.array(values, dtype=object)[rest])
        out[rest] = _parse_each(pd.Series(distinct, dtype=object), formats).to_numpy()[codes]
    return pd.Series(out, index=raw.index, dtype="datetime64[s]")


def _iso_days(days: pd.Series) -> pd.Series:
    """'YYYY-MM-DD' texts to ``datetime64[s]`` (NaT for anything else)."""
    out = pd.Series(pd.NaT, index=days.index, dtype="datetime64[s]")
    parsed = pd.to_datetime(days, format="%Y-%m-%d", errors="coerce").dropna()
    if not parsed.empty:
        out.loc[parsed.index] = parsed.astype("datetime64[s]")
    return out


#: Month names and abbreviations in the languages LinkedIn exports come in most (fr, de, es, pt, it,
#: nl), accents dropped, to English: "15 mars 2024", "15. März 2024", "15 de mar. de 2024".
_MONTHS = {
    "Jan": "janvier janv januar januari enero ene janeiro gennaio gen",
    "Feb": "fevrier fevr fev februar februari febrero fevereiro febbraio",
    "Mar": "mars marz maerz maart mrt marzo marco",
    "Apr": "avril avr abril abr aprile",
    "May": "mai mei mayo maio maggio mag",
    "Jun": "juin juni junio junho giugno giu",
    "Jul": "juillet juil juli julio julho luglio lug",
    "Aug": "aout augustus agosto ago",
    "Sep": "septembre sept septiembre setiembre setembro settembre set",
    "Oct": "octobre oktober octubre outubro ottobre okt ott out",
    "Nov": "novembre noviembre novembro",
    "Dec": "decembre dezember diciembre dezembro dicembre dez dic",
}
_MONTH_WORDS = {w: en for en, words in _MONTHS.items() for w in (en.lower(), *words.split())}
_LOCAL_DATE = re.compile(r"^(\d{1,2})\.?\s+(?:de\s+)?([a-z]+)\.?\s+(?:de\s+)?(\d{4})$")


def _english_month(text: str) -> str:
    """'15 mars 2024' -> '15 Mar 2024' (a day, a month name in one of :data:`_MONTHS`' languages, a year);
    anything else unchanged.

    >>> [_english_month(t) for t in ("15. März 2024", "3 de fev. de 2025", "15 Mar 2024", "soon")]
    ['15 Mar 2024', '3 Feb 2025', '15 Mar 2024', 'soon']
    """
    plain = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower().strip()
    m = _LOCAL_DATE.match(plain)
    if not m or m.group(2) not in _MONTH_WORDS:
        return text
    return f"{m.group(1)} {_MONTH_WORDS[m.group(2)]} {m.group(3)}"


def _parse_each(raw: pd.Series, formats: Iterable[str]) -> pd.Series:
    """:func:`parse_dates` value by value (what the distinct values go through)."""
    values = raw.tolist()
    # Values that start with an ISO day (LinkedIn's "2023-06-11 15:33:58 UTC", ISO stamps) are read
    # by their first ten characters: pandas' fast ISO path, and the day as written.
    out = _iso_days(pd.Series([v[:10] if v.__class__ is str else "" for v in values], index=raw.index, dtype=object))
    todo = out.isna()
    # The rest (few, usually) is cleaned and tried against every format.
    s = pd.Series([_strip(v) for v in raw[todo].tolist()], index=raw.index[todo], dtype=object)
    s = s[s != ""]
    todo = pd.Series(True, index=s.index, dtype=bool)
    if todo.any():
        s = s.str.replace(r"\s+(UTC|GMT|Z)$", "", regex=True)
    for fmt in formats:
        if not todo.any():
            break
        part = s[todo]
        if fmt == "%d %b %Y":  # also in the other languages LinkedIn exports come in
            part = part.map(_english_month)
        if fmt == "ISO8601":
            part = part[part.str.match(r"^\d{4}-\d{2}-\d{2}")]
            if part.empty:
                continue
            parsed = pd.to_datetime(part, format="ISO8601", errors="coerce", utc=True)
            parsed = parsed.dt.tz_convert(None)
        else:
            parsed = pd.to_datetime(part, format=fmt, errors="coerce")
        parsed = parsed.dropna()
        if not parsed.empty:
            out.loc[parsed.index] = parsed.dt.normalize().astype("datetime64[s]")
            todo.loc[parsed.index] = False
    return out



def split_multi(value: str) -> list[str]:
    """Split a multi-valued cell: Google's `` ::: ``, semicolons, commas or newlines.

    >>> split_multi("a@example.com ::: b@example.org; c@example.net")
    ['a@example.com', 'b@example.org', 'c@example.net']
    """
    parts = re.split(r"\s*:::\s*|[;,\n]", str(value or ""))
    return [p.strip() for p in parts if p.strip()]


def strip_label(label: str) -> str:
    """Google writes ``* `` before system labels (``* myContacts``, ``* Work``): drop it."""
    return re.sub(r"^\*\s*", "", str(label or "")).strip()


EMAIL_RX = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


def is_email(value: str) -> bool:
    """A plausible email address (the store only needs an ``@`` and no spaces; we are stricter).

    >>> is_email("ada@example.com"), is_email("ada at example"), is_email("/o=ExchangeLabs/ou=x")
    (True, False, False)
    """
    return bool(EMAIL_RX.match(value))


def date_reasons(raw: pd.Series, parsed: pd.Series, label: str, *, required: bool = True) -> pd.Series:
    """Why each date cannot be used ('' when it can): missing, unreadable, before 1900 or too far ahead.

    >>> date_reasons(pd.Series(["2024-01-02", "", "soon"]), parse_dates(pd.Series(["2024-01-02", "", "soon"])), "date").tolist()
    ['', 'date is missing', "date 'soon' is not a date"]
    """
    lo, hi = date_bounds()
    out = pd.Series("", index=raw.index, dtype=object)
    missing = parsed.isna()
    if missing.any():  # only the rows without a date need their text looked at
        text = pd.Series([_strip(v) for v in raw[missing].tolist()], index=raw.index[missing], dtype=object)
        blank = text == ""
        if required and blank.any():
            out.loc[text.index[blank]] = f"{label} is missing"
        if (~blank).any():
            out.loc[text.index[~blank]] = [f"{label} {v[:40]!r} is not a date" for v in text[~blank]]
    early = parsed.notna() & (parsed < lo)
    late = parsed.notna() & (parsed > hi)
    if early.any():
        out = out.mask(early, f"{label} is before 1900")
    if late.any():
        out = out.mask(late, f"{label} is more than three years in the future")
    return out


def reject_rows(report, table: "Table | None", positions: list[int], reasons: list[str], file: str | None = None) -> None:
    """Record rejected rows with the line each starts on."""
    if not positions:
        return
    lines = table.line_of(positions) if table is not None else [p + 2 for p in positions]
    for line, why in zip(lines, reasons):
        report.reject(line, why, file)



#: Apple and some phones write these years for "year unknown".
_NO_YEAR = {"1604", "0000", "1900", "0001"}


def normalise_birthday(value: str) -> str | None:
    """A birthday as 'YYYY-MM-DD' or '--MM-DD' (year unknown); '' for none, None if unreadable.

    >>> [normalise_birthday(v) for v in ["1985-03-15", "--0315", "1604-03-15", "3/15/1985", "0/0/00", "", "soon"]]
    ['1985-03-15', '--03-15', '--03-15', '1985-03-15', '', '', None]
    """
    v = str(value or "").strip()
    if not v or v in ("0/0/00", "00/00/0000", "0000-00-00"):
        return ""
    m = re.fullmatch(r"--(\d{2})-?(\d{2})", v)
    if m:
        year, month, day = "", m.group(1), m.group(2)
    elif (m := re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?", v)):
        year, month, day = m.groups()
    elif (m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", v)):
        month, day, year = m.group(1).zfill(2), m.group(2).zfill(2), m.group(3)
        if len(year) == 2:
            year = ("19" if int(year) > dt.date.today().year % 100 else "20") + year
    else:
        parsed = parse_dates(pd.Series([v]))
        if parsed.isna().iloc[0]:
            return None
        d = parsed.iloc[0]
        year, month, day = f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}"
    if year in _NO_YEAR:
        year = ""
    try:
        dt.date(int(year) if year else 2000, int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if year else f"--{month}-{day}"


def linkedin_in(values: Iterable[str]) -> str:
    """The first value that is a LinkedIn profile URL ('' if none)."""
    for v in values:
        if v and re.search(r"linkedin\.com/(in|pub)/", v, flags=re.I):
            return v.strip()
    return ""
