"""Plan mentor outreach: candidates for a goal, warm-intro paths, the pipeline, follow-ups, drafts.

Pure functions: DataFrames and plain values in, DataFrames (or text/bytes) out; inputs are never
mutated; anything that depends on "today" takes ``as_of``. A package split by topic: ``needs``
(goals into words), ``expertise``, ``shared`` (common ground with the profile), ``intro_routes``,
``ranking``, ``where_to_meet``, ``pipeline`` (moves, funnel, follow-ups, calendar) and ``drafts``.

**Mentor score** (:func:`rank_mentors`), each component scaled to 0-1:

==============  ======  ==========================================================================
component       weight  measure
==============  ======  ==========================================================================
field_senior    0.35    1 for someone in the goal's field (:func:`goal_field`, by the one title
                        classifier of :mod:`workbook.core.titles`) who is ahead of the person or
                        senior or above: a field's senior always outranks its juniors
in_field        0.10    1 when the contact's title is in the goal's field
expertise       0.30    how well the contact covers the goal's needs: for each need, the share of
                        its words found in the contact's skill tags (x1.0), title (x0.9), industry
                        (x0.7), company, interest/community/event tags (x0.5); the best field counts.
                        expertise = half the best need + half the mean over needs
ahead           0.10    steps ahead of the person (:func:`rate_standing`: one or two is best)
common ground   0.075   a precomputed score if given (divided by its maximum), else n / (n + 2)
                        for n tags shared with the person's profile
reachability    0.075   the better of your own tie and the best chain of introductions
                        (:func:`find_intro_routes`): closeness is counted once, here
==============  ======  ==========================================================================

When a goal names no field the two field terms drop out and the others are scaled to sum to 1.

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

from .drafts import (
    DRAFT_KINDS,
    RELATIONSHIPS,
    TEMPLATES_DIR,
    _env,
    _join_items,
    compose_draft,
    draft_for,
    make_ask,
    relationship_of,
    suggest_give_first,
)
from .expertise import (FIELD_EXPERTISE, FIELD_LABELS, FIELD_WEIGHTS, function_of, goal_field, in_field, level_of,
                        match_expertise, score_expertise)
from .intro_routes import (
    EMPLOYER_STRENGTH,
    STRENGTH_CEIL,
    STRENGTH_FLOOR,
    IntroRoutes,
    describe_intro_path,
    find_intro_routes,
    intro_paths,
)
from .needs import _STOP, _TOKEN, _needs_of, goal_needs, needs_of, split_needs, stem, tokenize
from .pipeline import (
    FOLLOW_UP_DEFAULTS,
    MAIN_STAGES,
    MENTOR_UPDATE_SLACK_DAYS,
    _rules,
    count_funnel,
    follow_ups,
    next_stages,
    to_ics,
)
from .ranking import (AHEAD_SCORES, SENIORITY_SCORES, WEIGHTS, is_field_senior, rank_mentors, rate_ahead,
                      rate_seniority, rate_standing)
from .shared import SHARED_KINDS, find_shared_items
from .top_contacts import HOW_MET_CHOICES, VALUE_CHOICES, mark_known, top_contacts
from .where_to_meet import suggest_where_to_meet

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
    "relationship_of",
    "to_ics",
    "goal_field",
    "in_field",
    "is_field_senior",
    "rate_ahead",
    "rate_standing",
    "top_contacts",
    "mark_known",
]
