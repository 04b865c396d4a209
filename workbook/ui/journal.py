"""The journal: every coaching question of every chapter, with the person's answers, editable.

Questions come from a registry: :data:`PROMPTS` below, plus any chapter that lists its own as
``PROMPTS = {prompt_id: question}`` in its ``workbook.ui.<task>`` or ``workbook.<task>`` module,
plus every answer already saved in the workbook's ``reflections`` table (a notebook may ask
something the registry does not know). A prompt id's prefix names its chapter (``map.``,
``common.``, ``outreach.``, ``health.``...). Answers save when the text box loses focus.

>>> chapter_of("map.missing-field"), humanise("health.cooling-ties")
('map', 'Cooling ties')
"""
from __future__ import annotations

import importlib
import logging
import re
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from ..store import Workbook
from .common import MessageArea, esc, guard, section_title
from .reflection import ReflectionPrompt

log = logging.getLogger("workbook.ui.journal")

#: Chapters in the order of the workbook, with their headings.
CHAPTERS: dict[str, str] = {
    "start": "Getting started",
    "map": "Map your network",
    "common": "Find common ground",
    "outreach": "Plan mentor outreach",
    "health": "Relationship health",
    "week": "This week",
    "note": "Your own notes",
    "other": "Other questions",
}
_CHAPTER_MODULES = {"map": "mapping", "common": "common_ground", "outreach": "outreach", "health": "health"}

#: The workbook's own questions, used for a chapter that publishes none of its own.
PROMPTS: dict[str, str] = {
    "start.why": "What do you want your network to help you with over the next year, and what can you offer it?",
    "map.missing-field": "Which field, role or community is missing from your network that matters for your goals, "
                         "and which event or group could reach it?",
    "map.circles": "Who belongs in your inner circle right now? Is anyone there out of habit, and is anyone "
                   "missing who deserves more of your time?",
    "common.values": "Which values do the people you stay close to share? What would you like people to say "
                     "they share with you?",
    "common.touchpoints": "Choose three people and one genuine touchpoint for each: something you share, "
                          "something useful to them, or a question about their work.",
    "outreach.first-ask": "What exactly will you ask your first mentor candidate for? Keep it small, specific "
                          "and easy to say yes to.",
    "outreach.offer": "What can you offer a mentor in return: an update on what you did with their advice, "
                      "a useful resource, an introduction?",
    "health.cooling": "Which relationship is cooling that you would miss? What is one easy way to get back "
                      "in touch this week?",
    "health.give": "Where have you been taking more than giving? Who could you help, introduce or thank, "
                   "without keeping score?",
    "week.reflection": "Looking back on this week: who did you reach, what came of it, and what will you do "
                       "differently next week?",
}


def chapter_of(prompt_id: str) -> str:
    """The chapter a prompt id belongs to (its prefix before '.', else 'other')."""
    prefix = str(prompt_id).split(".", 1)[0] if "." in str(prompt_id) else ""
    return prefix if prefix in CHAPTERS else "other"


def humanise(prompt_id: str) -> str:
    """A readable title for a prompt the registry does not know."""
    rest = str(prompt_id).split(".", 1)[-1]
    words = re.sub(r"[-_]+", " ", rest).strip()
    return (words[:1].upper() + words[1:]) or str(prompt_id)


def registry() -> dict[str, str]:
    """Every known question: each chapter's own (``PROMPTS`` in its module), then this module's
    for the chapters that publish none."""
    out: dict[str, str] = {}
    published: set[str] = set()
    for chapter, name in _CHAPTER_MODULES.items():
        for module in (f"workbook.ui.{name}", f"workbook.{name}"):
            try:
                extra = getattr(importlib.import_module(module), "PROMPTS", None)
            except Exception:  # noqa: BLE001 - a chapter being written must not break the journal
                continue
            if isinstance(extra, dict):
                items = list(extra.items())
            elif isinstance(extra, (list, tuple)):
                items = [p for p in extra if isinstance(p, (list, tuple)) and len(p) == 2]
            else:
                continue
            for pid, text in items:
                out.setdefault(str(pid), str(text))
                published.add(chapter_of(str(pid)))
    for pid, text in PROMPTS.items():
        if chapter_of(pid) not in published:
            out.setdefault(pid, text)
    order = {c: i for i, c in enumerate(CHAPTERS)}
    return dict(sorted(out.items(), key=lambda kv: order.get(chapter_of(kv[0]), len(order))))


