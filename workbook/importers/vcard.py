"""vCard 2.1 / 3.0 / 4.0 (``.vcf``) through vobject.

Each card is parsed on its own: a line vobject cannot read is left out with a note (the card
is kept), and only a card without END:VCARD is rejected (with the line it starts on). Values
declaring a ``CHARSET`` (vCard 2.1: Shift_JIS, Latin-1...) are decoded by it, undeclared ones as
UTF-8 or else Windows-1252, value by value; CR CR LF line ends (iPhone) are one line end;
``PROFILE:VCard`` lines (Lotus Notes) are dropped; unescaped commas in FN / ORG / TITLE / NOTE
keep the whole value; ``tel:`` URIs keep their ``;ext=`` in the number. An unreadable email,
phone or birthday is left out with a note. Quoted-printable values (2.1, ``allowQP=True``), folded lines and
``CHARSET`` parameters are decoded by vobject. Embedded photos, logos, sounds and keys are
dropped before parsing (and counted) so large files stay light. Year-less birthdays
(``--0315``, Apple's ``X-APPLE-OMIT-YEAR``) keep only month and day.

Used: FN / N, EMAIL (all), TEL (all), ORG (first part), TITLE, NOTE, BDAY, ADR (city),
URL and X-SOCIALPROFILE (LinkedIn), CATEGORIES (``community`` tags, without Google's system
groups ``myContacts`` / ``starred``). A card with no name is named by its organisation.

>>> cards = list(split_cards("BEGIN:VCARD\\nFN:A\\nEND:VCARD\\nBEGIN:VCARD\\nFN:B\\nEND:VCARD\\n"))
>>> [(line, text.count("\\n")) for line, text, _ in cards]
[(1, 3), (4, 3)]
"""
from __future__ import annotations

import quopri
import re
from typing import Any, Iterator

import pandas as pd

from ._common import Source, _is_utf8, _looks_utf16, decode, decode_lines, linkedin_in, note_values, what_was_seen
from ._merge import upsert_contacts
from .fields import check_values
from .values import community_labels
from .report import ImportRefused, ImportReport

SOURCE = "vcard"
_BINARY_PROPS = re.compile(r"^(?:[\w-]+\.)?(PHOTO|LOGO|SOUND|KEY)[;:]", re.I)
_PROPERTY_LINE = re.compile(r"^(?:[\w-]+\.)?[A-Za-z][\w-]*[;:]")


