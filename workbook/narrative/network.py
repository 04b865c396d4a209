"""Chapter 1 (map your network) in sentences: each one is written from the map's own frames.

>>> people = pd.DataFrame({"circle": ["inner", "inner", "acquaintance"], "industry": ["Education", "Education", ""],
...                        "tie_band": ["strong", "strong", "unused"]})
>>> summary = pd.DataFrame({"circle": ["inner", "close", "active", "meaningful", "acquaintance"],
...                         "n": [2, 0, 0, 0, 1], "cadence_days": pd.array([7, 30, 90, 365, None], dtype="Int64"),
...                         "touches_needed": pd.array([104, 0, 0, 0, None], dtype="Int64"),
...                         "touches_last_year": [60, 0, 0, 0, 0]})
>>> circles(summary, people).splitlines()[0]
'Your inner circle has 2 people; 2 work in Education. Your close, active and meaningful circles are empty, and 1 person is an acquaintance.'
"""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from .. import mapping
from .text import bullets, count, is_missing, join_words, md, percent, table

__all__ = ["map_overview", "circles", "time_budget", "composition", "diversity", "gaps", "tie_mix", "brokerage",
           "clusters", "bridges", "expansion", "next_steps"]

CIRCLES = ("inner", "close", "active", "meaningful")
_PEOPLE = ("person", "people")


def map_overview(people: pd.DataFrame) -> str:
    """How many people the map holds and how many of them you have ever exchanged with.

    >>> map_overview(pd.DataFrame({"tie_band": ["strong", "unused", "dormant"]}))
    'The map holds **3 people**. You have exchanged with 2 of them at least once; 1 is a connection you have never been in touch with.'
    """
    n = len(people)
    never = int((people["tie_band"].astype(str) == "unused").sum())
    text = f"The map holds **{count(n, *_PEOPLE)}**."
    if never == n:
        return text + (" No one among them has an exchange on record yet, so circles and tie strength below rest on "
                       "connection dates alone; importing messages, a calendar or a mail archive fills them in.")
    text += f" You have exchanged with {n - never:,} of them at least once"
    return text + (f"; {never:,} {'is a connection' if never == 1 else 'are connections'} you have never been in "
                   "touch with." if never else ".")


def _industry_note(members: pd.DataFrame) -> str:
    industry = members.get("industry", pd.Series(dtype=object)).astype(object)
    known = industry[industry.map(lambda v: not is_missing(v))]
    if known.empty:
        return ""
    top, n = known.value_counts().index[0], int(known.value_counts().iloc[0])
    return f"; {n:,} work{'s' if n == 1 else ''} in {md(top)}"


def circles(summary: pd.DataFrame, people: pd.DataFrame) -> str:
    """Circle sizes in words (and the inner circle's largest industry), then the table."""
    n = summary.set_index("circle")["n"].astype(int).to_dict()
    sentences = []
    if n.get("inner", 0):
        inner = people.loc[people["circle"].astype(str) == "inner"]
        sentences.append(f"Your inner circle has {count(n['inner'], *_PEOPLE)}{_industry_note(inner)}.")
    filled = [f"{n[c]:,} {c}" for c in CIRCLES[1:] if n.get(c, 0)]
    if filled:
        lead = "Then come " if n.get("inner", 0) else "You have "
        sentences.append(lead + join_words(filled, escape=False) + f" tie{'s' if sum(n.get(c, 0) for c in CIRCLES[1:]) > 1 else ''}.")
    empty, acq = [c for c in CIRCLES if not n.get(c, 0)], n.get("acquaintance", 0)
    tail = []
    if empty:
        tail.append(f"your {join_words(empty, escape=False)} circle{'s are' if len(empty) > 1 else ' is'} empty")
    if acq:
        tail.append(f"{count(acq, *_PEOPLE)} {'is an acquaintance' if acq == 1 else 'are acquaintances'}")
    if tail:
        said = ", and ".join(tail)
        sentences.append(said[0].upper() + said[1:] + ".")
    if len(empty) == len(CIRCLES):
        sentences.append("The workbook only puts people in a circle on evidence of recent exchanges (or when you "
                         "choose their circle yourself), and your history has none recent enough.")
    cols = {"circle": "circle", "n": "people", "cadence_days": "rhythm (days)",
            "touches_needed": "touches a year at that rhythm", "touches_last_year": "exchanges last year"}
    return " ".join(sentences) + "\n\n" + table(summary, cols, blank="no rhythm")