def journal_entries(book: Workbook) -> pd.DataFrame:
    """One row per question (registry + saved answers): prompt_id, chapter, question, text, updated_at."""
    known = registry()
    saved = book.reflections().astype({"prompt_id": str})
    ids = list(dict.fromkeys([*known, *saved["prompt_id"]]))
    order = {c: i for i, c in enumerate(CHAPTERS)}
    frame = pd.DataFrame({"prompt_id": ids}).merge(saved, on="prompt_id", how="left")
    return (
        frame.assign(
            chapter=frame["prompt_id"].map(chapter_of),
            question=[known.get(p) or (humanise(p) if not p.startswith("note.") else p[5:]) for p in ids],
            text=frame["text"].fillna("").astype(str),
            _order=frame["prompt_id"].map(chapter_of).map(order),
        )
        .sort_values(["_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)[["prompt_id", "chapter", "question", "text", "updated_at"]]
    )


class JournalView(widgets.VBox):
    """All questions and answers, grouped by chapter; answers save as they are written."""

    changes = traitlets.Int(0)

    def __init__(self, book: Workbook, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self._answers: dict[str, ReflectionPrompt] = {}
        self._summary = widgets.HTML()
        self._summary.add_class("wb-journal-summary")
        self._body = widgets.VBox()
        self._body.add_class("wb-journal-chapters")
        self._new_title = widgets.Text(placeholder="A title for your note, e.g. “After the PyData meetup”",
                                       layout=widgets.Layout(flex="1 1 300px", width="auto"))
        self._new_title.add_class("wb-journal-new-title")
        self._new_button = widgets.Button(description="Add a note")
        self._new_button.add_class("wb-journal-new")
        self._new_button.on_click(self._on_new)
        new = widgets.HBox([self._new_title, self._new_button])
        new.add_class("wb-row")
        title = section_title("Your journal", "Every coaching question of the workbook in one place, with your "
                              "answers. Add notes of your own at the end.")
        super().__init__([title, self.messages, self._summary, self._body, new], **kwargs)
        self.add_class("wb-journal")
        self.refresh()

    def refresh(self) -> None:
        """Re-read the answers and redraw."""
        entries = journal_entries(self.book)
        chapters: list[widgets.Widget] = []
        self._answers = {}
        for chapter, group in entries.groupby("chapter", sort=False):
            items: list[widgets.Widget] = [widgets.HTML(f'<h3 class="wb-journal-chapter-title">'
                                                        f'{esc(CHAPTERS.get(chapter, chapter))}</h3>')]
            for row in group.itertuples(index=False):
                items.append(self._prompt(row.prompt_id, row.question))
            box = widgets.VBox(items)
            box.add_class("wb-journal-chapter")
            box.add_class(f"wb-journal-chapter-{chapter}")
            chapters.append(box)
        self._body.children = chapters
        self._summarise()

    def _prompt(self, prompt_id: str, question: str) -> widgets.Widget:
        prompt = ReflectionPrompt(self.book, prompt_id, question, rows=3)
        prompt.add_class("wb-journal-prompt")
        prompt.text.add_class("wb-journal-answer")
        prompt.observe(self._on_answer, "changes")
        self._answers[prompt_id] = prompt
        return prompt

    def answer(self, prompt_id: str, text: str) -> None:
        """Write an answer as if typed (for tests and for linking)."""
        self._answers[prompt_id].text.value = text

    def _on_answer(self, _change: dict) -> None:
        self._summarise()
        self.changes += 1

    def _summarise(self) -> None:
        answered = sum(bool(p.value.strip()) for p in self._answers.values())
        self._summary.value = (f'<p class="wb-muted">{answered} of {len(self._answers)} questions answered. '
                               'Answers save when you click outside the box.</p>')

    @guard()
    def _on_new(self, _button) -> None:
        title = re.sub(r"\s+", " ", str(self._new_title.value)).strip()
        if not title:
            raise ValueError("Give your note a title first.")
        if len(title) > 150:
            raise ValueError("Keep the title under 150 characters.")
        pid = f"note.{title}"
        if pid in self._answers:
            raise ValueError("You already have a note with that title; write in it below.")
        self.book.save_reflection(pid, "")
        self._new_title.value = ""
        self.refresh()
        self.messages.success(f"Added “{title}”. Write your note in its box under “Your own notes”.")
        self.changes += 1
