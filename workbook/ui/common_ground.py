"""Common-ground widgets: the person's profile editor and the common-ground view.

Top-level components (each a ``VBox`` with ``refresh()``, a ``messages`` area and an Int
``changes`` traitlet incremented after every write), constructed as ``View(book)``:

* :class:`ProfileEditor` edits the person's own interests, values, goals, skills, communities,
  events, past employers and cities; every change is saved at once (``book.tag``/``book.untag``).
* :class:`CommonGroundView`: who you share the most with, one contact's common ground and
  conversation starters (plus quick-tagging them), who shares a given interest, introductions
  worth making (accepting one links the two and logs an ``intro-made`` with each), collaboration
  opportunities, and your interests across your circles.

All computing happens in :mod:`workbook.common_ground`; charts come from
:mod:`workbook.figures.common_ground`. Every string from data is escaped before it reaches HTML;
widget values are checked in Python (a visitor can forge them).

Stable CSS classes: ``wb-common-view``, ``wb-common-profile``, ``wb-common-tags``,
``wb-common-tags-<kind>``, ``wb-common-add``, ``wb-common-remove``, ``wb-common-tabs``,
``wb-common-chart``, ``wb-common-summary``, ``wb-common-search``, ``wb-common-contact``,
``wb-common-detail``, ``wb-common-starters``, ``wb-common-quicktag``, ``wb-common-tag``,
``wb-common-interest``, ``wb-common-find``, ``wb-common-sharers``, ``wb-common-intro``,
``wb-common-accept``, ``wb-common-intro-note``, ``wb-common-collab``.

>>> sorted(PROMPTS)
['common.touchpoints', 'common.values']
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from .. import common_ground as cg
from .. import prompts
from .. import ties
from ..common_ground.introductions import introduction_note
from ..figures import common_ground as charts
from ..practices.brand import brand_line
from ..schema import TAG_KINDS
from ..session import Session
from .common import (MessageArea, check_choice, check_int, esc, guard, meaning_line, plural, section_title, show_in,
                     teaching_panel)
from .widgets import ContactPicker, GoalEditor

__all__ = ["PROMPTS", "ProfileEditor", "CommonGroundView", "common_ground_scores"]

#: This chapter's coaching questions (from :mod:`workbook.prompts`; the notebook saves answers under these ids).
PROMPTS = prompts.of_chapter("common")
#: How many contacts the picker offers at once (light at 30,000 contacts).
PICKER_LIMIT = 50
#: How many suggestions the lists and charts show.
TOP = 15
_KIND_LABELS = {
    "interest": "Interests", "value": "Values", "goal": "Goals", "skill": "Skills",
    "community": "Communities", "event": "Events", "employer": "Employers (past and present)", "city": "Cities",
}
_ABOUT_YOU = ("interest", "value", "skill")  # goals have their own editor (the goals table)
_HISTORY = ("community", "event", "employer", "city")
_MAX_TAG = 200
_NONE = ("Pick a contact...", None)


def _clean_tag(value: Any) -> str:
    """One tag's text from a widget, checked (forged values may be anything)."""
    if not isinstance(value, str):
        raise ValueError("A tag must be text.")
    text = " ".join(value.split())
    if not text:
        raise ValueError("Type something to add first.")
    if len(text) > _MAX_TAG:
        raise ValueError(f"That tag is too long (at most {_MAX_TAG} characters).")
    return text


def common_ground_scores(source):
    """:func:`workbook.common_ground.score_common_ground` for a workbook (or its Session), computed
    once until the contacts, tags or profile change (this view and the Mentor outreach view share
    it through :meth:`workbook.session.Session.common_ground`). Read-only."""
    return Session.of(source).common_ground()


def _box(css: str) -> widgets.Box:
    box = widgets.Box(layout=widgets.Layout(width="100%"))
    box.add_class(css)
    return box


