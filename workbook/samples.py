"""Synthetic sample source files for every importer and every quirk it handles.

Everything here is invented: people are random combinations of first names and surnames,
companies are made up, and every email address is at example.com, example.org or
example.net. The same seed always writes the same bytes, so ``data/samples/`` is committed
and tests can rely on it. Regenerate with ``python -m workbook.samples [FOLDER]``.

The ``*_bytes`` writers take a table of people (columns ``first_name``, ``last_name``,
``email``, ``company``, ``position``; optional ``linkedin_url``, ``phone``, ``city``,
``birthday``, ``notes``, ``labels``) and return a file in that source's format; the
property tests use them to write random tables in every format and encoding.

>>> p = people(3, seed=1)
>>> list(p.columns[:5])
['first_name', 'last_name', 'full_name', 'email', 'company']
>>> all(e.rsplit("@", 1)[1] in ("example.com", "example.org", "example.net") for e in p["email"])
True
>>> google_csv_bytes(p, legacy=True)[:2] == b"\\xff\\xfe"   # legacy Google CSV is UTF-16
True
"""
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

SEED = 20240315
ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = ROOT / "data" / "samples"
DOMAINS = ("example.com", "example.org", "example.net")
OWNER = {"first_name": "Robin", "last_name": "Quillfeather", "email": "robin.quillfeather@example.net",
         "url": "https://www.linkedin.com/in/robin-quillfeather"}

FIRST_NAMES = (
    "Ada", "Bram", "Cleo", "Dario", "Elif", "Farah", "Gideon", "Hana", "Ilse", "Joaquín", "Kaito", "Lena",
    "Mateo", "Nadia", "Oren", "Priya", "Quinn", "Rosa", "Soren", "Tamsin", "Uma", "Viktor", "Wren", "Ximena",
    "Yusuf", "Zoë", "Amara", "Bastian", "Céline", "Dmitri", "Esme", "Femi", "Greta", "Hugo", "Isla", "Jonas",
    "Keziah", "Luca", "Mireille", "Niamh", "Otto", "Paloma", "Rafael", "Saoirse", "Tobias", "Ulla", "Valentin",
    "Wanjiru", "Yara", "Zeynep",
)
LAST_NAMES = (
    "Abernethy", "Brightwater", "Castellano", "Dunmore", "Eskildsen", "Fairweather", "Galloway", "Halvorsen",
    "Ibarra", "Jankowski", "Kowalczyk", "Lindqvist", "Marchetti", "Nakamura", "Okonkwo", "Petrovic", "Quintero",
    "Rasmussen", "Szabó", "Thornbury", "Underhill", "Valdés", "Whitlock", "Xu", "Yilmaz", "Zimmermann",
    "Achterberg", "Bellweather", "Cordova", "Delacroix", "Engström", "Fitzgerald", "Grünewald", "Hollis",
    "Iwasaki", "Jovanovic", "Kilbride", "Lachance", "Moreau", "Nightingale", "Oyelaran", "Pemberton",
    "Rookwood", "Silvermoon", "Tremaine", "Vasquez", "Winterbourne", "Yardley", "Zelenko", "O'Dwyer",
)
COMPANIES = (
    "Northwind Analytics", "Bluebird Labs", "Cobalt & Pine", "Driftwood Health", "Emberline Energy",
    "Foxglove Studio", "Granite Peak Capital", "Harbourlight Media", "Ironbark Logistics", "Juniper Learning",
    "Kestrel Robotics", "Lanternfish Games", "Meridian Civic Tech", "Nimbus Weather Co", "Orchard Row Foods",
)
POSITIONS = (
    "Data Scientist", "Product Manager", "Software Engineer", "Head of Design", "Research Lead",
    "Engineering Manager", "Marketing Director", "Founder", "UX Researcher", "Policy Analyst", "Recruiter",
    "Chief Technology Officer", "Community Manager", "Account Executive", "Operations Lead",
)
CITIES = ("Lisbon", "Leeds", "Montréal", "Utrecht", "Nairobi", "Osaka", "Valencia", "Tampere", "Austin", "Dublin")
SKILLS = ("Python", "Facilitation", "Data Visualisation", "Negotiation", "SQL", "Public Speaking", "Mentoring",
          "Product Strategy", "User Research", "Statistics")
