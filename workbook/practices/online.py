"""Online platforms, used deliberately: a LinkedIn profile checklist read from the person's own
data, and an engagement habit (comment on a few posts of the people closest to you each week), tracked.

Pure: DataFrames and plain values in, DataFrames (or Markdown sentences) out, ``as_of`` explicit.

* :func:`profile_checklist` - headline, About summary, skills, recommendations and activity, each
  with what the data shows and a next step worded for this person.
* :func:`engagement_by_week` - logged engagements (:func:`is_engagement`) per week, split into the
  inner circles and everyone else; :func:`habit_target` reads the habit from the measurable goals.
* :func:`suggest_engagements` - whose posts to look at this week (inner circles, longest unengaged first).

>>> p = pd.DataFrame({"headline": ["Product Manager"], "summary": [""], "position": ["Product Manager"],
...                   "company": [""], "industry": ["Education"], "name": ["Sam"]})
>>> c = profile_checklist(p, pd.DataFrame(columns=["owner", "kind", "text"]), None, None, None, as_of="2026-10-15")
>>> c[["key", "done"]].values.tolist()
[['headline', False], ['summary', False], ['skills', False], ['recommendations', False], ['activity', False]]
"""
from __future__ import annotations

import html
import math
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["CHECKLIST_COLUMNS", "DEFAULT_HABIT", "HABIT_CIRCLES", "activity_frame", "checklist_sentence",
           "engagement_by_week", "ONE_CLICK_KINDS", "habit_sentence", "habit_status", "habit_target", "is_engagement",
           "profile_checklist", "suggest_engagements", "checklist_markdown", "suggestions_sentence"]

CHECKLIST_COLUMNS = ["key", "item", "done", "seen", "next_step"]
#: The circles whose posts the habit is about (Dunbar's ~5 and ~15: the people closest to you).
HABIT_CIRCLES = ("inner", "close")
#: Kinds a LinkedIn export (or one click) writes that are not a conversation or a comment.
ONE_CLICK_KINDS = ("endorsement", "recommendation", "invitation")
#: The habit when the person has not set one: three posts a week.
DEFAULT_HABIT = 3
#: A headline longer than this is cut by LinkedIn; an About section longer than this is refused.
HEADLINE_MAX, SUMMARY_MAX = 220, 2600
#: An About section shorter than this says too little to be found or remembered.
SUMMARY_MIN_WORDS = 30
#: Skills worth listing at least (LinkedIn lets you pick up to five top skills, shown first).
SKILLS_WANTED, TOP_SKILLS = 5, 5
RECOMMENDATIONS_WANTED = 3
#: Posts, comments and logged engagements in the last 90 days that make a profile look alive.
ACTIVE_WANTED, ACTIVE_DAYS = 6, 90
#: Words that tie a headline to a field or an audience ("helping", "for", "in", "|"...).
_AUDIENCE = re.compile(r"\b(help|helps|helping|for|with|in|into|across|serving|supporting|who|building|"
                       r"turning|making|teaching|coaching)\b|[|•·/]|\s[-–—]\s", re.I)
_MARKDOWN = re.compile(r"([\\`*_\[\]#|~$<>{}])")


