"""A self-contained HTML report to share with a coach: the charts, this week's plan, progress against
the person's goals, dormant ties revived, events (past and upcoming, with people met), the open
mentor pipeline and the journal's recent answers with their dates.

One file, no network needed to open it (plotly's JavaScript is inlined once), every string
from the workbook escaped. ``initials=True`` replaces every contact's name with initials and
leaves out what could name them (emails, phones, LinkedIn, notes, how you met, drafts); any
contact's full name inside text the person wrote (a journal answer, an event's goal, a next step)
becomes initials too.
The charts are the app's own figure builders (:mod:`workbook.figures`), fed by the workbook's
:class:`~workbook.session.Session`, so the report shows what the app's pages show.

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> _ = book.add_contact("Ada <b>Lovelace</b>")
>>> html = build_report(book, initials=True, include_plotlyjs=False)
>>> "Lovelace" in html, "<b>Lovelace" in html
(False, False)
>>> initials_of("Ada Lovelace"), initials_of("  "), initials_of("<img src=x>")
('A. L.', '?', '<. S.')
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import re
import traceback
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd
import plotly.graph_objects as go

from . import __version__
from .figures import health as health_charts
from .figures import mapping as mapping_charts
from .figures import outreach as outreach_charts
from .figures import progress as progress_charts
from .figures import theme
from .practices import progress
from .prompts import PROMPTS, humanise
from .schema import IN_PROGRESS_STAGES
from .session import PLAN_TABLES, Session
from .store import Workbook

log = logging.getLogger("workbook.report")

#: Contact columns that could identify a person and are blanked when showing initials.
IDENTIFYING = ("emails", "phones", "linkedin_url", "notes", "how_met", "birthday")


def esc(value: Any) -> str:
    """Escape any value for HTML."""
    return html.escape("" if value is None else str(value), quote=True)


def initials_of(name: Any) -> str:
    """'Ada Lovelace' -> 'A. L.' (first letter of the first and last word)."""
    words = [w for w in re.split(r"\s+", str(name or "").strip()) if w]
    if not words:
        return "?"
    letters = [words[0][0]] + ([words[-1][0]] if len(words) > 1 else [])
    return " ".join(f"{c.upper()[:1] or c}." for c in letters)


def scrub_names(texts: pd.Series, names: pd.Series) -> pd.Series:
    """``texts`` with every contact's full name (two words or more, any case) as its initials.

    >>> scrub_names(pd.Series(["Call Ada Lovelace today", ""]), pd.Series(["Ada Lovelace", "Bo"])).tolist()
    ['Call A. L. today', '']
    """
    full = sorted({str(n).strip() for n in names if len(str(n).split()) > 1}, key=len, reverse=True)
    if not full or texts.empty:
        return texts
    found = re.compile("|".join(re.escape(n) for n in full), re.IGNORECASE)
    return texts.fillna("").astype(str).map(lambda t: found.sub(lambda m: initials_of(m.group(0)), t) if t else t)


@dataclass
class Frames:
    """What the report reads from the workbook's :class:`~workbook.session.Session` (already
    anonymised when asked); ``session`` computes the analyses, once per workbook version."""

    contacts: pd.DataFrame
    interactions: pd.DataFrame
    tags: pd.DataFrame
    links: pd.DataFrame
    goals: pd.DataFrame
    outreach: pd.DataFrame
    history: pd.DataFrame
    profile: pd.DataFrame
    settings: dict
    as_of: dt.date
    session: Session | None = None
    initials: bool = False

    def names(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with its ``full_name`` column as initials when the report shows initials."""
        if not self.initials or "full_name" not in frame:
            return frame
        return frame.assign(full_name=frame["full_name"].map(initials_of))


def read_frames(book: Workbook | Session, *, initials: bool = False) -> Frames:
    """Read the workbook (through its Session: shared with the app's views); with ``initials``
    every contact name becomes initials and identifying fields are emptied (the workbook itself
    is not changed)."""
    session = Session.of(book)
    contacts = session.contacts()
    interactions = session.interactions()
    outreach = session.outreach()
    if initials:
        short = contacts["full_name"].map(initials_of)
        # A step the person typed may name someone ("Check in with Emeka Moreau"): names become initials there too.
        outreach = outreach.assign(next_step=scrub_names(outreach["next_step"], contacts["full_name"]))
        contacts = contacts.assign(
            full_name=short,
            first_name=short.str.split(" ").str[0],
            last_name=short.str.split(" ").str[-1],
            **{c: "" for c in IDENTIFYING if c in contacts},
        )
        interactions = interactions.assign(note="")
        outreach = outreach.assign(draft="", notes="", target=outreach["target"].where(
            outreach["contact_id"].notna(), "someone you have yet to meet"))
    return Frames(contacts, interactions, session.tags(), session.links(), session.goals(), outreach,
                  session.outreach_history(), session.profile(), session.settings(), session.as_of(), session,
                  initials)


