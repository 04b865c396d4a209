"""Relationship-health widgets: the health view, this week's plan and a form to log an exchange.

Top-level components (each a ``VBox`` with ``refresh()``, a ``messages`` area and an Int
``changes`` traitlet incremented after every write): :class:`HealthView`, :class:`WeeklyPlanView`
and :class:`LogInteractionForm`, all constructed as ``View(book)``. They call
:mod:`workbook.health` for every computation and :mod:`workbook.figures.health` for charts.

Stable CSS classes: ``wb-health-view``, ``wb-health-plan``, ``wb-health-log``, ``wb-health-picker``,
``wb-health-search``, ``wb-health-contact``, ``wb-health-submit``, ``wb-health-cadence``,
``wb-health-cadence-save``, ``wb-health-cadence-reset``, ``wb-health-summary``, ``wb-health-chart``,
``wb-health-tabs``, ``wb-health-dormant``, ``wb-health-step``, ``wb-health-done``, ``wb-health-ics``,
``wb-health-checklist``, ``wb-health-size``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import traitlets

from .. import health, prompts
from .. import plan as plans
from ..figures import health as charts
from ..schema import CHANNELS, DIRECTIONS, INTERACTION_KINDS
from ..session import Session
from .common import (MessageArea, check_choice, check_int, esc, guard, meaning_line, plural, section_title, show_figure,
                     teaching_panel)
from .widgets import PICK_NONE, PICKER_LIMIT, ContactPicker, download_link  # noqa: F401

__all__ = ["PROMPTS", "ContactPicker", "LogInteractionForm", "CadenceEditor", "WeeklyPlanView", "HealthView"]

#: This chapter's coaching questions (from :mod:`workbook.prompts`; notebook 04 asks them).
PROMPTS = prompts.of_chapter("health")

_NONE = PICK_NONE  # the one picker's empty choice


def _as_of(book) -> dt.date:
    return Session.of(book).as_of()


class LogInteractionForm(widgets.VBox):
    """Record an exchange: contact (searchable), date, channel, direction, kind and a note.

    ``value`` holds the last logged interaction (id, contact_id, date, kind); ``changes`` counts writes.
    """

    value = traitlets.Dict()
    changes = traitlets.Int(0)

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.picker = ContactPicker(book)
        self.date = widgets.DatePicker(description="Date", value=_as_of(book))
        self.channel = widgets.Dropdown(options=list(CHANNELS), value="message", description="Channel")
        self.direction = widgets.Dropdown(
            options=[("I reached out", "outbound"), ("They reached out", "inbound"), ("Both / together", "mutual")],
            value="outbound", description="Who started")
        self.kind = widgets.Dropdown(options=list(INTERACTION_KINDS), value="catch-up", description="Kind")
        self.note = widgets.Textarea(placeholder="A line to remember it by (optional)", description="Note",
                                     layout=widgets.Layout(width="360px", height="60px"))
        self.submit = widgets.Button(description="Log it", button_style="primary", icon="check")
        self.submit.add_class("wb-health-submit")
        self.submit.on_click(self._on_submit)
        super().__init__([
            section_title("Log an exchange", "Every message, call or coffee keeps a tie's health up to date."),
            self.picker, self.date, widgets.HBox([self.channel, self.direction]), self.kind, self.note,
            self.submit, self.messages,
        ], **kwargs)
        self.add_class("wb-health-log")

    def refresh(self) -> None:
        """Re-read contacts for the picker and reset the date to the workbook's today."""
        self.picker.refresh()
        self.date.value = _as_of(self.book)

    @guard()
    def _on_submit(self, _button=None) -> None:
        cid = self.picker.chosen()
        when = self.date.value
        if not isinstance(when, dt.date):
            raise ValueError("Choose the date of the exchange.")
        if isinstance(when, dt.datetime):
            when = when.date()
        today = _as_of(self.book)
        if when > today:
            raise ValueError(f"{when:%d %b %Y} is after today ({today:%d %b %Y}); log exchanges once they happen.")
        channel = check_choice(self.channel.value, CHANNELS, "channel")
        direction = check_choice(self.direction.value, DIRECTIONS, "direction")
        kind = check_choice(self.kind.value, INTERACTION_KINDS, "kind")
        note = str(self.note.value or "")
        if len(note) > 2000:
            raise ValueError("The note is too long (at most 2,000 characters).")
        new_id = self.book.log_interaction(cid, when.isoformat(), channel, direction, kind, note)
        self.value = {"interaction_id": new_id, "contact_id": cid, "date": when.isoformat(), "kind": kind}
        self.note.value = ""
        self.changes += 1
        name = self.picker.name or "them"
        self.messages.success(f"Logged a {kind} with {name} on {when:%d %b %Y}.")


