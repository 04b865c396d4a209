"""Generic CSV: a contacts table (``csv``) or an interaction log (``interactions-csv``).

Column names are matched ignoring case, spaces, dashes and underscores; any of the names in
a row of the tables below works; other columns are ignored. Comma, semicolon and tab
separators are detected.

**Contacts** (``--format csv``) need a name (Name, or First Name / Last Name) or an Email:

==============  ==================================================================
field           column names accepted
==============  ==================================================================
full_name       name, full name, display name, contact, contact name, person
first_name      first name, given name, first, forename
last_name       last name, family name, surname, last
emails          email, e-mail, email address, primary email, secondary email, email 2, work email,
                home email, other email... (every such column; several in a cell: ``;`` or `` ::: ``)
phones          phone, telephone, mobile, mobile phone, mobile number, cell, work phone, home phone,
                business phone, phone number, tel... (every such column)
linkedin_url    linkedin, linkedin url, linkedin profile, profile url, url; or a LinkedIn profile in
                web page, web page 1 / 2, website, homepage
company         company, company name, organisation, organization, employer, org
position        position, title, job title, role, job
industry        industry, sector
location        location, city, town, work city, home city, business city (the first one filled in)
how_met         how met, how we met, met at, met through
notes           notes, note, comments, comment
connected_on    connected on, met on, since, first met, date met (ISO dates are safest)
birthday        birthday, birth date, date of birth, dob; or Thunderbird's birth year / month / day
tags            interests, skills, values, goals, communities / groups, events, tags
                (``;``-separated; ``tags`` become interests)
==============  ==================================================================

**Interaction log** (``--format interactions-csv``) needs a date and who it was with:

==============  ==================================================================
date            date, when, day (required)
who             contact id, email, linkedin (url), or name / contact / with (exact)
channel         channel, medium, via: message, email, call, video, meeting, event,
                social, letter, other (also phone, zoom, coffee, sms, linkedin...)
direction       direction: inbound, outbound, mutual (also in, out, sent, received)
kind            kind, type: catch-up, support-given, referral-received, ... (schema)
note            note, notes, summary, subject
external_id     external id, id (optional; else a fingerprint of the row)
==============  ==================================================================

A row shorter than the header (the empty trailing fields left out, as Thunderbird writes them)
has its missing fields empty. An email, phone, date or birthday that cannot be read is left out
with a note naming its line; the person and the rest of the row are imported.

Defaults: channel ``other``, direction ``mutual``, kind ``catch-up``. Rows naming someone
who is not in the workbook are rejected (import your contacts first).

A cell that starts with a quote before ``=``, ``+``, ``-`` or ``@`` (how spreadsheets and the
workbook's own export keep formulas from running) is read without the quote, so an exported
``contacts.csv`` imports back to the same text.

>>> sniff("Name;Email;Company\\n", "x.csv")
'csv'
>>> sniff("date,email,channel,direction,note\\n", "x.csv")
'interactions-csv'
"""
from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..store import restore_cell
from ._common import (
    Header,
    Source,
    Table,
    what_was_seen,
    column,
    date_reasons,
    decode_source,
    find_header,
    header_key,
    parse_dates,
    read_table,
    split_multi,
)
from ._merge import external_id, upsert_contacts, write_interactions
from .fields import check_values
from .values import community_labels, linkedin_in
from .report import ImportRefused, ImportReport

SOURCE = "csv"
INTERACTIONS_SOURCE = "interactions-csv"

CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full name", "display name", "contact", "contact name", "person", "fn"),
    "first_name": ("first name", "given name", "first", "forename"),
    "last_name": ("last name", "family name", "surname", "last"),
    "emails": ("email", "e-mail", "email address", "e-mail address", "emails", "mail", "primary email",
               "secondary email", "email 1", "email 2", "email 3", "e-mail 2", "e-mail 3", "email 2 address",
               "e-mail 2 address", "e-mail 3 address", "work email", "home email", "personal email",
               "business email", "other email", "alternate email", "additional email"),
    "phones": ("phone", "phones", "telephone", "mobile", "phone number", "tel", "mobile phone", "mobile number",
               "cell", "cell phone", "cellphone", "work phone", "home phone", "business phone", "primary phone",
               "other phone", "phone 1", "phone 2", "phone 3", "office phone", "telephone number"),
    "linkedin_url": ("linkedin", "linkedin url", "linkedin profile", "profile url", "url"),
    "company": ("company", "organisation", "organization", "employer", "org", "company name", "organization name"),
    "position": ("position", "title", "job title", "role", "job"),
    "industry": ("industry", "sector"),
    "location": ("location", "city", "town", "work city", "home city", "business city"),
    "how_met": ("how met", "how we met", "met at", "met through"),
    "notes": ("notes", "note", "comments", "comment"),
    "connected_on": ("connected on", "met on", "since", "first met", "date met"),
    "birthday": ("birthday", "birth date", "date of birth", "dob", "birthdate"),
}
#: Fields gathered from every matching column (a person has several addresses and numbers).
MULTI_FIELDS = ("emails", "phones")
#: Web page columns (Thunderbird's Web Page 1 / 2): only a LinkedIn profile URL in them is kept.
WEB_COLUMNS = ("web page", "web page 1", "web page 2", "website", "homepage", "home page", "web site")
#: Thunderbird writes the birthday in three columns.
BIRTH_PARTS = ("birth year", "birth month", "birth day")
TAG_COLUMNS: dict[str, str] = {
    "interests": "interest", "interest": "interest", "tags": "interest",
    "skills": "skill", "skill": "skill",
    "values": "value", "value": "value",
    "goals": "goal", "goal": "goal",
    "communities": "community", "community": "community", "groups": "community",
    "events": "event", "event": "event",
}
INTERACTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "when", "day"),
    "contact_id": ("contact id", "contact_id"),
    "email": ("email", "e-mail", "email address"),
    "linkedin": ("linkedin", "linkedin url", "profile url", "url"),
    "name": ("name", "contact", "with", "person", "full name", "contact name"),
    "channel": ("channel", "medium", "via"),
    "direction": ("direction",),
    "kind": ("kind", "type"),
    "note": ("note", "notes", "summary", "subject"),
    "external_id": ("external id", "external_id", "id"),
}
CHANNEL_SYNONYMS = {
    "phone": "call", "phone call": "call", "telephone": "call", "zoom": "video", "teams": "video",
    "video call": "video", "coffee": "meeting", "lunch": "meeting", "in person": "meeting", "in-person": "meeting",
    "e-mail": "email", "mail": "email", "text": "message", "sms": "message", "whatsapp": "message",
    "chat": "message", "dm": "message", "linkedin": "social", "twitter": "social", "conference": "event",
}
DIRECTION_SYNONYMS = {
    "in": "inbound", "incoming": "inbound", "received": "inbound", "they": "inbound",
    "out": "outbound", "outgoing": "outbound", "sent": "outbound", "me": "outbound", "i": "outbound",
    "both": "mutual", "two-way": "mutual", "two way": "mutual",
}

_KEYS = {f: {header_key(a) for a in names} for f, names in CONTACT_COLUMNS.items()}
_WEB_KEYS = {header_key(a) for a in WEB_COLUMNS}
#: What a contacts table needs, said when a file is refused.
ACCEPTED = ("A contacts CSV needs a column named Name, Full Name or Display Name, First Name / Last Name, or "
            "Email / Primary Email (Google, Outlook, Thunderbird and LinkedIn exports are recognised by their own "
            "columns)")
_IKEYS = {f: {header_key(a) for a in names} for f, names in INTERACTION_COLUMNS.items()}


def _contacts_score(keys: set[str]) -> float:
    named = keys & (_KEYS["full_name"] | _KEYS["first_name"] | _KEYS["last_name"] | _KEYS["emails"])
    return 1.0 + len(keys & set().union(*_KEYS.values())) / 100 if named else 0.0


def _interactions_score(keys: set[str]) -> float:
    who = keys & (_IKEYS["contact_id"] | _IKEYS["email"] | _IKEYS["linkedin"] | _IKEYS["name"])
    what = keys & (_IKEYS["channel"] | _IKEYS["direction"] | _IKEYS["kind"])
    return 1.0 if (keys & _IKEYS["date"]) and who and what else 0.0


def sniff(text: str, name: str) -> str | None:
    """'interactions-csv' or 'csv' when the text is a table we can read, else None."""
    if find_header(text, _interactions_score) is not None:
        return "interactions-csv"
    if find_header(text, _contacts_score) is not None:
        return "csv"
    return None