def _session(f: Frames) -> Session:
    # Frames made by hand (tests) have no session: one over nothing would be wrong, so say so.
    if f.session is None:
        raise ValueError("These frames were not read from a workbook (use read_frames).")
    return f.session


# ----------------------------------------------------------------------------- charts
# The figures are the app's own builders (workbook.figures); the analyses come from the Session,
# so a report made from the app reuses what its views computed.


def _chart_circles(f: Frames) -> go.Figure | None:
    from .mapping import circles, summarise_circles

    if f.contacts.empty:
        return None
    s = _session(f)
    table = s.memo("report.circles", ("contacts", "interactions", "settings"), lambda: summarise_circles(
        circles(s.contacts(), s.interactions(), as_of=s.as_of()), s.settings().get("cadence")))
    return mapping_charts.circle_bars(table)


def _chart_health(f: Frames) -> go.Figure | None:
    if f.contacts.empty:
        return None
    return health_charts.status_by_circle(f.names(_session(f).health()))


def _chart_activity(f: Frames) -> go.Figure | None:
    from .health import monthly_interactions

    if f.interactions.empty:
        return None
    s = _session(f)
    matrix = s.memo("report.monthly", ("interactions", "settings"),
                    lambda: monthly_interactions(s.interactions(), as_of=s.as_of(), months=24))
    if int(matrix.to_numpy().sum()) == 0:
        return None
    return health_charts.interaction_heatmap(matrix, f.names(s.health())["full_name"])


def _chart_pipeline(f: Frames) -> go.Figure | None:
    from .outreach import count_funnel

    if f.outreach.empty:
        return None
    return outreach_charts.plot_funnel(count_funnel(f.outreach, f.history))


#: The report's charts in order: (heading, builder).
CHARTS: tuple[tuple[str, Callable[[Frames], go.Figure | None]], ...] = (
    ("Your circles", _chart_circles),
    ("Relationship health", _chart_health),
    ("Keeping in touch", _chart_activity),
    ("Mentor outreach", _chart_pipeline),
)


# ----------------------------------------------------------------------------- tables


def plan_rows(f: Frames) -> pd.DataFrame:
    """This week's plan (from :func:`workbook.plan.weekly_plan`)."""
    from .plan import weekly_plan

    if f.contacts.empty:
        return pd.DataFrame(columns=["step", "category", "full_name", "action", "reason", "due"])

    loops: dict[str, pd.DataFrame] = {}
    if f.session is not None:  # the practice loops' steps too: event follow-ups, thank-yous, goals
        loops = {t: f.session.table(t) for t in ("events", "event_people", "asks", "targets")}
        # The asks' own words are quoted in their steps: with initials, no full name in them.
        loops["asks"] = loops["asks"].assign(specifics=_own_words(f, loops["asks"]["specifics"]))

    def plan() -> pd.DataFrame:
        return weekly_plan(f.contacts, f.interactions, as_of=f.as_of, settings=f.settings, tags=f.tags,
                           goals=f.goals, outreach=f.outreach, history=f.history, links=f.links, **loops)

    if f.session is None:
        return plan()
    # With names the plan is the This week page's (same inputs); with initials it is made from the
    # anonymised frames, so its reasons never name anyone.
    return f.session.memo(f"report.plan:{'initials' if f.initials else 'names'}", PLAN_TABLES + ("settings",), plan)


