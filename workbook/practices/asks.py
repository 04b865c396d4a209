"""Referrals and recommendations: a specific ask, worded for the tie, and a thank-you that follows.

Trust earns referrals, and how to ask depends on how much of it there is. :func:`tie_level` reads
the shared tie measures (:func:`workbook.ties.measure_ties` with the circle of
:func:`workbook.ties.assign_circles`):

============  ==========================================================================
level         when
============  ==========================================================================
reconnect     a dormant tie: in touch before, but not for ``DORMANT_DAYS`` (3 years): catch
              up first, ask later (Levin, Walter & Murnighan 2011: revived ties give fresh,
              efficient help)
direct        inner or close circle: ask plainly, make it easy
light         everyone else (never in touch included): context first, a small ask, an easy way out
============  ==========================================================================

An ask must be specific (a role, a company, a skill): :func:`check_specifics` refuses "a job".
People say yes more often than askers expect (Flynn & Lake 2008), and an ask in person works far
better than by email (Roghanizad & Bohns 2017): :data:`ASK_TIP` says so next to every script.

Asks given to the person are thanked within :data:`THANK_DAYS` days of the answer
(:func:`thank_yous_due`); asks the person received are answered within :data:`ANSWER_DAYS` days
(:func:`asks_to_answer`). Both are steps for the weekly plan.

>>> tie = {"circle": "close", "days_since": 20.0, "n_total": 14}
>>> print(ask_script({"full_name": "Ana Li"}, tie, "referral", "the Data Analyst role at Northwind",
...                  profile={"name": "Sam Rivera"}).splitlines()[2])
I have a specific ask, and I would rather ask you straight: the Data Analyst role at Northwind.
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from .. import schema
from ..core.asks import check_specifics as core_check

__all__ = ["ANSWER_DAYS", "ASK_TIP", "LEVELS", "THANK_DAYS", "THANK_COLUMNS", "ANSWER_COLUMNS", "ask_script",
           "asks_to_answer", "check_specifics", "count_asks", "describe_asks", "tie_level", "thank_yous_due"]

#: Days after an ask is given within which a thank-you is due.
THANK_DAYS = 3
#: Days after someone asks within which an answer (yes or no) is due.
ANSWER_DAYS = 7
LEVELS = ("direct", "light", "reconnect")
ASK_TIP = ("People say yes more often than askers expect (Flynn & Lake 2008), and an ask in person or on a call "
           "works far better than an email (Roghanizad & Bohns 2017): where you can, say it rather than send it.")
THANK_COLUMNS = ["ask_id", "contact_id", "full_name", "kind", "reason", "due"]
ANSWER_COLUMNS = ["ask_id", "contact_id", "full_name", "kind", "specifics", "reason", "due"]


def _text(value: Any) -> str:
    """Text for a script: '' for a missing value; braces turned into brackets (no template marks)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    return " ".join(str(value).split()).replace("{", "(").replace("}", ")")


def _get(row: Any, key: str) -> Any:
    if row is None:
        return None
    if isinstance(row, pd.DataFrame):
        return row[key].iloc[0] if key in row and len(row) else None
    try:
        return row.get(key) if hasattr(row, "get") else getattr(row, key, None)
    except (TypeError, ValueError):
        return None


def check_specifics(specifics: Any) -> str:
    """The ask's specifics, trimmed, or ``ValueError`` saying what to add when they are too vague.

    >>> check_specifics("  the Junior Analyst role at Northwind ")
    'the Junior Analyst role at Northwind'
    >>> check_specifics("a job")
    Traceback (most recent call last):
    ...
    ValueError: “a job” is too vague for anyone to act on: add the role, the company or the skill (for example “the Junior Data Analyst role at Northwind” or “how I ran the timetabling project”).
    """
    return core_check(_text(specifics))


def tie_level(tie: Any) -> str:
    """'reconnect' for a dormant tie, 'direct' for the inner and close circles, else 'light'.

    >>> tie_level({"circle": "inner", "days_since": 3}), tie_level({"circle": "active", "days_since": 40})
    ('direct', 'light')
    >>> tie_level({"circle": "acquaintance", "days_since": 1500, "n_total": 3}), tie_level(None)
    ('reconnect', 'light')
    """
    days = pd.to_numeric(pd.Series([_get(tie, "days_since")]), errors="coerce").iloc[0]
    contacted = pd.to_numeric(pd.Series([_get(tie, "n_total")]), errors="coerce").fillna(1).iloc[0] > 0
    if contacted and not pd.isna(days) and days >= schema.DORMANT_DAYS:
        return "reconnect"
    return "direct" if _text(_get(tie, "circle")) in ("inner", "close") else "light"


def _first_name(contact: Any) -> str:
    first = _text(_get(contact, "first_name"))
    full = _text(_get(contact, "full_name"))
    return first or (full.split(" ")[0] if full else "") or "there"


