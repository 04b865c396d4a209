"""Bytes to text: what a file is, which encoding it is in, and its text with ``\\n`` line ends.

Files come as UTF-8 (with or without BOM), UTF-16 (with or without BOM), Windows-1252, or a
mix: a file edited by two programs holds UTF-8 lines and Windows-1252 lines, and a vCard 2.1
declares a ``CHARSET`` per value. Each piece is decoded by what it is, never the whole file
by a guess that breaks the other half.

>>> decode(b"\\xef\\xbb\\xbfName\\r\\nAda\\r\\n").text
'Name\\nAda\\n'
>>> decode("Zoë".encode("cp1252")).encoding
'cp1252'
>>> decode("Zoë\\n".encode() + "Zoë\\n".encode("cp1252")).text
'Zoë\\nZoë\\n'
"""
from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from ._common import Source

#: Physical lines searched for a CSV header (LinkedIn puts a "Notes:" preamble first).
HEADER_SEARCH_LINES = 60

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
            text, enc, warning = decode_mixed(data)
            warnings.append(warning)
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


# ----------------------------------------------------------------------------- mixed and declared encodings

_NOT_UTF8_WARNING = ("This file is not UTF-8; it was read as Windows-1252 (Western European). Check that "
                     "accented names look right; if not, save the file as UTF-8 and import it again.")


def decode_mixed(data: bytes) -> tuple[str, str, str]:
    """(text, encoding, warning) for bytes that are not all UTF-8. When no line holds UTF-8 beyond
    ASCII the whole file is Windows-1252; else each line is read as UTF-8 when it is valid UTF-8 and
    as Windows-1252 when not, so a file whose rows were saved by two programs reads right.

    >>> text, enc, _ = decode_mixed("Zoë\\n".encode() + "Zoë".encode("cp1252"))
    >>> text, enc
    ('Zoë\\nZoë', 'utf-8 and cp1252')
    >>> decode_mixed("Zoë".encode("cp1252"))[1]
    'cp1252'
    """
    lines = data.split(b"\n")
    out: list[str] = []
    utf8 = 0
    for line in lines:
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        try:
            out.append(line.decode("utf-8"))
            utf8 += 1
        except UnicodeDecodeError:
            out.append(_decode_cp1252(line))
    if not utf8:
        return _decode_cp1252(data), "cp1252", _NOT_UTF8_WARNING
    return "\n".join(out), "utf-8 and cp1252", (
        "Some lines of this file are not UTF-8 (rows saved by another program?): they were read as "
        "Windows-1252 (Western European), the rest as UTF-8. Check that accented names look right.")


#: Single-byte charsets that never fail to decode, so a value declared in one but written in UTF-8
#: (a common lie) can only be caught by trying UTF-8 first.
_WESTERN = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "iso-8859-15", "cp1252", "windows-1252",
            "us-ascii", "ascii", "8859-1"}


def decode_value(raw: bytes, charset: str | None) -> str:
    """One value's bytes in the charset its property declares (vCard 2.1 ``CHARSET=``), else UTF-8,
    else Windows-1252. A Western charset declared on valid UTF-8 is taken to be UTF-8.

    >>> decode_value("山田".encode("shift_jis"), "SHIFT_JIS"), decode_value("Zoë".encode(), "ISO-8859-1")
    ('山田', 'Zoë')
    >>> decode_value("Zoë".encode("latin-1"), "ISO-8859-1"), decode_value(b"caf\\xe9", "NO-SUCH-CHARSET")
    ('Zoë', 'café')
    """
    if raw.isascii():
        return raw.decode("ascii")
    cs = (charset or "").strip().strip('"').lower()
    if cs and cs not in ("utf-8", "utf8") and not (cs in _WESTERN and _is_utf8(raw)):
        try:
            return raw.decode(cs)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_cp1252(raw)


def decode_lines(data: bytes, charset_of: Callable[[bytes], "tuple[int, str] | None"]) -> tuple[str, str]:
    """Decode line by line: where ``charset_of(line)`` gives (where the value starts, charset), that
    value (and the folded lines after it) in that charset, every other line by :func:`decode_value`.
    Returns (text with ``\\n`` line ends, encodings seen). CR CR LF (as some phones write) is one line end.

    >>> decode_lines(b"N;CHARSET=SHIFT_JIS:" + "山田".encode("shift_jis") + b"\\r\\r\\nFN:Zo\\xc3\\xab\\r\\r\\n",
    ...              lambda l: (l.index(b":") + 1, "shift_jis") if b"CHARSET" in l else None)
    ('N;CHARSET=SHIFT_JIS:山田\\nFN:Zoë\\n', 'shift_jis, utf-8')
    """
    seen: dict[str, None] = {}
    out: list[str] = []
    charset: str | None = None
    for line in data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
        if line[:1] in (b" ", b"\t") and charset:  # a folded continuation keeps its property's charset
            out.append(decode_value(line, charset))
            continue
        found = charset_of(line) if b"=" in line else None
        start, charset = found if found else (0, None)
        value = line[start:]
        if not value.isascii():
            seen[(charset or "utf-8").lower() if _is_utf8(value) or charset else "cp1252"] = None
        out.append(line[:start].decode("ascii", errors="replace") + decode_value(value, charset))
    return "\n".join(out), ", ".join(seen) or "utf-8"
