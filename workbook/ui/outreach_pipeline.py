"""Mentor-outreach widgets, part two: the pipeline, drafts and next steps (and the charts' slots).

Parts of :class:`workbook.ui.outreach.OutreachView`, usable alone: :class:`PipelinePanel`,
:class:`DraftEditor`, :class:`NextSteps`. Every computation is done by :mod:`workbook.outreach`;
charts come from :mod:`workbook.figures.outreach`. Their CSS classes are listed in
:mod:`workbook.ui.outreach`.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import traitlets

from .. import outreach
from ..figures import outreach as charts
from ..practices.brand import brand_line
from ..session import Session
from .common import MessageArea, check_choice, esc, guard, show_in
from .widgets import CopyButton, download_link

__all__ = ["ChartSlots", "PipelinePanel", "DraftEditor", "NextSteps"]

_WIDE = widgets.Layout(width="100%")


class ChartSlots:
    """Draw each named figure into its own box (an Output widget), replacing it on redraw."""

    def __init__(self, names: tuple[str, ...]):
        self.figures: dict[str, go.Figure] = {}
        self.boxes = {n: widgets.Box(layout=_WIDE) for n in names}
        for box in self.boxes.values():
            box.add_class("wb-outreach-chart")

    def show(self, name: str, fig: go.Figure) -> None:
        self.figures[name] = fig
        show_in(self.boxes[name], fig)


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
        self.charts = ChartSlots(("funnel",))
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
                                             follow_up_number=number, interactions=d.get("interactions"),
                                             stage=str(r.get("stage", "") or ""),
                                             brand=brand_line(Session.of(self.book)))

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
        self.charts = ChartSlots(("timeline",))
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