def _md(value: Any) -> str:
    """Text from data, safe in Markdown and HTML (and free of braces)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = " ".join(str(value).split())
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False)).replace("{", "(").replace("}", ")")


def _words(items: list[str], limit: int = 3) -> str:
    items = [i for i in items if i]
    if len(items) > limit:
        items = items[:limit] + [f"{len(items) - limit} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _count(n: int, noun: str, many: str | None = None) -> str:
    return f"{'no' if n == 0 else f'{n:,}'} {noun if n == 1 else (many or noun + 's')}"


def _first(profile: Any) -> dict[str, str]:
    if profile is None:
        return {}
    row = profile.iloc[0].to_dict() if isinstance(profile, pd.DataFrame) and len(profile) else (
        {} if isinstance(profile, pd.DataFrame) else dict(profile))
    return {k: ("" if v is None or (isinstance(v, float) and math.isnan(v)) else " ".join(str(v).split()))
            for k, v in row.items()}


def _own(tags: pd.DataFrame | None, kind: str) -> list[str]:
    if tags is None or len(tags) == 0:
        return []
    mask = (tags["owner"].astype(str) == "profile").to_numpy() & (tags["kind"].astype(str) == kind).to_numpy()
    return list(dict.fromkeys(" ".join(str(t).split()) for t in tags.loc[mask, "text"] if str(t).strip()))


def _derived_skills(derived: pd.DataFrame | None) -> list[str]:
    if derived is None or len(derived) == 0:
        return []
    keep = (derived["owner"].astype(str) == "profile").to_numpy() & (derived["kind"].astype(str) == "skill").to_numpy()
    if "dismissed" in derived:
        keep &= ~derived["dismissed"].fillna(False).astype(bool).to_numpy()
    return list(dict.fromkeys(" ".join(str(v).split()) for v in derived.loc[keep, "value"] if str(v).strip()))


def _distinct(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


def _row(key: str, item: str, done: bool, seen: str, step: str) -> dict[str, Any]:
    return {"key": key, "item": item, "done": bool(done), "seen": seen, "next_step": step}


def headline_example(me: dict[str, str], skills: list[str], goals: list[str]) -> str:
    """A headline that names a role, an audience and a strength, from the person's own data.

    >>> headline_example({"position": "Operations Lead", "industry": "Education"}, ["facilitation"], [])
    'Operations Lead helping teams in education with facilitation'
    """
    role = me.get("position") or "Your role"
    audience = f"teams in {me['industry'].lower()}" if me.get("industry") else "the people you serve"
    strength = skills[0] if skills else (goals[0] if goals else "what you do best")
    return f"{role} helping {audience} with {strength}"


def _is_specific(headline: str, me: dict[str, str]) -> bool:
    plain = headline.casefold().strip(" .")
    title = me.get("position", "").casefold()
    company = me.get("company", "").casefold()
    if not plain or plain in {title, f"{title} at {company}", f"{title}, {company}", f"{title} @ {company}"}:
        return False
    return bool(_AUDIENCE.search(headline)) and len(headline.split()) >= 4


def _headline(me: dict[str, str], skills: list[str], goals: list[str]) -> dict[str, Any]:
    text = me.get("headline", "")
    example = headline_example(me, skills, goals)
    if not text:
        return _row("headline", "Headline", False, "No headline yet.",
                    f"Write one that names whom you help and with what, for example “{example}”.")
    if len(text) > HEADLINE_MAX:
        return _row("headline", "Headline", False, f"{len(text)} characters: LinkedIn cuts it at {HEADLINE_MAX}.",
                    "Shorten it to whom you help and with what; move the rest into your About section.")
    if not _is_specific(text, me):
        return _row("headline", "Headline", False, f"“{text}” names a job title, not a field or an audience.",
                    f"Add whom you help or the field you work in, for example “{example}”.")
    return _row("headline", "Headline", True, f"“{text}” names your field or audience.",
                "Keep it; reread it when your goals change.")


def _summary(me: dict[str, str], goals: list[str]) -> dict[str, Any]:
    text = me.get("summary", "")
    n = len(text.split())
    goal = f" ({goals[0]})" if goals else ""
    plan = (f"three short paragraphs: what you do and for whom, one result you are proud of, and what you are "
            f"looking for now{goal}")
    if not text:
        return _row("summary", "About (summary)", False, "No About section yet.", f"Write {plan}.")
    if len(text) > SUMMARY_MAX:
        return _row("summary", "About (summary)", False, f"{len(text):,} characters: over LinkedIn's {SUMMARY_MAX:,}.",
                    "Cut it to the three paragraphs that matter most.")
    if n < SUMMARY_MIN_WORDS:
        return _row("summary", "About (summary)", False, f"{_count(n, 'word')}: too short to say much.",
                    f"Grow it into {plan}.")
    return _row("summary", "About (summary)", True, f"{_count(n, 'word')}.",
                "Check that its first two lines (all LinkedIn shows before “see more”) say whom you help.")


def _skills(own: list[str], endorsed: list[str], goals: list[str]) -> dict[str, Any]:
    skills = _distinct(endorsed + own)  # endorsed first: other people vouch for them
    keys = {s.casefold() for s in skills}
    n_endorsed = len(_distinct(endorsed))
    seen = (f"{_count(len(skills), 'skill')}" + (f": {_words(skills)}" if skills else "")
            + (f"; {n_endorsed} endorsed by your contacts" if n_endorsed else "") + ".")
    missing = [g for g in goals if g.casefold() not in keys]
    if len(skills) < SKILLS_WANTED:
        want = SKILLS_WANTED - len(skills)
        hint = f", starting with what your goals need: {_words(missing)}" if missing else ""
        return _row("skills", "Skills", False, seen, f"Add {_count(want, 'more skill')} you really use{hint}.")
    top = _words(skills[:3])
    return _row("skills", "Skills", True, seen,
                f"LinkedIn shows your top skills first (you pick up to {TOP_SKILLS}): make sure {top} are among them"
                + (f", and add {_words(missing, 2)} if you use them" if missing else "") + ".")


def _recommendations(history: pd.DataFrame | None, contacts: pd.DataFrame | None) -> dict[str, Any]:
    if history is None or len(history) == 0:
        received = given = pd.DataFrame(columns=["contact_id"])
    else:
        rec = history.loc[(history["kind"].astype(str) == "recommendation").to_numpy()]
        received = rec.loc[(rec["direction"].astype(str) == "inbound").to_numpy()]
        given = rec.loc[(rec["direction"].astype(str) == "outbound").to_numpy()]
    n_in, n_out = received["contact_id"].nunique(), given["contact_id"].nunique()
    seen = f"{_count(n_in, 'recommendation')} received, {n_out:,} given."
    if n_in >= RECOMMENDATIONS_WANTED:
        return _row("recommendations", "Recommendations", True, seen,
                    "Thank the people who wrote them, and recommend someone yourself this month.")
    owed = [c for c in given["contact_id"].drop_duplicates() if c not in set(received["contact_id"])]
    names = []
    if contacts is not None and owed:
        by_id = contacts.set_index("contact_id")["full_name"]
        names = [str(by_id[c]) for c in owed if c in by_id.index][:2]
    who = (f" {_words(names, 2)}, whom you recommended, may be glad to return it." if names else "")
    want = RECOMMENDATIONS_WANTED - n_in
    return _row("recommendations", "Recommendations", False, seen,
                f"Ask {_count(want, 'person', 'people')} who saw your work up close for a recommendation about one "
                f"specific project.{who}")


def activity_frame(value: Any) -> pd.DataFrame:
    """The ``linkedin_activity`` setting as a frame: month ('YYYY-MM'), kind, count, words (empty when none).

    >>> activity_frame({"months": [{"month": "2024-03", "kind": "share", "count": 2, "words": 40}]}).values.tolist()
    [['2024-03', 'share', 2, 40]]
    """
    rows = value.get("months", []) if isinstance(value, dict) else []
    ok = [r for r in rows if isinstance(r, dict) and re.fullmatch(r"\d{4}-\d{2}", str(r.get("month", "")))
          and r.get("kind") in ("share", "comment")]
    frame = pd.DataFrame({"month": [str(r["month"]) for r in ok], "kind": [str(r["kind"]) for r in ok],
                          "count": [int(r.get("count") or 0) for r in ok], "words": [int(r.get("words") or 0) for r in ok]})
    frame.attrs["kinds"] = sorted({k for k in (value.get("kinds", []) if isinstance(value, dict) else [])
                                  if k in ("share", "comment")} | set(frame["kind"]))
    return frame.astype({"count": "int64", "words": "int64"})


def _activity(activity: pd.DataFrame | None, history: pd.DataFrame | None, as_of: pd.Timestamp,
              interests: list[str]) -> dict[str, Any]:
    logged = 0
    if history is not None and len(history):
        recent = history.loc[(pd.to_datetime(history["date"]) > as_of - pd.Timedelta(days=ACTIVE_DAYS)).to_numpy()]
        logged = int(is_engagement(recent).sum())
    topic = f" about {interests[0]}" if interests else ""
    habit = f"comment on {DEFAULT_HABIT} posts from your inner circles each week (the habit below)"
    kinds = (activity.attrs.get("kinds") or sorted(set(activity["kind"]))) if activity is not None else []
    if activity is None or not kinds:
        done = logged >= ACTIVE_WANTED
        seen = ("No posts or comments imported yet (a LinkedIn export holds them in Shares.csv and Comments.csv)"
                + (f"; you logged {_count(logged, 'engagement')} in the last 90 days." if logged else "."))
        return _row("activity", "Activity", done, seen,
                    "Keep logging your comments below." if done else
                    f"Request LinkedIn's full archive (it holds your posts and comments) and import it, and {habit}.")
    since = (as_of - pd.Timedelta(days=ACTIVE_DAYS)).strftime("%Y-%m")
    recent = activity.loc[(activity["month"] >= since) & (activity["month"] <= as_of.strftime("%Y-%m"))]
    posts = int(recent.loc[recent["kind"] == "share", "count"].sum())
    comments = int(recent.loc[recent["kind"] == "comment", "count"].sum())
    last = activity.loc[activity["count"] > 0, "month"].max() if (activity["count"] > 0).any() else ""
    when = f" (the last in {pd.Timestamp(last + '-01'):%B %Y})" if last else ""
    seen = (f"In about the last three months: {_count(posts, 'post')} and {_count(comments, 'comment')}{when}"
            + (f", plus {_count(logged, 'logged engagement')}" if logged else "") + ".")
    done = posts + comments + logged >= ACTIVE_WANTED
    step = (f"Keep it up; share one post a month{topic}." if done else
            f"Share one post a month{topic}, and {habit}.")
    return _row("activity", "Activity", done, seen, step)


def profile_checklist(profile: pd.DataFrame, tags: pd.DataFrame, derived_items: pd.DataFrame | None,
                      history: pd.DataFrame | None, activity: pd.DataFrame | dict | None, *, as_of: Any,
                      contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The LinkedIn profile checklist: one row per item (:data:`CHECKLIST_COLUMNS`: key, item, done,
    seen = what the data shows, next_step = worded for this person).

    ``profile`` is the workbook's one-row profile, ``tags`` and ``derived_items`` its tags and derived
    items (the person's skills: own ones and the ones contacts endorsed), ``history`` the interactions
    (recommendations received are kind 'recommendation', direction inbound), ``activity`` the monthly
    counts of posts and comments (:func:`activity_frame`, or the setting itself; None when the export
    had none). ``contacts`` (optional) lets a next step name people.
    """
    me = _first(profile)
    as_of = pd.Timestamp(as_of).normalize()
    own_skills, endorsed = _own(tags, "skill"), _derived_skills(derived_items)
    goals, interests = _own(tags, "goal"), _own(tags, "interest")
    if isinstance(activity, dict):
        activity = activity_frame(activity)
    rows = [_headline(me, _distinct(own_skills + endorsed), goals), _summary(me, goals),
            _skills(own_skills, endorsed, goals), _recommendations(history, contacts),
            _activity(activity, history, as_of, interests or own_skills)]
    return pd.DataFrame(rows, columns=CHECKLIST_COLUMNS)


