"""The journal: every coaching question of every chapter, with the person's answers, editable.

Questions come from :mod:`workbook.prompts` (the one home of every coaching question), plus
every answer already saved in the workbook's ``reflections`` table (a notebook may ask
something the registry does not know, and notes have ids ``note.<title>``). A prompt id's
prefix names its chapter (``map.``, ``common.``, ``outreach.``, ``health.``...). Answers save
when the text box loses focus.

>>> chapter_of("map.missing-field"), humanise("health.cooling-ties")
('map', 'Cooling ties')
"""
from __future__ import annotations

import logging
import re
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from .. import prompts
from ..prompts import CHAPTERS, PROMPTS, chapter_of, humanise
from ..session import Session
from ..store import Workbook
from .common import MessageArea, esc, guard, plural, section_title, teaching_panel
from .widgets import ReflectionPrompt

log = logging.getLogger("workbook.ui.journal")

__all__ = ["CHAPTERS", "PROMPTS", "JournalView", "chapter_of", "humanise", "journal_entries", "registry"]


def registry() -> dict[str, str]:
    """Every known question, in the order of the chapters (:data:`workbook.prompts.PROMPTS`)."""
    return dict(prompts.PROMPTS)


def journal_entries(book: Workbook) -> pd.DataFrame:
    """One row per question (registry + saved answers): prompt_id, chapter, question, text, updated_at."""
    known = registry()
    saved = Session.of(book).reflections().astype({"prompt_id": str})
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
        super().__init__([title, teaching_panel("journal"), self.messages, self._summary, self._body, new], **kwargs)
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
        # notes of the person's own are not questions: a new note never changes "of N questions"
        questions = {k: p for k, p in self._answers.items() if not k.startswith("note.")}
        answered = sum(bool(p.value.strip()) for p in questions.values())
        notes = len(self._answers) - len(questions)
        extra = f" You have {plural(notes, 'note')} of your own." if notes else ""
        self._summary.value = (f'<p class="wb-muted">{answered} of {len(questions)} questions answered.{esc(extra)} '
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
