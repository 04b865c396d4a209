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
Shares.csv / Comments.csv      Date (the text only to count its words)                     posts and comments per
                                                                                           month (setting
                                                                                           ``linkedin_activity``)
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
import zipfile
import zlib
from typing import Any

import numpy as np
import pandas as pd

from ._common import Source, column, decode, name_key, note_values, read_table, reject_rows
from ..core.text import has_text
from ..store.brand import save_activity
from ._merge import external_id, profile_row, upsert_contacts, write_interactions
from .linkedin_activity import identify_activity, read_activity
from .linkedin_derive import derive, history_rows, write_history
from .linkedin_messages import (_SEPARATORS, _categorical, _codes, _message_ids, _message_owner,  # noqa: F401
                                _owner_by_direction, _owner_name, _per_conversation_day, _recipient_names,
                                _recipients, _usable)
from .linkedin_read import (_DAY_FIRST, _MESSAGE_COLUMNS, _OLD_MESSAGE_COLUMNS, _ORDER, _PARSERS,  # noqa: F401
                            _SIGNATURES, _SPREADSHEET_DATES, SOURCE, Parsed, Part, _keys, _name_key,
                            connection_date_formats, identify, sniff)
from .report import ImportRefused, ImportReport

#: A zip whose members would unpack to more than this is refused before anything is extracted.
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
#: ...and so is a member that claims to expand more than this many times (a zip bomb).
MAX_COMPRESSION_RATIO = 200



# ----------------------------------------------------------------------------- reading the zip


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
        if ident is None and is_zip and identify_activity(dec.head, member) is not None:
            parsed.activity[member] = data  # counted when written; the text of a post is never kept
            report.files.append(member.rsplit("/", 1)[-1])
            continue
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
        # Only the columns used are materialised (message text for its topics, see linkedin_derive).
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




# ----------------------------------------------------------------------------- writing


#: The export's file names, for a part read from a single file (whose own name may differ).
_FILE_NAMES = {"profile": "Profile.csv", "positions": "Positions.csv", "education": "Education.csv",
               "connections": "Connections.csv", "messages": "messages.csv", "invitations": "Invitations.csv",
               "recommendations_given": "Recommendations_Given.csv",
               "recommendations_received": "Recommendations_Received.csv",
               "endorsements_given": "Endorsement_Given_Info.csv",
               "endorsements_received": "Endorsement_Received_Info.csv", "skills": "Skills.csv"}


def write(ctx, parsed: Parsed) -> None:
    kinds = [k for k in _ORDER if k in parsed.parts]
    for n, kind in enumerate(kinds):
        step = ctx.progress.part(n / len(kinds), (n + 1) / len(kinds))
        for part in parsed.parts[kind]:
            step(0.0, f"saving {part.file or kind}")
            _WRITERS[kind](ctx, part, step)
    ctx.progress(0.99, "finding common ground")
    derive(ctx, set(kinds), {k: _FILE_NAMES.get(k, k) for k in kinds})
    if parsed.activity:
        _write_activity(ctx, parsed.activity)


def _write_activity(ctx, files: dict[str, bytes]) -> None:
    """Posts and comments counted per month into the ``linkedin_activity`` setting (no text).

    The counts of each kind replace the earlier ones, so importing the same export again changes nothing.
    """
    frame = read_activity(files)
    save_activity(ctx.book, frame)
    n = frame["kind"].value_counts()
    said = [f"{int(n.get(k, 0)):,} {noun}{'' if int(n.get(k, 0)) == 1 else 's'}"
            for k, noun in (("share", "post"), ("comment", "comment")) if k in frame.attrs.get("kinds", [])]
    if said:
        ctx.report.warn(f"{' and '.join(said)} counted (their text is not kept).")


def _file_name(part: Part) -> str:
    return _FILE_NAMES.get(part.kind, part.file or part.kind)