def _table(frame: pd.DataFrame, columns: dict[str, str], css: str) -> str:
    if frame.empty:
        return '<p class="muted">Nothing here yet.</p>'
    head = "".join(f"<th>{esc(label)}</th>" for label in columns.values())
    body = []
    for rec in frame[list(columns)].to_dict("records"):
        cells = []
        for key in columns:
            v = rec[key]
            if isinstance(v, (pd.Timestamp, dt.date)) and not pd.isna(v):
                v = f"{pd.Timestamp(v):%a %d %b}"
            elif v is None or (not isinstance(v, str) and pd.isna(v)):
                v = ""
            cells.append(f"<td>{esc(v)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


# ----------------------------------------------------------------------------- the practice loops
# Goals, revived ties, events and the journal (issue 20). Counts come from
# workbook.practices.progress; every name shown goes through the Frames (initials when asked), and
# text the person wrote has any contact's full name turned into initials.

#: Whole weeks the report's progress and revived ties look back over (and the current one).
REPORT_WEEKS = 8
#: How many rows the events and journal tables list at most.
REPORT_ROWS = 10
_LOOP_TABLES = ("interactions", "contacts", "events", "event_people", "asks")


class _Divs:
    """Figures to HTML divs, plotly's JavaScript inlined with the first one only."""

    def __init__(self, include_plotlyjs: bool):
        self.include, self.first = include_plotlyjs, True

    def __call__(self, fig: go.Figure) -> str:
        div = fig.to_html(full_html=False, include_plotlyjs=self.include if self.first else False,
                          config={"displaylogo": False, "responsive": True})
        self.first = False
        return div


def _loop(f: Frames) -> list[pd.DataFrame]:
    s = _session(f)
    return [s.table(t) for t in _LOOP_TABLES]


def _names_by_id(f: Frames) -> pd.Series:
    return f.contacts.set_index("contact_id")["full_name"]


def _own_words(f: Frames, texts: pd.Series) -> pd.Series:
    """Text the person wrote, with every contact's full name as initials when the report shows initials."""
    texts = texts.fillna("").astype(str)
    if not f.initials:
        return texts
    return scrub_names(texts, _session(f).book.contacts(include_archived=True)["full_name"])


def goal_section(f: Frames, div: Callable[[go.Figure], str]) -> str:
    """Each active goal: where it stands in the person's numbers and its chart."""
    s = _session(f)
    targets = s.table("targets")
    counts = progress.count_targets(targets, *_loop(f), as_of=f.as_of, periods=REPORT_WEEKS)
    table = progress.progress_against_targets(targets, counts, as_of=f.as_of)
    if table.empty:
        return ('<p class="muted">No networking goal set yet. On the Progress page, choose one (for example '
                '2 conversations a week, or 1 revived tie a month) and this report shows each week against it.</p>')
    parts = []
    for row in table.to_dict("records"):
        mine = counts.loc[(counts["metric"] == row["metric"]) & (counts["per"] == row["per"])]
        fig = progress_charts.progress_chart(mine[["period_start", "count", "complete"]].reset_index(drop=True),
                                             metric=row["metric"], per=row["per"], n=int(row["n"]))
        parts.append(f'<h3>{esc(progress.goal_words(row["metric"], row["n"], row["per"]))}</h3>'
                     f'<p>{esc(progress.progress_sentence(row))}</p>{div(fig)}')
    return "".join(parts)


def revived_rows(f: Frames) -> pd.DataFrame:
    """Ties revived in the report's weeks (:func:`workbook.practices.progress.who_counted`): date, full_name."""
    who = progress.who_counted("revived ties", *_loop(f), period="week", as_of=f.as_of, periods=REPORT_WEEKS)
    return who.assign(full_name=who["contact_id"].map(_names_by_id(f)).fillna("someone"))


def revived_section(f: Frames) -> str:
    """How many dormant or cooling ties came back, and who."""
    rows = revived_rows(f)
    sentence = progress.revived_sentence(rows, _names_by_id(f), per="week", periods=REPORT_WEEKS)
    gap = (f'<p class="muted">A tie counts as revived when a conversation comes {progress.REVIVED_GAP_DAYS} days '
           'or more after the last one (or after you connected).</p>')
    table = _table(rows.head(REPORT_ROWS), {"date": "When", "full_name": "Who"}, "revived") if len(rows) else ""
    return f"<p>{esc(sentence)}</p>{gap}{table}"


def event_rows(f: Frames) -> pd.DataFrame:
    """Every event with the people met there and the people to meet (names or initials)."""
    s = _session(f)
    events, people = s.table("events"), s.table("event_people")
    named = people.assign(full_name=people["contact_id"].map(_names_by_id(f)).fillna("someone").astype(str))

    def who(role: str) -> pd.Series:
        return named.loc[named["role"] == role].groupby("event_id")["full_name"].agg(", ".join)

    return events.assign(title=_own_words(f, events["title"]), goal=_own_words(f, events["goal"]),
                         met=events["event_id"].map(who("met")).fillna(""),
                         to_meet=events["event_id"].map(who("to meet")).fillna(""),
                         past=events["starts_on"] <= pd.Timestamp(f.as_of))


def events_section(f: Frames) -> str:
    """Upcoming events (with their goal and whom to meet) and past ones (with the people met)."""
    rows = event_rows(f)
    if rows.empty:
        return ('<p class="muted">No events yet. Add an event you plan to go to on the Events page: its goal, '
                'whom to meet, and afterwards the people you met.</p>')
    upcoming = rows.loc[~rows["past"]].sort_values("starts_on").head(REPORT_ROWS)
    past = rows.loc[rows["past"]].sort_values("starts_on", ascending=False).head(REPORT_ROWS)
    met = int((past["met"] != "").sum())
    return (f"<h3>Coming up ({len(upcoming):,})</h3>"
            + _table(upcoming, {"starts_on": "When", "title": "Event", "goal": "Your goal", "to_meet": "To meet"},
                     "events-upcoming")
            + f"<h3>Been to ({len(past):,})</h3><p class=\"muted\">You logged the people you met at {met:,} of "
            f"{'it' if len(past) == 1 else 'them'}.</p>"
            + _table(past, {"starts_on": "When", "title": "Event", "met": "People met"}, "events-past"))


def pipeline_section(f: Frames) -> str:
    """The mentor conversations still in progress: who, stage, next step, due."""
    rows = f.outreach.loc[f.outreach["stage"].isin(IN_PROGRESS_STAGES)] if len(f.outreach) else f.outreach
    if rows.empty:
        return '<p class="muted">No mentor conversation in progress. Add a candidate on the Outreach page.</p>'
    names = rows["contact_id"].map(_names_by_id(f))
    rows = rows.assign(full_name=names.where(names.notna(), rows["target"]).astype(str)) \
        .sort_values("due_date", na_position="last")
    return _table(rows.head(REPORT_ROWS * 2), {"full_name": "Who", "stage": "Stage", "next_step": "Next step",
                                               "due_date": "Due"}, "pipeline")


def journal_rows(f: Frames) -> pd.DataFrame:
    """The journal's most recent answers, newest first: at, question, text (names scrubbed when asked)."""
    h = _session(f).table("reflection_history").sort_values("at", ascending=False, kind="stable").head(REPORT_ROWS)
    ids = h["prompt_id"].astype(str)
    question = ids.map(lambda p: PROMPTS.get(p) or (p[5:] if p.startswith("note.") else humanise(p)))
    text = _own_words(f, h["text"]).map(lambda t: t if len(t) <= 600 else t[:599] + "…")
    return h.assign(question=_own_words(f, question), text=text)


def journal_section(f: Frames) -> str:
    """Recent journal answers with their dates (every answer is kept, so earlier ones show too)."""
    rows = journal_rows(f)
    if rows.empty:
        return ('<p class="muted">No journal answers yet. Each chapter ends with a question; answers are kept '
                'with their dates, so the report can show how your thinking moves.</p>')
    sentence = progress.journal_sentence(_session(f).table("reflection_history"), as_of=f.as_of)
    return f"<p>{esc(sentence)}</p>" + _table(rows, {"at": "When", "question": "Question", "text": "Your answer"},
                                                "journal")


#: The report's sections after the plan, in order: (heading, css class, builder, takes the chart maker).
SECTIONS: tuple[tuple[str, str, Callable[..., str], bool], ...] = (
    ("Progress against your goal", "goal", goal_section, True),
    ("Dormant ties revived", "revived", revived_section, False),
    ("Events", "events", events_section, False),
    ("Mentor pipeline", "pipeline", pipeline_section, False),
    ("Journal", "journal", journal_section, False),
)


def _sections(f: Frames, div: _Divs) -> list[str]:
    parts = []
    for heading, css, builder, charts in SECTIONS:
        try:
            body = builder(f, div) if charts else builder(f)
        except Exception:  # noqa: BLE001 - one section failing must not lose the whole report
            log.error("report section %s failed:\n%s", heading, traceback.format_exc())
            body = '<p class="muted">This part could not be made.</p>'
        parts.append(f'<section class="{css}"><h2>{esc(heading)}</h2>{body}</section>')
    return parts


_STYLE = f"""
body {{ font-family: {theme.FONT}; color: {theme.INK}; margin: 0; background: #F5F7FA; }}
main {{ max-width: 980px; margin: 0 auto; padding: 32px 24px 64px; }}
header {{ border-top: 4px solid {theme.ACCENT}; background: white; border-radius: 10px; padding: 20px 24px;
          border-left: 1px solid #E3E7ED; border-right: 1px solid #E3E7ED; border-bottom: 1px solid #E3E7ED; }}
.brand {{ font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: {theme.ACCENT}; font-weight: 700; }}
h1 {{ font-size: 26px; margin: 4px 0; }} h2 {{ font-size: 19px; margin: 0 0 8px; }}
h3 {{ font-size: 15px; margin: 16px 0 6px; }}
.muted {{ color: {theme.MUTED}; }}
section {{ background: white; border: 1px solid #E3E7ED; border-radius: 10px; padding: 20px 24px; margin-top: 16px; }}
.numbers {{ display: flex; flex-wrap: wrap; gap: 12px; margin-top: 12px; }}
.number {{ flex: 1 1 150px; border: 1px solid #E3E7ED; border-radius: 8px; padding: 10px 14px; }}
.number b {{ display: block; font-size: 24px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
th, td {{ text-align: left; padding: 8px 10px; border-bottom: 1px solid #ECEFF3; vertical-align: top; }}
th {{ color: {theme.MUTED}; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }}
td:first-child {{ white-space: nowrap; }}
footer {{ margin-top: 24px; font-size: 12px; }}
"""


def build_report(book: Workbook | Session, *, initials: bool = False, include_plotlyjs: bool = True) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    f = read_frames(book, initials=initials)
    owner = str(f.profile.loc[0, "name"] or "").strip()
    title = f"Networking report{' for ' + owner if owner else ''}"
    active_contacts = len(f.contacts)
    end = pd.Timestamp(f.as_of)
    recent = int((f.interactions["date"].between(end - pd.Timedelta(days=90), end)).sum()) if len(f.interactions) else 0
    open_pipeline = int(f.outreach["stage"].isin(IN_PROGRESS_STAGES).sum()) if len(f.outreach) else 0
    goals = f.goals.loc[f.goals["status"] == "active", "title"].astype(str).tolist() if len(f.goals) else []

    div = _Divs(include_plotlyjs)
    loops = _sections(f, div)
    parts: list[str] = []
    for heading, builder in CHARTS:
        try:
            fig = builder(f)
        except Exception:  # noqa: BLE001 - one chart failing must not lose the whole report
            log.error("report chart %s failed:\n%s", heading, traceback.format_exc())
            parts.append(f'<section><h2>{esc(heading)}</h2><p class="muted">This chart could not be drawn.</p>'
                         "</section>")
            continue
        if fig is None:
            continue
        parts.append(f'<section class="chart"><h2>{esc(heading)}</h2>{div(fig)}</section>')

    try:
        plan = plan_rows(f)
    except Exception:  # noqa: BLE001
        log.error("report plan failed:\n%s", traceback.format_exc())
        plan = pd.DataFrame()
    plan_html = _table(plan, {"due": "When", "full_name": "Who", "action": "What", "reason": "Why"}, "plan") \
        if not plan.empty else '<p class="muted">No steps this week.</p>'

    names_note = "Contacts are shown by their initials. " if initials else ""
    goals_html = ("<p>Working toward: " + ", ".join(f"<b>{esc(g)}</b>" for g in goals) + ".</p>") if goals else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{_STYLE}</style></head>
<body><main>
<header><div class="brand">Networking Workbook</div><h1>{esc(title)}</h1>
<p class="muted">As of {esc(f"{f.as_of.day} {f.as_of:%B %Y}")}. {esc(names_note)}Made on this computer; nothing was uploaded.</p>
{goals_html}
<div class="numbers">
<div class="number"><b>{active_contacts:,}</b>contacts</div>
<div class="number"><b>{recent:,}</b>exchanges in the last 90 days</div>
<div class="number"><b>{open_pipeline:,}</b>open mentor conversations</div>
</div></header>
<section class="week"><h2>This week</h2>{plan_html}</section>
{''.join(loops[:2])}
{''.join(parts)}
{''.join(loops[2:])}
<footer class="muted">Networking Workbook {esc(__version__)}. Generated {esc(dt.date.today().isoformat())}.</footer>
</main></body></html>
"""


def report_filename(book: Workbook | Session) -> str:
    """A file name for the downloaded report: ``networking-report-YYYY-MM-DD.html``."""
    return f"networking-report-{Session.of(book).as_of().isoformat()}.html"


def write_report(book: Workbook, to, *, initials: bool = False) -> str:
    """Write the report to a file; returns its path as text."""
    from pathlib import Path

    path = Path(to)
    path.write_text(build_report(book, initials=initials), encoding="utf-8")
    return str(path)