class CadenceEditor(widgets.VBox):
    """Override how often a contact deserves an exchange (or go back to their circle's default)."""

    changes = traitlets.Int(0)

    def __init__(self, book, messages: MessageArea | None = None, **kwargs: Any):
        self.book = book
        self.messages = messages or MessageArea()
        self.picker = ContactPicker(book)
        self.days = widgets.BoundedIntText(value=30, min=1, max=3650, description="Every (days)",
                                           style={"description_width": "initial"},
                                           layout=widgets.Layout(width="200px"))
        self.current = widgets.Label("")
        self.save = widgets.Button(description="Save cadence", icon="save")
        self.save.add_class("wb-health-cadence-save")
        self.reset = widgets.Button(description="Use circle default", icon="undo")
        self.reset.add_class("wb-health-cadence-reset")
        self.save.on_click(self._on_save)
        self.reset.on_click(self._on_reset)
        self.picker.observe(self._on_pick, names="value")
        self._health = None
        super().__init__([
            section_title("Cadence", "How often you want to be in touch with someone, if not their circle's default."),
            self.picker, self.current, widgets.HBox([self.days, self.save, self.reset]),
        ], **kwargs)
        self.add_class("wb-health-cadence")

    def show(self, health_frame) -> None:
        """Use this health table for the "now" line (the view passes its own)."""
        self._health = health_frame
        self._on_pick({"new": self.picker.value})

    def refresh(self) -> None:
        self.picker.refresh()

    @guard()
    def _on_pick(self, change: dict) -> None:
        cid = change.get("new")
        if cid is None or self._health is None or cid not in self._health.index:
            self.current.value = ""
            return
        info = health.describe_contact(self._health, cid)
        every = f"every {info['cadence_days']} days" if info["cadence_days"] else "no cadence (acquaintance)"
        n_total = self._health.at[cid, "n_total"] if "n_total" in self._health.columns else None
        since = f", {health.describe_since(info['days_since'], n_total)}"
        self.current.value = f"Now: {info['circle']} circle, {every}{since} ({info['status']})."
        if info["cadence_days"]:
            self.days.value = info["cadence_days"]

    @guard()
    def _on_save(self, _button=None) -> None:
        cid = self.picker.chosen()
        days = check_int(self.days.value, "cadence", low=1, high=3650)
        self.book.update_contact(cid, cadence_days=days)
        self.changes += 1
        self.messages.success(f"Cadence saved: every {days} days.")

    @guard()
    def _on_reset(self, _button=None) -> None:
        cid = self.picker.chosen()
        self.book.update_contact(cid, cadence_days=None)
        self.changes += 1
        self.messages.success("Cadence back to the circle's default.")


def _download_link(data: bytes, filename: str, mime: str, label: str, css: str) -> str:
    return download_link(data, filename, mime, label, css, style="margin-right:16px")