def checklist_sentence(checklist: pd.DataFrame) -> str:
    """One Markdown sentence on the checklist: how many items are done and the first to do.

    >>> checklist_sentence(pd.DataFrame({"item": ["Headline", "Skills"], "done": [True, False],
    ...     "next_step": ["", "Add two more skills."]}))
    '1 of 2 profile items look done. Start with **Skills**: Add two more skills.'
    """
    done = int(checklist["done"].sum())
    if done == len(checklist):
        return f"All {len(checklist)} profile items look done: reread them when your goals change."
    first = checklist.loc[~checklist["done"].astype(bool)].iloc[0]
    return (f"{done} of {len(checklist)} profile items look done. "
            f"Start with **{_md(first['item'])}**: {_md(first['next_step'])}")


def checklist_markdown(checklist: pd.DataFrame) -> str:
    """The checklist as a Markdown table (✓ done, ○ to do), every cell escaped.

    >>> print(checklist_markdown(pd.DataFrame({"item": ["Headline"], "done": [True], "seen": ["<b>x</b>"],
    ...                                        "next_step": ["Keep it."]})))
    | | Item | What we saw | Next step |
    |---|---|---|---|
    | ✓ | Headline | &lt;b&gt;x&lt;/b&gt; | Keep it. |
    """
    rows = ["| | Item | What we saw | Next step |", "|---|---|---|---|"]
    rows += [f"| {'✓' if r.done else '○'} | {_md(r.item)} | {_md(r.seen)} | {_md(r.next_step)} |"
             for r in checklist.itertuples(index=False)]
    return "\n".join(rows)


