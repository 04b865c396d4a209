"""LinkedIn data export: the whole ``.zip`` or any of its CSV files, recognised by their headers.

=============================  ==========================================================  =====================
file                           columns used (others ignored)                               becomes
=============================  ==========================================================  =====================
Connections.csv                First Name, Last Name, URL (newer exports), Email Address,  contacts
                               Company, Position, Connected On (``15 Mar 2024``)
messages.csv                   CONVERSATION ID, FROM, SENDER PROFILE URL, TO,              one interaction per
                               RECIPIENT PROFILE URLS, DATE, IS MESSAGE DRAFT              conversation, day, person
Invitations.csv                From, To, Sent At, Direction, inviter/inviteeProfileUrl     invitation interactions
Recommendations_Given.csv /    First Name, Last Name, Company, Text, Creation Date,        recommendation (given:
Recommendations_Received.csv   Status                                                      outbound, received: inbound)
Endorsement_Given_Info.csv /   Endorsement Date, Skill Name, Endorsee/Endorser First       endorsement, one per person
Endorsement_Received_Info.csv  Name, Last Name, Public Url, Endorsement Status             and day
Profile.csv                    First Name, Last Name, Headline, Summary, Industry,         your profile
                               Geo Location
Positions.csv                  Company Name, Title, Started On, Finished On                profile company/position,
                                                                                           employer tags
Skills.csv                     Name                                                        your skill tags
Email Addresses.csv            Email Address, Primary                                      your profile email
=============================  ==========================================================  =====================

Connections.csv starts with a ``Notes:`` preamble and blank lines; every header is found by
content. Missing files are fine. Messages with people who are not your contacts are skipped
(and counted); who "you" are is read from Profile.csv, your workbook profile, or else the
person present in the most conversations who is not a contact.

>>> sniff("Notes:\\n\\"When exporting...\\"\\n\\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\\n", "x.csv")
True
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._common import (
    Header,
    Source,
    Table,
    column,
    date_reasons,
    decode,
    find_header,
    has_all,
    name_key,
    parse_dates,
    read_table,
    reject_rows,
)
from ._merge import (clean_emails, external_id, fast_linkedin, linkedin_keys, profile_row, upsert_contacts,
                     write_interactions)
from .report import ImportRefused, ImportReport

SOURCE = "linkedin"
#: A zip whose members would unpack to more than this is refused before anything is extracted.
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
#: ...and so is a member that claims to expand more than this many times (a zip bomb).
MAX_COMPRESSION_RATIO = 200

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
    ("email_addresses", ("Email Address", "Primary")),
)
_MESSAGE_COLUMNS = ("CONVERSATION ID", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS", "DATE",
                    "IS MESSAGE DRAFT")
_OLD_MESSAGE_COLUMNS = ("From", "To", "Date", "Direction")
#: Connected On as spreadsheets re-save it (``20-Feb-22``, ``20-Feb-2022``, ``2/20/2022 0:00``), after
#: the shared formats; slashed dates are read day first when the column shows it (a first part > 12).
_SPREADSHEET_DATES = ("%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%b %d %Y", "%m/%d/%Y %H:%M", "%m/%d/%y %H:%M",
                      "%Y/%m/%d %H:%M", "%d.%m.%y")
_DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y", "%d/%m/%Y %H:%M", "%d/%m/%y %H:%M")
#: The order files are applied in: the profile first (it says who "you" are), people before history.
_ORDER = ("profile", "email_addresses", "positions", "skills", "connections", "invitations", "messages",
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


# ----------------------------------------------------------------------------- reading


def _zip_members(source: Source, report: ImportReport) -> list[tuple[str, bytes]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(source.data) if source.data is not None else source.path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused(f"{source.name} is not a readable zip file ({exc}); nothing was imported.") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ImportRefused(
                f"{source.name} would unpack to {total / 2**20:,.0f} MB, more than the "
                f"{MAX_UNCOMPRESSED_BYTES / 2**20:,.0f} MB allowed; nothing was imported."
            )
        for i in infos:
            if i.file_size > 1024 * 1024 and i.file_size > MAX_COMPRESSION_RATIO * max(i.compress_size, 1):
                raise ImportRefused(
                    f"{source.name} looks like a zip bomb ({i.filename} expands {i.file_size // max(i.compress_size, 1):,} "
                    "times); nothing was imported."
                )
            if i.flag_bits & 0x1:
                raise ImportRefused(f"{source.name} is password-protected; unzip it yourself first. Nothing was imported.")
        out = []
        for i in infos:
            base = i.filename.rsplit("/", 1)[-1]
            if not base.lower().endswith(".csv") or base.startswith("._"):
                continue
            try:
                with zf.open(i) as fh:
                    data = fh.read(i.file_size + 1)
            except NotImplementedError:
                raise ImportRefused(
                    f"{source.name} uses a compression this workbook cannot read ({base}); unzip it and import "
                    "the files. Nothing was imported."
                ) from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as exc:
                raise ImportRefused(
                    f"{source.name} is damaged ({base}: {str(exc)[:80] or type(exc).__name__}); nothing was imported."
                ) from None
            if len(data) > i.file_size:
                raise ImportRefused(f"{source.name} is damaged or lies about its sizes; nothing was imported.")
            out.append((i.filename, data))
        return out


def parse(source: Source, report: ImportReport, progress, fmt: str = "linkedin") -> Parsed:
    is_zip = source.head(4) in (b"PK\x03\x04", b"PK\x05\x06")
    members = _zip_members(source, report) if is_zip else [(source.name, source.read())]
    parsed = Parsed()
    ignored = 0
    for n, (member, data) in enumerate(members):
        progress(n / max(len(members), 1), f"reading {member}")
        dec = decode(data)
        ident = identify(dec.head, member)  # the head: a 44 MB messages.csv is never decoded whole
        if ident is None:
            if not is_zip:
                raise ImportRefused(f"{source.name} is not a LinkedIn export file we know; nothing was imported.")
            ignored += 1
            continue
        kind, header = ident
        label = member.rsplit("/", 1)[-1] if is_zip else ""
        if kind == "recommendations":
            base = member.rsplit("/", 1)[-1].lower()
            if "given" in base:
                kind = "recommendations_given"
            elif "received" in base:
                kind = "recommendations_received"
            else:
                raise ImportRefused(
                    f"{member} holds LinkedIn recommendations, but its name does not say whether you gave or "
                    "received them; keep LinkedIn's file name (Recommendations_Given.csv or "
                    "Recommendations_Received.csv). Nothing was imported."
                )
        for w in dec.warnings:
            report.warn(f"{label}: {w}" if label else w)
        # Message bodies are never read, so only the columns used are materialised.
        usecols = {"messages": _MESSAGE_COLUMNS, "messages_old": _OLD_MESSAGE_COLUMNS}.get(kind)
        table = read_table(dec, header, file=label, usecols=usecols)
        frame = _PARSERS[kind.replace("_given", "").replace("_received", "")](table, kind)
        kind = "messages" if kind == "messages_old" else kind  # one writer for both layouts
        parsed.parts.setdefault(kind, []).append(Part(kind, label, table, frame))
        if is_zip:
            report.files.append(member.rsplit("/", 1)[-1])
    if not parsed.parts:
        raise ImportRefused(
            f"{source.name} is not a LinkedIn data export (none of its files is Connections.csv, messages.csv "
            "or another LinkedIn file); nothing was imported."
        )
    if is_zip and "connections" not in parsed.parts:
        report.warn("This export has no Connections.csv, so only people already in your workbook are linked.")
    if ignored:
        report.warn(f"{ignored} other file(s) in the export hold nothing the workbook uses and were left alone.")
    return parsed


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
    out = pd.DataFrame({
        "first_name": column(f, "First Name"),
        "last_name": column(f, "Last Name"),
        "linkedin_url": column(f, "URL", "Profile URL"),
        "emails": emails,
        "company": column(f, "Company"),
        "position": column(f, "Position"),
        "connected_on": dates.dt.strftime("%Y-%m-%d").fillna(""),
        "_pos": np.arange(len(f)),
        "_reason": _first_reason(
            _extra_reason(table),
            bad,
            date_reasons(raw_date, dates, "Connected On", required=False),
        ),
    }, index=f.index)
    # A spreadsheet saves the preamble's blank lines and trailing rows as bare commas: not records.
    cells = [c for c in f.columns if c != "_extra"]
    empty = (f[cells].astype(str).apply(lambda c: c.str.strip()) == "").all(axis=1) if cells else None
    return out if empty is None or not empty.any() else out[~empty.to_numpy()]


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
    "skills": _plain,
    "email_addresses": _plain,
}


# ----------------------------------------------------------------------------- writing


def write(ctx, parsed: Parsed) -> None:
    kinds = [k for k in _ORDER if k in parsed.parts]
    for n, kind in enumerate(kinds):
        step = ctx.progress.part(n / len(kinds), (n + 1) / len(kinds))
        for part in parsed.parts[kind]:
            step(0.0, f"saving {part.file or kind}")
            _WRITERS[kind](ctx, part, step)


def _count_read(ctx, part: Part) -> pd.Series:
    """Count the part's rows as read, reject the bad ones; returns the mask of usable rows."""
    rep = ctx.report
    frame = part.frame
    rep.rows_read += len(frame)
    bad = frame["_reason"] != "" if "_reason" in frame else pd.Series(False, index=frame.index)
    if bad.any():
        reject_rows(rep, part.table, frame.loc[bad, "_pos"].tolist(), frame.loc[bad, "_reason"].tolist(), part.file or None)
    return ~bad