def _note_texts(ctx, part: Part, cid: Any, mine: Any, day: Any, text: Any) -> None:
    """Keep what was written, by whom, for the topics :func:`derive` finds (in memory only)."""
    frame = pd.DataFrame({"cid": np.asarray(cid, dtype=np.int64), "mine": np.asarray(mine, dtype=bool),
                          "day": pd.to_datetime(pd.Series(np.asarray(day))), "text": np.asarray(text, dtype=object),
                          "file": _file_name(part)})
    ctx.notes.setdefault("li_texts", []).append(frame.loc[has_text(frame["text"])])


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
    ids = upsert_contacts(
        ctx.book, ctx.index, part.frame, source=SOURCE, report=ctx.report,
        lines=part.table.line_of, file=part.file or None, progress=step,
    )
    if "_notes" in part.frame:
        noted = [i for i, (n, cid) in enumerate(zip(part.frame["_notes"], ids)) if n and cid is not None]
        if noted:
            pos = part.frame["_pos"].to_numpy()
            note_values(ctx.report, part.table.line_of([int(pos[i]) for i in noted]),
                        [part.frame["_notes"].iloc[i] for i in noted], part.file or None)


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
    write_history(ctx.book, history_rows("positions", f, column))
    rep.rows_imported += len(f)


def _write_education(ctx, part: Part, step) -> None:
    ctx.report.rows_read += len(part.frame)
    write_history(ctx.book, history_rows("education", part.frame, column))
    ctx.report.rows_imported += len(part.frame)


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

    conv_codes, conv_ids, s_codes, r_codes, owner_code, cid_of = _who_wrote(ctx, m, r_pos, r_keys)
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
    _note_texts(ctx, part, cid, is_out == 1, m["day"].to_numpy()[pos], m["content"].to_numpy(dtype=object)[pos])
    step(0.5, "saving conversations")
    days = m["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    frame, g = _message_frame(conv_codes[pos], conv_ids, days[pos], cid, is_out)
    if ctx.book.settings().get("keep_message_text"):
        frame = _with_text(frame, g, conv_codes[pos], days[pos], cid, m["content"].to_numpy(dtype=object)[pos])
    write_interactions(ctx, frame)


def _who_wrote(ctx, m: pd.DataFrame, r_pos: np.ndarray, r_keys: np.ndarray):
    """Integer codes of conversations and participants, the owner's code, and each participant's
    contact id (NaN for nobody): from here on everything is codes, not texts."""
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

    return conv_codes, conv_ids, s_codes, r_codes, owner_code, cid_of


def _message_frame(conv: np.ndarray, conv_ids: np.ndarray, days: np.ndarray, cid: np.ndarray,
                   is_out: np.ndarray) -> tuple[pd.DataFrame, dict]:
    """One interaction per contact, conversation and day (and the groups behind them)."""
    g = _per_conversation_day(conv, days, cid, is_out)
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
    return frame, g


def _with_text(frame: pd.DataFrame, g: dict, conv: np.ndarray, day: np.ndarray, cid: np.ndarray,
               text: np.ndarray) -> pd.DataFrame:
    """The day's messages written into each note (only when the person keeps message text)."""
    joined = (pd.DataFrame({"conv": conv, "day": day, "cid": cid, "text": pd.Series(text, dtype=object).fillna("")})
              .groupby(["conv", "day", "cid"], sort=False)["text"].agg(lambda t: "\n".join(x for x in t if x)))
    keys = pd.MultiIndex.from_arrays([g["conv"], g["day"], g["cid"]])
    body = joined.reindex(keys).fillna("").to_numpy(dtype=object)
    note = frame["note"].astype(str).to_numpy(dtype=object)
    return frame.assign(note=[(n + ": " + b)[:4000] if b else n for n, b in zip(note, body)])


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
    _note_texts(ctx, part, cid, f["direction"] == "outbound", f["day"], f["note"])
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
    # A recommendation you gave is your text; one you received is theirs.
    _note_texts(ctx, part, cid, np.full(len(f), given), f["day"], f["note"])
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
    ctx.notes.setdefault("li_endorsements", []).append(
        {"file": _file_name(part), "given": given, "frame": f[["cid", "skill", "day"]]})
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
    "education": _write_education,
    "skills": _write_skills,
    "connections": _write_connections,
    "invitations": _write_invitations,
    "messages": _write_messages,
    "recommendations_given": _write_recommendations,
    "recommendations_received": _write_recommendations,
    "endorsements_given": _write_endorsements,
    "endorsements_received": _write_endorsements,
}
