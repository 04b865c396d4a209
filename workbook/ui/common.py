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


def kernel_loop():
    """The event loop of the kernel running this code (its tornado IOLoop), or None outside a kernel.

    Views use it to do slow work just after a message is answered, so the page shows first. Voila
    runs the app's cells where ``asyncio.get_running_loop()`` finds no loop, so ask the kernel.

    >>> kernel_loop() is None  # a plain Python process, as in the tests
    True
    """
    try:
        from IPython import get_ipython

        return getattr(getattr(get_ipython(), "kernel", None), "io_loop", None)
    except Exception:  # noqa: BLE001 - no IPython, no kernel: work at once
        return None


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


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 person', '3 people', '1,200 candidates': the one rule for counts in the app's text.

    >>> plural(1, "person", "people"), plural(3, "person", "people"), plural(1200, "candidate")
    ('1 person', '3 people', '1,200 candidates')
    """
    n = int(n)
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def teaching_panel(key: str) -> widgets.HTML:
    """A page's short lesson (:mod:`workbook.teaching`) in a panel that can be folded, open at first.

    >>> panel = teaching_panel("map"); "<details" in panel.value and " open" in panel.value
    True
    """
    from ..teaching import lesson

    item = lesson(key)
    found = "".join(f"<li>{esc(text)} <span class='wb-teach-source'>({esc(source)})</span></li>"
                    for text, source in item.research)
    research = f"<div class='wb-teach-head'>What research found</div><ul>{found}</ul>" if found else ""
    panel = widgets.HTML(
        f"<details class='wb-teach' open><summary>{esc(item.title)}</summary>"
        f"<p>{esc(item.why)}</p>{research}"
        f"<div class='wb-teach-head'>This week</div><p>{esc(item.this_week)}</p></details>")
    panel.add_class("wb-teach-panel")
    panel.add_class(f"wb-teach-{key}")
    return panel


def meaning_line(*keys: str) -> str:
    """Escaped HTML: one plain line per measure (:data:`workbook.teaching.MEANINGS`), for next to a chart.

    >>> meaning_line("blau")[:40]
    '<div class="wb-meaning"><b>Diversity</b>'
    """
    from ..teaching import meaning

    names = {"blau": "Diversity", "tie_strength": "Tie strength", "moderate": "Moderately weak ties",
             "effective_size": "Effective size", "constraint": "Constraint", "brokerage": "Bridges",
             "circle": "Circles", "common_ground": "Common-ground score", "fit": "Fit",
             "closeness": "Closeness", "reciprocity": "Reciprocity", "give_take": "Give and take",
             "dormant": "Dormant", "coverage": "Coverage"}
    return "".join(f'<div class="wb-meaning"><b>{esc(names.get(k, k))}</b>: {esc(meaning(k))}</div>'
                   for k in keys if meaning(k))


#: How many past exchanges a contact card lists.
HISTORY_SHOWN = 5


def contact_story(book, contact_id: int) -> str:
    """Escaped HTML for a contact card: their tags, where they stand in your mentor pipeline, and the
    last few exchanges (what "the contact card" shows on the Map and the Contacts page).

    >>> import workbook; b = workbook.open(":memory:"); cid = b.add_contact("Ada <Lovelace>")
    >>> _ = b.log_interaction(cid, "2026-01-05", "call", "outbound", "catch-up", "Talked <engines>")
    >>> html_text = contact_story(b, cid); "Talked &lt;engines&gt;" in html_text and "Pipeline" in html_text
    True
    """
    from ..session import Session

    s = Session.of(book)
    cid = int(contact_id)
    tags = s.tags()
    mine = tags.loc[(tags["contact_id"] == cid).fillna(False).to_numpy()]
    by_kind = mine.groupby("kind", sort=True)["text"].agg(lambda t: ", ".join(map(str, t))) if len(mine) else {}
    tag_html = "".join(f"<div>{esc(k)}: {esc(v)}</div>" for k, v in dict(by_kind).items()) or \
        '<div class="wb-muted">No tags yet: add interests, skills or communities you know of.</div>'
    pipe = s.outreach()
    rows = pipe.loc[(pipe["contact_id"] == cid).fillna(False).to_numpy()]
    titles = s.goals().set_index("goal_id")["title"]
    stage_html = "".join(
        f"<div>{esc(r.stage)}" + (f" (goal: {esc(titles.get(int(r.goal_id), ''))})" if _known(r.goal_id) else "")
        + (f" · next: {esc(r.next_step)}" if r.next_step else "") + "</div>"
        for r in rows.itertuples(index=False)) or '<div class="wb-muted">Not in your mentor pipeline.</div>'
    inter = s.interactions()
    theirs = inter.loc[(inter["contact_id"] == cid).to_numpy()].sort_values("date", ascending=False)
    shown = theirs.head(HISTORY_SHOWN)
    history = "".join(
        f"<li>{pd_date(r.date)}: {esc(r.kind)} by {esc(r.channel)}"
        + (f" · {esc(str(r.note)[:160])}" if isinstance(r.note, str) and r.note.strip() else "") + "</li>"
        for r in shown.itertuples(index=False))
    more = f"<div class='wb-muted'>and {len(theirs) - len(shown):,} earlier.</div>" if len(theirs) > len(shown) else ""
    history = f"<ul>{history}</ul>{more}" if history else '<div class="wb-muted">No exchanges logged yet.</div>'
    return (f'<div class="wb-contact-story"><div class="wb-teach-head">Tags</div>{tag_html}'
            f'<div class="wb-teach-head">Pipeline</div>{stage_html}'
            f'<div class="wb-teach-head">History</div>{history}</div>')


def _known(value: Any) -> bool:
    import pandas as pd

    return value is not None and not pd.isna(value)


def pd_date(value: Any) -> str:
    """'05 Jan 2026' for a date-like value ('' for none).

    >>> pd_date("2026-01-05"), pd_date(None)
    ('05 Jan 2026', '')
    """
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return f"{pd.Timestamp(value):%d %b %Y}"