def _write_connections(ctx, part: Part, step) -> None:
    ctx.report.rows_read += len(part.frame)
    upsert_contacts(
        ctx.book, ctx.index, part.frame, source=SOURCE, report=ctx.report,
        lines=part.table.line_of, file=part.file or None, progress=step,
    )


def _owner_name(ctx) -> str:
    return ctx.notes.get("owner_name") or profile_row(ctx.book)["name"]


def _write_profile(ctx, part: Part, step) -> None:
    rep = ctx.report
    f = part.frame
    rep.rows_read += len(f)
    if f.empty:
        return
    name = (column(f, "First Name").iloc[0] + " " + column(f, "Last Name").iloc[0]).strip()
    ctx.notes["owner_name"] = name
    fields = {
        "name": name,
        "headline": column(f, "Headline").iloc[0],
        "summary": column(f, "Summary").iloc[0],
        "industry": column(f, "Industry").iloc[0],
        "location": column(f, "Geo Location", "Location").iloc[0],
    }
    _fill_profile(ctx, fields)
    rep.rows_imported += 1
    rep.rows_skipped += len(f) - 1


def _fill_profile(ctx, fields: dict[str, str], replace: tuple[str, ...] = ()) -> None:
    """Fill empty profile fields (and replace the ``replace`` ones) without touching the rest."""
    current = profile_row(ctx.book)
    updates = {k: v for k, v in fields.items()
               if v and (not str(current.get(k) or "").strip() or (k in replace and current.get(k) != v))}
    if updates:
        ctx.book.set_profile(**updates)
        for k in updates:
            if k not in ctx.report.profile_updated:
                ctx.report.profile_updated.append(k)


