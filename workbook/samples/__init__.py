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


from .people import (SEED, ROOT, SAMPLES_DIR, DOMAINS, OWNER, FIRST_NAMES, LAST_NAMES, COMPANIES, POSITIONS, CITIES, SKILLS, LABELS, NOTES_PREAMBLE, CONNECTIONS_HEADER, MESSAGES_HEADER, slug, people, _csv, _get)  # noqa: F401
from .formats import (linkedin_connections_bytes, linkedin_messages_bytes, _owner_full, linkedin_messages, linkedin_export_files, zip_bytes, GOOGLE_HEADER, GOOGLE_LEGACY_HEADER, google_csv_bytes, OUTLOOK_HEADER, outlook_csv_bytes, generic_csv_bytes, _vescape, _fold, _qp, vcard_bytes, ics_bytes, mbox_bytes, vcard_people)  # noqa: F401


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
    files["calendar.ics"] = _calendar(emails)
    files["mail.mbox"] = _mail(emails)
    files.update(_tables(seed, rng))
    return files


def _calendar(emails: list[str]) -> bytes:
    """Meetings with these contacts, and the events an importer must skip."""
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
    return ics_bytes(events)


def _mail(emails: list[str]) -> bytes:
    """Mail to and from these contacts, a newsletter and a message without a date."""
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
    return mbox_bytes(mails)


def _tables(seed: int, rng: random.Random) -> dict[str, bytes]:
    """Generic CSVs (separators, encodings, line ends, quoted newlines), bad rows, an interaction
    log, and files that must be refused."""
    files: dict[str, bytes] = {}
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

