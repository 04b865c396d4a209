"""Progress over weeks: what a measurable networking goal counts, how each week (or month) went
against it, and the dated history of the journal's answers.

One definition per metric (:data:`DEFINITIONS`; each counts only what happened on or before
``as_of``). "A conversation" is an exchange the person took part in: direction outbound or mutual,
any channel but ``social``, and not one of the one-click kinds :data:`ONE_CLICK_KINDS`.

conversations
    Distinct contacts with a conversation in the period. LinkedIn's messages count (the export
    writes one row per conversation and day, outbound when the person wrote, mutual when both
    did): they are real conversations, and dropping the ``linkedin`` source would leave a
    LinkedIn-only workbook with none at all. What the export adds in bulk that is not a
    conversation (endorsements, recommendations, invitations, all channel ``social``) is left out
    by kind and channel instead. An inbound message never answered is not the person's conversation.
new people
    Contacts who became part of the network in the period: the earlier of their first exchange
    of any kind and the day LinkedIn says you connected. (Someone connected since 2015 whose first
    logged message is this week is not new.)
revived ties
    Distinct contacts with a conversation in the period that came :data:`REVIVED_GAP_DAYS` (180)
    days or more after the previous conversation with them, or, when there was none before, at
    least that long after you connected ("connected 3 years ago, never in touch" woken up).
posts engaged
    Exchanges on channel ``social``, direction outbound, other than the one-click kinds: each
    comment or reply on someone's post counts once. The rule is
    :func:`workbook.practices.online.is_engagement`, the one the engagement habit counts.
events
    Distinct events (the events table) whose start date falls in the period and is on or before
    ``as_of``: it has happened. Logging someone met there is not required (a talk where you met
    nobody still counts as showing up); the schema has no "attended" flag.
asks made
    Referral and recommendation asks the person made (asks, direction ``made``), by the day asked.

Why 180 days for a revived tie: Levin, Walter & Murnighan (2011) call a tie dormant after three
years without contact (:data:`workbook.schema.DORMANT_DAYS`), and found that waking such ties
brings advice that is newer than current ties' and quick to get. That line stays for the label
"dormant". A monthly goal needs a gap most people meet more often than a three-year silence: 180
days is twice the active circle's 90-day rhythm, so the tie has missed two of its due dates and
is cooling well past "just busy". It is our choice, not a number from the research.

>>> import pandas as pd
>>> it = pd.DataFrame({"interaction_id": [1, 2, 3], "contact_id": [7, 7, 8],
...     "date": pd.to_datetime(["2026-01-05", "2026-10-13", "2026-10-14"]), "channel": ["call", "call", "social"],
...     "direction": ["outbound", "mutual", "inbound"], "kind": ["catch-up", "catch-up", "endorsement"]})
>>> c = count_metric("revived ties", it, None, None, None, None, period="week", as_of="2026-10-15", periods=2)
>>> c["count"].tolist(), c["complete"].tolist()
([0, 0, 1], [True, True, False])
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..schema import TARGET_METRICS, TARGET_PERIODS
from .online import ONE_CLICK_KINDS, is_engagement

__all__ = ["DEFINITIONS", "ONE_CLICK_KINDS", "REVIVED_GAP_DAYS", "counted_items", "count_metric", "who_counted",
           "count_targets", "progress_against_targets", "progress_title", "progress_sentence", "goal_words", "amount",
           "answer_history", "journal_sentence", "goals_summary", "revived_sentence", "what_to_do", "period_label"]

#: Days without a conversation after which the next one revives the tie (see the module's note).
REVIVED_GAP_DAYS = 180
#: What each metric counts, in plain words (the view and the report show these).
DEFINITIONS: dict[str, str] = {
    "conversations": "people you wrote to, called or met (you wrote, or you both did); endorsements, "
                     "recommendations and invitations do not count",
    "new people": "people who joined your network: your first exchange with them, or the day you connected",
    "revived ties": f"people you were in touch with again after {REVIVED_GAP_DAYS} days or more without a "
                    "conversation (or since you connected)",
    "posts engaged": "comments and replies you made on someone's post (channel social)",
    "events": "events you went to (past events in your workbook)",
    "asks made": "referral and recommendation asks you made",
}
_ITEMS = ["date", "key", "contact_id"]
_UNITS = {"conversations": ("conversation", "conversations"), "new people": ("new person", "new people"),
          "revived ties": ("revived tie", "revived ties"), "posts engaged": ("post engaged", "posts engaged"),
          "events": ("event", "events"), "asks made": ("ask made", "asks made")}


def _check(metric: str, period: str) -> None:
    if metric not in TARGET_METRICS:
        raise ValueError(f"A goal counts one of: {', '.join(TARGET_METRICS)} (got {metric!r}).")
    if period not in TARGET_PERIODS:
        raise ValueError(f"A goal is per week or per month (got {period!r}).")


def _frame(frame: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame``, or an empty one with ``columns`` when the caller has none (no events yet)."""
    if frame is None or not len(frame):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return frame


