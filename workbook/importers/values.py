"""One value at a time: strings cleaned, dates read, emails, phones and birthdays checked.

Every importer cleans values here, each distinct value once (columns repeat themselves), and a
value that cannot be read is dropped on its own: the person it belongs to is kept.

>>> clean_strings([" Ada ", None]), is_email("ada@example.com"), normalise_birthday("--0315")
(['Ada', ''], True, '--03-15')
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Iterable

import numpy as np
import pandas as pd

from ..core.dates import date_bounds
from ..core.text import _COMBINING

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


# ----------------------------------------------------------------------------- phones and labels

_TEL_URI = re.compile(r"^tel:", re.I)
#: One ordinary number (at least three digits, nothing but digits, spaces, + - . ( ) /).
_DIGITS = str.maketrans("", "", "0123456789")
_PLAIN_PHONE = re.compile(r"[+(]?\d[\d().\-/ ]*")
_EXT = re.compile(r"\s*(?:;\s*ext\s*=|\bext\.?|\bx(?=\s*\d))\s*(\d+)\s*$", re.I)
#: Spreadsheets turn long numbers into "4.47712E+11": the digits that matter are gone.
_SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?E\+?\d+$", re.I)


def clean_phone(value: str) -> tuple[str, str]:
    """(phone as stored, '' ) or ('', why) for one phone value. vCard 4.0 ``tel:`` URIs lose the
    scheme and keep their extension in the number (``;ext=`` would read as a second phone).

    >>> [clean_phone(v) for v in ("tel:+1-555-555-0100;ext=102", "+44 20 7946 0958", "n/a", "4.47712E+11", "")]
    [('+1-555-555-0100 ext. 102', ''), ('+44 20 7946 0958', ''), ('', "'n/a' is not a phone number"), ('', "'4.47712E+11' is not a phone number (a spreadsheet rounded it)"), ('', '')]
    """
    v = " ".join(str(value or "").split())
    if not v:
        return "", ""
    if _TEL_URI.match(v):
        v = _TEL_URI.sub("", v)
        ext = re.search(r";\s*ext\s*=\s*(\d+)", v, flags=re.I)
        v = v.split(";", 1)[0] + (f" ext. {ext.group(1)}" if ext else "")
    elif (m := _EXT.search(v)) and sum(c.isdigit() for c in v[:m.start()]) >= 3:
        v = f"{v[:m.start()].rstrip(' ,;')} ext. {m.group(1)}"
    if _SCIENTIFIC.match(v):
        return "", f"{v[:40]!r} is not a phone number (a spreadsheet rounded it)"
    if sum(c.isdigit() for c in v) < 3 or ";" in v:
        return "", f"{v[:40]!r} is not a phone number"
    return v, ""


def clean_phones(values: Iterable[str]) -> tuple[list[str], list[str]]:
    """Multi-valued phone cells (`` ::: ``, ``;`` or newlines between numbers) to ';'-joined phones,
    and the first unusable value per cell. Each distinct cell is cleaned once.

    >>> clean_phones(["+1 555 0100 ::: n/a", "", "+1 555 0100;+1 555 0100"])
    (['+1 555 0100', '', '+1 555 0100'], ["'n/a' is not a phone number", '', ''])
    """
    values = [v if v.__class__ is str else ("" if v is None or v != v else str(v)) for v in values]
    done: dict[str, tuple[str, str]] = {}
    for cell in dict.fromkeys(values):
        if _PLAIN_PHONE.fullmatch(cell) and "  " not in cell and cell == cell.strip() and \
                len(cell) - len(cell.translate(_DIGITS)) >= 3:  # one ordinary number: the usual case
            done[cell] = (cell, "")
            continue
        phones: list[str] = []
        bad = ""
        # A tel: URI carries ';ext=': split on ';' only where a new number starts.
        for part in re.split(r"\s*:::\s*|\n|;(?!\s*(?:ext|phone-context|isub)\s*=)", cell):
            phone, why = clean_phone(part)
            if phone and phone not in phones:
                phones.append(phone)
            bad = bad or why
        done[cell] = (";".join(phones), bad)
    return [done[v][0] for v in values], [done[v][1] for v in values]


#: Google's system groups (with or without the leading ``* ``), in the spellings its exports use.
SYSTEM_LABELS = {"mycontacts", "my contacts", "starred", "other contacts", "othercontacts", "chatbuddies",
                 "chat buddies"}


def community_labels(cell: str, sep: str = ":::") -> list[tuple[str, str]]:
    """Labels as ``community`` tags, without system groups (``* myContacts``, ``* starred``,
    ``System Group: My Contacts``) and "Imported on ..." stamps. A leading ``* `` marks a label
    Google made, so it is never a community.

    >>> community_labels("* myContacts ::: * starred ::: Climbing Club ::: Starred ::: My Contacts")
    [('community', 'Climbing Club')]
    """
    out: list[tuple[str, str]] = []
    for raw in str(cell or "").split(sep):
        raw = raw.strip()
        if raw.startswith("*"):
            continue
        label = re.sub(r"^System Group:\s*", "", strip_label(raw), flags=re.I)
        key = label.casefold()
        if (label and key not in SYSTEM_LABELS and not key.startswith("imported on")
                and ("community", label) not in out and not raw.lower().startswith("system group:")):
            out.append(("community", label))
    return out