def _pick(frame: pd.DataFrame, header: Header, names: set[str]) -> pd.Series:
    """Per row, the first non-empty value among the columns with one of these names (Thunderbird's
    Home City / Work City: whichever the person filled in)."""
    out = None
    for c in frame.columns:
        if header_key(c) in names:
            values = column(frame, c)
            out = values if out is None else out.where(out != "", values)
    return out if out is not None else pd.Series([""] * len(frame), index=frame.index, dtype=object)


def parse(source: Source, report: ImportReport, progress, fmt: str = "csv"):
    dec = decode_source(source, report)
    score = _interactions_score if fmt == "interactions-csv" else _contacts_score
    header = find_header(dec.text, score)
    if header is None:
        need = ("a date, who it was with (email, name or contact id) and a channel, direction or kind"
                if fmt == "interactions-csv" else "a Name (or First Name / Last Name) or Email column")
        raise ImportRefused(f"{source.name} has no header with {need}: it has {what_was_seen(dec.text)}. "
                            f"{ACCEPTED}; nothing was imported.")
    table = read_table(dec, header)
    if fmt == "interactions-csv":
        return fmt, table, _interaction_rows(table)
    return fmt, table, _contact_rows(table, report)


def refusal(name: str, text: str) -> str:
    """The message for a file no reader recognises: what was seen and what each reader accepts."""
    return (f"{name} has no header this workbook recognises: it has {what_was_seen(text)}. It is not a "
            "LinkedIn export, a Google, Outlook or Thunderbird contacts CSV, a vCard, a calendar (.ics) or an "
            f"email archive (.mbox). {ACCEPTED}; an interaction log needs a date, who it was with and a channel, "
            "direction or kind. Nothing was imported.")


def _restore(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo a spreadsheet's (or the workbook export's) formula guard: a quote before = + - @."""
    cols = [c for c in frame.columns if c != "_extra"]
    return frame.assign(**{c: frame[c].map(restore_cell) for c in cols})


def _picks(frame: pd.DataFrame, names: set[str]) -> pd.Series:
    """Every column with one of these names, their values joined by `` ::: `` (the multi-value mark)."""
    cols = [column(frame, c).tolist() for c in frame.columns if header_key(c) in names]
    if not cols:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    if len(cols) == 1:
        return pd.Series(cols[0], index=frame.index, dtype=object)
    return pd.Series([" ::: ".join(v for v in vals if v) for vals in zip(*cols)], index=frame.index, dtype=object)


def _birth_parts(frame: pd.DataFrame, birthday: pd.Series) -> pd.Series:
    """Thunderbird's Birth Year / Birth Month / Birth Day as one birthday ('--MM-DD' without a year)."""
    keys = {header_key(c): c for c in frame.columns}
    if header_key("birth month") not in keys:
        return birthday
    # "Birth Day" reads as "birthday": with a Birth Month beside it, it is the day of the month.
    year, month, day = (column(frame, keys[header_key(p)]) if header_key(p) in keys else
                        pd.Series([""] * len(frame), index=frame.index, dtype=object) for p in BIRTH_PARTS)
    built = [(f"{y.zfill(4)}-{m.zfill(2)}-{d.zfill(2)}" if y else f"--{m.zfill(2)}-{d.zfill(2)}")
             if m and d else "" for y, m, d in zip(year, month, day)]
    return pd.Series(built, index=frame.index, dtype=object)


def _contact_rows(table: Table, report: ImportReport) -> pd.DataFrame:
    f = _restore(table.frame)
    out = {field: (_picks(f, keys) if field in MULTI_FIELDS else _pick(f, table.header, keys))
           for field, keys in _KEYS.items()}
    web = _picks(f, _WEB_KEYS)
    if web.ne("").any():
        found = web.map(lambda v: linkedin_in(split_multi(v)))
        out["linkedin_url"] = out["linkedin_url"].where(out["linkedin_url"] != "", found)
    out["birthday"] = _birth_parts(f, out["birthday"])
    tag_cols = [(c, TAG_COLUMNS[header_key(c)]) for c in f.columns if header_key(c) in TAG_COLUMNS]
    tags = [[] for _ in range(len(f))]
    for c, kind in tag_cols:
        for i, v in enumerate(column(f, c)):
            found = community_labels(v, ";") if kind == "community" else [(kind, t) for t in split_multi(v)]
            tags[i].extend((kind, t) for _, t in found)
    rows = pd.DataFrame({**out, "tags": tags, "_pos": np.arange(len(f)), "_reason": f["_extra"].astype(object)},
                        index=f.index)
    return check_values(rows, report, table.line_of)