def _items(date, key, contact) -> pd.DataFrame:
    dates = date if isinstance(date, pd.Series) else pd.Series(date)
    # Dates that are dates already stay as they are: a round trip through objects cost 0.7 s per metric
    # on a million exchanges.
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates.astype(object))
    return pd.DataFrame({"date": dates.to_numpy(dtype="datetime64[ns]"),
                         "key": np.asarray(key, dtype="int64"),
                         "contact_id": pd.array(np.asarray(contact, dtype="float64"), dtype="Int64")})


def _conversations(interactions: pd.DataFrame) -> pd.DataFrame:
    i = _frame(interactions, ("interaction_id", "contact_id", "date", "channel", "direction", "kind"))
    mask = (i["direction"].astype(str).isin(("outbound", "mutual")).to_numpy()
            & ~i["kind"].astype(str).isin(ONE_CLICK_KINDS).to_numpy() & (i["channel"].astype(str) != "social").to_numpy())
    return i.loc[mask]


def _new_people(interactions: pd.DataFrame, contacts: pd.DataFrame | None) -> pd.DataFrame:
    i = _frame(interactions, ("contact_id", "date"))
    first = pd.to_datetime(i["date"]).groupby(i["contact_id"].astype("int64")).min() if len(i) else pd.Series(
        dtype="datetime64[ns]")
    c = _frame(contacts, ("contact_id", "connected_on"))
    if len(c):
        connected = pd.to_datetime(c.set_index(c["contact_id"].astype("int64"))["connected_on"]).dropna()
        first = pd.concat([first, connected]).groupby(level=0).min()
        first = first[first.index.isin(c["contact_id"].astype("int64"))]  # only people still in the workbook
    return _items(first.to_numpy(), first.index.to_numpy(), first.index.to_numpy())


def _revived(interactions: pd.DataFrame, contacts: pd.DataFrame | None, gap_days: int) -> pd.DataFrame:
    talk = _conversations(interactions)
    talk = talk.assign(date=pd.to_datetime(talk["date"]), contact_id=talk["contact_id"].astype("int64")) \
        .sort_values(["contact_id", "date"], kind="stable")
    before = talk.groupby("contact_id")["date"].shift()
    c = _frame(contacts, ("contact_id", "connected_on"))
    if len(c):
        connected = pd.to_datetime(c.set_index(c["contact_id"].astype("int64"))["connected_on"])
        before = before.fillna(talk["contact_id"].map(connected))
    woke = ((talk["date"] - before).dt.days >= gap_days).fillna(False).to_numpy(dtype=bool)
    rows = talk.loc[woke]
    return _items(rows["date"], rows["contact_id"], rows["contact_id"])


