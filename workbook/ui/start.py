"""Start: a welcome that says whose workbook this is, and three ways in: explore the demo,
start empty, or import your own files (the importer widget of :mod:`workbook.ui.importer`).

In the demo, imports go to the person's own workbook, and the app switches to it.

>>> import tempfile, os, workbook
>>> view = StartView(workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite")))
>>> "Welcome to <b>your workbook</b>" in view._welcome.value
True
"""
from __future__ import annotations

import logging
import traceback
from typing import Any

import ipywidgets as widgets
import traitlets

from ..store import Workbook
from .common import Host, MessageArea, display_name, esc, friendly, guard, plural, section_title, teaching_panel
from .importer import ImporterWidget

log = logging.getLogger("workbook.ui.start")

_FORMATS = """
<p class="wb-start-tip">Tip: ask LinkedIn for your data under <i>Settings, Data privacy, Get a copy of your
data</i>; it arrives by email within a day. Import the whole .zip as it is.</p>
"""

_STEPS = """
<ol class="wb-start-steps">
<li><b>Profile</b>: set a goal (what you want to grow toward, and what it needs), then your interests,
values and skills.</li>
<li><b>Map</b>: who is in your network, in which circles, and the gaps.</li>
<li><b>Common ground</b>: what you share with people, and who to introduce.</li>
<li><b>Mentor outreach</b>: candidates for your goals and a pipeline to follow through.</li>
<li><b>Health</b> and <b>This week</b>: who is cooling, and a short plan for the week.</li>
<li><b>Journal</b>: your answers to the coaching questions, all in one place.</li>
</ol>
"""


def find_importer() -> type:
    """The importer widget this page embeds (:class:`workbook.ui.importer.ImporterWidget`)."""
    return ImporterWidget