def _profile_tags(ctx, kind: str, texts: list[str]) -> None:
    have = {t.lower() for (t,) in ctx.book.conn.execute(
        "SELECT text FROM tags WHERE owner = 'profile' AND kind = ?", (kind,))}
    for t in texts:
        t = str(t).strip()
        if t and len(t) <= 200 and t.lower() not in have:
            ctx.book.tag("profile", kind, t)
            have.add(t.lower())
            ctx.report.tags_added += 1


def _write_positions(ctx, part: Part, step) -> None:
    rep = ctx.report
    f = part.frame
    rep.rows_read += len(f)
    company, title, finished = column(f, "Company Name"), column(f, "Title"), column(f, "Finished On")
    current = f.index[(finished == "") & (company != "")]
    if len(current):
        i = current[0]
        _fill_profile(ctx, {"company": company[i], "position": title[i]}, replace=("company", "position"))
    _profile_tags(ctx, "employer", [c for c in pd.unique(company) if c])
    rep.rows_imported += len(f)


def _write_skills(ctx, part: Part, step) -> None:
    rep = ctx.report
    f = part.frame
    rep.rows_read += len(f)
    _profile_tags(ctx, "skill", [s for s in column(f, "Name") if s])
    rep.rows_imported += len(f)


def _write_email_addresses(ctx, part: Part, step) -> None:
    rep = ctx.report
    f = part.frame
    rep.rows_read += len(f)
    email, primary = column(f, "Email Address"), column(f, "Primary").str.lower()
    pick = email[(primary == "yes") & (email != "")]
    if pick.empty:
        pick = email[email != ""]
    if not pick.empty and "@" in pick.iloc[0]:
        _fill_profile(ctx, {"email": pick.iloc[0].lower()})
    rep.rows_imported += len(f)


