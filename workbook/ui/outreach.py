"""Mentor-outreach widgets: goals, candidates, the pipeline, drafts and next steps.

Top-level component: :class:`OutreachView` (``OutreachView(book)``), a ``VBox`` with ``refresh()``,
a ``messages`` area and an Int ``changes`` traitlet incremented after every write. Its parts are
usable alone: :class:`GoalEditor`, :class:`CandidateList`, :class:`PipelinePanel`,
:class:`DraftEditor`, :class:`NextSteps` and :class:`CopyButton`. Every computation is done by
:mod:`workbook.outreach`; charts come from :mod:`workbook.figures.outreach`.

Stable CSS classes: ``wb-outreach-view``, ``wb-outreach-tabs``, ``wb-outreach-goals``, ``wb-outreach-goal``,
``wb-outreach-goal-save``, ``wb-outreach-goal-new``, ``wb-outreach-candidates``, ``wb-outreach-candidate``,
``wb-outreach-explain``, ``wb-outreach-add``, ``wb-outreach-where``, ``wb-outreach-add-target``,
``wb-outreach-pipeline``, ``wb-outreach-row``, ``wb-outreach-stage``, ``wb-outreach-note``,
``wb-outreach-move``, ``wb-outreach-followup``, ``wb-outreach-drafts``, ``wb-outreach-draft``,
``wb-outreach-copy``, ``wb-outreach-save-draft``, ``wb-outreach-steps``, ``wb-outreach-ics``,
``wb-outreach-chart``.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from .. import outreach
from ..figures import outreach as charts
from ..session import Session
from .common import MessageArea, check_choice, check_int, esc, guard, meaning_line, plural, section_title, teaching_panel
from .outreach_pipeline import ChartSlots, DraftEditor, NextSteps, PipelinePanel
from .widgets import NEW_GOAL as _NEW_GOAL  # noqa: F401 - kept importable
from .widgets import CopyButton, GoalEditor, download_link

__all__ = ["CopyButton", "GoalEditor", "CandidateList", "PipelinePanel", "DraftEditor", "NextSteps",
           "OutreachView", "download_link"]

#: How many candidates the list offers (the ranking itself covers every contact).
CANDIDATE_LIMIT = 25

# ----------------------------------------------------------------------------- goals


# ----------------------------------------------------------------------------- candidates


class CandidateList(widgets.VBox):
    """Ranked mentor candidates for a goal, why they rank, how to reach them, and "add to pipeline".

    ``value`` is the selected contact id; ``candidates`` the ranking (see
    :func:`workbook.outreach.rank_mentors`); ``where`` the "someone at X / in Y" suggestions.
    """

    value = traitlets.Int(None, allow_none=True)
    changes = traitlets.Int(0)

    def __init__(self, book, *, messages: MessageArea | None = None, limit: int = CANDIDATE_LIMIT, **kwargs: Any):
        self.book = book
        self.limit = int(limit)
        self.messages = messages or MessageArea()
        self.goal: pd.Series | None = None
        self.candidates = pd.DataFrame()
        self.where = pd.DataFrame()
        self.routes = None
        self.path: dict[str, Any] = {}
        self.list = widgets.Select(options=[], rows=8, layout=widgets.Layout(width="100%"))
        self.list.add_class("wb-outreach-candidate")
        self.explain = widgets.HTML()
        self.explain.add_class("wb-outreach-explain")
        self.add = widgets.Button(description="Add to pipeline", button_style="primary", icon="plus", disabled=True)
        self.add.add_class("wb-outreach-add")
        self.where_list = widgets.Select(options=[], rows=5, layout=widgets.Layout(width="100%"))
        self.where_list.add_class("wb-outreach-where")
        self.where_explain = widgets.HTML()
        self.add_target = widgets.Button(description="Add as a target", icon="plus", disabled=True)
        self.add_target.add_class("wb-outreach-add-target")
        self.charts = ChartSlots(("fit", "path"))
        self.count = widgets.HTML()
        self.count.add_class("wb-outreach-count")
        super().__init__([
            widgets.HTML("<h3>Candidates from your network</h3>"), self.count, self.list, self.explain, self.add,
            self.charts.boxes["path"], self.charts.boxes["fit"],
            widgets.HTML(meaning_line("fit", "closeness")),
            widgets.HTML("<h3>Where to meet the people you don't know yet</h3>"),
            self.where_list, self.where_explain, self.add_target,
        ], **kwargs)
        self.add_class("wb-outreach-candidates")
        self.list.observe(self._on_select, names="value")
        self.where_list.observe(self._on_where, names="value")
        self.add.on_click(self._on_add)
        self.add_target.on_click(self._on_add_target)
        self._data: dict[str, Any] = {}

    def load(self, data: dict[str, Any]) -> None:
        """Keep the workbook frames the ranking needs (the view reads them once per refresh)."""
        self._data = data
        self.routes = None

    def show(self, goal: pd.Series | None) -> None:
        """Rank candidates for ``goal`` and redraw the list (nothing when there is no goal)."""
        self.goal = goal
        d = self._data
        if goal is None or not d or d["contacts"].empty:
            self.candidates, self.where = pd.DataFrame(), pd.DataFrame()
            self.list.options, self.where_list.options = [], []
            self.explain.value = ("<p>Choose or add a goal (with the skills, roles or fields it needs) to see mentor "
                                  "candidates. Goals are shared with your Profile page.</p>")
            self.count.value = ""
            self.where_explain.value = ""
            self.add.disabled = self.add_target.disabled = True
            self.value = None
            return
        session, as_of = d["session"], d["as_of"]
        if self.routes is None:
            self.routes = _routes(session)
        needs = outreach.needs_of(goal)

        # Ranking and places both start from who has the expertise (the slow step): match once per goal,
        # and keep all three until their tables change, so coming back to this tab is quick.
        def rank() -> pd.DataFrame:
            return outreach.rank_mentors(goal, session.contacts(), session.tags(), session.ties(),
                                         routes=_routes(session), common_ground=_common_ground(session),
                                         outreach=session.outreach(), top=self.limit,
                                         matches=_matches(session, needs), profile=session.profile())

        # The goals table is in the stamps, so its id (and needs) name the goal's content.
        goal_key = (goal.get("goal_id"), tuple(needs), as_of, self.limit)
        self.candidates = session.memo("outreach.candidates", _RANKING_TABLES, rank, extra=goal_key)
        c = self.candidates
        self.list.options = [
            (f"{n} · {p or 'no title'}{' @ ' + co if co else ''} · score {s:.2f}" + (" · in pipeline" if ip else ""),
             int(cid))
            for n, p, co, s, ip, cid in zip(c["full_name"], c["position"], c["company"], c["score"],
                                            c["in_pipeline"], c["contact_id"])
        ]
        self.count.value = (f"<div class='wb-muted'>{esc(plural(len(c), 'candidate'))} for “{esc(goal.get('title', ''))}”, "
                            "best first (fit for the goal, closeness and common ground).</div>")
        self.charts.show("fit", charts.plot_fit_vs_closeness(c))
        self.where = session.memo(
            "outreach.where", ("contacts", "tags", "interactions", "goals", "settings"),
            lambda: outreach.suggest_where_to_meet(goal, session.contacts(), session.tags(), session.ties(),
                                                   matches=_matches(session, needs)),
            extra=goal_key)
        self.where_list.options = [(f"{t} · {a}", i) for i, (t, a) in
                                   enumerate(zip(self.where["target"], self.where["action"]))]
        self.where_list.unobserve(self._on_where, names="value")
        self.where_list.value = 0 if len(self.where) else None
        self.where_list.observe(self._on_where, names="value")
        self._on_where({"new": self.where_list.value})
        if len(c):
            self.list.unobserve(self._on_select, names="value")
            self.list.value = int(c["contact_id"].iloc[0])
            self.list.observe(self._on_select, names="value")
            self._on_select({"new": self.list.value})
        else:
            self.value = None
            self.explain.value = ("<p>Nobody in your network fits this goal yet. The suggestions below say "
                                  "where such people gather.</p>")
            self.add.disabled = True
            self.charts.show("path", charts.plot_intro_path({}))

    @guard()
    def _on_select(self, change: dict) -> None:
        cid = change["new"]
        if cid is None:
            return
        cid = check_choice(cid, self.list.options, "candidate")
        self.value = cid
        row = self.candidates.set_index("contact_id").loc[cid]
        d = self._data
        self.path = outreach.describe_intro_path(self.routes, cid, d["contacts"])
        give = outreach.suggest_give_first(d["contacts"].loc[d["contacts"]["contact_id"] == cid], d["tags"],
                                           profile_skills=d["profile_skills"]).iloc[0]
        items = "".join(f"<li>{esc(_plain_match(m))}</li>" for m in row["matched"])
        self.explain.value = (
            f"<div><b>{esc(row['full_name'])}</b>: fit for the goal {float(row['expertise']):.2f} of 1, "
            f"closeness {float(row['closeness']):.2f}, common ground {float(row['common_ground']):.2f}; "
            f"overall {float(row['score']):.2f}. What they bring:</div>"
            f"<ul>{items}</ul>"
            f"<div><b>How to reach them:</b> {esc(self.path['chain'])}</div>"
            f"<div><b>Give first:</b> {esc(give)}</div>"
        )
        self.add.disabled = bool(row["in_pipeline"])
        self.add.description = "Already in pipeline" if row["in_pipeline"] else "Add to pipeline"
        self.charts.show("path", charts.plot_intro_path(self.path))

    @guard()
    def _on_where(self, change: dict) -> None:
        i = change["new"]
        if i is None or self.where.empty:
            self.where_explain.value, self.add_target.disabled = "", True
            return
        i = check_choice(i, self.where_list.options, "suggestion")
        r = self.where.iloc[i]
        self.where_explain.value = f"<div>{esc(r['action'])} ({esc(r['why'])}).</div>"
        self.add_target.disabled = False

    @guard()
    def _on_add(self, _button=None) -> None:
        cid = check_choice(self.list.value, self.list.options, "candidate")
        goal_id = int(self.goal["goal_id"])
        first_step = self.path.get("chain", "") if self.path and not self.path.get("direct") else ""
        self.book.set_outreach(cid, goal_id, "identified", note="Added from the candidate list",
                               next_step=first_step[:300] or "Write a short, specific first message")
        self.changes += 1
        name = self.candidates.set_index("contact_id").loc[cid, "full_name"]
        self.messages.success(f"Added {name} to your pipeline.")

    @guard()
    def _on_add_target(self, _button=None) -> None:
        i = check_choice(self.where_list.value, self.where_list.options, "suggestion")
        r = self.where.iloc[i]
        self.book.set_outreach(None, int(self.goal["goal_id"]), "identified", target=str(r["target"])[:300],
                               next_step=str(r["action"])[:300], note="Added from where-to-meet suggestions")
        self.changes += 1
        self.messages.success(f"Added “{r['target']}” to your pipeline.")


class OutreachView(widgets.VBox):
    """Plan mentor outreach: goals and candidates, the pipeline, drafts and next steps.

    ``goal_id`` is the goal shown; ``changes`` counts writes (the app shell observes it).
    Tabs other than the first are drawn when first opened, and again after a change.
    """

    goal_id = traitlets.Int(None, allow_none=True)
    changes = traitlets.Int(0)

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.goals = GoalEditor(book, messages=self.messages)
        self.candidates = CandidateList(book, messages=self.messages)
        self.pipeline = PipelinePanel(book, messages=self.messages)
        self.drafts = DraftEditor(book, messages=self.messages)
        self.steps = NextSteps()
        self.tabs = widgets.Tab(children=[widgets.VBox([self.goals, self.candidates]), self.pipeline,
                                          self.drafts, self.steps],
                                titles=("Goals & candidates", "Pipeline", "Drafts", "Next steps"))
        self.tabs.add_class("wb-outreach-tabs")
        super().__init__([
            section_title("Mentor outreach", "Who could help with your goals, how to reach them, and what to do next."),
            teaching_panel("outreach"), self.messages,
            widgets.HTML("<div class='wb-hint'>Your goals are the same ones as on your Profile page: a change "
                         "in either place shows in both.</div>"), self.tabs,
        ], **kwargs)
        self.add_class("wb-outreach-view")
        for part in (self.goals, self.candidates, self.pipeline, self.drafts):
            part.observe(self._on_write, names="changes")
        self.goals.observe(self._on_goal, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self._drawn: set[int] = set()
        self.data: dict[str, Any] = {}
        self.refresh()

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook and redraw the open tab (others when they are opened)."""
        book = self.book
        session = Session.of(book)  # each table read once per version, shared with the other views
        as_of = session.as_of()
        contacts, tags, interactions = session.contacts(), session.tags(), session.interactions()
        ties = session.ties()
        profile = session.profile()
        goals = session.goals()
        pipe = session.outreach()
        names = contacts.set_index("contact_id")["full_name"]
        titles = goals.set_index("goal_id")["title"]
        named = pipe.assign(
            name=[names.get(int(c), f"contact {c}") if pd.notna(c) else str(t)
                  for c, t in zip(pipe["contact_id"], pipe["target"])],
            goal=[titles.get(int(g), "") if pd.notna(g) else "" for g in pipe["goal_id"]],
        )
        self.data = {
            "contacts": contacts, "tags": tags, "ties": ties, "links": session.links(), "outreach": pipe,
            "named": named, "goals": goals, "profile": profile, "interactions": interactions,
            "history": session.outreach_history(), "as_of": as_of, "settings": session.settings(),
            "profile_skills": tags.loc[(tags["owner"] == "profile") & (tags["kind"] == "skill"), "text"].tolist(),
            "common_ground": _common_ground(session), "session": session,
        }
        self.candidates.load(self.data)
        self.goals.refresh()
        self.goal_id = self.goals.value
        self._drawn = set()
        self._draw(self.tabs.selected_index or 0)

    def _draw(self, index: int) -> None:
        d = self.data
        if index == 0:
            self.candidates.show(self.goals.goal())
        elif index == 1:
            self.pipeline.show(d["named"], outreach.count_funnel(d["outreach"], d["history"]))
        elif index in (2, 3):
            steps = outreach.follow_ups(d["outreach"], d["history"], as_of=d["as_of"], settings=d["settings"],
                                        interactions=d["interactions"], contacts=d["contacts"])
            if index == 2:
                routes = self.candidates.routes or _routes(d["session"])
                self.candidates.routes = routes
                ids = d["outreach"]["contact_id"].dropna().astype(int).tolist()
                via = {}
                for cid in ids:
                    p = outreach.describe_intro_path(routes, cid, d["contacts"])
                    if not p["direct"] and p["names"]:
                        via[cid] = p["names"][0]
                d["via"] = via
                fu = steps.loc[steps["step"] == "follow-up"]
                d["follow_up_numbers"] = dict(zip(fu["outreach_id"].astype(int), fu["follow_up_number"].astype(int)))
                self.drafts.show(d["named"], d)
            else:
                self.steps.show(steps, as_of=d["as_of"], rules=outreach._rules(d["settings"]))
        self._drawn.add(index)

    @guard()
    def _on_tab(self, change: dict) -> None:
        index = check_int(change["new"], "tab", low=0, high=len(self.tabs.children) - 1)
        if index not in self._drawn:
            self._draw(index)

    @guard()
    def _on_goal(self, change: dict) -> None:
        self.goal_id = change["new"]
        if 0 in self._drawn and self.data:
            self.candidates.show(self.goals.goal())

    def _on_write(self, change: dict) -> None:
        self.changes += 1
        self.refresh()