LABELS = ("Friends", "Conference 2024", "Climbing club", "Former colleagues", "Mentors")

NOTES_PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    'their email address. (Synthetic sample preamble.)"\n\n'
)
CONNECTIONS_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
MESSAGES_HEADER = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                   "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS", "IS MESSAGE DRAFT"]


# ----------------------------------------------------------------------------- people


def slug(text: str) -> str:
    """ASCII, lower-case, dash-separated (for invented URLs and email local parts).

    >>> slug("Zoë O'Dwyer")
    'zoe-odwyer'
    """
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9]+", "-", t.replace("'", "")).strip("-")
    return t or "x"


def people(n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` invented people with unique names, emails and LinkedIn URLs."""
    rng = random.Random(seed)
    seen: set[str] = set()
    rows = []
    while len(rows) < n:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        full = f"{first} {last}"
        if full in seen:
            if len(seen) >= len(FIRST_NAMES) * len(LAST_NAMES):
                full = f"{first} {last}-{len(rows)}"
                last = f"{last}-{len(rows)}"
            else:
                continue
        seen.add(full)
        k = len(rows)
        rows.append({
            "first_name": first,
            "last_name": last,
            "full_name": full,
            "email": f"{slug(first)}.{slug(last)}{k}@{DOMAINS[k % 3]}",
            "company": rng.choice(COMPANIES),
            "position": rng.choice(POSITIONS),
            "linkedin_url": f"https://www.linkedin.com/in/{slug(full)}-{k:04d}",
            "phone": f"+1 555 01{k % 100:02d}",
            "city": rng.choice(CITIES),
            "birthday": f"19{rng.randint(60, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "connected_on": dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3600)),
            "labels": rng.sample(LABELS, rng.randint(0, 2)),
            "notes": "",
        })
    return pd.DataFrame(rows)


def _csv(rows: Iterable[Iterable[object]], *, delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def _get(p: pd.DataFrame, col: str, default: object = "") -> list:
    return p[col].tolist() if col in p else [default] * len(p)


# ----------------------------------------------------------------------------- LinkedIn


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


def sample_files(seed: int = SEED) -> dict[str, bytes]:
    """Every sample file, by name (see ``data/samples/README.md``)."""
    rng = random.Random(seed)
    base = people(60, seed)
    files: dict[str, bytes] = {}
    # LinkedIn: the whole export, and single files with their quirks.
    files["linkedin-export.zip"] = zip_bytes(linkedin_export_files(base, seed), folder="Basic_LinkedInDataExport/")
    files["linkedin-Connections.csv"] = linkedin_connections_bytes(base.head(20), newline="\r\n")
    files["linkedin-Connections-old.csv"] = linkedin_connections_bytes(base.iloc[20:30], with_url=False)
    # Google: the same people as LinkedIn for 10 rows (merged by URL / fuzzy name), plus new ones.
    g = pd.concat([base.iloc[10:20], people(70, seed + 7).iloc[60:70]], ignore_index=True)
    g = g.assign(email=[f"{e};{slug(f)}@example.org" if i % 4 == 0 else e
                        for i, (e, f) in enumerate(zip(g["email"], g["first_name"]))])
    g.loc[0, "notes"] = "Met at the civic data meetup.\nAsked about mentoring."
    g.loc[1, "birthday"] = "--03-15"
    g.loc[2, "company"] = g.loc[2, "company"] + " Inc."  # merged by email anyway
    files["google-contacts.csv"] = google_csv_bytes(g, bom=True)
    files["google-contacts-legacy.csv"] = google_csv_bytes(base.iloc[30:38], legacy=True)
    o = base.iloc[38:46].copy()
    o.loc[o.index[0], "email"] = "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=x"
    files["outlook-contacts.csv"] = outlook_csv_bytes(o)
    v = vcard_people(seed)
    files["contacts-v21.vcf"] = vcard_bytes(v.iloc[:3], version="2.1")
    files["contacts-v30.vcf"] = vcard_bytes(v, version="3.0", photo=True)
    files["contacts-v40.vcf"] = vcard_bytes(v.iloc[3:], version="4.0")
    # Calendar and mail with the Google contacts (matched by email).
    emails = [e.split(";")[0] for e in g["email"]]
    events = []
    for k in range(12):
        a = emails[k % len(emails)]
        start = dt.datetime(2024, 1 + k % 12, 3 + k, 14, 0)
        events.append({"uid": f"evt-{k}@example.org", "start": start, "summary": f"Coffee chat {k}",
                       "organizer": OWNER["email"] if k % 3 else a,
                       "attendees": [(OWNER["email"], "ACCEPTED"), (a, "ACCEPTED")],
                       "location": "https://zoom.us/j/123" if k % 4 == 0 else "Café Central"})
    events.append({"uid": "cancelled@example.org", "start": dt.datetime(2024, 5, 5, 9), "summary": "Cancelled",
                   "organizer": OWNER["email"], "attendees": [(emails[0], "ACCEPTED")], "status": "CANCELLED"})
    events.append({"uid": "weekly@example.org", "start": dt.date(2024, 2, 6), "summary": "Weekly mentoring",
                   "organizer": emails[1], "attendees": [(OWNER["email"], "ACCEPTED")], "rrule": "FREQ=WEEKLY;COUNT=5"})
    events.append({"uid": "declined@example.org", "start": dt.datetime(2024, 6, 1, 9), "summary": "Declined",
                   "organizer": OWNER["email"], "attendees": [(emails[2], "DECLINED")]})
    events.append({"uid": "future@example.org", "start": dt.datetime(2099, 1, 1, 9), "summary": "Far future",
                   "organizer": OWNER["email"], "attendees": [(emails[3], "ACCEPTED")]})
    events.append({"uid": "strangers@example.org", "start": dt.datetime(2024, 7, 1, 9), "summary": "Townhall",
                   "organizer": "events@example.com", "attendees": [("someone@example.com", "ACCEPTED")]})
    files["calendar.ics"] = ics_bytes(events)
    mails = []
    for k in range(20):
        a = emails[k % len(emails)]
        when = dt.datetime(2024, 1 + k % 12, 1 + k, 8 + k % 10, 30)
        if k % 2:
            mails.append({"sender": OWNER["email"], "sender_name": _owner_full(), "to": [a, "team@example.com"],
                          "when": when, "subject": f"Re: idea {k}", "body": "Thanks!\nFrom the notes of our call:"})
        else:
            mails.append({"sender": a, "sender_name": "A Contact", "to": [OWNER["email"]], "when": when,
                          "subject": f"Idea {k}", "body": "From what I heard, you might like this."})
    mails.append({"sender": "newsletter@example.com", "to": [OWNER["email"]], "when": dt.datetime(2024, 3, 3),
                  "subject": "Weekly digest"})
    mails.append({"sender": emails[0], "to": [OWNER["email"]], "when": None, "subject": "No date header"})
    files["mail.mbox"] = mbox_bytes(mails)
    # Generic CSVs: separators, encodings, line ends, quoted newlines.
    gen = people(12, seed + 11).assign(notes=lambda f: ["Line one\nline two" if i % 3 == 0 else "" for i in range(len(f))])
    files["contacts-comma.csv"] = generic_csv_bytes(gen)
    files["contacts-semicolon-crlf.csv"] = generic_csv_bytes(gen, delimiter=";", newline="\r\n", bom=True)
    files["contacts-tab.tsv"] = generic_csv_bytes(gen, delimiter="\t")
    files["contacts-utf16.csv"] = generic_csv_bytes(gen, encoding="utf-16")
    files["contacts-cp1252.csv"] = generic_csv_bytes(gen, encoding="cp1252", newline="\r\n")
    bad = _csv([
        ["Name", "Email", "Company", "Connected On"],
        ["Good Person", "good.person@example.com", "Kestrel Robotics", "2021-04-01"],
        ["", "", "Nobody Inc", ""],
        ["Bad Email", "not-an-email", "Foxglove Studio", ""],
        ["Bad Date", "bad.date@example.org", "Foxglove Studio", "31/31/2021"],
        ["Too Many", "too.many@example.net", "Foxglove Studio", "2020-01-01", "surprise"],
        ["<img src=x onerror=alert(1)>", "xss@example.com", "<b>Bold Co</b>", ""],
        ["Also Good", "also.good@example.org", "Juniper Learning", "2019-12-31"],
    ])
    files["contacts-bad-rows.csv"] = bad.encode("utf-8")
    log = [["date", "email", "channel", "direction", "kind", "note"]]
    for k in range(10):
        log.append([f"2024-0{1 + k % 9}-1{k}", gen.iloc[k % len(gen)]["email"], ["call", "coffee", "email"][k % 3],
                    ["outbound", "in", "mutual"][k % 3], ["catch-up", "support given", "referral-received"][k % 3],
                    f"Talked about plan {k}"])
    log.append(["2024-02-30", gen.iloc[0]["email"], "call", "outbound", "catch-up", "impossible date"])
    log.append(["2024-03-01", "nobody@example.com", "call", "outbound", "catch-up", "unknown person"])
    log.append(["2024-03-02", gen.iloc[1]["email"], "carrier pigeon", "outbound", "catch-up", "bad channel"])
    files["interactions.csv"] = _csv(log).encode("utf-8")
    # Files that must be refused.
    files["refused-png-renamed.csv"] = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(200))
    files["refused-empty.csv"] = b""
    files["refused-no-header.csv"] = b"hello there\nthis is just some text\nwith no header at all\n"
    files["refused-binary.csv"] = bytes(rng.randrange(256) for _ in range(512))
    return files


README = """# Sample source files (synthetic)

Written by `python -m workbook.samples` (seed {seed}); every person, company and address is
invented and every email is at example.com, example.org or example.net. Each file exercises
one importer and its quirks; `tests/test_importers.py` imports every one of them.

| file | what it shows |
| --- | --- |
| linkedin-export.zip | a whole LinkedIn export in a folder: Connections (Notes preamble), messages (a draft, strangers), Invitations, Recommendations given/received, Endorsements, Profile, Positions, Skills, Email Addresses, and a file we ignore |
| linkedin-Connections.csv | Connections on its own, CRLF line ends |
| linkedin-Connections-old.csv | an older Connections.csv without the URL column |
| google-contacts.csv | Google's current CSV: UTF-8 BOM, ` ::: ` multi-values, `* ` labels, a note with a newline, a year-less birthday; 10 people also in the LinkedIn export |
| google-contacts-legacy.csv | Google's legacy CSV: UTF-16 with BOM, Given Name / Family Name / Group Membership |
| outlook-contacts.csv | Outlook CSV: Windows-1252, CRLF, an Exchange path instead of an email |
| contacts-v21.vcf / -v30.vcf / -v40.vcf | vCard 2.1 (quoted-printable), 3.0 (folded lines, embedded photos, several emails), 4.0 (year-less birthday) |
| calendar.ics | meetings with contacts (video, in person), cancelled, recurring, declined, far future, strangers |
| mail.mbox | an email archive: sent and received mail, folded headers, a body line starting "From", a newsletter, a message without a Date |
| contacts-comma.csv, -semicolon-crlf.csv, -tab.tsv, -utf16.csv, -cp1252.csv | one contacts table in every separator and encoding, with quoted newlines |
| contacts-bad-rows.csv | rows that must be rejected one by one (no name, bad email, bad date, extra values) and a name that is HTML |
| interactions.csv | an interaction log (with a bad date, an unknown person and an unknown channel) |
| refused-*.csv | files that must be refused: a PNG renamed .csv, an empty file, text with no header, random bytes |
"""


def write_samples(folder: str | Path = SAMPLES_DIR, seed: int = SEED) -> list[Path]:
    """Write every sample file (and a README) into ``folder``; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sample_files(seed).items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    (folder / "README.md").write_text(README.format(seed=seed), encoding="utf-8")
    return written


def benchmark_files(n_connections: int = 30_000, n_messages: int = 200_000, seed: int = SEED) -> dict[str, bytes]:
    """A large Connections.csv and messages.csv (for timing the importer)."""
    p = people(n_connections, seed)
    return {
        "Connections.csv": linkedin_connections_bytes(p),
        "messages.csv": linkedin_messages_bytes(linkedin_messages(p, n_messages, seed)),
    }


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    folder = Path(argv[0]) if argv else SAMPLES_DIR
    for path in write_samples(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
