"""The app shell: one header, one navigation, ten sections, built lazily and kept in step.

The Voilà app (``notebooks/app.ipynb``) only imports, builds and displays :class:`AppShell`.
The shell owns no analysis: :data:`SECTIONS` lists each screen's view classes (imported here,
built on the first visit as ``View(book)``; a view that takes ``shell`` gets the shell, a small
:class:`~workbook.ui.common.Host`, and never imports it). Views read the workbook through its one
:class:`~workbook.session.Session`, so a table is read once however many views show it. The
shell keeps the views in step: when one view's ``changes`` traitlet moves, the views on screen
refresh at once and the others are marked stale and refresh on their next visit. A view that
fails to build shows a plain error in its place (:class:`ViewError`) and the log has the traceback.

>>> [s.key for s in SECTIONS][:3]
['start', 'profile', 'map']

Stable CSS classes (tests and people can rely on them; each section's views add their own
``wb-<task>-...``): ``wb-app``, ``wb-header``, ``wb-owner-name``, ``wb-badge-demo``,
``wb-header-stats``, ``wb-stat-contacts``, ``wb-header-switch``, ``wb-app-messages``, ``wb-nav``,
``wb-nav-<key>`` and ``wb-nav-active``, ``wb-content``, ``wb-section`` and ``wb-section-<key>``,
``wb-placeholder`` and ``wb-view-error`` (a view that failed to build), ``wb-upload-guard``;
see :data:`STABLE_CLASSES` for the app's own screens.

Which workbook: the person's own (``WORKBOOK_DB`` or the user data folder). While it is empty
(and they have not chosen to start their own), the shell shows the bundled demo persona,
marked with a "Demo" badge, and offers to import their data or start empty.
"""
from __future__ import annotations

import datetime as dt
import inspect
import logging
import os
import time
import traceback
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

from ..session import TABLES, Session
from ..store import Workbook, WorkbookError, default_path, open_workbook
from .common import MessageArea, display_name, esc, friendly, kernel_loop, section_title, show_figure
from .asks import AsksView
from .brand import BrandView
from .cards import CardsView
from .common_ground import CommonGroundView, ProfileEditor
from .contacts import ContactsView
from .data import DataView
from .events import EventsView
from .health import HealthView, LogInteractionForm, WeeklyPlanView
from .journal import JournalView
from .mapping import MapView
from .online import OnlineView
from .outreach import OutreachView
from .progress import ProgressView
from .projects import ProjectsView
from .start import StartView
from .widgets import UploadGuard, megabytes, upload_limit

log = logging.getLogger("workbook.ui.app")

#: The setting an own workbook carries once the person chose to start it (empty or not).
STARTED_SETTING = "app_started"


@dataclass(frozen=True)
class Section:
    """One screen of the app: its navigation label, heading and the views it embeds."""

    key: str
    label: str
    title: str
    subtitle: str
    views: tuple[type, ...]  # view classes, each built as ``View(book)`` (plus ``shell=`` when it asks)
    keep_on_switch: bool = False  # survives a switch of workbook (refreshed instead of rebuilt)


