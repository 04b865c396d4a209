"""Your personal brand: a builder (values, strengths, audience, goals), a preview of the one-sentence
statement and the 30-second pitch (editable before saving), Save, and every earlier version.

Top-level component: :class:`BrandView` (a ``VBox`` with ``refresh()``, a ``messages`` area and an
Int ``changes`` traitlet incremented after every write), constructed as ``BrandView(book)``. It
publishes ``statement`` (the current saved statement, '' when none) and ``versions`` (how many are
kept). Saving never overwrites: each save is a new dated version. Every string from data is escaped;
widget values are checked in Python (a visitor can forge them).

Stable CSS classes: ``wb-brand``, ``wb-brand-current``, ``wb-brand-values``, ``wb-brand-strengths``,
``wb-brand-audience``, ``wb-brand-goals``, ``wb-brand-suggestions``, ``wb-brand-preview-button``,
``wb-brand-statement``, ``wb-brand-pitch``, ``wb-brand-words``, ``wb-brand-save``, ``wb-brand-history``,
``wb-brand-version``.

>>> import workbook
>>> book = workbook.open(":memory:"); view = BrandView(book)
>>> view.values.value = ["curiosity"]; view.strengths.value = ["teaching"]; view.audience.value = "school leaders"
>>> view.preview_button.click(); view.statement_text.value
'I help school leaders with teaching, guided by curiosity.'
>>> view.save.click(); view.statement, view.versions, view.changes
('I help school leaders with teaching, guided by curiosity.', 1, 1)
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from ..practices import brand
from ..session import Session
from ..store import brand as store
from .common import MessageArea, esc, guard, pd_date, section_title, teaching_panel

__all__ = ["BrandView", "MAX_TAGS", "MAX_TAG"]

#: How many values (or strengths, goals) the builder takes, and how long each may be.
MAX_TAGS, MAX_TAG = 8, 100
MAX_AUDIENCE = 200
_WPM = 150  # an easy speaking pace: words per minute


def _checked_tags(value: Any, what: str) -> list[str]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"The {what} must be a list of words.")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"Each of the {what} must be text.")
        text = " ".join(item.split())
        if len(text) > MAX_TAG:
            raise ValueError(f"One of the {what} is too long (at most {MAX_TAG} characters).")
        if text and text.casefold() not in {o.casefold() for o in out}:
            out.append(text)
    if len(out) > MAX_TAGS:
        raise ValueError(f"At most {MAX_TAGS} {what}, please: the strongest few say more.")
    return out


def _checked_text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"The {what} must be text.")
    text = value.replace("\x00", "").strip()
    if len(text) > limit:
        raise ValueError(f"The {what} is too long ({len(text):,} characters; at most {limit:,}).")
    return text


def _tags(placeholder: str, css: str) -> widgets.TagsInput:
    box = widgets.TagsInput(value=[], allow_duplicates=False, placeholder=placeholder,
                            layout=widgets.Layout(width="100%"))
    box.add_class(css)
    return box


class BrandView(widgets.VBox):
    """Build, preview, edit and save a brand statement and pitch; read the earlier versions."""

    changes = traitlets.Int(0)
    statement = traitlets.Unicode("")
    versions = traitlets.Int(0)

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.current = widgets.HTML()
        self.current.add_class("wb-brand-current")
        self.values = _tags("a value you live by, press Enter", "wb-brand-values")
        self.strengths = _tags("a strength people come to you for, press Enter", "wb-brand-strengths")
        self.audience = widgets.Combobox(placeholder="whom you help, e.g. edtech product teams", options=[],
                                         ensure_option=False, description="Audience",
                                         layout=widgets.Layout(width="520px"))
        self.audience.add_class("wb-brand-audience")
        self.goals = _tags("where you are heading, press Enter", "wb-brand-goals")
        self.suggestions = widgets.HTML()
        self.suggestions.add_class("wb-brand-suggestions")
        self.use_suggestions = widgets.Button(description="Fill in from my data", icon="magic")
        self.use_suggestions.add_class("wb-brand-suggest")
        self.use_suggestions.on_click(self._on_suggest)
        self.preview_button = widgets.Button(description="Preview", icon="eye", button_style="info")
        self.preview_button.add_class("wb-brand-preview-button")
        self.preview_button.on_click(self._on_preview)
        self.statement_text = widgets.Textarea(placeholder="Your one-sentence statement appears here (edit it freely)",
                                               rows=2, layout=widgets.Layout(width="100%"))
        self.statement_text.add_class("wb-brand-statement")
        self.pitch_text = widgets.Textarea(placeholder="Your 30-second pitch appears here (edit it freely)", rows=6,
                                           layout=widgets.Layout(width="100%"))
        self.pitch_text.add_class("wb-brand-pitch")
        self.words = widgets.HTML()
        self.words.add_class("wb-brand-words")
        self.pitch_text.observe(self._on_pitch_edit, names="value")
        self.save = widgets.Button(description="Save this version", icon="save", button_style="primary")
        self.save.add_class("wb-brand-save")
        self.save.on_click(self._on_save)
        self.history = widgets.VBox()
        self.history.add_class("wb-brand-history")
        self._suggested: dict[str, list[str]] = {}
        builder = widgets.VBox([
            widgets.HTML("<h3>Build it from what is true about you</h3>"), self.suggestions,
            self.use_suggestions, widgets.HTML("<b>Values</b>"), self.values, widgets.HTML("<b>Strengths</b>"),
            self.strengths, self.audience, widgets.HTML("<b>Goals</b>"), self.goals, self.preview_button,
            widgets.HTML("<h3>Preview (edit before you save)</h3>"), widgets.HTML("<b>Statement</b>"),
            self.statement_text, widgets.HTML("<b>30-second pitch</b>"), self.pitch_text, self.words, self.save,
            self.messages])
        super().__init__([
            section_title("Your personal brand",
                          "One honest sentence on whom you help and how, and a 30-second version to say out loud. "
                          "Drafts and introductions use the sentence you save."),
            teaching_panel("brand"), self.current, builder, widgets.HTML("<h3>Earlier versions</h3>"), self.history], **kwargs)
        self.add_class("wb-brand")
        self.refresh()

    def __repr__(self) -> str:
        return "BrandView()"  # stable: notebooks compare a widget's plain-text form

    @guard()
    def refresh(self) -> None:
        """Re-read the saved versions and the suggestions, and redraw (the builder keeps what is typed)."""
        s = Session.of(self.book)
        statements = s.table("brand_statements")
        history = brand.statement_history(statements)
        self.statement, self.versions = brand.brand_line(statements), len(history)
        self._suggested = brand.suggest_brand_parts(s.profile(), s.tags(), s.derived_items(), s.goals())
        self.audience.options = tuple(dict.fromkeys(self._suggested["audience"]))
        found = [(k, v) for k, v in self._suggested.items() if v]
        self.suggestions.value = (
            "<p class='wb-muted'>From your data: " + "; ".join(
                f"<b>{esc(k)}</b> {esc(', '.join(v[:5]))}" for k, v in found) + ".</p>" if found else
            "<p class='wb-hint'>Nothing to suggest yet: add your values and skills on the Profile page (or import "
            "your LinkedIn export, whose Skills.csv and endorsements fill your strengths).</p>")
        self._draw_current(history)
        self._draw_history(history)
        if not any((self.values.value, self.strengths.value, self.audience.value, self.goals.value)) and len(history):
            self._load(statements.sort_values(["at", "statement_id"]).iloc[-1])

    def _load(self, row) -> None:
        self.values.value = [v for v in str(row["core_values"]).split(";") if v]
        self.strengths.value = [v for v in str(row["strengths"]).split(";") if v]
        self.audience.value = str(row["audience"])
        self.goals.value = [v for v in str(row["goals"]).split(";") if v]
        self.statement_text.value = self.statement_text.value or str(row["statement"])
        self.pitch_text.value = self.pitch_text.value or str(row["pitch"])

    def _draw_current(self, history) -> None:
        if history.empty:
            self.current.value = ("<div class='wb-hint'>No brand statement saved yet. Fill in the builder below "
                                  "(or let it fill itself from your data), preview, edit and save.</div>")
            return
        row = history.iloc[0]
        self.current.value = (f"<div class='wb-card'><div class='wb-muted'>Your statement, saved "
                              f"{esc(pd_date(row['at']))}</div><p style='font-size:17px'><b>{esc(row['statement'])}"
                              f"</b></p><p>{esc(row['pitch'])}</p></div>")

    def _draw_history(self, history) -> None:
        earlier = history.iloc[1:]
        items = []
        for row in earlier.itertuples(index=False):
            pitch = f"<p>{esc(row.pitch)}</p>" if str(row.pitch).strip() else "<p class='wb-muted'>(no pitch)</p>"
            item = widgets.HTML(f"<details><summary>{esc(pd_date(row.at))}: {esc(row.statement)}</summary>"
                                f"{pitch}</details>")
            item.add_class("wb-brand-version")
            items.append(item)
        self.history.children = items or [widgets.HTML("<p class='wb-muted'>No earlier versions: each save keeps "
                                                       "the one before it here.</p>")]

    def _parts(self) -> dict[str, Any]:
        return {"values": _checked_tags(self.values.value, "values"),
                "strengths": _checked_tags(self.strengths.value, "strengths"),
                "audience": _checked_text(self.audience.value, "audience", MAX_AUDIENCE),
                "goals": _checked_tags(self.goals.value, "goals")}

    @guard()
    def _on_suggest(self, _button=None) -> None:
        s = self._suggested
        self.values.value = self.values.value or s["values"][:3]
        self.strengths.value = self.strengths.value or s["strengths"][:3]
        self.audience.value = self.audience.value or (s["audience"][0] if s["audience"] else "")
        self.goals.value = self.goals.value or s["goals"][:1]
        if not any(s.values()):
            self.messages.info("Your workbook has no values, skills or goals yet: type your own.")

    @guard()
    def _on_preview(self, _button=None) -> None:
        parts = self._parts()
        profile = Session.of(self.book).profile()
        statement, pitch = brand.build_statement(parts["values"], parts["strengths"], parts["audience"],
                                                 parts["goals"], profile)
        self.statement_text.value, self.pitch_text.value = statement, pitch
        self.messages.info("Read it out loud, change any word that does not sound like you, then save.")

    def _on_pitch_edit(self, change: dict) -> None:
        n = len(str(change.get("new") or "").split())
        self.words.value = (f"<span class='wb-muted'>{n} words, about {round(n * 60 / _WPM)} seconds spoken."
                            + (" Aim for 70 to 90." if n and not 60 <= n <= 100 else "") + "</span>") if n else ""

    @guard()
    def _on_save(self, _button=None) -> None:
        parts = self._parts()
        statement = _checked_text(self.statement_text.value, "statement", store.MAX_STATEMENT)
        pitch = _checked_text(self.pitch_text.value, "pitch", store.MAX_PITCH)
        if not statement:
            raise ValueError("Preview (or write) your statement first.")
        before = self.versions
        store.save_statement(self.book, values=parts["values"], strengths=parts["strengths"],
                             audience=parts["audience"], goals=parts["goals"], statement=statement, pitch=pitch)
        self.refresh()
        if self.versions == before:
            self.messages.info("That is already your current statement; nothing new to save.")
            return
        self.changes += 1
        self.messages.success(f"Saved. You have kept {self.versions} version{'s' if self.versions != 1 else ''}; "
                              "the earlier ones are below.")
