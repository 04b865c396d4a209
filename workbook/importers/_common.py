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

import csv
import datetime as dt
import functools
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from ..store import date_bounds  # noqa: F401 - one definition of the dates a workbook accepts
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


@dataclass
class Decoded:
    """Text of a file, normalised to ``\\n`` line ends, and the encoding it was read with."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    #: The original bytes when they are exactly ``text`` in UTF-8 (saves re-encoding big files).
    raw: bytes | None = None


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
    lines = text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES]
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
    body: str  # the text after the header line
    file: str = ""
    _lines: np.ndarray | None = None

    def line_of(self, positions: Iterable[int]) -> list[int]:
        """1-based line numbers (as an editor shows them) of the records at these row positions."""
        if self._lines is None:
            self._lines = _record_lines(self.body, self.header, len(self.frame))
        return [int(self._lines[p]) for p in positions]


def read_table(source: "Decoded | str", header: Header, *, file: str = "", usecols: Iterable[str] | None = None) -> Table:
    """Parse the records below ``header`` into strings.

    Ordinary files go through the ``csv`` module, which knows each record's line and field
    count: a row with more values than the header has columns (beyond empty trailing ones) or
    fewer is marked in ``_extra`` and rejected by the importer. Huge files where only some
    columns matter (``usecols``, e.g. LinkedIn's messages.csv) go through pandas' C parser,
    which is several times faster; there extra values are ignored.
    """
    text = source.text if isinstance(source, Decoded) else source
    raw = source.raw if isinstance(source, Decoded) else None
    start = _offset_after_line(text, header.line)
    body = text[start:]
    cols = header.columns
    if len(set(cols)) != len(cols):
        cols = _dedupe(cols)
    wanted = None if usecols is None else {header_key(c) for c in usecols}
    keep = [c for c in cols if wanted is None or header_key(c) in wanted]
    if usecols is not None:
        data = raw[len(text[:start].encode("utf-8")):] if raw is not None else body.encode("utf-8")
        try:
            frame = pd.read_csv(
                io.BytesIO(data), sep=header.delimiter, header=None, names=cols, usecols=keep, index_col=False,
                dtype=object, na_filter=False, keep_default_na=False, skip_blank_lines=True, quotechar='"',
                doublequote=True, encoding="utf-8", engine="c",
            )
            frame = frame[keep].reset_index(drop=True).astype(object)
            frame["_extra"] = ""
            return Table(frame=frame, header=header, body=body, file=file)
        except (pd.errors.ParserError, ValueError):
            pass
    frame, lines = _read_rows(body, header.delimiter, cols, keep, header.line + 2)
    return Table(frame=frame, header=header, body=body, file=file, _lines=lines)


def _dedupe(cols: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in cols:
        n = seen.get(c, 0)
        seen[c] = n + 1
        out.append(c if n == 0 else f"{c}.{n}")
    return out


def _offset_after_line(text: str, line: int) -> int:
    pos = 0
    for _ in range(line + 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _read_rows(body: str, delim: str, cols: list[str], keep: list[str], first: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Records below the header with the csv module: (frame with ``_extra``, 1-based start lines)."""
    idx = [cols.index(c) for c in keep]
    n = len(cols)
    rows, extra, lines = [], [], []
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delim)
    end = 0
    for row in reader:
        start, end = end + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        width = len(row)
        while width > n and not row[width - 1].strip():
            width -= 1  # empty trailing values (a trailing separator) do no harm
        if width != n and not (n == 1 and width == 0):
            extra.append(f"has {width} value{'s' if width != 1 else ''} but the header has {n} columns")
        else:
            extra.append("")
        if len(row) < n:
            row = row + [""] * (n - len(row))
        rows.append([row[i] for i in idx])
        lines.append(start + first - 1)
    frame = pd.DataFrame(rows, columns=keep, dtype=object) if rows else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in keep})
    frame["_extra"] = pd.Series(extra, dtype=object)
    return frame, np.asarray(lines, dtype=np.int64)


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
                return frame[c].astype(object).fillna("")
            return pd.Series(clean_strings(frame[c].tolist()), index=frame.index, dtype=object)
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


# NUL joins a column (it is not whitespace, and values holding one need cleaning anyway).
_UNTIDY = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")


def clean_strings(values: list) -> list[str]:
    """Values as stripped strings without NUL characters, accents in one (NFC) spelling.

    Checks the whole column at once first (one join, one scan): tidy columns, the usual case,
    cost no per-value work at all.

    >>> clean_strings([" Ada ", "Zoe\u0308", None, "ok"])
    ['Ada', 'Zoë', '', 'ok']
    """
    if values and set(map(type, values)) == {str}:
        joined = "\x00".join(values)
        if joined.count("\x00") == len(values) - 1:
            if joined.isascii():
                # Substring searches run at memchr speed; a regex would scan every character.
                tidy = not any(f"\x00{w}" in joined or f"{w}\x00" in joined for w in " \t\n\r\x0b\x0c")
                tidy = tidy and joined[:1] not in " \t\n\r\x0b\x0c" and joined[-1:] not in " \t\n\r\x0b\x0c"
            else:
                tidy = not _UNTIDY.search(joined) and unicodedata.is_normalized("NFC", joined)
            if tidy:
                return list(values)
    out = []
    for v in values:
        v = _strip(v).replace("\x00", "")
        out.append(v if v.isascii() else unicodedata.normalize("NFC", v))
    return out


def parse_dates(raw: pd.Series, formats: Iterable[str] = _DATE_FORMATS) -> pd.Series:
    """Parse date strings to ``datetime64[s]`` (any year 1-9999; NaT where blank or unreadable),
    trying each format on what is still unparsed, so one file may mix formats. Times and time
    zones are dropped.

    >>> parse_dates(pd.Series(["15 Mar 2024", "2023-06-11 15:33:58 UTC", "3/5/26, 1:45 AM", "", "soon"])).dt.strftime("%Y-%m-%d").tolist()
    ['2024-03-15', '2023-06-11', '2026-03-05', nan, nan]
    """
    values = raw.tolist()
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
    # Values that start with an ISO day (LinkedIn's "2023-06-11 15:33:58 UTC", ISO stamps) are read
    # by their first ten characters: pandas' fast ISO path, and the day as written.
    days = pd.Series([v[:10] if v.__class__ is str else "" for v in values], index=raw.index, dtype=object)
    parsed = pd.to_datetime(days, format="%Y-%m-%d", errors="coerce").dropna()
    if not parsed.empty:
        out.loc[parsed.index] = parsed.astype("datetime64[s]")
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



_COMBINING = re.compile(r"[\u0300-\u036f]")
_PUNCT = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """Compare names ignoring case, accents, punctuation and spacing."""
    text = str(name or "")
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_PUNCT.sub("", text.casefold()).split())


_COMPANY_SUFFIX = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|sarl|bv|nv|oy|ab|as|spa|srl|pty|co|corp|"
    r"corporation|company|group|holding|holdings)\b"
)


@functools.lru_cache(maxsize=65_536)
def company_key(company: str) -> str:
    """Compare companies ignoring case, punctuation and legal suffixes (Inc, Ltd, GmbH...)."""
    return " ".join(_COMPANY_SUFFIX.sub(" ", name_key(company)).split())


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
