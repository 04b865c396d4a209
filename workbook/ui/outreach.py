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

import base64
from typing import Any

import anywidget
import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import traitlets

from .. import outreach
from ..figures import outreach as charts
from ..schema import GOAL_KINDS, GOAL_STATUSES, STAGES
from ..ties import measure_ties
from .common import MessageArea, Snapshot, check_choice, check_int, esc, guard, remember, section_title, show_in

__all__ = ["CopyButton", "GoalEditor", "CandidateList", "PipelinePanel", "DraftEditor", "NextSteps",
           "OutreachView"]

#: How many candidates the list offers (the ranking itself covers every contact).
CANDIDATE_LIMIT = 25
_NEW_GOAL = ("+ New goal", 0)
_WIDE = widgets.Layout(width="100%")


class CopyButton(anywidget.AnyWidget):
    """A button that copies ``text`` to the clipboard in the browser (works in JupyterLab and Voila).

    The text travels as a model value and is written with ``navigator.clipboard`` (or, where the
    page is not a secure context, a hidden textarea and ``execCommand``); it never becomes markup.
    ``copies`` counts clicks, so Python can see that the person copied.
    """

    _esm = """
    function render({ model, el }) {
      const button = document.createElement("button");
      button.className = "jupyter-button widget-button wb-outreach-copy-button";
      button.type = "button";
      button.textContent = model.get("label");
      const reset = () => { button.textContent = model.get("label"); };
      button.addEventListener("click", async () => {
        const text = model.get("text");
        let ok = false;
        try { await navigator.clipboard.writeText(text); ok = true; } catch (e) {
          const area = document.createElement("textarea");
          area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed";
          area.style.opacity = "0"; document.body.appendChild(area); area.select();
          try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
          area.remove();
        }
        button.textContent = ok ? "Copied" : "Select the text and press Ctrl+C";
        model.set("copies", model.get("copies") + 1);
        model.save_changes();
        setTimeout(reset, 2000);
      });
      model.on("change:label", reset);
      el.appendChild(button);
    }
    export default { render };
    """
    text = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Copy to clipboard").tag(sync=True)
    copies = traitlets.Int(0).tag(sync=True)


def download_link(data: bytes, filename: str, mime: str, label: str, css: str) -> str:
    """An ``<a download>`` link carrying the file as a base64 data URI (name and label escaped)."""
    payload = base64.b64encode(data).decode("ascii")
    return (f'<a class="{esc(css)}" download="{esc(filename)}" href="data:{esc(mime)};base64,{payload}" '
            f'style="font-weight:600">{esc(label)}</a>')


class _Charts:
    """Draw each named figure into its own box (an Output widget), replacing it on redraw."""

    def __init__(self, names: tuple[str, ...]):
        self.figures: dict[str, go.Figure] = {}
        self.boxes = {n: widgets.Box(layout=_WIDE) for n in names}
        for box in self.boxes.values():
            box.add_class("wb-outreach-chart")

    def show(self, name: str, fig: go.Figure) -> None:
        self.figures[name] = fig
        show_in(self.boxes[name], fig)


# ----------------------------------------------------------------------------- goals


