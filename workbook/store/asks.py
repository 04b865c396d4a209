"""Writes of the referrals-and-recommendations loop: asks made and received, their answers and thank-yous.

An ask the person makes must be specific (a role, a company, a skill): a vague one ("a job") is
refused with a sentence saying what to add. An ask received is recorded as the other person put it.
Each function takes the workbook first, checks every value in Python and raises ``ValueError``
with a plain sentence on bad input; dates default to the workbook's as-of date.

>>> from workbook.store import open_workbook
>>> book = open_workbook(":memory:"); book.set_setting("as_of", "2026-10-15")
>>> ada = book.add_contact("Ada Lovelace")
>>> aid = add_ask(book, ada, "referral", "made", "the Data Analyst role at Northwind", asked_on="2026-10-01")
>>> answer_ask(book, aid, "given", on="2026-10-10"); thank_ask(book, aid)
>>> book.asks()[["status", "thanked_on"]].astype(str).values.tolist()
[['given', '2026-10-15']]
>>> add_ask(book, ada, "referral", "made", "a job")
Traceback (most recent call last):
...
ValueError: “a job” is too vague for anyone to act on: add the role, the company or the skill (for example “the Junior Data Analyst role at Northwind” or “how I ran the timetabling project”).
"""
from __future__ import annotations

from typing import Any

from .. import schema
from ..core.asks import MAX_SPECIFICS, check_specifics
from ..core.dates import parse_date
from .validation import _text

__all__ = ["add_ask", "answer_ask", "thank_ask", "check_ask_specifics"]

def check_ask_specifics(specifics: Any) -> str:
    """What an ask is about, trimmed, or ValueError saying what to add (too vague, empty, too long)."""
    return check_specifics(" ".join(_text(specifics, "What the ask is about", max_len=5 * MAX_SPECIFICS).split()))


def _choice(value: Any, options: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{what} is one of {' or '.join(options)} (got {value!r}).")
    return value


def _ask(book, ask_id: Any) -> tuple[int, str, str, str | None]:
    """(id, direction, status, answered_on) of an existing ask."""
    try:
        aid = int(ask_id)
        if isinstance(ask_id, float) and ask_id != aid:
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"{ask_id!r} is not an ask number.") from None
    row = book.conn.execute("SELECT id, direction, status, answered_on FROM asks WHERE id = ?", (aid,)).fetchone()
    if row is None:
        raise ValueError(f"There is no ask number {aid}.")
    return int(row[0]), str(row[1]), str(row[2]), row[3]


def _day(book, on: Any, what: str) -> str:
    return parse_date(on if on is not None else book.as_of(), field=what)


def add_ask(book, contact_id: int, kind: str, direction: str, specifics: str, asked_on: Any = None, *,
            notes: str = "") -> int:
    """Record an ask for a referral or a recommendation, ``made`` by the person or ``received``
    from the contact; returns its id. An ask made must be specific (:func:`check_ask_specifics`)."""
    cid = book._contact_id(contact_id)
    kind = _choice(kind, schema.ASK_KINDS, "An ask")
    direction = _choice(direction, schema.ASK_DIRECTIONS, "An ask's direction")
    if direction == "made":
        specifics = check_ask_specifics(specifics)
    else:
        specifics = _text(specifics, "What they asked for", required=True, max_len=MAX_SPECIFICS)
    values = (cid, kind, direction, specifics, _day(book, asked_on, "date asked"), _text(notes, "The notes"))
    with book.transaction():
        cur = book._execute("INSERT INTO asks (contact_id, kind, direction, specifics, status, asked_on, notes) "
                            "VALUES (?, ?, ?, ?, 'asked', ?, ?)", (*values[:4], values[4], values[5]))
        return int(cur.lastrowid)


def answer_ask(book, ask_id: int, status: str, *, on: Any = None) -> None:
    """Record the answer to an ask: ``given`` or ``declined``, dated ``on`` (or back to ``asked``,
    which clears the answer and any thank-you)."""
    status = _choice(status, schema.ASK_STATUSES, "An ask's answer")
    when = None if status == "asked" else _day(book, on, "date answered")
    with book.transaction():
        aid, *_ = _ask(book, ask_id)
        if status == "asked":
            book._execute("UPDATE asks SET status = 'asked', answered_on = NULL, thanked_on = NULL WHERE id = ?",
                          (aid,))
        else:
            book._execute("UPDATE asks SET status = ?, answered_on = ? WHERE id = ?", (status, when, aid))


def thank_ask(book, ask_id: int, on: Any = None) -> None:
    """Record the thank-you for an ask the person made, once it was answered (a kind word after a
    no counts too), dated ``on``."""
    when = _day(book, on, "date thanked")
    with book.transaction():
        aid, direction, status, answered = _ask(book, ask_id)
        if direction != "made":
            raise ValueError("Thank-yous here are for asks you made; for an ask you received, record your answer.")
        if status == "asked":
            raise ValueError("This ask has no answer yet: record whether it was given or declined first.")
        if answered and when < str(answered)[:10]:
            raise ValueError(f"The thank-you cannot come before the answer ({str(answered)[:10]}).")
        book._execute("UPDATE asks SET thanked_on = ? WHERE id = ?", (when, aid))