# -- the engagement habit -------------------------------------------------------------------------


def is_engagement(interactions: pd.DataFrame) -> pd.Series:
    """True for an engagement with someone online, the one rule the habit and the "posts engaged"
    goal both count: channel ``social``, direction outbound, and not one of :data:`ONE_CLICK_KINDS`.

    A comment logged here is kind ``other``; one logged on the general exchange form keeps its
    default kind ``catch-up``, and a link shared in a reply is ``resource-shared``: all count. What a
    LinkedIn export writes in bulk (endorsements, recommendations, invitations) is a click, not a
    comment, so it does not. An inbound row is their comment on yours.

    >>> is_engagement(pd.DataFrame({"channel": ["social", "social", "social", "message"],
    ...                             "direction": ["outbound", "outbound", "inbound", "outbound"],
    ...                             "kind": ["other", "invitation", "other", "other"]})).tolist()
    [True, False, False, False]
    """
    if len(interactions) == 0:
        return pd.Series(False, index=interactions.index, dtype=bool)
    return ((interactions["channel"].astype(str) == "social") & (interactions["direction"].astype(str) == "outbound")
            & ~interactions["kind"].astype(str).isin(ONE_CLICK_KINDS))


def habit_target(targets: pd.DataFrame | None) -> dict[str, Any]:
    """The engagement habit: the active 'posts engaged' goal, else :data:`DEFAULT_HABIT` a week.
    ``weekly`` is what one week should hold (a monthly goal spread over its weeks).

    >>> habit_target(None)
    {'n': 3, 'per': 'week', 'weekly': 3.0, 'set': False, 'started': None}
    """
    if targets is not None and len(targets):
        mine = targets.loc[(targets["metric"].astype(str) == "posts engaged").to_numpy()
                           & targets["active"].astype(bool).to_numpy()]
        if len(mine):
            row = mine.iloc[-1]
            n, per = int(row["n"]), str(row["per"])
            return {"n": n, "per": per, "weekly": float(n if per == "week" else n * 12 / 52), "set": True,
                    "started": pd.Timestamp(row["started_on"]).normalize()}
    return {"n": DEFAULT_HABIT, "per": "week", "weekly": float(DEFAULT_HABIT), "set": False, "started": None}