def split_cards(text: str) -> Iterator[tuple[int, str, int]]:
    """(start line, card text without binary properties, photos dropped) for each card."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip().upper() != "BEGIN:VCARD":
            i += 1
            continue
        start = i
        out: list[str] = []
        photos = 0
        skipping = False
        while i < len(lines):
            line = lines[i]
            if i > start and line.strip().upper() == "BEGIN:VCARD":
                break  # the card had no END:VCARD; the next one starts here
            if skipping:
                # Folded or bare base64 continuation lines belong to the dropped property.
                if line[:1] in (" ", "\t") or (line.strip() and not _PROPERTY_LINE.match(line)) or not line.strip():
                    i += 1
                    if not line.strip():
                        skipping = False
                    continue
                skipping = False
            if _BINARY_PROPS.match(line):
                photos += 1
                skipping = True
                i += 1
                continue
            out.append(line)
            i += 1
            if line.strip().upper() == "END:VCARD":
                break
        yield start + 1, "\n".join(out) + "\n", photos


_V21_TEXT = re.compile(r"^(?:[\w-]+\.)?(?:FN|N|NOTE|TITLE|ORG|ROLE|ADR|LABEL|NICKNAME)$", re.I)
_PROP = re.compile(r"^((?:[\w-]+\.)?[A-Za-z][\w-]*)((?:;[^:]*)?):(.*)$")


def _escape_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def prepare_v21(card: str) -> str:
    r"""Rewrite a vCard 2.1 so vobject reads it the way its writer meant.

    Quoted-printable values are decoded here, soft line breaks and all: phones often break a
    line between the two bytes of one UTF-8 character, which vobject cannot decode. And 2.1 does
    not escape commas, while vobject reads text the 3.0 way (a note would end at its first
    comma), so commas and backslashes in text properties are escaped.

    >>> prepare_v21("VERSION:2.1\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:caf=C3=\n=A9, tea\nEND:VCARD\n")
    'VERSION:2.1\nNOTE:café\\, tea\nEND:VCARD\n'
    """
    lines = card.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _PROP.match(line)
        if not m:
            out.append(line)
            i += 1
            continue
        name, params, value = m.groups()
        plist = [p for p in params.split(";") if p]
        qp = any(p.upper() in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE") for p in plist)
        is_text = bool(_V21_TEXT.match(name))
        i += 1
        if qp:
            # Soft line breaks ("=" at the end) and, from sloppier writers, folded lines.
            while i < len(lines) and (value.endswith("=") or lines[i][:1] in (" ", "\t")):
                value = value[:-1] + lines[i] if value.endswith("=") else value + lines[i][1:]
                i += 1
            charset = next((p.split("=", 1)[1] for p in plist if p.upper().startswith("CHARSET=")), "utf-8")
            raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
            try:
                value = raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                value = raw.decode("utf-8", errors="replace") if charset.lower() != "utf-8" else raw.decode("cp1252", errors="replace")
            plist = [p for p in plist if p.upper() not in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE")
                     and not p.upper().startswith("CHARSET=")]
            if not is_text:
                value = value.replace("\r\n", " ").replace("\n", " ")
        if is_text:
            value = _escape_text(value)
            # Folded continuation lines of a text value get the same escaping.
            while not qp and i < len(lines) and lines[i][:1] in (" ", "\t"):
                value += _escape_text(lines[i][1:])
                i += 1
        out.append(name + "".join(";" + p for p in plist) + ":" + value)
    return "\n".join(out)


_ESCAPE_COMMAS = re.compile(r"^((?:[\w-]+\.)?(?:FN|NOTE|TITLE|ROLE|ORG|LABEL)(?:;[^:]*)?:)(.*)$", re.I)
#: Cards with none of these (folded lines, skipped properties, a space before the colon, a comma) are left as they are.
_NEEDS_PREPARING = re.compile(r"\n[ \t]|^(?:PROFILE|NAME|SOURCE):|^[^:;\n]*\s[;:]|,", re.I | re.M)
_SKIP_LINES = re.compile(r"^(?:PROFILE|NAME|SOURCE):", re.I)  # Lotus Notes' PROFILE:VCard, which vobject refuses


def prepare_card(card: str, *, escape_commas: bool = True) -> str:
    r"""Fix what real vCard 3.0 / 4.0 writers do and vobject refuses or misreads.

    Lines are unfolded first (not in a card with quoted-printable values, whose soft line
    breaks vobject joins itself). ``PROFILE:VCard`` lines (Lotus Notes) are dropped; spaces
    before the colon go; commas that a writer left unescaped in single-text properties
    (``FN:Lovelace, Ada``, ``ORG:Acme, Inc.``) are escaped, so the whole value is kept.

    >>> prepare_card("BEGIN:VCARD\nPROFILE:VCard\nFN :Lovelace, Ada\nNOTE:a\\, b\n  c\nEND:VCARD\n")
    'BEGIN:VCARD\nFN:Lovelace\\, Ada\nNOTE:a\\, b c\nEND:VCARD\n'
    """
    if not _NEEDS_PREPARING.search(card):
        return card
    if "QUOTED-PRINTABLE" not in card.upper():
        card = re.sub(r"\n[ \t]", "", card)
    out = []
    for line in card.split("\n"):
        if _SKIP_LINES.match(line):
            continue
        line = re.sub(r"^([^:;\s]*)\s+([;:])", r"\1\2", line, count=1)
        m = _ESCAPE_COMMAS.match(line) if escape_commas and "," in line else None
        if m:
            line = m.group(1) + re.sub(r"(?<!\\),", r"\\,", m.group(2))
        out.append(line)
    return "\n".join(out)


def drop_unreadable(card: str) -> tuple[str, list[str]]:
    r"""The card without the lines vobject cannot parse on their own, and those lines.

    >>> drop_unreadable("BEGIN:VCARD\nFN:Ada\nEMAIL;;;:\n::::\nEND:VCARD\n")
    ('BEGIN:VCARD\nFN:Ada\nEND:VCARD\n', ['EMAIL;;;:', '::::'])
    """
    from vobject.base import textLineToContentLine

    keep, bad = [], []
    for line in re.sub(r"\n[ \t]", "", card).split("\n"):
        if not line.strip():
            keep.append(line)
            continue
        try:
            textLineToContentLine(line)
            keep.append(line)
        except Exception:  # noqa: BLE001 - whatever vobject cannot read goes, alone
            bad.append(line)
    return "\n".join(keep), bad


_CHARSET = re.compile(rb"^(?:[\w-]+\.)?[A-Za-z][\w-]*(?:;[^:]*)?;CHARSET=([\w.-]+)[^:]*:", re.I)
_QP = re.compile(rb"QUOTED-PRINTABLE", re.I)
_OTHER_CHARSET = re.compile(rb"CHARSET=(?!\"?UTF-?8\b)", re.I)


def _declared_charset(line: bytes) -> tuple[int, str] | None:
    """(where the value starts, its charset) for a property with a ``CHARSET=`` that is not
    quoted-printable (a QP value is ASCII; :func:`prepare_v21` decodes it by the same charset)."""
    m = _CHARSET.match(line)
    if not m or _QP.search(line[:m.end()]):
        return None
    return m.end(), m.group(1).decode("ascii")


def decode_cards(data: bytes) -> tuple[str, str]:
    """A vCard file's text and the encodings seen. Values declaring a ``CHARSET`` (vCard 2.1:
    Shift_JIS, Latin-1...) are read in it, the rest as UTF-8 (or Windows-1252 where they are not);
    CR CR LF line ends (iPhone exports) are one line end.

    >>> decode_cards(b"BEGIN:VCARD\\r\\r\\nFN;CHARSET=SHIFT_JIS:" + "山田".encode("shift_jis") + b"\\r\\r\\nEND:VCARD\\r\\r\\n")
    ('BEGIN:VCARD\\nFN;CHARSET=SHIFT_JIS:山田\\nEND:VCARD\\n', 'shift_jis')
    """
    if (data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data[:4096])
            or (b"\r\r\n" not in data and not _OTHER_CHARSET.search(data) and _is_utf8(data))):
        dec = decode(data)  # the usual file: one encoding, nothing declared per value
        return dec.text, dec.encoding
    text, seen = decode_lines(data, _declared_charset)
    return text.lstrip("\ufeff"), seen


def parse(source: Source, report: ImportReport, progress, fmt: str = "vcard"):
    data = source.read()
    text, encoding = decode_cards(data)
    report.encoding = encoding
    if "cp1252" in encoding:
        report.warn("Some values in this file are not UTF-8 and declare no charset: they were read as Windows-1252 "
                    "(Western European). Check that accented names look right.")
    if "BEGIN:VCARD" not in text.upper():
        raise ImportRefused(f"{source.name} holds no vCard (no BEGIN:VCARD line; {what_was_seen(text, as_table=False)}). "
                            "A vCard file (.vcf) has cards from BEGIN:VCARD to END:VCARD; nothing was imported.")
    import vobject

    rows: list[dict[str, Any]] = []
    photos = 0
    total = max(text.upper().count("BEGIN:VCARD"), 1)
    for n, (line, card_text, dropped) in enumerate(split_cards(text)):
        if n % 500 == 0:
            progress(n / total, "reading cards")
        photos += dropped
        rows.append(_read_card(vobject, line, card_text, report))
    if photos:
        report.warn(f"{photos} embedded photo(s) were not imported (the workbook keeps no pictures).")
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=["_line", "_reason"])
    frame["_pos"] = range(len(frame))
    for col in ("emails", "phones", "birthday"):
        frame[col] = frame[col].fillna("") if col in frame else ""
    lines = frame["_line"].tolist()
    return check_values(frame, report, lambda positions: [lines[p] for p in positions])


def _read_card(vobject, line: int, card_text: str, report: ImportReport) -> dict[str, Any]:
    """One card's fields; lines vobject cannot read are left out (and noted), the card is kept."""
    row: dict[str, Any] = {"_line": line, "_reason": ""}
    if not card_text.rstrip().upper().endswith("END:VCARD"):
        row["_reason"] = "the card has no END:VCARD"
        return row
    if re.search(r"^VERSION:\s*2\.1\s*$", card_text, flags=re.I | re.M):
        card_text = prepare_card(prepare_v21(card_text), escape_commas=False)
    else:
        card_text = prepare_card(card_text)
    try:
        card = vobject.readOne(card_text, allowQP=True)
    except Exception:  # noqa: BLE001 - vobject raises many kinds; the unreadable lines go, the card stays
        card_text, bad = drop_unreadable(card_text)
        if bad:
            note_values(report, [line] * len(bad), [f"the vCard line {b[:60]!r} could not be read" for b in bad])
        try:
            card = vobject.readOne(card_text, allowQP=True)
        except Exception as exc:  # noqa: BLE001
            row["_reason"] = f"the card could not be read ({str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__})"
            return row
    row.update(_fields(card))
    return row


