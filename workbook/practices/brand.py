"""Authenticity and the personal brand: a one-sentence brand statement and a 30-second pitch built
from the person's values, strengths, audience and goals, with deterministic templates (no model).

Pure: plain values and DataFrames in, text out. :func:`suggest_brand_parts` offers values and
strengths from the person's own tags and the skills contacts endorsed; :func:`build_statement`
writes the statement and the pitch; :func:`brand_line` reads the current statement from a workbook,
a session or the ``brand_statements`` frame, so drafts and introductions can use it.

>>> s, p = build_statement(["curiosity", "generosity"], ["untangling messy processes", "user research"],
...                        "edtech product teams", ["a product role in education technology"],
...                        {"name": "Sam Rivera", "position": "Operations Lead", "company": "Brightpath"})
>>> s
'I help edtech product teams with untangling messy processes and user research, guided by curiosity and generosity.'
>>> 70 <= len(p.split()) <= 90, p.startswith("Hi, I'm Sam Rivera.")
(True, True)
"""
from __future__ import annotations

import math
import re
from typing import Any, Iterable

import pandas as pd

from .online import _md

__all__ = ["MAX_ITEM", "MAX_PITCH", "MAX_STATEMENT", "PITCH_WORDS", "brand_line", "brand_sentence",
           "build_statement", "clean_parts", "parts_sentence", "preview_markdown", "statement_history", "suggest_brand_parts"]

#: Longest statement and pitch (characters) this builder writes, whatever it is given.
MAX_STATEMENT, MAX_PITCH = 300, 900
#: The spoken pitch aims for this many words (about 30 seconds at an easy 150 words a minute).
PITCH_WORDS = (70, 90)
#: Longest value, strength, audience or goal kept (characters), and how many of each.
MAX_ITEM, MAX_ITEMS = 60, 3
#: Tokens that must never reach a sentence (what a missing value prints as).
_MISSING = re.compile(r"\b(?:None|nan|NaN|NAN|null|NULL|undefined|NaT)\b")
_JUNK = re.compile(r"[{}\[\]<>\x00-\x1f\x7f`|\\]")


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:-")


def clean_parts(value: Any, limit: int = MAX_ITEMS) -> list[str]:
    """What a person typed, as at most ``limit`` short, distinct items: split on ';', ',' and new
    lines, markup, braces, control characters and missing-value words dropped.

    >>> clean_parts("curiosity; {x}, <b>care</b>;; nan ; Curiosity")
    ['curiosity', 'x', 'bcare/b']
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return []
    items = value if isinstance(value, (list, tuple, set, pd.Series)) else re.split(r"[;,\n]", str(value))
    out: dict[str, str] = {}
    for item in items:
        text = _clean_text(item, MAX_ITEM)
        if text:
            out.setdefault(text.casefold(), text)
    return list(out.values())[:limit]


def _clean_text(value: Any, limit: int) -> str:
    """One piece of text, safe for a sentence ('' when nothing readable is left)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = " ".join(_MISSING.sub(" ", _JUNK.sub("", str(value))).split()).strip(" .;:,-")
    text = _clip(text, limit)
    return text if any(ch.isalnum() for ch in text) else ""


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _profile(profile: Any) -> dict[str, str]:
    if profile is None:
        return {}
    if isinstance(profile, pd.DataFrame):
        row = profile.iloc[0].to_dict() if len(profile) else {}
    elif isinstance(profile, pd.Series):
        row = profile.to_dict()
    else:
        row = dict(profile)
    return {k: _clean_text(v, 80 if k == "headline" else MAX_ITEM) for k, v in row.items()
            if k in ("name", "headline", "position", "company", "industry")}


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[0].upper() + text[1:] if text else ""


def _statement(values: list[str], strengths: list[str], audience: str, me: dict[str, str]) -> str:
    who = audience or (f"teams in {me['industry'].lower()}" if me.get("industry") else "the people I work with")
    what = f" with {_and(strengths[:2])}" if strengths else (f" as {_article(me['position'])}" if me.get("position")
                                                             else " do their best work")
    why = f", guided by {_and(values[:2])}" if values else ""
    return _clip(f"I help {who}{what}{why}", MAX_STATEMENT - 1) + "."


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _pitch_parts(values, strengths, audience, goals, me, statement) -> list[tuple[int, bool, str]]:
    """(order, required, sentence) candidates for the pitch."""
    name = me.get("name", "")
    role = (f"I'm {_article(me['position'])}" + (f" at {me['company']}" if me.get("company") else "") + "."
            if me.get("position") else (f"{_sentence(me['headline'])}." if me.get("headline") else ""))
    who = audience or "people"
    parts = [(0, True, f"Hi, I'm {name}." if name else "Hi."), (1, False, role), (2, True, statement)]
    if strengths:
        parts.append((3, False, f"What people come to me for is {_and(strengths)}."))
    if values:
        parts.append((4, False, f"I care about {_and(values)}, and I try to bring {values[0]} to every project."))
    if goals:
        steps = _and([g[:1].lower() + g[1:] if g[1:2].islower() else g for g in goals[:2]])
        parts.append((5, False, f"Right now I'm working on my next step: {steps}, and I'm keen to learn from "
                                "people who have done it."))
    parts.append((6, True, f"If you know {who} I should meet, I'd be grateful for an introduction."))
    parts += [(7, False, "I'd also love to hear what you're working on, and to help where I can."),
              (8, False, "Conversations like this one are how I learn most, so thank you for your time."),
              (9, False, "Maybe we could pick this up over a coffee or a short call soon.")]
    return [p for p in parts if p[2]]