def time_budget(summary: pd.DataFrame) -> str:
    """What the circles' rhythms ask for in a year, next to what they had.

    >>> s = pd.DataFrame({"circle": ["inner", "close"], "n": [0, 0], "touches_needed": pd.array([0, 0], dtype="Int64"),
    ...                   "touches_last_year": [0, 0]})
    >>> time_budget(s).startswith("No circle with a rhythm")
    True
    """
    kept = summary.loc[summary["circle"].isin(CIRCLES) & (summary["n"] > 0)]
    if kept.empty:
        return ("No circle with a rhythm has anyone in it yet, so there is no time budget to show: the first "
                "people you put in your inner or close circle set it.")
    need = int(pd.to_numeric(kept["touches_needed"], errors="coerce").fillna(0).sum())
    had = int(kept["touches_last_year"].sum())
    names = join_words([f"{r.circle} ({count(r.n, *_PEOPLE)})" for r in kept.itertuples()], escape=False)
    text = (f"At their rhythms, your {names} ask for about **{need:,} touches a year**; "
            f"in the last year they had {had:,} exchanges.")
    inner = kept.loc[kept["circle"] == "inner"]
    if len(inner):
        text += (f" The inner circle alone asks for {int(inner['touches_needed'].iloc[0]):,}: that is why it "
                 "has to be chosen, not collected.")
    return text


def composition(people: pd.DataFrame) -> str:
    """The most common level and function, a note on what is not recorded, then the levels table."""
    levels, functions = mapping.compose(people, "seniority"), mapping.compose(people, "function")
    n = len(people)
    text = ""
    if len(levels):
        top = levels.iloc[0]
        text += (f"The most common level is **{md(top['value'])}** ({int(top['n']):,} of {n:,}, "
                 f"{percent(top['n'], n)}).")
    if len(functions):
        top = functions.iloc[0]
        text += f" The most common function is {md(top['value'])} ({int(top['n']):,})."
    industry = people.get("industry", pd.Series(dtype=object)).astype(object)
    if n and industry.map(is_missing).all():
        text += (" No industry is recorded for anyone (a LinkedIn export does not include it), so the chart "
                 "below groups by level and function only; add industries in the app or from a contacts file.")
    shown = levels.assign(share=[percent(v, n) for v in levels["n"]])
    return (text.strip() or "Nobody has a job title yet, so levels and functions are unknown.") + "\n\n" + table(
        shown, {"value": "level", "n": "people", "share": "share"})


def diversity(frame: pd.DataFrame) -> str:
    """Where the network is most and least varied, and which dimensions are unknown."""
    known = frame.loc[frame["known"] > 0]
    unknown = frame.loc[frame["known"] == 0, "dimension"].tolist()
    text = ""
    if len(known):
        ratio = (known["blau"] / known["max_blau"].where(known["max_blau"] > 0)).fillna(0)
        most, least = known.loc[ratio.idxmax()], known.loc[ratio.idxmin()]
        text = (f"Your network is most varied by **{md(most['dimension'])}** ({int(most['categories'])} kinds) "
                f"and least by **{md(least['dimension'])}**, where {percent(least['top_share'], 1)} are "
                f"{md(least['top'])}.")
        if most["dimension"] == least["dimension"]:
            text = f"Only {md(most['dimension'])} is known: {int(most['categories'])} kinds."
    if unknown:
        text += (f" {join_words(unknown).capitalize()} {'is' if len(unknown) == 1 else 'are'} not recorded for "
                 "anyone, so they are left out rather than counted as alike.")
    shown = known.assign(share=[percent(v, 1) for v in known["top_share"]])
    cols = {"dimension": "dimension", "blau": "how mixed (0-1)", "max_blau": "most mixed possible",
            "categories": "kinds", "top": "most common", "share": "its share", "known": "people known"}
    return text.strip() + "\n\n" + table(shown, cols, empty="")


def gaps(frame: pd.DataFrame, goals: pd.DataFrame) -> str:
    """Which goal needs nobody covers (gaps) or few do (thin), then the table; or why there is none."""
    if len(goals) == 0:
        return ("You have no goals in the workbook yet, so there is nothing to measure gaps against. Add a goal "
                "with two or three needs (skills, roles or fields it calls for) on your profile, and this "
                "section lists who covers each need.")
    status = frame["status"].astype(str)
    gap, thin = frame.loc[status == "gap", "need"], frame.loc[status == "thin", "need"]
    text = f"Your goals list {count(len(frame), 'need')}."
    if len(gap):
        text += f" Nobody in your network covers {join_words(gap.unique())}: {'a gap' if len(gap) == 1 else 'gaps'}."
    if len(thin):
        text += f" Few people cover {join_words(thin.unique())} (thin)."
    if not len(gap) and not len(thin):
        text += " Every one of them is covered by several people you are in touch with."
    cols = {"goal": "goal", "need": "need", "matched_by": "found in", "n_contacts": "people",
            "n_active": "in touch", "n_senior": "senior", "status": "status"}
    return text + "\n\n" + table(frame, cols, empty="", blank="nothing matched")


