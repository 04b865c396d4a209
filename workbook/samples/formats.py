"""One writer per sample format: a table of people in, the bytes that program would write out
(see :mod:`workbook.samples`)."""
from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import quopri
import random
import re
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import Iterable

import pandas as pd


from .people import (SEED, ROOT, SAMPLES_DIR, DOMAINS, OWNER, FIRST_NAMES, LAST_NAMES, COMPANIES, POSITIONS, CITIES, SKILLS, LABELS, NOTES_PREAMBLE, CONNECTIONS_HEADER, MESSAGES_HEADER, slug, people, _csv, _get)  # noqa: F401


def linkedin_connections_bytes(p: pd.DataFrame, *, with_url: bool = True, emails: bool = True,
                               newline: str = "\n") -> bytes:
    """Connections.csv: the ``Notes:`` preamble, blank lines, then the header (older exports lack URL)."""
    header = CONNECTIONS_HEADER if with_url else [c for c in CONNECTIONS_HEADER if c != "URL"]
    rows = []
    for first, last, url, email, company, position, on in zip(
        p["first_name"], p["last_name"], _get(p, "linkedin_url"), p["email"], p["company"], p["position"],
        _get(p, "connected_on", dt.date(2020, 1, 1)),
    ):
        on = on.strftime("%d %b %Y") if hasattr(on, "strftime") else str(on)
        row = [first, last, url, email if emails else "", company, position, on]
        rows.append(row if with_url else row[:2] + row[3:])
    text = NOTES_PREAMBLE + _csv([header, *rows])
    return text.replace("\n", newline).encode("utf-8")


def linkedin_messages_bytes(messages: pd.DataFrame) -> bytes:
    """messages.csv from a table with conv, from_name, from_url, to_name, to_url, when, content, draft."""
    rows = [[m.conv, "", m.from_name, m.from_url, m.to_name, m.to_url,
             m.when.strftime("%Y-%m-%d %H:%M:%S UTC"), "", m.content, "INBOX", "", "Yes" if m.draft else "No"]
            for m in messages.itertuples()]
    return _csv([MESSAGES_HEADER, *rows]).encode("utf-8")


def _owner_full() -> str:
    return f"{OWNER['first_name']} {OWNER['last_name']}"


