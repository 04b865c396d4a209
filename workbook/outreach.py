"""Plan mentor outreach: candidates for a goal, warm-intro paths, the pipeline, follow-ups, drafts.

Pure functions: DataFrames and plain values in, DataFrames (or text/bytes) out; inputs are never
mutated; anything that depends on "today" takes ``as_of``.

**Mentor score** (:func:`rank_mentors`), each component scaled to 0-1:

==============  ======  ==========================================================================
component       weight  measure
==============  ======  ==========================================================================
expertise       0.40    how well the contact covers the goal's needs: for each need, the share of
                        its words found in the contact's skill tags (x1.0), title (x0.9), industry
                        (x0.7), company, interest/community/event tags (x0.5); the best field counts.
                        expertise = half the best need + half the mean over needs
seniority       0.15    the map's title rules (:func:`rate_seniority`): executive 1.0, vp 0.9,
                        director 0.85, manager 0.7, senior 0.55, mid 0.4, entry 0.1, unknown 0.3
closeness       0.15    tie strength from :func:`workbook.ties.measure_ties`
common ground   0.15    a precomputed score if given (divided by its maximum), else n / (n + 2)
                        for n tags shared with the person's profile
reachability    0.15    strength of the best chain of introductions, see :func:`find_intro_routes`
==============  ======  ==========================================================================

Only contacts whose expertise reaches ``min_expertise`` are candidates: a close friend with no
matching expertise is not a mentor for this goal, however reachable. Words are compared after a
crude, documented stem (:func:`stem`: lower case, common suffixes off), so "manager" meets
"management" while "experience" and "experiment" stay apart.

**Someone at X / in community Y** (:func:`suggest_where_to_meet`): when nobody fits yet, the groups,
events, companies and industries where people with the expertise gather, what to join, and who of
your contacts is the doorway.

**Warm-intro paths** are shortest paths through a graph of you, your contacts, their recorded links
and their shared employers, where the cost of an edge is ``-log(strength)``: the cheapest path is the
chain whose tie strengths multiply to the largest value, and ``reachability = exp(-cost)``.

**Follow-up rules** (:data:`FOLLOW_UP_DEFAULTS`, overridable by the workbook settings of the same
names): a polite follow-up ``follow_up_days`` (7) after contacting someone who has not replied, at
most ``max_follow_ups`` (2); a thank-you the day after meeting; an update to an ongoing mentor every
``mentor_update_days`` (42, i.e. 6 weeks, at the latest 8 weeks).

>>> import pandas as pd
>>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Dana Reyes", "Lee Chen"],
...                   "company": ["Acme", "Acme"], "position": ["Engineer", "VP Product"],
...                   "industry": ["Software", "Software"], "location": ["", ""]})
>>> t = pd.DataFrame({"contact_id": [2], "owner": ["contact"], "kind": ["skill"], "text": ["Product strategy"]})
>>> ties = pd.DataFrame({"tie_strength": [0.8, 0.05]}, index=pd.Index([1, 2], name="contact_id"))
>>> r = rank_mentors("product strategy", c, t, ties)
>>> r["full_name"].tolist()
['Lee Chen']
>>> "via Dana Reyes" in r["explanation"].iloc[0]
True
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from .schema import STAGE_TRANSITIONS, STAGES

# ----------------------------------------------------------------------------- constants

#: Weights of the mentor score components (they sum to 1).
WEIGHTS = {"expertise": 0.40, "seniority": 0.15, "closeness": 0.15, "common_ground": 0.15, "reachability": 0.15}
#: How much a word match counts by where it was found.
FIELD_WEIGHTS = {
    "skill": 1.0,
    "position": 0.9,
    "industry": 0.7,
    "company": 0.5,
    "interest": 0.5,
    "community": 0.5,
    "event": 0.5,
}
FIELD_LABELS = {
    "skill": "skill",
    "position": "title",
    "industry": "industry",
    "company": "company",
    "interest": "interest",
    "community": "community",
    "event": "event",
}
#: Follow-up rule defaults; the workbook settings of the same names override them.
FOLLOW_UP_DEFAULTS = {"follow_up_days": 7, "max_follow_ups": 2, "mentor_update_days": 42}
#: An ongoing mentor hears from you every 6 weeks, at the latest after 8.
MENTOR_UPDATE_SLACK_DAYS = 14
#: The main road through the pipeline, in order (declined and paused are side roads).
MAIN_STAGES = STAGES[:7]
#: Tie strengths are clipped into this range before taking logs (a LinkedIn connection you
#: never wrote to is still a (very weak) way in; strength 1 would cost nothing).
STRENGTH_FLOOR, STRENGTH_CEIL = 0.02, 0.98
#: Strength of the tie between two contacts who share an employer but have no recorded link.
EMPLOYER_STRENGTH = 0.25
#: Tag kinds that count as common ground when no precomputed score is given.
SHARED_KINDS = ("interest", "value", "goal", "community", "event", "employer", "city", "skill")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DRAFT_KINDS = {
    "first-message": "first_message.txt.j2",
    "intro-request": "intro_request.txt.j2",
    "follow-up": "follow_up.txt.j2",
    "thank-you": "thank_you.txt.j2",
    "mentor-update": "mentor_update.txt.j2",
}

_STOP = frozenset(
    "a an and or of the for in on at to with by from as my our your their into about over more "
    "i me we be get become grow growing learn learning how what who new better".split()
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")
#: Suffixes a crude stemmer strips (longest first, twice at most, keeping 3+ letters), so
#: manager/management/managing all become "manag" while experience and experiment stay apart.
_SUFFIXES = (("ements", ""), ("ement", ""), ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""),
             ("ies", "y"), ("ers", ""), ("ors", ""), ("ists", ""), ("ist", ""), ("ics", ""), ("ship", ""),
             ("ed", ""), ("er", ""), ("or", ""), ("al", ""), ("s", ""))

#: Seniority score per level of :func:`workbook.mapping.classify_seniority` (the map room's title rules).
SENIORITY_SCORES = {"executive": 1.0, "vp": 0.9, "director": 0.85, "manager": 0.7, "senior": 0.55, "mid": 0.4,
                    "entry": 0.1, "unknown": 0.3}


# ----------------------------------------------------------------------------- goals -> needs


def split_needs(needs: Any) -> list[str]:
    """The goal's needs as a clean list (``needs`` is ';'-separated, or already a list).

    >>> split_needs("Product strategy; people leadership;; ")
    ['Product strategy', 'people leadership']
    """
    if needs is None or (isinstance(needs, float) and math.isnan(needs)):
        return []
    parts = re.split(r"[;,\n]", needs) if isinstance(needs, str) else list(needs)
    out: list[str] = []
    for p in parts:
        p = str(p).strip()
        if p and p.lower() not in (o.lower() for o in out):
            out.append(p)
    return out


def stem(word: str) -> str:
    """A crude English stem: strip a common suffix (twice at most) and undouble a final consonant.

    >>> [stem(w) for w in ["management", "manager", "leadership", "roadmapping", "experience", "experiment"]]
    ['manag', 'manag', 'lead', 'roadmap', 'experience', 'experi']
    """
    for _ in range(2):
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: -len(suffix)] + repl
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeioulsz":
                    word = word[:-1]
                break
        else:
            break
    return word


def tokenize(text: Any) -> list[str]:
    """Stemmed content words of a text (lower case, stop words out, see :func:`stem`).

    >>> tokenize("Head of Product Management")
    ['head', 'product', 'manag']
    """
    words = _TOKEN.findall(str(text or "").lower())
    return [stem(w) for w in words if w not in _STOP]


def goal_needs(goals: pd.DataFrame) -> pd.DataFrame:
    """One row per (goal, need): goal_id, title, need. A goal without needs falls back to its title.

    >>> g = pd.DataFrame({"goal_id": [1], "title": ["Lead a team"], "needs": ["people leadership;hiring"]})
    >>> goal_needs(g)["need"].tolist()
    ['people leadership', 'hiring']
    """
    if goals.empty:
        return pd.DataFrame({"goal_id": pd.Series(dtype="int64"), "title": pd.Series(dtype=object),
                             "need": pd.Series(dtype=object)})
    needs = [split_needs(n) or [t] for n, t in zip(goals["needs"], goals["title"])]
    return (
        goals[["goal_id", "title"]]
        .assign(need=needs)
        .explode("need")
        .reset_index(drop=True)
        .astype({"goal_id": "int64"})
    )


def needs_of(goal: Any) -> list[str]:
    """The needs a goal calls for, as :func:`rank_mentors` reads them (a goals() row, a dict, a
    ';'-separated string or a list; a goal without needs falls back to its title).

    >>> needs_of({"title": "Move into product", "needs": "product management; fintech"})
    ['product management', 'fintech']
    """
    return _needs_of(goal)


def _needs_of(goal: Any) -> list[str]:
    if isinstance(goal, str):
        return split_needs(goal) or [goal]
    if isinstance(goal, (pd.Series, Mapping)):
        needs = split_needs(goal.get("needs", ""))
        return needs or split_needs(goal.get("title", ""))
    return split_needs(list(goal))


# ----------------------------------------------------------------------------- seniority


def rate_seniority(positions: pd.Series) -> pd.DataFrame:
    """Seniority level (the map's title rules, :func:`workbook.mapping.classify_seniority`) and a 0-1 score.

    >>> rate_seniority(pd.Series(["VP Engineering", "Senior Analyst", "Software Engineer", ""])).values.tolist()
    [['vp', 0.9], ['senior', 0.55], ['mid', 0.4], ['unknown', 0.3]]
    """
    from .mapping import classify_seniority

    level = classify_seniority(positions.fillna("").astype(str)).astype(object)
    return pd.DataFrame({"level": level.to_numpy(), "seniority": level.map(SENIORITY_SCORES).fillna(0.3).to_numpy(
        dtype="float64")}, index=positions.index)


# ----------------------------------------------------------------------------- expertise


_FIELDS = tuple(FIELD_WEIGHTS)


def _need_tokens(needs: Sequence[str]) -> pd.DataFrame:
    rows = [(need, tok) for need in needs for tok in dict.fromkeys(tokenize(need))]
    return pd.DataFrame(rows, columns=["need", "token"])


def _text_tokens(ids: np.ndarray, texts: pd.Series, field: int | np.ndarray,
                 wanted: dict[str, int]) -> tuple[pd.DataFrame, np.ndarray]:
    """Integer long frame (contact_id, field, text, token) of the wanted tokens in ``texts``, and the texts.

    ``field`` and ``token`` are codes (into :data:`_FIELDS` and ``wanted``); ``text`` indexes the
    returned array of distinct texts. Integer keys keep the joins and groupbys fast at 100,000 tags.
    """
    empty = pd.DataFrame({k: pd.Series(dtype="int64") for k in ("contact_id", "field", "text", "token")})
    if not wanted or not len(texts):
        return empty, np.array([], dtype=object)
    # Titles and tags repeat a lot across 30,000 contacts: tokenise each distinct text once.
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    uniq = pd.Series(uniques, dtype=object).astype(str)
    long = pd.DataFrame({"text": np.arange(len(uniq)), "word": uniq.str.lower().str.findall(_TOKEN.pattern)})
    long = long.explode("word").dropna(subset=["word"])
    words = long["word"].unique()
    token_of = {w: wanted.get(stem(w), -1) for w in words if w not in _STOP}  # distinct words only
    long = long.assign(token=long["word"].map(token_of).fillna(-1).astype("int64"))
    long = long.loc[long["token"] >= 0, ["text", "token"]].drop_duplicates()
    if long.empty:
        return empty, np.array([], dtype=object)
    keep = np.isin(codes, long["text"].unique())
    fields = np.full(len(codes), field, dtype="int64") if np.isscalar(field) else np.asarray(field, dtype="int64")
    frame = pd.DataFrame({"contact_id": ids[keep], "field": fields[keep], "text": codes[keep]})
    return frame.merge(long, on="text"), uniq.to_numpy()


def match_expertise(needs: Sequence[str], contacts: pd.DataFrame, tags: pd.DataFrame, *,
                    detail: bool = False) -> pd.DataFrame:
    """Per contact and need, the best weighted word coverage and where it was found.

    Returns a long frame: contact_id, need, coverage (0-1, weighted by field), share (of the need's
    words found), field, evidence (the first text that matched; all of them with ``detail=True``,
    which is slower: meant for the few rows a person reads).

    >>> c = pd.DataFrame({"contact_id": [1], "position": ["Product Manager"], "industry": ["Software"],
    ...                   "company": ["Acme"]})
    >>> m = match_expertise(["product management"], c, pd.DataFrame(columns=["contact_id", "owner", "kind", "text"]))
    >>> m[["need", "coverage", "share", "field", "evidence"]].values.tolist()
    [['product management', 0.9, 1.0, 'position', 'Product Manager']]
    """
    nt = _need_tokens(needs)
    cols = ["contact_id", "need", "coverage", "share", "field", "evidence"]
    empty = pd.DataFrame(columns=cols).astype({"contact_id": "int64", "coverage": "float64", "share": "float64"})
    if nt.empty or contacts.empty:
        return empty
    wanted = {tok: i for i, tok in enumerate(dict.fromkeys(nt["token"]))}
    need_list = list(dict.fromkeys(nt["need"]))
    nt_codes = pd.DataFrame({"token": nt["token"].map(wanted).to_numpy(dtype="int64"),
                             "need": nt["need"].map({n: i for i, n in enumerate(need_list)}).to_numpy(dtype="int64")})
    ids = contacts["contact_id"].to_numpy(dtype="int64")
    parts = [_text_tokens(ids, contacts[f].fillna(""), _FIELDS.index(f), wanted)
             for f in ("position", "industry", "company") if f in contacts]
    if tags is not None and len(tags):
        # One mask, one copy: 100,000 tags are costly to copy twice.
        ct = tags.loc[(tags["owner"].to_numpy(dtype=object) == "contact")
                      & tags["kind"].isin(FIELD_WEIGHTS).to_numpy(dtype=bool)
                      & tags["contact_id"].isin(ids).to_numpy(dtype=bool)]
        if len(ct):
            # Mapped per distinct kind (a handful), not per tag: 100,000 tags make a dict lookup each slow.
            codes, kinds = pd.factorize(ct["kind"].to_numpy(dtype=object))
            kind_code = np.array([_FIELDS.index(k) for k in kinds], dtype="int64")[codes]
            parts.append(_text_tokens(ct["contact_id"].to_numpy(dtype="int64"), ct["text"], kind_code, wanted))
    # Each part numbers its texts on its own: offset them into one table of texts.
    texts, offset, frames = [], 0, []
    for part, part_texts in parts:
        if len(part):
            frames.append(part.assign(text=part["text"] + offset))
            texts.append(part_texts)
            offset += len(part_texts)
    if not frames:
        return empty
    all_texts = np.concatenate(texts)
    hits = pd.concat(frames, ignore_index=True).merge(nt_codes, on="token")
    n_tok = nt_codes.groupby("need")["token"].nunique().to_numpy()
    keys = ["contact_id", "field", "need"]
    grouped = hits.drop_duplicates([*keys, "token"]).groupby(keys, sort=False)
    per_field = grouped.size().rename("matched").to_frame()
    per_field["first_text"] = grouped["text"].first()
    per_field = per_field.reset_index()
    per_field["share"] = per_field["matched"].to_numpy() / n_tok[per_field["need"].to_numpy()]
    weights = np.array([FIELD_WEIGHTS[f] for f in _FIELDS])
    per_field["coverage"] = (per_field["share"] * weights[per_field["field"].to_numpy()]).round(6)
    best = (
        per_field.sort_values(["contact_id", "need", "coverage"], ascending=[True, True, False], kind="stable")
        .drop_duplicates(["contact_id", "need"])
    )
    if detail:
        evidence = (hits.drop_duplicates([*keys, "text"]).assign(t=lambda f: all_texts[f["text"].to_numpy()])
                    .groupby(keys, sort=False)["t"].agg(", ".join))
        ev = evidence.reindex(pd.MultiIndex.from_frame(best[keys])).to_numpy()
    else:
        ev = all_texts[best["first_text"].to_numpy()]
    out = pd.DataFrame({
        "contact_id": best["contact_id"].to_numpy(),
        "need": np.asarray(need_list, dtype=object)[best["need"].to_numpy()],
        "coverage": best["coverage"].to_numpy(),
        "share": best["share"].to_numpy(),
        "field": np.asarray(_FIELDS, dtype=object)[best["field"].to_numpy()],
        "evidence": ev,
    })
    return out[cols]


def score_expertise(matches: pd.DataFrame, n_needs: int) -> pd.Series:
    """Expertise per contact: half the best need's coverage plus half the mean over all needs.

    >>> m = pd.DataFrame({"contact_id": [1, 1, 2], "need": ["a", "b", "a"], "coverage": [1.0, 0.5, 0.5]})
    >>> score_expertise(m, 2).round(3).to_dict()
    {1: 0.875, 2: 0.375}
    """
    if matches.empty or n_needs <= 0:
        return pd.Series(dtype="float64", name="expertise")
    g = matches.groupby("contact_id")["coverage"]
    return (0.5 * g.max() + 0.5 * g.sum() / n_needs).clip(0, 1).rename("expertise")


# ----------------------------------------------------------------------------- common ground


def _keys(texts: pd.Series) -> np.ndarray:
    """Trimmed lower-case text, computed once per distinct value."""
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    low = np.array([str(u).strip().lower() for u in uniques] + [""], dtype=object)
    return low[codes]  # code -1 (missing) picks the trailing ""


def _shared_pairs(tags: pd.DataFrame | None, contact_ids: Any = None) -> pd.DataFrame:
    """(contact_id, kind, key, text) for every tag a contact shares with the profile."""
    cols = ["contact_id", "kind", "key", "text"]
    if tags is None or tags.empty:
        return pd.DataFrame(columns=cols)
    owner = tags["owner"].to_numpy(dtype=object)
    mine = tags.loc[owner == "profile"]
    mine = mine.loc[mine["kind"].isin(SHARED_KINDS)]
    keep = owner == "contact"
    if contact_ids is not None:  # filter on the integer id first: cheap, and few rows stay
        keep &= tags["contact_id"].isin(np.asarray(list(contact_ids), dtype="int64")).to_numpy(dtype=bool)
    theirs = tags.loc[keep]
    theirs = theirs.loc[theirs["kind"].isin(SHARED_KINDS)]
    if mine.empty or theirs.empty:
        return pd.DataFrame(columns=cols)
    wanted = set(zip(mine["kind"].astype(str), _keys(mine["text"])))
    # Distinct (kind, text) pairs are few even at 100,000 tags: test those, then select rows.
    kind_codes, kinds = pd.factorize(theirs["kind"].to_numpy(dtype=object))
    text_codes, texts = pd.factorize(theirs["text"].to_numpy(dtype=object))
    low = pd.Series(texts, dtype=object).astype(str).str.strip().str.lower().to_numpy(dtype=object)
    pair = kind_codes.astype("int64") * len(texts) + text_codes
    upairs = np.unique(pair)
    hit = np.array([(str(kinds[p // len(texts)]), low[p % len(texts)]) in wanted for p in upairs], dtype=bool)
    keep = np.isin(pair, upairs[hit])
    out = pd.DataFrame({"contact_id": theirs["contact_id"].to_numpy()[keep].astype("int64"),
                        "kind": kinds[kind_codes[keep]], "key": low[text_codes[keep]],
                        "text": texts[text_codes[keep]]})
    return out.drop_duplicates(["contact_id", "kind", "key"])[cols]


def find_shared_items(tags: pd.DataFrame, contact_ids: Any = None) -> pd.Series:
    """The tags each contact shares with the person's own profile (case-insensitive), as lists.

    >>> t = pd.DataFrame({"owner": ["profile", "contact", "contact"], "contact_id": [None, 5, 5],
    ...                   "kind": ["interest", "interest", "interest"], "text": ["Climbing", "climbing", "Chess"]})
    >>> find_shared_items(t).to_dict()
    {5: ['climbing']}
    """
    both = _shared_pairs(tags, contact_ids)
    if both.empty:
        return pd.Series(dtype=object, name="shared")
    return both.groupby("contact_id", sort=True)["text"].agg(list).rename("shared")


def _common_ground(ids: pd.Index, tags: pd.DataFrame, given: pd.Series | None) -> pd.Series:
    if given is not None:
        # Relative to the person's strongest common ground anywhere, so any 0+ scale works.
        s = pd.Series(pd.to_numeric(given, errors="coerce"), dtype="float64").groupby(level=0).max()
        top = float(s.max()) if len(s) and s.max() > 0 else 1.0
        return (s.reindex(ids).fillna(0.0) / top).clip(0, 1)
    n = _shared_pairs(tags, ids)["contact_id"].value_counts().reindex(ids).fillna(0).astype("float64")
    return n / (n + 2)


# ----------------------------------------------------------------------------- warm-intro paths


@dataclass(frozen=True)
class IntroRoutes:
    """The best chains of introductions from the person to every contact (see :func:`find_intro_routes`).

    ``reach`` is indexed by contact_id (0-1, the product of tie strengths along the best chain).
    """

    reach: pd.Series
    hops: pd.Series
    contact_ids: np.ndarray
    companies: np.ndarray
    predecessors: np.ndarray
    edge_kind: dict[tuple[int, int], str]

    def node_path(self, contact_id: int) -> list[int]:
        """Graph nodes from the person (node 0) to the contact; [] when unreachable."""
        pos = np.searchsorted(self.contact_ids, contact_id)
        if pos >= len(self.contact_ids) or self.contact_ids[pos] != contact_id:
            raise ValueError(f"There is no contact with id {contact_id} in the graph.")
        node, out = int(pos) + 1, []
        while node >= 0:
            out.append(node)
            if node == 0:
                return out[::-1]
            node = int(self.predecessors[node])
        return []


def find_intro_routes(
    contacts: pd.DataFrame,
    links: pd.DataFrame | None,
    ties: pd.DataFrame,
    *,
    tags: pd.DataFrame | None = None,
    employer_strength: float | None = EMPLOYER_STRENGTH,
) -> IntroRoutes:
    """Shortest paths from the person to every contact, weighted by tie strength.

    Graph: you -- each contact (their tie strength); contact -- contact for each recorded link
    (its strength; the strongest when several); and, when ``employer_strength`` is set, contacts
    who share a current company (or an ``employer`` tag) are joined through that employer with
    ``employer_strength``. Edge cost is ``-log(strength)`` (strengths clipped to 0.02-0.98), so the
    cheapest path multiplies to the strongest chain. One Dijkstra run (scipy) serves every contact.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Dana", "Lee"], "company": ["", ""]})
    >>> ties = pd.DataFrame({"tie_strength": [0.9, 0.0]}, index=pd.Index([1, 2], name="contact_id"))
    >>> links = pd.DataFrame({"a": [1], "b": [2], "kind": ["colleague"], "strength": [0.8]})
    >>> r = find_intro_routes(c, links, ties)
    >>> round(float(r.reach[2]), 2), int(r.hops[2])
    (0.72, 2)
    """
    ids = np.sort(contacts["contact_id"].astype("int64").to_numpy())
    n = len(ids)
    strength = ties["tie_strength"].reindex(ids).fillna(0.0).to_numpy(dtype="float64")
    rows = [np.zeros(n, dtype="int64")]
    cols = [np.arange(1, n + 1)]
    weights = [np.clip(strength, STRENGTH_FLOOR, STRENGTH_CEIL)]
    edge_kind: dict[tuple[int, int], str] = {}
    if links is not None and len(links):
        lk = links.loc[links["a"].isin(ids) & links["b"].isin(ids)]
        if len(lk):
            a = np.searchsorted(ids, lk["a"].astype("int64").to_numpy()) + 1
            b = np.searchsorted(ids, lk["b"].astype("int64").to_numpy()) + 1
            s = np.clip(lk["strength"].to_numpy(dtype="float64"), STRENGTH_FLOOR, STRENGTH_CEIL)
            rows += [a, b]
            cols += [b, a]
            weights += [s, s]
            # Remember the strongest link kind per pair for readable chains.
            order = np.argsort(s, kind="stable")
            kinds = lk["kind"].astype(str).to_numpy()
            for i in order:
                edge_kind[(int(a[i]), int(b[i]))] = kinds[i]
                edge_kind[(int(b[i]), int(a[i]))] = kinds[i]
    companies = np.array([], dtype=object)
    if employer_strength:
        member = _employers(contacts, tags)
        if len(member):
            companies = np.asarray(member["company"].drop_duplicates().sort_values().to_numpy(), dtype=object)
            comp_node = np.searchsorted(companies, member["company"].to_numpy()) + n + 1
            cnode = np.searchsorted(ids, member["contact_id"].to_numpy()) + 1
            half = np.full(len(member), math.sqrt(float(employer_strength)))
            rows += [cnode, comp_node]
            cols += [comp_node, cnode]
            weights += [half, half]
    size = n + 1 + len(companies)
    r, c, w = np.concatenate(rows), np.concatenate(cols), np.concatenate(weights)
    cost = -np.log(np.clip(w, STRENGTH_FLOOR, STRENGTH_CEIL))
    # Keep the cheapest edge when a pair appears twice (coo would add them up).
    edges = pd.DataFrame({"r": r, "c": c, "w": cost}).groupby(["r", "c"], sort=False)["w"].min().reset_index()
    graph = sparse.csr_matrix((edges["w"].to_numpy(), (edges["r"].to_numpy(), edges["c"].to_numpy())),
                              shape=(size, size))
    dist, pred = csgraph.dijkstra(graph, directed=True, indices=0, return_predecessors=True)
    hops = _hop_counts(pred, n, size)
    reach = pd.Series(np.exp(-dist[1 : n + 1]), index=pd.Index(ids, name="contact_id"), name="reach")
    return IntroRoutes(
        reach=reach.fillna(0.0),
        hops=pd.Series(hops, index=reach.index, name="hops"),
        contact_ids=ids,
        companies=companies,
        predecessors=pred,
        edge_kind=edge_kind,
    )


def _hop_counts(pred: np.ndarray, n: int, size: int) -> np.ndarray:
    """Number of people on the way (contact-to-contact steps + 1), employer nodes not counted."""
    depth = np.full(size, -1, dtype="int64")
    depth[0] = 0
    # Walk predecessors in rounds: each round resolves nodes whose predecessor is resolved.
    pending = np.arange(1, size)
    pending = pending[pred[pending] >= 0]
    is_company = np.zeros(size, dtype=bool)
    is_company[n + 1 :] = True
    for _ in range(size):
        if not len(pending):
            break
        p = pred[pending]
        ready = depth[p] >= 0
        if not ready.any():
            break
        nodes = pending[ready]
        depth[nodes] = depth[p[ready]] + (~is_company[nodes]).astype("int64")
        pending = pending[~ready]
    out = depth[1 : n + 1].astype("float64")
    out[out < 0] = np.nan
    return out


def _employers(contacts: pd.DataFrame, tags: pd.DataFrame | None) -> pd.DataFrame:
    ids = contacts["contact_id"].to_numpy(dtype="int64")
    comp = contacts["company"].fillna("") if "company" in contacts else pd.Series("", index=contacts.index)
    frames = [pd.DataFrame({"contact_id": ids, "company": _keys(comp)})]
    if tags is not None and len(tags):
        kind = tags["kind"].to_numpy(dtype=object)
        past = tags.loc[(kind == "employer") & (tags["owner"].to_numpy(dtype=object) == "contact")]
        past = past.loc[past["contact_id"].isin(ids)]
        frames.append(pd.DataFrame({"contact_id": past["contact_id"].to_numpy(dtype="int64"),
                                    "company": _keys(past["text"])}))
    m = pd.concat(frames, ignore_index=True)
    m = m.loc[m["company"] != ""].drop_duplicates()
    # An employer only links people when two or more contacts share it.
    return m.loc[m.groupby("company")["contact_id"].transform("size") > 1].reset_index(drop=True)


def describe_intro_path(routes: IntroRoutes, contact_id: int, contacts: pd.DataFrame) -> dict[str, Any]:
    """The best chain to one contact in words, e.g. "Ask Dana, who worked with Lee at Acme."

    Returns a dict: contact_id, reach, hops, direct (bool), people (ids on the way, you excluded,
    the contact last), names, steps (list of dicts: from_id, to_id, relation, company) and chain (text).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Dana", "Lee"], "company": ["Acme", "Acme"]})
    >>> ties = pd.DataFrame({"tie_strength": [0.9, 0.0]}, index=pd.Index([1, 2], name="contact_id"))
    >>> links = pd.DataFrame({"a": [1], "b": [2], "kind": ["colleague"], "strength": [0.8]})
    >>> describe_intro_path(find_intro_routes(c, links, ties), 2, c)["chain"]
    'Ask Dana, who worked with Lee at Acme, to introduce you.'
    """
    nodes = routes.node_path(int(contact_id))
    n = len(routes.contact_ids)
    on_path = [int(routes.contact_ids[v - 1]) for v in nodes if 0 < v <= n] or [int(contact_id)]
    few = contacts.loc[contacts["contact_id"].isin(on_path)]  # a handful of rows, not all 30,000
    names = few.set_index(few["contact_id"].astype("int64"))
    reach = float(routes.reach.get(int(contact_id), 0.0))

    def name(node: int) -> str:
        cid = int(routes.contact_ids[node - 1])
        return str(names.at[cid, "full_name"]) if cid in names.index else f"contact {cid}"

    def company_of(node: int) -> str:
        cid = int(routes.contact_ids[node - 1])
        return str(names.at[cid, "company"]).strip() if "company" in names and cid in names.index else ""

    target_name = name(nodes[-1]) if nodes else str(names.at[int(contact_id), "full_name"])
    if not nodes:
        return {"contact_id": int(contact_id), "reach": 0.0, "hops": None, "direct": False, "people": [],
                "names": [], "steps": [],
                "chain": f"No route to {target_name} yet: meet them where they are (an event or group)."}
    people = [v for v in nodes[1:] if v <= n]
    steps: list[dict[str, Any]] = []
    i = 1
    while i < len(nodes) - 1:
        a, b = nodes[i], nodes[i + 1]
        company = ""
        if b > n:  # through an employer node to the next person
            c_node, b = b, nodes[i + 2]
            label = str(routes.companies[c_node - n - 1])
            company = _display_company(label, company_of(a), company_of(b))
            relation = f"shares an employer with {name(b)} ({company})"
            i += 2
        else:
            kind = routes.edge_kind.get((a, b), "knows")
            same = company_of(a) and company_of(a).lower() == company_of(b).lower()
            company = company_of(a) if same else ""
            relation = _relation(kind, name(b), company)
            i += 1
        steps.append({"from_id": int(routes.contact_ids[a - 1]), "to_id": int(routes.contact_ids[b - 1]),
                      "relation": relation, "company": company})
    if not steps:
        chain = f"You know {target_name} directly (tie strength {reach:.2f}): write to them yourself."
    else:
        chain = f"Ask {name(people[0])}, who " + ", who ".join(s["relation"] for s in steps) + ", to introduce you."
    return {"contact_id": int(contact_id), "reach": reach, "hops": len(people), "direct": not steps,
            "people": [int(routes.contact_ids[v - 1]) for v in people], "names": [name(v) for v in people],
            "steps": steps, "chain": chain}


def _display_company(label: str, a: str, b: str) -> str:
    for c in (a, b):
        if c and c.lower() == label:
            return c
    return label.title()


def _relation(kind: str, other: str, company: str) -> str:
    at = f" at {company}" if company else ""
    return {
        "colleague": f"worked with {other}{at}",
        "introduced-by": f"is connected to {other} through an introduction",
        "family": f"is family of {other}",
    }.get(kind, f"knows {other}{at}")


def intro_paths(targets: Sequence[int], contacts: pd.DataFrame, links: pd.DataFrame | None, ties: pd.DataFrame,
                *, tags: pd.DataFrame | None = None, routes: IntroRoutes | None = None) -> pd.DataFrame:
    """The best chain of introductions to each target contact, as a frame (one row per target).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Dana", "Lee"], "company": ["", ""]})
    >>> ties = pd.DataFrame({"tie_strength": [0.9, 0.0]}, index=pd.Index([1, 2], name="contact_id"))
    >>> intro_paths([2], c, pd.DataFrame({"a": [1], "b": [2], "kind": ["knows"], "strength": [0.5]}), ties)["via"].tolist()
    ['Dana']
    """
    routes = routes or find_intro_routes(contacts, links, ties, tags=tags)
    rows = [describe_intro_path(routes, int(t), contacts) for t in targets]
    out = pd.DataFrame(rows, columns=["contact_id", "reach", "hops", "direct", "people", "names", "steps", "chain"])
    return out.assign(via=[n[0] if len(n) > 1 else "" for n in out["names"]])


# ----------------------------------------------------------------------------- ranking


def rank_mentors(
    goal: Any,
    contacts: pd.DataFrame,
    tags: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    links: pd.DataFrame | None = None,
    common_ground: pd.Series | None = None,
    outreach: pd.DataFrame | None = None,
    routes: IntroRoutes | None = None,
    top: int | None = 20,
    min_expertise: float = 0.3,
    weights: Mapping[str, float] | None = None,
    matches: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mentor candidates for a goal, best first, each with its components and an explanation.

    ``goal``: a goals() row, a dict with ``needs``/``title``, a ';'-separated string or a list of
    needs. ``ties``: :func:`workbook.ties.measure_ties` output. ``common_ground``: an optional 0-1
    Series by contact_id (e.g. from :mod:`workbook.common_ground`); without it, shared tags count.
    ``outreach``: the pipeline, to flag candidates already in it for this goal. ``matches``:
    :func:`match_expertise` of the goal's needs on these contacts and tags, when already at hand
    (the slow step at 30,000 contacts; :func:`suggest_where_to_meet` takes the same).

    Columns: contact_id, full_name, company, position, expertise, seniority, level, closeness,
    common_ground, reachability, score, matched (list of "need <- field: text"), shared (list),
    via (first person to ask, '' when direct), in_pipeline, explanation.
    """
    w = {**WEIGHTS, **(weights or {})}
    needs = _needs_of(goal)
    if matches is None:
        matches = match_expertise(needs, contacts, tags)
    expertise = score_expertise(matches, len(needs))
    keep = expertise[expertise >= min_expertise]
    cand = contacts.loc[contacts["contact_id"].astype("int64").isin(keep.index)].copy()
    cand["contact_id"] = cand["contact_id"].astype("int64")
    cand = cand.set_index("contact_id", drop=False)
    ids = cand.index
    if routes is None:
        routes = find_intro_routes(contacts, links, ties, tags=tags)
    closeness = ties["tie_strength"].reindex(ids).fillna(0.0).astype("float64")
    reach = np.maximum(routes.reach.reindex(ids).fillna(0.0), closeness)
    sen = rate_seniority(cand["position"] if "position" in cand else pd.Series("", index=ids))
    cg = _common_ground(ids, tags, common_ground)
    out = pd.DataFrame(
        {
            "contact_id": ids.to_numpy(),
            "full_name": cand["full_name"].astype(object).to_numpy(),
            "company": cand.get("company", pd.Series("", index=ids)).astype(object).to_numpy(),
            "position": cand.get("position", pd.Series("", index=ids)).astype(object).to_numpy(),
            "expertise": keep.reindex(ids).to_numpy(),
            "seniority": sen["seniority"].to_numpy(),
            "level": sen["level"].to_numpy(),
            "closeness": closeness.to_numpy(),
            "common_ground": cg.to_numpy(),
            "reachability": np.asarray(reach, dtype="float64"),
        }
    )
    out["score"] = sum(w[k] * out[k] for k in WEIGHTS).round(6)
    out = out.sort_values(["score", "expertise", "contact_id"], ascending=[False, False, True], kind="stable")
    if top is not None:
        out = out.head(int(top))
    out = out.reset_index(drop=True)
    return _explain(out, tags, routes, contacts, outreach, goal)


def _explain(out: pd.DataFrame, tags: pd.DataFrame, routes: IntroRoutes,
             contacts: pd.DataFrame, outreach: pd.DataFrame | None, goal: Any) -> pd.DataFrame:
    ids = out["contact_id"].tolist()
    few = contacts.loc[contacts["contact_id"].astype("int64").isin(ids)]
    few_tags = tags.loc[tags["contact_id"].isin(ids)] if tags is not None and len(tags) else tags
    m = match_expertise(_needs_of(goal), few, few_tags, detail=True)
    m = m.sort_values(["contact_id", "coverage"], ascending=[True, False], kind="stable")  # ties: goal order
    matched = (
        m.assign(item=m["need"] + np.where(m["share"] < 1, " (partly)", "") + " <- "
                 + m["field"].map(FIELD_LABELS) + ": " + m["evidence"].astype(str))
        .groupby("contact_id")["item"].agg(list)
    )
    shared = find_shared_items(tags, ids)
    # Everyone on the chains, looked up once: each path alone would scan all 30,000 contacts.
    n = len(routes.contact_ids)
    on_paths = set(ids).union(*({int(routes.contact_ids[v - 1]) for v in routes.node_path(cid) if 0 < v <= n}
                                for cid in ids))
    on_path_contacts = contacts.loc[contacts["contact_id"].isin(list(on_paths))]
    paths = {cid: describe_intro_path(routes, cid, on_path_contacts) for cid in ids}
    goal_id = goal.get("goal_id") if isinstance(goal, (pd.Series, Mapping)) else None
    in_pipe: set[int] = set()
    if outreach is not None and len(outreach):
        rows = outreach if goal_id is None else outreach.loc[outreach["goal_id"].astype("Int64") == int(goal_id)]
        in_pipe = set(rows["contact_id"].dropna().astype("int64"))
    texts, vias = [], []
    for r in out.itertuples(index=False):  # only the top rows: explanations are for people to read
        cid = int(r.contact_id)
        items = matched.get(cid, [])
        sh = shared.get(cid, [])
        p = paths.get(cid)
        via = p["names"][0] if p and not p["direct"] and p["names"] else ""
        vias.append(via)
        parts = [
            f"expertise {r.expertise:.2f} ({'; '.join(items[:3])})",
            f"seniority {r.seniority:.2f} ({r.level})",
            f"closeness {r.closeness:.2f} ({_tie_word(r.closeness)})",
            f"common ground {r.common_ground:.2f}" + (f" ({', '.join(sh[:3])})" if len(sh) else ""),
            f"reachability {r.reachability:.2f}" + (f" (via {via})" if via else " (direct)"),
        ]
        texts.append(f"Score {r.score:.2f}: " + "; ".join(parts) + ".")
    return out.assign(
        matched=[list(matched.get(int(c), [])) for c in ids],
        shared=[list(shared.get(int(c), [])) for c in ids],
        via=vias,
        in_pipeline=[int(c) in in_pipe for c in ids],
        explanation=texts,
    )


def _tie_word(s: float) -> str:
    if s >= 0.6:
        return "strong tie"
    if s >= 0.3:
        return "moderate tie"
    if s > 0.05:
        return "weak tie"
    return "barely in touch"


# ----------------------------------------------------------------------------- where to meet them


def suggest_where_to_meet(
    goal: Any,
    contacts: pd.DataFrame,
    tags: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    min_expertise: float = 0.5,
    top: int = 6,
    matches: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """"Someone at X / in community Y" targets for when nobody fits yet, with what to join.

    Relevance (0-1), where ``fit`` counts your contacts there whose expertise reaches
    ``min_expertise``, ``n`` all your contacts there, and ``name`` how much of a need the place's
    name covers (the ``+ 2`` keeps a one-member group from looking perfect):

    - community or event: ``max(0.6 * name, fit / (n + 2))`` (join it / attend it);
    - company: ``0.8 * fit / (n + 2)``; industry: ``0.6 * max(0.6 * name, fit / (n + 2))``.

    Each row names the doorway: your strongest tie there (a member, or someone at that company).
    When nothing in the data matches, one row per need suggests finding an association or meetup.
    ``matches``: :func:`match_expertise` of the goal's needs, when already at hand.

    Columns: target, kind (community | event | company | industry | need), action, why,
    doorway_id (Int64), doorway, fit, relevance.

    >>> t = pd.DataFrame({"owner": ["contact"], "contact_id": [1], "kind": ["community"], "text": ["Product Guild"]})
    >>> c = pd.DataFrame({"contact_id": [1], "full_name": ["Dana"], "company": [""], "industry": [""], "position": [""]})
    >>> ties = pd.DataFrame({"tie_strength": [0.4]}, index=pd.Index([1], name="contact_id"))
    >>> suggest_where_to_meet("product strategy", c, t, ties)[["target", "doorway"]].values.tolist()
    [['someone in Product Guild', 'Dana']]
    """
    needs = _needs_of(goal)
    need_sets = [set(tokenize(n)) for n in needs]
    need_sets = [x for x in need_sets if x]
    strength = ties["tie_strength"].astype("float64")
    if matches is None:
        matches = match_expertise(needs, contacts, tags)
    expertise = score_expertise(matches, len(needs))
    fits = set(expertise.index[expertise >= min_expertise])
    names = contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"]
    cols = ["target", "kind", "action", "why", "doorway_id", "doorway", "fit", "relevance"]

    def name_cover(text: str) -> float:
        toks = set(tokenize(text))
        return max((len(toks & n) / len(n) for n in need_sets), default=0.0)

    def doorway(members: list[int]) -> tuple[int | None, str]:
        door = strength.reindex(members).dropna().sort_values(ascending=False, kind="stable")
        if not len(door):
            return None, ""
        did = int(door.index[0])
        return did, str(names.get(did, ""))

    # Every place is scored first (vectorised); the doorway and wording are written only for the
    # few that make the list, since 30,000 contacts bring thousands of companies and groups.
    places = [_score_groups(tags, fits, name_cover), *(_score_values(contacts, field, scale, fits, name_cover, top)
                                                       for field, scale in (("company", 0.8), ("industry", 0.6)))]
    scored = pd.concat([p for p in places if len(p)], ignore_index=True) if any(len(p) for p in places) else None
    if scored is None:
        out = pd.DataFrame(
            [{"target": f"someone who works in {n}", "kind": "need",
              "action": f"find a {n} association, meetup or online group and join it",
              "why": "nobody in your network matches this yet", "doorway_id": None, "doorway": "", "fit": 0,
              "relevance": 0.0} for n in needs],
            columns=cols,
        )
        out = out.sort_values(["relevance", "fit", "target"], ascending=[False, False, True], kind="stable")
        out = out.drop_duplicates("target").head(top).reset_index(drop=True)
        return out.astype({"doorway_id": "Int64", "fit": "int64", "relevance": "float64"})
    scored = scored.sort_values(["relevance", "fit", "target"], ascending=[False, False, True], kind="stable")
    scored = scored.drop_duplicates("target").head(top)
    rows: list[dict[str, Any]] = []
    for r in scored.itertuples(index=False):
        did, dname = doorway(r.members())
        fit = int(r.fit)
        if r.kind in ("community", "event"):
            verb = "attend" if r.kind == "event" else "join"
            if r.mine:
                action = f"you are already in {r.text}: go to the next meeting and ask who works on {needs[0]}"
            else:
                action = f"{verb} {r.text}" + (f"; ask {dname} to bring you along" if did is not None else "")
            why = (f"{fit} of its members fit this goal" if fit else f"its name matches {', '.join(needs)}")
        else:
            prep = "at" if r.kind == "company" else "in"
            action = (f"ask {dname} who {prep} {r.text} works on {needs[0]} and would talk to you" if did is not None
                      else f"look for people {prep} {r.text} at industry events")
            why = f"{fit} of your contacts {prep} {r.text} fit this goal" if fit else \
                f"{r.text} matches {', '.join(needs)}"
        rows.append({"target": r.target, "kind": r.kind, "action": action, "why": why, "doorway_id": did,
                     "doorway": dname, "fit": fit, "relevance": float(r.relevance)})
    out = pd.DataFrame(rows, columns=cols).reset_index(drop=True)
    return out.astype({"doorway_id": "Int64", "fit": "int64", "relevance": "float64"})


def _stripped(values: pd.Series, *, lower: bool = False) -> np.ndarray:
    """Texts stripped (and lower-cased), missing as "": the string work done once per distinct value."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    distinct = pd.Series([str(u) for u in uniques] + [""], dtype=object).str.strip()  # missing (-1) takes ""
    if lower:
        distinct = distinct.str.lower()
    return distinct.to_numpy(dtype=object)[codes]


def _score_groups(tags: pd.DataFrame | None, fits: set[int], name_cover: Callable[[str], float]) -> pd.DataFrame:
    """Communities and events (by case-insensitive name) with how many members fit and their relevance:
    columns target, kind, text, fit, relevance, mine (the person is in it), members (a callable giving
    the member ids in order). Only groups with relevance above 0, sorted by kind and name."""
    empty = pd.DataFrame(columns=["target", "kind", "text", "fit", "relevance", "mine", "members"])
    if tags is None or not len(tags):
        return empty
    ce = tags.loc[tags["kind"].isin(["community", "event"])]
    ce = ce.loc[ce["text"].notna()]  # (a missing name is no place to meet)
    if ce.empty:
        return empty
    # Each (kind, name) group as one integer, ordered like the texts (factorize(sort=True)): grouping
    # 15,000 community and event tags by integers is several times faster than by text.
    kind_codes, kinds = pd.factorize(ce["kind"].astype(object).to_numpy(dtype=object), sort=True)
    key_codes, keys = pd.factorize(_stripped(ce["text"], lower=True), sort=True)
    group = kind_codes.astype("int64") * len(keys) + key_codes
    codes, first = np.unique(group, return_index=True)  # groups in (kind, name) order; their first rows
    texts = ce["text"].astype(str).to_numpy(dtype=object)[first]
    group_kinds = np.asarray(kinds, dtype=object)[codes // len(keys)]
    mine = np.isin(codes, group[(ce["owner"] == "profile").to_numpy(dtype=bool)])
    ids = ce["contact_id"].to_numpy(dtype="float64", na_value=np.nan)
    known = ~np.isnan(ids)
    people = pd.DataFrame({"g": np.searchsorted(codes, group[known]), "contact_id": ids[known].astype("int64")})
    people = people.drop_duplicates()  # each member once, in the order first tagged
    at = people["g"].to_numpy()
    n = np.bincount(at, minlength=len(codes))
    fit = np.bincount(at, weights=people["contact_id"].isin(fits).to_numpy(dtype="float64"),
                      minlength=len(codes)).astype("int64")
    cover = np.array([name_cover(t) for t in texts], dtype="float64")
    relevance = np.maximum(0.6 * cover, fit / (n + 2))
    where, member_ids = people.groupby("g").indices, people["contact_id"].to_numpy()  # rows per group, in order

    def lister(g: int) -> Callable[[], list[int]]:
        return lambda: member_ids[where[g]].tolist() if g in where else []

    out = pd.DataFrame({
        "target": [f"someone {'at' if k == 'event' else 'in'} {t}" for k, t in zip(group_kinds, texts)],
        "kind": group_kinds, "text": texts, "fit": fit, "relevance": relevance, "mine": mine,
        "members": [lister(g) for g in range(len(codes))],
    })
    return out.loc[out["relevance"] > 0].reset_index(drop=True)


def _score_values(contacts: pd.DataFrame, field: str, scale: float, fits: set[int],
                  name_cover: Callable[[str], float], top: int) -> pd.DataFrame:
    """The ``top`` companies (or industries) by relevance, as :func:`_score_groups` lays them out."""
    empty = pd.DataFrame(columns=["target", "kind", "text", "fit", "relevance", "mine", "members"])
    if field not in contacts:
        return empty
    values = _stripped(contacts[field])
    named = values != ""
    if not named.any():
        return empty
    ids = contacts["contact_id"].astype("int64").to_numpy()[named]
    # Counted by integer codes in text order (the same table as a groupby on the texts, faster).
    codes, uniques = pd.factorize(values[named], sort=True)
    by = pd.DataFrame({"v": np.asarray(uniques, dtype=object),
                       "fit": np.bincount(codes, weights=np.isin(ids, list(fits)), minlength=len(uniques)).astype("int64"),
                       "n": np.bincount(codes, minlength=len(uniques)).astype("int64")})
    cover = 0.6 * by["v"].map(name_cover) if field == "industry" else 0.0
    by["relevance"] = scale * np.maximum(cover, by["fit"] / (by["n"] + 2))
    best = by.loc[by["relevance"] > 0].nlargest(top, "relevance")
    prep = "at" if field == "company" else "in"

    def lister(code: int) -> Callable[[], list[int]]:
        return lambda: ids[codes == code].tolist()

    return pd.DataFrame({
        "target": [f"someone {prep} {v}" for v in best["v"]], "kind": field, "text": best["v"].to_numpy(),
        "fit": best["fit"].to_numpy(dtype="int64"), "relevance": best["relevance"].to_numpy(dtype="float64"),
        "mine": False, "members": [lister(code) for code in best.index],
    })


# ----------------------------------------------------------------------------- pipeline


def next_stages(stage: str | None) -> tuple[str, ...]:
    """The stages a pipeline row may move to next (a new row may start anywhere).

    >>> next_stages("contacted")
    ('replied', 'declined', 'paused')
    """
    if stage is None or stage == "":
        return STAGES
    return STAGE_TRANSITIONS.get(stage, ())


def count_funnel(outreach: pd.DataFrame, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many pipeline rows are at each stage now, and how many got at least that far.

    ``reached`` for a main stage counts rows whose furthest stage (from history, or now) is that
    stage or later; for declined/paused, rows that ever entered it. ``rate`` is ``reached`` as a
    share of all rows.

    >>> o = pd.DataFrame({"outreach_id": [1, 2], "stage": ["contacted", "identified"]})
    >>> count_funnel(o).set_index("stage").loc[["identified", "contacted", "met"], "reached"].tolist()
    [2, 1, 0]
    """
    cols = ["stage", "current", "reached", "rate"]
    if outreach is None or outreach.empty:
        return pd.DataFrame({"stage": list(STAGES), "current": 0, "reached": 0, "rate": 0.0})[cols]
    rank = {s: i for i, s in enumerate(MAIN_STAGES)}
    visits = outreach[["outreach_id", "stage"]].rename(columns={"stage": "to_stage"})
    if history is not None and len(history):
        visits = pd.concat([visits, history[["outreach_id", "to_stage"]]], ignore_index=True)
    visits = visits.loc[visits["outreach_id"].isin(outreach["outreach_id"])]
    furthest = visits["to_stage"].map(rank).groupby(visits["outreach_id"]).max()
    current = outreach["stage"].value_counts()
    reached = [int((furthest >= rank[s]).sum()) if s in rank
               else int(visits.loc[visits["to_stage"] == s, "outreach_id"].nunique()) for s in STAGES]
    total = len(outreach)
    return pd.DataFrame({
        "stage": list(STAGES),
        "current": [int(current.get(s, 0)) for s in STAGES],
        "reached": reached,
        "rate": [round(r / total, 4) for r in reached],
    })[cols]


def _rules(settings: Mapping[str, Any] | None) -> dict[str, int]:
    out = dict(FOLLOW_UP_DEFAULTS)
    for k in FOLLOW_UP_DEFAULTS:
        v = (settings or {}).get(k)
        if v is None:
            continue
        try:
            v = int(v)
        except (TypeError, ValueError):
            raise ValueError(f"setting {k} must be a whole number of days (got {v!r}).") from None
        if v < (0 if k == "max_follow_ups" else 1) or v > 3650:
            raise ValueError(f"setting {k} is out of range (got {v}).")
        out[k] = v
    return out


def follow_ups(
    outreach: pd.DataFrame,
    history: pd.DataFrame,
    *,
    as_of: Any,
    settings: Mapping[str, Any] | None = None,
    interactions: pd.DataFrame | None = None,
    contacts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Dated next steps for the pipeline, one per open row (plus any step the person set).

    Rules (defaults in :data:`FOLLOW_UP_DEFAULTS`, overridden by ``settings``):

    - identified / researching: write the first message (or, for "someone at X" rows, find them)
      ``follow_up_days`` after entering the stage;
    - intro requested: check on the introduction ``follow_up_days`` after asking;
    - contacted: a polite follow-up ``follow_up_days`` after the last message, at most
      ``max_follow_ups`` times (follow-ups are outbound ``follow-up`` interactions with the
      contact after the day the stage began); after that, let it rest (consider pausing);
    - replied: propose a time within 2 days;
    - met: a thank-you the day after the meeting (unless you already wrote to them since);
      afterwards, share how their advice worked out after ``mentor_update_days``;
    - ongoing mentor: an update ``mentor_update_days`` after your last exchange (latest: + 14 days);
    - declined, paused: nothing.

    Columns: outreach_id, contact_id, goal_id, name, stage, step, title, since, due, latest,
    days_until, overdue, follow_up_number. Sorted by due date.

    >>> o = pd.DataFrame({"outreach_id": [1], "contact_id": [7], "goal_id": [1], "target": [""],
    ...                   "stage": ["contacted"], "next_step": [""], "due_date": [pd.NaT]})
    >>> h = pd.DataFrame({"outreach_id": [1], "date": pd.to_datetime(["2026-01-28"]), "to_stage": ["contacted"]})
    >>> follow_ups(o, h, as_of="2026-02-01")[["step", "due"]].astype(str).values.tolist()
    [['follow-up', '2026-02-04']]
    """
    rules = _rules(settings)
    as_of = pd.Timestamp(as_of).normalize()
    cols = ["outreach_id", "contact_id", "goal_id", "name", "stage", "step", "title", "since", "due", "latest",
            "days_until", "overdue", "follow_up_number"]
    if outreach is None or outreach.empty:
        return _empty_steps(cols)
    o = outreach.copy()
    entered = pd.Series(pd.NaT, index=o["outreach_id"], dtype="datetime64[ns]")
    if history is not None and len(history):
        h = history.loc[history["outreach_id"].isin(o["outreach_id"])]
        h = h.assign(date=pd.to_datetime(h["date"]))
        # The date the row entered its current stage: the latest history entry into that stage.
        cur = h.merge(o[["outreach_id", "stage"]], on="outreach_id")
        cur = cur.loc[cur["to_stage"] == cur["stage"]]
        entered = cur.groupby("outreach_id")["date"].max().reindex(o["outreach_id"]).astype("datetime64[ns]")
    fallback = pd.to_datetime(o["updated_at"]).dt.normalize() if "updated_at" in o else pd.Series(as_of, index=o.index)
    since = entered.to_numpy()
    since = pd.Series(since, index=o.index).fillna(pd.Series(fallback.to_numpy(), index=o.index))
    o["since"] = since.dt.normalize()
    o["cid"] = pd.to_numeric(o["contact_id"], errors="coerce")
    # Outbound exchanges after the stage began: follow-ups (contacted) and thanks (met).
    n_fu = pd.Series(0, index=o.index)
    last_fu = pd.Series(pd.NaT, index=o.index, dtype="datetime64[ns]")
    last_out = pd.Series(pd.NaT, index=o.index, dtype="datetime64[ns]")
    last_any = pd.Series(pd.NaT, index=o.index, dtype="datetime64[ns]")
    if interactions is not None and len(interactions):
        it = interactions.loc[interactions["contact_id"].isin(o["cid"].dropna()) & (interactions["date"] <= as_of)]
        j = o[["outreach_id", "cid", "since"]].reset_index().merge(
            it[["contact_id", "date", "direction", "kind"]], left_on="cid", right_on="contact_id")
        j = j.loc[j["date"] >= j["since"]]
        out_j = j.loc[j["direction"] == "outbound"]
        # The first message goes out the day the row is marked contacted; follow-ups come later.
        fu = out_j.loc[(out_j["kind"] == "follow-up") & (out_j["date"] > out_j["since"])]
        n_fu = fu.groupby("index").size().reindex(o.index).fillna(0).astype("int64")
        last_fu = fu.groupby("index")["date"].max().reindex(o.index)
        last_out = out_j.groupby("index")["date"].max().reindex(o.index)
        last_any = j.groupby("index")["date"].max().reindex(o.index)
    fd, md = pd.Timedelta(days=rules["follow_up_days"]), pd.Timedelta(days=rules["mentor_update_days"])
    max_fu = rules["max_follow_ups"]
    day = pd.Timedelta(days=1)
    stage = o["stage"]
    names = _row_names(o, contacts)
    steps = []

    def add(mask: pd.Series, step: str, title: pd.Series | str, due: pd.Series, latest: pd.Series | None = None,
            number: pd.Series | int = 0) -> None:
        if not mask.any():
            return
        sub = o.loc[mask]
        steps.append(pd.DataFrame({
            "outreach_id": sub["outreach_id"].to_numpy(),
            "contact_id": sub["contact_id"].to_numpy(),
            "goal_id": sub["goal_id"].to_numpy() if "goal_id" in sub else pd.NA,
            "name": names[mask].to_numpy(),
            "stage": sub["stage"].to_numpy(),
            "step": step,
            "title": (title[mask] if isinstance(title, pd.Series) else pd.Series(title, index=sub.index)).to_numpy(),
            "since": sub["since"].to_numpy(),
            "due": due[mask].to_numpy(),
            "latest": (latest if latest is not None else due)[mask].to_numpy(),
            "follow_up_number": (number[mask] if isinstance(number, pd.Series) else number),
        }))

    early = stage.isin(["identified", "researching"])
    nobody = o["contact_id"].isna()
    add(early & ~nobody, "first-message", "Write to " + names + " (or ask for an introduction)", o["since"] + fd)
    add(early & nobody, "find", "Find " + names.str.slice(0, 1).str.lower() + names.str.slice(1)
        + ": ask around, join the group where they are", o["since"] + fd)
    add(stage == "intro requested", "check-intro", "Check in on the introduction to " + names, o["since"] + fd)
    contacted = stage == "contacted"
    last_touch = pd.concat([o["since"], last_fu], axis=1).max(axis=1)
    more = contacted & (n_fu < max_fu)
    add(more, "follow-up", "Polite follow-up " + (n_fu + 1).astype(str) + " of " + str(max_fu) + " to " + names,
        last_touch + fd, number=n_fu + 1)
    add(contacted & (n_fu >= max_fu), "rest",
        "No reply after " + str(max_fu) + " follow-ups: let it rest and consider pausing " + names,
        last_touch + fd, number=n_fu)
    add(stage == "replied", "plan-meeting", "Reply to " + names + " and propose a time", o["since"] + 2 * day)
    met = stage == "met"
    thanked = met & last_out.notna()
    add(met & ~thanked, "thank-you", "Thank " + names + " for their time", o["since"] + day)
    add(thanked, "update", "Tell " + names + " how their advice worked out", last_out + md,
        latest=last_out + md + pd.Timedelta(days=MENTOR_UPDATE_SLACK_DAYS))
    ongoing = stage == "ongoing mentor"
    base = pd.concat([o["since"], last_any], axis=1).max(axis=1)
    add(ongoing, "update", "Send " + names + " an update on your progress", base + md,
        latest=base + md + pd.Timedelta(days=MENTOR_UPDATE_SLACK_DAYS))
    if "next_step" in o and "due_date" in o:
        own = (o["next_step"].fillna("").astype(str).str.strip() != "") & o["due_date"].notna() & ~stage.isin(
            ["declined"])
        add(own, "your-plan", o["next_step"].fillna("").astype(str), pd.to_datetime(o["due_date"]))
    if not steps:
        return _empty_steps(cols)
    out = pd.concat(steps, ignore_index=True)
    out["due"] = pd.to_datetime(out["due"]).dt.normalize()
    out["latest"] = pd.to_datetime(out["latest"]).dt.normalize()
    out["days_until"] = (out["due"] - as_of).dt.days.astype("int64")
    out["overdue"] = out["latest"] < as_of
    out["follow_up_number"] = out["follow_up_number"].astype("int64")
    out["contact_id"] = out["contact_id"].astype("Int64")
    out["goal_id"] = pd.array(out["goal_id"], dtype="Int64")
    return out.sort_values(["due", "outreach_id", "step"], kind="stable").reset_index(drop=True)[cols]


def _empty_steps(cols: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    return out.astype({"outreach_id": "int64", "contact_id": "Int64", "goal_id": "Int64", "since": "datetime64[ns]",
                       "due": "datetime64[ns]", "latest": "datetime64[ns]", "days_until": "int64", "overdue": bool,
                       "follow_up_number": "int64"})


def _row_names(o: pd.DataFrame, contacts: pd.DataFrame | None) -> pd.Series:
    target = o["target"].fillna("").astype(str) if "target" in o else pd.Series("", index=o.index)
    if contacts is not None and len(contacts):
        lookup = contacts.set_index(contacts["contact_id"].astype("int64"))["full_name"]
        named = pd.to_numeric(o["contact_id"], errors="coerce").map(lookup)
    else:
        named = pd.Series(np.nan, index=o.index)
    fallback = "contact " + o["contact_id"].astype(str)
    out = named.where(named.notna(), target.where(target != "", fallback))
    return out.astype(str)


# ----------------------------------------------------------------------------- drafts


def _env():
    import jinja2

    # Plain text (autoescape off: drafts go to an email client, not HTML); StrictUndefined turns a
    # missing value into an error instead of a blank gap in a message to a real person.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


#: The values each draft kind must have (non-empty), on top of recipient and sender.
_REQUIRED = {
    "first-message": ("goal", "ask"),
    "intro-request": ("goal", "ask", "target"),
    "follow-up": ("goal", "ask"),
    "thank-you": ("goal", "learned"),
    "mentor-update": ("goal", "progress"),
}


def make_ask(goal: Any) -> str:
    """A concrete, small request built from the goal's first need.

    >>> make_ask({"title": "Move into product", "needs": "product strategy"})
    'a 20-minute call in the next few weeks, with three specific questions about product strategy'
    """
    needs = _needs_of(goal)
    topic = needs[0] if needs else "the path you took"
    return f"a 20-minute call in the next few weeks, with three specific questions about {topic}"


def compose_draft(
    kind: str,
    *,
    recipient: str,
    sender: str,
    goal: str,
    ask: str = "",
    shared: Sequence[str] = (),
    introducer: str = "",
    target: str = "",
    learned: str = "",
    progress: str = "",
    follow_up_number: int = 1,
) -> str:
    """Render an outreach draft (plain text from :data:`TEMPLATES_DIR`). Required values may not be blank.

    Kinds: first-message (``introducer`` optional: who suggested it), intro-request (written to
    the introducer, ``recipient``, about ``target``), follow-up, thank-you (``learned``) and
    mentor-update (``progress``, ``ask`` optional).

    >>> d = compose_draft("first-message", recipient="Lee", sender="Sam", goal="moving into product",
    ...                   ask="a 20-minute call", shared=["climbing"])
    >>> "Hi Lee" in d and "climbing" in d and "a 20-minute call" in d
    True
    """
    if kind not in DRAFT_KINDS:
        raise ValueError(f"Draft kind must be one of {', '.join(DRAFT_KINDS)} (got {kind!r}).")
    values = {"recipient": recipient, "sender": sender, "goal": goal, "ask": ask, "introducer": introducer,
              "target": target, "learned": learned, "progress": progress}
    # One line each, no trailing full stop (the templates punctuate).
    values = {k: " ".join(str(v or "").split()).rstrip(".").strip() for k, v in values.items()}
    missing = [k for k in ("recipient", "sender", *_REQUIRED[kind]) if not values[k]]
    if missing:
        raise ValueError(f"A {kind} draft needs: {', '.join(missing)}.")
    items = [" ".join(str(s).split()) for s in shared if str(s or "").strip()]
    template = _env().get_template(DRAFT_KINDS[kind])
    text = template.render(**values, shared=items, shared_text=_join_items(items),
                           follow_up_number=int(follow_up_number))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _join_items(items: Sequence[str]) -> str:
    items = list(items)[:3]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def suggest_give_first(contacts: pd.DataFrame, tags: pd.DataFrame, *, profile_skills: Sequence[str] = ()) -> pd.Series:
    """A "give first" idea per contact: how to offer value before asking (rule order below).

    1. a community you share: offer to help at its next get-together;
    2. their interest: send one useful article, talk or event about it;
    3. one of your skills they lack: offer it for something they are working on;
    4. their company: congratulate them on recent news, or share a relevant opportunity;
    5. otherwise: ask what they are working on and offer one concrete introduction.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "company": ["Acme", ""]})
    >>> t = pd.DataFrame({"owner": ["contact"], "contact_id": [1], "kind": ["interest"], "text": ["urban cycling"]})
    >>> suggest_give_first(c, t).tolist()[0]
    'Send them one genuinely useful article, talk or event about urban cycling.'
    """
    ids = pd.Index(contacts["contact_id"].astype("int64"), name="contact_id")
    if tags is not None and len(tags):
        # Only these contacts' tags and the profile's matter: select them by id first (one person
        # is asked about at a time; scanning 100,000 tags' text for each would cost more).
        tags = tags.loc[tags["contact_id"].isin(ids).to_numpy(dtype=bool)
                        | (tags["owner"].to_numpy(dtype=object) == "profile")]
    ct = tags.loc[tags["owner"] == "contact"] if tags is not None and len(tags) else pd.DataFrame(
        columns=["contact_id", "kind", "text", "owner"])
    ct = ct.loc[ct["contact_id"].isin(ids)]
    ct = ct.assign(contact_id=pd.to_numeric(ct["contact_id"]).astype("Int64"))

    def first(kind: str) -> pd.Series:
        sub = ct.loc[ct["kind"] == kind]
        return sub.groupby("contact_id")["text"].first().reindex(ids)

    shared = find_shared_items(tags.loc[tags["kind"] == "community"] if tags is not None and len(tags) else tags, ids)
    shared_comm = shared.map(lambda xs: xs[0] if len(xs) else None).reindex(ids)
    interest = first("interest")
    skills_have = ct.loc[ct["kind"] == "skill"].assign(k=lambda f: f["text"].astype(str).str.lower())
    has = skills_have.groupby("contact_id")["k"].agg(set).reindex(ids)
    mine = [s for s in profile_skills if str(s).strip()]
    offer = pd.Series([next((s for s in mine if s.lower() not in (h if isinstance(h, set) else set())), None)
                       for h in has], index=ids) if mine else pd.Series(None, index=ids, dtype=object)
    company = (contacts["company"].fillna("").astype(str).str.strip().to_numpy() if "company" in contacts
               else np.full(len(ids), ""))
    company = pd.Series(company, index=ids).replace("", None)
    idea = pd.Series(
        "Ask what they are working on right now and offer one concrete introduction from your network.",
        index=ids, dtype=object)
    idea = idea.mask(company.notna(), "Congratulate them on recent news at " + company.astype(str)
                     + ", or pass on an opportunity that fits them.")
    idea = idea.mask(offer.notna(), "Offer your " + offer.astype(str) + " skills for something they are working on.")
    idea = idea.mask(interest.notna(), "Send them one genuinely useful article, talk or event about "
                     + interest.astype(str) + ".")
    idea = idea.mask(shared_comm.notna(), "Offer to help at the next " + shared_comm.astype(str) + " get-together.")
    return idea.rename("give_first")


def draft_for(
    kind: str,
    contact_id: int,
    *,
    contacts: pd.DataFrame,
    tags: pd.DataFrame,
    goal: Any,
    profile: pd.DataFrame | Mapping[str, Any],
    introducer: str = "",
    ask: str = "",
    learned: str = "",
    progress: str = "",
    follow_up_number: int = 1,
) -> str:
    """A draft about one contact, personalised with what you share with them and a concrete ask.

    For ``intro-request`` the message goes to ``introducer`` (a name) and asks to meet the contact.
    Gaps only the person can fill (what they learned, their progress) get a bracketed prompt to
    replace, never a blank.

    >>> c = pd.DataFrame({"contact_id": [2], "full_name": ["Lee Chen"], "first_name": ["Lee"], "company": [""]})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": [None, 2], "kind": ["interest"] * 2,
    ...                   "text": ["Go", "go"]})
    >>> d = draft_for("intro-request", 2, contacts=c, tags=t, goal={"title": "Lead a team", "needs": "hiring"},
    ...               profile={"name": "Sam"}, introducer="Dana Reyes")
    >>> d.splitlines()[0], "Hi Dana," in d, "go in common" in d
    ('Subject: Would you introduce me to Lee Chen?', True, True)
    """
    c = contacts.loc[contacts["contact_id"].astype("int64") == int(contact_id)]
    if c.empty:
        raise ValueError(f"There is no contact with id {contact_id}.")
    row = c.iloc[0]
    full = str(row["full_name"]).strip()
    first = str(row.get("first_name", "") or "").strip() or full.split()[0]
    prof = profile.iloc[0].to_dict() if isinstance(profile, pd.DataFrame) else dict(profile)
    sender = str(prof.get("name", "") or "").strip() or "[your name]"
    goal_text = (goal.get("title") if isinstance(goal, (pd.Series, Mapping)) else str(goal)) or "my next step"
    shared = find_shared_items(tags, [int(contact_id)]).get(int(contact_id), [])
    if kind == "intro-request":
        if not str(introducer or "").strip():
            raise ValueError("An introduction request needs the name of the person who could introduce you.")
        recipient, target, intro = str(introducer).strip().split()[0], full, ""
    else:
        recipient, target, intro = first, "", introducer
    return compose_draft(
        kind,
        recipient=recipient,
        sender=sender,
        goal=str(goal_text),
        ask=ask or ("" if kind in ("thank-you", "mentor-update") else make_ask(goal)),
        shared=list(shared),
        introducer=intro,
        target=target,
        learned=learned or "[one thing you took from the conversation]",
        progress=progress or "[one concrete step you took since]",
        follow_up_number=follow_up_number,
    )


# ----------------------------------------------------------------------------- calendar


def to_ics(steps: pd.DataFrame, *, as_of: Any = None, calendar_name: str = "Mentor outreach") -> bytes:
    """Next steps as an iCalendar file (all-day events) that imports into any calendar.

    UIDs are stable (the same step exports the same event, so re-importing updates it) and
    ``as_of`` stamps the file (default: now), which keeps exports reproducible.

    >>> s = pd.DataFrame({"outreach_id": [1], "step": ["follow-up"], "title": ["Follow up with Lee"],
    ...                   "due": pd.to_datetime(["2026-02-04"]), "name": ["Lee"], "stage": ["contacted"]})
    >>> b"SUMMARY:Follow up with Lee" in to_ics(s, as_of="2026-02-01")
    True
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Networking Workbook//mentor outreach//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar_name)
    stamp = (pd.Timestamp(as_of).to_pydatetime().replace(tzinfo=dt.timezone.utc) if as_of is not None
             else dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    for r in steps.itertuples(index=False):
        due = pd.Timestamp(r.due).date()
        ev = icalendar.Event()
        ev.add("uid", f"outreach-{int(r.outreach_id)}-{r.step}-{due.isoformat()}@networking-workbook")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", due)
        ev.add("dtend", due + dt.timedelta(days=1))
        ev.add("summary", str(r.title))
        desc = f"Mentor outreach: {getattr(r, 'name', '')} ({getattr(r, 'stage', '')})."
        latest = getattr(r, "latest", None)
        if latest is not None and not pd.isna(latest) and pd.Timestamp(latest).date() != due:
            desc += f" At the latest by {pd.Timestamp(latest).date().isoformat()}."
        ev.add("description", desc)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


__all__ = [
    "WEIGHTS",
    "FIELD_WEIGHTS",
    "FOLLOW_UP_DEFAULTS",
    "DRAFT_KINDS",
    "IntroRoutes",
    "split_needs",
    "tokenize",
    "goal_needs",
    "needs_of",
    "rate_seniority",
    "match_expertise",
    "score_expertise",
    "find_shared_items",
    "find_intro_routes",
    "describe_intro_path",
    "intro_paths",
    "rank_mentors",
    "suggest_where_to_meet",
    "next_stages",
    "count_funnel",
    "follow_ups",
    "make_ask",
    "compose_draft",
    "suggest_give_first",
    "draft_for",
    "to_ics",
]