class StartView(widgets.VBox):
    """The welcome page; ``changes`` moves when an import (or a fresh start) changed a workbook."""

    changes = traitlets.Int(0)

    def __init__(self, book: Workbook, shell: Host | None = None, **kwargs: Any):
        self.book = book
        self.shell = shell
        self.messages = MessageArea()
        self.importer: widgets.Widget | None = None

        self._welcome = widgets.HTML()
        self._welcome.add_class("wb-start-welcome")

        self._explore = widgets.Button(description="Explore the map")
        self._explore.add_class("wb-start-explore")
        self._explore.add_class("wb-primary")
        self._explore.on_click(self._on_explore)
        self._week = widgets.Button(description="See this week's plan")
        self._week.add_class("wb-start-week")
        self._week.on_click(self._on_week)
        self._goal = widgets.Button(description="Set a goal")
        self._goal.add_class("wb-start-goal")
        self._goal.on_click(self._on_goal)
        explore = widgets.HBox([self._explore, self._goal, self._week])
        explore.add_class("wb-row")
        self._explore_card = self._card("Explore", "", [explore], "wb-start-demo")

        self._empty = widgets.Button(description="Start my own, empty")
        self._empty.add_class("wb-start-empty")
        self._empty.on_click(self._on_start_empty)
        self._empty_card = self._card(
            "Start your own", "An empty workbook of your own: fill in your profile, then add people by hand or "
            "import them later.", [self._empty], "wb-start-own")

        self._import_box = widgets.VBox()
        self._import_box.add_class("wb-start-importer")
        self._import_card = self._card(
            "Import your data", "Bring in one or more files at once; the same person in two files becomes one "
            "contact, and importing a file twice adds nothing.", [widgets.HTML(_FORMATS), self._import_box],
            "wb-start-import")

        cards = widgets.HBox([self._explore_card, self._empty_card])
        cards.add_class("wb-cards")
        self._where = widgets.HTML()
        self._where.add_class("wb-start-where")
        how = widgets.HTML(f'<h3 class="wb-card-title">How the workbook works</h3>{_STEPS}')
        how.add_class("wb-start-how")
        title = section_title("Start here", "What this workbook holds, and how to bring your own data in.")
        self._steps = widgets.HTML()
        self._steps.add_class("wb-start-first-steps")
        super().__init__([title, teaching_panel("start"), self.messages, self._welcome, self._steps, cards,
                          self._import_card, how, self._where], **kwargs)
        self.add_class("wb-start")
        self._build_importer()
        self.refresh()

    @staticmethod
    def _card(title: str, text: str, children: list[widgets.Widget], css: str) -> widgets.VBox:
        head = widgets.HTML(f'<h3 class="wb-card-title">{esc(title)}</h3>'
                            + (f'<p class="wb-card-text">{esc(text)}</p>' if text else ""))
        box = widgets.VBox([head, *children])
        box.add_class("wb-card")
        box.add_class(css)
        return box

    # -- state -----------------------------------------------------------------------------------------

    @property
    def _demo(self) -> bool:
        return bool(self.shell is not None and getattr(self.shell, "is_demo", False))

    def _import_target(self) -> Workbook:
        return self.shell.own_book() if self._demo else self.book

    def _build_importer(self) -> None:
        try:
            self.importer = ImporterWidget(self._import_target())
        except Exception as exc:  # noqa: BLE001
            log.error("building the importer failed:\n%s", traceback.format_exc())
            self._import_box.children = (widgets.HTML(f'<p class="wb-muted">The importer could not be shown: '
                                                      f'{esc(friendly(exc))}</p>'),)
            return
        self.importer.observe(self._on_imported, "reports")  # published after every import
        self._import_box.children = (self.importer,)

    def refresh(self) -> None:
        """Re-read whose workbook this is and what it holds."""
        if self.shell is not None:
            self.book = self.shell.book
        counts = self.book.counts()
        if self._demo:
            name = display_name(self.book).replace("’s workbook", "")
            text = (f"<p>You are looking at the demo: <b>{esc(name)}</b>, a made-up person with "
                    f"{counts['contacts']:,} contacts, so you can see what the workbook does before you bring your "
                    "own data. Change anything you like; the demo is separate from your own workbook.</p>"
                    "<p>When you are ready, import your own files below or start an empty workbook of your own.</p>")
            self._explore.description = "Explore the demo's map"
        else:
            empty = counts["contacts"] == 0
            text = (f"<p>Welcome to <b>{esc(self._owner())}</b>. "
                    + ("It is empty so far: import your files below, or add people on the Contacts page.</p>"
                       if empty else
                       f"It holds {counts['contacts']:,} contacts and {counts['interactions']:,} conversations. "
                       "Import more files below any time; nothing is duplicated.</p>"))
            self._explore.description = "Open the map"
        self._welcome.value = f'<div class="wb-start-intro">{text}</div>'
        self._steps.value = first_steps(counts["contacts"], int((self.book.goals()["status"] == "active").sum()))
        self._empty_card.layout.display = "" if self._demo else "none"
        self._explore_card.layout.display = "" if (self._demo or counts["contacts"]) else "none"
        if self._demo:
            where = (f"Your own workbook will be the file <code>{esc(self.shell.own_path)}</code>; the demo is "
                     "kept apart from it.")
        else:
            where = f"Your workbook is the file <code>{esc(self.book.path)}</code>."
        self._where.value = (f'<p class="wb-muted wb-start-privacy">Everything stays on this computer. {where} '
                             "Nothing is uploaded anywhere.</p>")

    @guard()
    def _on_goal(self, _button) -> None:
        if self.shell is not None:
            self.shell.show("profile")

    def _owner(self) -> str:
        return display_name(self.book).replace("Your workbook", "your workbook")

    # -- handlers --------------------------------------------------------------------------------------

    @guard()
    def _on_explore(self, _button) -> None:
        if self.shell is None:
            raise ValueError("Open the Map from the navigation.")
        self.shell.show("map")

    @guard()
    def _on_week(self, _button) -> None:
        if self.shell is None:
            raise ValueError("Open This week from the navigation.")
        self.shell.show("week")

    @guard()
    def _on_start_empty(self, _button) -> None:
        if self.shell is None:
            raise ValueError("This works inside the app.")
        self.shell.use_own_workbook(show="profile")
        self.shell.messages.success("This is your own workbook now. Start with your profile; everything is saved "
                                    "on this computer as you go.")
        self.changes += 1

    @guard()
    def _on_imported(self, _change: dict) -> None:
        if self._demo and not self.shell.own_book().is_empty():
            self.shell.use_own_workbook()
            self.shell.messages.success("Your data is in your own workbook now; the demo is put away.")
        self.refresh()
        self.changes += 1


def first_steps(contacts: int, goals: int) -> str:
    """The three first steps, each ticked once done (HTML; counts only, nothing from data).

    >>> "✓" in first_steps(3, 0) and "Set a goal" in first_steps(3, 0)
    True
    """
    steps = [
        (contacts > 0, "Bring in your contacts", f"{plural(contacts, 'contact')} so far" if contacts else
         "import your LinkedIn export below, or add people on the Contacts page"),
        (goals > 0, "Set a goal", f"{plural(goals, 'active goal')}" if goals else
         "on your Profile: what you want to grow toward, and the skills, roles or fields it needs"),
        (False, "Do one action this week", "open This week and press Done when it is done"),
    ]
    items = "".join(f"<li>{'✓' if done else '○'} <b>{what}</b>: {how}</li>" for done, what, how in steps)
    return f'<h3 class="wb-card-title">Your first steps</h3><ul class="wb-start-steps wb-start-checklist">{items}</ul>'