def counted_items(metric: str, interactions: pd.DataFrame | None, contacts: pd.DataFrame | None,
                  events: pd.DataFrame | None, event_people: pd.DataFrame | None, asks: pd.DataFrame | None,
                  *, as_of: Any, gap_days: int = REVIVED_GAP_DAYS) -> pd.DataFrame:
    """Every thing ``metric`` counts, with its day: ``date``, ``key`` (what counts once per period:
    a contact, an interaction, an event or an ask) and ``contact_id`` (<NA> for an event), up to ``as_of``.

    ``event_people`` is not needed by any definition (an event counts once it has happened); it is
    taken so every metric is called with the same tables.

    >>> asks = pd.DataFrame({"ask_id": [1, 2], "contact_id": [3, 4], "direction": ["made", "received"],
    ...                      "asked_on": pd.to_datetime(["2026-10-01", "2026-10-02"])})
    >>> counted_items("asks made", None, None, None, None, asks, as_of="2026-10-15")["key"].tolist()
    [1]
    """
    _check(metric, "week")
    if metric == "conversations":
        t = _conversations(interactions)
        out = _items(t["date"], t["contact_id"], t["contact_id"])
    elif metric == "new people":
        out = _new_people(interactions, contacts)
    elif metric == "revived ties":
        out = _revived(interactions, contacts, int(gap_days))
    elif metric == "posts engaged":
        i = _frame(interactions, ("interaction_id", "contact_id", "date", "channel", "direction", "kind"))
        mask = is_engagement(i).to_numpy(dtype=bool)  # the habit's rule: one home, in .online
        out = _items(i.loc[mask, "date"], i.loc[mask, "interaction_id"], i.loc[mask, "contact_id"])
    elif metric == "events":
        e = _frame(events, ("event_id", "starts_on"))
        out = _items(e["starts_on"], e["event_id"], np.full(len(e), np.nan))
    else:  # asks made
        a = _frame(asks, ("ask_id", "contact_id", "direction", "asked_on"))
        a = a.loc[(a["direction"].astype(str) == "made").to_numpy(dtype=bool)]
        out = _items(a["asked_on"], a["ask_id"], a["contact_id"])
    end = pd.Timestamp(as_of).normalize()
    return out.loc[out["date"].notna() & (out["date"] <= end)].sort_values("date", kind="stable") \
        .reset_index(drop=True)[_ITEMS]


def _starts(period: str, as_of: Any, periods: int) -> pd.DatetimeIndex:
    """The first day of each of the last ``periods`` whole periods and of the current one."""
    freq = "W-SUN" if period == "week" else "M"  # weeks run Monday to Sunday
    current = pd.Timestamp(as_of).to_period(freq)
    return pd.DatetimeIndex([(current - k).start_time for k in range(int(periods), -1, -1)])


def _period_start(dates: pd.Series, period: str) -> pd.Series:
    return dates.dt.to_period("W-SUN" if period == "week" else "M").dt.start_time


def count_metric(metric: str, interactions: pd.DataFrame | None, contacts: pd.DataFrame | None,
                 events: pd.DataFrame | None, event_people: pd.DataFrame | None, asks: pd.DataFrame | None,
                 *, period: str, as_of: Any, periods: int = 8) -> pd.DataFrame:
    """How many of ``metric`` (see the module's definitions) each ``period`` (week from Monday, or
    calendar month) held: the last ``periods`` whole periods and the current one so far
    (``periods + 1`` rows, oldest first). Columns ``period_start``, ``count`` (0 when nothing
    happened, never missing) and ``complete`` (False for the current period).

    >>> ev = pd.DataFrame({"event_id": [1, 2], "starts_on": pd.to_datetime(["2026-09-30", "2026-10-24"])})
    >>> count_metric("events", None, None, ev, None, None, period="month", as_of="2026-10-15", periods=1)["count"].tolist()
    [1, 0]
    """
    _check(metric, period)
    periods = int(periods)
    if not 1 <= periods <= 520:
        raise ValueError("Count between 1 and 520 periods.")
    starts = _starts(period, as_of, periods)
    items = counted_items(metric, interactions, contacts, events, event_people, asks, as_of=as_of)
    items = items.assign(period_start=_period_start(items["date"], period))
    items = items.loc[items["period_start"] >= starts[0]].drop_duplicates(["period_start", "key"])
    counts = items.groupby("period_start").size().reindex(starts, fill_value=0)
    return pd.DataFrame({"period_start": starts, "count": counts.to_numpy(dtype="int64"),
                         "complete": np.arange(len(starts)) < len(starts) - 1})


