"""The demo persona: a seeded, fully synthetic person and network to explore the workbook with.

Sam Rivera, a teacher turned operations lead in Manchester, is moving into product
management. Their network (about 250 contacts) follows Dunbar-like layers, with ties that
thrive, cool, drift to risk, lie dormant (3+ years) or are brand new; everything is invented
(names, companies, emails at example.com/.org/.net, LinkedIn slugs).

>>> frames = generate_demo(n_contacts=80)
>>> len(frames["contacts"]), frames["contacts"]["id"].tolist()[:3]
(80, [1, 2, 3])
>>> frames["settings"].set_index("key").loc["as_of", "value"]
'"2026-10-15"'

``generate_demo`` is pure and vectorised (30,000 contacts and 1,000,000 interactions take a few
seconds); ``write_demo`` stores it in a fresh workbook, ``open_demo`` returns the demo workbook
(building it when missing or stale), ``save_demo_csvs``/``load_demo_csvs`` round-trip the
committed CSVs in ``data/demo/``. ``demo_truth`` tells tests and notebooks the hidden layer and
status behind each contact (the app itself infers circles from interactions).

Link direction: ``introduced-by`` rows read "a was introduced by b"; other kinds are stored
with the smaller id first, as :meth:`workbook.store.Workbook.link` does.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import schema
from .demo_loops import (LOOP_COLUMNS, LOOP_INT, LOOP_NULLABLE_TEXT, activity_setting, engagement_interactions,
                         event_interactions, loop_frames)
from .store import Workbook, WorkbookError, demo_path

__all__ = [
    "DEMO_VERSION",
    "generate_demo",
    "demo_truth",
    "write_demo",
    "open_demo",
    "save_demo_csvs",
    "load_demo_csvs",
    "main",
]

DEFAULT_SEED = 7
DEFAULT_AS_OF = "2026-10-15"
#: Changes whenever this generator's source changes, so a stale demo workbook is rebuilt.
#: Changes with the generator's code (and its practice loops'), so a demo built by older code is rebuilt.
DEMO_VERSION = "1+" + hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes().replace(b"\r\n", b"\n") for name in ("demo.py", "demo_loops.py")
)).hexdigest()[:12]
DEMO_CSV_FOLDER = Path(__file__).resolve().parents[1] / "data" / "demo"

# ----------------------------------------------------------------------------- vocabulary

INDUSTRIES = ("Technology", "Finance", "Healthcare", "Education", "Nonprofit", "Design/Creative",
              "Government", "Consulting", "Energy", "Media")
# Sam's network leans to education (their past) and technology (where they are heading).
_INDUSTRY_P = np.array([0.20, 0.07, 0.08, 0.18, 0.10, 0.08, 0.06, 0.09, 0.05, 0.09])

FUNCTIONS = ("engineering", "product", "design", "data", "marketing", "sales", "operations",
             "research", "people", "leadership")
_FUNCTION_P = np.array([0.13, 0.13, 0.09, 0.11, 0.09, 0.07, 0.13, 0.08, 0.07, 0.10])
# Per industry, functions that are over-represented there.
_FUNCTION_BOOST = {
    "Technology": ("engineering", "product", "data", "design"),
    "Finance": ("data", "sales", "operations"),
    "Healthcare": ("research", "operations", "data"),
    "Education": ("research", "people", "operations"),
    "Nonprofit": ("operations", "marketing", "people"),
    "Design/Creative": ("design", "marketing", "research"),
    "Government": ("operations", "data", "research"),
    "Consulting": ("leadership", "data", "product"),
    "Energy": ("engineering", "operations", "data"),
    "Media": ("marketing", "design", "sales"),
}
SENIORITIES = ("junior", "mid", "senior", "lead", "head", "director", "vp", "chief", "founder")
_SENIORITY_P = np.array([0.10, 0.22, 0.24, 0.10, 0.08, 0.10, 0.07, 0.05, 0.04])
_ROLE = {
    "engineering": ("Software Engineer", "Data Engineer"),
    "product": ("Product Manager", "Product Owner"),
    "design": ("Product Designer", "UX Designer"),
    "data": ("Data Analyst", "Data Scientist"),
    "marketing": ("Marketing Manager", "Content Strategist"),
    "sales": ("Account Executive", "Partnerships Manager"),
    "operations": ("Operations Manager", "Programme Manager"),
    "research": ("UX Researcher", "Research Scientist"),
    "people": ("People Partner", "Talent Partner"),
    "leadership": ("Strategy Manager", "Strategy Manager"),
}
_DEPT = {"engineering": "Engineering", "product": "Product", "design": "Design", "data": "Data",
         "marketing": "Marketing", "sales": "Sales", "operations": "Operations", "research": "Research",
         "people": "People", "leadership": "Strategy"}
_CHIEF = {"engineering": "Chief Technology Officer", "product": "Chief Product Officer",
          "design": "Chief Design Officer", "data": "Chief Data Officer", "marketing": "Chief Marketing Officer",
          "sales": "Chief Revenue Officer", "operations": "Chief Operating Officer",
          "research": "Chief Scientific Officer", "people": "Chief People Officer",
          "leadership": "Chief Executive Officer"}
_EDUCATION_TITLES = ("Secondary School Teacher", "Head of Year", "Curriculum Designer", "Learning Designer",
                     "Deputy Headteacher", "Head of Science", "Teaching Assistant", "Maths Teacher")

_PREFIXES = ("Northwind", "Bluebird", "Cedar", "Harbor", "Juniper", "Lumen", "Meridian", "Oakridge",
             "Pinecrest", "Quill", "Riverstone", "Saffron", "Tidewater", "Umber", "Vantage", "Willow",
             "Copperleaf", "Driftwood", "Emberly", "Foxglove", "Granite", "Ironbark", "Kestrel", "Larkspur",
             "Mosslane", "Nimbus", "Orchard", "Quarrystone", "Redwing", "Silverline", "Thistle", "Upland",
             "Verdant", "Wrenfield", "Yarrow", "Zephyr", "Aster", "Birchwood", "Clearwater", "Dovetail")
_SUFFIXES = {
    "Technology": ("Analytics", "Labs", "Systems", "Software", "Cloud"),
    "Finance": ("Capital", "Bank", "Pay", "Wealth", "Insurance"),
    "Healthcare": ("Health", "Clinics", "Therapeutics", "Care", "Diagnostics"),
    "Education": ("Academy", "Learning", "College", "Learning Trust", "School"),
    "Nonprofit": ("Foundation", "Trust", "Alliance", "Collective", "Charity"),
    "Design/Creative": ("Studio", "Design Co.", "Creative", "Workshop", "Atelier"),
    "Government": ("Digital Service", "Skills Agency", "Transport Authority", "Council", "Data Office"),
    "Consulting": ("Advisory", "Consulting", "Partners", "Group", "Associates"),
    "Energy": ("Energy", "Power", "Renewables", "Grid", "Solar"),
    "Media": ("Media", "Press", "Studios", "Broadcasting", "Podcasts"),
}
CITIES = (
    ("Manchester", "United Kingdom"), ("London", "United Kingdom"), ("Leeds", "United Kingdom"),
    ("Edinburgh", "United Kingdom"), ("Bristol", "United Kingdom"), ("Dublin", "Ireland"),
    ("Berlin", "Germany"), ("Amsterdam", "Netherlands"), ("Paris", "France"), ("Lisbon", "Portugal"),
    ("Barcelona", "Spain"), ("Stockholm", "Sweden"), ("New York", "United States"),
    ("San Francisco", "United States"), ("Toronto", "Canada"), ("Singapore", "Singapore"),
    ("Nairobi", "Kenya"), ("Bangalore", "India"), ("Sydney", "Australia"),
)
_CITY_P = np.array([0.24, 0.20, 0.06, 0.04, 0.04, 0.04, 0.05, 0.04, 0.03, 0.03, 0.03, 0.02, 0.05,
                    0.03, 0.03, 0.02, 0.02, 0.02, 0.01])

FIRST_NAMES = (
    "Aisha", "Alejandro", "Amara", "Anika", "Arjun", "Astrid", "Beatriz", "Bilal", "Camille", "Chen",
    "Chidi", "Chloe", "Dario", "Daniel", "Divya", "Elena", "Elif", "Emeka", "Emma", "Farah",
    "Felix", "Fatima", "Gabriel", "Grace", "Hana", "Hamza", "Hugo", "Inès", "Ingrid", "Isaac",
    "Jamal", "Javier", "Jia", "Joanna", "Jonas", "Kai", "Kavya", "Kenji", "Keisha", "Lars",
    "Leila", "Liam", "Lina", "Lucía", "Malik", "Maya", "Mateo", "Mei", "Mira", "Nadia",
    "Naomi", "Nikhil", "Noah", "Nora", "Olu", "Omar", "Oscar", "Priya", "Rafael", "Rania",
    "Ravi", "Rosa", "Ruth", "Saanvi", "Samir", "Sara", "Seán", "Sofia", "Søren", "Tariq",
    "Tess", "Thabo", "Tomás", "Uma", "Valentina", "Vikram", "Wen", "Yara", "Yusuf", "Zara",
    "Zoë", "Aditi", "Bea", "Cormac", "Dina", "Eilidh", "Femi", "Gwen", "Hiro", "Idris",
    "Jude", "Kofi", "Lotte", "Marta", "Niamh", "Orla", "Pavel", "Quinn", "Rhys", "Siobhan",
)
LAST_NAMES = (
    "Adeyemi", "Alvarez", "Andersen", "Bakker", "Banerjee", "Barros", "Bianchi", "Boateng", "Brennan",
    "Castillo", "Chandra", "Chowdhury", "Costa", "Dahl", "Da Silva", "Delgado", "Dubois", "Eze",
    "Fernandes", "Fischer", "Fitzgerald", "Gallagher", "García", "Gupta", "Haddad", "Hansen", "Herrera",
    "Holm", "Ibrahim", "Iyer", "Jansen", "Jovanović", "Kamara", "Kapoor", "Kaur", "Kim", "Kowalski",
    "Laine", "Larsen", "Lindqvist", "López", "Mahmoud", "Mansour", "Marino", "Mensah", "Moreau",
    "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "Obi", "O'Connor", "Okafor", "Okoro", "Olsen",
    "Osei", "Park", "Patel", "Pereira", "Petrov", "Rahman", "Ramos", "Reyes", "Rossi", "Şahin",
    "Santos", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Sørensen", "Suzuki", "Tan", "Tanaka",
    "Taylor", "Thompson", "Torres", "Tran", "Turner", "Varga", "Vásquez", "Volkov", "Walsh", "Wang",
    "Watanabe", "Weber", "Williams", "Wong", "Yamamoto", "Yilmaz", "Zhang", "Zhou", "Ziegler",
    "Mwangi", "Njoroge", "Otieno", "Kariuki", "Achterberg",
)

COMMON_INTERESTS = ("technology", "leadership", "education", "sustainability", "startups", "data science",
                    "design", "public policy", "health", "finance", "product management",
                    "artificial intelligence", "writing", "running", "travel", "music", "photography",
                    "cooking", "climate", "diversity and inclusion", "mentoring", "open source",
                    "user experience", "podcasts")
NICHE_INTERESTS = ("urban beekeeping", "generative art", "Go (board game)", "sourdough baking", "bouldering",
                   "birdwatching", "letterpress printing", "amateur astronomy", "fermentation",
                   "open water swimming", "mechanical keyboards", "origami", "community gardening",
                   "film photography", "sea kayaking", "bookbinding", "calligraphy", "tabletop RPGs",
                   "jazz piano", "chess variants")
VALUES = ("curiosity", "integrity", "generosity", "inclusion", "craft", "sustainability", "lifelong learning",
          "community", "autonomy", "impact", "honesty", "kindness")
_FUNCTION_SKILLS = {
    "engineering": ("Python", "system design", "cloud infrastructure", "code review", "APIs"),
    "product": ("product management", "roadmapping", "user research", "stakeholder management",
                "prioritisation", "product analytics"),
    "design": ("UX design", "prototyping", "user research", "design systems", "accessibility"),
    "data": ("SQL", "statistics", "data visualisation", "machine learning", "Python", "experiment design"),
    "marketing": ("content strategy", "SEO", "brand strategy", "copywriting", "growth marketing"),
    "sales": ("negotiation", "account management", "partnerships", "pipeline management"),
    "operations": ("process improvement", "project management", "budgeting", "vendor management"),
    "research": ("user research", "qualitative research", "experiment design", "survey design", "statistics"),
    "people": ("coaching", "hiring", "facilitation", "performance management"),
    "leadership": ("strategy", "mentoring", "fundraising", "public speaking", "stakeholder management"),
}
SKILLS = tuple(dict.fromkeys(s for v in _FUNCTION_SKILLS.values() for s in v))
_INTEREST_AFFINITY = {
    "Technology": ("technology", "artificial intelligence", "open source", "startups", "data science"),
    "Finance": ("finance", "startups"),
    "Healthcare": ("health",),
    "Education": ("education", "mentoring", "writing"),
    "Nonprofit": ("diversity and inclusion", "sustainability", "public policy"),
    "Design/Creative": ("design", "user experience", "photography", "generative art"),
    "Government": ("public policy",),
    "Consulting": ("leadership", "finance"),
    "Energy": ("climate", "sustainability"),
    "Media": ("writing", "podcasts", "photography"),
    "product": ("product management", "user experience"),
    "data": ("data science", "artificial intelligence"),
    "design": ("design", "user experience"),
    "leadership": ("leadership", "mentoring"),
}
COMMUNITIES = ("Women in Data London", "Product Guild", "UX Research Circle", "Teachers Who Code",
               "Climate Tech Collective", "Civic Design Network", "Founders Breakfast Club",
               "Nonprofit Ops Forum", "Manchester Product Meetup", "Open Data Friends",
               "Generative Art Collective", "People Ops Roundtable")
_COMMUNITY_AFFINITY = {
    "data": ("Women in Data London", "Open Data Friends"), "product": ("Product Guild", "Manchester Product Meetup"),
    "design": ("UX Research Circle", "Civic Design Network"), "research": ("UX Research Circle",),
    "people": ("People Ops Roundtable",), "operations": ("Nonprofit Ops Forum",),
    "leadership": ("Founders Breakfast Club",), "Education": ("Teachers Who Code",),
    "Energy": ("Climate Tech Collective",), "Government": ("Civic Design Network", "Open Data Friends"),
    "Design/Creative": ("Generative Art Collective",), "Nonprofit": ("Nonprofit Ops Forum",),
}
EVENTS = ("PyData Berlin 2025", "Product Guild Summit 2025", "UX Research Day 2024", "Civic Tech Unconference 2024",
          "Climate Data Forum 2025", "EdTech Meetup Manchester 2024", "Design Systems Week 2025",
          "Women in Data London Meetup 2026", "Nonprofit Ops Forum 2023", "Manchester Product Meetup 2026",
          "Founders Breakfast Manchester 2025")
_HOW_MET = ("University", "Former colleague", "Conference", "Product Guild meetup", "Introduced by a friend",
            "Online course cohort", "Volunteering", "Book club", "Neighbour", "Met at a hackathon",
            "LinkedIn", "Women in Data London meetup")

_SOURCES = ("linkedin", "google", "vcard", "manual")
# Closer ties sit in phone address books; weaker ones arrive through LinkedIn.
_SOURCE_P = {"inner": (0.25, 0.35, 0.15, 0.25), "close": (0.45, 0.30, 0.10, 0.15),
             "active": (0.65, 0.18, 0.07, 0.10), "meaningful": (0.75, 0.12, 0.05, 0.08),
             "acquaintance": (0.85, 0.07, 0.03, 0.05)}
_EMAIL_P = {"inner": 0.95, "close": 0.90, "active": 0.80, "meaningful": 0.62, "acquaintance": 0.45}
_PHONE_P = {"inner": 0.9, "close": 0.7, "active": 0.3, "meaningful": 0.08, "acquaintance": 0.02}
_BIRTHDAY_P = {"inner": 1.0, "close": 0.6, "active": 0.15, "meaningful": 0.03, "acquaintance": 0.0}

# Latent rhythm per layer: days between contacts, the mix of channels, how much is give/take.
_CADENCE = np.array([7, 30, 90, 365, 730], dtype=float)
_CHANNEL_P = np.array([
    # message email call  video meeting event social letter other
    [0.42, 0.05, 0.18, 0.10, 0.20, 0.03, 0.010, 0.005, 0.005],  # inner
    [0.35, 0.15, 0.12, 0.12, 0.15, 0.06, 0.040, 0.005, 0.005],  # close
    [0.28, 0.25, 0.06, 0.12, 0.12, 0.10, 0.060, 0.000, 0.010],  # active
    [0.20, 0.30, 0.03, 0.10, 0.07, 0.15, 0.140, 0.000, 0.010],  # meaningful
    [0.20, 0.22, 0.01, 0.05, 0.04, 0.20, 0.270, 0.000, 0.010],  # acquaintance
])
_EXCHANGE_P = np.array([0.30, 0.35, 0.35, 0.30, 0.25])
_GIVE = ("support-given", "resource-shared", "intro-made", "referral-given", "recommendation", "endorsement")
_GIVE_P = np.array([0.30, 0.30, 0.15, 0.10, 0.08, 0.07])
_TAKE = ("support-received", "intro-received", "referral-received", "recommendation", "endorsement")
_TAKE_P = np.array([0.35, 0.15, 0.15, 0.15, 0.20])
_OTHER = ("catch-up", "follow-up", "collaboration", "invitation", "other")
_OTHER_P = np.array([0.64, 0.12, 0.10, 0.10, 0.04])
_NOTES = {
    "catch-up": ("Coffee catch-up", "Quick call to catch up", "Lunch near the office", "Walk and talk",
                 "Swapped news about work", "Birthday message"),
    "follow-up": ("Followed up on our last chat", "Sent the notes from our call"),
    "collaboration": ("Worked on a workshop together", "Co-wrote a blog post", "Planned a meetup session"),
    "invitation": ("Invited to a meetup", "Invitation to a panel", "Invited to dinner"),
    "support-given": ("Reviewed their CV", "Mock interview practice", "Helped with a lesson plan"),
    "resource-shared": ("Sent an article on product discovery", "Shared a user research template",
                        "Shared a reading list"),
    "intro-made": ("Introduced them to someone hiring", "Made an intro to a designer I know"),
    "referral-given": ("Referred them for a role",),
    "support-received": ("Advice on my portfolio", "Feedback on my case study", "Talked me through a PM interview"),
    "intro-received": ("Introduced me to a product lead",),
    "referral-received": ("Referred me for an APM role",),
    "recommendation": ("LinkedIn recommendation",),
    "endorsement": ("Skill endorsement",),
    "other": ("",),
}

_STATUSES = ("thriving", "steady", "cooling", "at-risk", "dormant", "new", "quiet")
_STATUS_P = np.array([0.25, 0.40, 0.20, 0.15])  # thriving, steady, cooling, at-risk within a layer
# Time warp x**a of a tie's interactions: a > 1 bunches them early (gaps grow: cooling).
_WARP = {"thriving": 0.7, "steady": 1.0, "cooling": 1.8, "at-risk": 1.3, "dormant": 1.0, "new": 1.0, "quiet": 1.0}
_RATE = {"thriving": 1.3, "steady": 1.0, "cooling": 0.8, "at-risk": 0.7}

_PROFILE = {
    "id": 1, "name": "Sam Rivera",
    "headline": "Operations lead and former teacher moving into product management",
    "company": "Brightpath Learning Trust", "position": "Operations Lead", "industry": "Education",
    "location": "Manchester, United Kingdom", "email": "sam.rivera@mail.example.org",
    "linkedin_url": "https://www.linkedin.com/in/sam-rivera-48213",
    "summary": ("Taught secondary science for six years, then ran operations for a group of schools. "
                "I like untangling messy processes with the people who live in them, and I'm learning "
                "product management and user research to do that for software."),
}
_PROFILE_TAGS = (
    ("interest", "technology"), ("interest", "education"), ("interest", "product management"),
    ("interest", "user experience"), ("interest", "urban beekeeping"), ("interest", "generative art"),
    ("interest", "Go (board game)"), ("interest", "running"),
    ("value", "curiosity"), ("value", "generosity"), ("value", "inclusion"), ("value", "lifelong learning"),
    ("skill", "facilitation"), ("skill", "project management"), ("skill", "process improvement"),
    ("skill", "stakeholder management"), ("skill", "curriculum design"), ("skill", "SQL"),
    ("community", "Product Guild"), ("community", "Teachers Who Code"), ("community", "Manchester Product Meetup"),
    ("event", "Product Guild Summit 2025"), ("event", "EdTech Meetup Manchester 2024"),
    ("employer", "Brightpath Learning Trust"), ("employer", "Oakfield Academy"),
    ("city", "Manchester"), ("city", "Leeds"),
)
_GOALS = (
    ("Move into product management", "role", "product management; user research; roadmapping",
     "Land an associate or junior PM role at a mission-led company within a year.", 270, -330),
    ("Get fluent in SQL and product analytics", "skill", "SQL; product analytics; experiment design",
     "Answer my own product questions from data without waiting for an analyst.", 180, -60),
    ("Find a mentor in UX research", "field", "user research; qualitative research",
     "Someone who has run research in a product team and can review my practice studies.", 120, -120),
)
_REFLECTIONS = (
    ("map.missing-field", "Almost everyone I know well works in schools or operations. I know nobody in energy "
     "and only a couple of people who build software for a living outside Manchester.", -12),
    ("common.values", "The people I stay close to share things without keeping score: generosity and curiosity "
     "come up again and again. That's what I want my product network to feel like too.", -10),
    ("outreach.first-ask", "Ask for twenty minutes on how they prioritised their first roadmap, not for a job.", -6),
    ("health.cooling", "My old department colleagues have gone quiet since the summer. Organise a lunch before "
     "half term instead of waiting for someone else to.", -3),
)

#: Columns of every table, exactly as the DDL in :mod:`workbook.schema` names them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "settings": ("key", "value"),
    "profile": ("id", "name", "headline", "company", "position", "industry", "location", "email",
                "linkedin_url", "summary"),
    "contacts": ("id", "full_name", "first_name", "last_name", "emails", "phones", "linkedin_url", "company",
                 "position", "industry", "location", "how_met", "source", "connected_on", "birthday", "circle",
                 "cadence_days", "notes", "archived", "created_at", "updated_at"),
    "tags": ("id", "owner", "contact_id", "kind", "text"),
    "interactions": ("id", "contact_id", "date", "channel", "direction", "kind", "note", "source", "external_id"),
    "links": ("id", "a", "b", "kind", "strength"),
    "goals": ("id", "title", "kind", "needs", "description", "target_date", "status", "created_at"),
    "outreach": ("id", "contact_id", "target", "goal_id", "stage", "next_step", "due_date", "draft", "notes",
                 "created_at", "updated_at"),
    "outreach_history": ("id", "outreach_id", "date", "from_stage", "to_stage", "note"),
    "reflections": ("prompt_id", "text", "updated_at"),
    "imports": ("id", "at", "file_name", "format", "report"),
    **LOOP_COLUMNS,
}
_INT = {"id", "a", "b", "archived", "outreach_id", *LOOP_INT}
_NULLABLE_INT = {"contact_id", "goal_id", "cadence_days"}
_FLOAT = {"strength"}
# Text columns where NULL means something ('' would break a CHECK or mean "set to empty").
_NULLABLE_TEXT = {"connected_on", "circle", "target_date", "due_date", "from_stage", "external_id", *LOOP_NULLABLE_TEXT}


# ----------------------------------------------------------------------------- small helpers


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in _ascii(text).lower())
    return "-".join(p for p in out.split("-") if p)


def _pick_rows(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Draw one category per row, row ``i`` using the distribution ``probs[rows[i]]``."""
    cdf = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(rows))
    return np.minimum((u[:, None] > cdf[rows]).sum(axis=1), probs.shape[1] - 1)