def _fit(parts: list[tuple[int, bool, str]]) -> str:
    low, high = PITCH_WORDS
    chosen = [p for p in parts if p[1]]
    words = sum(len(p[2].split()) for p in chosen)
    # Who you are and where you are heading come before what you are good at and care about.
    priority = {1: 0, 5: 1, 3: 2, 4: 3}
    for p in sorted((p for p in parts if not p[1]), key=lambda p: (priority.get(p[0], 9), p[0])):
        n = len(p[2].split())
        if p[0] >= 7 and words >= low:
            break  # the closing extras only pad a short pitch
        if words + n <= high:
            chosen.append(p)
            words += n
    text = " ".join(p[2] for p in sorted(chosen))
    return _clip(text, MAX_PITCH - 1).rstrip(".") + "." if len(text) > MAX_PITCH else text


def build_statement(values: Any, strengths: Any, audience: Any, goals: Any, profile: Any) -> tuple[str, str]:
    """(statement, pitch): one sentence ("I help {audience} with {strengths}, guided by {values}.")
    and a spoken 30-second version of about :data:`PITCH_WORDS` words, from the person's own words.

    Each input may be a list or text (';' or ',' separated); ``profile`` the workbook's profile (a
    one-row frame or a dict: name, position, company, industry, headline fill gaps). Anything may be
    missing: the sentence still reads, never longer than :data:`MAX_STATEMENT` characters (the pitch
    :data:`MAX_PITCH`), without braces or missing-value words.

    >>> build_statement("", "", "", "", None)[0]
    'I help the people I work with do their best work.'
    """
    vals, strong = clean_parts(values), clean_parts(strengths)
    aud = _and(clean_parts(audience, 2))
    aims = clean_parts(goals, 2)
    me = _profile(profile)
    statement = _statement(vals, strong, aud, me)
    pitch = _fit(_pitch_parts(vals, strong, aud, aims, me, statement))
    return statement, pitch


def _own(tags: pd.DataFrame | None, kind: str) -> list[str]:
    if tags is None or len(tags) == 0:
        return []
    mask = (tags["owner"].astype(str) == "profile").to_numpy() & (tags["kind"].astype(str) == kind).to_numpy()
    return [str(t) for t in tags.loc[mask, "text"]]


