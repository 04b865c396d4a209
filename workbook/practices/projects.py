"""Collaboration: project ideas from shared interests and complementary skills, and projects that count.

Working on something together is how a pleasant acquaintance turns into a partner. The ideas come
from common ground (:func:`workbook.common_ground.list_shared_items`: the same shared-item rule,
rarity weights and derived items as the Common ground page), in two kinds:

* **shared interest**: an interest, value, goal, community or event the person shares with one or
  more contacts (a topic both wrote about counts as an interest, a school as a community). People
  who share one rare item are grouped into one idea (at most :data:`GROUP` of them, strongest tie
  first);
* **complementary skills**: the contact has a skill the person lacks, the person has one the
  contact lacks, and they share something to build on (an interest as above, else a past employer
  or a field of work: what a LinkedIn-only workbook knows).

``score`` = the rarity weight of the shared item (``KIND_WEIGHTS[kind] * idf``) times
``0.5 + tie_strength`` (a project needs a relationship to stand on; a weak tie still gets half),
times 1.2 for complementary skills (each side brings something the other lacks).

A project's road is ``schema.PROJECT_TRANSITIONS`` (idea -> proposed -> active -> done; dropped is
a side road). Projects count in give-and-take: an active or done project counts one give and one
take with each person on it (:func:`project_give_take`): collaboration is mutual.

>>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana Li", "Ben Cho"], "company": "", "location": ""})
>>> t = pd.DataFrame({"owner": ["profile", "profile", "contact", "contact", "contact"],
...                   "contact_id": pd.array([None, None, 1, 1, 2], dtype="Int64"),
...                   "kind": ["interest", "skill", "interest", "skill", "interest"],
...                   "text": ["open data", "Python", "Open data", "Statistics", "chess"]})
>>> ideas = suggest_projects(c, t, None, None, None)
>>> ideas[["kind", "people", "basis"]].values.tolist()
[['complementary skills', 'Ana Li', 'they bring Statistics, you bring Python; you both care about open data'], ['shared interest', 'Ana Li', 'you both care about open data']]
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from .. import schema
from ..common_ground import KIND_WEIGHTS, list_shared_items
from ..common_ground.derived import tags_with_derived

__all__ = ["GROUP", "IDEA_COLUMNS", "SHARED_KINDS", "GROUND_KINDS", "suggest_projects", "project_give_take",
           "allowed_moves", "count_projects", "describe_projects", "project_people_names"]

#: At most this many people on one shared-interest idea.
GROUP = 3
#: Item kinds that make a shared interest (derived topics arrive as interests, schools as communities).
SHARED_KINDS = ("interest", "value", "goal", "community", "event")
#: What complementary skills may build on when no interest is shared (what an export knows).
GROUND_KINDS = SHARED_KINDS + ("employer", "skill")
IDEA_COLUMNS = ["title", "people", "contact_ids", "basis", "kind", "item", "score"]
_COMPLEMENT_BONUS = 1.2
_SHOWN_SKILLS = 2

# How each kind of shared item reads in a basis sentence and a title.
_BASIS = {"interest": "you both care about {item}", "value": "you both value {item}",
          "goal": "you are both working toward {item}", "community": "you are both part of {item}",
          "event": "you were both at {item}", "employer": "you both worked at {item}",
          "skill": "you both work with {item}", "field": "you both work in {item}",
          "topic": "you both wrote about {item}", "school": "you both studied at {item}"}
#: The same, for a group: "you both" is one contact and the person.
_GROUP_WORDS = (("you are both", "you are all"), ("you were both", "you were all"), ("you both", "you all"))
_TITLE = {"interest": "A small {item} project", "value": "Put {item} into practice together",
          "goal": "Work toward {item} side by side", "community": "Run a session for {item}",
          "event": "Write up what you took from {item}", "topic": "Write a joint piece on {item}",
          "school": "Give a talk back at {item}"}


def _key(values: pd.Series) -> pd.Series:
    return values.astype(str).str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()


def _clean(value: Any) -> str:
    """Text for a sentence: '' for a missing value, braces (template marks) turned into brackets."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(str(value).split()).replace("{", "(").replace("}", ")")


