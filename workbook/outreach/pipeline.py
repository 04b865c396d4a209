"""The mentor pipeline: allowed moves, the funnel, dated follow-ups and their calendar."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..core.calendar import write_calendar
from ..schema import OPEN_STAGES, STAGE_TRANSITIONS, STAGES

#: Follow-up rule defaults; the workbook settings of the same names override them.
FOLLOW_UP_DEFAULTS = {"follow_up_days": 7, "max_follow_ups": 2, "mentor_update_days": 42}
#: An ongoing mentor hears from you every 6 weeks, at the latest after 8.
MENTOR_UPDATE_SLACK_DAYS = 14
#: The main road through the pipeline, in order (declined and paused are side roads).
MAIN_STAGES = OPEN_STAGES


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

    One step per row: a dated next step the person set (``step`` "your-plan", their words) stands
    in for the rule's step of that row, with the earlier of the two dates; ``rule_step`` names the
    rule step it stands for ("" if none), so the list never shows one move twice.

    Columns: outreach_id, contact_id, goal_id, name, stage, step, title, since, due, latest,
    days_until, overdue, follow_up_number, rule_step. Sorted by due date.

    >>> o = pd.DataFrame({"outreach_id": [1], "contact_id": [7], "goal_id": [1], "target": [""],
    ...                   "stage": ["contacted"], "next_step": [""], "due_date": [pd.NaT]})
    >>> h = pd.DataFrame({"outreach_id": [1], "date": pd.to_datetime(["2026-01-28"]), "to_stage": ["contacted"]})
    >>> follow_ups(o, h, as_of="2026-02-01")[["step", "due"]].astype(str).values.tolist()
    [['follow-up', '2026-02-04']]
    """
    rules = _rules(settings)
    as_of = pd.Timestamp(as_of).normalize()
    if outreach is None or outreach.empty:
        return _empty_steps(_STEP_COLUMNS)
    o = outreach.assign(since=_stage_entered(outreach, history, as_of),
                        cid=pd.to_numeric(outreach["contact_id"], errors="coerce"))
    steps = _rule_steps(o, _outbound_since(o, interactions, as_of), rules, _row_names(o, contacts))
    if not steps:
        return _empty_steps(_STEP_COLUMNS)
    out = _one_per_row(pd.concat(steps, ignore_index=True))
    out["days_until"] = (out["due"] - as_of).dt.days.astype("int64")
    out["overdue"] = out["latest"] < as_of
    out["follow_up_number"] = out["follow_up_number"].astype("int64")
    out["contact_id"] = out["contact_id"].astype("Int64")
    out["goal_id"] = pd.array(out["goal_id"], dtype="Int64")
    return out.sort_values(["due", "outreach_id", "step"], kind="stable").reset_index(drop=True)[_STEP_COLUMNS]


_STEP_COLUMNS = ["outreach_id", "contact_id", "goal_id", "name", "stage", "step", "title", "since", "due", "latest",
                 "days_until", "overdue", "follow_up_number", "rule_step"]


def _one_per_row(out: pd.DataFrame) -> pd.DataFrame:
    """One step per pipeline row: a dated next step the person set stands in for the rule's step of
    that row (their words, the earlier of the two dates, so nothing overdue hides behind a later
    plan); ``rule_step`` keeps the rule's kind ("" for a row with no rule step, e.g. paused)."""
    out = out.assign(due=pd.to_datetime(out["due"]).dt.normalize(), latest=pd.to_datetime(out["latest"]).dt.normalize())
    own = (out["step"] == "your-plan").to_numpy()
    rule = out.loc[~own].drop_duplicates("outreach_id").set_index("outreach_id")
    mine = out.loc[own].drop_duplicates("outreach_id", keep="first")
    kept_rule = out.loc[~own & ~out["outreach_id"].isin(mine["outreach_id"]).to_numpy()]
    oid = mine["outreach_id"]
    stood_for = oid.map(rule["step"]).astype(object).fillna("")
    mine = mine.assign(
        rule_step=stood_for.to_numpy(),
        due=np.fmin(mine["due"].to_numpy(), oid.map(rule["due"]).to_numpy(dtype="datetime64[ns]")),
        latest=np.fmin(mine["latest"].to_numpy(), oid.map(rule["latest"]).to_numpy(dtype="datetime64[ns]")),
        follow_up_number=oid.map(rule["follow_up_number"]).fillna(mine["follow_up_number"]).to_numpy(),
    )
    return pd.concat([kept_rule.assign(rule_step=kept_rule["step"].to_numpy()), mine], ignore_index=True)


