"""Work on something together: project ideas from common ground, and projects tracked from idea to done.

:class:`ProjectsView` shows where the person's collaborations stand (a sentence and the chart of
:func:`workbook.figures.together.plot_together`), the best ideas
(:func:`workbook.practices.projects.suggest_projects`), each with **Start this project**, the
projects with one button per move their road allows (``schema.PROJECT_TRANSITIONS``) and their
dated history, a small editor of who is on a project, and a form for a project of the person's own.
Writes go through :mod:`workbook.store.projects`.

Top-level component: ``ProjectsView(book)`` (a ``VBox`` with ``refresh()``, a ``messages`` area and
an Int ``changes`` traitlet incremented after every write). Every string from data is escaped;
widget values are checked in Python (a visitor can forge them).

Stable CSS classes: ``wb-projects``, ``wb-projects-summary``, ``wb-projects-chart``, ``wb-projects-ideas``,
``wb-projects-idea``, ``wb-projects-start``, ``wb-projects-list``, ``wb-projects-project``,
``wb-projects-move``, ``wb-projects-history``, ``wb-projects-people``, ``wb-projects-people-project``,
``wb-projects-people-add``, ``wb-projects-people-remove``, ``wb-projects-new-title``,
``wb-projects-new-description``, ``wb-projects-new``, ``wb-projects-empty``.

>>> import workbook
>>> book = workbook.open(":memory:"); book.set_setting("as_of", "2026-10-15")
>>> view = ProjectsView(book); "No projects yet" in view.summary.value
True
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from ..figures.together import plot_together
from ..practices import projects as practice
from ..session import Session
from ..store import projects as store
from .common import MessageArea, check_choice, esc, guard, pd_date, section_title, teaching_panel, show_in
from .widgets import ContactPicker

__all__ = ["ProjectsView", "MOVE_LABELS"]

#: What the button for each move says.
MOVE_LABELS = {"proposed": "Propose it", "active": "It is under way", "done": "Mark done", "dropped": "Drop it",
               "idea": "Back to an idea"}
_NO_PROJECT = ("Pick a project...", None)
_CARD = dict(border="1px solid #D5DAE1", padding="6px 12px", margin="4px 0")
_KIND_NOTE = {"shared interest": "shared interest", "complementary skills": "complementary skills"}


def _html(text: str, css: str) -> widgets.HTML:
    box = widgets.HTML(text)
    box.add_class(css)
    return box


def _button(description: str, css: str, *, style: str = "", icon: str = "") -> widgets.Button:
    b = widgets.Button(description=description, button_style=style, icon=icon,
                       layout=widgets.Layout(width="auto"))
    b.add_class(css)
    return b


class ProjectsView(widgets.VBox):
    """Ideas, projects with their road, people on them; ``ideas`` and ``projects`` publish what is shown."""

    changes = traitlets.Int(0)

    def __init__(self, book, *, n_ideas: int = 8, **kwargs: Any):
        self.book = book
        self.n_ideas = int(n_ideas)
        self.messages = MessageArea()
        self.summary = _html("", "wb-projects-summary")
        self.chart = widgets.Box(layout=widgets.Layout(width="100%"))
        self.chart.add_class("wb-projects-chart")
        self.ideas_box = widgets.VBox()
        self.ideas_box.add_class("wb-projects-ideas")
        self.list = widgets.VBox()
        self.list.add_class("wb-projects-list")
        self.ideas = pd.DataFrame(columns=practice.IDEA_COLUMNS)
        self.projects = pd.DataFrame()
        self.idea_buttons: list[widgets.Button] = []
        self.move_buttons: dict[tuple[int, str], widgets.Button] = {}
        super().__init__([
            section_title("Work on something together",
                          "A shared project turns a pleasant contact into a partner. Ideas come from what you share "
                          "and from skills that complement each other; active and done projects count as a give "
                          "and a take with everyone on them."),
            teaching_panel("together"), self.messages, self.summary, self.chart,
            _html("<h3>Ideas</h3>", "wb-projects-ideas-title"), self.ideas_box,
            _html("<h3>Your projects</h3>", "wb-projects-list-title"), self.list,
            self._people_editor(), self._new_form()], **kwargs)
        self.add_class("wb-projects")
        self.refresh()

    def __repr__(self) -> str:
        return "ProjectsView()"  # stable: notebooks compare a widget's plain text between runs

    # -- building ----------------------------------------------------------------------------------

    def _people_editor(self) -> widgets.VBox:
        self.people_project = widgets.Dropdown(options=[_NO_PROJECT], value=None, description="Project",
                                               layout=widgets.Layout(width="420px"))
        self.people_project.add_class("wb-projects-people-project")
        self.picker = ContactPicker(self.book, css="wb-projects")
        self.add_person = _button("Add to project", "wb-projects-people-add", icon="plus")
        self.remove_person = _button("Remove from project", "wb-projects-people-remove", icon="minus")
        self.add_person.on_click(lambda _b: self._on_people(add=True))
        self.remove_person.on_click(lambda _b: self._on_people(add=False))
        row = widgets.HBox([self.add_person, self.remove_person])
        row.add_class("wb-row")
        box = widgets.VBox([_html("<h3>Who is on a project</h3>", "wb-projects-people-title"), self.people_project,
                            self.picker, row])
        box.add_class("wb-projects-people")
        return box

    def _new_form(self) -> widgets.VBox:
        self.new_title = widgets.Text(placeholder="e.g. A joint talk on school data at the Product Guild",
                                      description="Title", layout=widgets.Layout(width="520px"))
        self.new_title.add_class("wb-projects-new-title")
        self.new_description = widgets.Textarea(placeholder="What you would make together, in a sentence or two",
                                                description="About", rows=2, layout=widgets.Layout(width="520px"))
        self.new_description.add_class("wb-projects-new-description")
        self.new_button = _button("Add as an idea", "wb-projects-new", style="primary", icon="plus")
        self.new_button.on_click(self._on_new)
        return widgets.VBox([_html("<h3>A project of your own</h3>", "wb-projects-new-heading"), self.new_title,
                             self.new_description, widgets.HBox([self.new_button])])

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook and redraw the summary, chart, ideas and projects."""
        s = Session.of(self.book)
        self.projects = s.table("projects")
        self.ideas = s.memo("projects.ideas", ("contacts", "tags", "profile", "derived", "derived_dismissals",
                                               "interactions", "settings", "projects"),
                            lambda: practice.suggest_projects(s.contacts(), s.common_tags(), s.derived_items(),
                                                              s.profile(), s.ties(), limit=self.n_ideas,
                                                              existing=s.table("projects")), extra=self.n_ideas)
        self.summary.value = f'<p class="wb-projects-summary">{esc(practice.describe_projects(self.projects, self.ideas))}</p>'
        show_in(self.chart, plot_together(self.projects, s.table("asks")))
        self._draw_ideas()
        self._draw_projects(s)
        self.picker.refresh()

    def _draw_ideas(self) -> None:
        self.idea_buttons = []
        rows = []
        for i, idea in enumerate(self.ideas.itertuples(index=False)):
            start = _button("Start this project", "wb-projects-start", icon="play")
            start.on_click(lambda _b, i=i: self._on_start(i))
            self.idea_buttons.append(start)
            text = _html(f'<div><b>{esc(idea.title)}</b> <span class="wb-muted">({esc(_KIND_NOTE[idea.kind])})</span>'
                         f'</div><div>With {esc(idea.people)}: {esc(idea.basis)}.</div>', "wb-projects-idea-text")
            row = widgets.VBox([text, widgets.HBox([start])], layout=widgets.Layout(**_CARD))
            row.add_class("wb-projects-idea")
            row.add_class("wb-card")
            rows.append(row)
        self.ideas_box.children = rows or [_html(
            '<div class="wb-hint">No ideas yet: add interests and skills to your profile and to the cards of people '
            'you know (or import your LinkedIn export, whose skills and employers count), and ideas appear here.'
            '</div>', "wb-projects-empty")]

    def _draw_projects(self, s: Session) -> None:
        self.move_buttons = {}
        names = practice.project_people_names(s.table("project_people"), s.contacts())
        history = s.table("project_history")
        cards = [self._card(p, names.get(int(p.project_id), ""), history) for p in self.projects.itertuples(index=False)]
        self.list.children = cards or [_html(
            '<div class="wb-hint">No projects yet: press “Start this project” on an idea above, or add one of your '
            'own below.</div>', "wb-projects-empty")]
        options = [_NO_PROJECT] + [(str(t), int(i)) for t, i in zip(self.projects["title"], self.projects["project_id"])]
        keep = self.people_project.value if self.people_project.value in {o[1] for o in options} else None
        self.people_project.options, self.people_project.value = options, keep

    def _card(self, p, people: str, history: pd.DataFrame) -> widgets.VBox:
        pid = int(p.project_id)
        road = history.loc[history["project_id"] == pid]
        steps = " → ".join(f"{esc(r.to_status)} {esc(pd_date(r.date))}" for r in road.itertuples(index=False))
        head = _html(f'<div><b>{esc(p.title)}</b> · <span class="wb-projects-status">{esc(p.status)}</span></div>'
                     + (f'<div>{esc(p.description)}</div>' if p.description else "")
                     + (f'<div class="wb-muted">Basis: {esc(p.basis)}</div>' if p.basis else "")
                     + f'<div class="wb-muted">People: {esc(people) or "nobody yet (add them below)"}</div>',
                     "wb-projects-project-text")
        buttons = []
        for to in practice.allowed_moves(p.status):
            b = _button(MOVE_LABELS.get(to, to), "wb-projects-move")
            b.add_class(f"wb-projects-move-{to}")
            b.on_click(lambda _b, pid=pid, to=to: self._on_move(pid, to))
            self.move_buttons[(pid, to)] = b
            buttons.append(b)
        row = widgets.HBox(buttons)
        row.add_class("wb-row")
        card = widgets.VBox([head, row, _html(f'<div class="wb-muted" style="font-size:12px">{steps}</div>',
                                              "wb-projects-history")], layout=widgets.Layout(**_CARD))
        card.add_class("wb-projects-project")
        card.add_class("wb-card")
        return card

    # -- handlers ----------------------------------------------------------------------------------

    def _wrote(self, message: str) -> None:
        self.refresh()
        self.changes += 1
        self.messages.success(message)

    @guard()
    def _on_start(self, index: int) -> None:
        if not 0 <= int(index) < len(self.ideas):
            raise ValueError("That idea is no longer shown: the page was refreshed.")
        idea = self.ideas.iloc[int(index)]
        store.add_project(self.book, idea["title"], basis=f"{idea['kind']}: {idea['basis']}",
                          contact_ids=list(idea["contact_ids"]))
        self._wrote(f"Started “{idea['title']}” as an idea. Propose it to {idea['people']} when you are ready.")

    def start(self, index: int = 0) -> None:
        """Start the idea at ``index`` (as the button does; for tests and notebooks)."""
        self._on_start(index)

    @guard()
    def _on_move(self, project_id: int, to_status: str) -> None:
        check_choice(to_status, list(MOVE_LABELS), "status")
        store.move_project(self.book, project_id, to_status)
        title = self.projects.set_index("project_id")["title"].get(int(project_id), "The project")
        self._wrote(f"“{title}” is now {to_status}.")

    @guard()
    def _on_people(self, *, add: bool) -> None:
        pid = self.people_project.value
        if pid is None:
            raise ValueError("Pick a project first.")
        pid = check_choice(pid, self.people_project.options, "project")
        cid = self.picker.chosen()
        now = set(Session.of(self.book).table("project_people").query("project_id == @pid")["contact_id"].astype(int))
        if not add and cid not in now:
            raise ValueError(f"{self.picker.name} is not on that project.")
        store.set_project_people(self.book, pid, sorted(now | {cid}) if add else sorted(now - {cid}))
        self._wrote(f"{'Added' if add else 'Removed'} {self.picker.name} {'to' if add else 'from'} the project.")

    @guard()
    def _on_new(self, _button=None) -> None:
        title = str(self.new_title.value or "")
        pid = store.add_project(self.book, title, description=str(self.new_description.value or ""))
        self.new_title.value, self.new_description.value = "", ""
        self._wrote(f"Added “{' '.join(title.split())}” as an idea (project {pid}).")