def _all_tags(tags: pd.DataFrame, derived: pd.DataFrame | None, profile_tags: pd.DataFrame | None) -> pd.DataFrame:
    """The tags common ground reads: derived items joined in (unless ``tags`` has them already),
    plus the person's extra tags in ``profile_tags`` (rows of kind, text), as profile tags."""
    out = tags if "derived" in tags or derived is None else tags_with_derived(tags, derived)
    if profile_tags is not None and {"kind", "text"} <= set(profile_tags.columns) and len(profile_tags):
        extra = pd.DataFrame({"owner": "profile", "contact_id": pd.array([None] * len(profile_tags), dtype="Int64"),
                              "kind": profile_tags["kind"].to_numpy(object), "text": profile_tags["text"].to_numpy(object)})
        out = pd.concat([out, extra.assign(derived=False, dismissed=False) if "derived" in out else extra],
                        ignore_index=True)
    return out


def _derived_kinds(derived: pd.DataFrame | None) -> dict[str, str]:
    """key -> derived kind (topic, school, field) of what exports derived, to word a basis right."""
    if derived is None or not len(derived) or "kind" not in derived:
        return {}
    live = derived.loc[derived["kind"].isin(["topic", "school", "field"]).to_numpy()]
    return dict(zip(_key(live["value"]), live["kind"].astype(str)))


def _strength(ties: pd.DataFrame | None, ids: pd.Series) -> np.ndarray:
    if ties is None or "tie_strength" not in ties:
        return np.zeros(len(ids))
    strength = ties["tie_strength"]
    if "contact_id" in ties:
        strength = strength.set_axis(ties["contact_id"].to_numpy())
    return strength.groupby(level=0).max().reindex(ids.to_numpy()).fillna(0.0).to_numpy(dtype=float)


def _shared(contacts: pd.DataFrame, tags: pd.DataFrame, profile: pd.DataFrame | None,
            ties: pd.DataFrame | None, fields: dict[str, str]) -> pd.DataFrame:
    """Shared items with how they read: contact_id, kind (the sentence kind), text, key, value, strength."""
    items = list_shared_items(contacts, tags, profile)
    items = items.loc[items["kind"].isin(GROUND_KINDS).to_numpy()]
    said = items["key"].map(fields).astype(object)
    kind = np.where(items["derived"].to_numpy(dtype=bool) & said.notna().to_numpy(), said.to_numpy(object),
                    items["kind"].to_numpy(object))
    return items.assign(say=kind, value=items["weight"].to_numpy(float),
                        strength=_strength(ties, items["contact_id"]))


def _names(contacts: pd.DataFrame) -> pd.Series:
    return contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"].map(_clean)


def _first(name: str) -> str:
    return name.split(" ")[0] if name else "them"


def _possessive(name: str) -> str:
    return "their" if name == "them" else name + "’s"


def _basis(say: str, item: str, n_people: int = 1) -> str:
    """'you both care about open data' (one contact), 'you all care about open data' (several)."""
    text = _BASIS.get(say, _BASIS["interest"]).format(item=item)
    for one, many in _GROUP_WORDS if n_people > 1 else ():
        text = text.replace(one, many)
    return text