_MAKE_IT_EASY = {
    "referral": "Would you be willing to refer me, or put my name forward? I can send you my CV and two lines "
                "you could pass on, so it takes you five minutes.",
    "recommendation": "Would you be willing to write me a short recommendation? I can send a few points you "
                      "could draw on, so it takes you ten minutes.",
}
_SMALL_ASK = {
    "referral": "If you know the team, would you be open to passing my name on, or telling me who I should "
                "talk to instead?",
    "recommendation": "Would you be open to writing a few lines about it? I can send you the points, so it takes "
                      "little of your time.",
}


def _direct(name: str, kind: str, specifics: str, me: str, about: str, company: str) -> list[str]:
    return [f"Hi {name},", "", f"I have a specific ask, and I would rather ask you straight: {specifics}.",
            _MAKE_IT_EASY[kind], "If the timing is wrong, just say so: no hard feelings at all."]


def _light(name: str, kind: str, specifics: str, me: str, about: str, company: str, *, never: bool,
           long_ago: bool) -> list[str]:
    opener = ("We are connected but have not properly spoken yet, so first: hello." if never else
              "It has been a while since we last spoke; I hope things are going well." if long_ago else
              "Thank you again for our last conversation.")
    why = f" I am writing to you because of your work at {company}." if company else ""
    me_line = f" A word about me: {about}." if about else ""
    return [f"Hi {name},", "", opener + why + me_line,
            f"I have one small, specific ask: {specifics}.", _SMALL_ASK[kind],
            "If it is not something you can help with, or not the right time, please just say so; "
            "I will understand completely."]


def _reconnect(name: str, kind: str, specifics: str, me: str, about: str, company: str, *, years: int) -> list[str]:
    now_at = f" I saw you are at {company} now." if company else ""
    me_line = f" My news: {about}." if about else ""
    return [f"Hi {name},", "", f"It has been a long time, about {years} years I think, since we last spoke.{now_at}"
            f"{me_line}", "Would you be up for a short call to catch up? I would love to hear what you are working on."]


def _later(kind: str, specifics: str) -> list[str]:
    """The ask a reconnection leads to, kept for after the catch-up."""
    return ["", f"(For later, once you have caught up, and only then: your specific ask is {specifics}. "
            f"{_MAKE_IT_EASY[kind]})"]


