"""Which workbook a chapter reads, said at its top; and the sentences of chapter 0 (start here).

A chapter reads the person's own workbook (``WORKBOOK_DB``, else the user data folder) as soon
as it holds people, and the demo until then, so nobody edits a cell to see their own network.
The demo opener is passed in (``open_chapter(open_demo)``): the demo generator sits in a layer
this package does not import.

>>> import os, tempfile, workbook
>>> folder = tempfile.mkdtemp(); mine = os.path.join(folder, "mine.sqlite")
>>> demo = lambda: _demo_like(os.path.join(folder, "demo.sqlite"))
>>> book = open_chapter(demo, mine); is_demo(book), "demo workbook" in whose_workbook(book), os.path.exists(mine)
(True, True, False)
>>> b = workbook.open(mine); _ = b.add_contact("Ada Lovelace"); b.close()
>>> book = open_chapter(demo, mine); is_demo(book), len(book.contacts())
(False, 1)
"""
from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Callable

import pandas as pd

from ..store import Workbook, WorkbookError, default_path, open_workbook
from .text import count, join_words, long_date, md, table

__all__ = ["open_chapter", "is_demo", "whose_workbook", "as_of_sentence", "holdings", "introduce_profile",
           "contacts_table", "recent_exchanges", "DEMO_MARK"]

#: The first words of the demo's marking (tests look for them).
DEMO_MARK = "You are looking at the demo workbook of a made-up person"

# Why the person's own workbook was not used (a damaged file, say), by the book shown instead.
_NOTES: "weakref.WeakKeyDictionary[Workbook, str]" = weakref.WeakKeyDictionary()


def _demo_like(path: str) -> Workbook:
    """A stand-in demo for doctests: an empty workbook flagged as the demo."""
    book = open_workbook(path)
    book.set_setting("is_demo", True)
    return book


def open_chapter(demo: Callable[[], Workbook], path: str | os.PathLike | None = None) -> Workbook:
    """The person's workbook when it exists and holds people, else ``demo()``.

    ``path``: the person's workbook (default: ``WORKBOOK_DB``, else the user data folder). A missing
    or empty file is never created here; a file that cannot be opened is left alone and the demo is
    shown, with the reason in :func:`whose_workbook`.
    """
    p = Path(path).expanduser() if path is not None else default_path()
    note = ""
    if p.is_file() and p.stat().st_size > 0:
        try:
            book = open_workbook(p)
        except WorkbookError as exc:
            note = f"Your workbook at `{md(p)}` could not be opened ({md(exc)}), so this chapter shows the demo."
        else:
            if not book.is_empty() and not is_demo(book):
                return book
            book.close()
    shown = demo()
    if note:
        _NOTES[shown] = note
    return shown


def is_demo(book: Workbook) -> bool:
    """True for the demo workbook (its settings say so)."""
    return bool(book.settings().get("is_demo"))


def whose_workbook(book: Workbook) -> str:
    """The marking at the top of a chapter: the demo, clearly, or the person's own workbook."""
    if is_demo(book):
        note = _NOTES.get(book, "")
        return (f"> **{DEMO_MARK}.** Import your own data in the app (`workbook app`, then **Import**) or "
                "with `workbook import FILE...`, and every chapter opens your workbook instead, with no "
                "code to change." + (f"\n>\n> {note}" if note else ""))
    n = len(book.contacts())
    return (f"> This chapter reads **your workbook** (`{md(book.path)}`): {count(n, 'contact')}, "
            f"as of {long_date(book.as_of())}.")


def as_of_sentence(book: Workbook) -> str:
    """Which date counts as "today" below, and whether it is pinned (so results repeat).

    >>> import workbook; b = workbook.open(":memory:"); b.set_setting("as_of", "2026-10-15")
    >>> as_of_sentence(b)
    'Every number below is worked out as of **15 October 2026**, a date this workbook pins, so the chapter shows the same results each time it runs.'
    """
    pinned = bool(book.settings().get("as_of"))
    when = long_date(book.as_of())
    if pinned:
        return (f"Every number below is worked out as of **{when}**, a date this workbook pins, so the "
                "chapter shows the same results each time it runs.")
    return (f"Every number below is worked out as of today, **{when}**: run the chapter again next week "
            "and it will have moved on with you.")


