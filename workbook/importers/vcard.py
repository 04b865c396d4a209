"""vCard 2.1 / 3.0 / 4.0 (``.vcf``) through vobject.

Each card is parsed on its own, so one broken card is rejected (with the line it starts
on) and the rest land. Quoted-printable values (2.1, ``allowQP=True``), folded lines and
``CHARSET`` parameters are decoded by vobject. Embedded photos, logos, sounds and keys are
dropped before parsing (and counted) so large files stay light. Year-less birthdays
(``--0315``, Apple's ``X-APPLE-OMIT-YEAR``) keep only month and day.

Used: FN / N, EMAIL (all), TEL (all), ORG (first part), TITLE, NOTE, BDAY, ADR (city),
URL and X-SOCIALPROFILE (LinkedIn), CATEGORIES (``community`` tags).

>>> cards = list(split_cards("BEGIN:VCARD\\nFN:A\\nEND:VCARD\\nBEGIN:VCARD\\nFN:B\\nEND:VCARD\\n"))
>>> [(line, text.count("\\n")) for line, text, _ in cards]
[(1, 3), (4, 3)]
"""
from __future__ import annotations

import quopri
import re
from typing import Any, Iterator

import pandas as pd

from ._common import Source, decode_source, linkedin_in, normalise_birthday
from ._merge import clean_emails, upsert_contacts
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


def parse(source: Source, report: ImportReport, progress, fmt: str = "vcard"):
    dec = decode_source(source, report)
    if "BEGIN:VCARD" not in dec.text.upper():
        raise ImportRefused(f"{source.name} holds no vCard (no BEGIN:VCARD); nothing was imported.")
    import vobject

    rows: list[dict[str, Any]] = []
    photos = 0
    total = max(dec.text.upper().count("BEGIN:VCARD"), 1)
    for n, (line, card_text, dropped) in enumerate(split_cards(dec.text)):
        if n % 500 == 0:
            progress(n / total, "reading cards")
        photos += dropped
        row: dict[str, Any] = {"_line": line, "_reason": ""}
        if not card_text.rstrip().upper().endswith("END:VCARD"):
            row["_reason"] = "the card has no END:VCARD"
            rows.append(row)
            continue
        if re.search(r"^VERSION:\s*2\.1\s*$", card_text, flags=re.I | re.M):
            card_text = prepare_v21(card_text)
        try:
            card = vobject.readOne(card_text, allowQP=True)
            row.update(_fields(card))
        except Exception as exc:  # noqa: BLE001 - vobject raises many kinds; the card is rejected
            row["_reason"] = f"the card could not be read ({str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__})"
        rows.append(row)
    if photos:
        report.warn(f"{photos} embedded photo(s) were not imported (the workbook keeps no pictures).")
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=["_line", "_reason"])
    emails, bad, exchange = clean_emails(frame.get("emails", pd.Series([""] * len(frame))).fillna(""))
    frame["emails"] = emails
    bad_reason = pd.Series([f"{b[:60]!r} is not an email address" if b else "" for b in bad], index=frame.index,
                           dtype=object)
    frame["_reason"] = frame["_reason"].where(frame["_reason"] != "", bad_reason)
    birthdays = frame.get("birthday", pd.Series([""] * len(frame))).fillna("").map(normalise_birthday)
    if int(birthdays.isna().sum()):
        report.warn(f"{int(birthdays.isna().sum())} birthday(s) could not be read and were left out.")
    frame["birthday"] = birthdays.fillna("")
    frame["_pos"] = range(len(frame))
    return frame


def _values(card, name: str) -> list[Any]:
    return [c.value for c in card.contents.get(name, [])]


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value if v).strip()
    return str(value or "").strip()


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
    out["first_name"], out["last_name"] = first, last
    out["emails"] = " ::: ".join(_text(v) for v in _values(card, "email"))
    out["phones"] = ";".join(dict.fromkeys(_text(v) for v in _values(card, "tel") if _text(v)))
    org = _values(card, "org")
    if org:
        o = org[0]
        out["company"] = (o[0] if isinstance(o, (list, tuple)) and o else _text(o)).strip()
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
        for c in cats if isinstance(cats, (list, tuple)) else str(cats).split(","):
            if str(c).strip():
                tags.append(("community", str(c).strip()))
    out["tags"] = tags
    return out


def write(ctx, frame: pd.DataFrame) -> None:
    ctx.report.rows_read += len(frame)
    lines = frame["_line"].tolist()
    upsert_contacts(ctx.book, ctx.index, frame, source=SOURCE, report=ctx.report,
                    lines=lambda positions: [lines[p] for p in positions], progress=ctx.progress)