def ask_script(contact: Any, tie: Any, kind: str, specifics: str, *, profile: Any = None) -> str:
    """A message asking ``contact`` for a referral or a recommendation about ``specifics``, worded
    for the tie (:func:`tie_level`); refuses a vague ask (:func:`check_specifics`).

    ``contact``: a contact row (full_name, first_name, company); ``tie``: its row of
    :func:`workbook.ties.measure_ties` plus ``circle`` (None: nothing known); ``profile``: the
    person's profile (a row or the one-row frame: name, headline) for the sign-off and context.
    The text is plain (escape it before it goes into HTML); it always names the specifics.
    """
    if kind not in schema.ASK_KINDS:
        raise ValueError(f"An ask is for a {' or a '.join(schema.ASK_KINDS)} (got {kind!r}).")
    specifics = check_specifics(specifics)
    name, company = _first_name(contact), _text(_get(contact, "company"))
    me_full = _text(_get(profile, "name"))
    me, about = (me_full.split(" ")[0] if me_full else ""), _text(_get(profile, "headline")).rstrip(".")
    level = tie_level(tie)
    days = pd.to_numeric(pd.Series([_get(tie, "days_since")]), errors="coerce").fillna(0).iloc[0]
    never = pd.to_numeric(pd.Series([_get(tie, "n_total")]), errors="coerce").fillna(0).iloc[0] == 0
    if level == "reconnect":
        lines = _reconnect(name, kind, specifics, me, about, company, years=max(int(days // 365), 3))
    elif level == "direct":
        lines = _direct(name, kind, specifics, me, about, company)
    else:
        lines = _light(name, kind, specifics, me, about, company, never=bool(never), long_ago=days > 180)
    lines += ["", f"Thank you, {me}" if me else "Thank you"]
    return "\n".join(lines + (_later(kind, specifics) if level == "reconnect" else []))


def _names(contacts: pd.DataFrame) -> pd.Series:
    return contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"].map(_text)


def _day(value: Any) -> str:
    return "" if pd.isna(value) else f"{pd.Timestamp(value):%d %b %Y}".lstrip("0")


def thank_yous_due(asks: pd.DataFrame, contacts: pd.DataFrame, *, as_of: Any) -> pd.DataFrame:
    """Asks the person made that were given and not yet thanked: a thank-you is ``due`` within
    :data:`THANK_DAYS` days of the answer (overdue ones stay, soonest first). Columns
    ``ask_id, contact_id, full_name, kind, reason, due``: a weekly-plan step each.

    >>> a = pd.DataFrame({"ask_id": [1], "contact_id": [7], "kind": ["referral"], "direction": ["made"],
    ...     "specifics": ["the PM role"], "status": ["given"], "asked_on": pd.to_datetime(["2026-10-01"]),
    ...     "answered_on": pd.to_datetime(["2026-10-10"]), "thanked_on": pd.to_datetime([None])})
    >>> thank_yous_due(a, pd.DataFrame({"contact_id": [7], "full_name": ["Ana"]}), as_of="2026-10-11")["reason"][0]
    'Ana gave the referral you asked for (the PM role) on 10 Oct 2026: thank them by 13 Oct 2026, and say how it turned out.'
    """
    as_of = pd.Timestamp(as_of).normalize()
    if not len(asks):
        return pd.DataFrame(columns=THANK_COLUMNS)
    answered = pd.to_datetime(asks["answered_on"])
    due = asks.loc[(asks["direction"] == "made").to_numpy() & (asks["status"] == "given").to_numpy()
                   & pd.to_datetime(asks["thanked_on"]).isna().to_numpy() & answered.notna().to_numpy()
                   & (answered <= as_of).to_numpy()]
    due = due.assign(due=pd.to_datetime(due["answered_on"]) + pd.Timedelta(days=THANK_DAYS),
                     full_name=due["contact_id"].map(_names(contacts)).fillna("Someone"))
    reason = [f"{n} gave the {k} you asked for ({_text(s)}) on {_day(a)}: "
              + (f"thank them by {_day(d)}" if d >= as_of else f"the thank-you was due on {_day(d)}, send it today")
              + ", and say how it turned out."
              for n, k, s, a, d in zip(due["full_name"], due["kind"], due["specifics"], due["answered_on"], due["due"])]
    out = due.assign(reason=reason).sort_values(["due", "ask_id"], kind="stable")
    return out[THANK_COLUMNS].reset_index(drop=True)


def asks_to_answer(asks: pd.DataFrame, contacts: pd.DataFrame, *, as_of: Any) -> pd.DataFrame:
    """Asks the person received that are still open: an answer (a yes or a kind no) is ``due``
    within :data:`ANSWER_DAYS` days of the ask. Columns ``ask_id, contact_id, full_name, kind,
    specifics, reason, due``, soonest first: a weekly-plan step each.

    >>> a = pd.DataFrame({"ask_id": [4], "contact_id": [7], "kind": ["recommendation"], "direction": ["received"],
    ...     "specifics": ["their course application"], "status": ["asked"], "asked_on": pd.to_datetime(["2026-10-12"])})
    >>> asks_to_answer(a, pd.DataFrame({"contact_id": [7], "full_name": ["Ana"]}), as_of="2026-10-15")["reason"][0]
    'Ana asked you for a recommendation (their course application) on 12 Oct 2026: answer by 19 Oct 2026, a kind no is an answer too.'
    """
    as_of = pd.Timestamp(as_of).normalize()
    if not len(asks):
        return pd.DataFrame(columns=ANSWER_COLUMNS)
    asked_on = pd.to_datetime(asks["asked_on"])
    open_ = asks.loc[(asks["direction"] == "received").to_numpy() & (asks["status"] == "asked").to_numpy()
                     & (asked_on <= as_of).to_numpy()]
    open_ = open_.assign(due=pd.to_datetime(open_["asked_on"]) + pd.Timedelta(days=ANSWER_DAYS),
                         full_name=open_["contact_id"].map(_names(contacts)).fillna("Someone"),
                         specifics=open_["specifics"].map(_text))
    reason = [f"{n} asked you for a {k} ({s}) on {_day(a)}: "
              + (f"answer by {_day(d)}" if d >= as_of else f"the answer was due on {_day(d)}, reply today")
              + ", a kind no is an answer too."
              for n, k, s, a, d in zip(open_["full_name"], open_["kind"], open_["specifics"], open_["asked_on"],
                                       open_["due"])]
    out = open_.assign(reason=reason).sort_values(["due", "ask_id"], kind="stable")
    return out[ANSWER_COLUMNS].reset_index(drop=True)


def count_asks(asks: pd.DataFrame) -> pd.DataFrame:
    """Asks by direction and outcome (open, given, declined; thanked counted among given): every
    pair listed. Columns ``direction, outcome, n``.

    >>> a = pd.DataFrame({"direction": ["made", "made", "received"], "status": ["given", "asked", "given"],
    ...                   "thanked_on": pd.to_datetime(["2026-01-02", None, None])})
    >>> count_asks(a)["n"].tolist()
    [1, 0, 1, 0, 0, 1, 0, 0]
    """
    outcomes = ("open", "given", "thanked", "declined")
    grid = pd.MultiIndex.from_product([list(schema.ASK_DIRECTIONS), list(outcomes)], names=["direction", "outcome"])
    if not len(asks):
        return pd.DataFrame({"n": 0}, index=grid).reset_index()
    thanked = pd.to_datetime(asks["thanked_on"]).notna().to_numpy() if "thanked_on" in asks else False
    outcome = np.where(asks["status"].eq("asked"), "open",
                       np.where(asks["status"].eq("given") & thanked, "thanked", asks["status"].astype(str)))
    n = pd.Series(1, index=pd.MultiIndex.from_arrays([asks["direction"].astype(str).to_numpy(), outcome],
                                                     names=["direction", "outcome"])).groupby(level=[0, 1]).sum()
    return pd.DataFrame({"n": n.reindex(grid, fill_value=0).astype("int64")}).reset_index()


def describe_asks(asks: pd.DataFrame, contacts: pd.DataFrame, *, as_of: Any) -> str:
    """One plain sentence on the person's asks and what is due (for the chapter and the page).

    >>> describe_asks(pd.DataFrame(columns=["direction", "status"]), pd.DataFrame(columns=["contact_id", "full_name"]),
    ...               as_of="2026-10-15")[:44]
    'No asks recorded yet. Pick one person who kn'
    """
    if not len(asks):
        return ("No asks recorded yet. Pick one person who knows your work, name one role, company or skill, "
                "and ask for a referral or a recommendation; the script below words it for how close you are.")
    made, received = asks.loc[asks["direction"] == "made"], asks.loc[asks["direction"] == "received"]
    given = int((made["status"] == "given").sum())
    thanks, answers = thank_yous_due(asks, contacts, as_of=as_of), asks_to_answer(asks, contacts, as_of=as_of)
    head = (f"You have made {_count(len(made), 'ask')} ({given} given) and received {_count(len(received), 'ask')}.")
    todo = []
    if len(thanks):
        todo.append(f"{_count(len(thanks), 'thank-you')} to send (first: {thanks['full_name'].iloc[0]})")
    if len(answers):
        todo.append(f"{_count(len(answers), 'ask')} to answer (first: {answers['full_name'].iloc[0]})")
    return head + (" This week: " + "; ".join(todo) + "." if todo else " Nothing is waiting on you.")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun if n == 1 else noun + 's'}" if n else f"no {noun}s"


#: What an example ask is about when the person has made none and set no goal.
_FALLBACK_SPECIFICS = "[the role you want] at [the company you name]"


def example_specifics(asks: pd.DataFrame, goals: pd.DataFrame | None = None, kind: str = "referral") -> str:
    """What an example script asks about: the person's latest ask of that ``kind``, else their first active goal.

    >>> example_specifics(pd.DataFrame(columns=["direction", "kind", "specifics"]), pd.DataFrame({"title": ["Learn SQL"],
    ...                   "status": ["active"]}))
    'advice and an introduction for your goal: Learn SQL'
    """
    made = (asks.loc[(asks["direction"] == "made").to_numpy() & (asks["kind"] == kind).to_numpy(), "specifics"]
            if len(asks) else pd.Series(dtype=object))
    for text in reversed(made.tolist()):
        try:
            return check_specifics(text)
        except ValueError:
            continue
    if goals is not None and len(goals):
        active = goals.loc[goals["status"] == "active", "title"] if "status" in goals else goals["title"]
        if len(active) and _text(active.iloc[0]):
            return f"advice and an introduction for your goal: {_text(active.iloc[0])}"
    return _FALLBACK_SPECIFICS


def scripts_by_level(contacts: pd.DataFrame, ties: pd.DataFrame, kind: str, specifics: str, *,
                     profile: Any = None) -> pd.DataFrame:
    """One example script per tie level, for the strongest tie of each level (levels nobody is at are
    left out): ``level, contact_id, full_name, script``. ``ties``: measure_ties with ``circle``."""
    if not len(contacts) or not len(ties):
        return pd.DataFrame(columns=["level", "contact_id", "full_name", "script"])
    t = ties.reindex(contacts["contact_id"].astype("int64").to_numpy())
    levels = pd.Series([tie_level(row) for row in t.to_dict("records")], index=t.index)
    order = t.assign(level=levels).sort_values(["tie_strength"], ascending=False, kind="stable")
    rows = []
    by_id = contacts.set_index(contacts["contact_id"].astype("int64"))
    for level in LEVELS:
        pick = order.loc[order["level"] == level]
        if not len(pick):
            continue
        cid = int(pick.index[0])
        contact = by_id.loc[cid]
        rows.append((level, cid, _text(contact["full_name"]), ask_script(contact, pick.iloc[0], kind, specifics,
                                                                         profile=profile)))
    return pd.DataFrame(rows, columns=["level", "contact_id", "full_name", "script"])