def holdings(book: Workbook) -> str:
    """What the workbook holds, in one sentence (the counts come from the workbook itself)."""
    n = book.counts()
    kept = [count(n["interactions"], "exchange"), count(n["tags"], "tag"), count(n["goals"], "goal"),
            count(n["links"], "recorded link between contacts", "recorded links between contacts")]
    missing = []
    if n["interactions"] == 0:
        missing.append("exchanges (a LinkedIn export's messages, a calendar or a mail archive bring them)")
    if n["tags"] == 0:
        missing.append("tags (interests, values, communities: add them on your profile and on contacts)")
    if n["goals"] == 0:
        missing.append("goals (what you want to grow toward: add one on your profile)")
    text = f"This workbook holds **{count(n['contacts'], 'contact')}**, " + join_words(kept, escape=False) + ". "
    text += as_of_sentence(book)
    if missing:
        text += "\n\nStill missing: " + "; ".join(missing) + ". The chapters say what each one would add."
    return text


def introduce_profile(profile: pd.DataFrame, tags: pd.DataFrame, goals: pd.DataFrame) -> str:
    """Who the workbook belongs to, and how much of their own profile is filled in.

    >>> p = pd.DataFrame({"name": ["Ada"], "headline": [""], "position": ["Analyst"], "company": ["Acme"],
    ...                   "location": [""]})
    >>> t = pd.DataFrame({"owner": ["profile"], "kind": ["skill"], "text": ["SQL"]})
    >>> print(introduce_profile(p, t, pd.DataFrame({"title": []})))
    This workbook belongs to **Ada**, Analyst at Acme. Their profile lists 1 skill; no interests, values or goals yet. Common ground and mentor matching start from those: add a few on the profile (in the app: **Profile**).
    """
    row = profile.iloc[0] if len(profile) else pd.Series(dtype=object)
    name = md(row.get("name")) or "someone who has not given their name yet"
    job = " at ".join(x for x in (md(row.get("position")), md(row.get("company"))) if x)
    where = md(row.get("location"))
    text = f"This workbook belongs to **{name}**" + (f", {job}" if job else "") + (f" ({where})" if where else "")
    headline = md(row.get("headline"))
    text += f": “{headline}”." if headline else "."
    own = tags.loc[tags["owner"] == "profile"] if len(tags) else tags
    kinds = own["kind"].astype(str).value_counts() if len(own) else pd.Series(dtype=int)
    plurals = {"interest": "interests", "value": "values", "skill": "skills", "community": "communities"}
    listed = [count(kinds.get(k, 0), k, p) for k, p in plurals.items() if kinds.get(k, 0)]
    n_goals = len(goals)
    listed += [count(n_goals, "goal")] if n_goals else []
    absent = [k + "s" for k in ("interest", "value") if not kinds.get(k, 0)] + ([] if n_goals else ["goals"])
    if listed:
        text += " Their profile lists " + join_words(listed, escape=False)
    else:
        text += " Their profile lists nothing about them yet"
    if absent:
        text += f"; no {join_words(absent, last='or', escape=False)} yet. Common ground and mentor matching " \
                "start from those: add a few on the profile (in the app: **Profile**)."
    else:
        text += "."
    return text


def contacts_table(contacts: pd.DataFrame, n: int = 5) -> str:
    """The first few contacts, with a sentence on how many there are in all."""
    head = f"The first {min(n, len(contacts))} of {count(len(contacts), 'contact')}:\n\n"
    cols = {"full_name": "name", "company": "company", "position": "position", "location": "location"}
    return head + table(contacts.head(n), cols, empty="No contacts yet.")


def recent_exchanges(interactions: pd.DataFrame, contacts: pd.DataFrame, n: int = 3) -> str:
    """The latest exchanges, with names, or what would bring some in.

    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Ada"]})
    >>> recent_exchanges(pd.DataFrame(columns=["contact_id", "date"]), c).startswith("No exchanges")
    True
    """
    if len(interactions) == 0:
        return ("No exchanges are recorded yet. A LinkedIn export's messages, a calendar (`.ics`) or a mail "
                "archive (`.mbox`) bring them in, or log one by hand in chapter 4.")
    names = contacts.set_index("contact_id")["full_name"]
    last = interactions.tail(n).assign(with_=lambda f: f["contact_id"].map(names))
    cols = {"date": "date", "with_": "with", "channel": "channel", "direction": "who started it", "kind": "kind"}
    return (f"The latest {min(n, len(interactions))} of {count(len(interactions), 'exchange')}:\n\n"
            + table(last.iloc[::-1], cols))