def who_counted(metric: str, interactions: pd.DataFrame | None, contacts: pd.DataFrame | None,
                events: pd.DataFrame | None, event_people: pd.DataFrame | None, asks: pd.DataFrame | None,
                *, period: str, as_of: Any, periods: int = 8) -> pd.DataFrame:
    """The rows behind :func:`count_metric` (``period_start``, ``date``, ``key``, ``contact_id``),
    once per period and key, newest first: whom the revived ties were, for instance."""
    _check(metric, period)
    starts = _starts(period, as_of, int(periods))
    items = counted_items(metric, interactions, contacts, events, event_people, asks, as_of=as_of)
    items = items.assign(period_start=_period_start(items["date"], period))
    return (items.loc[items["period_start"] >= starts[0]].drop_duplicates(["period_start", "key"])
            .sort_values("date", ascending=False, kind="stable").reset_index(drop=True)
            [["period_start", "date", "key", "contact_id"]])


def count_targets(targets: pd.DataFrame, interactions: pd.DataFrame | None, contacts: pd.DataFrame | None,
                  events: pd.DataFrame | None, event_people: pd.DataFrame | None, asks: pd.DataFrame | None,
                  *, as_of: Any, periods: int = 8) -> pd.DataFrame:
    """:func:`count_metric` for every active target, stacked: ``metric``, ``per`` and its columns."""
    active = _active(targets)
    frames = [count_metric(m, interactions, contacts, events, event_people, asks, period=p, as_of=as_of,
                           periods=periods).assign(metric=m, per=p)
              for m, p in active[["metric", "per"]].drop_duplicates().itertuples(index=False)]
    columns = ["metric", "per", "period_start", "count", "complete"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _active(targets: pd.DataFrame | None) -> pd.DataFrame:
    t = _frame(targets, ("target_id", "metric", "n", "per", "started_on", "active"))
    return t.loc[t["active"].astype(bool).to_numpy(dtype=bool)] if len(t) else t


def _streak(met: np.ndarray, met_now: bool) -> int:
    """Periods met in a row, counting back from now (the current period counts once it is met)."""
    run = 0
    for ok in met[::-1]:
        if not ok:
            break
        run += 1
    return run + int(met_now)


def progress_against_targets(targets: pd.DataFrame, counts: pd.DataFrame, *, as_of: Any) -> pd.DataFrame:
    """One row per active target: ``target_id, metric, n, per, started_on, period_start`` (of the current
    period), ``so_far`` (its count), ``met_now``, ``judged`` (whole periods looked at), ``met`` (how many
    reached ``n``), ``missed``, ``streak`` (periods met in a row up to now) and ``last`` (the whole
    periods' counts, oldest first). ``counts``: :func:`count_targets`.

    >>> t = pd.DataFrame({"target_id": [1], "metric": ["events"], "n": [1], "per": ["month"],
    ...                   "started_on": pd.to_datetime(["2026-08-01"]), "active": [True]})
    >>> ev = pd.DataFrame({"event_id": [1, 2], "starts_on": pd.to_datetime(["2026-08-30", "2026-09-30"])})
    >>> c = count_targets(t, None, None, ev, None, None, as_of="2026-10-15", periods=3)
    >>> progress_against_targets(t, c, as_of="2026-10-15")[["so_far", "met", "judged", "streak"]].values.tolist()
    [[0, 2, 3, 2]]
    """
    columns = ["target_id", "metric", "n", "per", "started_on", "period_start", "so_far", "met_now", "judged",
               "met", "missed", "streak", "last"]
    rows = []
    for t in _active(targets).itertuples(index=False):
        mine = counts.loc[(counts["metric"] == t.metric).to_numpy() & (counts["per"] == t.per).to_numpy()]
        if mine.empty:
            continue
        whole = mine.loc[mine["complete"].astype(bool).to_numpy()]
        now = mine.loc[~mine["complete"].astype(bool).to_numpy()].iloc[-1]
        met = whole["count"].to_numpy() >= int(t.n)
        rows.append({"target_id": int(t.target_id), "metric": t.metric, "n": int(t.n), "per": t.per,
                     "started_on": t.started_on, "period_start": now["period_start"], "so_far": int(now["count"]),
                     "met_now": bool(now["count"] >= int(t.n)), "judged": len(whole), "met": int(met.sum()),
                     "missed": int((~met).sum()), "streak": _streak(met, bool(now["count"] >= int(t.n))),
                     "last": whole["count"].astype(int).tolist()})
    return pd.DataFrame(rows, columns=columns)


# ----------------------------------------------------------------------------- sentences


def amount(metric: str, n: int) -> str:
    """'1 revived tie', '3 conversations'.

    >>> amount("revived ties", 1), amount("conversations", 3)
    ('1 revived tie', '3 conversations')
    """
    one, many = _UNITS.get(metric, (metric, metric))
    return f"{int(n):,} {one if int(n) == 1 else many}"


def goal_words(metric: str, n: int, per: str) -> str:
    """'2 conversations a week' (how the view and the report name a goal).

    >>> goal_words("revived ties", 1, "month"), goal_words("new people", 3, "week")
    ('1 revived tie a month', '3 new people a week')
    """
    return f"{amount(metric, n)} a {per}"


def period_label(start: Any, per: str) -> str:
    """'week of 12 Oct' or 'Oct 2026'.

    >>> period_label("2026-10-12", "week"), period_label("2026-10-01", "month")
    ('week of 12 Oct', 'Oct 2026')
    """
    ts = pd.Timestamp(start)
    return f"week of {ts.day} {ts:%b}" if per == "week" else f"{ts:%b %Y}"


def progress_title(row: dict | Any) -> str:
    """A chart title that states the finding: '3 of the last 8 weeks met your goal of 2 conversations'.

    >>> progress_title({"metric": "conversations", "n": 2, "per": "week", "met": 3, "judged": 8})
    '3 of the last 8 weeks met your goal of 2 conversations'
    """
    r = dict(row) if not isinstance(row, dict) else row
    periods = f"{r['per']}s" if int(r["judged"]) != 1 else r["per"]
    return f"{int(r['met'])} of the last {int(r['judged'])} {periods} met your goal of {amount(r['metric'], r['n'])}"


def progress_sentence(row: dict | Any) -> str:
    """Where a goal stands, in the person's own numbers (plain text, not escaped).

    >>> progress_sentence({"metric": "conversations", "n": 2, "per": "week", "met": 3, "judged": 8,
    ...     "so_far": 1, "met_now": False, "streak": 0, "last": [0, 2, 1, 3, 0, 2, 0, 1]})
    'This week so far: 1 of 2 conversations; one more reaches your goal. You met it in 3 of the last 8 weeks (about 1 a week on average).'
    """
    r = dict(row) if not isinstance(row, dict) else row
    per, n, so_far = r["per"], int(r["n"]), int(r["so_far"])
    one, many = _UNITS.get(r["metric"], (r["metric"], r["metric"]))
    left = n - so_far
    if left <= 0:
        now = f"This {per} so far: {amount(r['metric'], so_far)}, so your goal of {n:,} is reached."
    else:
        now = (f"This {per} so far: {so_far:,} of {n:,} {many if n != 1 else one}; "
               + ("one more reaches your goal." if left == 1 else f"{left:,} more reach your goal."))
    last = list(r.get("last") or [])
    average = sum(last) / len(last) if last else 0.0
    history = (f" You met it in {int(r['met'])} of the last {int(r['judged'])} {per}s "
               f"(about {average:.0f} a {per} on average).") if r["judged"] else ""
    streak = int(r.get("streak") or 0)
    run = f" That is {streak} {per}s in a row." if streak > 1 else ""
    return now + history + run


def what_to_do(metric: str, items_ever: int, *, has_interactions: bool) -> str:
    """What to do when a metric has nothing to count (a LinkedIn-only workbook, say); '' otherwise.

    >>> what_to_do("events", 0, has_interactions=True)[:33]
    'You have no events in your workbo'
    """
    if items_ever:
        return ""
    if metric == "events":
        return "You have no events in your workbook yet: add one you plan to go to on the Events page, and it counts once it has happened."
    if metric == "asks made":
        return "You have not recorded an ask yet: when you ask someone for a referral or a recommendation, add it on the Asks page."
    if metric == "posts engaged":
        return ("Your workbook holds no comments on posts (a LinkedIn export does not include them): log each comment "
                "you make as an exchange on channel social, direction outbound.")
    if not has_interactions:
        return "Your workbook holds no exchanges yet: import a LinkedIn export or log a conversation after you have it."
    return f"Nothing in your workbook counts as {metric} yet: log your next conversation as an exchange, right after it."


def revived_sentence(who: pd.DataFrame, names: pd.Series, *, per: str = "week", periods: int = 8) -> str:
    """'In the last 8 weeks you revived 3 ties: A, B and C.' (``names``: full name by contact id; plain text)."""
    ids = who["contact_id"].dropna().astype("int64").drop_duplicates()
    span = f"the last {int(periods)} {per}s and this one"
    if ids.empty:
        return (f"No tie was revived in {span}: pick one person you have not written to for half a year and send "
                "them something useful, with no ask.")
    shown = [str(names.get(int(c), "someone")) for c in ids.head(5)]
    if len(ids) > len(shown):
        listed = ", ".join(shown) + f" and {len(ids) - len(shown):,} more"
    else:
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"In {span} you revived {len(ids):,} {'tie' if len(ids) == 1 else 'ties'}: {listed}."


def goals_summary(table: pd.DataFrame) -> str:
    """One line per active goal (:func:`progress_against_targets`), or what to do without one (plain text).

    >>> goals_summary(pd.DataFrame(columns=["metric"]))[:26]
    'You have no networking goa'
    """
    if table.empty:
        return ("You have no networking goal yet. Pick one thing you can count, such as 2 conversations a week or "
                "1 revived tie a month, on the Progress page of the app (or with set_target).")
    return "\n\n".join(f"{goal_words(r['metric'], r['n'], r['per']).capitalize()}: {progress_sentence(r)}"
                       for r in table.to_dict("records"))


# ----------------------------------------------------------------------------- journal history


def answer_history(reflections: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Every dated answer with ``current`` (True for the answer in the box now) and ``earlier`` (how many
    older answers that prompt has); columns ``prompt_id, text, at, current, earlier``, newest first.

    >>> r = pd.DataFrame({"prompt_id": ["a"], "text": ["two"], "updated_at": pd.to_datetime(["2026-02-01"])})
    >>> h = pd.DataFrame({"prompt_id": ["a", "a"], "text": ["one", "two"], "at": pd.to_datetime(["2026-01-01", "2026-02-01"])})
    >>> answer_history(r, h)[["text", "current", "earlier"]].values.tolist()
    [['two', True, 1], ['one', False, 1]]
    """
    h = _frame(history, ("prompt_id", "text", "at")).astype({"prompt_id": str, "text": str})
    h = h.assign(at=pd.to_datetime(h["at"])).sort_values(["prompt_id", "at"], kind="stable")
    now = _frame(reflections, ("prompt_id", "text")).astype({"prompt_id": str, "text": str}) \
        .set_index("prompt_id")["text"]
    newest = ~h.duplicated("prompt_id", keep="last")
    current = newest & h["prompt_id"].map(now).eq(h["text"])
    return (h.assign(current=current.to_numpy(dtype=bool))
            .assign(earlier=lambda f: f.groupby("prompt_id")["current"].transform(lambda c: len(c) - int(c.sum())))
            .sort_values(["prompt_id", "at"], ascending=[True, False], kind="stable")
            .reset_index(drop=True)[["prompt_id", "text", "at", "current", "earlier"]])


def journal_sentence(history: pd.DataFrame, *, as_of: Any, days: int = 90) -> str:
    """'You wrote 7 answers in the last 90 days, to 4 questions; 2 of them you have answered more than once.'"""
    h = _frame(history, ("prompt_id", "text", "at"))
    end = pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)
    recent = h.loc[(pd.to_datetime(h["at"]) >= end - pd.Timedelta(days=int(days) + 1)).to_numpy(dtype=bool)] \
        if len(h) else h
    if recent.empty:
        return ("Your journal has no answers from the last 90 days: answer one question in the Journal; every answer "
                "is kept with its date, so next month you can see how your thinking moved.")
    again = int((h.groupby("prompt_id").size() > 1).sum())
    prompts = recent["prompt_id"].nunique()
    more = f"; {again} of your questions you have answered more than once, and every earlier answer is kept" \
        if again else ""
    return (f"You wrote {len(recent):,} {'answer' if len(recent) == 1 else 'answers'} in the last {int(days)} days, "
            f"to {prompts:,} {'question' if prompts == 1 else 'questions'}{more}.")


def today_of(as_of: Any) -> dt.date:
    """``as_of`` as a date (for callers passing text)."""
    return pd.Timestamp(as_of).date()
