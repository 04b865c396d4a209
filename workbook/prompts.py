"""Every coaching question of the workbook, in one place.

The views (the journal, each chapter's reflection boxes) and the notebooks read their questions
here, so a question is written once and its answer is found under the same id everywhere.
A prompt id's prefix names its chapter (``map.``, ``common.``, ``outreach.``, ``health.``...);
answers are saved in the workbook's ``reflections`` table under that id.

>>> ask("map.circles")[:29], chapter_of("map.missing-field"), humanise("health.cooling-ties")
('Who belongs in your inner cir', 'map', 'Cooling ties')
>>> sorted(of_chapter("common"))
['common.touchpoints', 'common.values']
"""
from __future__ import annotations

import re

#: Chapters in the order of the workbook, with their headings.
CHAPTERS: dict[str, str] = {
    "start": "Getting started",
    "map": "Map your network",
    "common": "Find common ground",
    "outreach": "Plan mentor outreach",
    "health": "Relationship health",
    "week": "This week",
    "note": "Your own notes",
    "other": "Other questions",
}

#: Every question, by prompt id, in the order of the chapters (a declarative table).
PROMPTS: dict[str, str] = {
    "start.why": "What do you want your network to help you with over the next year, and what can you offer it?",
    "map.circles": "Who belongs in your inner circle right now? Is anyone there out of habit, and is anyone "
                   "missing who deserves more of your time?",
    "map.missing-field": "Which field, role or community is missing from your network that matters for your goals, "
                         "and which event or group could reach it?",
    "map.weak-ties": "Which moderately weak tie or bridge between your groups could open a door you care about, "
                     "and what small thing will you ask them for?",
    "common.values": "Which values do the people you stay close to share? What would you like people to say "
                     "they share with you?",
    "common.touchpoints": "Choose three people and one genuine touchpoint for each: something you share, "
                          "something useful to them, or a question about their work.",
    "outreach.first-ask": "What exactly will you ask your first mentor candidate for? Keep it small, specific "
                          "and easy to say yes to.",
    "outreach.offer": "What can you offer a mentor in return: an update on what you did with their advice, "
                      "a useful resource, an introduction?",
    "health.cooling": "Which relationship is cooling that you would miss? What is one easy way to get back "
                      "in touch this week?",
    "health.give": "Where have you been taking more than giving? Who could you help, introduce or thank, "
                   "without keeping score?",
    "health.revive": "Which dormant tie will you reconnect with this month? What will you say about the years "
                     "in between, and what would you love to learn from them?",
    "health.rhythm": "Which two or three people deserve a steadier rhythm from you, and what small habit "
                     "(a monthly call, a shared article) would keep it?",
    "week.reflection": "Looking back on this week: who did you reach, what came of it, and what will you do "
                       "differently next week?",
}


def chapter_of(prompt_id: str) -> str:
    """The chapter a prompt id belongs to (its prefix before '.', else 'other').

    >>> chapter_of("week.reflection"), chapter_of("nonsense")
    ('week', 'other')
    """
    prefix = str(prompt_id).split(".", 1)[0] if "." in str(prompt_id) else ""
    return prefix if prefix in CHAPTERS else "other"


def humanise(prompt_id: str) -> str:
    """A readable title for a prompt the registry does not know.

    >>> humanise("map.my_own-question")
    'My own question'
    """
    rest = str(prompt_id).split(".", 1)[-1]
    words = re.sub(r"[-_]+", " ", rest).strip()
    return (words[:1].upper() + words[1:]) or str(prompt_id)


def ask(prompt_id: str) -> str:
    """The question of a prompt id (a KeyError names an id nobody wrote a question for).

    >>> ask("health.give").startswith("Where have you been taking")
    True
    """
    try:
        return PROMPTS[prompt_id]
    except KeyError:
        raise KeyError(f"No coaching question has the id {prompt_id!r}; add it to workbook.prompts.") from None


def of_chapter(chapter: str) -> dict[str, str]:
    """The questions of one chapter, in order.

    >>> list(of_chapter("outreach"))
    ['outreach.first-ask', 'outreach.offer']
    """
    return {pid: text for pid, text in PROMPTS.items() if chapter_of(pid) == chapter}


__all__ = ["CHAPTERS", "PROMPTS", "ask", "chapter_of", "humanise", "of_chapter"]
