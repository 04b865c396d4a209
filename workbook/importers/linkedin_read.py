"""Reading a LinkedIn data export: its files recognised by their headers, each parsed into a frame.

The files and columns read are listed in :mod:`workbook.importers.linkedin`; writing them into a
workbook lives there too. Nothing here touches a workbook.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._common import (
    Header,
    Table,
    column,
    date_reasons,
    find_header,
    has_all,
    name_key,
    parse_dates,
)
from ..core.text import has_text
from ._merge import clean_emails, linkedin_keys

SOURCE = "linkedin"
_SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("connections", ("First Name", "Last Name", "Connected On")),
    ("messages", ("CONVERSATION ID", "FROM", "DATE")),
    ("messages_old", ("From", "To", "Date", "Content", "Direction")),  # exports before ~2019
    ("invitations", ("From", "To", "Sent At", "Direction")),
    ("recommendations", ("First Name", "Last Name", "Text", "Creation Date")),
    ("endorsements_given", ("Endorsement Date", "Skill Name", "Endorsee First Name")),
    ("endorsements_received", ("Endorsement Date", "Skill Name", "Endorser First Name")),
    ("profile", ("First Name", "Last Name", "Headline")),
    ("positions", ("Company Name", "Title", "Started On")),
    ("education", ("School Name", "Start Date")),
    ("email_addresses", ("Email Address", "Primary")),
)
_MESSAGE_COLUMNS = ("CONVERSATION ID", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS", "DATE",
                    "IS MESSAGE DRAFT", "CONTENT")
_OLD_MESSAGE_COLUMNS = ("From", "To", "Date", "Direction", "Content")
#: Connected On as spreadsheets re-save it (``20-Feb-22``, ``20-Feb-2022``, ``2/20/2022 0:00``), after
#: the shared formats; slashed dates are read day first when the column shows it (a first part > 12).
_SPREADSHEET_DATES = ("%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%b %d %Y", "%m/%d/%Y %H:%M", "%m/%d/%y %H:%M",
                      "%Y/%m/%d %H:%M", "%d.%m.%y")
_DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y", "%d/%m/%Y %H:%M", "%d/%m/%y %H:%M")
#: The order files are applied in: the profile first (it says who "you" are), people before history.
_ORDER = ("profile", "email_addresses", "positions", "education", "skills", "connections", "invitations", "messages",
          "recommendations_given", "recommendations_received", "endorsements_given", "endorsements_received")


def identify(text: str, name: str) -> tuple[str, Header] | None:
    """(kind, header) of a LinkedIn CSV from its content, or None."""
    for kind, cols in _SIGNATURES:
        need = has_all(*cols)
        # The workbook's own contacts export also has First/Last Name and Connected On; its
        # full_name column tells it apart.
        header = find_header(text, lambda keys, need=need: 0.0 if "fullname" in keys else need(keys))
        if header is not None:
            return kind, header
    base = name.rsplit("/", 1)[-1].lower()
    if "skill" in base:
        header = find_header(text, lambda keys: 1.0 if keys == {"name"} else 0.0)
        if header is not None:
            return "skills", header
    return None


def sniff(text: str, name: str) -> bool:
    """True when the text is one of the LinkedIn export's CSV files."""
    return identify(text, name) is not None


@dataclass
class Part:
    kind: str
    file: str  # member name shown in rejections ('' for a single file)
    table: Table
    frame: pd.DataFrame


@dataclass
class Parsed:
    parts: dict[str, list[Part]] = field(default_factory=dict)
    #: Shares.csv / Comments.csv as they came (member name -> bytes): only counted when written
    #: (:mod:`workbook.importers.linkedin_activity`), their text never stored.
    activity: dict[str, bytes] = field(default_factory=dict)


# ----------------------------------------------------------------------------- reading


def _first_reason(*reasons: pd.Series) -> pd.Series:
    out = reasons[0]
    for r in reasons[1:]:
        out = out.where(out != "", r)
    return out


def _extra_reason(table: Table) -> pd.Series:
    return table.frame["_extra"].astype(object).fillna("")


def _each_distinct(values: pd.Series, fn) -> np.ndarray:
    """``fn`` of every value (an object array), calling it once per distinct value.

    >>> _each_distinct(pd.Series(["a", "b", "a"]), str.upper).tolist()
    ['A', 'B', 'A']
    """
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    # Code -1 (a missing value) picks the trailing ''.
    return np.array([fn(v) for v in distinct] + [""], dtype=object)[codes]


