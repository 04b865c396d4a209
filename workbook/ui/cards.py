"""Add what only you know: one card for each of the contacts that matter most for your goals.

Real exports never say how you met someone or what they care about, and without that common
ground, introductions and mentor matching stay thin. :class:`CardsView` shows the twenty contacts
that matter most (:func:`workbook.outreach.top_contacts.top_contacts`: your goals and tie
strength), each with a dropdown for how you met and chips for interests and values, and counts
how many of them hold something only you know. Saving a card writes through the workbook's own
methods (``update_contact``, ``tag``, ``untag``) in one transaction.

Top-level component: :class:`CardsView` (a ``VBox`` with ``refresh()``, a ``messages`` area and an
Int ``changes`` traitlet incremented after every write), constructed as ``CardsView(book)``.
Every string from data is escaped; widget values are checked in Python (a visitor can forge them).

Stable CSS classes: ``wb-cards``, ``wb-cards-progress``, ``wb-cards-list``, ``wb-cards-card``,
``wb-cards-card-known``, ``wb-cards-name``, ``wb-cards-how-met``, ``wb-cards-interests``,
``wb-cards-values``, ``wb-cards-save``, ``wb-cards-status``, ``wb-cards-empty``.

>>> import workbook
>>> book = workbook.open(":memory:"); cid = book.add_contact("Ada <Lovelace>", position="Data Analyst")
>>> view = CardsView(book); view.progress_text
'0 of 1 have something only you know'
>>> card = view.card_for(cid); card.how_met.value = "Worked together"; card.save.click()
>>> view.progress_text, book.contact(cid)["how_met"], view.changes
('1 of 1 have something only you know', 'Worked together', 1)
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import traitlets

from ..outreach.top_contacts import HOW_MET_CHOICES, VALUE_CHOICES, mark_known, top_contacts
from ..session import Session
from .common import MessageArea, check_choice, esc, guard, plural, section_title

__all__ = ["CardsView", "ContactCard", "MAX_CHIP", "MAX_CHIPS"]

#: Longest interest or value a card takes, and how many of each.
MAX_CHIP, MAX_CHIPS = 100, 15
_NOT_SET = ("How did you meet?", "")


def _clean_chips(value: Any, what: str, allowed: tuple[str, ...] | None = None) -> list[str]:
    """A chip box's texts, checked (forged values may be anything): trimmed, distinct, short."""
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"The {what} must be a list of words.")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"Each of the {what} must be text.")
        text = " ".join(item.split())
        if not text:
            continue
        if len(text) > MAX_CHIP:
            raise ValueError(f"That {what[:-1]} is too long (at most {MAX_CHIP} characters).")
        if allowed is not None and text not in allowed:
            raise ValueError(f"That {what[:-1]} is not one of the options.")
        if text.casefold() not in {o.casefold() for o in out}:
            out.append(text)
    if len(out) > MAX_CHIPS:
        raise ValueError(f"At most {MAX_CHIPS} {what} per person, please.")
    return out


class ContactCard(widgets.VBox):
    """One contact's card: who they are, how you met, their interests and values, and a Save button."""

    def __init__(self, row: dict, *, how_met: str, interests: list[str], values: list[str],
                 suggested_values: tuple[str, ...], known: bool, **kwargs: Any):
        self.contact_id = int(row["contact_id"])
        about = " · ".join(esc(x) for x in (row.get("position", ""), row.get("company", "")) if x)
        self.header = widgets.HTML(
            f'<div class="wb-cards-name"><b>{esc(row.get("full_name", ""))}</b></div>'
            f'<div class="wb-muted">{about or "no title or company yet"}</div>'
            f'<div class="wb-hint">{esc(row.get("reason", ""))}</div>')
        self.header.add_class("wb-cards-name")
        options = [_NOT_SET] + [(c, c) for c in HOW_MET_CHOICES]
        if how_met and how_met not in HOW_MET_CHOICES:
            options.append((how_met, how_met))  # what was typed elsewhere stays as it is
        self.how_met = widgets.Dropdown(options=options, value=how_met or "", description="How you met",
                                        layout=widgets.Layout(width="100%"))
        self.how_met.add_class("wb-cards-how-met")
        self.interests = widgets.TagsInput(value=list(interests), allow_duplicates=False,
                                           placeholder="add an interest, press Enter",
                                           layout=widgets.Layout(width="100%"))
        self.interests.add_class("wb-cards-interests")
        self.allowed_values = tuple(dict.fromkeys([*suggested_values, *values]))
        self.values = widgets.TagsInput(value=list(values), allowed_tags=list(self.allowed_values),
                                        allow_duplicates=False, placeholder="add a value (pick from the list)",
                                        layout=widgets.Layout(width="100%"))
        self.values.add_class("wb-cards-values")
        self.save = widgets.Button(description="Save", icon="check", button_style="primary")
        self.save.add_class("wb-cards-save")
        self.status = widgets.HTML()
        self.status.add_class("wb-cards-status")
        self.saved = {"how_met": how_met or "", "interest": list(interests), "value": list(values)}
        super().__init__([self.header, self.how_met, widgets.HTML("<b>Interests</b>"), self.interests,
                          widgets.HTML("<b>Values</b>"), self.values, widgets.HBox([self.save, self.status])],
                         **kwargs)
        self.add_class("wb-cards-card")
        self.mark(known)

    def mark(self, known: bool) -> None:
        """Show whether this contact holds something only you know."""
        self.known = bool(known)
        (self.add_class if known else self.remove_class)("wb-cards-card-known")
        text = "✓ something only you know" if known else "nothing only you know yet"
        self.status.value = f'<span class="wb-muted">{esc(text)}</span>'

    def wanted(self) -> dict[str, Any]:
        """The card's values, checked (raises ValueError on anything forged or too long)."""
        return {"how_met": check_choice(self.how_met.value, self.how_met.options, "way you met"),
                "interest": _clean_chips(self.interests.value, "interests"),
                "value": _clean_chips(self.values.value, "values", self.allowed_values)}