class ProfileEditor(widgets.VBox):
    """The person's own interests, values, goals and skills (and history), saved as soon as they change.

    Each kind is a tag box (type and press Enter to add, click x to remove); the row below adds or
    removes one item by kind and text. ``value`` maps kind to the saved texts.
    """

    value = traitlets.Dict()
    changes = traitlets.Int(0)

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.inputs: dict[str, widgets.TagsInput] = {}
        for kind in TAG_KINDS:
            box = widgets.TagsInput(value=[], allow_duplicates=False, placeholder=f"add {kind}",
                                    layout=widgets.Layout(width="100%"))
            box.add_class("wb-common-tags")
            box.add_class(f"wb-common-tags-{kind}")
            box.observe(lambda change, kind=kind: self._on_tags(kind, change), names="value")
            self.inputs[kind] = box
        self.kind = widgets.Dropdown(options=[(_KIND_LABELS[k], k) for k in TAG_KINDS], value="interest",
                                     description="Kind", layout=widgets.Layout(width="280px"))
        self.text = widgets.Text(placeholder="e.g. community gardening", description="Text",
                                 layout=widgets.Layout(width="320px"))
        self.add_button = widgets.Button(description="Add", icon="plus", button_style="primary")
        self.add_button.add_class("wb-common-add")
        self.remove_button = widgets.Button(description="Remove", icon="minus")
        self.remove_button.add_class("wb-common-remove")
        self.add_button.on_click(self._on_add)
        self.remove_button.on_click(self._on_remove)
        self._loading = False

        def group(kinds: tuple[str, ...]) -> widgets.VBox:
            return widgets.VBox([widgets.VBox([widgets.HTML(f"<b>{esc(_KIND_LABELS[k])}</b>"), self.inputs[k]])
                                 for k in kinds])

        # One goal object: the goals table, edited here and read by Mentor outreach, Common ground and the Map.
        self.goals = GoalEditor(book, messages=self.messages)
        self.goals.observe(self._on_goal_saved, names="changes")
        self.old_goals = widgets.HTML()
        self.convert = widgets.Button(description="Make them goals", icon="arrow-up")
        self.convert.add_class("wb-common-convert-goals")
        self.convert.on_click(self._on_convert)
        self._legacy = widgets.HBox([self.old_goals, self.convert], layout=widgets.Layout(display="none"))
        # The kind/text row is kept for scripts and notebooks (add or remove one item by kind), not shown:
        # the tag boxes are the one way to add a thing on this page.
        self.quick_row = widgets.HBox([self.kind, self.text, self.add_button, self.remove_button])
        super().__init__([
            section_title("Your profile", "What you care about, where you are heading and where you have been: "
                                          "the raw material of common ground. Changes save at once."),
            teaching_panel("profile"), self.messages,
            widgets.HTML("<h3>Your goals</h3><div class='wb-hint'>What you want to grow toward. Each goal's "
                         "needs (skills, roles or fields) drive mentor suggestions and the Map's gaps.</div>"),
            self.goals, self._legacy,
            widgets.HTML("<h3>About you</h3><div class='wb-hint'>Type and press Enter to add; click × to "
                         "remove.</div>"), group(_ABOUT_YOU),
            widgets.HTML("<h3>Your history</h3>"), group(_HISTORY),
        ], **kwargs)
        self.add_class("wb-common-profile")
        self.refresh()

    def __repr__(self) -> str:
        # Stable (no profile text): notebooks compare a widget's plain-text form between runs.
        return "ProfileEditor()"

    @guard()
    def refresh(self) -> None:
        """Re-read the profile's tags and show them."""
        tags = Session.of(self.book).tags()
        own = tags.loc[tags["contact_id"].isna().to_numpy()]
        value = {kind: [str(t) for t in own.loc[(own["kind"] == kind).to_numpy(), "text"]] for kind in TAG_KINDS}
        self._loading = True
        try:
            for kind, box in self.inputs.items():
                box.value = value[kind]
        finally:
            self._loading = False
        self.value = value
        goals = Session.of(self.book).goals()
        titled = {str(t).casefold() for t in goals["title"]}
        self.legacy_goals = [t for t in value["goal"] if t.casefold() not in titled]
        self.old_goals.value = ("<div class='wb-hint'>Goals typed as profile tags: "
                                + esc(", ".join(self.legacy_goals)) + ".</div>") if self.legacy_goals else ""
        self._legacy.layout.display = "" if self.legacy_goals else "none"
        self.goals.refresh()

    def _on_goal_saved(self, _change: dict) -> None:
        self.changes += 1

    @guard()
    def _on_convert(self, _button=None) -> None:
        """Old goal tags become goals (the one goal object), so every page sees them."""
        made = list(self.legacy_goals)
        if not made:
            raise ValueError("There are no goal tags left to turn into goals.")
        with self.book.transaction():
            for title in made:
                self.book.add_goal(title, kind="other")
                self.book.untag("profile", "goal", title)
        self.changes += 1
        self.refresh()
        self.messages.success(f"Made {plural(len(made), 'goal')} of your goal tags: add their needs above.")

    def _save(self, kind: str, add: list[str], remove: list[str]) -> None:
        with self.book.transaction():  # one change in the box is one all-or-nothing write
            for text in remove:
                self.book.untag("profile", kind, text)
            for text in add:
                self.book.tag("profile", kind, text)
        self.changes += 1

    @guard()
    def _on_tags(self, kind: str, change: dict) -> None:
        if self._loading:
            return
        try:
            kind = check_choice(kind, TAG_KINDS, "kind")
            new = change.get("new") or []
            if not isinstance(new, (list, tuple)):
                raise ValueError("Tags must be a list of text.")
            cleaned = [_clean_tag(v) for v in new]
            saved = {t.casefold(): t for t in self.value.get(kind, [])}
            wanted = {t.casefold(): t for t in cleaned}
            add = [t for k, t in wanted.items() if k not in saved]
            remove = [t for k, t in saved.items() if k not in wanted]
            if add or remove:
                self._save(kind, add, remove)
                what = ", ".join([f"added {a}" for a in add] + [f"removed {r}" for r in remove])
                self.messages.success(f"Saved: {what}.")
        finally:
            self.refresh()  # show what is saved, whatever happened

    @guard()
    def _on_add(self, _button=None) -> None:
        kind = check_choice(self.kind.value, TAG_KINDS, "kind")
        text = _clean_tag(self.text.value)
        if text.casefold() in {t.casefold() for t in self.value.get(kind, [])}:
            raise ValueError(f"{text} is already in your {_KIND_LABELS[kind].lower()}.")
        self._save(kind, [text], [])
        self.text.value = ""
        self.refresh()
        self.messages.success(f"Added {text} to your {_KIND_LABELS[kind].lower()}.")

    @guard()
    def _on_remove(self, _button=None) -> None:
        kind = check_choice(self.kind.value, TAG_KINDS, "kind")
        text = _clean_tag(self.text.value)
        if text.casefold() not in {t.casefold() for t in self.value.get(kind, [])}:
            raise ValueError(f"{text} is not in your {_KIND_LABELS[kind].lower()}.")
        self._save(kind, [], [text])
        self.text.value = ""
        self.refresh()
        self.messages.success(f"Removed {text} from your {_KIND_LABELS[kind].lower()}.")