def _url_keys(urls: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(normalised LinkedIn URL per row, True where that is ''), normalising each distinct value once."""
    codes, distinct = pd.factorize(urls.to_numpy(dtype=object))
    keys = np.array(linkedin_keys(list(distinct)) + [""], dtype=object)  # code -1 (missing) picks ''
    return keys[codes], (keys == "")[codes]


def _name_key(name: str) -> str:
    return "name:" + name_key(name)


def _is_yes(flag: str) -> bool:
    return flag.lower() in ("yes", "true", "1")


def _keys(urls: pd.Series, names: pd.Series) -> pd.Series:
    """A participant key per row: the normalised URL, else ``name:`` + the name key."""
    key, missing = _url_keys(urls)
    if missing.any():
        key[missing] = _each_distinct(names[missing], _name_key)
    return pd.Series(key, index=urls.index, dtype=object)


def connection_date_formats(raw: pd.Series) -> tuple[str, ...]:
    """The formats Connected On is tried in: the shared ones plus spreadsheet re-saves, with
    slashed dates day first when some value can only be day first (``20/02/2022``).

    >>> connection_date_formats(pd.Series(["20/02/2022", "3/4/2022"]))[0]
    '%d/%m/%Y'
    >>> "%d-%b-%y" in connection_date_formats(pd.Series(["20-Feb-22"]))
    True
    """
    import inspect

    shared = tuple(inspect.signature(parse_dates).parameters["formats"].default)
    first = raw[raw.str.contains("/", regex=False, na=False)].str.extract(r"^\s*(\d{1,2})/(\d{1,2})/")
    day_first = bool(len(first.dropna())) and (first[0].astype(float) > 12).any() and not (first[1].astype(float) > 12).any()
    return (_DAY_FIRST + shared + _SPREADSHEET_DATES) if day_first else (shared + _SPREADSHEET_DATES + _DAY_FIRST)


def _connections(table: Table, kind: str) -> pd.DataFrame:
    f = table.frame
    raw_date = column(f, "Connected On")
    dates = parse_dates(raw_date, connection_date_formats(raw_date))
    emails, bad, _ = clean_emails(column(f, "Email Address", "E-mail Address", "Email"))
    bad = pd.Series([f"{b[:60]!r} is not an email address" if b else "" for b in bad], index=f.index, dtype=object)
    # One bad value never costs the person: an unreadable email or date is left out with a row note.
    date_bad = date_reasons(raw_date, dates, "Connected On", required=False)
    dates = dates.where(date_bad == "")
    notes = [("; ".join(n for n in pair if n)) for pair in zip(bad, date_bad)]
    out = pd.DataFrame({
        "first_name": column(f, "First Name"),
        "last_name": column(f, "Last Name"),
        "linkedin_url": column(f, "URL", "Profile URL"),
        "emails": emails,
        "company": column(f, "Company"),
        "position": column(f, "Position"),
        "connected_on": dates.dt.strftime("%Y-%m-%d").fillna(""),
        "_pos": np.arange(len(f)),
        "_reason": _extra_reason(table),
        "_notes": pd.Series(notes, index=f.index, dtype=object),
    }, index=f.index)
    # A spreadsheet saves the preamble's blank lines and trailing rows as bare commas: not records.
    cells = [c for c in f.columns if c != "_extra"]
    empty = ~np.logical_or.reduce([has_text(f[c]) for c in cells]) if cells else None
    return out if empty is None or not empty.any() else out[~empty]


def _messages(table: Table, kind: str) -> pd.DataFrame:
    f = table.frame
    # The biggest file of an export: columns are taken as they are (dates, URLs and name keys
    # are normalised by their readers), so 200,000 messages read in well under a second.
    raw = column(f, "DATE", strip=False)
    dates = parse_dates(raw)
    s_name = column(f, "FROM", strip=False)
    return pd.DataFrame({
        "conv": column(f, "CONVERSATION ID"),
        "day": dates,
        "s_key": _keys(column(f, "SENDER PROFILE URL", strip=False), s_name),
        "s_name": s_name,
        "r_urls": column(f, "RECIPIENT PROFILE URLS", strip=False),
        "r_names": column(f, "TO", strip=False),
        "draft": _each_distinct(column(f, "IS MESSAGE DRAFT"), _is_yes).astype(bool),
        "content": column(f, "CONTENT", strip=False),
        "_pos": np.arange(len(f)),
        "_reason": _first_reason(_extra_reason(table), date_reasons(raw, dates, "DATE")),
    }, index=f.index)


def _messages_old(table: Table, kind: str) -> pd.DataFrame:
    """The older messages.csv (``From,To,Date,Subject,Content,Direction``): names only, no
    conversation ids; each counterpart is one conversation, Direction says who wrote."""
    f = table.frame
    raw = column(f, "Date", strip=False)
    dates = parse_dates(raw)
    s_name, r_name = column(f, "From"), column(f, "To")
    direction = column(f, "Direction").str.upper()
    outgoing = direction.str.startswith("OUT").to_numpy(dtype=bool)
    other = np.where(outgoing, r_name.to_numpy(dtype=object), s_name.to_numpy(dtype=object))
    return pd.DataFrame({
        "conv": _each_distinct(pd.Series(other, index=f.index), lambda n: "old:" + name_key(n)),
        "day": dates,
        "s_key": _each_distinct(s_name, _name_key),
        "s_name": s_name,
        "r_urls": "",
        "r_names": r_name,
        "draft": False,
        "content": column(f, "Content", strip=False),
        "outgoing": outgoing,
        "_pos": np.arange(len(f)),
        "_reason": _first_reason(
            _extra_reason(table), date_reasons(raw, dates, "Date"),
            direction.map(lambda d: "" if d.startswith(("OUT", "IN")) else "Direction is neither INCOMING nor OUTGOING"),
        ),
    }, index=f.index)


def _invitations(table: Table, kind: str) -> pd.DataFrame:
    f = table.frame
    raw = column(f, "Sent At")
    dates = parse_dates(raw)
    direction = column(f, "Direction").str.upper()
    outgoing = direction.str.startswith("OUT")
    url = column(f, "inviteeProfileUrl").where(outgoing, column(f, "inviterProfileUrl"))
    name = column(f, "To").where(outgoing, column(f, "From"))
    bad_dir = ~direction.isin(["OUTGOING", "INCOMING"])
    return pd.DataFrame({
        "day": dates,
        "key": _keys(url, name),
        "name": name,
        "direction": np.where(outgoing, "outbound", "inbound"),
        "note": column(f, "Message"),
        "_pos": np.arange(len(f)),
        "_reason": _first_reason(
            _extra_reason(table), date_reasons(raw, dates, "Sent At"),
            bad_dir.map(lambda b: "Direction is neither INCOMING nor OUTGOING" if b else ""),
        ),
    }, index=f.index)


def _recommendations(table: Table, kind: str) -> pd.DataFrame:
    f = table.frame
    raw = column(f, "Creation Date", "Created Date")
    dates = parse_dates(raw)
    name = (column(f, "First Name") + " " + column(f, "Last Name")).str.strip()
    status = column(f, "Status").str.upper()
    return pd.DataFrame({
        "day": dates,
        "name": name,
        "company": column(f, "Company"),
        "note": column(f, "Text", "Body"),
        "skip": status.str.contains("REJECT|WITHDRAW|DECLIN", regex=True),
        "_pos": np.arange(len(f)),
        "_reason": _first_reason(
            _extra_reason(table), date_reasons(raw, dates, "Creation Date"),
            name.map(lambda s: "" if s else "no name"),
        ),
    }, index=f.index)


def _endorsements(table: Table, kind: str) -> pd.DataFrame:
    f = table.frame
    who = "Endorsee" if kind.endswith("given") else "Endorser"
    raw = column(f, "Endorsement Date")
    dates = parse_dates(raw)
    name = (column(f, f"{who} First Name") + " " + column(f, f"{who} Last Name")).str.strip()
    status = column(f, "Endorsement Status").str.upper()
    return pd.DataFrame({
        "day": dates,
        "key": _keys(column(f, f"{who} Public Url"), name),
        "name": name,
        "skill": column(f, "Skill Name"),
        "skip": status.str.contains("REJECT|HIDDEN|WITHDRAW", regex=True),
        "_pos": np.arange(len(f)),
        "_reason": _first_reason(_extra_reason(table), date_reasons(raw, dates, "Endorsement Date")),
    }, index=f.index)


def _plain(table: Table, kind: str) -> pd.DataFrame:
    return table.frame.assign(_pos=np.arange(len(table.frame)))


_PARSERS = {
    "connections": _connections,
    "messages": _messages,
    "messages_old": _messages_old,
    "invitations": _invitations,
    "recommendations": _recommendations,
    "endorsements": _endorsements,
    "profile": _plain,
    "positions": _plain,
    "education": _plain,
    "skills": _plain,
    "email_addresses": _plain,
}