def tie_mix(frame: pd.DataFrame) -> str:
    """The tie bands in one sentence, saying which measure of tie strength they use."""
    n = frame.set_index("tie_band")["n"].astype(int).to_dict()
    total = sum(n.values())
    words = {"strong": "strong", "moderate": "moderate", "weak": "weak", "dormant": "dormant (three years or more)",
             "unused": "never in touch"}
    parts = [f"{n.get(b, 0):,} {w}" for b, w in words.items() if n.get(b, 0)]
    text = (f"Measured by how often and how recently you are in touch (interaction intensity, not mutual "
            f"connections), your {count(total, 'tie')} are {join_words(parts, escape=False)}.")
    idle = n.get("dormant", 0) + n.get("unused", 0)
    if total and idle / total >= 0.5:
        text += (f" {percent(idle, total)} are dormant or never used: that is common in a LinkedIn export, and "
                 "it is where reconnecting pays (chapter 4 ranks the dormant ties).")
    return text


def brokerage(stats: Mapping[str, Any]) -> str:
    """Burt's measures for the person as the centre of their network, in plain words.

    >>> print(brokerage({"contacts": 10, "ties_among_contacts": 0, "effective_size": 10.0, "efficiency": 1.0,
    ...                  "constraint": 0.1}))
    Among your 10 contacts the map sees no ties between contacts. Your effective size is **10.0 of 10**: every contact reaches someone the others do not. Your constraint is 0.10 (low: there is plenty of room to connect people who do not know each other).
    """
    n, ties = int(stats.get("contacts", 0)), int(stats.get("ties_among_contacts", 0))
    size, con = float(stats.get("effective_size", 0) or 0), float(stats.get("constraint", 0) or 0)
    tie_words = count(ties, "tie between contacts", "ties between contacts")
    text = (f"Among your {count(n, 'contact')} the map sees {tie_words}. Your effective size is "
            f"**{size:,.1f} of {n:,}**: ")
    eff = size / n if n else 0.0
    text += ("every contact reaches someone the others do not." if eff >= 0.99 else
             "most of your contacts reach people the others do not." if eff >= 0.7 else
             "many of your contacts know each other, so they tend to hear the same news.")
    level = "low: there is plenty of room to connect people who do not know each other" if con < 0.2 else (
        "middling" if con < 0.5 else "high: your network funnels through a few tightly knit people")
    return text + f" Your constraint is {con:.2f} ({level})."


def clusters(info: pd.DataFrame) -> str:
    """How many groups the network falls into, the biggest ones, then the table."""
    if info.empty:
        return "The map finds no groups yet: it needs contacts who share an employer, a community or a link."
    total = int(info["size"].sum())
    big = info.sort_values("size", ascending=False).iloc[0]
    text = (f"Your network falls into {count(len(info), 'group')}; the biggest is **{md(big['label'])}** with "
            f"{count(big['size'], *_PEOPLE)} ({percent(big['size'], total)}).")
    cols = {"label": "group", "size": "people", "closer": "in touch", "top_company": "main employer",
            "top_industry": "main industry", "top_community": "main community"}
    shown = info.head(8).replace("Unknown", "")  # the map's word for "not recorded"
    return text + "\n\n" + table(shown, cols, blank="none recorded")


def bridges(frame: pd.DataFrame, people: pd.DataFrame) -> str:
    """The people who connect groups, or what the map would need to find them."""
    if frame.empty:
        return ("Nobody in your network connects groups that would otherwise barely touch, as far as the map can "
                "tell: it only knows who shares an employer or a community, or whom you recorded as knowing each "
                "other. Record a few of those links (in the app: a contact's page) to find your bridges.")
    shown = frame.merge(people[["contact_id", "full_name", "company"]], on="contact_id").head(5)
    top = shown.iloc[0]
    text = (f"**{md(top['full_name'])}** connects the most groups ({int(top['clusters_reached'])}); ask a bridge "
            "like them for an introduction outside your usual world.")
    cols = {"full_name": "name", "company": "company", "clusters_reached": "groups reached",
            "cross_ties": "ties across groups", "bridge_score": "bridge score"}
    return text + "\n\n" + table(shown, cols)


def expansion(frame: pd.DataFrame) -> str:
    """Where to go to reach the gaps, or why no community can be suggested yet."""
    if frame.empty:
        return ("No communities or events are recorded for your contacts (a LinkedIn export has none), so the "
                "workbook cannot suggest where to go yet. Tag a few contacts with the groups and events they "
                "belong to, or add your own on your profile, and this list fills in.")
    top = frame.iloc[0]
    text = f"The first place to try is **{md(top['venue'])}** ({md(top['kind'])}, {count(top['members'], 'member')})."
    cols = {"venue": "where", "kind": "kind", "members": "members", "reaches": "reaches", "doorway": "who could take you",
            "you_belong": "you belong"}
    return text + "\n\n" + table(frame, cols, blank="nothing you need")


def next_steps(frame: pd.DataFrame) -> str:
    """The map's next actions as a numbered list (each with why), or a first step when there are none."""
    if frame.empty:
        return "The map has no next step to suggest yet: add a goal, and it will look for who can help."
    return bullets([f"{md(a)}  \n   {md(w)}" for a, w in zip(frame["action"], frame["why"])], numbered=True)