def _plain_match(text: str) -> str:
    """A match in plain words: "user research <- skill: user research" -> "user research: their skill
    “user research”" (no arrows or formulas in what a person reads).

    >>> _plain_match("works in product <- title: Senior Product Manager")
    'works in product: their title “Senior Product Manager”'
    """
    need, _, source = str(text).partition(" <- ")
    if not source:
        return need
    kind, _, what = source.partition(": ")
    return f"{need}: their {kind} “{what}”" if what else f"{need}: {source}"


#: Tables the candidate ranking reads (a write to any of them ranks again).
_RANKING_TABLES = ("contacts", "tags", "interactions", "links", "profile", "outreach", "goals", "settings")


# The helpers below keep their results in the workbook's Session until the tables they read change.
# Each takes a Session or a Workbook.


def _routes(source) -> outreach.IntroRoutes:
    """:func:`workbook.outreach.find_intro_routes` for the workbook (read-only)."""
    s = Session.of(source)
    return s.memo("outreach.routes", ("contacts", "links", "tags", "interactions", "settings"),
                  lambda: outreach.find_intro_routes(s.contacts(), s.links(), s.ties(), tags=s.tags()))


def _matches(source, needs: list[str]) -> pd.DataFrame:
    """:func:`workbook.outreach.match_expertise` of these needs on the workbook (read-only)."""
    s = Session.of(source)
    return s.memo("outreach.matches", ("contacts", "tags"),
                  lambda: outreach.match_expertise(needs, s.contacts(), s.tags()), extra=tuple(needs))


def _common_ground(source) -> pd.Series | None:
    """Common-ground scores (None: the ranking counts shared tags), shared with the Common ground view
    through the workbook's Session."""
    scores = Session.of(source).common_ground()
    return scores.set_index("contact_id")["score"] if len(scores) else None
