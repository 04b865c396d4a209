"""A coaching question with a text box whose answer saves itself in the workbook.

Any chapter can ask one: ``ReflectionPrompt(book, "map.circles", "Who belongs in your inner circle?")``.
The answer is saved with :meth:`workbook.store.Workbook.save_reflection` when the box loses focus
(``continuous_update=False``: one write per edit, not per keystroke), and a small indicator says
whether it is saved. The journal (:mod:`workbook.ui.journal`) lists the same answers.

Stable CSS classes: ``wb-reflection``, ``wb-reflection-question``, ``wb-reflection-text``,
``wb-reflection-status``.

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> prompt = ReflectionPrompt(book, "map.circles", "Who is in your <inner> circle?")
>>> prompt.text.value = "Ada and Alan"
>>> book.reflection("map.circles"), prompt.saved, prompt.changes
('Ada and Alan', True, 1)
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from .common import MessageArea, esc, guard

__all__ = ["ReflectionPrompt"]

MAX_LENGTH = 100_000  # the store's limit for an answer


class ReflectionPrompt(widgets.VBox):
    """A question, a text box that autosaves the answer as a reflection, and a saved indicator.

    Traitlets: ``value`` (the saved answer), ``saved`` (True once the box matches the workbook),
    ``changes`` (incremented after every write, like the task views).
    """

    value = traitlets.Unicode("")
    saved = traitlets.Bool(True)
    changes = traitlets.Int(0)

    def __init__(self, book, prompt_id: str, question: str, *, placeholder: str = "Write your answer here...",
                 rows: int = 4, **kwargs: Any):
        prompt_id = str(prompt_id).strip()
        if not prompt_id:
            raise ValueError("A reflection needs a prompt id.")
        self.book = book
        self.prompt_id = prompt_id
        self.messages = MessageArea()
        self.question = widgets.HTML(f'<div class="wb-reflection-question"><b>{esc(question)}</b></div>')
        self.question.add_class("wb-reflection-question")
        self.text = widgets.Textarea(placeholder=placeholder, rows=int(rows), continuous_update=False,
                                     layout=widgets.Layout(width="100%"))
        self.text.add_class("wb-reflection-text")
        self.status = widgets.HTML()
        self.status.add_class("wb-reflection-status")
        super().__init__([self.question, self.text, self.status, self.messages], **kwargs)
        self.add_class("wb-reflection")
        self._loading = False
        self.refresh()
        self.text.observe(self._on_text, names="value")

    def __repr__(self) -> str:
        # Stable (no answer text): notebooks compare a widget's plain-text form between runs.
        return f"ReflectionPrompt({self.prompt_id!r})"

    def refresh(self) -> None:
        """Show the answer saved in the workbook (e.g. after the journal edited it)."""
        self._loading = True
        try:
            self.value = self.book.reflection(self.prompt_id)
            self.text.value = self.value
        finally:
            self._loading = False
        self.saved = True
        self._show_status()

    def _show_status(self) -> None:
        if not self.saved:
            text, css = "Not saved", "wb-reflection-unsaved"
        elif self.value:
            text, css = "Saved in your workbook ✓", "wb-reflection-saved"
        else:
            text, css = "Your answer is saved when you click outside the box.", "wb-reflection-empty"
        self.status.value = f'<span class="{css}" style="font-size:12px;color:#6B7380">{esc(text)}</span>'

    @guard()
    def _on_text(self, change: dict) -> None:
        if self._loading:
            return
        new = change["new"] if isinstance(change["new"], str) else ""
        self.saved = False
        self._show_status()
        if len(new) > MAX_LENGTH:
            raise ValueError(f"That answer is too long ({len(new):,} characters; at most {MAX_LENGTH:,}).")
        self.book.save_reflection(self.prompt_id, new)
        self.value = self.book.reflection(self.prompt_id)
        self.saved = True
        self.messages.clear()
        self._show_status()
        self.changes += 1
