"""Progress over weeks: set a measurable networking goal and see each week (or month) against it.

:class:`ProgressView` (a ``VBox`` with ``refresh()``, a ``messages`` area and an Int ``changes``
traitlet incremented after every write), constructed as ``ProgressView(book)``. Choose what to
count (:data:`workbook.schema.TARGET_METRICS`), how many and per week or month, and save: a new
goal for the same metric retires the old one (kept, inactive). The chart and the sentence under
it come from :mod:`workbook.practices.progress`; the view does no pandas work of its own.

Stable CSS classes: ``wb-progress``, ``wb-progress-summary``, ``wb-progress-metric``,
``wb-progress-n``, ``wb-progress-per``, ``wb-progress-save``, ``wb-progress-stop``,
``wb-progress-definition``, ``wb-progress-chart``, ``wb-progress-sentence``, ``wb-progress-todo``,
``wb-progress-goals``.

>>> import workbook
>>> book = workbook.open(":memory:"); book.set_setting("as_of", "2026-10-15")
>>> view = ProgressView(book); view.metric.value = "events"; view.n.value = 1; view.per.value = "month"
>>> view.save.click(); book.targets()[["metric", "n", "per"]].values.tolist(), view.changes
([['events', 1, 'month']], 1)
>>> "no events in your workbook" in view.todo.value
True
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from ..figures.progress import progress_chart
from ..practices import progress as practice
from ..schema import TARGET_METRICS, TARGET_PERIODS
from ..session import Session
from ..store import progress as store
from .common import MessageArea, check_choice, check_int, esc, guard, plural, section_title, teaching_panel, show_in

__all__ = ["ProgressView", "PERIODS"]

#: Whole periods the chart and the sentence look back over.
PERIODS = 8
_TABLES = ("interactions", "contacts", "events", "event_people", "asks")


def _counts(session: Session, metric: str, per: str):
    def compute():
        return practice.count_metric(metric, *(session.table(t) for t in _TABLES), period=per,
                                     as_of=session.as_of(), periods=PERIODS)

    return session.memo(f"progress.counts:{metric}:{per}", (*_TABLES, "settings"), compute)


def _ever(session: Session, metric: str) -> int:
    return session.memo(f"progress.ever:{metric}", (*_TABLES, "settings"), lambda: len(practice.counted_items(
        metric, *(session.table(t) for t in _TABLES), as_of=session.as_of())))


class ProgressView(widgets.VBox):
    """A measurable goal (metric, number, per week or month), its chart and where it stands."""

    changes = traitlets.Int(0)
    #: The sentence under the chart (plain text), for tests and for linking.
    sentence = traitlets.Unicode("")

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.summary = self._html("wb-progress-summary")
        self.metric = widgets.Dropdown(options=list(TARGET_METRICS), value=TARGET_METRICS[0], description="Count",
                                       layout=widgets.Layout(width="260px"))
        self.metric.add_class("wb-progress-metric")
        self.n = widgets.BoundedIntText(value=2, min=1, max=100, description="How many",
                                        layout=widgets.Layout(width="170px"))
        self.n.add_class("wb-progress-n")
        self.per = widgets.ToggleButtons(options=[(f"a {p}", p) for p in TARGET_PERIODS], value="week",
                                         style={"button_width": "96px"})
        self.per.add_class("wb-progress-per")
        self.save = widgets.Button(description="Save goal", icon="check", button_style="primary")
        self.save.add_class("wb-progress-save")
        self.stop = widgets.Button(description="Stop this goal", icon="times")
        self.stop.add_class("wb-progress-stop")
        self.save.on_click(self._on_save)
        self.stop.on_click(self._on_stop)
        self.definition, self.sentence_box = self._html("wb-progress-definition"), self._html("wb-progress-sentence")
        self.todo, self.goals = self._html("wb-progress-todo"), self._html("wb-progress-goals")
        self.chart = widgets.Box([widgets.Label("Drawing your progress...")], layout=widgets.Layout(width="100%"))
        self.chart.add_class("wb-progress-chart")
        controls = widgets.HBox([self.metric, self.n, self.per, self.save, self.stop],
                                layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        controls.add_class("wb-row")
        title = section_title("Progress over weeks", "Pick one thing to do regularly, say how many, and see each "
                              "week against it. Small, steady numbers beat a big push once a year.")
        super().__init__([title, teaching_panel("progress"), self.messages, self.summary, controls, self.definition, self.chart,
                          self.sentence_box, self.todo, self.goals], **kwargs)
        self.add_class("wb-progress")
        self._loading = False
        self.metric.observe(self._on_metric, "value")
        self.per.observe(self._on_period, "value")
        self.refresh(pick=True)

    @staticmethod
    def _html(css: str) -> widgets.HTML:
        box = widgets.HTML()
        box.add_class(css)
        return box

    # -- reading -------------------------------------------------------------------------------------

    def _session(self) -> Session:
        return Session.of(self.book)

    def _progress(self):
        s = self._session()
        return s.memo("progress.table", (*_TABLES, "targets", "settings"), lambda: practice.progress_against_targets(
            s.table("targets"), practice.count_targets(s.table("targets"), *(s.table(t) for t in _TABLES),
                                                       as_of=s.as_of(), periods=PERIODS), as_of=s.as_of()))

    def _active(self, metric: str) -> dict | None:
        table = self._progress()
        mine = table.loc[table["metric"] == metric]
        return mine.iloc[0].to_dict() if len(mine) else None

    def refresh(self, *, pick: bool = False) -> None:
        """Re-read the workbook and redraw (``pick``: show the first active goal's metric)."""
        table = self._progress()
        if pick and len(table):
            self._show_goal(str(table["metric"].iloc[0]))
        else:
            self._show_goal(self.metric.value)
        self._summarise(table)

    def _show_goal(self, metric: str) -> None:
        goal = self._active(metric)
        self._loading = True
        try:
            self.metric.value = metric
            if goal is not None:
                self.n.value, self.per.value = int(goal["n"]), str(goal["per"])
        finally:
            self._loading = False
        self.stop.disabled = goal is None
        self._draw()

    def _draw(self) -> None:
        metric = check_choice(self.metric.value, TARGET_METRICS, "thing to count")
        per = check_choice(self.per.value, TARGET_PERIODS, "period")
        goal = self._active(metric)
        if goal is not None and goal["per"] != per:
            goal = None  # previewing the other period: no goal drawn on it
        s = self._session()
        counts = _counts(s, metric, per)
        self.definition.value = f'<div class="wb-muted">Counts {esc(practice.DEFINITIONS[metric])}.</div>'
        show_in(self.chart, progress_chart(counts, metric=metric, per=per, n=None if goal is None else int(goal["n"])))
        if goal is not None:
            text = practice.progress_sentence(goal)
        else:
            text = (f"This {per} so far: {practice.amount(metric, int(counts['count'].iloc[-1]))}; in the last "
                    f"{PERIODS} {per}s, {int(counts.loc[counts['complete'], 'count'].sum()):,}. Save a goal to see "
                    f"each {per} met or missed.")
        self.sentence = text
        self.sentence_box.value = f"<p><b>{esc(text)}</b></p>"
        todo = practice.what_to_do(metric, _ever(s, metric), has_interactions=len(s.interactions()) > 0)
        self.todo.value = f'<div class="wb-hint">{esc(todo)}</div>' if todo else ""

    def _summarise(self, table) -> None:
        targets = self._session().table("targets")
        if table.empty:
            self.summary.value = ('<p class="wb-muted">You have no networking goal yet. Choose one below, for example '
                                  '2 conversations a week or 1 revived tie a month, and press Save goal.</p>')
        else:
            items = "".join(f"<li><b>{esc(practice.goal_words(r['metric'], r['n'], r['per']))}</b>: "
                            f"{esc(practice.progress_title(r))}.</li>" for r in table.to_dict("records"))
            self.summary.value = f'<p>Your goals:</p><ul>{items}</ul>'
        old = int((~targets["active"].astype(bool)).sum()) if len(targets) else 0
        self.goals.value = (f'<div class="wb-muted">{esc(plural(old, "earlier goal"))} kept in your workbook '
                            '(a new goal for the same thing replaces the old one; nothing is deleted).</div>'
                            if old else "")

    # -- handlers ------------------------------------------------------------------------------------

    @guard()
    def _on_metric(self, change: dict) -> None:
        if not self._loading:
            self._show_goal(check_choice(change["new"], TARGET_METRICS, "thing to count"))

    @guard()
    def _on_period(self, _change: dict) -> None:
        if not self._loading:
            self._draw()

    @guard()
    def _on_save(self, _button) -> None:
        metric = check_choice(self.metric.value, TARGET_METRICS, "thing to count")
        per = check_choice(self.per.value, TARGET_PERIODS, "period")
        n = check_int(self.n.value, "number", low=1, high=100)
        replaced = self._active(metric)
        store.set_target(self.book, metric, n, per)
        self.changes += 1
        self.refresh()
        words = practice.goal_words(metric, n, per)
        was = f" (it replaces {practice.goal_words(metric, replaced['n'], replaced['per'])}, which is kept)" \
            if replaced is not None else ""
        self.messages.success(f"Saved your goal: {words}{was}.")

    @guard()
    def _on_stop(self, _button) -> None:
        metric = check_choice(self.metric.value, TARGET_METRICS, "thing to count")
        goal = self._active(metric)
        if goal is None:
            raise ValueError(f"You have no goal for {metric} to stop.")
        store.stop_target(self.book, int(goal["target_id"]))
        self.changes += 1
        self.refresh()
        self.messages.success(f"Stopped {practice.goal_words(metric, goal['n'], goal['per'])}; it stays in your "
                              "history.")