SECTIONS: tuple[Section, ...] = (
    Section("start", "Start", "Start here", "What this workbook holds, and how to bring your own data in.",
            (StartView,), keep_on_switch=True),
    Section("profile", "Profile", "Your profile",
            "Your interests, values, goals and skills: the common ground other people will find.",
            (ProfileEditor,)),
    Section("map", "Map", "Map your network", "Who is in it, in which circles, how diverse, and where the gaps are.",
            (MapView,)),
    Section("common", "Common ground", "Find common ground",
            "Shared interests, values and goals; conversation starters; who to introduce to whom.",
            (CommonGroundView, CardsView)),
    Section("outreach", "Mentor outreach", "Plan mentor outreach",
            "Mentor candidates for your goals, warm introductions, and your pipeline.",
            (OutreachView,)),
    Section("events", "Events", "Events and conferences",
            "Before: who is likely there, whom to meet, what to say. After: log who you met and follow up.",
            (EventsView,)),
    Section("together", "Together", "Collaborate and ask",
            "Projects with people you share something with, and referral or recommendation asks made well.",
            (ProjectsView, AsksView)),
    Section("brand", "Brand", "Your brand, online",
            "Your brand statement and pitch, a LinkedIn profile checklist from your export, and an engagement habit.",
            (BrandView, OnlineView)),
    Section("health", "Health", "Relationship health",
            "Recency, frequency, reciprocity and give-and-take: who is thriving and who is cooling.",
            (HealthView, LogInteractionForm)),
    Section("week", "This week", "This week", "A short plan of who to get in touch with, and why.",
            (WeeklyPlanView,)),
    Section("progress", "Progress", "Progress over weeks",
            "A networking goal you can count, week by week, against what you actually did.",
            (ProgressView,)),
    Section("journal", "Journal", "Your journal", "Every coaching question in one place, with your answers.",
            (JournalView,)),
    Section("contacts", "Contacts", "Contacts", "Search, sort, add, edit, archive or erase the people in your workbook.",
            (ContactsView,)),
    Section("data", "Data", "Your data",
            "Everything stays on this computer. Export it, back it up, restore it, or share a report with a coach.",
            (DataView,)),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
#: Sections built a moment after the app is up, before their first visit (the heaviest to open).
PREBUILT = ("map",)

#: CSS classes of the shell and of the app's own screens that stay stable (the browser tests use them).
STABLE_CLASSES: dict[str, tuple[str, ...]] = {
    "shell": ("wb-app", "wb-header", "wb-owner", "wb-header-stats", "wb-header-switch", "wb-app-messages", "wb-nav",
              "wb-nav-button", "wb-nav-active", "wb-content", "wb-section", "wb-upload-guard",
              *(f"wb-nav-{k}" for k in SECTION_KEYS)),
    "start": ("wb-start", "wb-start-welcome", "wb-start-demo", "wb-start-explore", "wb-start-week", "wb-start-own",
              "wb-start-empty", "wb-start-import", "wb-start-importer", "wb-start-where"),
    "contacts": ("wb-contacts", "wb-contacts-search", "wb-contacts-circle", "wb-contacts-sort",
                 "wb-contacts-archived", "wb-contacts-add", "wb-contacts-count", "wb-contacts-table",
                 "wb-contacts-row", "wb-contacts-name", "wb-contacts-prev", "wb-contacts-next", "wb-contacts-page",
                 "wb-contact-editor", "wb-contact-title", "wb-contact-field-full-name", "wb-contact-field-circle",
                 "wb-contact-field-cadence", "wb-contact-save", "wb-contact-archive", "wb-contact-erase",
                 "wb-contact-erase-confirm", "wb-contact-erase-cancel", "wb-contact-log", "wb-contact-log-date",
                 "wb-contact-log-channel", "wb-contact-log-direction", "wb-contact-log-kind", "wb-contact-log-note",
                 "wb-contact-log-save"),
    "journal": ("wb-journal", "wb-journal-summary", "wb-journal-chapter", "wb-journal-prompt", "wb-journal-answer",
                "wb-journal-new-title", "wb-journal-new"),
    "data": ("wb-data", "wb-data-export", "wb-data-folder", "wb-data-export-folder", "wb-data-backup",
             "wb-data-where", "wb-data-restore-upload", "wb-data-restore", "wb-data-restore-cancel",
             "wb-data-initials", "wb-data-report"),
}


def stylesheet() -> str:
    """The app's CSS (``workbook/ui/style.css``)."""
    return resources.files("workbook.ui").joinpath("style.css").read_text(encoding="utf-8")


#: Workbooks opened ahead of the visitor by :func:`warm_up` (opening checks the file, which takes
#: seconds at 30,000 contacts); :func:`open_app` takes them over. Keyed "own" and "demo".
_WARM: dict[str, Workbook] = {}


def warm_up(path: str | os.PathLike | None = None) -> None:
    """Pay plotly's first-use costs, open the workbook (or the demo) and read its tables once into
    its :class:`~workbook.session.Session`, so a preheated kernel answers the visitor quickly.
    Nothing is created or written; the tables read here are re-read if they change before the
    visit (the session keys them on the file's version). The sections' modules are imported with
    this one."""
    _warm_plotly()
    own = Path(path).expanduser() if path is not None else default_path()
    try:
        if own.exists() and own.stat().st_size > 0:
            _WARM["own"] = open_workbook(own)
            if _started(_WARM["own"]):
                _read_tables(_WARM["own"])
                return
        from ..demo import open_demo

        _WARM["demo"] = open_demo()
        _read_tables(_WARM["demo"])
    except Exception:  # noqa: BLE001 - open_app tries again and explains what is wrong
        log.info("warm-up could not open the workbook:\n%s", traceback.format_exc())


def _warm_plotly() -> None:
    """Pay plotly's one-off costs now: ``plotly.io``'s renderers import nbformat and jsonschema
    (seconds of grammar compiling), and each trace type loads its validators on first use."""
    try:
        import plotly.graph_objects as go
        import plotly.io as pio

        fig = go.Figure([go.Bar(y=[1]), go.Scatter(y=[1]), go.Sunburst(labels=["a"], parents=[""]),
                         go.Treemap(labels=["a"], parents=[""]), go.Heatmap(z=[[1]])])
        pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict())
        fig.to_json()
    except Exception:  # noqa: BLE001 - only a head start; the views import what they need anyway
        log.info("warm-up could not preload plotly:\n%s", traceback.format_exc())