def _cid_for_keys(ctx, keys: Any, names: dict[str, str]) -> dict[str, Any]:
    """Contact id per participant key: by LinkedIn URL, else by a unique exact name (of a contact
    with no other URL, whose URL is then learned)."""
    index = ctx.index
    distinct = [k for k in dict.fromkeys(keys) if k]
    # Most keys are LinkedIn URLs of contacts: one dictionary look-up each; the rest go by name.
    out: dict[str, Any] = dict(zip(distinct, map(index.by_url.get, distinct)))
    for k, cid in out.items():
        if k.startswith("name:"):
            out[k] = index.find_name(k[5:])
        elif cid is None and names.get(k):
            out[k] = index.find_profile(k, names[k])
    return out


def _write_messages(ctx, part: Part, step) -> None:
    rep = ctx.report
    m = _usable(part.frame, _count_read(ctx, part))
    draft = m["draft"].to_numpy(dtype=bool)
    drafts = int(draft.sum())
    if drafts:
        m = m[~draft].reset_index(drop=True)
    if m.empty:
        rep.rows_skipped += drafts
        return
    step(0.1, "matching conversations")
    r_pos, r_keys = _recipients(m)

    # From here on everything is integer codes: conversations, participants, message positions.
    conv_codes, conv_ids = pd.factorize(m["conv"].to_numpy(dtype=object))
    key_codes, keys = _codes(np.concatenate([m["s_key"].to_numpy(dtype=object), r_keys]))
    s_codes, r_codes = key_codes[: len(m)], key_codes[len(m):]
    # Each sender's name as written in the last message they sent.
    last = np.full(len(keys), -1, dtype=np.int64)
    np.maximum.at(last, s_codes, np.arange(len(m)))
    senders = np.flatnonzero(last >= 0)
    names = dict(zip([keys[c] for c in senders], m["s_name"].to_numpy(dtype=object)[last[senders]].tolist()))
    _recipient_names(m, r_pos, r_codes, keys, last, names)
    owner_code = _owner_by_direction(m, s_codes, r_pos, r_codes)
    if owner_code < 0:
        owner_code = _message_owner(ctx, conv_codes, s_codes, r_pos, r_codes, keys, names)
    owner = keys[owner_code] if owner_code >= 0 else None
    cids = _cid_for_keys(ctx, [k for k in keys if k != owner], names)
    cid_of = np.array([np.nan if cids.get(k) is None else float(cids[k]) for k in keys])

    sent = s_codes == owner_code
    out_mask = sent[r_pos] & (r_codes != owner_code)
    pos = np.concatenate([r_pos[out_mask], np.flatnonzero(~sent)])
    cid = np.concatenate([cid_of[r_codes[out_mask]], cid_of[s_codes[~sent]]])
    is_out = np.concatenate([np.ones(int(out_mask.sum()), dtype=np.int8), np.zeros(int((~sent).sum()), dtype=np.int8)])
    keep = ~np.isnan(cid)
    pos, cid, is_out = pos[keep], cid[keep].astype(np.int64), is_out[keep]
    used = int(np.count_nonzero(np.bincount(pos, minlength=len(m))))
    rep.rows_imported += used
    rep.rows_skipped += len(m) - used + drafts
    if len(m) - used:
        rep.warn(f"{len(m) - used:,} LinkedIn message(s) with people who are not among your contacts were skipped.")
    if drafts:
        rep.warn(f"{drafts:,} unsent LinkedIn draft(s) were skipped.")
    if not len(pos):
        return
    step(0.5, "saving conversations")
    days = m["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    g = _per_conversation_day(conv_codes[pos], days[pos], cid, is_out)
    # Both wrote that day when the group holds an outbound and an inbound message.
    direction = _categorical(np.where(g["n_out"] == 0, 0, np.where(g["n_out"] == g["n"], 1, 2)),
                             ["inbound", "outbound", "mutual"])
    # Texts are made once per distinct value; rows carry codes (categoricals).
    day_codes, distinct_days = pd.factorize(g["day"])
    day_texts = np.datetime_as_string(distinct_days.astype("datetime64[D]"), unit="D")
    count_codes, distinct_counts = pd.factorize(g["n"])
    notes = [f"{k} LinkedIn message{'s' if k != 1 else ''}" for k in distinct_counts]
    # Conversation ids are long; a short digest keeps the idempotency index small.
    conv_codes_used, distinct_convs = pd.factorize(g["conv"])
    digest = np.array([hashlib.sha1(str(conv_ids[c]).encode()).hexdigest()[:12] for c in distinct_convs])
    frame = pd.DataFrame({
        "contact_id": g["cid"],
        "date": _categorical(day_codes, day_texts),
        "channel": "message",
        "direction": direction,
        "kind": "catch-up",
        "note": _categorical(count_codes, notes),
        "source": SOURCE,
        "external_id": _message_ids(g["cid"], day_texts[day_codes], digest[conv_codes_used]),
    })
    write_interactions(ctx, frame)


def _recipient_names(m: pd.DataFrame, r_pos: np.ndarray, r_codes: np.ndarray, keys: list[str],
                     last: np.ndarray, names: dict[str, str]) -> None:
    """Names (from TO) of recipients known only by URL who never wrote back: someone you messaged
    is then found by name when their URL is not in your workbook (an older Connections.csv has none)."""
    silent = last < 0
    need = silent[r_codes]
    if not need.any():
        return
    first: dict[int, int] = {}
    for code, p in zip(r_codes[need].tolist(), r_pos[need].tolist()):
        first.setdefault(code, p)
    url_cells, to_cells = m["r_urls"].to_numpy(dtype=object), m["r_names"].to_numpy(dtype=object)
    for code, p in first.items():
        key = keys[code]
        if key.startswith("name:") or not url_cells[p]:
            continue
        urls = [fast_linkedin(u) for u in _SEPARATORS.split(url_cells[p]) if u]
        # One URL: the whole TO cell is that person ("Lovelace, Ada" keeps its comma); several: one name each.
        tos = [str(to_cells[p]).strip()] if len(urls) == 1 else [t.strip() for t in str(to_cells[p]).split(",")]
        if len(urls) == len(tos) and key in urls and tos[urls.index(key)]:
            names.setdefault(key, tos[urls.index(key)])


def _owner_by_direction(m: pd.DataFrame, s_codes: np.ndarray, r_pos: np.ndarray, r_codes: np.ndarray) -> int:
    """The owner's code when the layout says who wrote (the older messages.csv's Direction), else -1."""
    if "outgoing" not in m:
        return -1
    outgoing = m["outgoing"].to_numpy(dtype=bool)
    if outgoing.any():
        return int(np.bincount(s_codes[outgoing]).argmax())
    incoming = ~outgoing[r_pos]
    return int(np.bincount(r_codes[incoming]).argmax()) if incoming.any() else -1


def _categorical(codes: np.ndarray, texts: Any) -> pd.Categorical:
    """Rows as codes into the distinct ``texts``: nothing is hashed again downstream.

    >>> _categorical(np.array([1, 0, 1]), ["in", "out"]).tolist()
    ['out', 'in', 'out']
    """
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(texts), dtype=object))


