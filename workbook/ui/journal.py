"""The journal: every coaching question of every chapter, with the person's answers, editable.

Questions come from :mod:`workbook.prompts` (the one home of every coaching question), plus
every answer already saved in the workbook's ``reflections`` table (a notebook may ask
something the registry does not know, and notes have ids ``note.<title>``). A prompt id's
prefix names its chapter (``map.``, ``common.``, ``outreach.``, ``health.``...). Answers save
when the text box loses focus.

Nothing is overwritten: every saved answer is kept, dated, in ``reflection_history``. Under each
box the journal says when the answer was written and offers its "N earlier answers" in a fold,
each with its date, newest first (the one just before the current answer at the top). CSS classes
``wb-journal-history``, ``wb-journal-earlier``, ``wb-journal-earlier-answer``.

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
from ..practices.progress import answer_history
from ..prompts import CHAPTERS, PROMPTS, chapter_of, humanise
from ..session import Session
from ..store import Workbook
from .common import MessageArea, esc, guard, pd_date, plural, section_title, teaching_panel
from .widgets import ReflectionPrompt

log = logging.getLogger("workbook.ui.journal")

__all__ = ["CHAPTERS", "PROMPTS", "JournalView", "chapter_of", "humanise", "journal_entries", "registry",
           "history_html"]


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


def history_html(history: pd.DataFrame, prompt_id: str) -> str:
    """Escaped HTML: when the current answer was written and its earlier answers, dated, newest first.

    ``history``: :func:`workbook.practices.progress.answer_history` of the workbook.

    >>> h = pd.DataFrame({"prompt_id": ["a", "a"], "text": ["new", "<b>old</b>"], "at": pd.to_datetime(["2026-02-01",
    ...     "2026-01-01"]), "current": [True, False], "earlier": [1, 1]})
    >>> html_text = history_html(h, "a"); "1 earlier answer<" in html_text, "&lt;b&gt;old" in html_text
    (True, True)
    """
    mine = history.loc[history["prompt_id"] == prompt_id]
    if mine.empty:
        return ""
    now = mine.loc[mine["current"]]
    when = f"Answered {pd_date(now['at'].iloc[0])}." if len(now) else "Not answered now."
    earlier = mine.loc[~mine["current"]]
    if earlier.empty:
        return f'<div class="wb-journal-history wb-muted" style="font-size:12px">{esc(when)}</div>'
    items = "".join(f'<li class="wb-journal-earlier-answer"><span class="wb-muted">{esc(pd_date(r.at))}</span> '
                    f'<span style="white-space:pre-wrap">{esc(r.text)}</span></li>'
                    for r in earlier.itertuples(index=False))
    label = plural(len(earlier), "earlier answer")
    return (f'<div class="wb-journal-history" style="font-size:13px"><span class="wb-muted">{esc(when)}</span> '
            f'<details class="wb-journal-earlier"><summary>{esc(label)}{" (newest first)" if len(earlier) > 1 else ""}</summary>'
            f'<ol style="margin:4px 0 8px">{items}</ol></details></div>')


class JournalView(widgets.VBox):
    """All questions and answers, grouped by chapter; answers save as they are written."""

    changes = traitlets.Int(0)

    def __init__(self, book: Workbook, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self._answers: dict[str, ReflectionPrompt] = {}
        self._histories: dict[str, widgets.HTML] = {}
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
        self._answers, self._histories = {}, {}
        history = self._history()
        for chapter, group in entries.groupby("chapter", sort=False):
            items: list[widgets.Widget] = [widgets.HTML(f'<h3 class="wb-journal-chapter-title">'
                                                        f'{esc(CHAPTERS.get(chapter, chapter))}</h3>')]
            for row in group.itertuples(index=False):
                items.append(self._prompt(row.prompt_id, row.question))
                items.append(self._history_box(row.prompt_id, history))
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

    def _history(self) -> pd.DataFrame:
        s = Session.of(self.book)
        return s.memo("journal.history", ("reflections", "reflection_history"),
                      lambda: answer_history(s.reflections(), s.table("reflection_history")))

    def _history_box(self, prompt_id: str, history: pd.DataFrame) -> widgets.HTML:
        box = widgets.HTML(history_html(history, prompt_id))
        box.add_class("wb-journal-history")
        self._histories[prompt_id] = box
        return box

    def earlier(self, prompt_id: str) -> list[str]:
        """The earlier answers to a prompt, newest first (what its fold lists)."""
        h = self._history()
        return h.loc[(h["prompt_id"] == prompt_id) & ~h["current"], "text"].tolist()

    def answer(self, prompt_id: str, text: str) -> None:
        """Write an answer as if typed (for tests and for linking)."""
        self._answers[prompt_id].text.value = text

    def _on_answer(self, change: dict) -> None:
        pid = getattr(change.get("owner"), "prompt_id", None)
        if pid in self._histories:
            self._histories[pid].value = history_html(self._history(), pid)
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
