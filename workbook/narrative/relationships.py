"""Chapter 4 (chart relationship health) in sentences, written from :func:`workbook.health.assess`.

>>> h = pd.DataFrame({"full_name": ["Ada", "Lin"], "circle": ["close", "acquaintance"], "status": ["cooling", "dormant"],
...                   "score": [40.0, 5.0]})
>>> statuses(h)
'Of your 2 ties: 1 cooling and 1 dormant (three years or more without an exchange).'
"""
from __future__ import annotations

import pandas as pd

from .. import health
from .text import bullets, count, join_words, md, table

__all__ = ["strongest", "statuses", "circle_scores", "late_ties", "owed", "dormant"]

_WORDS = {"thriving": "thriving", "steady": "steady", "new": "new", "cooling": "cooling", "at-risk": "at risk",
          "dormant": "dormant (three years or more without an exchange)"}


def strongest(h: pd.DataFrame, n: int = 8) -> str:
    """The healthiest ties first, with what each number means."""
    top = h.sort_values(["score", "full_name"], ascending=[False, True], kind="stable").head(n)
    text = (f"Your {min(n, len(h))} healthiest ties of {len(h):,}. *Days since* counts from the last exchange "
            "(or from connecting, for someone never in touch); *rhythm* is how often the circle asks to be in "
            "touch; *two-way* is the share of exchanges the other person started.")
    cols = {"full_name": "name", "circle": "circle", "cadence_days": "rhythm (days)", "days_since": "days since",
            "n_365": "exchanges this year", "reciprocity": "two-way", "score": "score", "status": "status"}
    return text + "\n\n" + table(top, cols, blank="no rhythm")


def statuses(h: pd.DataFrame) -> str:
    """How many ties have each status (the statuses the chart below draws), zeros left out."""
    counts = health.count_statuses(h)
    parts = [f"{n:,} {_WORDS[s]}" for s, n in counts.items() if n]
    if not parts:
        return "There are no ties to assess yet."
    return f"Of your {count(len(h), 'tie')}: {join_words(parts, escape=False)}."


def circle_scores(h: pd.DataFrame) -> str:
    """Each circle's typical score next to the others', and what it is measured against."""
    frame = health.compare_circle_scores(h)
    if frame.empty:
        return "No circle has anyone in it yet."
    text = ("A score is measured against the rhythm a tie deserves, so circles compare fairly: an inner tie "
            "seen ten days ago is already late for its weekly rhythm.")
    cols = {"circle": "circle", "n": "people", "median_score": "typical score", "horizon_days": "measured against (days)"}
    return text + "\n\n" + table(frame, cols)


def late_ties(h: pd.DataFrame) -> str:
    """Inner, close and active ties that are late, most overdue first; or why there are none."""
    close = h["circle"].astype(str).isin(["inner", "close", "active"])
    late = h.loc[close & h["status"].astype(str).isin(["cooling", "at-risk"])].sort_values(
        ["overdue_days", "full_name"], ascending=[False, True], kind="stable")
    if not close.any():
        return ("Nobody is in your inner, close or active circle yet, so no close tie can be late. Put the few "
                "people who matter most in a circle yourself (in the app: **Health**, or a contact's page).")
    if late.empty:
        return f"Every one of your {count(int(close.sum()), 'inner, close or active tie')} is within its rhythm. Well kept."
    first = late.iloc[0]
    text = (f"{count(len(late), 'inner, close or active tie')} {'is' if len(late) == 1 else 'are'} late; **{md(first['full_name'])}** "
            f"({md(first['circle'])}) most of all, {int(first['overdue_days']):,} days past the rhythm.")
    cols = {"full_name": "name", "circle": "circle", "days_since": "days since", "overdue_days": "days late",
            "score": "score"}
    return text + "\n\n" + table(late, cols)


def owed(h: pd.DataFrame, n: int = 5) -> str:
    """Contacts who helped more than they were helped: the first people to thank."""
    ahead = h.loc[h["take"] > h["give"]].sort_values(["take", "full_name"], ascending=[False, True], kind="stable")
    if ahead.empty:
        return ("No favours received are on record yet (a recommendation, an introduction, support); as you log "
                "them, the people to thank first appear here.")
    first = ahead.iloc[0]
    text = (f"{count(len(ahead), 'contact')} helped you more than you helped them; **{md(first['full_name'])}** "
            f"most ({count(first['take'], 'favour')} received, {int(first['give']):,} given).")
    cols = {"full_name": "name", "circle": "circle", "give": "you gave", "take": "you received", "status": "status"}
    return text + "\n\n" + table(ahead.head(n), cols)


def dormant(ranked: pd.DataFrame) -> str:
    """The dormant ties most worth reviving, each with why."""
    if ranked.empty:
        return ("No tie is dormant: nobody has gone three years without an exchange, or the history does not go "
                "back that far.")
    first = ranked.iloc[0]
    text = (f"The dormant tie most worth reviving is **{md(first['full_name'])}** (value {first['value']:.0f} of "
            f"100). Why each one:")
    lines = [f"**{md(name)}**: {md(why)}" for name, why in zip(ranked["full_name"], ranked["reason"])]
    return text + "\n\n" + bullets(lines)