def _norm_choice(values: pd.Series, options: tuple[str, ...], synonyms: dict[str, str], default: str) -> pd.Series:
    v = values.str.strip().str.lower()
    v = v.map(lambda x: synonyms.get(x, x.replace(" ", "-") if x.replace(" ", "-") in options else x))
    return v.where(v != "", default)


def _interaction_rows(table: Table) -> pd.DataFrame:
    f = _restore(table.frame)
    cols = {field: _pick(f, table.header, keys) for field, keys in _IKEYS.items()}
    dates = parse_dates(cols["date"])
    return pd.DataFrame({
        "day": dates,
        "raw_date": cols["date"],
        "contact_id": cols["contact_id"],
        "email": cols["email"],
        "linkedin": cols["linkedin"],
        "name": cols["name"],
        "channel": _norm_choice(cols["channel"], schema.CHANNELS, CHANNEL_SYNONYMS, "other"),
        "direction": _norm_choice(cols["direction"], schema.DIRECTIONS, DIRECTION_SYNONYMS, "mutual"),
        "kind": _norm_choice(cols["kind"], schema.INTERACTION_KINDS, {}, "catch-up"),
        "note": cols["note"],
        "external_id": cols["external_id"],
        "_pos": np.arange(len(f)),
        "_reason": f["_extra"].astype(object),
    }, index=f.index)


def write(ctx, parsed) -> None:
    fmt, table, rows = parsed
    rep = ctx.report
    rep.rows_read += len(rows)
    if fmt != "interactions-csv":
        upsert_contacts(ctx.book, ctx.index, rows, source=SOURCE, report=rep, lines=table.line_of,
                        progress=ctx.progress)
        return
    index = ctx.index
    reason = rows["_reason"].where(rows["_reason"] != "", date_reasons(rows["raw_date"], rows["day"], "date"))
    for col, options in (("channel", schema.CHANNELS), ("direction", schema.DIRECTIONS),
                         ("kind", schema.INTERACTION_KINDS)):
        bad = ~rows[col].isin(options) & (reason == "")
        if bad.any():
            reason = reason.mask(bad, rows[col].map(lambda v, c=col, o=options: f"{c} {v!r} is not one of {', '.join(o)}"))
    cids: list[Any] = []
    for cid_raw, email, url, name in zip(rows["contact_id"], rows["email"], rows["linkedin"], rows["name"]):
        cid = None
        if cid_raw:
            try:
                cid = int(float(cid_raw))
            except ValueError:
                cid = None
            cid = cid if cid in index.source else None  # source: every contact id, without reading their text
        if cid is None and email:
            cid = index.find_email(split_multi(email)[0] if split_multi(email) else "")
        if cid is None and url:
            cid = index.find_url(url)
        if cid is None and name:
            cid = index.find_name(name)
        cids.append(cid)
    cid = pd.Series(cids, index=rows.index, dtype=object)
    who = rows["contact_id"].where(rows["contact_id"] != "", rows["email"])
    who = who.where(who != "", rows["linkedin"]).where(lambda s: s != "", rows["name"])
    missing = cid.isna() & (reason == "")
    if missing.any():
        reason = reason.mask(missing, who.map(
            lambda w: f"no contact in your workbook matches {w[:60]!r}" if w else "the row does not say who it was with"))
    bad = reason != ""
    if bad.any():
        positions = rows.loc[bad, "_pos"].tolist()
        for line, why in zip(table.line_of(positions), reason[bad].tolist()):
            rep.reject(line, why)
    ok = rows[~bad]
    rep.rows_imported += len(ok)
    if ok.empty:
        return
    day = ok["day"].dt.strftime("%Y-%m-%d")
    cid_ok = cid[~bad].astype("int64")
    fingerprint = [
        external_id("row", parts[1], parts[0], hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16])
        for parts in zip(day, cid_ok, ok["channel"], ok["direction"], ok["kind"], ok["note"])
    ]
    ext = ok["external_id"].where(ok["external_id"] != "", pd.Series(fingerprint, index=ok.index))
    frame = pd.DataFrame({
        "contact_id": cid_ok, "date": day, "channel": ok["channel"], "direction": ok["direction"],
        "kind": ok["kind"], "note": ok["note"], "source": INTERACTIONS_SOURCE, "external_id": ext,
    })
    write_interactions(ctx, frame)