def _starters_html(starters) -> str:
    labels = {"recent": "pick up the thread", "shared": "from what you share", "theirs": "about them",
              "open": "open question", "ask": "listen"}
    rows = []
    for row in starters.itertuples(index=False):
        if row.kind == "ask":
            continue
        rows.append(f'<li><span style="color:#6B7380">({esc(labels.get(row.kind, row.kind))})</span> '
                    f'{esc(row.text)}</li>')
    ask = [r for r in starters.itertuples(index=False) if r.kind == "ask"]
    listen = (f'<div class="wb-common-ask" style="margin-top:6px"><b>Ask about them:</b> {esc(ask[0].text)}</div>'
              if ask else "")
    return f'<div class="wb-common-starters"><b>Conversation starters</b><ol>{"".join(rows)}</ol>{listen}</div>'


class CommonGroundView(widgets.VBox):
    """Find common ground: top matches, one contact up close, who shares what, introductions,
    collaboration and your interests across your circles (tabs; each drawn when first opened).

    Published state: ``value`` (the top matches), ``selected`` (the picked contact's shared items
    and starters), ``sharers`` (contact ids from the last search), ``introductions`` (suggested
    pairs), ``collaborators`` and ``changes`` (writes so far).
    """

    value = traitlets.List()
    selected = traitlets.Dict()
    sharers = traitlets.List()
    introductions = traitlets.List()
    collaborators = traitlets.List()
    changes = traitlets.Int(0)

    TABS = ("Top matches", "One contact", "Who shares...", "Introductions", "Collaborate", "Across your circles")

    def __init__(self, book, **kwargs: Any):
        self.book = book
        self.messages = MessageArea()
        self.summary = widgets.HTML()
        self.summary.add_class("wb-common-summary")
        self.figures: dict[str, go.Figure] = {}
        self._boxes = {name: _box("wb-common-chart") for name in ("matches", "intros", "circles")}
        self.scores = None
        self._intros = None
        self._drawn: set[int] = set()

        self.collab = widgets.HTML()
        self.collab.add_class("wb-common-collab")

        self.tabs = widgets.Tab(children=[
            widgets.VBox([self._boxes["matches"]]),
            self._contact_tab(),
            self._sharers_tab(),
            self._intros_tab(),
            widgets.VBox([self.collab]),
            widgets.VBox([self._boxes["circles"]]),
        ], titles=self.TABS)
        self.tabs.add_class("wb-common-tabs")
        self.tabs.observe(self._on_tab, names="selected_index")
        super().__init__([
            section_title("Find common ground", "What you genuinely share with people, how to open a "
                                                "conversation, and who would gain from meeting each other."),
            teaching_panel("common"), self.summary, self.messages, self.tabs,
        ], **kwargs)
        self.add_class("wb-common-view")
        self.refresh()

    def _contact_tab(self) -> widgets.VBox:
        """One contact: search, pick, see their common ground, tag them."""
        self.picker = ContactPicker(self.book, description="Find", find=self._find, css="wb-common")
        self.search, self.contact = self.picker.search, self.picker.dropdown
        self.search.placeholder = "Name, title or company (empty: your best matches)"
        self.detail = widgets.HTML()
        self.detail.add_class("wb-common-detail")
        self.tag_kind = widgets.Dropdown(options=list(TAG_KINDS), value="interest", description="Tag them",
                                         layout=widgets.Layout(width="240px"))
        self.tag_text = widgets.Text(placeholder="e.g. sea kayaking", layout=widgets.Layout(width="240px"))
        self.tag_button = widgets.Button(description="Add tag", icon="tag")
        self.tag_button.add_class("wb-common-tag")
        quick = widgets.HBox([self.tag_kind, self.tag_text, self.tag_button])
        quick.add_class("wb-common-quicktag")
        self.contact.observe(self._on_pick, names="value")
        self.tag_button.on_click(self._on_tag)
        # What an import derived about them, each with its source; "Not true" dismisses one for good.
        self.derived = widgets.HTML()
        self.derived.add_class("wb-common-derived")
        self.derived_pick = widgets.Dropdown(options=[], description="Not true", layout=widgets.Layout(width="420px"))
        self.dismiss_button = widgets.Button(description="Dismiss", icon="times")
        self.dismiss_button.add_class("wb-common-dismiss")
        self.dismiss_button.on_click(self._on_dismiss)
        self.dismiss_row = widgets.HBox([self.derived_pick, self.dismiss_button],
                                        layout=widgets.Layout(display="none"))
        return widgets.VBox([self.picker, self.detail, self.derived, self.dismiss_row, quick])

    def _sharers_tab(self) -> widgets.VBox:
        """Who shares an interest, value, community or city."""
        self.interest = widgets.Combobox(placeholder="an interest, value, community, city...",
                                         description="Who shares", ensure_option=False,
                                         layout=widgets.Layout(width="420px"))
        self.interest.add_class("wb-common-interest")
        self.interest_kind = widgets.Dropdown(options=[("any kind", "")] + [(k, k) for k in TAG_KINDS], value="",
                                              description="Kind", layout=widgets.Layout(width="240px"))
        self.partial = widgets.Checkbox(value=False, description="also partial matches", indent=False)
        self.find_button = widgets.Button(description="Find", icon="search", button_style="primary")
        self.find_button.add_class("wb-common-find")
        self.results = widgets.HTML()
        self.results.add_class("wb-common-sharers")
        self.find_button.on_click(self._on_find)
        return widgets.VBox([widgets.HBox([self.interest, self.interest_kind]),
                             widgets.HBox([self.partial, self.find_button]), self.results])

    def _intros_tab(self) -> widgets.VBox:
        """Introductions worth making, and accepting one."""
        self.intro = widgets.Dropdown(options=[], description="Suggestion", layout=widgets.Layout(width="520px"))
        self.intro.add_class("wb-common-intro")
        self.intro_note = widgets.Text(placeholder="How you introduced them (optional)", description="Note",
                                       layout=widgets.Layout(width="520px"))
        self.accept = widgets.Button(description="Make this introduction", icon="handshake-o", button_style="success")
        self.accept.add_class("wb-common-accept")
        self.accept.on_click(self._on_accept)
        self.intro_detail = widgets.HTML()
        # The note to send once both said yes (plain text: a Textarea shows data as text, never markup).
        self.intro_text = widgets.Textarea(description="To send", layout=widgets.Layout(width="520px", height="220px"))
        self.intro_text.add_class("wb-common-intro-note")
        self.intro.observe(self._on_intro_pick, names="value")
        return widgets.VBox([self._boxes["intros"], self.intro, self.intro_detail, self.intro_text, self.intro_note,
                             self.accept])

    def __repr__(self) -> str:
        return "CommonGroundView()"

    # -- drawing -----------------------------------------------------------------------------------

    def _show(self, name: str, fig: go.Figure) -> None:
        self.figures[name] = fig
        show_in(self._boxes[name], fig)

    def _frames(self) -> tuple:
        # The tags plus what imports derived (marked): the same common ground the scores read.
        s = Session.of(self.book)
        return s.contacts(), s.common_tags(), s.profile()

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook, rescore everyone, redraw the open tab (the others when next opened)."""
        self.scores = common_ground_scores(self.book)
        top = self.scores.loc[(self.scores["score"] > 0).to_numpy()].head(TOP)
        self.value = [{"contact_id": int(r.contact_id), "full_name": str(r.full_name),
                       "score": round(float(r.score), 4), "shared": str(r.shared)}
                      for r in top.itertuples(index=False)]
        n_any = int((self.scores["n_shared"] > 0).sum())
        if len(self.scores):
            text = (f"You share at least one thing with {n_any:,} of your {plural(len(self.scores), 'contact')}."
                    if n_any else "Nothing shared yet: add your interests, values and goals under Profile.")
        else:
            text = "No contacts yet: import your connections or add someone to begin."
        self.summary.value = f"<div>{esc(text)}</div>"
        self.interest.options = cg.list_search_terms(*self._frames())
        self._intros = None
        self._drawn = set()
        self._fill_contacts()
        self._draw(self.tabs.selected_index or 0)

    def _draw(self, index: int) -> None:
        if index in self._drawn:
            return
        self._drawn.add(index)
        if index == 0:
            self._show("matches", charts.top_matches(self.scores, n=TOP))
        elif index == 3:
            self._draw_intros()
        elif index == 4:
            self._draw_collab()
        elif index == 5:
            self._draw_circles()

    @guard()
    def _on_tab(self, change: dict) -> None:
        self._draw(int(change["new"] or 0))

    # -- one contact -------------------------------------------------------------------------------

    def _find(self, query: str, limit: int):
        """The picker's people: search matches, or (empty search) the best common ground first."""
        contacts = Session.of(self.book).contacts()
        if str(query or "").strip():
            found = cg.find_contacts(contacts, query, limit=limit)
        elif self.scores is not None:
            found = self.scores.head(limit)
        else:
            found = contacts.iloc[:0]
        about = contacts.set_index("contact_id")[["position", "company"]].reindex(found["contact_id"].to_numpy())
        return found[["contact_id", "full_name"]].assign(position=about["position"].to_numpy(),
                                                         company=about["company"].to_numpy())

    def _fill_contacts(self) -> None:
        self.picker.fill()

    def select(self, contact_id: int) -> None:
        """Show one contact (by id) in the "One contact" tab."""
        cid = int(contact_id)
        if cid not in set(self.scores["contact_id"].astype(int)):
            raise ValueError(f"There is no contact with id {cid}.")
        if cid not in {o[1] for o in self.contact.options}:
            self.search.value = str(self.scores.loc[self.scores["contact_id"] == cid, "full_name"].iloc[0])
        self.contact.value = cid

    def _chosen(self) -> int:
        value = self.contact.value
        if value is None:
            raise ValueError("Pick a contact first (type part of a name to search).")
        check_choice(value, self.contact.options, "contact")
        cid = check_int(value, "contact")
        if cid not in set(self.scores["contact_id"].astype(int)):
            raise ValueError("That contact is no longer in your workbook.")
        return cid

    @guard()
    def _on_pick(self, change: dict) -> None:
        if change.get("new") is None:
            self.detail.value, self.selected = "", {}
            return
        self._describe(self._chosen())

    def _describe(self, cid: int) -> None:
        book = self.book
        contacts, tags, profile = self._frames()
        session = Session.of(book)
        about = cg.describe_common_ground(contacts, tags, profile, session.interactions(), cid, as_of=session.as_of())
        shared, starters = about["shared"], about["starters"]
        row = self.scores.loc[self.scores["contact_id"] == cid].iloc[0]
        items = "".join(f'<li>{esc(r.text)} <span style="color:#6B7380">({esc(r.kind)}, {int(r.df)} of your '
                        f'contacts{", derived from your export" if bool(getattr(r, "derived", False)) else ""})'
                        f'</span></li>' for r in shared.itertuples(index=False))
        what = (f"<ul>{items}</ul>" if items else
                "<p>Nothing shared on record yet. Ask about them, and tag what you learn below.</p>")
        self.detail.value = (
            f'<div><b>{esc(row.full_name)}</b>: common ground {float(row.score):.2f}</div>'
            f'{meaning_line("common_ground")}{what}{_starters_html(starters)}')
        self.selected = {
            "contact_id": cid, "full_name": str(row.full_name), "score": round(float(row.score), 4),
            "shared": [{"kind": str(r.kind), "text": str(r.text)} for r in shared.itertuples(index=False)],
            "starters": [{"kind": str(r.kind), "about": str(r.about), "text": str(r.text)}
                         for r in starters.itertuples(index=False)],
        }
        self._describe_derived(cid, session)

    def _describe_derived(self, cid: int, session: Session) -> None:
        explained = session.explained_derived()
        mine = explained.loc[(explained["contact_id"] == cid).to_numpy()]
        if mine.empty:
            self.derived.value, self.derived_pick.options = "", []
            self.dismiss_row.layout.display = "none"
            return
        rows = "".join(f"<li>{esc(r.sentence)} <span style='color:#6B7380'>(derived from {esc(r.source_file)}"
                       f"{', ' + esc(str(r.source_date)[:10]) if str(r.source_date or '') else ''})</span></li>"
                       for r in mine.itertuples(index=False))
        self.derived.value = ("<div><b>What your export shows</b> (found by the workbook; dismiss what is not "
                              f"true)</div><ul>{rows}</ul>")
        self.derived_pick.options = [(str(r.sentence)[:80], int(r.item_id)) for r in mine.itertuples(index=False)]
        # A Dropdown given new options holds no value: show the first item chosen, as the eye reads it.
        self.derived_pick.value = self.derived_pick.options[0][1]
        self.dismiss_row.layout.display = "flex"

    @guard()
    def _on_dismiss(self, _button=None) -> None:
        cid = self._chosen()
        if self.derived_pick.value is None:
            raise ValueError("Choose what is not true first.")
        item = check_choice(self.derived_pick.value, [v for _, v in self.derived_pick.options], "derived item")
        self.book.dismiss_derived(int(item))
        self.changes += 1
        self.refresh()
        self._describe(cid)
        self.messages.success("Dismissed: it will not come back when you import again.")

    @guard()
    def _on_tag(self, _button=None) -> None:
        cid = self._chosen()
        kind = check_choice(self.tag_kind.value, TAG_KINDS, "kind")
        text = _clean_tag(self.tag_text.value)
        self.book.tag(cid, kind, text)
        self.changes += 1
        self.tag_text.value = ""
        self.refresh()
        self._describe(cid)
        self.messages.success(f"Tagged {self.selected.get('full_name', 'them')} with {text} ({kind}).")

    # -- who shares X ------------------------------------------------------------------------------

    @guard()
    def _on_find(self, _button=None) -> None:
        text = _clean_tag(self.interest.value)
        kind = check_choice(self.interest_kind.value, [""] + list(TAG_KINDS), "kind") or None
        partial = self.partial.value is True
        contacts, tags, profile = self._frames()
        found = cg.find_who_shares(contacts, tags, text, kind=kind, profile=profile, partial=partial)
        self.sharers = [int(x) for x in found["contact_id"]]
        if found.empty:
            self.results.value = f"<p>Nobody in your workbook has {esc(text)} on record yet.</p>"
            return
        rows = "".join(
            f"<li><b>{esc(r.full_name)}</b>"
            + (f", {esc(r.position)}" if r.position else "") + (f" at {esc(r.company)}" if r.company else "")
            + f' <span style="color:#6B7380">({esc(r.text)}' + ("; from your export" if r.derived else "")
            + f'; common ground {float(r.score):.2f})</span></li>'
            for r in found.head(30).itertuples(index=False))
        more = f"<p>and {len(found) - 30:,} more.</p>" if len(found) > 30 else ""
        self.results.value = (f"<p>{len(found):,} {'person shares' if len(found) == 1 else 'people share'} "
                              f"{esc(text)}, most common ground first:</p><ol>{rows}</ol>{more}")

    # -- introductions -----------------------------------------------------------------------------

    def _draw_intros(self, intros=None) -> None:
        book = self.book
        if intros is None:
            session = Session.of(book)
            intros = cg.suggest_introductions(session.contacts(), session.tags(), session.links(), top=TOP)
        self._intros = intros
        self._show("intros", charts.introductions(self._intros, n=TOP))
        self.introductions = [{"a": int(r.a), "b": int(r.b), "a_name": str(r.a_name), "b_name": str(r.b_name),
                               "score": round(float(r.score), 4), "reason": str(r.reason)}
                              for r in self._intros.itertuples(index=False)]
        self.intro.options = [(f"{r['a_name']} and {r['b_name']}", i) for i, r in enumerate(self.introductions)]
        self.intro.value = 0 if self.introductions else None
        self._on_intro_pick({"new": self.intro.value})

    @guard()
    def _on_intro_pick(self, change: dict) -> None:
        i = change.get("new")
        if i is None or not (isinstance(i, int) and 0 <= i < len(self.introductions)):
            self.intro_detail.value, self.intro_text.value = "", ""
            return
        self.intro_detail.value = (f"<p>{esc(self.introductions[i]['reason'])}</p><p>Ask each of them first whether "
                                   "they would welcome it; once both say yes, send the note below.</p>")
        r, session = self._intros.iloc[i], Session.of(self.book)
        sender = str(session.profile().iloc[0].get("name", "") or "") if len(session.profile()) else ""
        self.intro_text.value = introduction_note(str(r["a_name"]), str(r["b_name"]), shared=str(r["shared"]),
                                                  a_gains=str(r["a_gains"]), b_gains=str(r["b_gains"]),
                                                  sender=sender, brand=brand_line(session))

    @guard()
    def _on_accept(self, _button=None) -> None:
        if not self.introductions:
            raise ValueError("There is no introduction to accept yet.")
        i = check_choice(self.intro.value, self.intro.options, "suggestion")
        i = check_int(i, "suggestion", low=0, high=len(self.introductions) - 1)
        pick = self.introductions[i]
        a, b = pick["a"], pick["b"]
        note = str(self.intro_note.value or "").strip()
        if len(note) > 1000:
            raise ValueError("The note is too long (at most 1,000 characters).")
        when = Session.of(self.book).as_of().isoformat()
        with self.book.transaction():  # the link and both interactions land together, or none does
            self.book.link(a, b, "knows")
            for me, other in ((a, pick["b_name"]), (b, pick["a_name"])):
                self.book.log_interaction(me, when, "message", "outbound", "intro-made",
                                          f"Introduced to {other}" + (f": {note}" if note else ""))
        self.changes += 1
        self.intro_note.value = ""
        # Now linked, the pair drops out; the others stand (no need to search 30,000 contacts again).
        self._draw_intros(self._intros.drop(index=self._intros.index[i]).reset_index(drop=True))
        self.messages.success(f"Introduced {pick['a_name']} and {pick['b_name']}: linked and logged with both.")

    # -- collaboration and circles -----------------------------------------------------------------

    def _draw_collab(self) -> None:
        book = self.book
        contacts, tags, profile = self._frames()
        found = cg.find_collaborators(contacts, tags, profile, Session.of(book).goals(), top=TOP)
        self.collaborators = [{"contact_id": int(r.contact_id), "full_name": str(r.full_name),
                               "score": round(float(r.score), 4), "reason": str(r.reason)}
                              for r in found.itertuples(index=False)]
        if found.empty:
            self.collab.value = ("<p>No one yet combines skills your goals call for with interests you share. "
                                 "Add a goal with the skills it needs on the Profile page, and tag contacts' skills.</p>")
            return
        rows = "".join(
            f"<li><b>{esc(r.full_name)}</b>" + (f", {esc(r.position)}" if r.position else "")
            + (f" at {esc(r.company)}" if r.company else "") + f"<br>{esc(r.reason)}</li>"
            for r in found.itertuples(index=False))
        self.collab.value = ("<p>People whose skills complement your goals and who share your interests: "
                             "candidates for a joint project, a study group or a partnership.</p>"
                             f"<ol>{rows}</ol>")

    def _draw_circles(self) -> None:
        contacts, tags, profile = self._frames()
        circles = ties.assign_circles(contacts, Session.of(self.book).ties())
        self._show("circles", charts.interest_map(cg.map_shared_interests(contacts, tags, profile, circles)))