def _stage_entered(o: pd.DataFrame, history: pd.DataFrame | None, as_of: pd.Timestamp) -> pd.Series:
    """The day each row entered its current stage: the latest history entry into that stage, else the
    row's ``updated_at``, else ``as_of``."""
    entered = pd.Series(pd.NaT, index=o["outreach_id"], dtype="datetime64[ns]")
    if history is not None and len(history):
        h = history.loc[history["outreach_id"].isin(o["outreach_id"])]
        h = h.assign(date=pd.to_datetime(h["date"]))
        cur = h.merge(o[["outreach_id", "stage"]], on="outreach_id")
        cur = cur.loc[cur["to_stage"] == cur["stage"]]
        entered = cur.groupby("outreach_id")["date"].max().reindex(o["outreach_id"]).astype("datetime64[ns]")
    fallback = pd.to_datetime(o["updated_at"]).dt.normalize() if "updated_at" in o else pd.Series(as_of, index=o.index)
    since = pd.Series(entered.to_numpy(), index=o.index).fillna(pd.Series(fallback.to_numpy(), index=o.index))
    return since.dt.normalize()


def _outbound_since(o: pd.DataFrame, interactions: pd.DataFrame | None, as_of: pd.Timestamp) -> dict[str, pd.Series]:
    """Exchanges with each row's contact since its stage began (``o`` has ``since`` and ``cid``):
    ``n_fu`` follow-ups sent after that day, ``last_fu``, ``last_out`` (any outbound) and ``last_any``."""
    nat = pd.Series(pd.NaT, index=o.index, dtype="datetime64[ns]")
    seen = {"n_fu": pd.Series(0, index=o.index), "last_fu": nat, "last_out": nat, "last_any": nat}
    if interactions is None or not len(interactions):
        return seen
    it = interactions.loc[interactions["contact_id"].isin(o["cid"].dropna()) & (interactions["date"] <= as_of)]
    j = o[["outreach_id", "cid", "since"]].reset_index().merge(
        it[["contact_id", "date", "direction", "kind"]], left_on="cid", right_on="contact_id")
    j = j.loc[j["date"] >= j["since"]]
    out_j = j.loc[j["direction"] == "outbound"]
    # The first message goes out the day the row is marked contacted; follow-ups come later.
    fu = out_j.loc[(out_j["kind"] == "follow-up") & (out_j["date"] > out_j["since"])]
    return {"n_fu": fu.groupby("index").size().reindex(o.index).fillna(0).astype("int64"),
            "last_fu": fu.groupby("index")["date"].max().reindex(o.index),
            "last_out": out_j.groupby("index")["date"].max().reindex(o.index),
            "last_any": j.groupby("index")["date"].max().reindex(o.index)}


