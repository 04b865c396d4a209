"""A coaching question with a text box whose answer saves itself in the workbook.

The widget lives with the other shared widgets in :mod:`workbook.ui.widgets`; this module keeps
the import path the notebooks use (``from workbook.ui.reflection import ReflectionPrompt``).
The questions themselves live in :mod:`workbook.prompts`.

>>> from workbook.ui import widgets
>>> ReflectionPrompt is widgets.ReflectionPrompt
True
"""
from __future__ import annotations

from .widgets import MAX_LENGTH, ReflectionPrompt

__all__ = ["ReflectionPrompt", "MAX_LENGTH"]