def _read_tables(book: Workbook) -> None:
    """Read the tables the sections show into the workbook's Session (the first visit to a section
    on 30,000 contacts would otherwise spend seconds reading a million interactions)."""
    session = Session.of(book)
    for table in (*TABLES, "settings"):
        session.table(table)


def _take_warm(key: str, path: Path | None = None) -> Workbook | None:
    book = _WARM.pop(key, None)
    if book is not None and path is not None and Path(book.path).resolve() != path.resolve():
        book.close()
        return None
    return book


def wait_for_visitor() -> None:
    """In a preheated Voilà kernel, wait until someone opens the page (so the workbook is read
    then, not when the kernel was warmed); elsewhere (JupyterLab, nbconvert) return at once."""
    if os.environ.get("VOILA_PREHEAT", "False") != "True":
        return
    from voila.utils import wait_for_request

    wait_for_request()


def open_app(path: str | os.PathLike | None = None, **kwargs: Any) -> "AppShell":
    """The app on the person's workbook (``path``, ``WORKBOOK_DB`` or the user data folder),
    or on the demo while that workbook is empty. A workbook that cannot be opened is left as
    it is: the demo shows instead, with the reason in the message area."""
    own = Path(path).expanduser() if path is not None else default_path()
    problem = ""
    book: Workbook | None = None
    try:
        book = _take_warm("own", own)
        if book is None and own.exists() and own.stat().st_size > 0:
            book = open_workbook(own)
        if book is not None and _started(book):
            return AppShell(book, own_path=own, **kwargs)
    except WorkbookError as exc:
        problem = str(exc)
    if book is not None:
        book.close()
    try:
        demo = _take_warm("demo")
        if demo is None:
            from ..demo import open_demo

            demo = open_demo()
        shell = AppShell(demo, own_path=own, demo=True, **kwargs)
    except Exception:  # noqa: BLE001 - without a demo the person still gets their (empty) workbook
        log.error("could not open the demo:\n%s", traceback.format_exc())
        if problem:
            raise
        return AppShell(open_workbook(own), own_path=own, **kwargs)
    if problem:
        shell.messages.error(f"Your workbook could not be opened: {problem} Showing the demo meanwhile.")
    return shell


def _started(book: Workbook) -> bool:
    return (not book.is_empty()) or bool(book.settings().get(STARTED_SETTING)) or bool(
        str(book.profile().loc[0, "name"]).strip())


