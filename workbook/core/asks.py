"""What makes an ask specific enough to act on: one rule, used by the store (it refuses a vague ask)
and by the asks loop (its scripts and previews).

>>> check_specifics("the Junior Analyst role at Northwind")
'the Junior Analyst role at Northwind'
>>> check_specifics("a job")
Traceback (most recent call last):
...
ValueError: “a job” is too vague for anyone to act on: add the role, the company or the skill (for example “the Junior Data Analyst role at Northwind” or “how I ran the timetabling project”).
"""
from __future__ import annotations

import re

__all__ = ["MAX_SPECIFICS", "VAGUE_WORDS", "check_specifics"]

MAX_SPECIFICS = 300
#: Words that say nothing about what is asked for: an ask made only of these is too vague.
VAGUE_WORDS = frozenset("""a an the any some job jobs work role roles position positions opportunity opportunities
opening openings vacancy vacancies help referral referrals refer recommendation recommendations recommend reference
references something anything everything me for with please intro introduction introductions to someone somebody
anyone people company companies firm good new nice great thing things stuff of at in on and or my your their
it support advice career connection connections contact contacts network general whatever etc maybe possible
could would you can get find look looking want need like any other kind sort type""".split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_EXAMPLE = "(for example “the Junior Data Analyst role at Northwind” or “how I ran the timetabling project”)"


def check_specifics(text: str) -> str:
    """``text`` (already trimmed) when it says what is asked for, else ValueError saying what to add."""
    if not text:
        raise ValueError(f"Say what the ask is about: the role, the company or the skill {_EXAMPLE}.")
    if len(text) > MAX_SPECIFICS:
        raise ValueError(f"Keep the ask to one line (at most {MAX_SPECIFICS} characters; this one has {len(text)}).")
    words = [w.casefold() for w in _WORD.findall(text)]
    if not any(w not in VAGUE_WORDS and (len(w) > 1 or w.isdigit()) for w in words):
        raise ValueError(f"“{text}” is too vague for anyone to act on: add the role, the company or the skill "
                         f"{_EXAMPLE}.")
    return text