def _values(card, name: str) -> list[Any]:
    return [c.value for c in card.contents.get(name, [])]


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value if v).strip()
    return str(value or "").strip()


def _org(value: Any) -> str:
    """The organisation's name: ORG's first part (a list when commas split it)."""
    first = value[0] if isinstance(value, (list, tuple)) and value else value
    return _text(first).replace(" ,", ",")


def _fields(card) -> dict[str, Any]:
    out: dict[str, Any] = {}
    names = _values(card, "n")
    first = last = ""
    if names and hasattr(names[0], "given"):
        n = names[0]
        first, last = _text(n.given), _text(n.family)
        middle = _text(n.additional)
        out["full_name"] = " ".join(x for x in (first, middle, last) if x)
    fn = _values(card, "fn")
    if fn and _text(fn[0]):
        out["full_name"] = _text(fn[0])
    org = _values(card, "org")
    company = _org(org[0]) if org else ""
    if not out.get("full_name"):
        out["full_name"] = company  # a company card (X-ABShowAs:COMPANY) is named by its organisation
    out["first_name"], out["last_name"] = first, last
    out["emails"] = " ::: ".join(_text(v) for v in _values(card, "email"))
    # Raw numbers joined by the multi-value mark: check_values cleans them (tel: URIs, extensions).
    out["phones"] = " ::: ".join(dict.fromkeys(_text(v) for v in _values(card, "tel") if _text(v)))
    out["company"] = company
    title = _values(card, "title")
    out["position"] = _text(title[0]) if title else ""
    note = _values(card, "note")
    out["notes"] = "\n".join(_text(v) for v in note if _text(v))
    bday = card.contents.get("bday", [])
    if bday:
        value = _text(bday[0].value)
        omit = bday[0].params.get("X-APPLE-OMIT-YEAR")
        if omit and value.startswith(str(omit[0])):
            value = "--" + value[len(str(omit[0])):].lstrip("-")
        out["birthday"] = value
    urls = [_text(v) for v in _values(card, "url") + _values(card, "x-socialprofile")]
    out["linkedin_url"] = linkedin_in(urls)
    adr = _values(card, "adr")
    if adr and hasattr(adr[0], "city"):
        out["location"] = _text(adr[0].city)
    tags: list[tuple[str, str]] = []
    for cats in _values(card, "categories"):
        # Google's vCards carry its system groups here (CATEGORIES:myContacts,starred): not communities.
        for c in cats if isinstance(cats, (list, tuple)) else str(cats).split(","):
            tags.extend(t for t in community_labels(str(c)) if t not in tags)
    out["tags"] = tags
    return out


def write(ctx, frame: pd.DataFrame) -> None:
    ctx.report.rows_read += len(frame)
    lines = frame["_line"].tolist()
    upsert_contacts(ctx.book, ctx.index, frame, source=SOURCE, report=ctx.report,
                    lines=lambda positions: [lines[p] for p in positions], progress=ctx.progress)
