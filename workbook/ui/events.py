"""The Events page: prepare for an event, log who you met, follow up within 48 hours, see what came of it.

Top-level component: :class:`EventsView` (a ``VBox`` with ``refresh()``, a ``messages`` area and an
Int ``changes`` traitlet incremented after every write), constructed as ``EventsView(book)``. The
rules live in :mod:`workbook.practices.events`, the writes in :mod:`workbook.store.events`, the chart
in :mod:`workbook.figures.events`. Every string from data is escaped; widget values are checked in
Python (a visitor can forge them).

Stable CSS classes: ``wb-events``, ``wb-events-empty``, ``wb-events-upcoming``, ``wb-events-card``,
``wb-events-likely``, ``wb-events-meet``, ``wb-events-openers``, ``wb-events-choose``, ``wb-events-goal``,
``wb-events-goal-save``, ``wb-events-meet-add``, ``wb-events-form``, ``wb-events-title``, ``wb-events-date``,
``wb-events-location``, ``wb-events-new-goal``, ``wb-events-add``, ``wb-events-upload``, ``wb-events-past``,
``wb-events-met-add``, ``wb-events-met-list``, ``wb-events-met-clear``, ``wb-events-new-people``,
``wb-events-log``, ``wb-events-follow-ups``, ``wb-events-chart``.

>>> import workbook
>>> book = workbook.open(":memory:"); _ = book.add_contact("Ada <Lovelace>")
>>> view = EventsView(book); "No events yet" in view.empty.value
True
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from ..figures.events import plot_event_outcomes
from ..practices import events as loop
from ..session import Session
from ..store import events as store
from .common import MessageArea, check_choice, esc, guard, pd_date, plural, section_title, teaching_panel, show_in
from .widgets import ContactPicker

__all__ = ["EventsView", "SHOWN_UPCOMING"]

#: Upcoming events shown in full (a calendar may bring dozens; the rest are listed by name).
SHOWN_UPCOMING = 4
_NONE = ("Pick an event...", None)
_TABLES = ("events", "event_people", "contacts", "tags", "interactions", "goals", "profile", "derived",
           "derived_dismissals", "settings")
_STYLE = """<style>
.wb-events-card{border:1px solid #D5DAE1;border-radius:8px;padding:10px 14px;margin:6px 0;background:#fff}
.wb-events-card h4{margin:0 0 4px}.wb-events-card ul{margin:2px 0 6px 18px;padding:0}
.wb-events-why{color:#6B7380;font-size:12px}.wb-events-head{font-weight:600;margin-top:6px}
</style>"""


def _li(items: list[str], empty: str) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else f'<div class="wb-muted">{empty}</div>'


def _box(children: list[widgets.Widget], css: str) -> widgets.VBox:
    box = widgets.VBox(children)
    box.add_class(css)
    return box


def _with(widget: widgets.Widget, css: str) -> widgets.Widget:
    widget.add_class(css)
    return widget


class EventsView(widgets.VBox):
    """Upcoming events (who is likely there, whom to meet, the goal, openers), an add-event form, a
    calendar upload, "log who you met" for past events, the follow-ups due and the outcomes chart."""

    changes = traitlets.Int(0)
    #: How many follow-ups after events are waiting (published for the shell's badge).
    follow_ups_due = traitlets.Int(0)

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.empty = _with(widgets.HTML(), "wb-events-empty")
        self.upcoming = _with(widgets.HTML(), "wb-events-upcoming")
        self.follow_ups = _with(widgets.HTML(), "wb-events-follow-ups")
        self.chart = _with(widgets.Box(layout=widgets.Layout(width="100%")), "wb-events-chart")
        self._met_ids: list[int] = []
        self._data: dict[str, Any] = {}
        super().__init__([
            widgets.HTML(_STYLE),
            section_title("Events and conferences", "Before an event: who you know is likely there, whom to meet "
                          "and what to say. After it: log who you met and follow up within 48 hours."),
            teaching_panel("events"), self.messages, self.empty, widgets.HTML("<h3>Coming up</h3>"), self.upcoming, self._plan_panel(),
            widgets.HTML("<h3>Add an event</h3>"), self._add_panel(),
            widgets.HTML("<h3>After an event: log who you met</h3>"), self._log_panel(),
            widgets.HTML("<h3>Follow-ups due</h3>"), self.follow_ups,
            widgets.HTML("<h3>What came of your events</h3>"), self.chart], **kwargs)
        self.add_class("wb-events")
        self.refresh()

    def __repr__(self) -> str:
        return "EventsView()"  # stable: notebooks compare a widget's plain-text form

    # -- panels --------------------------------------------------------------------------------------

    def _plan_panel(self) -> widgets.VBox:
        self.event = _with(widgets.Dropdown(description="Event", options=[_NONE], value=None,
                                            layout=widgets.Layout(width="520px")), "wb-events-choose")
        self.goal = _with(widgets.Text(description="Your goal", placeholder="e.g. Meet two product leads",
                                       layout=widgets.Layout(width="520px")), "wb-events-goal")
        self.save_goal = _with(widgets.Button(description="Save goal", icon="check"), "wb-events-goal-save")
        self.meet_picker = ContactPicker(self.book, description="Meet", css="wb-events-meet")
        self.add_meet = _with(widgets.Button(description="Add to whom to meet", icon="plus",
                                                  layout=widgets.Layout(width="auto")), "wb-events-meet-add")
        self.event.observe(self._on_event, names="value")
        self.save_goal.on_click(self._on_save_goal)
        self.add_meet.on_click(self._on_add_meet)
        return _box([self.event, widgets.HBox([self.goal, self.save_goal]),
                     widgets.HBox([self.meet_picker, self.add_meet])], "wb-events-plan")

    def _add_panel(self) -> widgets.VBox:
        wide = widgets.Layout(width="520px")
        self.title = _with(widgets.Text(description="Title", placeholder="e.g. ProductTank Manchester", layout=wide),
                           "wb-events-title")
        self.date = _with(widgets.DatePicker(description="Date"), "wb-events-date")
        self.location = _with(widgets.Text(description="Where", placeholder="venue and city", layout=wide),
                              "wb-events-location")
        self.new_goal = _with(widgets.Text(description="Your goal", placeholder="what you want from it", layout=wide),
                              "wb-events-new-goal")
        self.add = _with(widgets.Button(description="Add event", icon="plus", button_style="primary"), "wb-events-add")
        self.add.on_click(self._on_add)
        self.upload = _with(widgets.FileUpload(accept=".ics,text/calendar", multiple=False,
                                               description="Upload a calendar (.ics)",
                                               layout=widgets.Layout(width="auto")), "wb-events-upload")
        self.upload.observe(self._on_upload, names="value")
        hint = widgets.HTML('<div class="wb-muted">From a calendar file, only events still to come are added, '
                            'and importing the same file again adds nothing.</div>')
        return _box([self.title, self.date, self.location, self.new_goal, self.add, self.upload, hint], "wb-events-form")

    def _log_panel(self) -> widgets.VBox:
        self.past = _with(widgets.Dropdown(description="Event", options=[_NONE], value=None,
                                           layout=widgets.Layout(width="520px")), "wb-events-past")
        self.met_picker = ContactPicker(self.book, description="Met", css="wb-events-met")
        self.add_met = _with(widgets.Button(description="Add to the list", icon="plus"), "wb-events-met-add")
        self.met_list = _with(widgets.HTML(), "wb-events-met-list")
        self.clear_met = _with(widgets.Button(description="Clear the list"), "wb-events-met-clear")
        self.new_people = _with(widgets.Textarea(placeholder="New people, one a line: Name, title, company",
                                                 rows=3, layout=widgets.Layout(width="520px")), "wb-events-new-people")
        self.log_met = _with(widgets.Button(description="Log who you met", icon="check", button_style="primary"),
                         "wb-events-log")
        self.add_met.on_click(self._on_add_met)
        self.clear_met.on_click(self._on_clear_met)
        self.log_met.on_click(self._on_log)
        return _box([self.past, widgets.HBox([self.met_picker, self.add_met]), self.met_list, self.clear_met,
                     widgets.HTML('<div class="wb-muted">People you met who are not in your workbook yet:</div>'),
                     self.new_people, self.log_met], "wb-events-log-panel")

    # -- reading -------------------------------------------------------------------------------------

    def _compute(self) -> dict[str, Any]:
        s = Session.of(self.book)
        as_of = s.as_of()
        events, people, contacts, tags = s.table("events"), s.table("event_people"), s.contacts(), s.common_tags()
        upcoming, past = loop.split_events(events, as_of=as_of)
        likely = loop.who_is_likely_there(upcoming.head(SHOWN_UPCOMING), contacts, tags, ties=s.ties())
        plans = loop.plan_events(upcoming, likely, people, contacts, tags, s.goals(), s.profile(), s.interactions(),
                                 as_of=as_of, top=SHOWN_UPCOMING)
        follow = loop.event_follow_ups(events, people, s.interactions(), contacts, as_of=as_of)
        outcomes = loop.event_outcomes(events, people, s.interactions(), s.ties(), contacts, as_of=as_of)
        return {"events": events, "upcoming": upcoming, "past": past, "likely": likely, "plans": plans,
                "follow_ups": follow, "outcomes": outcomes, "n_contacts": len(contacts)}

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook and redraw every part of the page."""
        s = Session.of(self.book)
        self._data = d = s.memo("ui.events", _TABLES, self._compute)
        self._show_empty(d)
        self.upcoming.value = self._upcoming_html(d)
        self._fill(self.event, d["upcoming"])
        self._fill(self.past, d["past"])
        self.meet_picker.refresh()
        self.met_picker.refresh()
        self._show_met_list()
        self.follow_ups.value = self._follow_ups_html(d["follow_ups"])
        self.follow_ups_due = len(d["follow_ups"])
        show_in(self.chart, plot_event_outcomes(d["outcomes"]))

    def _show_empty(self, d: dict[str, Any]) -> None:
        if len(d["events"]):
            self.empty.value = ""
            return
        people = ("" if d["n_contacts"] else " Import your contacts first (the Import page), so the workbook can "
                  "tell who you know there.")
        self.empty.value = (
            '<div class="wb-events-card"><b>No events yet.</b> Add one you plan to go to (title, date, where, your '
            'goal) below, or upload your calendar as an .ics file: the workbook keeps the events still to come. '
            'It then says who you know is likely there, whom to meet and what to say, and after the event it '
            f'reminds you to follow up within 48 hours.{esc(people)}</div>')

    @staticmethod
    def _fill(dropdown: widgets.Dropdown, events: pd.DataFrame) -> None:
        options = [_NONE] + [(f"{pd_date(r['starts_on'])} · {str(r['title'])[:80]}", int(r["event_id"]))
                             for r in events.to_dict("records")]
        keep = dropdown.value if dropdown.value in {o[1] for o in options} else None
        if keep is None and len(options) > 1:
            keep = options[1][1]
        dropdown.options = options
        dropdown.value = keep

    def _upcoming_html(self, d: dict[str, Any]) -> str:
        upcoming = d["upcoming"]
        if upcoming.empty:
            return '<div class="wb-muted">Nothing coming up: add an event you plan to go to below.</div>'
        cards = [self._card(event, d) for event in upcoming.head(SHOWN_UPCOMING).to_dict("records")]
        rest = upcoming.iloc[SHOWN_UPCOMING:]
        more = ("<div class='wb-muted'>Also coming up: "
                + "; ".join(f"{esc(r['title'])} ({pd_date(r['starts_on'])})" for r in rest.head(20).to_dict("records"))
                + (f" and {len(rest) - 20} more" if len(rest) > 20 else "") + ".</div>") if len(rest) else ""
        return "".join(cards) + more

    @staticmethod
    def _card(event: dict, d: dict[str, Any]) -> str:
        eid = int(event["event_id"])
        meet, goal, openers = d["plans"][eid]
        likely = d["likely"].loc[(d["likely"]["event_id"] == eid).to_numpy()]
        where = f" · {esc(event['location'])}" if str(event.get("location") or "").strip() else ""
        there = [f"<b>{esc(r.full_name)}</b> <span class='wb-events-why'>{esc(r.reason)}</span>"
                 for r in likely.itertuples(index=False)]
        to_meet = [f"<b>{esc(r.full_name)}</b> ({'planned' if r.kind == 'planned' else 'suggested'}) "
                   f"<span class='wb-events-why'>{esc(r.reason)}</span>" for r in meet.itertuples(index=False)]
        own = "" if str(event.get("goal") or "").strip() else " <span class='wb-events-why'>(a suggestion: save your own below)</span>"
        return (f'<div class="wb-events-card" data-event="{eid}"><h4>{esc(event["title"])}</h4>'
                f'<div class="wb-muted">{pd_date(event["starts_on"])}{where}</div>'
                f'<div class="wb-events-head">Your goal</div><div>{esc(goal)}{own}</div>'
                f'<div class="wb-events-head wb-events-likely">Likely there</div>'
                + _li(there, "Nobody you know looks likely to be there yet: tag people's communities and events, "
                             "or say how you met them.")
                + '<div class="wb-events-head wb-events-meet">Whom to meet</div>'
                + _li(to_meet, "Nobody yet: add someone below, or add a goal so the workbook can suggest people.")
                + '<div class="wb-events-head wb-events-openers">Three openers</div>'
                + _li([esc(t) for t in openers["text"]], "") + "</div>")

    @staticmethod
    def _follow_ups_html(follow: pd.DataFrame) -> str:
        if follow.empty:
            return ('<div class="wb-muted">No follow-ups waiting. After your next event, log who you met here the '
                    'same day: each gets a follow-up due within 48 hours, in your weekly plan too.</div>')
        rows = [f"<li class='{'wb-events-overdue' if r.overdue else 'wb-events-due'}'><b>{esc(r.full_name)}</b>"
                f" · due {pd_date(r.due)}{' (overdue)' if r.overdue else ''}<br>"
                f"<span class='wb-events-why'>{esc(r.reason)}</span></li>" for r in follow.head(30).itertuples(index=False)]
        more = f"<div class='wb-muted'>and {len(follow) - 30} more.</div>" if len(follow) > 30 else ""
        return f"<ul>{''.join(rows)}</ul>{more}"

    def _show_met_list(self) -> None:
        names = Session.of(self.book).contacts().set_index("contact_id")["full_name"]
        chosen = [esc(names.get(c, "")) for c in self._met_ids if c in names.index]
        self.met_list.value = (f"<div>To log: {', '.join(chosen)}</div>" if chosen else
                               '<div class="wb-muted">Pick the people you met one by one, or type new ones '
                               'below; then log them all at once.</div>')

    # -- handlers ------------------------------------------------------------------------------------

    def _chosen(self, dropdown: widgets.Dropdown, what: str) -> int:
        value = check_choice(dropdown.value, dropdown.options, "event")
        if value is None:
            raise ValueError(f"Pick {what} first.")
        return int(value)

    def _done(self, text: str) -> None:
        self.refresh()
        self.messages.success(text)
        self.changes += 1

    @guard()
    def _on_event(self, change: dict) -> None:
        value = check_choice(change["new"], self.event.options, "event")
        rows = self._data.get("events", pd.DataFrame()).loc[lambda f: f["event_id"] == value] if value else []
        self.goal.value = str(rows["goal"].iloc[0]) if len(rows) else ""

    @guard()
    def _on_save_goal(self, _button=None) -> None:
        eid = self._chosen(self.event, "an upcoming event")
        store.set_event_goal(self.book, eid, self.goal.value)
        self._done("Saved your goal for the event." if str(self.goal.value).strip() else "Cleared the event's goal.")

    @guard()
    def _on_add_meet(self, _button=None) -> None:
        eid = self._chosen(self.event, "an upcoming event")
        cid = self.meet_picker.chosen()
        added = store.plan_to_meet(self.book, eid, cid)
        name = self.meet_picker.name
        self._done(f"Added {name} to whom to meet." if added else f"{name} is already on the list for that event.")

    @guard()
    def _on_add(self, _button=None) -> None:
        day = self.date.value
        if not isinstance(day, dt.date):
            raise ValueError("Pick the event's date.")
        title = str(self.title.value or "").strip()
        store.add_event(self.book, self.title.value, day, location=self.location.value, goal=self.new_goal.value)
        self.title.value = self.location.value = self.new_goal.value = ""
        self.date.value = None
        when = "still to come" if day >= Session.of(self.book).as_of() else "already over: log who you met below"
        self._done(f"Added “{title}” on {pd_date(day)} ({when}).")

    @guard()
    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        try:
            name, data = self._check_upload(files)
            cal = loop.read_calendar(data, as_of=Session.of(self.book).as_of(), name=name)
            added = store.add_events(self.book, cal.events, source=name)
        finally:
            self.upload.value = ()  # the same file may be chosen again
        left = [f"{n} {what}" for n, what in ((cal.past, "past"), (cal.cancelled, "cancelled"),
                                              (cal.unreadable, "unreadable"), (len(cal.events) - added, "already here"))
                if n]
        self._done(f"Added {plural(added, 'upcoming event')} from {name}"
                   + (f" (left out: {', '.join(left)})." if left else "."))

    @staticmethod
    def _check_upload(files: Any) -> tuple[str, bytes]:
        if not isinstance(files, (list, tuple)) or len(files) != 1 or not isinstance(files[0], dict):
            raise ValueError("Upload one calendar file (.ics) at a time.")
        item = files[0]
        name = str(item.get("name") or "calendar.ics")[:200]
        if not name.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
            raise ValueError(f"{name} is not a calendar file: export your calendar as .ics and upload that.")
        content = item.get("content")
        data = bytes(content) if isinstance(content, (bytes, bytearray, memoryview)) else b""
        if len(data) > loop.MAX_CALENDAR_BYTES:
            raise ValueError(f"{name} is too large ({len(data) / 1048576:,.1f} MB; at most "
                             f"{loop.MAX_CALENDAR_BYTES // 1048576} MB): export a shorter date range.")
        return name, data

    @guard()
    def _on_add_met(self, _button=None) -> None:
        cid = self.met_picker.chosen()
        if cid not in self._met_ids:
            self._met_ids.append(cid)
        self._show_met_list()

    def _on_clear_met(self, _button=None) -> None:
        self._met_ids = []
        self._show_met_list()

    @guard()
    def _on_log(self, _button=None) -> None:
        eid = self._chosen(self.past, "the event you went to")
        logged = store.log_people_met(self.book, eid, list(self._met_ids), self.new_people.value)
        self._met_ids, self.new_people.value = [], ""
        new = f", {plural(len(logged.created), 'new contact')}" if logged.created else ""
        self._done(f"Logged {plural(len(logged.contact_ids), 'person', 'people')} you met{new}. "
                   "Follow up within 48 hours: they are under Follow-ups due and in your weekly plan.")
