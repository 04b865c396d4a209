"""The sample people: invented names, companies and example.com-style addresses, and the tables
every sample writer shares (see :mod:`workbook.samples`)."""
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
ROOT = Path(__file__).resolve().parents[2]
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