def _interest_ideas(shared: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """One idea per shared interest-like item: its people (strongest ties first), rarest items first."""
    pool = shared.loc[shared["say"].isin(list(_TITLE)).to_numpy()]
    if not len(pool):
        return pd.DataFrame(columns=IDEA_COLUMNS)
    pool = pool.sort_values(["key", "strength", "contact_id"], ascending=[True, False, True], kind="stable")
    groups = pool.groupby("key", sort=False).agg(text=("text", "first"), say=("say", "first"),
                                                 value=("value", "first"), ids=("contact_id", list),
                                                 strength=("strength", lambda s: float(s.iloc[:GROUP].mean())))
    ids = groups["ids"].map(lambda v: tuple(int(i) for i in v[:GROUP]))
    people = ids.map(lambda v: " and ".join([", ".join(names.reindex(v[:-1]).tolist()), names.get(v[-1], "")])
                     if len(v) > 1 else names.get(v[0], ""))
    item = groups["text"].map(_clean)
    return pd.DataFrame({
        "title": [_TITLE[s].format(item=i) for s, i in zip(groups["say"], item)],
        "people": people.to_numpy(object), "contact_ids": ids.to_numpy(object),
        "basis": [_basis(s, i, len(v)) for s, i, v in zip(groups["say"], item, ids)],
        "kind": "shared interest", "item": item.to_numpy(object),
        "score": (groups["value"] * (0.5 + groups["strength"])).to_numpy(float)})


def _skill_sets(tags: pd.DataFrame, fields: dict[str, str]) -> tuple[dict[str, str], dict[int, dict[str, str]]]:
    """The person's skills (key -> text) and each contact's skill keys -> texts (fields left out)."""
    skill = tags.loc[(tags["kind"] == "skill").to_numpy()]
    if "dismissed" in skill:
        skill = skill.loc[~skill["dismissed"].fillna(False).astype(bool).to_numpy()]
    skill = skill.assign(key=_key(skill["text"]), text=skill["text"].map(_clean))
    skill = skill.loc[~skill["key"].isin([k for k, v in fields.items() if v == "field"]).to_numpy()
                      & skill["key"].ne("").to_numpy()]
    own = skill.loc[skill["contact_id"].isna().to_numpy()].drop_duplicates("key")
    theirs = skill.loc[skill["contact_id"].notna().to_numpy()].drop_duplicates(["contact_id", "key"])
    held = theirs["key"].value_counts()
    own = own.assign(df=own["key"].map(held).fillna(0)).sort_values(["df", "key"], kind="stable")
    # A plain loop into dicts: a groupby.apply over 22,000 contacts' skills took 6 s at 30,000 contacts.
    by_contact: dict[int, dict[str, str]] = {}
    for cid, key, text in zip(theirs["contact_id"].astype("int64").to_numpy(), theirs["key"].to_numpy(object),
                              theirs["text"].to_numpy(object)):
        by_contact.setdefault(int(cid), {})[key] = text
    return dict(zip(own["key"], own["text"])), by_contact


def _complement_ideas(shared: pd.DataFrame, tags: pd.DataFrame, fields: dict[str, str],
                      names: pd.Series) -> pd.DataFrame:
    """One idea per contact who brings a skill the person lacks and lacks one the person has,
    built on the best thing they share (an interest-like item first, then employer, field, skill)."""
    mine, theirs = _skill_sets(tags, fields)
    if not mine or not len(theirs) or not len(shared):
        return pd.DataFrame(columns=IDEA_COLUMNS)
    rank = {k: i for i, k in enumerate(list(_TITLE) + ["employer", "field", "skill"])}
    ground = shared.assign(rank=shared["say"].map(rank).fillna(len(rank)))
    ground = ground.sort_values(["contact_id", "rank", "value", "key"], ascending=[True, True, False, True],
                                kind="stable").drop_duplicates("contact_id")
    rows = []
    for r in ground.itertuples(index=False):  # only contacts with shared ground and known skills
        have = theirs.get(int(r.contact_id))
        if not have:
            continue
        bring = [t for k, t in sorted(have.items()) if k not in mine][:_SHOWN_SKILLS]
        lack = [t for k, t in mine.items() if k not in have][:1]  # mine: rarest in the network first
        if not bring or not lack:
            continue
        name, item = names.get(int(r.contact_id), ""), _clean(r.text)
        rows.append((f"Pair your {lack[0]} with {_possessive(_first(name))} {bring[0]}", name, (int(r.contact_id),),
                     f"they bring {' and '.join(bring)}, you bring {lack[0]}; {_basis(r.say, item)}",
                     "complementary skills", item, float(r.value * (0.5 + r.strength) * _COMPLEMENT_BONUS)))
    return pd.DataFrame(rows, columns=IDEA_COLUMNS)


def suggest_projects(contacts: pd.DataFrame, tags: pd.DataFrame, derived: pd.DataFrame | None,
                     profile_tags: pd.DataFrame | None, ties: pd.DataFrame | None, *, limit: int = 10,
                     existing: pd.DataFrame | None = None) -> pd.DataFrame:
    """Project ideas, best first: ``title, people, contact_ids, basis, kind, item, score``.

    ``tags``: the workbook's tags, or ``Session.common_tags()`` (tags with derived items joined);
    ``derived``: ``Session.derived_items()`` (joined in when ``tags`` lacks them, and used to word a
    topic, school or field right), or None; ``profile_tags``: the person's profile frame (its
    company and location count as items, as on the Common ground page), or extra own tags as rows
    of ``kind, text``, or None; ``ties``: :func:`workbook.ties.measure_ties` (stronger ties rank
    higher), or None. ``existing``: the projects frame: ideas whose title is already a project are
    left out. ``kind`` is 'shared interest' or 'complementary skills'.
    """
    profile = profile_tags if profile_tags is not None and "kind" not in profile_tags else None
    extra = profile_tags if profile_tags is not None and "kind" in profile_tags else None
    if not len(contacts):
        return pd.DataFrame(columns=IDEA_COLUMNS)
    fields = _derived_kinds(derived)
    everything = _all_tags(tags, derived, extra)
    shared = _shared(contacts, everything, profile, ties, fields)
    names = _names(contacts)
    ideas = pd.concat([frame for frame in (_complement_ideas(shared, everything, fields, names),
                                           _interest_ideas(shared, names)) if len(frame)] or
                      [pd.DataFrame(columns=IDEA_COLUMNS)], ignore_index=True)
    if existing is not None and len(existing) and len(ideas):
        ideas = ideas.loc[~_already(ideas, existing)]
    ideas = ideas.assign(score=ideas["score"].astype(float)).sort_values(["score", "title"], ascending=[False, True],
                                                                        kind="stable")
    # Take the two kinds in turn (best of each first), so one kind never crowds out the other.
    turn = ideas.groupby("kind", sort=False).cumcount()
    ideas = ideas.assign(_turn=turn.to_numpy()).sort_values(["_turn", "score", "title"], ascending=[True, False, True],
                                                           kind="stable")
    return ideas.head(max(int(limit), 0)).reset_index(drop=True)[IDEA_COLUMNS]


def _already(ideas: pd.DataFrame, existing: pd.DataFrame) -> np.ndarray:
    """True for ideas already tracked: the same title, or a shared interest a project's basis names."""
    same_title = _key(ideas["title"]).isin(set(_key(existing["title"]))).to_numpy()
    bases = " | ".join(_key(existing["basis"].fillna("")).tolist()) if "basis" in existing else ""
    named = np.array([k == "shared interest" and bool(i) and i in bases
                      for k, i in zip(ideas["kind"], _key(ideas["item"]))], dtype=bool)
    return same_title | named


def allowed_moves(status: str) -> tuple[str, ...]:
    """Where a project may go next (``schema.PROJECT_TRANSITIONS``).

    >>> allowed_moves("idea"), allowed_moves("done")
    (('proposed', 'dropped'), ())
    """
    return schema.PROJECT_TRANSITIONS.get(str(status), ())


def project_give_take(projects: pd.DataFrame, project_people: pd.DataFrame) -> pd.DataFrame:
    """One give and one take per person per active or done project: ``contact_id, give, take``.

    Collaboration is mutual, so a project moves both sides of the balance; ideas, proposals and
    dropped projects count nothing yet. To add into health's give-and-take, sum by contact.

    >>> p = pd.DataFrame({"project_id": [1, 2, 3], "status": ["active", "done", "idea"]})
    >>> pp = pd.DataFrame({"project_id": [1, 2, 2, 3], "contact_id": [7, 7, 8, 9]})
    >>> project_give_take(p, pp).values.tolist()
    [[7, 2, 2], [8, 1, 1]]
    """
    if not len(projects) or not len(project_people):
        return pd.DataFrame({"contact_id": pd.Series([], dtype="int64"), "give": pd.Series([], dtype="int64"),
                             "take": pd.Series([], dtype="int64")})
    counting = projects.loc[projects["status"].isin(["active", "done"]).to_numpy(), "project_id"]
    on = project_people.loc[project_people["project_id"].isin(counting).to_numpy()]
    n = on.groupby(on["contact_id"].astype("int64")).size().astype("int64")
    return pd.DataFrame({"contact_id": n.index.to_numpy(), "give": n.to_numpy(), "take": n.to_numpy()})


def count_projects(projects: pd.DataFrame) -> pd.Series:
    """Projects per status, every status listed (in road order).

    >>> count_projects(pd.DataFrame({"status": ["idea", "active", "idea"]})).tolist()
    [2, 0, 1, 0, 0]
    """
    counts = projects["status"].value_counts() if len(projects) else pd.Series(dtype="int64")
    return counts.reindex(list(schema.PROJECT_STATUSES), fill_value=0).astype("int64")


def project_people_names(project_people: pd.DataFrame, contacts: pd.DataFrame) -> pd.Series:
    """Each project's people as one text ('Ana Li and Ben Cho'), indexed by project_id.

    >>> pp = pd.DataFrame({"project_id": [1, 1], "contact_id": [1, 2]})
    >>> project_people_names(pp, pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ana", "Ben"]})).tolist()
    ['Ana and Ben']
    """
    if not len(project_people):
        return pd.Series(dtype=object)
    names = _names(contacts)
    named = project_people.assign(name=project_people["contact_id"].map(names)).dropna(subset=["name"])
    return named.groupby("project_id")["name"].agg(lambda s: _join(list(s)))


def _join(words: Iterable[str]) -> str:
    words = [w for w in words if w]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def describe_projects(projects: pd.DataFrame, ideas: pd.DataFrame) -> str:
    """One plain sentence on where the person's collaborations stand (for the chapter and the page).

    >>> describe_projects(pd.DataFrame({"status": []}), pd.DataFrame({"title": []}))[:40]
    'No projects yet, and no ideas either: ad'
    """
    counts = count_projects(projects)
    live = int(counts["active"])
    if not len(projects):
        if not len(ideas):
            return ("No projects yet, and no ideas either: add interests and skills to your profile and your "
                    "contacts' cards (or import your LinkedIn export), and ideas appear here.")
        return (f"No projects yet. The best idea: {_clean(ideas['title'].iloc[0])}, with "
                f"{_clean(ideas['people'].iloc[0])} ({_clean(ideas['basis'].iloc[0])}). Start it and propose it this week.")
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    head = f"You have {_plural(len(projects), 'project')}: {', '.join(parts)}."
    nudge = (" Each active or done project counts as a give and a take with everyone on it." if live or counts["done"]
             else " None is active yet: propose one of your ideas to the people on it.")
    return head + nudge


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def describe_ideas(ideas: pd.DataFrame) -> str:
    """One plain sentence on the ideas: how many of each kind, and the best one.

    >>> describe_ideas(pd.DataFrame({"title": ["A"], "people": ["Ana"], "basis": ["you both care about chess"],
    ...                              "kind": ["shared interest"]}))
    '1 idea: 1 from a shared interest and none from complementary skills. The first: A, with Ana (you both care about chess).'
    """
    if not len(ideas):
        return ("No project ideas yet: they come from interests, values, communities and skills you share with "
                "people. Add yours on the Profile page and a few to the cards of people you know, or import your "
                "LinkedIn export (its skills and employers count).")
    shared = int((ideas["kind"] == "shared interest").sum())
    complement = len(ideas) - shared
    first = ideas.iloc[0]
    return (f"{_plural(len(ideas), 'idea')}: {shared or 'none'} from {'a shared interest' if shared == 1 else 'shared interests'}"
            f" and {complement or 'none'} from complementary skills. The first: {_clean(first['title'])}, with "
            f"{_clean(first['people'])} ({_clean(first['basis'])}).")


def describe_give_take(give_take: pd.DataFrame, contacts: pd.DataFrame) -> str:
    """How projects add to give-and-take, in one plain sentence.

    >>> describe_give_take(pd.DataFrame({"contact_id": [1], "give": [2], "take": [2]}),
    ...                    pd.DataFrame({"contact_id": [1], "full_name": ["Ana"]}))
    'Your active and done projects add a give and a take with 1 person: Ana (2 projects). The balance with them moves both ways.'
    """
    if not len(give_take):
        return ("No project is active or done yet, so none counts in your give-and-take: once one is under way, "
                "it adds a give and a take with everyone on it.")
    names = _names(contacts)
    top = give_take.sort_values(["give", "contact_id"], ascending=[False, True])
    shown = top.head(4)
    listed = [names.get(int(c), "someone") + (f" ({int(g)} projects)" if g > 1 else "")
              for c, g in zip(shown["contact_id"], shown["give"])]
    more = [f"{len(top) - len(shown)} more"] if len(top) > len(shown) else []
    people = f"{len(top):,} {'person' if len(top) == 1 else 'people'}"
    return (f"Your active and done projects add a give and a take with {people}: {_join(listed + more)}. "
            "The balance with them moves both ways.")
