"""Small pieces every widget uses: escaping, a visible message area, value validation, chart display.

Shared widgets (reflection prompts, download and copy buttons, the upload guard) live in
:mod:`workbook.ui.widgets`; tables and analyses come from the workbook's
:class:`workbook.session.Session`.

>>> esc("<b>Ada</b> & co")
'&lt;b&gt;Ada&lt;/b&gt; &amp; co'
"""
from __future__ import annotations

import functools
import html
import logging
import traceback
from typing import Any, Callable, Iterable, Protocol

import ipywidgets as widgets

from ..store import WorkbookError

log = logging.getLogger("workbook.ui")


def esc(text: Any) -> str:
    """Escape any value for HTML (names, notes and companies come from untrusted data)."""
    return html.escape("" if text is None else str(text), quote=True)


class MessageArea(widgets.HTML):
    """One visible line for what happened: ``info``, ``success``, ``error``; escaped always.

    >>> m = MessageArea(); m.error("<b>no</b>"); "&lt;b&gt;" in m.value and m.kind == "error"
    True
    """

    _STYLES = {
        "info": ("#0B4F6C", "#E8F4FA"),
        "success": ("#0B6B4F", "#E6F6F0"),
        "error": ("#8A1C00", "#FDECE6"),
        "warning": ("#7A4B00", "#FFF4DE"),
    }

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.kind = ""
        self.text = ""
        self.add_class("wb-message")

    def show(self, text: str, kind: str = "info") -> None:
        fg, bg = self._STYLES.get(kind, self._STYLES["info"])
        self.kind, self.text = kind, str(text)
        self.value = (
            f'<div class="wb-message-{kind}" role="status" style="color:{fg};background:{bg};'
            f'padding:8px 12px;border-radius:6px;margin:4px 0;">{esc(text)}</div>'
        )

    def info(self, text: str) -> None:
        self.show(text, "info")

    def success(self, text: str) -> None:
        self.show(text, "success")

    def warning(self, text: str) -> None:
        self.show(text, "warning")

    def error(self, text: str) -> None:
        self.show(text, "error")

    def clear(self) -> None:
        self.kind, self.text, self.value = "", "", ""


def friendly(exc: BaseException) -> str:
    """A message a person can act on; the traceback goes to the server log only."""
    if isinstance(exc, (ValueError, WorkbookError, FileNotFoundError, PermissionError)):
        return str(exc) or exc.__class__.__name__
    return f"Something went wrong ({exc.__class__.__name__}). Your data is unchanged; details are in the log."


def guard(messages_attr: str = "messages") -> Callable:
    """Decorate a widget callback so any error shows in ``self.<messages_attr>`` (never lost).

    Voilà drops callback exceptions silently, so every handler that can fail is wrapped.
    """

    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def inner(self, *args, **kwargs):
            try:
                return fn(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown to the person, logged in full
                log.error("callback %s failed:\n%s", fn.__name__, traceback.format_exc())
                area = getattr(self, messages_attr, None)
                if area is not None:
                    area.error(friendly(exc))
                return None

        return inner

    return wrap


def check_choice(value: Any, options: Iterable[Any], what: str = "choice") -> Any:
    """Refuse a widget value that is not among its options (a visitor can forge widget state).

    >>> check_choice("x", ["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: That choice is not one of the options.
    """
    opts = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options]
    if value not in opts:
        raise ValueError(f"That {what} is not one of the options.")
    return value


def check_int(value: Any, what: str = "number", *, low: int | None = None, high: int | None = None) -> int:
    """Coerce a widget value to int within bounds, with a plain message otherwise."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"The {what} must be a whole number.") from None
    if (low is not None and n < low) or (high is not None and n > high):
        raise ValueError(f"The {what} must be between {low} and {high}.")
    return n


def section_title(text: str, subtitle: str = "") -> widgets.HTML:
    """A heading (and one-line explanation) in the app's typography."""
    sub = f'<div class="wb-subtitle">{esc(subtitle)}</div>' if subtitle else ""
    return widgets.HTML(f'<h2 class="wb-title">{esc(text)}</h2>{sub}')


def show_figure(output: widgets.Output, fig) -> None:
    """Show a plotly figure in an Output widget as plotly's own mime type.

    Under Voila a ``go.FigureWidget`` comes up empty now and then (seen in Chromium); the mime
    output draws every time, redraws from callbacks and ships no 5 MB bundle per chart.

    >>> import plotly.graph_objects as go
    >>> out = widgets.Output(); show_figure(out, go.Figure(go.Bar(y=[1])))
    >>> out.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"][0]["type"]
    'bar'
    """
    import json

    bundle = {"application/vnd.plotly.v1+json": json.loads(fig.to_json())}
    output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


def show_in(box: widgets.Box, fig) -> None:
    """:func:`show_figure` into ``box``'s own Output widget, made on first use (a chart slot).

    >>> import plotly.graph_objects as go
    >>> box = widgets.Box([widgets.Label("loading")]); show_in(box, go.Figure(go.Bar(y=[1])))
    >>> out = box.children[0]; show_in(box, go.Figure(go.Bar(y=[2]))); box.children[0] is out
    True
    """
    out = box.children[0] if len(box.children) == 1 and isinstance(box.children[0], widgets.Output) else None
    if out is None:
        out = widgets.Output(layout=widgets.Layout(width="100%"))
        box.children = [out]
    show_figure(out, fig)


def display_name(book) -> str:
    """Whose workbook this is, in plain words (not escaped): "Ada’s workbook" or "Your workbook".

    >>> import workbook; display_name(workbook.open(":memory:"))
    'Your workbook'
    """
    from ..session import Session

    name = str(Session.of(book).profile().loc[0, "name"] or "").strip()
    return f"{name}’s workbook" if name else "Your workbook"


class Host(Protocol):
    """What a view may ask of the app around it (the shell passes itself as ``shell=``; a view never
    imports the shell). Views that take ``shell`` also work with ``shell=None`` (a notebook)."""

    book: Any
    is_demo: bool
    own_path: Any
    messages: MessageArea

    def own_book(self) -> Any:
        """The person's own workbook (made on first use), even while the demo is shown."""

    def use_own_workbook(self, *, show: str | None = None) -> Any:
        """Leave the demo for the person's own workbook (and show a section)."""

    def show(self, key: str) -> None:
        """Show a section of the app."""
