"""Conversation starters and touchpoints, built on what the person shares with a contact."""
from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pandas as pd

from .items import _names, _text_column
from .score import _SHOWN, _explain, _score_arrays
from .space import _contact_items, _row_of, _space, _Space


# Openers per kind, in the person's own voice: specific, curious, no compliments.
_OPENERS = {
    "interest": ("I've been spending time on {item} lately. What's caught your attention in it recently?",
                 "You're into {item} too. How did you get started, and what keeps you at it?"),
    "value": ("{item} matters a lot to me in how I work. Where does it show up in your work day to day?",
              "I've been thinking about {item} and how to make room for it at work. How do you manage it?"),
    "goal": ("I'm working toward {item} as well. What has helped you most so far? Happy to swap notes.",),
    "skill": ("We both work with {item}. What's one thing you learned about it the hard way?",
              "How do you keep your {item} practice fresh? I'm looking for ideas."),
    "community": ("We're both part of {item}. Which sessions or people there have been most useful for you?",),
    "event": ("We were both at {item}. What stayed with you from it?",),
    "employer": ("We've both spent time at {item}. Which part of it were you in, and what did you take from it?",),
    "city": ("You're in {item} too. Any local meetups or groups you'd point someone in our field to?",),
}
# When little is shared: openers about their side, still specific.
_THEIR_OPENERS = {
    "goal": "I saw you're working toward {item}. What would make the next step easier?",
    "interest": "I noticed you're into {item}. How did that start?",
    "skill": "How did you build up your {item} skills? I'm trying to understand how people learn it.",
    "community": "What do you get out of {item}? I've been wondering whether to get involved.",
    "event": "How was {item}? I'm deciding which events are worth the time.",
    "value": "{item} seems to matter to you. What does it look like in your work?",
}
_GENERIC = (
    "What's taking up most of your thinking at work at the moment?",
    "Is there anything you're looking for help with right now? I'd be glad to pass on a contact or a resource.",
    "What's something you've changed your mind about this year?",
)
# The "ask about them" prompt: coaching, not a script. Listening comes first.
_ASK = {
    "goal": "Ask how {item} is going for them and what would make the next step easier, then listen for "
            "something you could help with.",
    "interest": "Ask what got them into {item} and what they enjoy most about it; let their answer lead.",
    "skill": "Ask how they built their {item} skills and what they wish they had known earlier; hold back "
             "your own story until they've finished.",
    "community": "Ask what they get out of {item} and who there they would suggest you meet.",
    "event": "Ask what they took away from {item}, and follow up on whatever they mention first.",
    "value": "Ask what {item} looks like in their work day to day, and what gets in its way.",
    "employer": "Ask what their time at {item} taught them that they still use.",
    "city": "Ask what keeps them in {item} and what the local scene is like for their work.",
}
_CHANNEL_WORDS = {"message": "messages", "email": "emails", "call": "call", "video": "video call",
                  "meeting": "meeting", "event": "time at the event", "social": "exchange online",
                  "letter": "letter", "other": "last exchange"}


_STARTER_COLUMNS = ["kind", "about", "text"]


def _pick(options: tuple[str, ...], *seed: Any) -> str:
    """A template chosen by a stable hash, so the same contact always gets the same wording."""
    return options[zlib.crc32("|".join(map(str, seed)).encode("utf-8")) % len(options)]


def _sentence(text: str) -> str:
    """Start with a capital, since some templates open with the item ("inclusion matters...")."""
    return text[:1].upper() + text[1:]


def _long_date(d: pd.Timestamp) -> str:
    return f"{d.day} {d:%B %Y}"


def suggest_starters(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                     interactions: pd.DataFrame, contact_id: int, *, as_of, n: int = 5) -> pd.DataFrame:
    """Three to ``n`` (at most 5) conversation openers for one contact, then one "ask about them" prompt.

    Openers come from the last exchange (on or before ``as_of``), then the shared items rarest
    first (one template per kind), then what the contact cares about, then plain open
    questions. Columns ``kind`` ('recent', 'shared', 'theirs', 'open' or 'ask'), ``about``
    (the item or date it builds on) and ``text``. Deterministic.

    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"], "company": "", "location": "", "position": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": pd.array([None, 1], dtype="Int64"),
    ...                   "kind": "event", "text": ["PyData 2025", "PyData 2025"]})
    >>> i = pd.DataFrame({"contact_id": [], "date": pd.to_datetime([]), "channel": [], "note": []})
    >>> s = suggest_starters(c, t, None, i, 1, as_of="2026-01-01")
    >>> s["kind"].tolist(), s["text"].iloc[0]
    (['shared', 'open', 'open', 'ask'], 'We were both at PyData 2025. What stayed with you from it?')
    """
    n = int(n)
    if not 1 <= n <= 5:
        raise ValueError("Ask for between 1 and 5 openers.")
    s = _space(contacts, tags, profile)
    return _starters(s, contacts, interactions, _row_of(s, contact_id), pd.Timestamp(as_of).normalize(), n)


