"""The map of the person's network as one widget: filters, charts, a contact card and where to grow.

:class:`MapView` (``MapView(book)``) is the component the app embeds. It reads the workbook,
asks :mod:`workbook.mapping` for every number and :mod:`workbook.figures.mapping` for every chart,
and publishes its state as traitlets: ``value`` (chart, filters, how many contacts are shown and
the chart's title), ``selected`` (the contact in the card) and ``changes`` (incremented after each
write: choosing a contact's circle is the one write this view makes).

Charts are shown in a ``go.FigureWidget`` (clickable); ``MapView(book, figure_widget=False)`` shows
them as plain plotly output instead, which keeps a notebook saved with its widgets small.

Filters (circle, industry, tag, source) narrow every chart. Charts: circles (sunburst), network
(people, or groups above 1,500 contacts; pick or click a group to open it), composition,
diversity and gaps, tie strength, growth. Choosing a contact (search + dropdown, or a click on a
person in the network) shows what the map knows about them. "Where to grow next" lists events and
communities that reach the gaps, with who can take you, and the next steps; it is computed when
opened, so the view stays quick on 30,000 contacts.

Stable CSS classes: ``wb-map-view``, ``wb-map-summary``, ``wb-map-filters``, ``wb-map-filter``,
``wb-map-circle``, ``wb-map-industry``, ``wb-map-tag``, ``wb-map-source``, ``wb-map-reset``,
``wb-map-chart``, ``wb-map-group``, ``wb-map-figure``, ``wb-map-card``, ``wb-map-search``,
``wb-map-contact``, ``wb-map-detail``, ``wb-map-set-circle``, ``wb-map-save-circle``, ``wb-map-grow``.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import traitlets

from .. import mapping, prompts
from ..figures import mapping as charts
from ..figures import network as network_charts
from ..schema import CIRCLES
from ..session import Session
from .common import (MessageArea, check_choice, contact_story, esc, friendly, guard, kernel_loop, meaning_line,
                     plural, section_title, show_figure, teaching_panel)
from .widgets import ContactPicker, pick_labels

__all__ = ["MapView", "PROMPTS", "CHARTS"]

#: The map chapter's coaching questions (from :mod:`workbook.prompts`; the journal lists them too).
PROMPTS = prompts.of_chapter("map")

#: The charts the view can show: (button label, key).
CHARTS = (("Circles", "circles"), ("Network", "network"), ("Composition", "composition"),
          ("Diversity & gaps", "diversity"), ("Ties", "ties"), ("Growth", "growth"))
_ANY = ("Any", "")
ALL_GROUPS = -2
PICKER_LIMIT = 50
TAG_LIMIT = 200
_PICK = ("Pick a contact...", None)
#: The tables the map is made of (a write to any other leaves it as it is).
_TABLES = ("contacts", "interactions", "tags", "links", "goals", "settings")


class MapView(widgets.VBox):
    """Map your network: filters that update the charts, a contact card, and where to grow next."""

    value = traitlets.Dict()
    selected = traitlets.Int(None, allow_none=True)
    changes = traitlets.Int(0)

    def __init__(self, book, *, chart: str = "circles", max_nodes: int = network_charts.MAX_NODES,
                 figure_widget: bool = True, **kwargs: Any):
        self.book = book
        self.max_nodes = int(max_nodes)
        self.figure_widget = bool(figure_widget)
        self.map: mapping.NetworkMap | None = None
        self._drawn: mapping.NetworkMap | None = None  # the map on screen (from the workbook's Session)
        self._tag_options: list | None = None  # the tag filter's options as counted
        self.current: go.Figure | None = None
        self.messages = MessageArea()
        self.summary = widgets.HTML()
        self.summary.add_class("wb-map-summary")

        filters = self._filters()
        self.chart = widgets.ToggleButtons(options=CHARTS, value=check_choice(chart, CHARTS, "chart"))
        self.chart.add_class("wb-map-chart")
        self.group = widgets.Dropdown(description="Group", options=[("All groups", ALL_GROUPS)], value=ALL_GROUPS,
                                      layout=widgets.Layout(width="360px", display="none"))
        self.group.add_class("wb-map-group")
        # A FigureWidget answers clicks but carries plotly.js (~5 MB) in its state. Each chart is a fresh one
        # swapped into the box: with plotly 7 under Voila 0.5.13, edits to a FigureWidget already on screen
        # never reach the browser (checked in Chromium). figure_widget=False puts the figure's plotly bundle
        # in an Output instead: light for a notebook saved with its widgets (JupyterLab renders it; Voila
        # 0.5.13 does not, as plotly's renderer wants a newer JupyterLab), with the Group list to drill down.
        self.figure: go.FigureWidget | widgets.Output | None = None if self.figure_widget else widgets.Output()
        self._figure_box = box = widgets.Box([self.figure] if self.figure is not None else [],
                                             layout=widgets.Layout(width="100%"))
        box.add_class("wb-map-figure")

        card = self._contact_card()
        self.meaning = widgets.HTML()
        self.meaning.add_class("wb-map-meaning")
        self.grow = widgets.HTML()
        self.grow_panel = widgets.Accordion([self.grow], titles=("Where to grow next",), selected_index=0)
        self.grow_panel.add_class("wb-map-grow")
        lower = widgets.HBox([card, widgets.VBox([self.grow_panel], layout=widgets.Layout(flex="1 1 420px"))],
                             layout=widgets.Layout(flex_flow="row wrap", width="100%"))

        super().__init__([
            section_title("Map your network", "Who is in it, in which circles, how diverse, and where to grow."),
            teaching_panel("map"), self.messages, self.summary, filters, self.chart, self.group, box, self.meaning,
            lower,
        ], **kwargs)
        self.add_class("wb-map-view")
        self._quiet = False
        for d in (self.circle, self.industry, self.tag, self.source):
            d.observe(self._on_filter, names="value")
        self.reset.on_click(self._on_reset)
        self.chart.observe(self._on_chart, names="value")
        self.group.observe(self._on_group, names="value")
        self.contact.observe(self._on_contact, names="value")
        self.save_circle.on_click(self._on_save_circle)
        self.grow_panel.observe(self._on_grow, names="selected_index")
        self.refresh()

    def _filters(self) -> widgets.HBox:
        """The filters (circle, industry, tag, source) and "Clear filters"."""
        def dropdown(label: str, css: str) -> widgets.Dropdown:
            d = widgets.Dropdown(description=label, options=[_ANY], value="", layout=widgets.Layout(width="250px"))
            d.add_class("wb-map-filter")
            d.add_class(css)
            return d

        self.circle = dropdown("Circle", "wb-map-circle")
        self.industry = dropdown("Industry", "wb-map-industry")
        self.tag = dropdown("Tag", "wb-map-tag")
        self.source = dropdown("Source", "wb-map-source")
        self.reset = widgets.Button(description="Clear filters", icon="times", layout=widgets.Layout(width="130px"))
        self.reset.add_class("wb-map-reset")
        filters = widgets.HBox([self.circle, self.industry, self.tag, self.source, self.reset],
                               layout=widgets.Layout(flex_flow="row wrap"))
        filters.add_class("wb-map-filters")
        return filters

    def _contact_card(self) -> widgets.VBox:
        """A contact: find, see, and set their circle."""
        self.picker = ContactPicker(self.book, description="Find", find=self._find_people, css="wb-map",
                                    width="340px")
        self.search, self.contact = self.picker.search, self.picker.dropdown
        self.detail = widgets.HTML()
        self.detail.add_class("wb-map-detail")
        self.set_circle = widgets.Dropdown(
            options=[("Let the workbook decide", "")] + [(c.capitalize(), c) for c in CIRCLES], value="",
            description="Circle", layout=widgets.Layout(width="340px"))
        self.set_circle.add_class("wb-map-set-circle")
        self.save_circle = widgets.Button(description="Save circle", button_style="primary", disabled=True)
        self.save_circle.add_class("wb-map-save-circle")
        card = widgets.VBox([widgets.HTML("<h3>A contact</h3>"), self.picker, self.detail,
                             widgets.HBox([self.set_circle, self.save_circle], layout=widgets.Layout(flex_flow="row wrap"))],
                            layout=widgets.Layout(flex="1 1 360px", min_width="300px"))
        card.add_class("wb-map-card")
        return card

    def __repr__(self) -> str:
        # Stable (no data): notebooks compare a widget's plain-text form between runs.
        return "MapView()"

    # -- reading -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _batch(self) -> Iterator[None]:
        """Change several controls without each change redrawing."""
        was, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = was

    @guard()
    def refresh(self) -> None:
        """Re-read the workbook, recompute the map and redraw (keeping filters that still apply).

        Cheap when little changed: nothing is redone while none of the map's tables changed (say, a
        journal answer was saved), and after an exchange is logged the new map takes over from the
        old one what still holds, such as the clusters (see :func:`workbook.mapping.map_network`).
        """
        s = Session.of(self.book)
        previous = self.map
        made = s.memo("mapping.map", _TABLES, lambda: mapping.map_network(
            s.contacts(), s.interactions(), as_of=s.as_of(), tags=s.tags(), links=s.links(), goals=s.goals(),
            reuse=previous))
        if made is self._drawn:
            return
        self.map = made
        people = self.map.people
        with self._batch():
            self._options(self.circle, [(f"{c} ({n:,})", c) for c, n in
                                        mapping.compose(people, "circle").set_index("value")["n"]
                                        .reindex(list(CIRCLES)).dropna().astype(int).items()])
            for d, col in ((self.industry, "industry"), (self.source, "source")):
                self._options(d, [(f"{v} ({n:,})", v) for v, n in
                                  mapping.compose(people, col)[["value", "n"]].itertuples(index=False)])
            # 100,000 tags take a moment to count: only when they change
            tag_options = s.memo("mapping.tag_options", ("contacts", "tags"),
                                 lambda: mapping.tag_options(made.tags)[:TAG_LIMIT])
            if tag_options is not self._tag_options:
                self._options(self.tag, [(t, t) for t in tag_options])
                self._tag_options = tag_options
            self._groups_stale = True
            if self.chart.value == "network":
                self._fill_groups()
        self._redraw()
        self._fill_picker()
        if self.selected is not None:
            self._show_contact(self.selected)
        if self.grow_panel.selected_index == 0:
            self._soon(self._draw_grow)
        self._drawn = made  # drawn in full: nothing to do until the map's tables change

    @staticmethod
    def _options(dropdown: widgets.Dropdown, options: list[tuple[str, Any]]) -> None:
        keep = dropdown.value
        dropdown.options = [_ANY] + options
        dropdown.value = keep if keep in [v for _, v in options] else ""

    def _fill_groups(self) -> None:
        info = self.map.cluster_info
        options = [("All groups", ALL_GROUPS)] + [(f"{r.label} ({r.size:,})", int(r.cluster))
                                                  for r in info.itertuples(index=False)]
        keep = self.group.value
        with self._batch():
            self.group.options = options
            self.group.value = keep if keep in [v for _, v in options] else ALL_GROUPS
        self._groups_stale = False

    def filters(self) -> dict[str, str]:
        """The filters in force (empty string = any)."""
        return {"circle": self.circle.value, "industry": self.industry.value, "tag": self.tag.value,
                "source": self.source.value}

    def set_filters(self, **values: str) -> None:
        """Set several filters at once and redraw; unknown names or values are refused (ValueError)."""
        controls = {"circle": self.circle, "industry": self.industry, "tag": self.tag, "source": self.source}
        for name, value in values.items():
            control = controls.get(name)
            if control is None:
                raise ValueError(f"There is no filter called {name!r}.")
            check_choice(value or "", control.options, name)
        with self._batch():
            for name, value in values.items():
                controls[name].value = value or ""
        self._redraw()
        self._fill_picker()

    def _filtered(self):
        f = self.filters()
        for name, control in (("circle", self.circle), ("industry", self.industry), ("tag", self.tag),
                              ("source", self.source)):
            check_choice(f[name], control.options, name)  # a visitor can forge widget state
        return mapping.filter_contacts(self.map.people, self.map.tags, **f)

    # -- drawing -------------------------------------------------------------------------------

    def _figure_for(self, chart: str, people) -> go.Figure:
        m = self.map
        if chart == "circles":
            return charts.sunburst(people)
        if chart == "network":
            group = self.group.value
            if group != ALL_GROUPS:
                check_choice(group, self.group.options, "group")
                return network_charts.cluster_map(people, m.edges, m.clusters, group, m.cluster_info,
                                                  max_nodes=self.max_nodes)
            return network_charts.network_map(people, m.edges, m.clusters, m.cluster_info, m.bridges,
                                              max_nodes=self.max_nodes)
        if chart == "composition":
            return charts.composition_treemap(people)
        if chart == "diversity":
            return charts.diversity_bars(mapping.diversity(people), mapping.find_gaps(people, m.goals, m.tags))
        if chart == "ties":
            return charts.tie_mix_bar(mapping.mix_ties(people))
        return charts.growth_chart(mapping.measure_growth(people, m.interactions, as_of=m.as_of))

    def _redraw(self) -> None:
        chart = check_choice(self.chart.value, CHARTS, "chart")
        people = self._filtered()
        self.group.layout.display = "" if chart == "network" else "none"
        fig = self._figure_for(chart, people)
        self._show(fig)
        self.meaning.value = meaning_line(*CHART_MEANINGS.get(chart, ()))
        total = len(self.map.people)
        mix = mapping.mix_ties(people).set_index("tie_band")["n"]
        layers = mapping.summarise_circles(people).set_index("circle")["n"]
        shown = f"{len(people):,} of {plural(total, 'contact')}" if len(people) != total else plural(total, "contact")
        parts = ", ".join(f"{int(layers[c]):,} {c}" for c in CIRCLES[:4])
        weak = plural(int(mix["moderate"]), "moderately weak tie")
        self.summary.value = (f'<div class="wb-map-counts">{esc(shown)} · {esc(parts)} · {esc(weak)}</div>' if total else
                              "<div>No contacts yet: import your connections or add someone to begin.</div>")
        self.value = {"chart": chart, "filters": self.filters(), "shown": int(len(people)), "total": int(total),
                      "group": int(self.group.value), "title": str(fig.layout.title.text or "")}

    def _show(self, fig: go.Figure) -> None:
        self.current = fig
        # Only the network answers clicks, so only it is a FigureWidget: each one ships plotly.js
        # (~5 MB) to the page and its first use imports plotly's widget stack (1.7 s measured), which
        # made the Map's first open (circles) take 2.4 s in Chromium. The other charts are plotly's
        # own mime output, drawn by the page's plotly.
        if not (self.figure_widget and self.chart.value == "network"):
            out = self.figure if isinstance(self.figure, widgets.Output) else None
            if out is None:
                out = widgets.Output(layout=widgets.Layout(width="100%"))
                self._swap(out)
            show_figure(out, fig)
            return
        w = go.FigureWidget(fig)
        self._swap(w)
        for trace in w.data:
            if trace.name in CIRCLES or trace.name == "groups":
                trace.on_click(self._on_point)

    def _swap(self, widget) -> None:
        old, self.figure = self.figure, widget
        self._figure_box.children = [widget]
        if old is not None and old is not widget:
            old.close()

    # -- the contact card ------------------------------------------------------------------------

    def _label(self, contact_id: int) -> tuple[str, int]:
        people = self.map.people
        return pick_labels(people.loc[(people["contact_id"] == int(contact_id)).to_numpy()])[0]

    def _find_people(self, query: str, limit: int):
        """The picker's people: those the filters leave, strongest ties first (and the one in the card)."""
        if self.map is None:  # still being built: nobody to offer yet
            return pd.DataFrame({"contact_id": [], "full_name": []})
        found = mapping.search_contacts(self._filtered(), query, limit=limit)
        if self.selected is not None and self.selected not in set(found["contact_id"].tolist()):
            people = self.map.people  # keep the person in the card listed
            found = pd.concat([found, people.loc[(people["contact_id"] == self.selected).to_numpy()]])
        return found

    def _fill_picker(self) -> None:
        with self._batch():
            self.picker.fill()

    def _check_contact(self, contact_id: Any) -> int:
        try:
            cid = int(contact_id)
        except (TypeError, ValueError):
            raise ValueError("That contact is not one of the options.") from None
        if cid not in set(self.map.people["contact_id"].tolist()):
            raise ValueError("That contact is not one of the options.")
        return cid

    def select(self, contact_id: int) -> None:
        """Show one contact in the card (as choosing them in the dropdown or clicking them does)."""
        cid = self._check_contact(contact_id)
        if cid not in [v for _, v in self.contact.options]:
            with self._batch():
                self.contact.options = list(self.contact.options) + [self._label(cid)]
        with self._batch():
            self.contact.value = cid
        self._show_contact(cid)

    def _show_contact(self, contact_id: int) -> None:
        m = self.map
        # On a big network, show the group only once it was computed (the card must stay instant).
        computed = "clusters" in vars(m)
        structure = {"clusters": m.clusters, "cluster_info": m.cluster_info, "bridges": m.bridges} \
            if computed or len(m.people) <= mapping.COARSEN_ABOVE else {}
        card = mapping.describe_contact(m.people, contact_id, m.tags, **structure)
        self.selected = int(card["contact_id"])
        lines = [
            f"<b>{esc(card['full_name'])}</b>",
            esc(" · ".join(x for x in (card.get("position", ""), card.get("company", "")) if x)),
            esc(" · ".join(x for x in (card.get("industry", ""), card.get("city", "")) if x and x != mapping.UNKNOWN)),
            esc(f"{card['circle']} circle ({'chosen by you' if card.get('set_by') == 'you' else 'inferred'})"
                f" · {card['tie_band']} tie (strength {card['tie_strength']:.2f} of 1) · {_when(card)}"),
        ]
        if card.get("group"):
            bridge = f", and bridges {plural(card['bridges'], 'group')}" if card.get("bridges") else ""
            lines.append(esc(f"group: {card['group']}{bridge}"))
        lines.append(contact_story(self.book, int(card["contact_id"])))
        self.detail.value = '<div class="wb-map-detail-body">' + "<br>".join(lines) + "</div>"
        with self._batch():
            self.set_circle.value = card["circle"] if card.get("set_by") == "you" else ""
        self.save_circle.disabled = False

    # -- where to grow ---------------------------------------------------------------------------

    def _soon(self, step) -> None:
        """Run ``step`` once the current message is answered (at once outside a kernel's event loop).

        In the app the chart and filters reach the page first and "Where to grow next" follows:
        its bridges and gaps take about 0.6 s on the demo, which made the first open feel slow.
        """
        loop = kernel_loop()
        if loop is None:
            step()
            return
        self.grow.value = "<p class='wb-muted'>Working out where to grow next…</p>"

        def run() -> None:
            try:
                step()
            except Exception as exc:  # a callback's error must reach the page, not the log only
                self.messages.error(friendly(exc))

        loop.add_callback(run)

    def _draw_grow(self) -> None:
        m = self.map
        steps = "".join(f"<li><b>{esc(r.action)}</b> {esc(r.why)}</li>" for r in m.next_steps.itertuples(index=False))
        venues = "".join(
            f"<li><b>{esc(r.venue)}</b> ({esc(r.kind)})"
            + (f": reaches {esc(r.reaches.replace(';', ', '))}" if r.reaches else "")
            + (f"; ask {esc(r.doorway.replace(';', ', '))}" if r.doorway else "") + "</li>"
            for r in m.expansion.head(8).itertuples(index=False))
        self.grow.value = (f"<h4>Next steps</h4><ol>{steps or '<li>Add a few contacts first.</li>'}</ol>"
                           f"<h4>Events and communities that reach further</h4>"
                           f"<ul>{venues or '<li>Tag contacts with their communities and events to see suggestions.</li>'}</ul>")

    # -- handlers --------------------------------------------------------------------------------

    @guard()
    def _on_filter(self, change: dict) -> None:
        if self._quiet:
            return
        self._redraw()
        self._fill_picker()

    @guard()
    def _on_reset(self, _button=None) -> None:
        with self._batch():
            for d in (self.circle, self.industry, self.tag, self.source):
                d.value = ""
            self.group.value = ALL_GROUPS
        self._redraw()
        self._fill_picker()

    @guard()
    def _on_chart(self, change: dict) -> None:
        if change["new"] == "network" and self._groups_stale:
            self._fill_groups()
        self._redraw()

    @guard()
    def _on_group(self, change: dict) -> None:
        if self._quiet:
            return
        check_choice(change["new"], self.group.options, "group")
        self._redraw()

    @guard()
    def _on_contact(self, change: dict) -> None:
        if self._quiet or change["new"] is None:
            return
        self._show_contact(self._check_contact(change["new"]))

    @guard()
    def _on_point(self, trace, points, state=None) -> None:
        """A click on the network: a person opens their card, a group bubble opens the group."""
        if not points.point_inds:
            return
        value = trace.customdata[points.point_inds[0]]
        if value is None:  # the bubble of smaller groups: they open from the Group list
            return
        if trace.name == "groups":
            group = int(value)
            check_choice(group, self.group.options, "group")
            self.group.value = group
        else:
            self.select(value)

    @guard()
    def _on_save_circle(self, _button=None) -> None:
        if self.selected is None:
            raise ValueError("Choose a contact first.")
        cid = self._check_contact(self.selected)
        circle = check_choice(self.set_circle.value, self.set_circle.options, "circle")
        name = mapping.describe_contact(self.map.people, cid)["full_name"]
        self.book.update_contact(cid, circle=circle)
        self.changes += 1
        self.refresh()
        self.messages.success(f"{name} is now in your {circle} circle." if circle else
                              f"The workbook will infer {name}'s circle from your exchanges.")

    @guard()
    def _on_grow(self, change: dict) -> None:
        if change["new"] == 0:
            self._draw_grow()


def _when(card: dict) -> str:
    """When you were last in touch, never "last in touch" for someone you never exchanged with."""
    days = card.get("days_since")
    if not card.get("last_contact") or days is None:
        return "never in touch yet"
    ago = "today" if days == 0 else ("yesterday" if days == 1 else f"{days:,} days ago")
    return f"last exchange {card['last_contact']} ({ago}) · {plural(card.get('n_365', 0), 'exchange')} in the last year"


#: The plain meanings shown under each chart (see :mod:`workbook.teaching`).
CHART_MEANINGS = {"circles": ("circle",), "network": ("brokerage",), "composition": (),
                  "diversity": ("blau", "coverage"), "ties": ("tie_strength", "moderate", "dormant"), "growth": ()}