def _week_start(days: pd.Series) -> pd.Series:
    days = pd.to_datetime(days).dt.normalize()
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def engagement_by_week(interactions: pd.DataFrame, contacts: pd.DataFrame, circles: pd.Series, *, as_of: Any,
                       weeks: int = 8) -> pd.DataFrame:
    """Logged engagements per week (Monday to Sunday) for the last ``weeks`` weeks, the week of
    ``as_of`` last: week (its Monday), inner (with people in :data:`HABIT_CIRCLES`), others, total,
    names (who, '; '-joined), current (True for the week still running).

    ``circles`` is each contact's circle (:func:`workbook.ties.assign_circles`), indexed by contact_id.

    >>> i = pd.DataFrame({"contact_id": [1, 2, 1], "date": pd.to_datetime(["2026-10-12", "2026-10-13", "2026-10-01"]),
    ...                   "channel": "social", "direction": "outbound", "kind": "other"})
    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["Ada", "Bo"]})
    >>> w = engagement_by_week(i, c, pd.Series(["inner", "active"], index=[1, 2]), as_of="2026-10-15", weeks=3)
    >>> w[["inner", "others", "total", "current"]].values.tolist()
    [[1, 0, 1, False], [0, 0, 0, False], [1, 1, 2, True]]
    """
    weeks = max(1, int(weeks))
    as_of = pd.Timestamp(as_of).normalize()
    this_week = as_of - pd.Timedelta(days=as_of.weekday())
    starts = pd.DatetimeIndex([this_week - pd.Timedelta(weeks=k) for k in range(weeks - 1, -1, -1)], name="week")
    e = interactions.loc[is_engagement(interactions).to_numpy()] if len(interactions) else interactions
    e = e.loc[((pd.to_datetime(e["date"]) >= starts[0]) & (pd.to_datetime(e["date"]) <= as_of)).to_numpy()] \
        if len(e) else e
    frame = pd.DataFrame({"week": _week_start(e["date"]) if len(e) else pd.Series(dtype="datetime64[ns]"),
                          "contact_id": e["contact_id"].astype("int64").to_numpy() if len(e) else []})
    circle = pd.Series(circles).reindex(frame["contact_id"]).astype(object).fillna("").to_numpy()
    names = contacts.set_index("contact_id")["full_name"].astype(str) if len(contacts) else pd.Series(dtype=str)
    frame = frame.assign(inner=np.isin(circle, HABIT_CIRCLES).astype(int),
                         name=names.reindex(frame["contact_id"]).fillna("someone").to_numpy())
    g = frame.groupby("week").agg(inner=("inner", "sum"), total=("inner", "size"),
                                  names=("name", lambda s: "; ".join(sorted(dict.fromkeys(s)))))
    out = g.reindex(starts).fillna({"inner": 0, "total": 0, "names": ""})
    out = out.astype({"inner": "int64", "total": "int64"})
    out = out.assign(others=out["total"] - out["inner"], current=out.index == this_week)
    return out.reset_index()[["week", "inner", "others", "total", "names", "current"]]