def own_workbook_started(path: Path) -> bool:
    """True when the person's own workbook exists and holds something (or they chose to start it)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    book = open_workbook(path)
    try:
        return _started(book)
    finally:
        book.close()


# ----------------------------------------------------------------------------------------------------


class AppShell(widgets.VBox):
    """The whole app: header, navigation, message area and the sections.

    >>> import tempfile, os, workbook
    >>> shell = AppShell(workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite")))
    >>> shell.current, shell.is_demo
    ('start', False)
    """

    #: The key of the section on screen.
    current = traitlets.Unicode("start")
    #: Incremented after any view changed the workbook (for tests and for linking).
    changes = traitlets.Int(0)

    def __init__(self, book: Workbook, *, own_path: str | os.PathLike | None = None, demo: bool = False,
                 start: str = "start", **kwargs: Any):
        self.book = book
        self.own_path = Path(own_path) if own_path is not None else Path(book.path)
        self.is_demo = bool(demo)
        self._own: Workbook | None = None if demo else book
        self._views: dict[str, list[widgets.Widget]] = {}
        self._stale: set[str] = set()
        self._bodies: dict[str, widgets.Box] = {}
        self._seen_version: int | None = None  # the workbook's data_version when last shown
        self._own_stamp = self._own_stamp_now()

        self.messages = MessageArea()
        self.messages.add_class("wb-app-messages")
        self.guard = UploadGuard(upload_limit())
        self.guard.add_class("wb-hidden")
        self.guard.observe(self._on_upload_refused, "refused")

        self._style = widgets.HTML(f"<style>{stylesheet()}</style>")
        self._style.add_class("wb-hidden")
        self._brand = widgets.HTML('<div class="wb-product">Networking Workbook</div>')
        self._owner = widgets.HTML()
        self._owner.add_class("wb-owner")
        self._stats = widgets.HTML()
        self._stats.add_class("wb-header-stats")
        self._switch = widgets.Button(description="Start my own workbook", tooltip="Leave the demo")
        self._switch.add_class("wb-header-switch")
        self._switch.on_click(self._on_switch_clicked)
        header = widgets.HBox([widgets.VBox([self._brand, self._owner, self._stats]), self._switch])
        header.add_class("wb-header")

        self._nav_buttons: dict[str, widgets.Button] = {}
        for s in SECTIONS:
            b = widgets.Button(description=s.label, tooltip=s.subtitle)
            b.add_class("wb-nav-button")
            b.add_class(f"wb-nav-{s.key}")
            b.on_click(lambda _b, key=s.key: self.show(key))
            self._nav_buttons[s.key] = b
        nav = widgets.VBox(list(self._nav_buttons.values()))
        nav.add_class("wb-nav")

        self._content = widgets.VBox()
        self._content.add_class("wb-content")
        body = widgets.HBox([nav, self._content])
        body.add_class("wb-body")

        self._warm_chart = widgets.Output(layout=widgets.Layout(width="1px", height="1px", overflow="hidden"))
        self._warm_chart.add_class("wb-warm-chart")
        super().__init__([self._style, self.guard, header, self.messages, body, self._warm_chart], **kwargs)
        self.add_class("wb-app")
        self._update_header()
        self.show(start if start in SECTION_KEYS else "start")
        self._prebuild_soon(PREBUILT)

    def _prebuild_soon(self, keys: tuple[str, ...], delay: float = 1.0) -> None:
        """Build these sections a moment after the page is up, while the person reads it (in a kernel's
        event loop only: headless there is nothing to wait for).

        Measured in Chromium on the demo: the Map's first open took 1.9 s, most of it the kernel sending
        its ~130 widgets; built ahead (in a preheated kernel, before anyone asks), the click only shows it.
        """
        loop = kernel_loop()
        if loop is None:
            return

        def build() -> None:
            # The page's plotly renderer loads plotly.js on its first chart (about 2 s in Chromium):
            # a tiny chart nobody sees has it loaded before the first real one.
            import plotly.graph_objects as go

            show_figure(self._warm_chart, go.Figure(go.Sunburst(labels=["a"], parents=[""]),
                                                    layout={"width": 40, "height": 40}))
            for key in keys:
                if key not in self._bodies and key != self.current:
                    try:
                        self._bodies[key] = self._build(_section(key))
                    except Exception:  # the visit builds it again and shows what failed
                        log.exception("building %s ahead failed", key)

        loop.call_later(delay, build)

    # -- opening ----------------------------------------------------------------------------------

    def own_book(self) -> Workbook:
        """The person's own workbook (opened, and created, on first use)."""
        if self._own is None:
            self._own = open_workbook(self.own_path)
        return self._own

    def use_own_workbook(self, *, show: str | None = None) -> Workbook:
        """Leave the demo for the person's own workbook (remembered, so a reload stays there)."""
        own = self.own_book()
        if not own.settings().get(STARTED_SETTING):
            own.set_setting(STARTED_SETTING, True)
        if self.book is not own:
            self._set_book(own, demo=False)
        if show:
            self.show(show)
        return own

    def _set_book(self, book: Workbook, *, demo: bool) -> None:
        old = self.book
        self.book, self.is_demo = book, demo
        self._seen_version = None
        for key in list(self._views):
            section = _section(key)
            if section.keep_on_switch:
                self._stale.add(key)
            else:
                self._views.pop(key)
                self._bodies.pop(key, None)
        if old is not book and old is not self._own:
            old.close()
        self._update_header()
        self.show(self.current)

    # -- navigation -------------------------------------------------------------------------------

    def show(self, key: str) -> None:
        """Show a section, building it on its first visit and refreshing it when stale."""
        if key not in SECTION_KEYS:
            self.messages.error("That part of the workbook does not exist.")
            return
        changed_elsewhere = self._notice_outside_changes()
        if key not in self._bodies:
            self._bodies[key] = self._build(_section(key))
        elif key in self._stale:
            self._refresh(key)
        self._stale.discard(key)
        if key != self.current:
            self.messages.clear()  # a message is about what was just done, not about the next screen
        if changed_elsewhere:
            self.messages.info("Your workbook was changed outside this page (an import or another tab). "
                               "This page shows the latest.")
        self._content.children = (self._bodies[key],)
        for k, b in self._nav_buttons.items():
            (b.add_class if k == key else b.remove_class)("wb-nav-active")
        self.current = key

    def _notice_outside_changes(self) -> bool:
        """True (and every view marked stale) when another process or tab committed since the last look."""
        if self.is_demo and self._own_file_changed():
            try:
                own = self.own_book()
                if not own.is_empty():  # an import from the command line landed in their own workbook
                    self._set_book(own, demo=False)
                    return True
            except WorkbookError as exc:
                self.messages.error(f"Your workbook could not be opened: {exc}")
        try:
            seen = self.book.data_version()
        except Exception:  # noqa: BLE001 - a damaged file is reported by the views that read it
            return False
        before, self._seen_version = self._seen_version, seen
        if before is None or seen == before:
            return False
        self._stale.update(self._views)
        self._update_header()
        return True

    def _own_stamp_now(self) -> tuple:
        # stat() only: opening the file to look would drop this process's SQLite locks on it.
        try:
            st = os.stat(self.own_path)
        except OSError:
            return ()
        return (st.st_mtime_ns, st.st_size)

    def _own_file_changed(self) -> bool:
        stamp = self._own_stamp_now()
        before, self._own_stamp = self._own_stamp, stamp
        return bool(stamp) and stamp != before

    def view(self, key: str, index: int = 0) -> widgets.Widget | None:
        """The ``index``-th view of a section (built on demand), or None for a placeholder."""
        if key not in self._bodies:
            self._bodies[key] = self._build(_section(key))
        views = self._views.get(key, [])
        return views[index] if index < len(views) and views[index] is not None else None

    def _build(self, section: Section) -> widgets.Box:
        parts: list[widgets.Widget] = []
        views: list[widgets.Widget | None] = []
        for cls in section.views:
            view = self._make_view(cls)
            views.append(None if isinstance(view, ViewError) else view)
            parts.append(view)
        self._views[section.key] = views
        if all(v is None for v in views):
            # the views bring their own headings; a section with none to show gets the shell's
            parts.insert(0, section_title(section.title, section.subtitle))
        box = widgets.VBox(parts)
        box.add_class("wb-section")
        box.add_class(f"wb-section-{section.key}")
        return box

    def _make_view(self, cls: type) -> widgets.Widget:
        """``cls(book)`` (with ``shell=`` and ``figure_widget=`` when it takes them), observed for
        writes; a view that fails to build is logged in full and shown as a plain error."""
        started = time.perf_counter()
        name = f"{cls.__module__}.{cls.__qualname__}"
        try:
            params = inspect.signature(cls).parameters
            kwargs: dict[str, Any] = {"shell": self} if "shell" in params else {}
            if "figure_widget" in params:
                # A FigureWidget comes up empty in Voila now and then; plotly's mime output never did.
                kwargs["figure_widget"] = False
            view = cls(self.book, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown in the page, logged in full
            log.error("building %s failed:\n%s", name, traceback.format_exc())
            return ViewError(f"This part of the workbook could not be shown: {friendly(exc)}")
        if view.has_trait("changes"):
            view.observe(self._on_view_changed, "changes")
        log.info("built %s in %.2f s", name, time.perf_counter() - started)
        return view

    # -- keeping views in step -------------------------------------------------------------------------

    def _on_view_changed(self, change: dict) -> None:
        source = change["owner"]
        for key, views in self._views.items():
            others = [v for v in views if v is not None and v is not source]
            if not others:
                continue
            if key == self.current:
                for v in others:
                    self._refresh_view(v)
            else:
                self._stale.add(key)
        if self.is_demo and self._own is not None and not self._own.is_empty():
            # Their first import landed in their own workbook: leave the demo for it.
            self.use_own_workbook()
        self._update_header()
        self.changes += 1

    def _refresh(self, key: str) -> None:
        for v in self._views.get(key, []):
            if v is not None:
                self._refresh_view(v)

    def _refresh_view(self, view: widgets.Widget) -> None:
        refresh = getattr(view, "refresh", None)
        if refresh is None:
            return
        try:
            refresh()
        except Exception as exc:  # noqa: BLE001
            log.error("refreshing %s failed:\n%s", type(view).__name__, traceback.format_exc())
            area = getattr(view, "messages", None) or self.messages
            area.error(f"This view could not be brought up to date: {friendly(exc)}")

    def refresh(self) -> None:
        """Re-read the workbook: the section on screen now, the others on their next visit."""
        self._stale.update(self._views)
        self._refresh(self.current)
        self._stale.discard(self.current)
        self._update_header()

    # -- header ----------------------------------------------------------------------------------------

    def _update_header(self) -> None:
        try:
            name = display_name(self.book)
            n = self.book.counts()
            as_of = self.book.as_of()
            demo = bool(self.book.settings().get("is_demo"))
        except Exception as exc:  # noqa: BLE001
            log.error("reading the header failed:\n%s", traceback.format_exc())
            self.messages.error(friendly(exc))
            return
        badge = '<span class="wb-badge wb-badge-demo" title="A made-up person to explore with">Demo</span>' \
            if demo else ""
        self._owner.value = f'<h1 class="wb-owner-name">{esc(name)}{badge}</h1>'
        self._stats.value = (
            f'<span class="wb-stat wb-stat-contacts">{n["contacts"]:,} contacts</span>'
            f'<span class="wb-stat">{n["interactions"]:,} interactions</span>'
            f'<span class="wb-stat">as of {esc(_long_date(as_of))}</span>'
        )
        self._switch.layout.display = "" if self.is_demo else "none"

    def _on_switch_clicked(self, _button) -> None:
        try:
            self.use_own_workbook(show="start")
            self.messages.success("This is your own workbook now. Import your data or add contacts; "
                                  "everything is saved on this computer as you go.")
        except Exception as exc:  # noqa: BLE001
            log.error("switching workbook failed:\n%s", traceback.format_exc())
            self.messages.error(friendly(exc))

    def _on_upload_refused(self, change: dict) -> None:
        info = change["new"] or {}
        limit = upload_limit()
        name = info.get("name") or "That file"
        size = info.get("size") or 0
        if size > limit:
            what = f"“{name}” is {megabytes(size)}"
        else:
            what = f"Those files add up to {megabytes(info.get('total') or 0)}"
        self.messages.error(f"{what}; the app takes at most {megabytes(limit)} at a time. Nothing was imported "
                            "or changed. Upload the files one by one, or use the command "
                            "“workbook import FILE” for very large files.")


class ViewError(widgets.HTML):
    """What a section shows in place of a view that failed to build: a plain error (the log has
    the traceback; the page never shows internals)."""

    def __init__(self, text: str):
        super().__init__(f'<div class="wb-placeholder-text wb-view-error-text" role="alert">{esc(text)}</div>')
        self.text = text
        self.add_class("wb-placeholder")
        self.add_class("wb-view-error")


def _section(key: str) -> Section:
    return next(s for s in SECTIONS if s.key == key)


def _long_date(d: dt.date) -> str:
    """'15 October 2026'.

    >>> _long_date(dt.date(2026, 10, 5))
    '5 October 2026'
    """
    return f"{d.day} {d:%B %Y}"


__all__ = ["AppShell", "SECTIONS", "Section", "UploadGuard", "ViewError", "stylesheet", "wait_for_visitor", "warm_up",
           "display_name", "megabytes", "open_app", "STABLE_CLASSES", "own_workbook_started", "upload_limit",
           "WorkbookError"]