def linkedin_messages(p: pd.DataFrame, n: int, seed: int = SEED, strangers: int = 0) -> pd.DataFrame:
    """``n`` messages in conversations between the owner and people in ``p`` (plus strangers)."""
    rng = random.Random(seed + 1)
    others = list(zip(p["full_name"], p["linkedin_url"]))
    others += [(f"Recruiter {i}", f"https://www.linkedin.com/in/stranger-{i}") for i in range(strangers)]
    convs = max(1, n // 6)
    start = dt.datetime(2019, 1, 1)
    rows = []
    for i in range(n):
        c = i % convs
        name, url = others[c % len(others)]
        base = start + dt.timedelta(days=(c * 37) % 2200)
        when = base + dt.timedelta(days=rng.randint(0, 3), minutes=rng.randint(0, 600))
        mine = rng.random() < 0.5
        rows.append({
            "conv": f"2-{base64.b64encode(f'conv-{c}'.encode()).decode().rstrip('=')}",
            "from_name": _owner_full() if mine else name,
            "from_url": OWNER["url"] if mine else url,
            "to_name": name if mine else _owner_full(),
            "to_url": url if mine else OWNER["url"],
            "when": when,
            "content": rng.choice(["Great to meet you!", "Coffee next week?", "Thanks, that helps.\nTalk soon.",
                                   "Here is the article I mentioned, \"Weak ties\"."]),
            "draft": False,
        })
    return pd.DataFrame(rows)


def linkedin_export_files(p: pd.DataFrame, seed: int = SEED, n_messages: int = 300) -> dict[str, bytes]:
    """The files of a small LinkedIn export for the people in ``p``."""
    rng = random.Random(seed + 2)
    files: dict[str, bytes] = {}
    files["Connections.csv"] = linkedin_connections_bytes(p, emails=False)
    msgs = linkedin_messages(p, n_messages, seed, strangers=2)
    msgs.loc[len(msgs) - 1, "draft"] = True
    files["messages.csv"] = linkedin_messages_bytes(msgs)
    inv = [["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]]
    for k, (name, url) in enumerate(zip(p["full_name"][:12], p["linkedin_url"][:12])):
        when = dt.datetime(2023, 1 + k % 12, 1 + k, 9 + k % 8, 15)
        sent_at = f"{when.month}/{when.day}/{when:%y}, {when:%I:%M %p}"
        if k % 2:
            inv.append([_owner_full(), name, sent_at, "Enjoyed your talk!", "OUTGOING", OWNER["url"], url])
        else:
            inv.append([name, _owner_full(), sent_at, "", "INCOMING", url, OWNER["url"]])
    inv.append(["Stranger Danger", _owner_full(), "2/2/24, 10:00 AM", "", "INCOMING",
                "https://www.linkedin.com/in/stranger-x", OWNER["url"]])
    files["Invitations.csv"] = _csv(inv).encode("utf-8")
    rec_header = ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"]
    given = [rec_header] + [[r.first_name, r.last_name, r.company, r.position,
                             f"{r.first_name} is a generous collaborator, who shares credit. (Synthetic.)",
                             f"0{k + 1}/1{k}/23, 10:0{k} AM", "VISIBLE"] for k, r in enumerate(p.head(3).itertuples())]
    received = [rec_header] + [[r.first_name, r.last_name, r.company, r.position,
                                "Robin mentored me through a hard year.\nThank you! (Synthetic.)",
                                f"{k + 3}/2/24", "VISIBLE"] for k, r in enumerate(p.iloc[3:5].itertuples())]
    files["Recommendations_Given.csv"] = _csv(given).encode("utf-8")
    files["Recommendations_Received.csv"] = _csv(received).encode("utf-8")
    for who, fname in (("Endorsee", "Endorsement_Given_Info.csv"), ("Endorser", "Endorsement_Received_Info.csv")):
        rows = [["Endorsement Date", "Skill Name", f"{who} First Name", f"{who} Last Name", f"{who} Public Url",
                 "Endorsement Status"]]
        for k, r in enumerate(p.iloc[5:10].itertuples()):
            for s in rng.sample(SKILLS, 2):
                rows.append([f"2022/0{k + 1}/1{k} 12:0{k}:00 UTC", s, r.first_name, r.last_name,
                             r.linkedin_url.replace("https://", ""), "ACCEPTED"])
        files[fname] = _csv(rows).encode("utf-8")
    files["Profile.csv"] = _csv([
        ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary", "Industry",
         "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"],
        [OWNER["first_name"], OWNER["last_name"], "", "", "", "Data coach helping civic teams use evidence",
         "I help small teams make sense of their data. (Synthetic profile.)", "Civic Technology", "",
         "Leeds, England, United Kingdom", "", "", ""],
    ]).encode("utf-8")
    files["Positions.csv"] = _csv([
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        ["Meridian Civic Tech", "Lead Data Coach", "Coaching teams, one dataset at a time", "Leeds", "Mar 2021", ""],
        ["Northwind Analytics", "Data Scientist", "", "Utrecht", "Jan 2016", "Feb 2021"],
    ]).encode("utf-8")
    files["Skills.csv"] = _csv([["Name"], *[[s] for s in SKILLS[:6]]]).encode("utf-8")
    files["Email Addresses.csv"] = _csv([["Email Address", "Confirmed", "Primary", "Updated On"],
                                         [OWNER["email"], "Yes", "Yes", "1/1/24, 9:00 AM"]]).encode("utf-8")
    files["Ad_Targeting.csv"] = _csv([["Member Age", "Company Names"], ["25 to 34", "Invented Co"]]).encode("utf-8")
    return files


def zip_bytes(files: dict[str, bytes], folder: str = "") -> bytes:
    """A zip (fixed timestamps, so the bytes are reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder}{name}", date_time=(2024, 3, 15, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


# ----------------------------------------------------------------------------- Google / Outlook / generic

GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name",
    "Name Prefix", "Name Suffix", "Nickname", "File As", "Organization Name", "Organization Title",
    "Organization Department", "Birthday", "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
    "E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Address 1 - Label",
    "Address 1 - Formatted", "Address 1 - City", "Website 1 - Label", "Website 1 - Value",
]
GOOGLE_LEGACY_HEADER = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi", "Additional Name Yomi",
    "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials", "Nickname", "Short Name", "Maiden Name",
    "Birthday", "Gender", "Location", "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby",
    "Sensitivity", "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership", "E-mail 1 - Type",
    "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Type", "Organization 1 - Name",
    "Organization 1 - Yomi Name", "Organization 1 - Title", "Organization 1 - Department", "Website 1 - Type",
    "Website 1 - Value",
]


def google_csv_bytes(p: pd.DataFrame, *, legacy: bool = False, bom: bool = False) -> bytes:
    """Google Contacts CSV: current layout (UTF-8) or the legacy one (UTF-16 with BOM)."""
    rows = []
    for r in p.to_dict("records"):
        labels = " ::: ".join(["* myContacts", *r.get("labels", [])]) if isinstance(r.get("labels"), list) else "* myContacts"
        emails = [e for e in str(r.get("email", "")).split(";") if e]
        if legacy:
            row = dict.fromkeys(GOOGLE_LEGACY_HEADER, "")
            row.update({
                "Name": f"{r['first_name']} {r['last_name']}".strip(), "Given Name": r["first_name"],
                "Family Name": r["last_name"], "Birthday": r.get("birthday", ""), "Notes": r.get("notes", ""),
                "Group Membership": labels, "E-mail 1 - Type": "* Other", "E-mail 1 - Value": " ::: ".join(emails),
                "Phone 1 - Type": "Mobile", "Phone 1 - Value": r.get("phone", ""),
                "Organization 1 - Name": r["company"], "Organization 1 - Title": r["position"],
                "Website 1 - Type": "Profile", "Website 1 - Value": r.get("linkedin_url", ""),
                "Location": r.get("city", ""),
            })
            rows.append([row[h] for h in GOOGLE_LEGACY_HEADER])
        else:
            row = dict.fromkeys(GOOGLE_HEADER, "")
            row.update({
                "First Name": r["first_name"], "Last Name": r["last_name"], "Organization Name": r["company"],
                "Organization Title": r["position"], "Birthday": r.get("birthday", ""), "Notes": r.get("notes", ""),
                "Labels": labels, "E-mail 1 - Label": "* Work", "E-mail 1 - Value": " ::: ".join(emails[:2]),
                "E-mail 2 - Label": "Home" if len(emails) > 2 else "", "E-mail 2 - Value": " ::: ".join(emails[2:]),
                "Phone 1 - Label": "Mobile", "Phone 1 - Value": r.get("phone", ""),
                "Address 1 - City": r.get("city", ""), "Website 1 - Label": "Profile",
                "Website 1 - Value": r.get("linkedin_url", ""),
            })
            rows.append([row[h] for h in GOOGLE_HEADER])
    text = _csv([GOOGLE_LEGACY_HEADER if legacy else GOOGLE_HEADER, *rows])
    if legacy:
        return text.replace("\n", "\r\n").encode("utf-16")  # Python writes the BOM
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


OUTLOOK_HEADER = [
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi", "Surname Yomi",
    "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Home Phone", "Home Phone 2", "Business Phone",
    "Business Phone 2", "Mobile Phone", "Car Phone", "Other Phone", "Primary Phone", "Pager", "Business Fax",
    "Home Fax", "Other Fax", "Company Main Phone", "Callback", "Radio Phone", "Telex", "TTY/TDD Phone",
    "IMAddress", "Job Title", "Department", "Company", "Office Location", "Manager's Name", "Assistant's Name",
    "Assistant's Phone", "Company Yomi", "Business Street", "Business City", "Business State",
    "Business Postal Code", "Business Country/Region", "Home Street", "Home City", "Home State",
    "Home Postal Code", "Home Country/Region", "Other Street", "Other City", "Other State", "Other Postal Code",
    "Other Country/Region", "Personal Web Page", "Spouse", "Schools", "Hobby", "Location", "Web Page",
    "Birthday", "Anniversary", "Notes", "Categories",
]


def outlook_csv_bytes(p: pd.DataFrame, *, encoding: str = "cp1252", newline: str = "\r\n") -> bytes:
    """Outlook contacts CSV (Windows-1252 and CRLF by default, as Outlook writes it)."""
    rows = []
    for r in p.to_dict("records"):
        row = dict.fromkeys(OUTLOOK_HEADER, "")
        emails = [e for e in str(r.get("email", "")).split(";") if e]
        bday = r.get("birthday", "")
        if bday and re.fullmatch(r"\d{4}-\d{2}-\d{2}", bday):
            y, m, d = bday.split("-")
            bday = f"{int(m)}/{int(d)}/{y}"
        labels = r.get("labels") if isinstance(r.get("labels"), list) else []
        row.update({
            "First Name": r["first_name"], "Last Name": r["last_name"], "Company": r["company"],
            "Job Title": r["position"], "E-mail Address": emails[0] if emails else "",
            "E-mail 2 Address": emails[1] if len(emails) > 1 else "", "Mobile Phone": r.get("phone", ""),
            "Business City": r.get("city", ""), "Web Page": r.get("linkedin_url", ""),
            "Birthday": bday or "0/0/00", "Notes": r.get("notes", ""), "Categories": ";".join(labels),
        })
        rows.append([row[h] for h in OUTLOOK_HEADER])
    return _csv([OUTLOOK_HEADER, *rows], newline=newline).encode(encoding)


def generic_csv_bytes(p: pd.DataFrame, *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False,
                      newline: str = "\n", columns: dict[str, str] | None = None) -> bytes:
    """A plain contacts table (Name, Email, Company, Position, ...), any delimiter and encoding."""
    columns = columns or {"full_name": "Name", "email": "Email", "company": "Company", "position": "Position",
                          "city": "City", "notes": "Notes"}
    cols = [c for c in columns if c in p or c == "full_name"]
    rows = []
    for r in p.to_dict("records"):
        full = r.get("full_name") or f"{r['first_name']} {r['last_name']}".strip()
        rows.append([full if c == "full_name" else r.get(c, "") for c in cols])
    text = _csv([[columns[c] for c in cols], *rows], delimiter=delimiter, newline=newline)
    if encoding.lower().startswith("utf-16"):
        return text.encode("utf-16")
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)


# ----------------------------------------------------------------------------- vCard


def _vescape(value: str) -> str:
    return (str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 characters (continuations start with a space)."""
    out, cur = [], line
    while len(cur.encode("utf-8")) > 75:
        cut = 75
        while len(cur[:cut].encode("utf-8")) > 75:
            cut -= 1
        out.append(cur[:cut])
        cur = " " + cur[cut:]
    out.append(cur)
    return "\r\n".join(out)


def _qp(value: str) -> str:
    return quopri.encodestring(value.encode("utf-8")).decode("ascii").replace("\n", "\r\n")


def vcard_bytes(p: pd.DataFrame, *, version: str = "3.0", photo: bool = False) -> bytes:
    """vCards for ``p``: 2.1 (quoted-printable UTF-8 for non-ASCII), 3.0 or 4.0; folded lines."""
    cards = []
    for k, r in enumerate(p.to_dict("records")):
        first, last = r["first_name"], r["last_name"]
        full = f"{first} {last}".strip()
        lines = ["BEGIN:VCARD", f"VERSION:{version}"]
        if version == "2.1":
            for prop, value in (("N", f"{last};{first};;;"), ("FN", full)):
                if value.isascii() and "=" not in value:
                    lines.append(f"{prop}:{value}")
                else:
                    lines.append(f"{prop};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(value)}")
        else:
            lines.append(_fold(f"N:{_vescape(last)};{_vescape(first)};;;"))
            lines.append(_fold(f"FN:{_vescape(full)}"))
        for e in [e for e in str(r.get("email", "")).split(";") if e]:
            lines.append(f"EMAIL;INTERNET;WORK:{e}" if version == "2.1" else f"EMAIL;TYPE=work:{e}")
        if r.get("phone"):
            lines.append(f"TEL;CELL:{r['phone']}" if version == "2.1" else f"TEL;TYPE=cell:{r['phone']}")
        # 2.1 writers wrap quoted-printable values with soft line breaks, never by folding.
        if r.get("company"):
            lines.append(_fold(f"ORG:{_vescape(r['company'])}") if version != "2.1"
                         else f"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(r['company'].replace(';', ' '))}")
        if r.get("position"):
            lines.append(_fold(f"TITLE:{_vescape(r['position'])}") if version != "2.1"
                         else f"TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(r['position'])}")
        if r.get("linkedin_url"):
            lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{r['linkedin_url']}" if version == "4.0"
                         else f"URL:{r['linkedin_url']}")
        if r.get("birthday"):
            b = str(r["birthday"])
            lines.append(f"BDAY:{b.replace('-', '') if version == '4.0' and b.startswith('--') else b}")
        if r.get("notes"):
            lines.append(_fold(f"NOTE:{_vescape(r['notes'])}") if version != "2.1"
                         else f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(r['notes'])}")
        labels = r.get("labels") if isinstance(r.get("labels"), list) else []
        if labels and version != "2.1":
            lines.append(_fold("CATEGORIES:" + ",".join(_vescape(x) for x in labels)))
        if photo and k % 2 == 0:
            data = base64.b64encode(bytes(range(256)) * 3).decode()
            lines.append(_fold(f"PHOTO;ENCODING=b;TYPE=JPEG:{data}" if version == "3.0"
                               else f"PHOTO:data:image/jpeg;base64,{data}"))
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines) + "\r\n")
    return "".join(cards).encode("utf-8")


