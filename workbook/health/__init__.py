"""Relationship health: recency, frequency, reciprocity, give and take, a status, dormant ties.

Pure functions: DataFrames in, DataFrames out, ``as_of`` explicit, inputs never mutated.
A package split by topic (``status``: today's health; ``over_time``: month by month; ``dormant``:
ties worth reviving; ``search``: finding a contact). The weekly plan composes health with the
other analyses, so it lives in :mod:`workbook.plan`; its names are still importable from here.
Tie measures come from :func:`workbook.ties.measure_ties`, circles from
:func:`workbook.ties.assign_circles` (a circle the person set wins) and cadence from
:func:`workbook.ties.cadence_for` (a per-contact ``cadence_days`` wins over the circle's default:
inner 7, close 30, active 90, meaningful 365 days; acquaintances have none). Archived contacts
are left out. Dates count in whole days.

**Status.** ``d`` is the days since the last exchange, or since ``connected_on`` for a contact never
contacted; ``c`` the cadence. The first rule that matches wins:

1. ``dormant``  d >= 1095 (three years out of touch, after Levin, Walter & Murnighan 2011);
2. ``new``      connected 0-30 days ago with at most one exchange (a new tie has no rhythm yet,
   so it is not "cooling"; a three-year silence still makes a reconnection ``dormant``);
3. ``at-risk``  no date at all to count from (never contacted, connected date unknown);
4. ``thriving`` a cadence, d <= c, and the exchange is *frequent* (in the last 365 days at least
   half the exchanges the cadence asks for, ``n_365 >= 365 / (2c)``, and at least 2) and *two-way*
   (each side started or shared at least one exchange: ``0 < r < 1``, mutual ones count half);
5. ``steady``   in touch at least once (``n_total > 0``) and d <= h;
6. ``cooling``  d <= 2h;
7. ``at-risk``  otherwise.

Here ``h`` is the cadence, or a year (365 days) for a tie without one (an acquaintance), the
same horizon the score uses. So an acquaintance last in touch 14 months ago is ``cooling``, 2.5
years ago ``at-risk``, and never ``steady`` after three years of silence (it is ``dormant``).
Someone never in touch is never ``steady``: nothing has been kept up.

Why thriving does not ask for a share of inbound exchanges: who writes first follows roles. A
mentee, or the one who keeps a tie alive, starts most exchanges, and that is healthy; the norm of
reciprocity (Gouldner 1960) concerns help returned over time, which the score's *exchange* part and
the give/take balance show. Thriving only asks that the contact took part (r > 0) and that you did
(r < 1). :func:`explain_status` says in words why each tie has its status.

Scores are relative to what each tie deserves, so circles compare fairly: an inner tie seen
10 days ago is already past its weekly rhythm and scores below a meaningful tie seen 3 months
ago, which is well inside its yearly one. :func:`compare_circle_scores` puts each circle's scores
next to the others' with that explanation.

**Score** (0-100, one decimal), relative to what the tie deserves (``h`` = cadence, 365 without one):

==============  ======  =============================================================
component       weight  measure (each 0-1)
==============  ======  =============================================================
recency         50      ``0.5 ** (d / h)``: half marks at the cadence, 0 without a date
frequency       25      ``min(1, n_365 * h / 365)``: the exchanges a year the cadence asks for
reciprocity     15      ``1 - |2r - 1|``: 1 when both sides start half the exchanges
exchange        10      ``min(1, (give + take) / 4)``: favours given or received
==============  ======  =============================================================

Only recency depends on ``d``, so the score never rises as a tie goes longer without contact.

>>> import pandas as pd
>>> contacts = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "Grace"],
...                          "connected_on": pd.to_datetime(["2020-01-01", "2026-09-20"]),
...                          "circle": ["close", ""], "cadence_days": pd.array([None, None], dtype="Int64")})
>>> inter = pd.DataFrame({"contact_id": [1, 1], "date": pd.to_datetime(["2026-08-01", "2026-09-01"]),
...                       "direction": ["inbound", "outbound"], "kind": ["catch-up", "support-given"]})
>>> h = assess(contacts, inter, as_of="2026-10-01")
>>> float(h.loc[1, "days_since"]), int(h.loc[1, "cadence_days"]), h.loc[1, "status"]
(30.0, 30, 'steady')
>>> h.loc[2, "status"]
'new'
"""
from __future__ import annotations

from typing import Any

from .explain import (
    FADING,
    HOLDING,
    compare_circle_scores,
    describe_since,
    explain_status,
    explain_statuses,
    health_headline,
)
from .dormant import REVIVE_WEIGHTS, SENIORITY_RULES, SENIORITY_SCORES, rank_dormant, rate_seniority
from .over_time import health_over_time, month_ends, monthly_interactions, summarise_over_time
from .search import find_contacts
from .status import (
    FULL_EXCHANGE,
    HEALTH_COLUMNS,
    NEW_DAYS,
    NEW_MAX_EXCHANGES,
    NO_CADENCE_HORIZON,
    RECIPROCAL,
    SCORE_WEIGHTS,
    TWO_WAY,
    STATUSES,
    THRIVING_MIN_EXCHANGES,
    assess,
    classify_status,
    count_statuses,
    describe_contact,
    score_health,
)

__all__ = [
    "STATUSES",
    "HEALTH_COLUMNS",
    "assess",
    "classify_status",
    "score_health",
    "month_ends",
    "health_over_time",
    "summarise_over_time",
    "monthly_interactions",
    "count_statuses",
    "health_headline",
    "explain_status",
    "explain_statuses",
    "compare_circle_scores",
    "describe_since",
    "describe_contact",
    "rate_seniority",
    "rank_dormant",
    "find_contacts",
]