def habit_status(by_week: pd.DataFrame, target: dict[str, Any]) -> dict[str, Any]:
    """This week's count (inner circles), the target, and how many finished weeks met it (weeks
    before the habit was set, ``target["started"]``, are not judged).

    >>> w = pd.DataFrame({"inner": [3, 1, 2], "current": [False, False, True]})
    >>> habit_status(w, {"weekly": 3.0})
    {'this_week': 2, 'target': 3, 'to_go': 1, 'weeks_met': 1, 'weeks_done': 2, 'streak': 0, 'logged': 6}
    """
    goal = max(1, math.ceil(float(target.get("weekly", DEFAULT_HABIT))))
    current = by_week.loc[by_week["current"].astype(bool)]
    past = by_week.loc[~by_week["current"].astype(bool)]
    # A habit is judged from the week it was set, or (the default habit) from the first week anything was logged.
    logged = by_week.loc[by_week["total"] > 0, "week"] if {"total", "week"} <= set(by_week) else pd.Series([])
    start = target.get("started") if target.get("started") is not None else (logged.min() if len(logged) else None)
    if start is not None and "week" in past:
        past = past.loc[(pd.to_datetime(past["week"]) + pd.Timedelta(days=6) >= pd.Timestamp(start)).to_numpy()]
    met = (past["inner"] >= goal).to_numpy()
    streak = int(np.argmin(met[::-1])) if len(met) and not met.all() else len(met)
    now = int(current["inner"].sum())
    return {"this_week": now, "target": goal, "to_go": max(goal - now, 0), "weeks_met": int(met.sum()),
            "weeks_done": len(past), "streak": streak,
            "logged": int(by_week["total"].sum()) if "total" in by_week else int(by_week["inner"].sum())}


