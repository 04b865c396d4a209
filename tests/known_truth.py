"""A LinkedIn-style export whose truth is known: what the owner truly shares with each connection.

Written apart from ``workbook.samples`` (other names, companies, texts and layout choices), so it
does not share the parsers' assumptions. Everything is invented. :func:`make_export` returns the
export's files and a truth table ``url, kind, key`` of every item the owner and that connection
truly share, in the common-ground space's kinds (employer, community for a school, skill for a
skill or a field of work, interest for a topic both wrote about). Connections with no truth row
share nothing at all.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from dataclasses import dataclass

import pandas as pd

OWNER = ("Morgan", "Ashdown", "https://www.linkedin.com/in/morgan-ashdown-kt")
HEADLINE = "Senior Data Scientist working on climate data and urban mobility"
SUMMARY = "I build forecasting tools for community energy groups and care about open source."
POSITIONS = [  # company, title, started, finished
    ("Harbourline Energy", "Senior Data Scientist", "Apr 2021", ""),
    ("Quillmark Labs Ltd", "Data Scientist", "Sep 2016", "Mar 2021"),
    ("Fernwood Borough Council", "Policy Officer", "Jan 2012", "Aug 2016"),
]
SCHOOL = ("University of Tamsworth", "2008", "2012")
SKILLS = ["Python", "Forecasting", "Geospatial Analysis", "Survey Design", "Public Speaking"]
#: Topics the owner writes about (beyond the headline's and summary's own).
OWNER_TOPICS = ["sensor networks", "heat pumps", "cycling infrastructure", "flood modelling"]
#: Topics only contacts write about: no word in common with the owner's texts.
OTHER_TOPICS = ["jazz guitar", "marathon training", "sourdough baking", "board games", "wild swimming",
                "stamp collecting", "vintage motorbikes"]
#: Every topic the owner wrote (headline and summary included), as the truth knows it.
OWNER_WRITES = OWNER_TOPICS + ["climate data", "urban mobility", "community energy", "open source"]
FILLER = ["Thanks for connecting!", "Great to catch up today, thanks for your time.", "Coffee next week?",
          "Hope you are well.", "Happy to help, let me know what you need.", "Sorry for the slow reply!",
          "Congratulations on the new role!", "Would you have twenty minutes for a quick call?"]
FIELDS = {"data": ["Data Analyst", "Head of Analytics", "Machine Learning Engineer", "Statistician"],
          "design": ["Product Designer"], "sales": ["Account Executive"], "legal": ["Solicitor"],
          "healthcare": ["Staff Nurse"], "marketing": ["Brand Manager"], "education": ["Primary School Teacher"]}
COMPANIES = {"Harbourline Energy": "harbourline energy", "Quillmark Labs": "quillmark labs",
             "Fernwood Borough Council": "fernwood borough council", "University of Tamsworth": None}
ELSEWHERE = ["Otterbrook Studios", "Pellucid Foods", "Granitehill Legal", "Saltmarsh Clinic", "Brindle & Vane",
             "Moorgate Academy", "Tidewell Retail"]
FIRST = ["Aurelio", "Brigid", "Casimir", "Delphine", "Eamon", "Fenna", "Gustavo", "Hester", "Ivo", "Juno", "Kasimir",
         "Liesel", "Marek", "Noor", "Osric", "Pilar", "Rune", "Sabine", "Tarek", "Ulrike", "Vesna", "Wilmer"]
LAST = ["Ashgrove", "Blackthorn", "Coldridge", "Dunstable", "Elmhirst", "Foxley", "Gorseway", "Hawthorne",
        "Ironside", "Juniper", "Kestrel", "Larkspur", "Marlow", "Nettlefold"]
SKILL_POOL = ["Python", "Forecasting", "Negotiation", "Photography", "Geospatial Analysis", "Copywriting"]


@dataclass
class KnownExport:
    files: dict[str, bytes]
    truth: pd.DataFrame  # url, kind, key: every truly shared item
    people: pd.DataFrame  # url, full_name, company, position, field

    def zip(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.files.items():
                zf.writestr(zipfile.ZipInfo(f"Complete_LinkedInDataExport_01-02-2025/{name}", (2025, 2, 1, 9, 0, 0)),
                            data)
        return buf.getvalue()


def _csv(rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _people(rng: random.Random, n: int) -> pd.DataFrame:
    names = rng.sample([(f, l) for f in FIRST for l in LAST], n)
    rows = []
    for k, (first, last) in enumerate(names):
        field = rng.choice(list(FIELDS))
        company = rng.choice(list(COMPANIES) + ELSEWHERE * 2) if k % 3 else rng.choice(ELSEWHERE)
        company = {1: "Harbourline Energy", 2: "Quillmark Labs", 4: SCHOOL[0], 5: "Fernwood Borough Council"}.get(k, company)
        if company == "Quillmark Labs" and k % 2:
            company = "QUILLMARK LABS Limited"  # the same employer, spelt another way
        rows.append({"first": first, "last": last, "full_name": f"{first} {last}", "field": field,
                     "url": f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{k:03d}",
                     "company": company, "position": rng.choice(FIELDS[field])})
    return pd.DataFrame(rows)


def make_export(seed: int = 2025, n: int = 40) -> KnownExport:
    """The files of an export for ``n`` connections and the truth of what the owner shares with each."""
    rng = random.Random(seed)
    p = _people(rng, n)
    truth: list[tuple[str, str, str]] = []
    for r in p.itertuples():
        key = COMPANIES.get(r.company, "") or ("quillmark labs" if r.company.startswith("QUILLMARK") else "")
        if key:
            truth.append((r.url, "employer", key))
        if r.company == SCHOOL[0]:
            truth.append((r.url, "community", "university of tamsworth"))
        if r.field == "data":
            truth.append((r.url, "skill", "data"))
    files = {"Profile.csv": _csv([["First Name", "Last Name", "Maiden Name", "Headline", "Summary", "Industry",
                                   "Geo Location"], [OWNER[0], OWNER[1], "", HEADLINE, SUMMARY, "Utilities", ""]]),
             "Positions.csv": _csv([["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
                                    *[[c, t, "", "", a, b] for c, t, a, b in POSITIONS]]),
             "Education.csv": _csv([["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
                                    [SCHOOL[0], SCHOOL[1], SCHOOL[2], "", "BSc Geography", ""]]),
             "Skills.csv": _csv([["Name"], *[[s] for s in SKILLS]])}
    files["Connections.csv"] = ("Notes:\r\n\"When exporting your connection data, you may notice...\"\r\n\r\n").encode() + _csv(
        [["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
         *[[r.first, r.last, r.url, "", r.company, r.position, f"{3 + i % 25:02d} Jun 2022"]
           for i, r in enumerate(p.itertuples())]])
    files["messages.csv"], topics = _messages(rng, p)
    truth += topics
    files.update(_endorsements(rng, p, truth))
    table = pd.DataFrame(truth, columns=["url", "kind", "key"]).drop_duplicates().reset_index(drop=True)
    return KnownExport(files, table, p)


def _messages(rng: random.Random, p: pd.DataFrame) -> tuple[bytes, list[tuple[str, str, str]]]:
    owner = f"{OWNER[0]} {OWNER[1]}"
    header = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS",
              "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS", "IS MESSAGE DRAFT"]
    rows = [header]
    start = dt.datetime(2023, 1, 9, 10, 0)
    for k, r in enumerate(p.itertuples()):
        mine = rng.sample(OWNER_TOPICS, rng.randint(0, 2))
        theirs = (rng.sample(OWNER_WRITES, rng.randint(0, 2)) if k % 4 else []) + rng.sample(OTHER_TOPICS, rng.randint(0, 2))
        lines = [(True, f"Hi {r.first}! {rng.choice(FILLER)}")]
        lines += [(True, f"Lately I have been reading a lot about {t}.") for t in mine]
        lines += [(False, f"{rng.choice(FILLER)} I spend my weekends on {t} these days.") for t in theirs]
        lines += [(False, f"Cheers {OWNER[0]}, {rng.choice(FILLER).lower()}")]
        for i, (out, text) in enumerate(lines):
            when = start + dt.timedelta(days=3 * k, hours=i)
            rows.append([f"2-conv{k:04d}known", "", owner if out else r.full_name, OWNER[2] if out else r.url,
                         r.full_name if out else owner, r.url if out else OWNER[2],
                         when.strftime("%Y-%m-%d %H:%M:%S UTC"), "", text, "INBOX", "", "No"])
    # Shared: a topic the contact wrote that the owner wrote too (in any message, the headline or the summary).
    every = OWNER_WRITES + OTHER_TOPICS
    owner_text = " ".join([HEADLINE, SUMMARY] + [str(r[8]) for r in rows[1:] if r[3] == OWNER[2]])
    written = {t for t in every if t in owner_text}
    truth = {(str(r[3]), "interest", t) for r in rows[1:] if r[3] != OWNER[2] for t in written if t in str(r[8])}
    return _csv(rows), sorted(truth)


def _endorsements(rng: random.Random, p: pd.DataFrame, truth: list[tuple[str, str, str]]) -> dict[str, bytes]:
    given = [["Endorsement Date", "Skill Name", "Endorsee First Name", "Endorsee Last Name", "Endorsee Public Url",
              "Endorsement Status"]]
    received = [["Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name", "Endorser Public Url",
                 "Endorsement Status"]]
    owner_skills = {s.casefold() for s in SKILLS} | {"mentoring"}
    for k, r in enumerate(p.itertuples()):
        if k % 5 == 1:
            for s in rng.sample(SKILL_POOL, 2):
                given.append([f"2024/0{1 + k % 9}/1{k % 10} 08:30:00 UTC", s, r.first, r.last,
                              r.url.replace("https://www.", ""), "ACCEPTED"])
                if s.casefold() in owner_skills:
                    truth.append((r.url, "skill", s.casefold()))
        if k % 7 == 3:
            received.append([f"2024/02/0{1 + k % 9} 12:00:00 UTC", "Mentoring", r.first, r.last, r.url, "ACCEPTED"])
    return {"Endorsement_Given_Info.csv": _csv(given), "Endorsement_Received_Info.csv": _csv(received)}