class WeeklyPlanView(widgets.VBox):
    """This week's short, balanced plan; "Done" logs the exchange; export as .ics or a checklist.

    ``value`` is the plan as a list of dicts; ``done`` the steps marked done; ``changes`` counts writes.
    """

    value = traitlets.List()
    done = traitlets.List()
    changes = traitlets.Int(0)

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.size = widgets.BoundedIntText(value=int(Session.of(book).settings().get("weekly_plan_size", 6) or 6),
                                           min=3, max=10, description="Actions",
                                           layout=widgets.Layout(width="160px"))
        self.size.add_class("wb-health-size")
        self.size.observe(self._on_size, names="value")
        self.rows = widgets.VBox()
        self.shortfall = widgets.Label()
        self.shortfall.add_class("wb-health-plan-shortfall")
        self.downloads = widgets.HTML()
        self.checklist = widgets.Textarea(layout=widgets.Layout(width="100%", height="160px"))
        self.checklist.add_class("wb-health-checklist")
        self.ics = b""
        self.plan = None
        self._drawn = None
        self._buttons: dict[int, widgets.Button] = {}
        super().__init__([
            section_title("This week", "A few small actions that keep your network alive. Tick them off as you go."),
            teaching_panel("week"), self.size, self.messages, self.rows, self.shortfall, self.downloads,
            widgets.Accordion(children=[self.checklist], titles=("Checklist to copy",)),
        ], **kwargs)
        self.add_class("wb-health-plan")
        self.refresh()

    @guard()
    def refresh(self) -> None:
        """Recompute the plan from the workbook and redraw it (nothing to do while none of the tables
        it reads changed, e.g. after a journal answer)."""
        s = Session.of(self.book)
        size = check_int(self.size.value, "number of actions", low=3, high=10)
        plan = s.weekly_plan(size)  # every table it reads, the practice loops' (events, asks, goals) too
        if plan is self._drawn:
            return
        as_of = s.as_of()
        self.plan = plan
        self.done = []
        self._buttons = {}
        rows = []
        for row in self.plan.itertuples(index=False):
            button = widgets.Button(description="Done", icon="check", button_style="success",
                                    tooltip="Log this as done today", layout=widgets.Layout(width="90px"))
            button.add_class("wb-health-done")
            button.on_click(lambda _b, step=int(row.step): self._on_done(step))
            self._buttons[int(row.step)] = button
            text = widgets.HTML(
                f'<div><b>{esc(row.step)}. {esc(row.action)}</b> '
                f'<span style="color:#6B7380">({esc(row.category)}, {row.due:%a %d %b})</span></div>'
                f'<div style="color:#1F2933">{esc(row.reason)}</div>'
                f'<div style="color:#0B4F6C;font-style:italic">{esc(row.message)}</div>',
                layout=widgets.Layout(width="100%"))
            line = widgets.HBox([button, text], layout=widgets.Layout(align_items="flex-start", margin="6px 0"))
            line.add_class("wb-health-step")
            rows.append(line)
        if not rows:
            rows = [widgets.Label("Nothing is due this week: a good week to thank someone who helped you.")]
        # Why fewer actions than asked for (a Label: plain text, since it may name people).
        self.shortfall.value = str(self.plan.attrs.get("shortfall") or "")
        self.rows.children = rows
        self.ics = plans.plan_to_ics(self.plan, as_of=as_of)
        text = plans.plan_to_checklist(self.plan)
        self.checklist.value = text
        self._links(text)
        self.value = plans.plan_records(self.plan)
        self._drawn = plan  # drawn in full: the next refresh has nothing to do until the plan changes

    def _links(self, checklist: str) -> None:
        as_of = Session.of(self.book).as_of()
        self.downloads.value = (
            _download_link(self.ics, f"networking-plan-{as_of:%Y-%m-%d}.ics", "text/calendar",
                           "Add to calendar (.ics)", "wb-health-ics")
            + _download_link(checklist.encode("utf-8"), f"networking-plan-{as_of:%Y-%m-%d}.md", "text/markdown",
                             "Download checklist (.md)", "wb-health-checklist-download"))

    @guard()
    def _on_size(self, change: dict) -> None:
        self.refresh()

    @guard()
    def _on_done(self, step: int) -> None:
        steps = {r["step"]: r for r in self.value}
        step = check_choice(check_int(step, "step"), list(steps), "step")
        if step in self.done:
            raise ValueError("That step is already done.")
        row = steps[step]
        when = _as_of(self.book).isoformat()
        channel = check_choice(row["channel"], CHANNELS, "channel")
        kind = check_choice(row["interaction_kind"], INTERACTION_KINDS, "kind")
        people = [row["contact_id"]] + ([row["other_id"]] if row["other_id"] is not None else [])
        thanks = row.get("ask_id") is not None and str(row["action"]).startswith("Thank")
        with self.book.transaction():  # an introduction touches both people: all or nothing
            for cid in people:
                self.book.log_interaction(cid, when, channel, "outbound", kind, f"Weekly plan: {row['action']}")
            if thanks:  # the ask's thank-you is given: the step does not come back
                self.book.thank_ask(int(row["ask_id"]), on=when)
        self.done = [*self.done, step]
        button = self._buttons[step]
        button.disabled, button.description, button.button_style = True, "Done", ""
        # the checklist to copy (and download) ticks the step too
        text = plans.plan_to_checklist(self.plan, done=self.done)
        self.checklist.value = text
        self._links(text)
        self.changes += 1
        self.messages.success(f"Nice work: '{row['action']}' is logged.")


