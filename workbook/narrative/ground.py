"""Chapter 2 (find common ground) in sentences, written from the common-ground frames.

>>> tags = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": [None, 1], "kind": ["skill", "skill"],
...                      "text": ["SQL", "SQL"]})
>>> tag_overview(pd.DataFrame({"contact_id": [1, 2]}), tags)
'Your workbook holds **2 contacts** and 2 tags: 1 on your own profile and 1 on contacts. 1 of your 2 contacts has at least one tag.'
"""
from __future__ import annotations

import pandas as pd

from .. import common_ground as cg
from .text import bullets, count, join_words, md, table

__all__ = ["tag_overview", "own_items", "pick_item", "rare_items", "best_matches", "explain_match", "starters",
           "who_shares", "shared_values", "collaborators", "introductions", "touchpoints"]

_KINDS = {"interest": "interests", "value": "values", "goal": "goals", "skill": "skills", "community": "communities",
          "event": "events", "employer": "employers", "city": "cities"}
_THREADS = ("interest", "value", "community", "event", "goal")


def tag_overview(contacts: pd.DataFrame, tags: pd.DataFrame) -> str:
    """How many tags there are and how many contacts carry one (what common ground can draw on)."""
    owner = tags["owner"].astype(str) if len(tags) else pd.Series(dtype=str)
    mine, theirs = int((owner == "profile").sum()), int((owner == "contact").sum())
    tagged = tags.loc[owner == "contact", "contact_id"].nunique() if theirs else 0
    n = len(contacts)
    text = (f"Your workbook holds **{count(n, 'contact')}** and {count(len(tags), 'tag')}: "
            f"{mine:,} on your own profile and {theirs:,} on contacts.")
    if tagged == n:
        return text + f" Every one of your contacts has at least one tag."
    if tagged:
        return text + f" {tagged:,} of your {count(n, 'contact')} {'has' if tagged == 1 else 'have'} at least one tag."
    return text + (" No contact has a tag yet (a LinkedIn export brings none), so common ground can only "
                   "come from what the contact records already say: shared employers and cities. Tag people with "
                   "interests, values and groups as you learn them, and this chapter grows with you.")


def own_items(items: pd.DataFrame) -> str:
    """The person's own list by kind, and which kinds are still empty.

    >>> print(own_items(pd.DataFrame({"kind": ["skill", "skill"], "text": ["SQL", "R"]})).splitlines()[0])
    Your own list has 2 items: 2 skills. No interests or values yet: they are what most conversations start from, so add two or three on your profile.
    """
    if items.empty:
        return ("Your own list is empty: add a few interests, values and goals on your profile (below, or under "
                "**Profile** in the app). Everything in this chapter starts from it.")
    kinds = items["kind"].astype(str)
    per = [count((kinds == k).sum(), k, _KINDS.get(k)) for k in dict.fromkeys(kinds)]
    text = f"Your own list has {count(len(items), 'item')}: {join_words(per, escape=False)}."
    missing = [_KINDS[k] for k in ("interest", "value") if not (kinds == k).any()]  # goals live in their own table
    if missing:
        text += (f" No {join_words(missing, last='or', escape=False)} yet: they are what most conversations start "
                 "from, so add two or three on your profile.")
    grouped = items.groupby("kind", sort=False)["text"].agg(lambda s: "; ".join(map(str, s))).reset_index()
    return text + "\n\n" + table(grouped.assign(kind=grouped["kind"].map(lambda k: _KINDS.get(k, k))),
                                 {"kind": "kind", "text": "yours"})


def pick_item(weights: pd.DataFrame) -> str:
    """The rarest item of yours someone shares, preferring interests, values and groups; '' when none.

    >>> w = pd.DataFrame({"kind": ["employer", "interest"], "text": ["Acme", "chess"], "df": [1, 2],
    ...                   "weight": [5.0, 4.0], "mine": [True, True]})
    >>> pick_item(w), pick_item(w.head(0))
    ('chess', '')
    """
    shared = weights.loc[weights["mine"].astype(bool) & (weights["df"] > 0)]
    if shared.empty:
        return ""
    shared = shared.assign(thread=shared["kind"].isin(_THREADS)).sort_values(
        ["thread", "weight", "df"], ascending=[False, False, True], kind="stable")
    return str(shared["text"].iloc[0])


def rare_items(weights: pd.DataFrame, top: int = 10) -> str:
    """Your items that someone shares, rarest first, as a sentence and a table."""
    shared = weights.loc[weights["mine"].astype(bool) & (weights["df"] > 0)].sort_values(
        ["weight", "df"], ascending=[False, True], kind="stable")
    if shared.empty:
        return ("Nobody in your network shares an item of your list yet, as far as the workbook knows. Add your "
                "interests and values, and tag contacts with theirs.")
    first = shared.iloc[0]
    text = (f"{count(len(shared), 'item')} of your list {'is' if len(shared) == 1 else 'are'} shared with someone. "
            f"The rarest is **{md(first['text'])}** ({md(first['kind'])}), which "
            f"{count(first['df'], 'contact')} share{'s' if int(first['df']) == 1 else ''}.")
    return text + "\n\n" + table(shared.head(top), {"kind": "kind", "text": "item", "df": "contacts who share it",
                                                    "weight": "weight (rarer is higher)"})