class CardsView(widgets.VBox):
    """The contacts that matter most, one card each, and how many hold something only you know.

    ``known`` and ``total`` publish the progress ("12 of 20"); ``cards`` lists the cards, best first.
    """

    changes = traitlets.Int(0)
    known = traitlets.Int(0)
    total = traitlets.Int(0)

    def __init__(self, book, *, n: int = 20, **kwargs: Any):
        self.book = book
        self.n = int(n)
        self.messages = MessageArea()
        self.progress = widgets.HTML()
        self.progress.add_class("wb-cards-progress")
        self.list = widgets.VBox()
        self.list.add_class("wb-cards-list")
        self.cards: list[ContactCard] = []
        super().__init__([
            section_title("Add what only you know",
                          "How you met, what they care about: no export holds it. A few clicks for the people "
                          "who matter most to your goals light up common ground and mentor matches."),
            self.progress, self.messages, self.list], **kwargs)
        self.add_class("wb-cards")
        self.refresh()

    def __repr__(self) -> str:
        # Stable (no names): notebooks compare a widget's plain-text form between runs.
        return "CardsView()"

    @property
    def progress_text(self) -> str:
        return f"{self.known} of {self.total} have something only you know"

    def card_for(self, contact_id: int) -> ContactCard:
        """The card of one contact (ValueError when they are not among the cards)."""
        for card in self.cards:
            if card.contact_id == int(contact_id):
                return card
        raise ValueError("That contact is not among the cards.")

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook, choose the contacts that matter most and redraw their cards."""
        s = Session.of(self.book)
        contacts, tags = s.contacts(), s.tags()
        top = s.memo("cards.top", ("contacts", "interactions", "goals", "tags", "settings"),
                     lambda: top_contacts(contacts, s.ties(), s.goals(), s.as_of(), n=self.n, tags=tags),
                     extra=self.n)
        ids = [int(c) for c in top["contact_id"]]
        known = mark_known(contacts, tags, ids)
        how = contacts.set_index("contact_id")["how_met"].reindex(ids).fillna("").astype(str)
        theirs = tags.loc[tags["contact_id"].isin(ids).fillna(False).to_numpy(dtype=bool)]
        texts = theirs.groupby(["contact_id", "kind"])["text"].agg(list).to_dict() if len(theirs) else {}
        own = tags.loc[(tags["owner"] == "profile").to_numpy(dtype=bool) & (tags["kind"] == "value").to_numpy(dtype=bool)]
        suggested = tuple(dict.fromkeys([*map(str, own["text"]), *VALUE_CHOICES]))
        self.cards = [ContactCard(row, how_met=how[row["contact_id"]].strip(),
                                  interests=[str(t) for t in texts.get((row["contact_id"], "interest"), [])],
                                  values=[str(t) for t in texts.get((row["contact_id"], "value"), [])],
                                  suggested_values=suggested, known=bool(known[row["contact_id"]]))
                      for row in top.to_dict("records")]
        for card in self.cards:
            card.save.on_click(lambda _button, card=card: self._on_save(card))
        self.list.children = self.cards or [self._empty()]
        self.total, self.known = len(self.cards), int(known.sum())
        self._show_progress()

    def _empty(self) -> widgets.HTML:
        box = widgets.HTML('<div class="wb-hint">No contacts yet: import an export or add people on the Contacts '
                           'page, then come back to add how you met.</div>')
        box.add_class("wb-cards-empty")
        return box

    def _show_progress(self) -> None:
        if not self.total:
            self.progress.value = ""
            return
        done = " All done: thank you." if self.known == self.total else ""
        self.progress.value = (f'<div class="wb-cards-progress"><b>{esc(self.progress_text)}</b>.{esc(done)} '
                               f'<progress max="{self.total}" value="{self.known}"></progress></div>')

    @guard()
    def _on_save(self, card: ContactCard) -> None:
        if card not in self.cards:
            raise ValueError("That card is no longer shown: the page was refreshed.")
        want = card.wanted()  # checked before anything is written
        cid = card.contact_id
        with self.book.transaction():  # one card is one all-or-nothing write
            if want["how_met"] != card.saved["how_met"]:
                self.book.update_contact(cid, how_met=want["how_met"])
            for kind in ("interest", "value"):
                before = {t.casefold(): t for t in card.saved[kind]}
                after = {t.casefold(): t for t in want[kind]}
                for key in before.keys() - after.keys():
                    self.book.untag(cid, kind, before[key])
                for key in after.keys() - before.keys():
                    self.book.tag(cid, kind, after[key])
        card.saved = {"how_met": want["how_met"], "interest": want["interest"], "value": want["value"]}
        s = Session.of(self.book)
        known = mark_known(s.contacts(), s.tags(), [c.contact_id for c in self.cards])
        card.mark(bool(known[cid]))
        self.known = int(known.sum())
        self._show_progress()
        self.changes += 1
        self.messages.success(f"Saved. {self.progress_text} ({plural(self.total - self.known, 'card')} to go).")
