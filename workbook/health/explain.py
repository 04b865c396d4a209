"""Health in words: why a tie has its status, how circles' scores compare, the page's headline.

Everything here reads an :func:`workbook.health.assess` table, so the words and the charts drawn
from the same table always agree (one rule, one home: the headline above the status chart is
:func:`health_headline`).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..schema import CIRCLES, DORMANT_DAYS
from .status import NO_CADENCE_HORIZON, STATUSES, THRIVING_MIN_EXCHANGES

#: Statuses a headline counts as fading (the chart draws them in warm and grey colours).
FADING = ("cooling", "at-risk", "dormant")
#: Statuses a headline counts as holding.
HOLDING = ("thriving", "steady", "new")
_WORDS = {"at-risk": "at risk"}


def _number(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return math.nan
    return v


def describe_since(days_since: Any, n_total: Any) -> str:
    """How long since the last exchange, in words; for someone never in touch, since connecting.

    >>> describe_since(3300, 0), describe_since(1245, 4)
    ('connected 9 years ago, never in touch', 'last in touch 3 years ago')
    >>> describe_since(12, 2), describe_since(None, 0)
    ('last in touch 12 days ago', 'never in touch')
    """
    d, never = _number(days_since), not _number(n_total) > 0
    if math.isnan(d):
        return "never in touch" if never else "no date on record"
    d = int(d)
    if d >= 730:
        ago = f"{d // 365} years ago"
    elif d >= 60:
        ago = f"{d // 30} months ago"
    elif d == 0:
        ago = "today"
    elif d == 1:
        ago = "yesterday"
    else:
        ago = f"{d} days ago"
    return f"connected {ago}, never in touch" if never else f"last in touch {ago}"


def explain_status(row: Mapping[str, Any] | pd.Series) -> str:
    """Why one tie (a row of :func:`workbook.health.assess`) has its status, in plain words.

    >>> why = explain_status({"status": "thriving", "circle": "close", "cadence_days": 30, "days_since": 9,
    ...                       "n_365": 14, "n_total": 20, "reciprocity": 0.1, "give": 0, "take": 3})
    >>> for sentence in why.split(". ", 1):
    ...     print(sentence)
    Thriving: last in touch 9 days ago, within your 30-day rhythm; 14 exchanges this year, both of you take part
    You start most exchanges, which is normal when you are the one being helped.
    """
    status = str(row.get("status", ""))
    c, d = _number(row.get("cadence_days")), _number(row.get("days_since"))
    n_365, n_total, r = _number(row.get("n_365")), _number(row.get("n_total")), _number(row.get("reciprocity"))
    since = describe_since(d, n_total)
    rhythm = f"your {int(c)}-day rhythm" if not math.isnan(c) else "a year (no rhythm set for acquaintances)"
    h = c if not math.isnan(c) else NO_CADENCE_HORIZON
    if status == "dormant":
        text = f"Dormant: {since}, three years or more ({DORMANT_DAYS} days) without an exchange."
    elif status == "new":
        text = f"New: {since}; a new tie has no rhythm yet."
    elif math.isnan(d):
        text = "At risk: no exchange and no connection date on record, so nothing has been kept up yet."
    elif status == "thriving":
        text = (f"Thriving: {since}, within {rhythm}; {int(n_365)} exchanges this year, both of you take part.")
    elif status == "steady":
        why = ""
        if math.isnan(c):
            why = " Acquaintances have no rhythm to thrive on; set a circle to give them one."
        elif n_365 * 2 * c < 365 or n_365 < THRIVING_MIN_EXCHANGES:
            why = " Not thriving: fewer exchanges this year than half of what the rhythm asks for."
        elif not 0 < r < 1:
            why = (" Not thriving: " + ("they have not started or shared an exchange yet." if r <= 0
                                        else "you have not started or shared an exchange yet."))
        text = f"Steady: {since}, within {rhythm}.{why}"
    elif status == "cooling" and not n_total > 0:
        text = f"Cooling: {since}, so nothing has been kept up yet; a first message starts the rhythm."
    elif status == "cooling":
        text = f"Cooling: {since}, past {rhythm} but within twice it ({int(2 * h)} days)."
    else:
        never = "" if n_total > 0 else " and nothing kept up yet"
        text = f"At risk: {since}, more than twice {rhythm} ({int(2 * h)} days){never}."
    if status in ("thriving", "steady") and 0 < r < 0.25:
        helped = _number(row.get("take")) > _number(row.get("give"))
        text += (" You start most exchanges, which is normal when you are the one being helped." if helped
                 else " You start most exchanges: fine if you are the one keeping this tie alive.")
    return text


def explain_statuses(health: pd.DataFrame, ids: Any = None) -> pd.Series:
    """:func:`explain_status` for the rows ``ids`` (all rows when None: meant for the few shown).

    >>> h = pd.DataFrame({"status": ["dormant"], "days_since": [1245.0], "n_total": [3]}, index=[4])
    >>> explain_statuses(h).loc[4]
    'Dormant: last in touch 3 years ago, three years or more (1095 days) without an exchange.'
    """
    rows = health if ids is None else health.loc[list(ids)]
    return pd.Series([explain_status(r) for _, r in rows.iterrows()], index=rows.index, name="why", dtype=object)


def compare_circle_scores(health: pd.DataFrame) -> pd.DataFrame:
    """Each circle's health scores next to the others', with what a score is measured against.

    Columns: circle, n, median_score, horizon_days (the cadence a score is relative to, 365 for
    acquaintances), meaning (one plain sentence). Circles with nobody are left out.

    >>> h = pd.DataFrame({"circle": ["inner", "meaningful"], "score": [40.0, 80.0],
    ...                   "cadence_days": pd.array([7, 365], dtype="Int64")})
    >>> compare_circle_scores(h)[["circle", "median_score", "horizon_days"]].values.tolist()
    [['inner', 40.0, 7], ['meaningful', 80.0, 365]]
    """
    circle = health["circle"].astype(object)
    cadence = pd.to_numeric(health["cadence_days"].astype("Float64"), errors="coerce").astype("float64")
    frame = pd.DataFrame({"circle": circle.to_numpy(), "score": health["score"].astype("float64").to_numpy(),
                          "horizon": cadence.fillna(float(NO_CADENCE_HORIZON)).to_numpy()})
    grouped = frame.groupby("circle", observed=True)
    out = pd.DataFrame({"n": grouped.size(), "median_score": grouped["score"].median().round(1),
                        "horizon_days": grouped["horizon"].median().round().astype("int64")})
    out = out.reindex([c for c in CIRCLES if c in out.index]).reset_index()
    meaning = [(f"Scored against a {h}-day rhythm: half the recency marks are gone {h} days after the last "
                f"exchange, so a tight circle loses points fast; {n:,} {'person' if n == 1 else 'people'}, "
                f"median {m:.0f}/100.")
               for h, n, m in zip(out["horizon_days"], out["n"], out["median_score"])]
    return out.assign(meaning=meaning)[["circle", "n", "median_score", "horizon_days", "meaning"]]


def _join(words: list[str]) -> str:
    words = [_WORDS.get(w, w) for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def health_headline(health: pd.DataFrame) -> str:
    """The one-line finding above the status chart, from the same statuses the chart draws.

    Inner and close ties first: how many are fading (cooling, at risk or dormant), naming only the
    statuses present; without inner or close ties, the share of all ties holding.

    >>> h = pd.DataFrame({"circle": ["close", "acquaintance"], "status": ["dormant", "steady"]})
    >>> health_headline(h)
    'Your 1 inner or close tie is dormant'
    >>> health_headline(h.assign(status=["steady", "steady"]))
    'Your 1 inner or close tie is steady'
    """
    if len(health) == 0:
        return "No contacts yet"
    status = health["status"].astype(object).to_numpy()
    close = np.isin(health["circle"].astype(object).to_numpy(), ["inner", "close"])
    if close.any():
        mine = pd.Series(status[close])
        n = len(mine)
        fading = [s for s in STATUSES if s in FADING and (mine == s).any()]
        holding = [s for s in STATUSES if s in HOLDING and (mine == s).any()]
        n_fading = int(mine.isin(FADING).sum())
        if n == 1:
            return f"Your 1 inner or close tie is {_join(fading or holding)}"
        every = "Both" if n == 2 else f"All {n:,}"
        if n_fading == n:
            return f"{every} of your inner and close ties are {_join(fading)}"
        if n_fading:
            verb = "is" if n_fading == 1 else "are"
            return f"{n_fading:,} of your {n:,} inner and close ties {verb} {_join(fading)}"
        return f"{every} of your inner and close ties are {_join(holding)}"
    held = float(np.isin(status, HOLDING).mean())
    return f"{held:.0%} of your ties are thriving, steady or new"