def best_matches(scores: pd.DataFrame, top: int = 10) -> str:
    """How many contacts share anything, who shares the most, and the table of the best."""
    some = scores.loc[scores["score"] > 0]
    if some.empty:
        return ("Nobody shares a recorded item with you yet, so there is no best match: the scores below are all 0. "
                "Add interests, values and groups to your profile and to a few contacts.")
    best = some.iloc[0]
    text = (f"{count(len(some), 'contact')} of {len(scores):,} share{'s' if len(some) == 1 else ''} something with "
            f"you. **{md(best['full_name'])}** shares the most (score {best['score']:.2f}), starting with "
            f"{md(str(best['shared']).split(';')[0])}.")
    cols = {"full_name": "name", "score": "score", "tags_part": "from tags", "history_part": "from shared history",
            "shared": "what you share"}
    return text + "\n\n" + table(some.head(top), cols)


def explain_match(explained: pd.DataFrame, name: str) -> str:
    """What one contact shares with you and what each item adds to the score."""
    if explained.empty:
        return f"You share nothing recorded with {md(name)} yet."
    text = (f"With **{md(name)}** you share {count(len(explained), 'item')}: "
            f"{join_words(explained['text'], limit=5)}.")
    cols = {"kind": "kind", "text": "item", "df": "contacts who share it", "contribution": "adds to the score"}
    return text + "\n\n" + table(explained, cols)


def starters(frame: pd.DataFrame, name: str) -> str:
    """Conversation openers for one contact, as a list.

    >>> starters(pd.DataFrame({"kind": ["open"], "text": ["How is work?"]}), "Ada")
    'Ways to open a conversation with **Ada**:\\n\\n- *open:* How is work?'
    """
    if frame.empty:
        return f"No openers for {md(name)} yet."
    lines = [f"*{md(k)}:* {md(t)}" for k, t in zip(frame["kind"], frame["text"])]
    return f"Ways to open a conversation with **{md(name)}**:\n\n" + bullets(lines)


def who_shares(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame, item: str) -> str:
    """Who shares ``item`` (see :func:`pick_item`), best matches first; or what to add when nothing is shared."""
    if not str(item).strip():
        return ("There is no shared item to search for yet. Once your profile and your contacts carry interests "
                "or groups, this finds everyone who shares one.")
    found = cg.find_who_shares(contacts, tags, item, profile=profile)
    text = f"{count(len(found), 'contact')} share{'s' if len(found) == 1 else ''} **{md(item)}**."
    return text + "\n\n" + table(found, {"full_name": "name", "company": "company", "position": "position",
                                         "kind": "as", "score": "common ground"}, empty="")


def shared_values(shared: pd.DataFrame, items: pd.DataFrame) -> str:
    """How many contacts share each of your values and goals."""
    kinds = items["kind"].astype(str) if len(items) else pd.Series(dtype=str)
    if not kinds.isin(["value", "goal"]).any():
        return ("Your profile lists no values or goals yet, so there is nothing to compare. Name two or three "
                "values you try to live by; then tag the contacts you know share them.")
    rows = shared.loc[shared["kind"].isin(["value", "goal"])]
    if rows.empty:
        return "No contact is tagged with one of your values or goals yet."
    per = rows.groupby("text")["contact_id"].nunique().sort_values(ascending=False, kind="stable")
    parts = [f"{count(n, 'contact')} share {md(t)}" for t, n in per.items()]
    return "Among your values and goals: " + join_words(parts, escape=False) + "."


def collaborators(frame: pd.DataFrame, goals: pd.DataFrame) -> str:
    """People who bring a skill your goals need and share what you care about, each with the reason."""
    if frame.empty:
        why = ("you have no goals yet" if len(goals) == 0 else
               "none of your contacts has both a skill your goals call for and an interest or value you share")
        return (f"No collaborators to suggest yet: {why}. Goals with needs, and skills and interests on contacts, "
                "are what this looks for.")
    return bullets([md(r) for r in frame["reason"]])


def introductions(frame: pd.DataFrame) -> str:
    """Pairs worth introducing to each other, or why there are none yet."""
    if frame.empty:
        return ("No introductions to suggest yet: it takes contacts who share several tags (interests, values, "
                "skills) and are not yet linked. Tag a few people you know well, and pairs will appear.")
    top = frame.iloc[0]
    text = (f"{count(len(frame), 'pair')} could gain from meeting; first, **{md(top['a_name'])}** and "
            f"**{md(top['b_name'])}**. Ask both of them before you introduce them.")
    cols = {"a_name": "one", "b_name": "the other", "similarity": "how alike", "benefit": "what each gains",
            "score": "score", "shared": "what they share"}
    return text + "\n\n" + table(frame, cols)


def touchpoints(frame: pd.DataFrame) -> str:
    """Three people and one genuine touchpoint each (an opener, and a follow-up when there is history)."""
    if frame.empty:
        return "No one to suggest yet: add interests to your profile and to a few contacts."
    lines = []
    for r in frame.itertuples():
        line = f"**{md(r.full_name)}** (you share {md(r.shared) or 'nothing recorded yet'})  \n  {md(r.opener)}"
        lines.append(line + (f"  \n  {md(r.follow_up)}" if md(r.follow_up) else ""))
    return bullets(lines)