def suggest_brand_parts(profile: Any, tags: pd.DataFrame | None, derived_items: pd.DataFrame | None = None,
                        goals: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Suggestions for the builder from the person's own data: values (their value tags), strengths
    (skills contacts endorsed first, then their own skill tags), audience (their industry and
    communities) and goals (active goals, then goal tags). Lists may be empty; nothing is invented.

    >>> t = pd.DataFrame({"owner": ["profile"] * 3, "kind": ["value", "skill", "community"],
    ...                   "text": ["curiosity", "SQL", "Product Guild"]})
    >>> suggest_brand_parts({"industry": "Education"}, t)
    {'values': ['curiosity'], 'strengths': ['SQL'], 'audience': ['teams in education', 'Product Guild members'], 'goals': []}
    """
    endorsed: list[str] = []
    if derived_items is not None and len(derived_items):
        d = derived_items
        keep = (d["owner"].astype(str) == "profile").to_numpy() & (d["kind"].astype(str) == "skill").to_numpy()
        if "dismissed" in d:
            keep &= ~d["dismissed"].fillna(False).astype(bool).to_numpy()
        endorsed = [str(v) for v in d.loc[keep, "value"]]
    me = _profile(profile)
    audience = ([f"teams in {me['industry'].lower()}"] if me.get("industry") else []) + \
        [f"{c} members" for c in clean_parts(_own(tags, "community"), 4)]
    active = []
    if goals is not None and len(goals):
        active = [str(t) for t in goals.loc[goals["status"].astype(str) == "active", "title"]]
    return {"values": clean_parts(_own(tags, "value"), 8), "strengths": clean_parts(endorsed + _own(tags, "skill"), 8),
            "audience": clean_parts(audience, 5), "goals": clean_parts([*active, *_own(tags, "goal")], 5)}


def _frame(source: Any) -> pd.DataFrame | None:
    """The brand_statements frame from a frame, a dict of frames, a session or a workbook."""
    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, dict):
        return source.get("brand_statements")
    if hasattr(source, "table") and not hasattr(source, "brand_statements"):
        return source.table("brand_statements")  # a Session
    if hasattr(source, "brand_statements"):
        return source.brand_statements()
    return None


def statement_history(statements: pd.DataFrame | None) -> pd.DataFrame:
    """Every saved version, newest first: statement_id, at, statement, pitch, audience, current (bool).

    >>> h = statement_history(pd.DataFrame({"statement_id": [1, 2], "at": pd.to_datetime(["2026-01-01", "2026-02-01"]),
    ...     "statement": ["Old.", "New."], "pitch": ["", ""], "audience": ["", ""]}))
    >>> h[["statement", "current"]].values.tolist()
    [['New.', True], ['Old.', False]]
    """
    cols = ["statement_id", "at", "statement", "pitch", "audience", "current"]
    if statements is None or len(statements) == 0:
        return pd.DataFrame(columns=cols)
    f = statements.assign(at=pd.to_datetime(statements["at"])).sort_values(["at", "statement_id"], ascending=False,
                                                                           kind="stable")
    return f.assign(current=[True] + [False] * (len(f) - 1))[cols].reset_index(drop=True)


def brand_line(book_or_frames: Any) -> str:
    """The current brand statement ('' when none was saved): the newest of ``brand_statements``.

    Takes a Workbook, a Session, a dict of frames or the ``brand_statements`` frame itself.

    >>> brand_line(pd.DataFrame({"statement_id": [1, 2], "at": ["2026-01-01", "2026-02-01"],
    ...                          "statement": ["Old.", " I help teams. "], "pitch": ["", ""], "audience": ["", ""]}))
    'I help teams.'
    >>> brand_line(None)
    ''
    """
    history = statement_history(_frame(book_or_frames))
    if history.empty:
        return ""
    return " ".join(str(history.loc[0, "statement"]).split())


def brand_sentence(statements: pd.DataFrame | None) -> str:
    """The saved brand statement in one Markdown paragraph (how many versions, since when).

    >>> brand_sentence(None)[:40]
    'You have not saved a brand statement yet'
    """
    history = statement_history(statements)
    if history.empty:
        return ("You have not saved a brand statement yet: pick your values, strengths and audience in the "
                "builder below, preview it, and save it.")
    current = history.iloc[0]
    versions = f"{len(history)} versions" if len(history) > 1 else "1 version"
    first = pd.Timestamp(history["at"].min())
    return (f"Your current brand statement, saved on {pd.Timestamp(current['at']):%-d %B %Y}, is: "
            f"“{_md(current['statement'])}” You have kept {versions} since {first:%-d %B %Y}; "
            "each earlier one stays readable below.")


def parts_sentence(parts: dict[str, list[str]]) -> str:
    """What the builder can start from, in Markdown (from :func:`suggest_brand_parts`).

    >>> parts_sentence({"values": ["curiosity"], "strengths": [], "audience": [], "goals": []})
    'From your own data: values curiosity. Nothing yet for strengths, audience and goals: type them in the builder.'
    """
    found = [f"{k} {', '.join(_md(v) for v in items[:4])}" for k, items in parts.items() if items]
    missing = [k for k, items in parts.items() if not items]
    text = f"From your own data: {'; '.join(found)}." if found else "Your workbook holds no values, skills or goals yet."
    if missing:
        names = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        text += f" Nothing yet for {names}: type them in the builder."
    return text


def preview_markdown(statement: str, pitch: str) -> str:
    """The statement and the pitch as Markdown (quoted, escaped), with the pitch's length in words.

    >>> preview_markdown("I help.", "Hi. I help.")
    '**Statement:** I help.\\n\\n**30-second pitch** (3 words, about 1 second spoken):\\n\\n> Hi. I help.'
    """
    n, secs = len(pitch.split()), round(len(pitch.split()) * 60 / 150)
    return (f"**Statement:** {_md(statement)}\n\n**30-second pitch** ({n} word{'s' if n != 1 else ''}, about "
            f"{secs} second{'s' if secs != 1 else ''} spoken):\n\n> {_md(pitch)}")


def join_parts(items: Iterable[str]) -> str:
    """The ';'-joined form the workbook stores (brand_statements.core_values and friends).

    >>> join_parts(["a", " b ", ""])
    'a;b'
    """
    return ";".join(i.strip() for i in items if str(i).strip())