def habit_sentence(status: dict[str, Any]) -> str:
    """The habit in one Markdown sentence.

    >>> habit_sentence({"this_week": 1, "target": 3, "to_go": 2, "weeks_met": 0, "weeks_done": 7, "streak": 0})
    'This week: 1 of 3 posts from your inner circles; 2 to go. You met the habit in 0 of the last 7 weeks.'
    """
    now = f"This week: {status['this_week']} of {_count(status['target'], 'post')} from your inner circles"
    now += f"; {status['to_go']} to go." if status["to_go"] else ": done, well kept."
    if not status["weeks_done"]:
        return now
    if not status.get("logged", 1):
        return now + f" Nothing logged in the last {_count(status['weeks_done'] + 1, 'week')} yet: log each comment below."
    past = f" You met the habit in {status['weeks_met']} of the last {_count(status['weeks_done'], 'week')}"
    streak = f", the last {status['streak']} in a row." if status["streak"] >= 2 else "."
    return now + past + streak


def suggestions_sentence(suggested: pd.DataFrame) -> str:
    """Whose posts to look for this week, in one Markdown sentence.

    >>> suggestions_sentence(pd.DataFrame({"full_name": ["Ada", "Bo"], "circle": ["inner", "close"]}))
    'This week, look for posts from Ada (inner circle) and Bo (close circle).'
    """
    if suggested is None or len(suggested) == 0:
        return ("Nobody is in your inner or close circles yet: mark the few people closest to you as inner or "
                "close (on the Contacts page), or keep in touch more often, and the habit will name them.")
    people = [f"{_md(n)} ({_md(c)} circle)" for n, c in zip(suggested["full_name"], suggested["circle"])]
    return f"This week, look for posts from {_words(people, 4)}."


def suggest_engagements(contacts: pd.DataFrame, circles: pd.Series, interactions: pd.DataFrame, *, as_of: Any,
                        n: int = 6) -> pd.DataFrame:
    """Whose posts to look for this week: people in :data:`HABIT_CIRCLES`, the longest without an
    engagement first (never engaged before any), then inner before close, then by name.
    Columns: contact_id, full_name, circle, last_engaged (NaT: never), reason.

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ada", "Bo", "Cy"]})
    >>> s = suggest_engagements(c, pd.Series(["close", "inner", "active"], index=[1, 2, 3]), c.iloc[:0], as_of="2026-10-15")
    >>> s["full_name"].tolist(), s["reason"].iloc[0]
    (['Bo', 'Ada'], 'inner circle; no engagement logged yet')
    """
    as_of = pd.Timestamp(as_of).normalize()
    circle = pd.Series(circles).reindex(contacts["contact_id"].astype("int64")).astype(object).fillna("")
    pool = contacts.assign(circle=circle.to_numpy()).loc[lambda f: f["circle"].isin(HABIT_CIRCLES)]
    e = interactions.loc[is_engagement(interactions).to_numpy()] if len(interactions) else interactions
    last = (e.loc[(pd.to_datetime(e["date"]) <= as_of).to_numpy()].groupby("contact_id")["date"].max()
            if len(e) else pd.Series(dtype="datetime64[ns]"))
    pool = pool.assign(last_engaged=pd.to_datetime(last.reindex(pool["contact_id"]).to_numpy()),
                       _rank=pool["circle"].map({c: i for i, c in enumerate(HABIT_CIRCLES)}))
    pool = pool.sort_values(["last_engaged", "_rank", "full_name"], na_position="first", kind="stable").head(int(n))
    days = (as_of - pool["last_engaged"]).dt.days
    reason = [f"{c} circle; " + ("no engagement logged yet" if pd.isna(d) else f"last engaged {int(d)} days ago")
              for c, d in zip(pool["circle"], days)]
    return pool.assign(reason=reason)[["contact_id", "full_name", "circle", "last_engaged", "reason"]] \
        .reset_index(drop=True)
