"""Online platforms, used on purpose: the LinkedIn profile checklist, the weekly engagement habit
and its chart.

Top-level component: :class:`OnlineView` (a ``VBox`` with ``refresh()``, a ``messages`` area and an
Int ``changes`` traitlet incremented after every write), constructed as ``OnlineView(book)``. It
publishes ``done`` (checklist items done) and ``this_week`` (engagements with the inner circles this
week). Every string from data is escaped; widget values are checked in Python.

Stable CSS classes: ``wb-online``, ``wb-online-checklist``, ``wb-online-item``, ``wb-online-item-done``,
``wb-online-habit``, ``wb-online-habit-text``, ``wb-online-habit-n``, ``wb-online-habit-set``,
``wb-online-people``, ``wb-online-date``, ``wb-online-log``, ``wb-online-chart``, ``wb-online-activity``,
``wb-online-empty``.

>>> import workbook
>>> book = workbook.open(":memory:"); view = OnlineView(book)
>>> view.done, "wb-online-empty" in view.people_box.children[0]._dom_classes
(0, True)
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets
import traitlets

from ..figures import online as charts
from ..practices import online
from ..session import Session
from ..store import brand as store
from ..ties import assign_circles
from .common import MessageArea, check_choice, check_int, esc, guard, plural, section_title, show_in

__all__ = ["OnlineView"]

#: How many people the habit offers to log at once.
SUGGESTED = 8
#: Engagements may be logged up to this many days back.
LOG_BACK_DAYS = 60


def _checklist_html(checklist) -> str:
    rows = []
    for r in checklist.itertuples(index=False):
        mark = "✓" if r.done else "○"
        colour = "#0B6B4F" if r.done else "#7A4B00"
        cls = "wb-online-item wb-online-item-done" if r.done else "wb-online-item"
        rows.append(f'<tr class="{cls}" data-key="{esc(r.key)}">'
                    f'<td style="font-size:18px;color:{colour};padding:6px 8px;vertical-align:top">{mark}</td>'
                    f'<td style="padding:6px 8px;vertical-align:top"><b>{esc(r.item)}</b></td>'
                    f'<td style="padding:6px 8px;vertical-align:top">{esc(r.seen)}</td>'
                    f'<td style="padding:6px 8px;vertical-align:top">{esc(r.next_step)}</td></tr>')
    head = ('<tr style="text-align:left;border-bottom:1px solid #D5DAE1"><th></th><th>Item</th>'
            '<th>What we saw</th><th>Next step</th></tr>')
    return f'<table class="wb-online-table" style="border-collapse:collapse;width:100%">{head}{"".join(rows)}</table>'


class OnlineView(widgets.VBox):
    """The profile checklist, the engagement habit (log this week's comments) and the habit's chart."""

    changes = traitlets.Int(0)
    done = traitlets.Int(0)
    this_week = traitlets.Int(0)

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.checklist = widgets.HTML()
        self.checklist.add_class("wb-online-checklist")
        self.habit_text = widgets.HTML()
        self.habit_text.add_class("wb-online-habit-text")
        self.habit_n = widgets.BoundedIntText(value=online.DEFAULT_HABIT, min=1, max=30, description="Posts a week",
                                              layout=widgets.Layout(width="200px"),
                                              style={"description_width": "initial"})
        self.habit_n.add_class("wb-online-habit-n")
        self.set_habit = widgets.Button(description="Set my habit", icon="check")
        self.set_habit.add_class("wb-online-habit-set")
        self.set_habit.on_click(self._on_set_habit)
        self.people = widgets.SelectMultiple(options=[], rows=6, description="Whose posts",
                                             layout=widgets.Layout(width="560px"),
                                             style={"description_width": "initial"})
        self.people.add_class("wb-online-people")
        self.people_box = widgets.VBox([self.people])
        self.date = widgets.DatePicker(description="On")
        self.date.add_class("wb-online-date")
        self.log_button = widgets.Button(description="Log my comments", icon="comment", button_style="primary")
        self.log_button.add_class("wb-online-log")
        self.log_button.on_click(self._on_log)
        self.chart = widgets.Box([widgets.Label("The chart appears here.")], layout=widgets.Layout(width="100%"))
        self.chart.add_class("wb-online-chart")
        self.activity = widgets.Box([], layout=widgets.Layout(width="100%"))
        self.activity.add_class("wb-online-activity")
        habit = widgets.VBox([
            widgets.HTML("<h3>Your engagement habit</h3><p class='wb-muted'>A thoughtful comment on a post keeps a "
                         "tie warm between conversations. Pick the people whose posts you commented on and log "
                         "them; the chart counts the ones from your inner and close circles.</p>"),
            self.habit_text, widgets.HBox([self.habit_n, self.set_habit], layout=widgets.Layout(flex_flow="row wrap")),
            self.people_box, widgets.HBox([self.date, self.log_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.messages, self.chart])
        habit.add_class("wb-online-habit")
        super().__init__([
            section_title("Online platforms, used on purpose",
                          "Your LinkedIn profile, checked against your own export, and a small weekly habit "
                          "of engaging with the people closest to you."),
            widgets.HTML("<h3>Your LinkedIn profile</h3>"), self.checklist, habit,
            widgets.HTML("<h3>Your posts and comments</h3>"), self.activity], **kwargs)
        self.add_class("wb-online")
        self.refresh()

    def __repr__(self) -> str:
        return "OnlineView()"  # stable: notebooks compare a widget's plain-text form

    # -- reading ---------------------------------------------------------------------------------------

    def _circles(self, s: Session):
        return s.memo("online.circles", ("contacts", "interactions", "settings"),
                      lambda: assign_circles(s.contacts(), s.ties()))

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook and redraw the checklist, the habit and the charts."""
        s = Session.of(self.book)
        as_of = s.as_of()
        contacts, interactions = s.contacts(), s.interactions()
        settings = s.settings()
        checklist = online.profile_checklist(s.profile(), s.tags(), s.derived_items(), interactions,
                                             settings.get(store.ACTIVITY_SETTING), as_of=as_of, contacts=contacts)
        self.checklist.value = _checklist_html(checklist)
        self.done = int(checklist["done"].sum())
        circles = self._circles(s)
        target = online.habit_target(s.table("targets"))
        by_week = online.engagement_by_week(interactions, contacts, circles, as_of=as_of)
        status = online.habit_status(by_week, target)
        self.this_week = int(status["this_week"])
        self.habit_text.value = f"<p><b>{esc(online.habit_sentence(status).replace('**', ''))}</b></p>"
        self.habit_n.value = min(max(int(target["n"]), 1), 30) if target["per"] == "week" else self.habit_n.value
        self._offer(online.suggest_engagements(contacts, circles, interactions, as_of=as_of, n=SUGGESTED))
        if self.date.value is None or self.date.value > as_of:
            self.date.value = as_of
        show_in(self.chart, charts.engagement_chart(by_week, target))
        activity = online.activity_frame(settings.get(store.ACTIVITY_SETTING))
        show_in(self.activity, charts.activity_chart(activity, as_of=as_of))

    def _offer(self, suggested) -> None:
        options = [(f"{r.full_name} · {r.reason}", int(r.contact_id)) for r in suggested.itertuples(index=False)]
        self.people.options = options
        if options:
            self.people_box.children = [self.people]
            return
        empty = widgets.HTML('<div class="wb-hint">Nobody is in your inner or close circles yet. Mark the few '
                             'people closest to you as inner or close on the Contacts page (or keep in touch '
                             'more often), and they will appear here.</div>')
        empty.add_class("wb-online-empty")
        self.people_box.children = [empty]

    # -- writing ---------------------------------------------------------------------------------------

    def _day(self) -> dt.date:
        as_of = Session.of(self.book).as_of()
        day = self.date.value
        if not isinstance(day, dt.date):
            raise ValueError("Pick the day you wrote the comments.")
        if day > as_of:
            raise ValueError("That day is still to come: log comments on the day you wrote them.")
        if (as_of - day).days > LOG_BACK_DAYS:
            raise ValueError(f"Log comments from the last {LOG_BACK_DAYS} days only.")
        return day

    @guard()
    def _on_log(self, _button=None) -> None:
        picked = list(self.people.value or ())
        if not picked:
            raise ValueError("Pick the people whose posts you commented on first.")
        ids = [check_int(check_choice(p, self.people.options, "person"), "person") for p in picked]
        added = store.log_engagement(self.book, ids, on=self._day())
        self.people.value = ()
        self.refresh()
        self.changes += 1
        if added:
            self.messages.success(f"Logged {plural(added, 'comment')}. This week: {self.this_week} with your inner "
                                  "circles.")
        else:
            self.messages.info("Those were already logged for that day; nothing was added.")

    @guard()
    def _on_set_habit(self, _button=None) -> None:
        n = check_int(self.habit_n.value, "number of posts", low=1, high=30)
        store.set_engagement_habit(self.book, n, on=Session.of(self.book).as_of())
        self.refresh()
        self.changes += 1
        self.messages.success(f"Your habit: {plural(n, 'post')} from your inner circles each week.")