def _rule_steps(o: pd.DataFrame, seen: dict[str, pd.Series], rules: dict[str, int],
                names: pd.Series) -> list[pd.DataFrame]:
    """One frame of steps per rule of :func:`follow_ups` that applies to some rows."""
    fd, md = pd.Timedelta(days=rules["follow_up_days"]), pd.Timedelta(days=rules["mentor_update_days"])
    slack, day, max_fu = pd.Timedelta(days=MENTOR_UPDATE_SLACK_DAYS), pd.Timedelta(days=1), rules["max_follow_ups"]
    stage, since, n_fu = o["stage"], o["since"], seen["n_fu"]
    steps: list[pd.DataFrame] = []

    def add(mask: pd.Series, step: str, title: pd.Series | str, due: pd.Series, latest: pd.Series | None = None,
            number: pd.Series | int = 0) -> None:
        if not mask.any():
            return
        sub = o.loc[mask]
        steps.append(pd.DataFrame({
            "outreach_id": sub["outreach_id"].to_numpy(), "contact_id": sub["contact_id"].to_numpy(),
            "goal_id": sub["goal_id"].to_numpy() if "goal_id" in sub else pd.NA,
            "name": names[mask].to_numpy(), "stage": sub["stage"].to_numpy(), "step": step,
            "title": (title[mask] if isinstance(title, pd.Series) else pd.Series(title, index=sub.index)).to_numpy(),
            "since": sub["since"].to_numpy(), "due": due[mask].to_numpy(),
            "latest": (latest if latest is not None else due)[mask].to_numpy(),
            "follow_up_number": (number[mask] if isinstance(number, pd.Series) else number),
        }))

    early, nobody = stage.isin(["identified", "researching"]), o["contact_id"].isna()
    add(early & ~nobody, "first-message", "Write to " + names + " (or ask for an introduction)", since + fd)
    add(early & nobody, "find", "Find " + names.str.slice(0, 1).str.lower() + names.str.slice(1)
        + ": ask around, join the group where they are", since + fd)
    add(stage == "intro requested", "check-intro", "Check in on the introduction to " + names, since + fd)
    contacted = stage == "contacted"
    last_touch = pd.concat([since, seen["last_fu"]], axis=1).max(axis=1)
    add(contacted & (n_fu < max_fu), "follow-up",
        "Polite follow-up " + (n_fu + 1).astype(str) + " of " + str(max_fu) + " to " + names,
        last_touch + fd, number=n_fu + 1)
    add(contacted & (n_fu >= max_fu), "rest",
        "No reply after " + str(max_fu) + " follow-ups: let it rest and consider pausing " + names,
        last_touch + fd, number=n_fu)
    add(stage == "replied", "plan-meeting", "Reply to " + names + " and propose a time", since + 2 * day)
    last_out = seen["last_out"]
    thanked = (stage == "met") & last_out.notna()
    add((stage == "met") & ~thanked, "thank-you", "Thank " + names + " for their time", since + day)
    add(thanked, "update", "Tell " + names + " how their advice worked out", last_out + md,
        latest=last_out + md + slack)
    base = pd.concat([since, seen["last_any"]], axis=1).max(axis=1)
    add(stage == "ongoing mentor", "update", "Send " + names + " an update on your progress", base + md,
        latest=base + md + slack)
    if "next_step" in o and "due_date" in o:
        own = (o["next_step"].fillna("").astype(str).str.strip() != "") & o["due_date"].notna() & ~stage.isin(
            ["declined"])
        add(own, "your-plan", o["next_step"].fillna("").astype(str), pd.to_datetime(o["due_date"]))
    return steps


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


def to_ics(steps: pd.DataFrame, *, as_of: Any = None, calendar_name: str = "Mentor outreach") -> bytes:
    """Next steps as an iCalendar file (all-day events) that imports into any calendar.

    UIDs are stable (the same step exports the same event, so re-importing updates it) and
    ``as_of`` stamps the file; without it the earliest due day does (never the wall clock), so
    exports stay reproducible. Written by :func:`workbook.core.calendar.write_calendar`.

    >>> s = pd.DataFrame({"outreach_id": [1], "step": ["follow-up"], "title": ["Follow up with Lee"],
    ...                   "due": pd.to_datetime(["2026-02-04"]), "name": ["Lee"], "stage": ["contacted"]})
    >>> b"SUMMARY:Follow up with Lee" in to_ics(s, as_of="2026-02-01")
    True
    """
    if as_of is None:
        due = pd.to_datetime(steps["due"]).dropna() if "due" in steps else pd.Series(dtype="datetime64[ns]")
        as_of = due.min() if len(due) else pd.Timestamp("1970-01-01")
    events = []
    for r in steps.itertuples(index=False):
        due = pd.Timestamp(r.due).date()
        desc = f"Mentor outreach: {getattr(r, 'name', '')} ({getattr(r, 'stage', '')})."
        latest = getattr(r, "latest", None)
        if latest is not None and not pd.isna(latest) and pd.Timestamp(latest).date() != due:
            desc += f" At the latest by {pd.Timestamp(latest).date().isoformat()}."
        events.append({"uid": f"outreach-{int(r.outreach_id)}-{r.step}-{due.isoformat()}@networking-workbook",
                       "day": due, "summary": r.title, "description": desc})
    return write_calendar(events, as_of=as_of, name=calendar_name, product="mentor outreach")