def _starters(s: _Space, contacts: pd.DataFrame, interactions: pd.DataFrame, row: int, as_of: pd.Timestamp,
              n: int) -> pd.DataFrame:
    cid = int(s.ids[row])
    items = _contact_items(s, row)
    openers: list[tuple[str, str, str]] = []

    mine = interactions.loc[(interactions["contact_id"] == cid).to_numpy()] if len(interactions) else interactions
    if len(mine):
        mine = mine.loc[(pd.to_datetime(mine["date"]) <= as_of).to_numpy()]
    if len(mine):
        last = mine.assign(date=pd.to_datetime(mine["date"])).sort_values("date", kind="stable").iloc[-1]
        channel = _CHANNEL_WORDS.get(str(last.get("channel", "other")), "last exchange")
        note = str(last.get("note", "") or "").strip()
        days = int((as_of - last["date"]).days)
        if days > 365:
            text = (f"It has been a while: our last {channel} was in {last['date']:%B %Y}. "
                    "What has changed most for you since then?")
        elif note:
            text = f"Following up on our {channel} on {_long_date(last['date'])} ({note}): how have things moved on?"
        else:
            text = f"Since our {channel} on {_long_date(last['date'])}, what has been keeping you busy?"
        openers.append(("recent", last["date"].date().isoformat(), text))

    shared = items.loc[items["mine"].to_numpy()]
    for kind, item in zip(shared["kind"], shared["text"]):
        openers.append(("shared", item, _sentence(_pick(_OPENERS[kind], cid, kind, item).format(item=item))))
    theirs = items.loc[~items["mine"].to_numpy() & items["kind"].isin(list(_THEIR_OPENERS)).to_numpy()]
    openers = openers[:n]
    if len(openers) < min(3, n):
        for kind, item in zip(theirs["kind"], theirs["text"]):
            if len(openers) >= min(3, n):
                break
            openers.append(("theirs", item, _sentence(_THEIR_OPENERS[kind].format(item=item))))
    for text in _GENERIC:
        if len(openers) >= min(3, n):
            break
        openers.append(("open", "", text))

    ask_from = theirs if len(theirs) else items.loc[~items["mine"].to_numpy()]
    rank = {k: i for i, k in enumerate(("goal", "interest", "skill", "community", "event", "value",
                                        "employer", "city"))}
    if len(ask_from):
        pick = ask_from.assign(_r=ask_from["kind"].map(rank)).sort_values(["_r", "df"], kind="stable").iloc[0]
        ask = ("ask", pick["text"], _ASK[pick["kind"]].format(item=pick["text"]))
    else:
        info = contacts.loc[(contacts["contact_id"].astype("int64") == cid).to_numpy()]
        position = _text_column(info, "position").iloc[0]
        company = _text_column(info, "company").iloc[0]
        if position:
            where = f" at {company}" if company else ""
            ask = ("ask", position, f"Ask what a good week looks like in their role as {position}{where}, and "
                                    "what is hard about it right now. Listen more than you talk.")
        else:
            ask = ("ask", "", "Ask what they are working on that they would most like to talk about, and "
                              "listen more than you talk.")
    return pd.DataFrame(openers + [ask], columns=_STARTER_COLUMNS)


def suggest_touchpoints(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                        interactions: pd.DataFrame, *, as_of, n: int = 3) -> pd.DataFrame:
    """The ``n`` contacts you share the most with, each with the shared items and one opener to start from.

    Columns ``contact_id, full_name, score, shared, opener`` (built on what you share) and
    ``follow_up`` (built on your last exchange, '' if none): a starting point for planning one
    genuine touchpoint each.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": pd.array([None, 2], dtype="Int64"),
    ...                   "kind": "interest", "text": ["chess", "chess"]})
    >>> i = pd.DataFrame({"contact_id": [], "date": pd.to_datetime([]), "channel": [], "note": []})
    >>> suggest_touchpoints(c, t, None, i, as_of="2026-01-01")[["full_name", "shared"]].values.tolist()
    [['Ben', 'chess']]
    """
    s = _space(contacts, tags, profile)
    score = _score_arrays(s)[0]
    names = _names(contacts)
    rows = np.flatnonzero(score > 0)
    rows = rows[np.lexsort((s.ids[rows], names[rows].astype(str), -np.round(score[rows], 12)))][: max(int(n), 0)]
    as_of = pd.Timestamp(as_of).normalize()
    out = []
    for row in rows:  # the chosen few only
        items = _contact_items(s, int(row))
        shared = "; ".join(items.loc[items["mine"].to_numpy(), "text"].head(_SHOWN))
        starters = _starters(s, contacts, interactions, int(row), as_of, 5)
        recent = starters.loc[starters["kind"] == "recent", "text"]
        opener = starters.loc[starters["kind"] == "shared", "text"]
        out.append((int(s.ids[row]), names[row], float(score[row]), shared,
                    opener.iloc[0] if len(opener) else starters["text"].iloc[0],
                    recent.iloc[0] if len(recent) else ""))
    return pd.DataFrame(out, columns=["contact_id", "full_name", "score", "shared", "opener", "follow_up"])


def describe_common_ground(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
                           interactions: pd.DataFrame, contact_id: int, *, as_of, n: int = 5) -> dict[str, Any]:
    """Everything about one contact at once (one pass over the data): ``score`` (float),
    ``shared`` (as :func:`explain_common_ground`) and ``starters`` (as :func:`suggest_starters`).

    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Ana"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": pd.array([None, 1], dtype="Int64"),
    ...                   "kind": "interest", "text": ["chess", "chess"]})
    >>> i = pd.DataFrame({"contact_id": [], "date": pd.to_datetime([]), "channel": [], "note": []})
    >>> d = describe_common_ground(c, t, None, i, 1, as_of="2026-01-01")
    >>> d["score"], d["shared"]["text"].tolist(), len(d["starters"])
    (1.0, ['chess'], 4)
    """
    n = int(n)
    if not 1 <= n <= 5:
        raise ValueError("Ask for between 1 and 5 openers.")
    s = _space(contacts, tags, profile)
    row = _row_of(s, contact_id)
    return {
        "score": float(_score_arrays(s)[0][row]),
        "shared": _explain(s, row),
        "starters": _starters(s, contacts, interactions, row, pd.Timestamp(as_of).normalize(), n),
    }