# ----------------------------------------------------------------------------- calendar and mail


def ics_bytes(events: list[dict]) -> bytes:
    """An .ics calendar; each event: uid, start (date/datetime), summary, organizer, attendees
    [(email, partstat)], optional location, status, rrule."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Networking Workbook//Samples//EN",
             f"X-WR-CALNAME:{OWNER['email']}"]
    for ev in events:
        start = ev["start"]
        lines += ["BEGIN:VEVENT", f"UID:{ev['uid']}"]
        if isinstance(start, dt.datetime):
            lines.append(f"DTSTART:{start:%Y%m%dT%H%M%SZ}")
            lines.append(f"DTEND:{start + dt.timedelta(hours=1):%Y%m%dT%H%M%SZ}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{start:%Y%m%d}")
        lines.append(_fold(f"SUMMARY:{_vescape(ev.get('summary', ''))}"))
        if ev.get("location"):
            lines.append(_fold(f"LOCATION:{_vescape(ev['location'])}"))
        if ev.get("status"):
            lines.append(f"STATUS:{ev['status']}")
        if ev.get("rrule"):
            lines.append(f"RRULE:{ev['rrule']}")
        if ev.get("organizer"):
            lines.append(f"ORGANIZER;CN=Organizer:mailto:{ev['organizer']}")
        for email, part in ev.get("attendees", []):
            lines.append(_fold(f"ATTENDEE;CN={email.split('@')[0]};PARTSTAT={part}:mailto:{email}"))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def mbox_bytes(messages: list[dict]) -> bytes:
    """An mbox; each message: sender, to (list), cc (list), when (datetime or None), subject, body."""
    out = []
    for m in messages:
        when = m.get("when")
        stamp = (when or dt.datetime(2024, 1, 1)).strftime("%a %b %d %H:%M:%S %Y")
        out.append(f"From {m['sender']} {stamp}")
        out.append(f"Delivered-To: {OWNER['email']}")
        if when is not None:
            out.append(f"Date: {when.strftime('%a, %d %b %Y %H:%M:%S +0000')}")
        out.append(f"From: \"{m.get('sender_name', '')}\" <{m['sender']}>")
        to = m.get("to", [])
        if len(to) > 1:  # a folded header
            out.append("To: " + ",\n ".join(to))
        elif to:
            out.append(f"To: {to[0]}")
        if m.get("cc"):
            out.append("Cc: " + ", ".join(m["cc"]))
        out.append(f"Subject: {m.get('subject', '')}")
        out.append(f"Message-ID: <{zlib.crc32((m['sender'] + stamp).encode())}@example.org>")
        out.append("")
        out.extend(m.get("body", "Hello!").split("\n"))
        out.append("")
    return ("\n".join(out) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------- the committed samples


def vcard_people(seed: int = SEED) -> pd.DataFrame:
    """The six people of the vCard samples, with the quirks the vCard files show."""
    v = people(60, seed).iloc[46:52].copy()
    first = v.index[0]
    v.loc[first, ["first_name", "last_name"]] = ["Zoë", "Ångström-Núñez"]
    v.loc[first, "full_name"] = "Zoë Ångström-Núñez"
    v.loc[first, "birthday"] = "--04-12"
    v.loc[first, "notes"] = "Prefers café meetings; met at the Tampere data festival, où elle présentait ses travaux."
    v.loc[v.index[1], "email"] = f"{v.iloc[1]['email']};second.{v.iloc[1]['email']}"
    v.loc[v.index[2], "notes"] = "Long note that goes on and on so that the line has to be folded, as vCard " \
                                 "writers do, across several lines; with a comma, too."
    return v