def _top_k(rng: np.random.Generator, weights: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``k[i]`` distinct columns of row ``i`` with probability ~ weights (Gumbel top-k).

    Returns (row, column) index arrays.
    """
    kmax = int(min(k.max(initial=0), weights.shape[1]))
    if kmax == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    with np.errstate(divide="ignore"):
        keys = np.log(weights) - np.log(-np.log(rng.random(weights.shape)))
    top = np.argsort(-keys, axis=1, kind="stable")[:, :kmax]
    take = (np.arange(kmax)[None, :] < k[:, None]) & np.isfinite(np.take_along_axis(keys, top, axis=1))
    rows = np.broadcast_to(np.arange(len(k))[:, None], top.shape)
    return rows[take], top[take]


def _days(as_of: np.datetime64, offsets: np.ndarray) -> np.ndarray:
    """'YYYY-MM-DD' strings for day offsets from as_of (formatting each distinct day once)."""
    uniq, inverse = np.unique(np.asarray(offsets, dtype=np.int64), return_inverse=True)
    return np.datetime_as_string(as_of + uniq.astype("timedelta64[D]"), unit="D").astype(object)[inverse]


def _stamp(as_of: np.datetime64, offset: int, clock: str = "09:00:00") -> str:
    return f"{as_of + np.timedelta64(int(offset), 'D')} {clock}"


def _affinity(names: tuple[str, ...], groups: np.ndarray, table: dict[str, tuple[str, ...]],
              labels: tuple[str, ...]) -> np.ndarray:
    """Matrix (len(labels) x len(names)) with 1 where a label's affinity list names the item."""
    out = np.zeros((len(labels), len(names)))
    pos = {n: i for i, n in enumerate(names)}
    for li, label in enumerate(labels):
        for item in table.get(label, ()):
            if item in pos:
                out[li, pos[item]] = 1.0
    return out[groups]


# ----------------------------------------------------------------------------- the people


def _layer_sizes(n: int) -> dict[str, int]:
    sizes, left = {}, n
    for layer, want in (("inner", 5), ("close", 10), ("active", 35), ("meaningful", 100)):
        sizes[layer] = min(want, left)
        left -= sizes[layer]
    sizes["acquaintance"] = left
    return sizes


def _plan(seed: int, n: int, years: int) -> pd.DataFrame:
    """The hidden truth behind each contact: layer, status, job, place, and their rhythm window."""
    if n < 1:
        raise ValueError("n_contacts must be at least 1.")
    rng = np.random.default_rng([seed, 1])
    layer, status = _layers_and_statuses(n, rng)
    order = rng.permutation(n)  # ids do not give the layers away
    layer, status = layer[order], status[order]

    industry = rng.choice(len(INDUSTRIES), size=n, p=_INDUSTRY_P / _INDUSTRY_P.sum())
    # Inner and close ties are mostly from Sam's teaching years.
    old_friends = (layer <= 1) & (rng.random(n) < 0.5)
    industry[old_friends] = INDUSTRIES.index("Education")
    boost = _affinity(FUNCTIONS, industry, _FUNCTION_BOOST, INDUSTRIES)
    function = _pick_rows(rng, (_FUNCTION_P[None, :] * (1 + 2 * boost)), np.arange(n))
    seniority = rng.choice(len(SENIORITIES), size=n, p=_SENIORITY_P / _SENIORITY_P.sum())
    lead_fn = function == FUNCTIONS.index("leadership")
    seniority[lead_fn] = rng.choice([4, 5, 6, 7, 8], size=int(lead_fn.sum()))
    variant = rng.integers(0, 2, size=n)
    edu_title = rng.integers(0, len(_EDUCATION_TITLES), size=n)
    use_edu = (industry == INDUSTRIES.index("Education")) & (rng.random(n) < 0.45)

    company = _companies(industry, rng)

    city = rng.choice(len(CITIES), size=n, p=_CITY_P / _CITY_P.sum())
    name_idx = rng.choice(len(FIRST_NAMES) * len(LAST_NAMES), size=n,
                          replace=n > len(FIRST_NAMES) * len(LAST_NAMES))
    first = np.array(FIRST_NAMES, dtype=object)[name_idx // len(LAST_NAMES)]
    last = np.array(LAST_NAMES, dtype=object)[name_idx % len(LAST_NAMES)]

    st, known, begin, end = _windows(layer, status, years, rng)

    source = np.empty(n, dtype=object)
    for li, c in enumerate(schema.CIRCLES):
        rows = np.flatnonzero(layer == li)
        source[rows] = np.array(_SOURCES, dtype=object)[rng.choice(4, size=len(rows), p=_SOURCE_P[c])]
    source[(st == "dormant") | (st == "new")] = "linkedin"
    # Address-book contacts often have no connection date; LinkedIn always has one.
    has_connected = (source == "linkedin") | (rng.random(n) < 0.4)

    give = np.where(rng.random(n) < 0.15, rng.beta(6, 2, n), np.where(rng.random(n) < 0.18, rng.beta(2, 6, n),
                                                                        rng.beta(3, 3, n)))
    initiative = rng.beta(3, 3, n)
    return pd.DataFrame({
        "contact_id": np.arange(1, n + 1, dtype=np.int64),
        "layer": np.array(schema.CIRCLES, dtype=object)[layer], "layer_i": layer,
        "status": status, "industry_i": industry, "function_i": function, "seniority_i": seniority,
        "variant": variant, "edu_title": np.where(use_edu, edu_title, -1), "company": company,
        "city_i": city, "first_name": first, "last_name": last, "source": source,
        "known": known, "has_connected": has_connected, "begin": begin, "end": end,
        "give": give, "initiative": initiative,
    })


def _layers_and_statuses(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(layer index, status) per contact before shuffling: each layer's statuses in the demo's shares."""
    sizes = _layer_sizes(n)
    layer = np.repeat(np.arange(5), [sizes[c] for c in schema.CIRCLES])
    status = np.empty(n, dtype=object)
    start = 0
    for li, c in enumerate(schema.CIRCLES):
        m = sizes[c]
        if li < 4:
            counts = np.floor(_STATUS_P * m + 0.5).astype(int)
            counts[1] += m - counts.sum()
            if counts[1] < 0:  # tiny layers: fill in order of importance
                counts = np.bincount(np.arange(m) % 4, minlength=4)
            status[start:start + m] = rng.permutation(np.repeat(np.array(_STATUSES[:4], dtype=object), counts))
        else:
            n_dormant = min(m, int(round(0.10 * n)))
            n_new = min(m - n_dormant, max(1, int(round(0.02 * n))))
            status[start:start + m] = np.array(["dormant"] * n_dormant + ["new"] * n_new
                                               + ["quiet"] * (m - n_dormant - n_new), dtype=object)
        start += m
    return layer, status


def _companies(industry: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A company per contact, from a Zipf-ish handful per industry."""
    n = len(industry)
    # Companies: a Zipf-ish handful per industry, so colleagues cluster.
    per_ind = max(6, int(np.ceil(n / len(INDUSTRIES) / 3)))
    company_names: list[list[str]] = []
    for ind in INDUSTRIES:
        names = [f"{p} {s}" for p in _PREFIXES for s in _SUFFIXES[ind]]
        pick = rng.permutation(len(names))[: min(per_ind, len(names))]
        chosen = [names[i] for i in pick]
        if ind == "Technology":  # the persona's signature invented company is always there
            chosen = ["Northwind Analytics"] + [c for c in chosen if c != "Northwind Analytics"][: len(chosen) - 1]
        company_names.append(chosen)
    company = np.empty(n, dtype=object)
    for i, names in enumerate(company_names):
        rows = np.flatnonzero(industry == i)
        w = 1.0 / np.arange(1, len(names) + 1) ** 0.9
        company[rows] = np.array(names, dtype=object)[rng.choice(len(names), size=len(rows), p=w / w.sum())]
    return company


def _windows(layer: np.ndarray, status: np.ndarray, years: int, rng: np.random.Generator):
    """(status text, known, begin, end) day offsets from as_of (<= 0) of each contact's rhythm."""
    n = len(layer)
    # Rhythm windows as day offsets from as_of (<= 0): [start, end], end = the last contact.
    horizon = -int(years * 365)
    cad = _CADENCE[layer]
    u = rng.random(n)
    end = np.zeros(n)
    st = status.astype(str)
    end = np.where(st == "thriving", -u * 0.5 * cad, end)
    end = np.where(st == "steady", -u * 0.9 * cad, end)
    end = np.where(st == "cooling", -(0.9 + 0.7 * u) * cad, end)
    end = np.where(st == "at-risk", -np.minimum((2 + 2 * u) * cad, 1000), end)
    end = np.where(st == "dormant", -(int(schema.DORMANT_DAYS) + 20 + u * 880), end)
    end = np.floor(end).astype(np.int64)
    known = -np.floor(365 * np.where(layer <= 1, 4 + 11 * rng.random(n), 0.5 + 9.5 * rng.random(n))).astype(np.int64)
    known = np.where(st == "dormant", end - 200 - (rng.random(n) * 2300).astype(np.int64), known)
    known = np.where(st == "new", -rng.integers(1, 30, size=n), known)
    known = np.minimum(known, np.where(st == "new", known, end - 60))
    begin = np.where(st == "dormant", known, np.maximum(known, horizon))
    quiet_end = begin + np.floor(rng.random(n) * (-begin)).astype(np.int64)
    end = np.where((st == "quiet") | (st == "new"), quiet_end, end)
    end = np.maximum(end, begin)
    return st, known, begin, end


def _title(function: int, seniority: int, variant: int, edu: int) -> str:
    if edu >= 0:
        return _EDUCATION_TITLES[edu]
    fn, level = FUNCTIONS[function], SENIORITIES[seniority]
    role, dept = _ROLE[fn][variant], _DEPT[fn]
    if fn == "leadership":
        return {"head": "Head of Strategy", "director": "Managing Director", "vp": "VP Strategy",
                "chief": "Chief Executive Officer", "founder": "Founder & CEO"}.get(level, role)
    return {"junior": f"Junior {role}", "mid": role, "senior": f"Senior {role}", "lead": f"Lead {role}",
            "head": f"Head of {dept}", "director": f"Director of {dept}", "vp": f"VP {dept}",
            "chief": _CHIEF[fn], "founder": "Founder" if variant else "Co-founder"}[level]


# Story contacts the pipeline is built around: (key, layer, status, function, seniority, industry, title).
_STORY = (
    ("mentor", "close", ("steady", "thriving"), "product", "senior", "Technology", "Senior Product Manager"),
    ("uxr", "meaningful", ("steady", "thriving"), "research", "lead", "Design/Creative", "Lead UX Researcher"),
    ("vp", "acquaintance", ("quiet",), "product", "vp", "Technology", "VP Product"),
    ("analyst", "active", ("steady", "thriving"), "data", "lead", "Finance", "Lead Data Analyst"),
    ("dormant", "acquaintance", ("dormant",), "product", "director", "Education", "Director of Product"),
    ("declined", "meaningful", ("steady", "thriving"), "product", "head", "Healthcare", "Head of Product"),
    ("paused", "meaningful", ("steady", "thriving"), "design", "lead", "Media",
     "Lead Product Designer"),
    ("connector", "inner", ("steady", "thriving", "cooling", "at-risk"), "operations", "head", "Education",
     "Head of Operations"),
)


def _cast_story(plan: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict[str, int]]:
    """Choose the contacts the mentor pipeline follows and give them fitting jobs."""
    plan = plan.copy()
    used: set[int] = set()
    cast: dict[str, int] = {}
    for key, layer, statuses, fn, level, ind, title in _STORY:
        pool = plan.index[(plan["layer"] == layer) & plan["status"].isin(statuses) & ~plan.index.isin(used)]
        if len(pool) == 0:
            pool = plan.index[~plan.index.isin(used)]
        if len(pool) == 0:
            continue
        row = int(rng.choice(np.asarray(pool)))
        used.add(row)
        cast[key] = row
        old_industry = int(plan.loc[row, "industry_i"])
        plan.loc[row, ["function_i", "seniority_i", "industry_i", "edu_title"]] = [
            FUNCTIONS.index(fn), SENIORITIES.index(level), INDUSTRIES.index(ind), -1]
        if key == "dormant":  # moved from Oakfield (Sam's old school) into edtech product
            plan.loc[row, "company"] = f"{_PREFIXES[int(rng.integers(len(_PREFIXES)))]} Learning"
        elif INDUSTRIES.index(ind) != old_industry:  # keep company and industry consistent
            same = sorted(set(plan.loc[plan["industry_i"] == INDUSTRIES.index(ind), "company"]) - {"Northwind Analytics"})
            plan.loc[row, "company"] = str(rng.choice(same)) if same else f"Kestrel {_SUFFIXES[ind][0]}"
    plan["title"] = [_title(f, s, v, e) for f, s, v, e in
                     zip(plan["function_i"], plan["seniority_i"], plan["variant"], plan["edu_title"])]
    for key, *_rest, title in _STORY:
        if key in cast:
            plan.loc[cast[key], "title"] = title
    return plan, cast


def demo_truth(seed: int = DEFAULT_SEED, as_of: str = DEFAULT_AS_OF, n_contacts: int = 250,
               years: int = 3) -> pd.DataFrame:
    """The hidden layer and status of every demo contact (for tests and teaching, not for the app).

    >>> truth = demo_truth(n_contacts=200)
    >>> sorted(truth["layer"].unique())
    ['acquaintance', 'active', 'close', 'inner', 'meaningful']
    """
    del as_of  # same signature as generate_demo; layers and statuses do not depend on the date
    plan = _plan(seed, int(n_contacts), int(years))
    return plan[["contact_id", "layer", "status"]].assign(
        layer=lambda f: f["layer"].astype(object), status=lambda f: f["status"].astype(object))


# ----------------------------------------------------------------------------- tables


def _contacts(plan: pd.DataFrame, rng: np.random.Generator, day0: np.datetime64,
              cast: dict[str, int]) -> pd.DataFrame:
    n = len(plan)
    layer = plan["layer"].to_numpy()
    first, last = plan["first_name"].to_numpy(), plan["last_name"].to_numpy()
    slug_first, slug_last, emails = _emails(plan, layer, rng)
    source = plan["source"].to_numpy()
    has_li = (source == "linkedin") | (rng.random(n) < 0.4)
    digits = rng.integers(100, 99_999_999, size=n)
    linkedin = [f"https://www.linkedin.com/in/{slug_first[i]}-{slug_last[i]}-{digits[i]}" if has_li[i] else ""
                for i in range(n)]
    country = np.array([c[1] for c in CITIES], dtype=object)[plan["city_i"]]
    cityname = np.array([c[0] for c in CITIES], dtype=object)[plan["city_i"]]
    location = [f"{a}, {b}" for a, b in zip(cityname, country)]
    p_phone = np.vectorize(_PHONE_P.get)(layer)
    tail = rng.integers(0, 100, size=n)
    phones = np.where(rng.random(n) < p_phone,
                      np.where(np.isin(country, ["United States", "Canada"]),
                               np.char.add("+1 202 555 01", np.char.zfill(tail.astype(str), 2)),
                               np.char.add("+44 7700 900", np.char.zfill(rng.integers(0, 1000, n).astype(str), 3))),
                      "").astype(object)
    bday_on = rng.random(n) < np.vectorize(_BIRTHDAY_P.get)(layer)
    bday = np.datetime64("1990-01-01") + rng.integers(0, 365, n).astype("timedelta64[D]")
    bday_s = np.datetime_as_string(bday, unit="D")
    year = rng.integers(1965, 2000, n)
    birthday = np.where(~bday_on, "", np.where(rng.random(n) < 0.7, np.char.add("--", [s[5:] for s in bday_s]),
                                               [f"{y}-{s[5:]}" for y, s in zip(year, bday_s)])).astype(object)
    how_idx = rng.integers(0, len(_HOW_MET), n)
    how_met = np.where((layer == "acquaintance") & (rng.random(n) < 0.6), "",
                       np.array(_HOW_MET, dtype=object)[how_idx]).astype(object)
    edu = plan["industry_i"].to_numpy() == INDUSTRIES.index("Education")
    school = np.where(rng.random(n) < 0.7, "Taught together at Oakfield Academy", "PGCE course")
    how_met = np.where(edu & (rng.random(n) < 0.5) & (layer != "acquaintance"), school, how_met).astype(object)
    known = plan["known"].to_numpy()
    connected = np.where(plan["has_connected"].to_numpy(), _days(day0, known), None).astype(object)
    status = plan["status"].to_numpy()
    created_off = np.where(source == "linkedin", -40, np.where(source == "manual",
                                                               -rng.integers(41, 400, n), -39))
    created_off = np.where(status == "new", np.maximum(known, -30), created_off)
    created = [f"{d} {'19:42:00' if s == 'linkedin' else '10:05:00'}" for d, s in
               zip(_days(day0, created_off), source)]

    circle, cadence, notes = _chosen(layer, status, rng, cast)
    return pd.DataFrame({
        "id": plan["contact_id"].to_numpy(),
        "full_name": [f"{a} {b}" for a, b in zip(first, last)],
        "first_name": first, "last_name": last, "emails": emails, "phones": phones,
        "linkedin_url": linkedin, "company": plan["company"].to_numpy(), "position": plan["title"].to_numpy(),
        "industry": np.array(INDUSTRIES, dtype=object)[plan["industry_i"]], "location": location,
        "how_met": how_met, "source": source, "connected_on": connected, "birthday": birthday,
        "circle": circle, "cadence_days": cadence, "notes": notes, "archived": np.zeros(n, dtype=np.int64),
        "created_at": created, "updated_at": created,
    })


def _emails(plan: pd.DataFrame, layer: np.ndarray, rng: np.random.Generator) -> tuple[list, list, list]:
    """(first-name slugs, last-name slugs, emails): work, personal or both, more often for closer layers."""
    first, last = plan["first_name"].to_numpy(), plan["last_name"].to_numpy()
    n = len(plan)
    slug_first = [_slug(f) for f in first]
    slug_last = [_slug(s) for s in last]
    domains = [_slug(c) + ".example.com" for c in plan["company"]]
    p_email = np.vectorize(_EMAIL_P.get)(layer)
    has_email = rng.random(n) < p_email
    kind = rng.random(n)  # < 0.55 work, < 0.85 personal, else both
    personal_dom = np.array(["mail.example.org", "inbox.example.net", "post.example.org"], dtype=object)[
        rng.integers(0, 3, size=n)]
    num = rng.integers(1, 99, size=n)
    emails = []
    for i in range(n):
        if not has_email[i]:
            emails.append("")
            continue
        work = f"{slug_first[i].replace('-', '')}.{slug_last[i].replace('-', '')}@{domains[i]}"
        personal = f"{slug_first[i].replace('-', '')}{slug_last[i].replace('-', '')}{num[i]}@{personal_dom[i]}"
        emails.append(work if kind[i] < 0.55 else personal if kind[i] < 0.85 else f"{work};{personal}")
    return slug_first, slug_last, emails


def _chosen(layer: np.ndarray, status: np.ndarray, rng: np.random.Generator, cast: dict[str, int]):
    """(circle, cadence, notes): the few the person set themselves, and the cast's notes."""
    n = len(layer)
    circle = np.full(n, None, dtype=object)
    cadence = pd.array([pd.NA] * n, dtype="Int64")
    notes = np.full(n, "", dtype=object)
    # Only a handful carry a circle the person set; the app infers the rest.
    for lay, count in (("inner", 2), ("close", 1), ("active", 1), ("acquaintance", 1)):
        rows = np.flatnonzero((layer == lay) & (status != "new"))
        for r in rng.permutation(rows)[:count]:
            circle[r] = lay
    inner_rows = np.flatnonzero(layer == "inner")
    if len(inner_rows):
        cadence[int(inner_rows[0])] = 14
    if "mentor" in cast:
        cadence[cast["mentor"]] = 30
        notes[cast["mentor"]] = "Moved from teaching to product in 2021; happy to talk roadmaps over coffee."
    if "dormant" in cast:
        notes[cast["dormant"]] = "Ran the science department at Oakfield Academy with me; now leads product in edtech."
    if "connector" in cast:
        notes[cast["connector"]] = "Knows everyone in Manchester edtech. Best person to ask for intros."
    return circle, cadence, notes


def _counts(plan: pd.DataFrame, rng: np.random.Generator, budget: int | None) -> np.ndarray:
    """How many interactions each contact gets (their rhythm, or scaled to ``budget``)."""
    n = len(plan)
    st = plan["status"].to_numpy().astype(str)
    span = (plan["end"] - plan["begin"]).to_numpy().astype(float)
    cad = _CADENCE[plan["layer_i"].to_numpy()]
    rate = np.vectorize(lambda s: _RATE.get(s, 1.0))(st)
    lam = np.maximum(span / cad, 0) * rate
    k = np.maximum(rng.poisson(lam), 1)
    k = np.where(st == "quiet", rng.choice(4, size=n, p=[0.45, 0.30, 0.15, 0.10]), k)
    k = np.where(st == "dormant", 1 + rng.poisson(2.5, n), k)
    k = np.where(st == "new", (rng.random(n) < 0.6).astype(int), k)
    if budget is None:
        return k.astype(np.int64)
    special = (st == "dormant") | (st == "new")
    regular = ~special
    weight = rng.gamma(0.8, 1.0, n) * np.array([20, 8, 4, 2, 1])[plan["layer_i"].to_numpy()]
    spare = budget - int(k.sum())
    if spare >= 0 and regular.any():
        w = np.where(regular, weight, 0)
        k = k + rng.multinomial(spare, w / w.sum())
    elif spare < 0:  # thin the rhythm evenly: nobody gains, so new ties keep <= 1
        keep = rng.choice(int(k.sum()), size=budget, replace=False)
        k = np.bincount(np.repeat(np.arange(n), k)[keep], minlength=n)
    return k.astype(np.int64)


def _interactions(plan: pd.DataFrame, rng: np.random.Generator, day0: np.datetime64, k: np.ndarray,
                  story: pd.DataFrame) -> pd.DataFrame:
    n_rows = int(k.sum())
    c = np.repeat(np.arange(len(plan)), k)
    starts = np.cumsum(k) - k
    j = np.arange(n_rows) - np.repeat(starts, k)
    kk = k[c]
    x = (j + rng.random(n_rows)) / kk
    x[j == kk - 1] = 1.0  # each tie's last contact lands exactly on its planned end
    warp = np.vectorize(_WARP.get)(plan["status"].to_numpy().astype(str))
    t = x ** warp[c]
    begin, end = plan["begin"].to_numpy(), plan["end"].to_numpy()
    day = begin[c] + np.floor(t * (end[c] - begin[c])).astype(np.int64)

    layer = plan["layer_i"].to_numpy()[c]
    channel_i = _pick_rows(rng, _CHANNEL_P, layer)
    u = rng.random(n_rows)
    exchange = u < _EXCHANGE_P[layer]
    gives = rng.random(n_rows) < plan["give"].to_numpy()[c]
    give_i = rng.choice(len(_GIVE), size=n_rows, p=_GIVE_P)
    take_i = rng.choice(len(_TAKE), size=n_rows, p=_TAKE_P)
    other_i = rng.choice(len(_OTHER), size=n_rows, p=_OTHER_P)
    kinds = np.array(schema.INTERACTION_KINDS, dtype=object)
    kind_of = {kd: i for i, kd in enumerate(schema.INTERACTION_KINDS)}
    give_k = np.array([kind_of[x] for x in _GIVE])[give_i]
    take_k = np.array([kind_of[x] for x in _TAKE])[take_i]
    other_k = np.array([kind_of[x] for x in _OTHER])[other_i]
    kind_i = np.where(exchange, np.where(gives, give_k, take_k), other_k)

    channel = np.array(schema.CHANNELS, dtype=object)[channel_i]
    together = np.isin(channel_i, [schema.CHANNELS.index(ch) for ch in ("call", "video", "meeting", "event")])
    mutual = rng.random(n_rows) < np.where(together, 0.5, 0.05)
    outward = rng.random(n_rows) < plan["initiative"].to_numpy()[c]
    direction_i = np.where(mutual, 2, np.where(outward, 1, 0))  # inbound, outbound, mutual
    direction_i = np.where(exchange, np.where(gives, 1, 0), direction_i)
    direction = np.array(schema.DIRECTIONS, dtype=object)[direction_i]

    # Notes: about two in five interactions carry one, picked from the kind's phrases.
    flat = [note for kd in schema.INTERACTION_KINDS for note in _NOTES.get(kd, ("",))]
    offs = np.cumsum([0] + [len(_NOTES.get(kd, ("",))) for kd in schema.INTERACTION_KINDS])
    lens = np.diff(offs)
    pick = offs[kind_i] + np.floor(rng.random(n_rows) * lens[kind_i]).astype(np.int64)
    note = np.where(rng.random(n_rows) < 0.4, np.array(flat, dtype=object)[pick], "").astype(object)

    src = np.full(n_rows, "manual", dtype=object)
    r = rng.random(n_rows)
    src[(channel == "email") & (r < 0.8)] = "email"
    src[np.isin(channel, ["meeting", "call", "video", "event"]) & (r < 0.6)] = "calendar"
    src[np.isin(channel, ["message", "social"]) & (r < 0.5)] = "linkedin"

    st = plan["status"].to_numpy().astype(str)[c]
    new = st == "new"  # the one note after accepting an invitation
    channel[new], note[new], src[new] = "message", "Thanks for connecting", "linkedin"
    kind_i = np.where(new, kind_of["catch-up"], kind_i)

    frame = pd.DataFrame({
        "contact_id": plan["contact_id"].to_numpy()[c], "day": day, "seq": j,
        "channel": channel, "direction": direction, "kind": kinds[kind_i], "note": note, "source": src,
    })
    if len(story):
        frame = pd.concat([frame, story.assign(seq=-1)], ignore_index=True)
    frame = frame.sort_values(["day", "contact_id", "seq"], kind="stable").reset_index(drop=True)
    return pd.DataFrame({
        "id": np.arange(1, len(frame) + 1, dtype=np.int64),
        "contact_id": frame["contact_id"].to_numpy(np.int64),
        "date": _days(day0, frame["day"].to_numpy(np.int64)),
        "channel": frame["channel"].to_numpy(object), "direction": frame["direction"].to_numpy(object),
        "kind": frame["kind"].to_numpy(object), "note": frame["note"].to_numpy(object),
        "source": frame["source"].to_numpy(object), "external_id": np.full(len(frame), None, dtype=object),
    })


def _tags(plan: pd.DataFrame, rng: np.random.Generator, cast: dict[str, int]) -> pd.DataFrame:
    n = len(plan)
    ind, fn = plan["industry_i"].to_numpy(), plan["function_i"].to_numpy()
    layer = plan["layer_i"].to_numpy()
    parts: list[pd.DataFrame] = []

    def add(kind: str, vocab: tuple[str, ...], weights: np.ndarray, k: np.ndarray) -> None:
        rows, cols = _top_k(rng, weights, k)
        parts.append(pd.DataFrame({"row": rows, "kind": kind, "text": np.array(vocab, dtype=object)[cols]}))

    interests = COMMON_INTERESTS + NICHE_INTERESTS
    base = np.r_[np.ones(len(COMMON_INTERESTS)), np.full(len(NICHE_INTERESTS), 0.12)]
    aff = _affinity(interests, ind, _INTEREST_AFFINITY, INDUSTRIES) + _affinity(interests, fn, _INTEREST_AFFINITY,
                                                                              FUNCTIONS)
    add("interest", interests, base[None, :] * (1 + 4 * aff), np.minimum(1 + rng.poisson(1.4, n), 5))
    add("value", VALUES, np.ones((n, len(VALUES))),
        np.where(layer <= 1, 2, rng.choice(3, size=n, p=[0.45, 0.35, 0.20])))
    skill_aff = _affinity(SKILLS, fn, _FUNCTION_SKILLS, FUNCTIONS)
    add("skill", SKILLS, 0.03 + skill_aff, 1 + rng.choice(3, size=n, p=[0.3, 0.45, 0.25]))
    comm_aff = _affinity(COMMUNITIES, fn, _COMMUNITY_AFFINITY, FUNCTIONS) + _affinity(
        COMMUNITIES, ind, _COMMUNITY_AFFINITY, INDUSTRIES)
    add("community", COMMUNITIES, 0.15 + comm_aff, rng.choice(3, size=n, p=[0.55, 0.33, 0.12]))
    add("event", EVENTS, np.ones((n, len(EVENTS))), rng.choice(3, size=n, p=[0.72, 0.22, 0.06]))
    story_tags = {
        "mentor": [("skill", "product management"), ("skill", "roadmapping"), ("skill", "user research"),
                   ("value", "generosity"), ("interest", "education")],
        "uxr": [("skill", "user research"), ("skill", "qualitative research"), ("community", "UX Research Circle")],
        "vp": [("skill", "product management"), ("skill", "roadmapping"), ("interest", "Go (board game)")],
        "analyst": [("skill", "SQL"), ("skill", "product analytics"), ("community", "Women in Data London")],
        "dormant": [("skill", "product management"), ("interest", "urban beekeeping")],
        "declined": [("skill", "product management"), ("skill", "stakeholder management")],
        "paused": [("skill", "user research"), ("skill", "prototyping")],
        "connector": [("community", "Teachers Who Code"), ("value", "community")],
    }
    extra = [(row, kd, tx) for key, row in cast.items() for kd, tx in story_tags.get(key, ())]
    if extra:
        parts.append(pd.DataFrame(extra, columns=["row", "kind", "text"]).astype({"row": np.int64}))
    kind_order = {kd: i for i, kd in enumerate(schema.TAG_KINDS)}
    tags = (pd.concat(parts, ignore_index=True)
            .assign(key=lambda f: f["text"].str.lower(), k=lambda f: f["kind"].map(kind_order))
            .drop_duplicates(["row", "kind", "key"])
            .sort_values(["row", "k", "key"], kind="stable"))
    contact = pd.DataFrame({"owner": "contact", "contact_id": plan["contact_id"].to_numpy()[tags["row"]],
                            "kind": tags["kind"].to_numpy(object), "text": tags["text"].to_numpy(object)})
    profile = pd.DataFrame({"owner": "profile", "contact_id": None, "kind": [k for k, _ in _PROFILE_TAGS],
                            "text": [t for _, t in _PROFILE_TAGS]})
    out = pd.concat([profile, contact], ignore_index=True)
    return pd.DataFrame({"id": np.arange(1, len(out) + 1, dtype=np.int64), "owner": out["owner"].to_numpy(object),
                         "contact_id": pd.array(out["contact_id"].tolist(), dtype="Int64"),
                         "kind": out["kind"].to_numpy(object), "text": out["text"].to_numpy(object)})


def _links(plan: pd.DataFrame, rng: np.random.Generator, cast: dict[str, int]) -> pd.DataFrame:
    """Clusters of people who know each other (teaching, product, data, nonprofit ops), colleagues
    at the same company, a few bridges between clusters and a few introductions."""
    n = len(plan)
    ids = plan["contact_id"].to_numpy()
    ind, fn, layer = plan["industry_i"].to_numpy(), plan["function_i"].to_numpy(), plan["layer_i"].to_numpy()
    scale = max(n / 250, 0.2)
    cluster = np.full(n, -1)
    cluster[(ind == INDUSTRIES.index("Education")) & (layer <= 3)] = 0
    cluster[np.isin(fn, [FUNCTIONS.index(f) for f in ("product", "design", "research")]) & (layer <= 3)] = 1
    cluster[(fn == FUNCTIONS.index("data")) & (layer <= 4)] = 2
    cluster[(ind == INDUSTRIES.index("Nonprofit")) & (layer <= 4)] = 3
    pairs, kinds, strengths, groups = _cluster_links(cluster, layer, rng, scale)
    # Colleagues: neighbours in the same company.
    order = np.argsort(plan["company"].to_numpy().astype(str), kind="stable")
    comp = plan["company"].to_numpy().astype(str)[order]
    same = np.flatnonzero((comp[1:] == comp[:-1]) & (rng.random(n - 1) < 0.08)) if n > 1 else np.empty(0, int)
    pairs.append(np.c_[order[same], order[same + 1]])
    kinds.append(np.full(len(same), "colleague", dtype=object))
    strengths.append(rng.beta(4, 3, len(same)))
    # Bridges: a few people in one cluster who also know a hub of another cluster.
    if len(groups) >= 2:
        for _ in range(max(2, int(round(5 * scale)))):
            here, there = rng.choice(len(groups), size=2, replace=False)
            br, hub = rng.choice(groups[here][0]), rng.choice(groups[there][1])
            pairs.append(np.array([[br, hub]]))
            kinds.append(np.array(["knows"], dtype=object))
            strengths.append(rng.beta(2, 4, 1))
    # Introductions: newer, weaker ties introduced by someone close.
    close = np.flatnonzero(layer <= 1)
    later = np.flatnonzero(layer >= 2)
    if len(close) and len(later):
        m = max(1, int(round(6 * scale)))
        pairs.append(np.c_[rng.choice(later, size=m), rng.choice(close, size=m)])
        kinds.append(np.full(m, "introduced-by", dtype=object))
        strengths.append(rng.beta(3, 3, m))
    if "connector" in cast and "vp" in cast:  # the warm path for the intro Sam has asked for
        pairs.append(np.array([[cast["connector"], cast["vp"]]]))
        kinds.append(np.array(["knows"], dtype=object))
        strengths.append(np.array([0.6]))
    if "mentor" in cast and "connector" in cast:
        pairs.append(np.array([[cast["mentor"], cast["connector"]]]))
        kinds.append(np.array(["introduced-by"], dtype=object))
        strengths.append(np.array([0.7]))
    return _links_frame(ids, pairs, kinds, strengths)


# Pipeline rows: (cast key, goal index, [(days before as_of, to_stage, note)], next step, due offset, draft, notes)
_PIPELINE = (
    ("mentor", 0, [(300, "identified", ""), (290, "contacted", "Asked for a coffee about their switch to product"),
                   (287, "replied", ""), (275, "met", "Coffee near Piccadilly"),
                   (240, "ongoing mentor", "Agreed to meet monthly")],
     "Bring the roadmap exercise to our next check-in", 10, "", "Monthly check-ins since the spring."),
    ("uxr", 2, [(80, "identified", ""), (60, "contacted", ""), (55, "replied", "Happy to help"),
                (30, "met", "Video call about research plans")],
     "Send a thank-you note and my practice research plan", -2, "", ""),
    ("vp", 0, [(50, "identified", "Spoke at the Product Guild Summit"), (45, "researching", ""),
               (20, "intro requested", "Asked {connector} for an intro")],
     "Check in with {connector} about the intro", 3, "", "Warm path through {connector}."),
    ("analyst", 1, [(25, "identified", ""), (12, "contacted", "Message about learning SQL on the job")],
     "Follow up if no reply", -5,
     "Hi {first}, I loved your talk on product analytics. Could I ask you three questions about how you "
     "learned SQL on the job? Twenty minutes, whenever suits you.", ""),
    ("dormant", 0, [(15, "identified", "We ran the science department together"), (9, "researching", "")],
     "Draft a reconnect note mentioning Oakfield", 7,
     "Hi {first}, it's been far too long! I'm moving from school operations into product and would love "
     "to hear how you made the jump.", "Haven't spoken in over three years."),
    ("declined", 0, [(150, "identified", ""), (140, "contacted", ""), (130, "replied", ""),
                     (129, "declined", "Too busy this quarter")],
     "", None, "", "Suggested trying again in the spring."),
    ("paused", 2, [(110, "identified", ""), (100, "contacted", ""), (70, "paused", "Paused while I finish my course")],
     "Resume after the UX course ends", 20, "", ""),
    (None, 0, [(5, "identified", "")],
     "Look for people at {target_co} who moved from teaching into product", 14, "",
     "Try the Product Guild member list."),
)
_STORY_CHANNEL = {"contacted": ("email", "outbound", "follow-up"), "replied": ("email", "inbound", "catch-up"),
                  "met": ("meeting", "mutual", "support-received")}


def _cluster_links(cluster: np.ndarray, layer: np.ndarray, rng: np.random.Generator, scale: float):
    """(pairs, kinds, strengths, groups) of the ties inside each cluster: members tied to a couple
    of hubs (the closest members), and a few more among members."""
    pairs: list[np.ndarray] = []
    kinds: list[np.ndarray] = []
    strengths: list[np.ndarray] = []
    groups: list[tuple[np.ndarray, np.ndarray]] = []  # (members tied to a hub, hubs) per cluster
    for cl in range(4):
        members = np.flatnonzero(cluster == cl)
        if len(members) < 3:
            continue
        # A couple of hubs per cluster (the closest members) hold it together.
        hubs = members[np.argsort(layer[members], kind="stable")[: max(1, len(members) // 10)]]
        m = int(round(6 * scale))
        a = rng.choice(members, size=m)
        b = rng.choice(hubs, size=m)
        a2 = rng.choice(members, size=int(round(3 * scale)))
        b2 = rng.choice(members, size=len(a2))
        pairs.append(np.c_[np.r_[a, a2], np.r_[b, b2]])
        groups.append((a, hubs))
        kinds.append(np.full(len(a) + len(a2), "knows", dtype=object))
        strengths.append(rng.beta(2, 3, len(a) + len(a2)))
    return pairs, kinds, strengths, groups


def _links_frame(ids: np.ndarray, pairs: list, kinds: list, strengths: list) -> pd.DataFrame:
    """The links table from (row position pairs, kinds, strengths): symmetric kinds ordered, no
    self-links or duplicates."""
    p = np.concatenate(pairs) if pairs else np.empty((0, 2), dtype=int)
    kd = np.concatenate(kinds) if kinds else np.empty(0, dtype=object)
    s = np.round(np.concatenate(strengths), 2) if strengths else np.empty(0)
    a, b = ids[p[:, 0]], ids[p[:, 1]]
    sym = kd != "introduced-by"
    a, b = np.where(sym, np.minimum(a, b), a), np.where(sym, np.maximum(a, b), b)
    frame = (pd.DataFrame({"a": a, "b": b, "kind": kd, "strength": np.clip(s, 0.05, 1.0)})
             .loc[lambda f: f["a"] != f["b"]]
             .drop_duplicates(["a", "b", "kind"])
             .sort_values(["a", "b", "kind"], kind="stable"))
    return pd.DataFrame({"id": np.arange(1, len(frame) + 1, dtype=np.int64), "a": frame["a"].to_numpy(np.int64),
                         "b": frame["b"].to_numpy(np.int64), "kind": frame["kind"].to_numpy(object),
                         "strength": frame["strength"].to_numpy(float)})


def _pipeline(plan: pd.DataFrame, contacts: pd.DataFrame, day0: np.datetime64, cast: dict[str, int]):
    goals = pd.DataFrame({
        "id": np.arange(1, len(_GOALS) + 1, dtype=np.int64),
        "title": [g[0] for g in _GOALS], "kind": [g[1] for g in _GOALS],
        "needs": [";".join(p.strip() for p in g[2].split(";")) for g in _GOALS],
        "description": [g[3] for g in _GOALS],
        "target_date": list(_days(day0, np.array([g[4] for g in _GOALS]))),
        "status": "active",
        "created_at": [_stamp(day0, g[5], "20:30:00") for g in _GOALS],
    })
    first = dict(zip(contacts["id"], contacts["first_name"]))
    full = dict(zip(contacts["id"], contacts["full_name"]))
    connector = full.get(int(plan["contact_id"].iloc[cast["connector"]]), "a friend") if "connector" in cast \
        else "a friend"
    # "Someone at X": a company nobody in the network works at yet.
    taken = set(contacts["company"])
    target_co = next((c for c in (f"{p} {s}" for p in _PREFIXES for s in _SUFFIXES["Technology"]) if c not in taken),
                     "Northwind Analytics")
    rows, history, story = [], [], []
    for key, goal, steps, next_step, due, draft, notes in _PIPELINE:
        if key is not None and key not in cast:
            continue
        cid = None if key is None else int(plan["contact_id"].iloc[cast[key]])
        oid = len(rows) + 1
        fill = {"first": first.get(cid, ""), "connector": connector, "target_co": target_co}
        prev = None
        for back, stage, note in steps:
            history.append((oid, str(day0 - np.timedelta64(back, "D")), prev, stage, note.format(**fill)))
            if cid is not None and stage in _STORY_CHANNEL and key != "dormant":
                ch, dr, kd = _STORY_CHANNEL[stage]
                story.append((cid, -back, ch, dr, kd, note.format(**fill), "manual"))
            prev = stage
        rows.append({
            "id": oid, "contact_id": cid,
            "target": "" if cid is not None else f"Someone at {target_co} who moved from teaching into product",
            "goal_id": goal + 1, "stage": steps[-1][1], "next_step": next_step.format(**fill),
            "due_date": None if due is None else str(day0 + np.timedelta64(due, "D")),
            "draft": draft.format(**fill), "notes": notes.format(**fill),
            "created_at": _stamp(day0, -steps[0][0], "20:00:00"), "updated_at": _stamp(day0, -steps[-1][0], "20:05:00"),
        })
    outreach = pd.DataFrame(rows, columns=COLUMNS["outreach"])
    hist = pd.DataFrame(history, columns=["outreach_id", "date", "from_stage", "to_stage", "note"])
    hist.insert(0, "id", np.arange(1, len(hist) + 1, dtype=np.int64))
    story_frame = pd.DataFrame(story, columns=["contact_id", "day", "channel", "direction", "kind", "note", "source"])
    return goals, outreach, hist, story_frame


def _coerce(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One canonical dtype per column, so generated and CSV-loaded frames compare equal."""
    out = {}
    for col in COLUMNS[table]:
        s = frame[col] if col in frame else pd.Series([None] * len(frame))
        if col in _INT:
            out[col] = s.astype("int64").to_numpy()
        elif col in _NULLABLE_INT:
            out[col] = pd.array(pd.to_numeric(s.replace("", None), errors="raise"), dtype="Int64")
        elif col in _FLOAT:
            out[col] = s.astype("float64").to_numpy()
        elif col in _NULLABLE_TEXT:
            vals = s.astype(object).to_numpy()
            out[col] = pd.Series([None if v is None or v == "" or (isinstance(v, float) and np.isnan(v)) else str(v)
                                  for v in vals], dtype=object, index=range(len(vals)))
        else:
            out[col] = s.fillna("").astype(str).to_numpy(dtype=object)
    out = {k: (v.to_numpy() if isinstance(v, pd.Series) and v.dtype != object else v) for k, v in out.items()}
    return pd.DataFrame(out, columns=list(COLUMNS[table]), index=range(len(frame)))


# ----------------------------------------------------------------------------- public API


def generate_demo(seed: int = DEFAULT_SEED, as_of: str = DEFAULT_AS_OF, n_contacts: int = 250, years: int = 3,
                  n_interactions: int | None = None,
                  interactions_per_contact: float | None = None) -> dict[str, pd.DataFrame]:
    """Build the demo persona: one DataFrame per table, columns exactly as the DDL names them.

    Pure and seeded: the same arguments give the same frames. ``n_interactions`` (or
    ``interactions_per_contact``) fixes the total number of interactions, for benchmarks.

    >>> f = generate_demo(n_contacts=60, n_interactions=500)
    >>> len(f["interactions"]), bool(f["interactions"]["contact_id"].isin(f["contacts"]["id"]).all())
    (500, True)
    """
    if n_interactions is None and interactions_per_contact is not None:
        n_interactions = int(round(interactions_per_contact * n_contacts))
    if n_interactions is not None and n_interactions < 0:
        raise ValueError("n_interactions must not be negative.")
    day0 = np.datetime64(str(as_of)[:10], "D")
    plan = _plan(seed, int(n_contacts), int(years))
    plan, cast = _cast_story(plan, np.random.default_rng([seed, 2]))
    contacts = _contacts(plan, np.random.default_rng([seed, 3]), day0, cast)
    goals, outreach, history, story = _pipeline(plan, contacts, day0, cast)
    if n_interactions is not None:
        story = story.iloc[: int(n_interactions)]
    budget = None if n_interactions is None else int(n_interactions) - len(story)
    rng = np.random.default_rng([seed, 4])
    k = _counts(plan, rng, budget)
    interactions = _interactions(plan, rng, day0, k, story)
    tags = _tags(plan, np.random.default_rng([seed, 5]), cast)
    links = _links(plan, np.random.default_rng([seed, 6]), cast)
    settings = pd.DataFrame({"key": ["as_of", "demo_seed", "demo_version", "is_demo", "linkedin_activity"],
                             "value": [json.dumps(str(day0)), json.dumps(int(seed)), json.dumps(DEMO_VERSION),
                                       json.dumps(True), json.dumps(activity_setting(day0))]})
    reflections = pd.DataFrame({"prompt_id": [r[0] for r in _REFLECTIONS], "text": [r[1] for r in _REFLECTIONS],
                                "updated_at": [_stamp(day0, r[2], "21:10:00") for r in _REFLECTIONS]})
    loops = loop_frames(contacts, day0, _REFLECTIONS)
    if n_interactions is None:  # a benchmark's fixed total stays exact
        interactions = pd.concat([interactions, event_interactions(loops, len(interactions) + 1)], ignore_index=True)
        interactions = pd.concat([interactions, engagement_interactions(contacts, interactions, day0,
                                                                        len(interactions) + 1)], ignore_index=True)
    frames = {
        **loops,
        "settings": settings, "profile": pd.DataFrame([_PROFILE]), "contacts": contacts, "tags": tags,
        "interactions": interactions, "links": links, "goals": goals, "outreach": outreach,
        "outreach_history": history, "reflections": reflections,
        "imports": pd.DataFrame(columns=list(COLUMNS["imports"])),
    }
    return {t: _coerce(t, frames[t]) for t in schema.TABLES}


def _column_values(series: pd.Series) -> list[Any]:
    if series.dtype == "Int64":
        return [None if v is pd.NA else int(v) for v in series.tolist()]
    if series.dtype.kind in "iuf":
        return series.tolist()
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in series.tolist()]


def store_frames(book: Workbook, frames: dict[str, pd.DataFrame]) -> None:
    """Write :func:`generate_demo`'s frames into an empty workbook, in one transaction, through the
    store's batched writer (also used by the benchmarks for their 30,000-contact network)."""
    with book.transaction():
        for table in schema.TABLES:
            if not frames[table].empty:
                # A new workbook holds a blank profile row: the persona's replaces it.
                book.write_rows(table, frames[table], on_conflict="replace" if table in ("profile", "settings")
                                else "abort")


def _is_demo_file(path: Path) -> bool | None:
    """True for a demo workbook, False for anything else, None when nothing (or an empty file) is there."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return None
    if path.is_dir():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'is_demo'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(row) and json.loads(row[0]) is True


def _remove_private(path: Path) -> None:
    """Delete a build file that only this process ever opened (never a workbook someone may have open)."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def write_demo(path: str | os.PathLike, **kw: Any) -> Workbook:
    """Write the demo persona (``generate_demo(**kw)``) into a workbook at ``path``.

    An existing demo workbook there is replaced; anything else is refused with
    :class:`~workbook.store.WorkbookError` and left untouched. The demo is built in a private
    file beside the target and copied in with SQLite's backup API (:meth:`Workbook.restore`),
    never renamed over it: an app kernel that has the demo open keeps valid locks and simply
    reads the new demo, and a reader never sees half a demo.
    """
    path = Path(path).expanduser()
    if _is_demo_file(path) is False:
        raise WorkbookError(f"{path} is not a demo workbook; the demo will not overwrite it. Choose another path.")
    frames = generate_demo(**kw)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.building-{os.getpid()}")
    _remove_private(tmp)  # a leftover of a crashed build by a process with this pid
    try:
        book = Workbook(tmp)
        # Nobody else ever opens the build file, so skip per-commit syncing: the copy into
        # the target below is an ordinary, durable SQLite transaction.
        book.conn.execute("PRAGMA synchronous = OFF")
        book.conn.execute("PRAGMA cache_size = -65536")
        try:
            store_frames(book, frames)
            book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            book.close()
        target = Workbook(path)
        try:
            target.restore(tmp)
        except BaseException:
            target.close()
            raise
    finally:
        _remove_private(tmp)
    return target


def open_demo(path: str | os.PathLike | None = None, rebuild: bool = False) -> Workbook:
    """The demo workbook at ``path`` (default :func:`workbook.store.demo_path`), built when missing or stale.

    Stale means its ``demo_version`` setting differs from :data:`DEMO_VERSION`.
    """
    p = Path(path).expanduser() if path is not None else demo_path()
    state = _is_demo_file(p)
    if state is False:
        raise WorkbookError(f"{p} is not a demo workbook; the demo will not overwrite it.")
    if state is None or rebuild:
        return write_demo(p)
    book = Workbook(p)
    if book.settings().get("demo_version") == DEMO_VERSION:
        return book
    book.close()
    return write_demo(p)


def save_demo_csvs(folder: str | os.PathLike | None = None, **kw: Any) -> Path:
    """Write one CSV per table (sorted, deterministic, no wall-clock times) into ``folder``.

    The default folder is the repository's ``data/demo``.
    """
    out = Path(folder) if folder is not None else DEMO_CSV_FOLDER
    out.mkdir(parents=True, exist_ok=True)
    for table, frame in generate_demo(**kw).items():
        text = frame.to_csv(index=False, lineterminator="\n")
        (out / f"{table}.csv").write_bytes(text.encode("utf-8"))
    return out


def load_demo_csvs(folder: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Read the CSVs :func:`save_demo_csvs` wrote back into the frames :func:`generate_demo` returns."""
    src = Path(folder) if folder is not None else DEMO_CSV_FOLDER
    frames = {}
    for table in schema.TABLES:
        raw = pd.read_csv(src / f"{table}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        frames[table] = _coerce(table, raw)
    return frames


def main(argv: list[str] | None = None) -> int:
    """``workbook demo [--db PATH] [--csv FOLDER] [--seed N]``: build the demo workbook or its CSVs."""
    parser = argparse.ArgumentParser(prog="workbook demo",
                                     description="Build the synthetic demo workbook (Sam Rivera's network).")
    parser.add_argument("--db", help="where to write the demo workbook (default: beside your own workbook)")
    parser.add_argument("--csv", metavar="FOLDER", help="write one CSV per table into FOLDER instead")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.csv:
        folder = save_demo_csvs(args.csv, seed=args.seed)
        print(f"Demo CSVs written to {folder}")
        return 0
    path = Path(args.db).expanduser() if args.db else demo_path()
    if _is_demo_file(path) is False:
        print(f"Refusing to overwrite {path}: it is not a demo workbook. Choose another --db path.", file=sys.stderr)
        return 2
    try:
        book = write_demo(path, seed=args.seed)
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    n = book.counts()["contacts"]
    book.close()
    print(f"Demo workbook written to {path} ({n} contacts, as of {DEFAULT_AS_OF})")
    return 0
