"""Ask for a referral or a recommendation: a specific ask worded for the tie, tracked to a thank-you.

:class:`AsksView` has a form (pick a contact with the shared picker, the kind of ask, whether you
made it or received it, what exactly it is about) that previews a script worded for how close
you are (:func:`workbook.practices.asks.ask_script`; vague asks are refused with what to add), and
saves the ask. Below: the thank-yous due and the asks waiting for your answer (the weekly plan's
steps), then every ask made and received with **Given**, **Declined** and **Thanked** buttons.
Writes go through :mod:`workbook.store.asks`.

Top-level component: ``AsksView(book)`` (a ``VBox`` with ``refresh()``, a ``messages`` area and an
Int ``changes`` traitlet incremented after every write); ``script`` and ``level`` publish the preview.
Every string from data is escaped; widget values are checked in Python (a visitor can forge them).

Stable CSS classes: ``wb-asks``, ``wb-asks-summary``, ``wb-asks-chart``, ``wb-asks-form``, ``wb-asks-kind``,
``wb-asks-direction``, ``wb-asks-specifics``, ``wb-asks-level``, ``wb-asks-script``, ``wb-asks-save``,
``wb-asks-tip``, ``wb-asks-thanks``, ``wb-asks-to-answer``, ``wb-asks-made``, ``wb-asks-received``,
``wb-asks-row``, ``wb-asks-given``, ``wb-asks-declined``, ``wb-asks-thanked``, ``wb-asks-empty``.

>>> import workbook
>>> book = workbook.open(":memory:"); book.set_setting("as_of", "2026-10-15")
>>> view = AsksView(book); "No asks recorded yet" in view.summary.value
True
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from .. import schema
from ..figures.together import plot_together
from ..practices import asks as practice
from ..session import Session
from ..store import asks as store
from ..ties import assign_circles
from .common import MessageArea, check_choice, esc, guard, pd_date, section_title, show_in
from .widgets import ContactPicker

__all__ = ["AsksView", "LEVEL_NOTES"]

#: What the preview says about the tie, per level of :func:`workbook.practices.asks.tie_level`.
LEVEL_NOTES = {
    "direct": "is in your inner or close circle: a direct ask, made easy to say yes to.",
    "light": "is a lighter tie: context first, a small ask and an easy way out.",
    "reconnect": "is a dormant tie (out of touch for three years or more): reconnect first, ask later.",
}
_DIRECTION_LABELS = [("I am asking them", "made"), ("They asked me", "received")]


def _html(text: str, css: str) -> widgets.HTML:
    box = widgets.HTML(text)
    box.add_class(css)
    return box


def _button(description: str, css: str, **kwargs: Any) -> widgets.Button:
    b = widgets.Button(description=description, layout=widgets.Layout(width="auto"), **kwargs)
    b.add_class(css)
    return b


class AsksView(widgets.VBox):
    """The ask form with its script preview, what is due, and every ask with its answer buttons."""

    changes = traitlets.Int(0)
    script = traitlets.Unicode("")
    level = traitlets.Unicode("")

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.summary = _html("", "wb-asks-summary")
        self.chart = widgets.Box(layout=widgets.Layout(width="100%"))
        self.chart.add_class("wb-asks-chart")
        self.thanks_box, self.answer_box = widgets.VBox(), widgets.VBox()
        self.thanks_box.add_class("wb-asks-thanks")
        self.answer_box.add_class("wb-asks-to-answer")
        self.made_box, self.received_box = widgets.VBox(), widgets.VBox()
        self.made_box.add_class("wb-asks-made")
        self.received_box.add_class("wb-asks-received")
        self.ask_buttons: dict[tuple[int, str], widgets.Button] = {}
        self.asks = pd.DataFrame()
        super().__init__([
            section_title("Ask for a referral or a recommendation",
                          "Trust earns referrals. Ask one person for one specific thing, worded for how close you "
                          "are, and thank them once they have helped."),
            self.summary, self.chart, self._form(),
            _html("<h3>Thank-yous due</h3>", "wb-asks-thanks-title"), self.thanks_box,
            _html("<h3>Asks waiting for your answer</h3>", "wb-asks-to-answer-title"), self.answer_box,
            _html("<h3>Asks you made</h3>", "wb-asks-made-title"), self.made_box,
            _html("<h3>Asks made of you</h3>", "wb-asks-received-title"), self.received_box], **kwargs)
        self.add_class("wb-asks")
        self.refresh()

    def __repr__(self) -> str:
        return "AsksView()"  # stable: notebooks compare a widget's plain text between runs

    def _form(self) -> widgets.VBox:
        self.picker = ContactPicker(self.book, css="wb-asks")
        self.kind = widgets.Dropdown(options=list(schema.ASK_KINDS), value="referral", description="Ask for a")
        self.kind.add_class("wb-asks-kind")
        self.direction = widgets.Dropdown(options=_DIRECTION_LABELS, value="made", description="Who asks")
        self.direction.add_class("wb-asks-direction")
        self.specifics = widgets.Text(description="About", continuous_update=False,
                                      placeholder="the role, company or skill, e.g. the Junior Data Analyst role at "
                                                  "Northwind", layout=widgets.Layout(width="620px"))
        self.specifics.add_class("wb-asks-specifics")
        self.level_note = _html("", "wb-asks-level")
        self.preview = widgets.Textarea(rows=11, layout=widgets.Layout(width="620px"),
                                        placeholder="Pick a contact and say what the ask is about: the script "
                                                    "appears here.")
        self.preview.add_class("wb-asks-script")
        self.save = _button("Save the ask", "wb-asks-save", button_style="primary", icon="check")
        self.save.on_click(self._on_save)
        for w in (self.picker, self.kind, self.direction, self.specifics):
            w.observe(self._on_change, names="value")
        kinds = widgets.HBox([self.kind, self.direction])
        kinds.add_class("wb-row")
        # The message area sits in the form: what it says (a vague ask, a saved one) is about the form.
        box = widgets.VBox([self.picker, kinds, self.specifics, self.level_note, self.preview,
                            _html(f'<div class="wb-hint">{esc(practice.ASK_TIP)}</div>', "wb-asks-tip"),
                            self.messages, widgets.HBox([self.save])],
                           layout=widgets.Layout(border="1px solid #D5DAE1", padding="8px 12px", margin="8px 0"))
        box.add_class("wb-asks-form")
        box.add_class("wb-card")
        return box

    # -- reading -----------------------------------------------------------------------------------

    def _ties(self) -> pd.DataFrame:
        s = Session.of(self.book)
        return s.memo("asks.ties", ("contacts", "interactions", "settings"),
                      lambda: s.ties().assign(circle=assign_circles(s.contacts(), s.ties())))

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook and redraw the summary, chart, due lists and every ask."""
        s = Session.of(self.book)
        self.asks, contacts, as_of = s.table("asks"), s.contacts(), s.as_of()
        self.summary.value = f'<p>{esc(practice.describe_asks(self.asks, contacts, as_of=as_of))}</p>'
        show_in(self.chart, plot_together(s.table("projects"), self.asks))
        self.ask_buttons = {}
        thanks = practice.thank_yous_due(self.asks, contacts, as_of=as_of)
        answers = practice.asks_to_answer(self.asks, contacts, as_of=as_of)
        self.thanks_box.children = self._due(thanks, "No thank-yous due: when someone gives what you asked for, "
                                                     "mark it Given and a thank-you appears here.")
        self.answer_box.children = self._due(answers, "Nobody is waiting for your answer.")
        names = contacts.set_index("contact_id")["full_name"]
        made = self.asks.loc[self.asks["direction"] == "made"] if len(self.asks) else self.asks
        received = self.asks.loc[self.asks["direction"] == "received"] if len(self.asks) else self.asks
        self.made_box.children = [self._row(r, names) for r in made.itertuples(index=False)] or [_html(
            '<div class="wb-hint">No asks made yet: pick someone above, name the role, company or skill, and save '
            'the ask once you have sent it.</div>', "wb-asks-empty")]
        self.received_box.children = [self._row(r, names) for r in received.itertuples(index=False)] or [_html(
            '<div class="wb-hint">No asks made of you recorded: when someone asks you for a referral or a '
            'recommendation, record it above (“They asked me”) so it reaches your weekly plan.</div>', "wb-asks-empty")]
        self.picker.refresh()

    def _due(self, frame: pd.DataFrame, empty: str) -> list[widgets.Widget]:
        rows = [_html(f'<div class="wb-asks-due">{esc(r.reason)}</div>', "wb-asks-due") for r in frame.itertuples()]
        return rows or [_html(f'<div class="wb-muted">{esc(empty)}</div>', "wb-asks-empty")]

    def _row(self, r, names: pd.Series) -> widgets.HBox:
        aid = int(r.ask_id)
        who = names.get(int(r.contact_id), "someone no longer in your workbook")
        state = {"asked": "waiting for an answer", "given": "given", "declined": "declined"}[r.status]
        if r.status != "asked" and not pd.isna(r.answered_on):
            state += f" on {pd_date(r.answered_on)}"
        if not pd.isna(r.thanked_on):
            state += f", thanked {pd_date(r.thanked_on)}"
        text = _html(f'<div><b>{esc(who)}</b> · {esc(r.kind)} · {esc(r.specifics)}</div>'
                     f'<div class="wb-muted">Asked {esc(pd_date(r.asked_on))}; {esc(state)}.</div>', "wb-asks-text")
        buttons = []
        actions = ["given", "declined"] if r.status == "asked" else []
        if r.direction == "made" and r.status != "asked" and pd.isna(r.thanked_on):
            actions.append("thanked")
        for action in actions:
            b = _button(action.capitalize(), f"wb-asks-{action}")
            b.on_click(lambda _b, aid=aid, action=action: self._on_answer(aid, action))
            self.ask_buttons[(aid, action)] = b
            buttons.append(b)
        row = widgets.HBox([text, *buttons], layout=widgets.Layout(border_bottom="1px solid #E5E8EC", padding="4px 0"))
        row.add_class("wb-asks-row")
        row.add_class("wb-row")
        return row

    # -- the preview -------------------------------------------------------------------------------

    def _values(self) -> tuple[int, str, str]:
        cid = self.picker.chosen()
        kind = check_choice(self.kind.value, schema.ASK_KINDS, "kind of ask")
        direction = check_choice(self.direction.value, self.direction.options, "direction")
        return cid, kind, direction

    def _draft(self) -> str:
        """The script for the form's values (raises ValueError with what is missing)."""
        cid, kind, direction = self._values()
        if direction == "received":
            self.level, self.level_note.value = "", ""
            return (f"{self.picker.name} asked you for a {kind}. Save it, and it appears under “Asks waiting for your "
                    f"answer” and in your weekly plan until you answer (a kind no is an answer too).")
        s = Session.of(self.book)
        contacts = s.contacts()
        contact = contacts.loc[contacts["contact_id"] == cid].iloc[0]
        ties = self._ties()
        tie = ties.loc[cid] if cid in ties.index else None
        self.level = practice.tie_level(tie)
        self.level_note.value = f'<div class="wb-hint"><b>{esc(self.picker.name)}</b> {esc(LEVEL_NOTES[self.level])}</div>'
        return practice.ask_script(contact, tie, kind, str(self.specifics.value or ""), profile=s.profile())

    def show_preview(self) -> str:
        """Redo the preview from the form (what typing does); returns the script."""
        self.script = self._draft()
        self.preview.value = self.script
        return self.script

    @guard()
    def _on_change(self, change: dict) -> None:
        self.messages.clear()
        if self.picker.value is None or not str(self.specifics.value or "").strip():
            self.script, self.preview.value = "", ""
            return
        self.show_preview()

    @guard()
    def _on_save(self, _button=None) -> None:
        cid, kind, direction = self._values()
        if direction == "made":
            self.show_preview()  # refuses a vague ask before anything is written
        store.add_ask(self.book, cid, kind, direction, str(self.specifics.value or ""))
        who = self.picker.name
        self.specifics.value = ""
        self.refresh()
        self.changes += 1
        self.messages.success(f"Saved your ask to {who}. Mark it Given or Declined when they answer."
                              if direction == "made" else
                              f"Saved {who}’s ask. It waits under “Asks waiting for your answer” until you reply.")

    @guard()
    def _on_answer(self, ask_id: int, action: str) -> None:
        check_choice(action, ["given", "declined", "thanked"], "answer")
        if action == "thanked":
            store.thank_ask(self.book, ask_id)
        else:
            store.answer_ask(self.book, ask_id, action)
        self.refresh()
        self.changes += 1
        self.messages.success({"given": "Marked as given. A thank-you is due within three days.",
                               "declined": "Marked as declined. A short thank-you for considering it still helps.",
                               "thanked": "Thank-you recorded."}[action])