class HealthView(widgets.VBox):
    """Relationship health: status by circle, reciprocity and give/take, dormant ties worth reviving,
    score and exchanges over time, and a cadence override.

    ``value`` holds the count of contacts per status; ``health`` the current :func:`workbook.health.assess`
    table. Over-time charts are computed when their tab is first shown (and again after a change).
    Pass ``log_form=LogInteractionForm(book)`` (or call :meth:`follow`) to redraw the moment it logs an
    exchange; the app shell does the same through ``changes``.
    """

    value = traitlets.Dict()
    changes = traitlets.Int(0)

    def __init__(self, book, *, months: int = 24, log_form: LogInteractionForm | None = None, **kwargs: Any):
        self.book = book
        self.months = int(months)
        self.messages = MessageArea()
        self.summary = widgets.HTML()
        self.summary.add_class("wb-health-summary")
        self.figures: dict[str, go.Figure] = {}
        self._boxes = {name: widgets.Output(layout=widgets.Layout(width="100%")) for name in
                       ("status", "reciprocity", "score", "heatmap")}
        for box in self._boxes.values():
            box.add_class("wb-health-chart")
        self.dormant = widgets.HTML()
        self.dormant.add_class("wb-health-dormant")
        self.cadence = CadenceEditor(book, messages=self.messages)
        self.tabs = widgets.Tab(children=[
            widgets.VBox([self._boxes["status"], widgets.HTML(meaning_line("tie_strength", "dormant")),
                          self._boxes["reciprocity"], widgets.HTML(meaning_line("reciprocity", "give_take")),
                          self.dormant]),
            widgets.VBox([self._boxes["score"], self._boxes["heatmap"]]),
            self.cadence,
        ], titles=("Now", "Over time", "Cadence"))
        self.tabs.add_class("wb-health-tabs")
        self.health = None
        self._drawn = None
        self.history = None
        self._stale_history = True
        super().__init__([
            section_title("Relationship health", "Who is thriving, who is cooling, and who deserves a message."),
            teaching_panel("health"), self.summary, self.messages, self.tabs,
        ], **kwargs)
        self.add_class("wb-health-view")
        self.cadence.observe(self._on_write, names="changes")
        self._first = True
        self.tabs.observe(self._on_tab, names="selected_index")
        self.refresh()
        self._first = False
        if log_form is not None:
            self.follow(log_form)

    def follow(self, form: widgets.Widget) -> None:
        """Redraw whenever ``form`` (e.g. a :class:`LogInteractionForm`) writes to the workbook."""
        form.observe(self._on_followed, names="changes")

    def _show(self, name: str, fig: go.Figure) -> None:
        # Plotly's own mime type in an Output widget, rather than a FigureWidget: the browser's plotly
        # renderer draws it, nothing heavy ships per chart, and it redraws reliably from a callback
        # (a FigureWidget carries ~5 MB of JavaScript each and may fail to start when made in one).
        self.figures[name] = fig
        show_figure(self._boxes[name], fig)

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook, recompute health and redraw (over-time charts now if their tab is open);
        nothing to do while none of the tables it reads changed."""
        assessed = Session.of(self.book).health()
        if assessed is self._drawn:
            return
        self.health = assessed
        counts = health.count_statuses(self.health)
        self.value = counts
        parts = ", ".join(f"{n:,} {s}" for s, n in counts.items() if n)
        self.summary.value = (f'<div class="wb-health-counts">{esc(plural(len(self.health), "contact") + ": " + parts + ".")}'
                              f'</div>' if len(self.health) else
                              "<div>No contacts yet: import your connections or add someone to begin.</div>")
        self._show("status", charts.status_by_circle(self.health))
        self._show("reciprocity", charts.reciprocity_scatter(self.health))
        self._draw_dormant()
        if not self._first:
            self.cadence.refresh()
        self.cadence.show(self.health)
        self._stale_history = True
        if self.tabs.selected_index == 1:
            self._draw_history()
        self._drawn = assessed  # drawn in full: nothing to do until the health table changes

    def _draw_dormant(self) -> None:
        s, h = Session.of(self.book), self.health
        # rank_dormant reads, of the health table, who is dormant and for how long, and who is not (their
        # fields make a dormant tie novel): an exchange with anyone else leaves the ranking as it was, so it
        # is kept (about 0.2 s at 30,000 contacts) until those, or the contacts, tags or goals, change.
        dormant = (h["status"].astype(object) == "dormant").to_numpy()
        days = h["days_since"].to_numpy(dtype="float64", na_value=np.nan)[dormant]
        key = (h.index.to_numpy(dtype="int64").tobytes(), dormant.tobytes(), days.tobytes())
        ranked = s.memo("health.dormant", ("contacts", "tags", "goals"),
                        lambda: health.rank_dormant(h, s.contacts(), tags=s.tags(), goals=s.goals(), limit=5),
                        extra=key)
        if ranked.empty:
            self.dormant.value = "<p>No dormant ties (three years or more without contact).</p>"
            return
        items = "".join(f"<li><b>{esc(r.full_name)}</b> ({esc(f'{r.value:.0f}')}/100): {esc(r.reason)}</li>"
                        for r in ranked.itertuples())
        self.dormant.value = (f"<h3>Dormant ties worth reviving</h3><p>Ranked by what reconnecting could bring "
                              f"(seniority, a field new to you, your goals), not by how close you were.</p>"
                              f"<ol>{items}</ol>")

    def _draw_history(self) -> None:
        s = Session.of(self.book)
        self.history = health.health_over_time(s.contacts(), s.interactions(), as_of=s.as_of(), months=self.months,
                                               settings=s.settings())
        summary = health.summarise_over_time(self.history, circles=self.health["circle"])
        self._show("score", charts.score_over_time(summary))
        matrix = health.monthly_interactions(s.interactions(), as_of=s.as_of(), months=self.months)
        self._show("heatmap", charts.interaction_heatmap(matrix, self.health["full_name"]))
        self._stale_history = False

    @guard()
    def _on_tab(self, change: dict) -> None:
        if change["new"] == 1 and self._stale_history:
            self._draw_history()

    @guard()
    def _on_write(self, change: dict) -> None:
        self.changes += 1
        self.refresh()

    @guard()
    def _on_followed(self, change: dict) -> None:
        self.refresh()