def _codes(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """``pd.factorize`` for texts repeated as the same objects (participant keys): a dict
    keyed by them is about twice as fast as pandas' string hash table here.

    >>> codes, keys = _codes(np.array(["b", "a", "b"], dtype=object))
    >>> codes.tolist(), keys
    ([0, 1, 0], ['b', 'a'])
    """
    listed = values.tolist()
    index = {k: i for i, k in enumerate(dict.fromkeys(listed))}
    return np.fromiter(map(index.__getitem__, listed), dtype=np.intp, count=len(listed)), list(index)


def _message_ids(cid: np.ndarray, day: np.ndarray, digest: np.ndarray) -> list[str]:
    """``external_id("li-msg", contact, day, digest)`` for every row, with numpy's string
    functions: 200,000 Python f-strings cost twice as much.

    >>> _message_ids(np.array([42]), np.array(["2024-03-15"]), np.array(["0123456789ab"]))
    ['li-msg:000000042:2024-03-15:0123456789ab']
    >>> ids = _message_ids(np.array([7]), np.array(["2024-03-15"]), np.array(["x"]))
    >>> ids == [external_id("li-msg", 7, "2024-03-15", "x")]
    True
    """
    add = np.char.add  # numpy's string ufuncs (np.strings in numpy 2)
    padded = np.char.zfill(cid.astype(np.int64).astype(str), 9)
    return add(add(add(add("li-msg:", padded), ":"), add(day.astype(str), ":")), digest.astype(str)).tolist()


def _usable(frame: pd.DataFrame, ok: pd.Series) -> pd.DataFrame:
    """The rows of ``frame`` where ``ok``, positions 0..n-1 (no copy when every row is usable)."""
    if bool(ok.all()) and frame.index.equals(pd.RangeIndex(len(frame))):
        return frame
    return frame[ok].reset_index(drop=True)


_SEPARATORS = re.compile(r"[,;\s]+")


def _recipients(m: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(message position, participant key) of every recipient: by RECIPIENT PROFILE URLS, else
    the names in TO. Each distinct cell is split and normalised once (200,000 messages have a
    few thousand distinct recipient cells); the order is that of the rows, URL cells holding one
    URL first, then those holding several, then the names.

    >>> m = pd.DataFrame({"r_urls": ["https://www.linkedin.com/in/ada", "", "linkedin.com/in/Bo, linkedin.com/in/cy"],
    ...                   "r_names": ["Ada", "Zoë Ö, Bob", "Bo, Cy"]})
    >>> pos, keys = _recipients(m)
    >>> list(zip(pos.tolist(), keys.tolist()))  # doctest: +NORMALIZE_WHITESPACE
    [(0, 'https://www.linkedin.com/in/ada'), (2, 'https://www.linkedin.com/in/bo'),
     (2, 'https://www.linkedin.com/in/cy'), (1, 'name:zoe o'), (1, 'name:bob')]
    """
    url_codes, cells = pd.factorize(m["r_urls"].to_numpy(dtype=object))
    # One URL per cell is the rule; several are separated by commas, semicolons or spaces.
    several = np.array([("," in u) or (";" in u) or (" " in u) for u in cells], dtype=bool)
    one = np.array([u != "" for u in cells], dtype=bool) & ~several
    key_of_cell = np.full(len(cells) + 1, "", dtype=object)
    key_of_cell[np.flatnonzero(one)] = linkedin_keys(list(cells[one]))
    single = np.flatnonzero(one[url_codes])
    pos, keys = [single], [key_of_cell[url_codes[single]]]
    multi_pos, multi_keys = [], []
    for i in np.flatnonzero(several[url_codes]).tolist():
        for u in _SEPARATORS.split(cells[url_codes[i]]):
            if u:
                multi_pos.append(i)
                multi_keys.append(fast_linkedin(u))
    pos.append(np.asarray(multi_pos, dtype=np.int64))
    keys.append(np.asarray(multi_keys, dtype=object))

    has_url = np.zeros(len(m), dtype=bool)
    for p in pos:
        has_url[p] = True
    no_url = np.flatnonzero(~has_url)
    name_codes, name_cells = pd.factorize(m["r_names"].to_numpy(dtype=object)[no_url])
    per_cell = [[_name_key(n.strip()) for n in cell.split(",") if n.strip() != ""] for cell in name_cells]
    counts = np.array([len(k) for k in per_cell] + [0], dtype=np.int64)[name_codes]
    pos.append(np.repeat(no_url, counts))
    keys.append(np.array([k for c in name_codes.tolist() if c >= 0 for k in per_cell[c]], dtype=object))
    return np.concatenate(pos).astype(np.int64), np.concatenate(keys).astype(object)


def _per_conversation_day(conv: np.ndarray, day: np.ndarray, cid: np.ndarray,
                          is_out: np.ndarray) -> dict[str, np.ndarray]:
    """One row per (conversation, day, contact) in order of first appearance: its keys, how many
    messages (``n``) and how many of them outbound (``n_out``).

    >>> g = _per_conversation_day(np.array([0, 0, 1]), np.array([5, 5, 5]), np.array([9, 9, 9]), np.array([1, 0, 1]))
    >>> {k: v.tolist() for k, v in g.items()}
    {'conv': [0, 1], 'day': [5, 5], 'cid': [9, 9], 'n': [2, 1], 'n_out': [1, 1]}
    """
    lo = [int(a.min()) for a in (conv, day, cid)]
    span = [int(a.max()) - low + 1 for a, low in zip((conv, day, cid), lo)]
    if span[0] * span[1] * span[2] >= 2**62:  # absurd ranges: let pandas group them
        g = (pd.DataFrame({"conv": conv, "day": day, "cid": cid, "out": is_out})
             .groupby(["conv", "day", "cid"], sort=False)
             .agg(n=("out", "size"), n_out=("out", "sum")).reset_index())
        return {c: g[c].to_numpy(dtype=np.int64) for c in g.columns}
    # The three keys packed into one integer, so grouping is one factorize and two bincounts.
    packed = ((conv - lo[0]) * span[1] + (day - lo[1])) * span[2] + (cid - lo[2])
    codes, groups = pd.factorize(packed)
    return {
        "conv": groups // (span[1] * span[2]) + lo[0],
        "day": groups // span[2] % span[1] + lo[1],
        "cid": groups % span[2] + lo[2],
        "n": np.bincount(codes),
        "n_out": np.bincount(codes, weights=is_out).astype(np.int64),
    }


def _message_owner(ctx, conv_codes, s_codes, r_pos, r_codes, keys: list[str], names: dict[str, str]) -> int:
    """The code of the person whose export this is: the one named in the profile, else the
    participant of the most conversations who is not a contact (-1 when there is nobody)."""
    k = max(len(keys), 1)
    pairs = pd.unique(np.concatenate([conv_codes.astype(np.int64) * k + s_codes,
                                      conv_codes[r_pos].astype(np.int64) * k + r_codes]))
    counts = np.bincount(pairs % k, minlength=k)
    order = [int(i) for i in np.argsort(-counts, kind="stable")[:50]]
    if not order:
        return -1
    owner_name = name_key(_owner_name(ctx))
    if owner_name:
        for i in order:
            if name_key(names.get(keys[i], "")) == owner_name or keys[i] == f"name:{owner_name}":
                return i
    index = ctx.index
    for i in order:
        key = keys[i]
        known = index.find_name(key[5:]) if key.startswith("name:") else index.by_url.get(key)
        if known is None:
            return i
    return order[0]


def _write_invitations(ctx, part: Part, step) -> None:
    rep = ctx.report
    f = part.frame[_count_read(ctx, part)]
    names = dict(zip(f["key"], f["name"]))
    cids = _cid_for_keys(ctx, f["key"], names)
    cid = f["key"].map(cids)
    ok = cid.notna()
    rep.rows_imported += int(ok.sum())
    rep.rows_skipped += int((~ok).sum())
    if (~ok).any():
        rep.warn(f"{int((~ok).sum()):,} invitation(s) with people who are not among your contacts were skipped.")
    f, cid = f[ok], cid[ok].astype("int64")
    day = f["day"].dt.strftime("%Y-%m-%d")
    frame = pd.DataFrame({
        "contact_id": cid,
        "date": day,
        "channel": "social",
        "direction": f["direction"],
        "kind": "invitation",
        "note": ("LinkedIn invitation: " + f["note"]).str.rstrip(": "),
        "source": SOURCE,
        "external_id": [external_id("li-inv", c, d, w) for c, d, w in zip(cid, day, f["direction"])],
    })
    write_interactions(ctx, frame)


def _by_name_and_company(ctx, name: str, company: str) -> Any:
    from ._common import company_key

    index = ctx.index
    hits = index.by_name.get(name_key(name)) or set()
    if len(hits) == 1:
        return next(iter(hits))
    same = [c for c in hits if company_key(index.state[c]["company"]) == company_key(company) and company]
    return same[0] if len(same) == 1 else None


def _write_recommendations(ctx, part: Part, step) -> None:
    rep = ctx.report
    given = part.kind.endswith("given")
    f = part.frame[_count_read(ctx, part)]
    skip = f["skip"]
    f = f[~skip]
    cid = pd.Series([_by_name_and_company(ctx, n, c) for n, c in zip(f["name"], f["company"])],
                    index=f.index, dtype=object)
    ok = cid.notna()
    rep.rows_imported += int(ok.sum())
    rep.rows_skipped += int((~ok).sum()) + int(skip.sum())
    if (~ok).any():
        rep.warn(f"{int((~ok).sum()):,} recommendation(s) name people who are not among your contacts; skipped.")
    f, cid = f[ok], cid[ok].astype("int64")
    day = f["day"].dt.strftime("%Y-%m-%d")
    frame = pd.DataFrame({
        "contact_id": cid,
        "date": day,
        "channel": "social",
        "direction": "outbound" if given else "inbound",
        "kind": "recommendation",
        "note": f["note"].str.slice(0, 1000),
        "source": SOURCE,
        "external_id": [external_id(f"li-rec-{'given' if given else 'received'}", c, d) for c, d in zip(cid, day)],
    })
    write_interactions(ctx, frame)


def _write_endorsements(ctx, part: Part, step) -> None:
    rep = ctx.report
    given = part.kind.endswith("given")
    f = part.frame[_count_read(ctx, part)]
    skip = f["skip"]
    f = f[~skip]
    cids = _cid_for_keys(ctx, f["key"], dict(zip(f["key"], f["name"])))
    cid = f["key"].map(cids)
    ok = cid.notna()
    rep.rows_imported += int(ok.sum())
    rep.rows_skipped += int((~ok).sum()) + int(skip.sum())
    if (~ok).any():
        rep.warn(f"{int((~ok).sum()):,} endorsement(s) with people who are not among your contacts were skipped.")
    f = f[ok].assign(cid=cid[ok].astype("int64"))
    if f.empty:
        return
    g = f.groupby(["cid", "day"], sort=False)["skill"].agg(lambda s: ", ".join(dict.fromkeys(x for x in s if x)))
    g = g.reset_index()
    day = g["day"].dt.strftime("%Y-%m-%d")
    frame = pd.DataFrame({
        "contact_id": g["cid"],
        "date": day,
        "channel": "social",
        "direction": "outbound" if given else "inbound",
        "kind": "endorsement",
        "note": ("Endorsed for " if given else "Endorsed you for ") + g["skill"],
        "source": SOURCE,
        "external_id": [external_id(f"li-end-{'given' if given else 'received'}", c, d)
                        for c, d in zip(g["cid"], day)],
    })
    write_interactions(ctx, frame)


_WRITERS = {
    "profile": _write_profile,
    "email_addresses": _write_email_addresses,
    "positions": _write_positions,
    "skills": _write_skills,
    "connections": _write_connections,
    "invitations": _write_invitations,
    "messages": _write_messages,
    "recommendations_given": _write_recommendations,
    "recommendations_received": _write_recommendations,
    "endorsements_given": _write_endorsements,
    "endorsements_received": _write_endorsements,
}