class GoalEditor(widgets.VBox):
    """Pick, edit or add a goal (title, kind, the needs it calls for, status); ``value`` is the goal id."""

    value = traitlets.Int(None, allow_none=True)
    changes = traitlets.Int(0)

    def __init__(self, book, *, messages: MessageArea | None = None, **kwargs: Any):
        self.book = book
        self.messages = messages or MessageArea()
        self.picker = widgets.Dropdown(description="Goal", options=[_NEW_GOAL], value=0,
                                       layout=widgets.Layout(width="480px"))
        self.picker.add_class("wb-outreach-goal")
        self.title = widgets.Text(description="Title", placeholder="e.g. Move into product management",
                                  layout=widgets.Layout(width="480px"))
        self.kind = widgets.Dropdown(description="Kind", options=list(GOAL_KINDS), value="skill")
        self.needs = widgets.Text(description="Needs", placeholder="skills, roles or fields; separate with ;",
                                  layout=widgets.Layout(width="480px"))
        self.status = widgets.Dropdown(description="Status", options=list(GOAL_STATUSES), value="active")
        self.save = widgets.Button(description="Save goal", button_style="primary", icon="check")
        self.save.add_class("wb-outreach-goal-save")
        self.new = widgets.Button(description="New goal", icon="plus")
        self.new.add_class("wb-outreach-goal-new")
        super().__init__([self.picker, self.title, widgets.HBox([self.kind, self.status]), self.needs,
                          widgets.HBox([self.save, self.new])], **kwargs)
        self.add_class("wb-outreach-goals")
        self._goals = pd.DataFrame()
        self.picker.observe(self._on_pick, names="value")
        self.save.on_click(self._on_save)
        self.new.on_click(self._on_new)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the goals; keep the chosen one, else pick the first active goal."""
        self._goals = self.book.goals()
        options = [(str(t), int(g)) for t, g in zip(self._goals["title"], self._goals["goal_id"])] + [_NEW_GOAL]
        keep = self.picker.value if self.picker.value in {o[1] for o in options} else None
        if keep is None or keep == 0:
            active = self._goals.loc[self._goals["status"] == "active", "goal_id"]
            keep = int(active.iloc[0]) if len(active) else (int(self._goals["goal_id"].iloc[0])
                                                            if len(self._goals) else 0)
        self.picker.unobserve(self._on_pick, names="value")
        self.picker.options = options
        self.picker.value = keep
        self.picker.observe(self._on_pick, names="value")
        self._load(keep)

    def goal(self) -> pd.Series | None:
        """The chosen goal's row (None for a new goal)."""
        if not self.value:
            return None
        rows = self._goals.loc[self._goals["goal_id"] == self.value]
        return rows.iloc[0] if len(rows) else None

    def _load(self, goal_id: int) -> None:
        row = self._goals.loc[self._goals["goal_id"] == goal_id] if goal_id else self._goals.iloc[:0]
        if len(row):
            r = row.iloc[0]
            self.title.value, self.kind.value = str(r["title"]), str(r["kind"])
            self.needs.value, self.status.value = str(r["needs"]).replace(";", "; "), str(r["status"])
        else:
            self.title.value, self.kind.value, self.needs.value, self.status.value = "", "skill", "", "active"
        self.value = int(goal_id) if goal_id else None

    @guard()
    def _on_pick(self, change: dict) -> None:
        goal_id = check_choice(change["new"], self.picker.options, "goal")
        self._load(goal_id)

    def _on_new(self, _button=None) -> None:
        self.picker.value = 0

    @guard()
    def _on_save(self, _button=None) -> None:
        kind = check_choice(self.kind.value, GOAL_KINDS, "goal kind")
        status = check_choice(self.status.value, GOAL_STATUSES, "goal status")
        goal_id = check_choice(self.picker.value, self.picker.options, "goal")
        if goal_id:
            self.book.update_goal(goal_id, title=self.title.value, kind=kind, needs=self.needs.value, status=status)
            self.messages.success(f"Saved the goal “{self.title.value.strip()}”.")
        else:
            goal_id = self.book.add_goal(self.title.value, kind=kind, needs=self.needs.value)
            if status != "active":
                self.book.update_goal(goal_id, status=status)
            self.messages.success(f"Added the goal “{self.title.value.strip()}”.")
        self.changes += 1
        self.picker.unobserve(self._on_pick, names="value")
        self.picker.options = list(self.picker.options[:-1]) + [(self.title.value.strip(), goal_id), _NEW_GOAL]
        self.picker.value = goal_id
        self.picker.observe(self._on_pick, names="value")
        self.refresh()


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
        self.charts = _Charts(("fit", "path"))
        super().__init__([
            widgets.HTML("<h3>Candidates from your network</h3>"), self.list, self.explain, self.add,
            self.charts.boxes["path"], self.charts.boxes["fit"],
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
            self.explain.value = "<p>Choose or add a goal to see mentor candidates.</p>"
            self.where_explain.value = ""
            self.add.disabled = self.add_target.disabled = True
            self.value = None
            return
        snap, as_of = d["snapshot"], d["as_of"]
        if self.routes is None:
            self.routes = _routes(snap, as_of)
        needs = outreach.needs_of(goal)

        # Ranking and places both start from who has the expertise (the slow step): match once per goal,
        # and keep all three until their tables change, so coming back to this tab is quick.
        def rank() -> pd.DataFrame:
            return outreach.rank_mentors(goal, snap.read("contacts"), snap.read("tags"), _ties(snap, as_of),
                                         routes=_routes(snap, as_of), common_ground=_common_ground(snap),
                                         outreach=snap.read("outreach"), top=self.limit,
                                         matches=_matches(snap, needs))

        # The goals table is in the stamps, so its id (and needs) name the goal's content.
        goal_key = (goal.get("goal_id"), tuple(needs), as_of, self.limit)
        self.candidates = remember(snap, "outreach.candidates", _RANKING_TABLES, rank, key=goal_key)
        c = self.candidates
        self.list.options = [
            (f"{n} · {p or 'no title'}{' @ ' + co if co else ''} · score {s:.2f}" + (" · in pipeline" if ip else ""),
             int(cid))
            for n, p, co, s, ip, cid in zip(c["full_name"], c["position"], c["company"], c["score"],
                                            c["in_pipeline"], c["contact_id"])
        ]
        self.charts.show("fit", charts.plot_fit_vs_closeness(c))
        self.where = remember(snap, "outreach.where", ("contacts", "tags", "interactions", "goals"),
                              lambda: outreach.suggest_where_to_meet(goal, snap.read("contacts"), snap.read("tags"),
                                                                     _ties(snap, as_of), matches=_matches(snap, needs)),
                              key=goal_key)
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
        items = "".join(f"<li>{esc(m)}</li>" for m in row["matched"])
        self.explain.value = (
            f"<div><b>{esc(row['full_name'])}</b>: {esc(row['explanation'])}</div>"
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


# ----------------------------------------------------------------------------- pipeline


class PipelinePanel(widgets.VBox):
    """Move a pipeline row to one of its valid next stages, with a note; log a follow-up you sent.

    ``value`` is the selected outreach id. Only the stages :func:`workbook.outreach.next_stages`
    allows are offered, and a forged value is refused in Python before the store refuses it too.
    """

    value = traitlets.Int(None, allow_none=True)
    changes = traitlets.Int(0)

    def __init__(self, book, *, messages: MessageArea | None = None, **kwargs: Any):
        self.book = book
        self.messages = messages or MessageArea()
        self.rows = pd.DataFrame()
        self.row = widgets.Dropdown(description="Who", options=[], layout=widgets.Layout(width="560px"))
        self.row.add_class("wb-outreach-row")
        self.current = widgets.HTML()
        self.stage = widgets.Dropdown(description="Move to", options=[])
        self.stage.add_class("wb-outreach-stage")
        self.note = widgets.Text(description="Note", placeholder="what happened (optional)",
                                 layout=widgets.Layout(width="560px"))
        self.note.add_class("wb-outreach-note")
        self.move = widgets.Button(description="Move", button_style="primary", icon="arrow-right")
        self.move.add_class("wb-outreach-move")
        self.followup = widgets.Button(description="I sent a follow-up", icon="envelope")
        self.followup.add_class("wb-outreach-followup")
        self.charts = _Charts(("funnel",))
        super().__init__([self.row, self.current, self.stage, self.note,
                          widgets.HBox([self.move, self.followup]), self.charts.boxes["funnel"]], **kwargs)
        self.add_class("wb-outreach-pipeline")
        self.row.observe(self._on_row, names="value")
        self.move.on_click(self._on_move)
        self.followup.on_click(self._on_followup)

    def show(self, rows: pd.DataFrame, funnel: pd.DataFrame) -> None:
        """Redraw from the pipeline rows (with ``name`` and ``goal`` columns) and the funnel counts."""
        self.rows = rows.set_index("outreach_id", drop=False) if len(rows) else rows
        keep = self.row.value
        options = [(f"{n} · {g or 'no goal'} · {s}", int(o)) for n, g, s, o in
                   zip(rows.get("name", []), rows.get("goal", []), rows.get("stage", []), rows.get("outreach_id", []))]
        self.row.unobserve(self._on_row, names="value")
        self.row.options = options
        self.row.value = keep if keep in {o[1] for o in options} else (options[0][1] if options else None)
        self.row.observe(self._on_row, names="value")
        self._on_row({"new": self.row.value})
        self.charts.show("funnel", charts.plot_funnel(funnel))

    @guard()
    def _on_row(self, change: dict) -> None:
        oid = change["new"]
        if oid is None:
            self.value = None
            self.current.value = "<p>Your pipeline is empty: add a candidate from the list.</p>"
            self.stage.options = []
            self.move.disabled = self.followup.disabled = True
            return
        oid = check_choice(oid, self.row.options, "pipeline row")
        self.value = oid
        r = self.rows.loc[oid]
        nxt = outreach.next_stages(r["stage"])
        self.stage.options = list(nxt)
        self.stage.value = nxt[0] if nxt else None
        self.move.disabled = not nxt
        self.followup.disabled = pd.isna(r["contact_id"]) or r["stage"] != "contacted"
        step = f" Next: {r['next_step']}" if str(r.get("next_step", "")).strip() else ""
        self.current.value = f"<div>Now: <b>{esc(r['stage'])}</b>.{esc(step)}</div>"

    @guard()
    def _on_move(self, _button=None) -> None:
        oid = check_choice(self.row.value, self.row.options, "pipeline row")
        current = self.rows.loc[oid, "stage"]
        to = check_choice(self.stage.value, outreach.next_stages(current), "stage")
        self.book.set_outreach(outreach_id=oid, stage=to, note=self.note.value)
        self.note.value = ""
        self.changes += 1
        self.messages.success(f"Moved {self.rows.loc[oid, 'name']} to “{to}”.")

    @guard()
    def _on_followup(self, _button=None) -> None:
        oid = check_choice(self.row.value, self.row.options, "pipeline row")
        r = self.rows.loc[oid]
        if pd.isna(r["contact_id"]):
            raise ValueError("This row has no contact yet: find the person first.")
        self.book.log_interaction(int(r["contact_id"]), self.book.as_of(), "message", "outbound", "follow-up",
                                  note=self.note.value or "Polite follow-up")
        self.note.value = ""
        self.changes += 1
        self.messages.success(f"Logged a follow-up to {r['name']}.")


# ----------------------------------------------------------------------------- drafts


class DraftEditor(widgets.VBox):
    """Write a draft for a pipeline row from a template, edit it, copy it, and save it with the row."""

    value = traitlets.Unicode("")
    changes = traitlets.Int(0)

    KIND_LABELS = (("First message", "first-message"), ("Ask for an introduction", "intro-request"),
                   ("Polite follow-up", "follow-up"), ("Thank-you", "thank-you"),
                   ("Update for a mentor", "mentor-update"))

    def __init__(self, book, *, messages: MessageArea | None = None, **kwargs: Any):
        self.book = book
        self.messages = messages or MessageArea()
        self.rows = pd.DataFrame()
        self._data: dict[str, Any] = {}
        self.row = widgets.Dropdown(description="For", options=[], layout=widgets.Layout(width="560px"))
        self.kind = widgets.Dropdown(description="Message", options=list(self.KIND_LABELS), value="first-message")
        self.introducer = widgets.Text(description="Via", placeholder="who could introduce you",
                                       layout=widgets.Layout(width="360px"))
        self.text = widgets.Textarea(layout=widgets.Layout(width="100%", height="260px"))
        self.text.add_class("wb-outreach-draft")
        self.copy = CopyButton()
        self.copy.add_class("wb-outreach-copy")
        self.hint = widgets.HTML('<span style="color:#6B7380">If copying is blocked, click in the text, press '
                                 'Ctrl+A (Cmd+A) then Ctrl+C (Cmd+C).</span>')
        self.save = widgets.Button(description="Save draft", icon="save")
        self.save.add_class("wb-outreach-save-draft")
        self.regenerate = widgets.Button(description="Write from template", icon="refresh",
                                         layout=widgets.Layout(width="auto"))
        super().__init__([self.row, widgets.HBox([self.kind, self.introducer]), self.text,
                          widgets.HBox([self.copy, self.regenerate, self.save]), self.hint], **kwargs)
        self.add_class("wb-outreach-drafts")
        self.row.observe(self._on_row, names="value")
        self.kind.observe(self._on_kind, names="value")
        self.text.observe(self._on_text, names="value")
        self.regenerate.on_click(self._on_regenerate)
        self.save.on_click(self._on_save)

    def show(self, rows: pd.DataFrame, data: dict[str, Any]) -> None:
        """Rows with a contact can get drafts; a saved draft is shown as saved, else a fresh one."""
        self._data = data
        rows = rows.loc[rows["contact_id"].notna()] if len(rows) else rows
        self.rows = rows.set_index("outreach_id", drop=False) if len(rows) else rows
        options = [(f"{n} · {s}", int(o)) for n, s, o in
                   zip(rows.get("name", []), rows.get("stage", []), rows.get("outreach_id", []))]
        keep = self.row.value
        self.row.unobserve(self._on_row, names="value")
        self.row.options = options
        self.row.value = keep if keep in {o[1] for o in options} else (options[0][1] if options else None)
        self.row.observe(self._on_row, names="value")
        self._on_row({"new": self.row.value})

    _SUGGESTED = {"identified": "first-message", "researching": "first-message", "intro requested": "intro-request",
                  "contacted": "follow-up", "replied": "follow-up", "met": "thank-you",
                  "ongoing mentor": "mentor-update", "paused": "follow-up", "declined": "thank-you"}

    @guard()
    def _on_row(self, change: dict) -> None:
        oid = change["new"]
        self.save.disabled = self.regenerate.disabled = oid is None
        if oid is None:
            self.text.value = ""
            return
        oid = check_choice(oid, self.row.options, "pipeline row")
        r = self.rows.loc[oid]
        self.kind.unobserve(self._on_kind, names="value")
        self.kind.value = self._SUGGESTED.get(r["stage"], "first-message")
        self.kind.observe(self._on_kind, names="value")
        if str(r.get("draft", "")).strip():
            self.text.value = str(r["draft"])
        else:
            self._write()

    @guard()
    def _on_kind(self, change: dict) -> None:
        check_choice(change["new"], self.kind.options, "message kind")
        self._write()

    @guard()
    def _on_regenerate(self, _button=None) -> None:
        self._write()

    def _write(self) -> None:
        oid = check_choice(self.row.value, self.row.options, "pipeline row")
        kind = check_choice(self.kind.value, self.kind.options, "message kind")
        r = self.rows.loc[oid]
        d = self._data
        goal = d["goals"].set_index("goal_id").loc[int(r["goal_id"])] if pd.notna(r["goal_id"]) and \
            int(r["goal_id"]) in set(d["goals"]["goal_id"]) else {"title": "my next step", "needs": ""}
        if isinstance(goal, pd.Series):
            goal = goal.to_dict()
        introducer = self.introducer.value.strip()
        if kind == "intro-request" and not introducer:
            introducer = d["via"].get(int(r["contact_id"]), "")
            self.introducer.value = introducer
        if kind == "intro-request" and not introducer:
            raise ValueError("Type who could introduce you in “Via” first.")
        number = int(d["follow_up_numbers"].get(oid, 1))
        self.text.value = outreach.draft_for(kind, int(r["contact_id"]), contacts=d["contacts"], tags=d["tags"],
                                             goal=goal, profile=d["profile"], introducer=introducer,
                                             follow_up_number=number)

    def _on_text(self, change: dict) -> None:
        self.value = change["new"]
        self.copy.text = change["new"]

    @guard()
    def _on_save(self, _button=None) -> None:
        oid = check_choice(self.row.value, self.row.options, "pipeline row")
        current = self.book.outreach().set_index("outreach_id").loc[oid, "stage"]
        self.book.set_outreach(outreach_id=oid, stage=current, draft=self.text.value)
        self.changes += 1
        self.messages.success("Draft saved.")


# ----------------------------------------------------------------------------- next steps


class NextSteps(widgets.VBox):
    """Dated next steps from the follow-up rules, a timeline, and an ``.ics`` file to download."""

    value = traitlets.List()

    def __init__(self, **kwargs: Any):
        self.table = widgets.HTML()
        self.table.add_class("wb-outreach-steps")
        self.download = widgets.HTML()
        self.download.add_class("wb-outreach-ics")
        self.charts = _Charts(("timeline",))
        self.ics = b""
        super().__init__([self.download, self.table, self.charts.boxes["timeline"]], **kwargs)

    def show(self, steps: pd.DataFrame, *, as_of, rules: dict[str, int]) -> None:
        self.value = [{"outreach_id": int(r.outreach_id), "step": r.step, "title": r.title,
                       "due": r.due.date().isoformat(), "overdue": bool(r.overdue)} for r in steps.itertuples()]
        head = (f"<p>Rules: a polite follow-up {rules['follow_up_days']} days after a message without reply "
                f"(at most {rules['max_follow_ups']}), a thank-you the day after you meet, and an update to an "
                f"ongoing mentor every {rules['mentor_update_days']} days. Change them in settings.</p>")
        if steps.empty:
            self.table.value = head + "<p>No next steps yet.</p>"
            self.download.value, self.ics = "", b""
        else:
            rows = "".join(
                f'<tr class="{"wb-outreach-overdue" if r.overdue else ""}"><td>{r.due:%a %d %b %Y}</td>'
                f"<td>{esc(r.title)}</td><td>{esc(r.stage)}</td>"
                f"<td>{'overdue' if r.overdue else ('today' if r.days_until == 0 else f'in {r.days_until} d' if r.days_until > 0 else '')}</td></tr>"
                for r in steps.itertuples())
            self.table.value = (head + '<table class="wb-table"><thead><tr><th>Due</th><th>Step</th><th>Stage</th>'
                                f"<th></th></tr></thead><tbody>{rows}</tbody></table>")
            self.ics = outreach.to_ics(steps, as_of=as_of)
            self.download.value = download_link(self.ics, f"mentor-outreach-{pd.Timestamp(as_of):%Y-%m-%d}.ics",
                                                "text/calendar", "Add these steps to your calendar (.ics)",
                                                "wb-outreach-ics-link")
        self.charts.show("timeline", charts.plot_timeline(steps, as_of=as_of))


# ----------------------------------------------------------------------------- the view


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
            self.messages, self.tabs,
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
        snap = Snapshot(book)  # each table read once for this refresh, however many steps use it
        as_of = book.as_of()
        contacts, tags, interactions = snap.read("contacts"), snap.read("tags"), snap.read("interactions")
        ties = _ties(snap, as_of)
        profile = snap.read("profile")
        goals = snap.read("goals")
        pipe = snap.read("outreach")
        names = contacts.set_index("contact_id")["full_name"]
        titles = goals.set_index("goal_id")["title"]
        named = pipe.assign(
            name=[names.get(int(c), f"contact {c}") if pd.notna(c) else str(t)
                  for c, t in zip(pipe["contact_id"], pipe["target"])],
            goal=[titles.get(int(g), "") if pd.notna(g) else "" for g in pipe["goal_id"]],
        )
        self.data = {
            "contacts": contacts, "tags": tags, "ties": ties, "links": snap.read("links"), "outreach": pipe,
            "named": named, "goals": goals, "profile": profile, "interactions": interactions,
            "history": snap.read("outreach_history"), "as_of": as_of, "settings": snap.read("settings"),
            "profile_skills": tags.loc[(tags["owner"] == "profile") & (tags["kind"] == "skill"), "text"].tolist(),
            "common_ground": _common_ground(snap), "snapshot": snap,
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
                routes = self.candidates.routes or _routes(d["snapshot"], d["as_of"])
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


#: Tables the candidate ranking reads (a write to any of them ranks again).
_RANKING_TABLES = ("contacts", "tags", "interactions", "links", "profile", "outreach", "goals")


# The helpers below keep their results per workbook until the tables they read change (ui.common.remember),
# reading those tables through a Snapshot whose versions were taken first, so nothing stale is ever kept.
# Each takes a Snapshot or a Workbook.


def _ties(source, as_of) -> pd.DataFrame:
    """:func:`workbook.ties.measure_ties` for the workbook (read-only)."""
    snap = Snapshot.of(source)
    return remember(snap, "outreach.ties", ("contacts", "interactions"),
                    lambda: measure_ties(snap.read("contacts"), snap.read("interactions"), as_of=as_of), key=as_of)


def _routes(source, as_of) -> outreach.IntroRoutes:
    """:func:`workbook.outreach.find_intro_routes` for the workbook (read-only)."""
    snap = Snapshot.of(source)
    return remember(snap, "outreach.routes", ("contacts", "links", "tags", "interactions"),
                    lambda: outreach.find_intro_routes(snap.read("contacts"), snap.read("links"), _ties(snap, as_of),
                                                       tags=snap.read("tags")), key=as_of)


def _matches(source, needs: list[str]) -> pd.DataFrame:
    """:func:`workbook.outreach.match_expertise` of these needs on the workbook (read-only)."""
    snap = Snapshot.of(source)
    return remember(snap, "outreach.matches", ("contacts", "tags"),
                    lambda: outreach.match_expertise(needs, snap.read("contacts"), snap.read("tags")),
                    key=tuple(needs))


def _common_ground(source) -> pd.Series | None:
    """Common-ground scores from :mod:`workbook.common_ground` (None: the ranking counts shared tags),
    shared with the Common ground view."""
    try:
        from .common_ground import common_ground_scores
    except ImportError:  # the common-ground room may not have landed in an older checkout
        return None
    scores = common_ground_scores(source)
    return scores.set_index("contact_id")["score"] if len(scores) else None
