"""App interactions at LinkedIn scale, driven headless in Python on the app's own widgets.

The app shell (:class:`workbook.ui.app.AppShell`) is built on a writable copy of the 30,000-contact
workbook, exactly as the Voilà app builds it, and used the way a person would: navigation buttons
are clicked, filter values set, a contact searched and an exchange logged. ipywidgets runs
observers synchronously, so the time from setting a value (or clicking) until the call returns is
the time until every handler, including the shell refreshing the other views, has finished and the
figures they drive have been replaced. Each interaction is then checked: the section or figure
really changed, and no error reached a message area (the views catch callback errors and show
them, so a fast failure must not pass for a fast answer).
"""
from __future__ import annotations

import gc
import logging
import statistics
import time
from typing import Any, Callable

from .registry import Row, at_most, need

TARGET = 1.0  # seconds per interaction at 30,000 contacts


def _errors(widget: Any) -> list[str]:
    """Error messages shown anywhere under ``widget`` (MessageArea instances with kind 'error')."""
    found, todo, seen = [], [widget], set()
    while todo:
        w = todo.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        if getattr(w, "kind", None) == "error" and getattr(w, "value", ""):
            found.append(str(w.value))
        todo.extend(getattr(w, "children", ()) or ())
        for attr in ("messages",):
            area = getattr(w, attr, None)
            if area is not None and area is not w:
                todo.append(area)
    return found


class Took(float):
    """Wall-clock seconds, carrying the CPU seconds of the same call as ``.cpu``."""

    cpu: float = float("nan")


def _timed(action: Callable[[], Any]) -> Took:
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    action()
    took = Took(time.perf_counter() - t0)
    took.cpu = time.process_time() - c0
    return took


def _figures(view: Any) -> dict[str, int]:
    """Identity of every plotly figure a view holds (to see that an interaction replaced them)."""
    out = {}
    for name, fig in (getattr(view, "figures", None) or {}).items():
        out[name] = id(fig)
    return out


class Session:
    """One app shell on a copy of the workbook, and the rows measured on it."""

    def __init__(self, bench, label: str):
        from workbook.ui.app import open_app, warm_up

        from .dataset import fresh_copy

        self.bench = bench
        self.label = label
        path = fresh_copy(bench.data.workbook, bench.scratch_file("app-copy.sqlite"))
        self.rows: list[Row] = []
        # What the app's preheated kernel does before anyone visits (untimed): import, read the
        # person's workbook once, pay plotly's first-use costs. The shell then takes that workbook.
        warm_up(path)
        t = _timed(lambda: setattr(self, "shell", open_app(path)))
        self.book = self.shell.book
        if self.book.path.resolve() != path.resolve():
            raise RuntimeError(f"the app opened {self.book.path}, not the benchmark workbook {path}")
        self.add("app: build the shell (start section)", [t], note="what the Voila page does before its first widget "
                                                                  "(after the preheated kernel's warm-up)")

    def add(self, name: str, times: list[float], *, target: float | None = TARGET, ok: bool = True,
            note: str = "", errors: list[str] | None = None) -> None:
        value = statistics.median(times) if times else None
        cpu = statistics.median(getattr(t, "cpu", float("nan")) for t in times) if times else None
        row = Row(name, value, "s", at_most(target, "s") if target else None, note=note, cpu=cpu,
                  detail={"runs (s)": ", ".join(f"{t:.3f}" for t in times)} if len(times) > 1 else {})
        if errors:
            row.status, row.note = "FAIL", (note + "; " if note else "") + f"error shown: {errors[0][:120]}"
        elif not ok:
            row.status, row.note = "FAIL", (note + "; " if note else "") + "the view did not change"
        self.rows.append(row.finish())

    def visit(self, key: str, title: str) -> Any:
        shell = self.shell
        before = self.shell.messages.value
        t = _timed(lambda: shell._nav_buttons[key].click())
        views = [v for v in shell._views.get(key, []) if v is not None]
        errors = [e for v in views for e in _errors(v)]
        if shell.messages.value != before and getattr(shell.messages, "kind", "") == "error":
            errors.append(shell.messages.value)
        built = shell.current == key and key in shell._bodies
        placeholder = not views
        self.add(f"app: open {title} (first visit)", [t], ok=built, errors=errors,
                 note="placeholder: view not built yet" if placeholder else "")
        return views

    def step(self, name: str, fn: Callable[..., Any], *args: Any) -> None:
        """Run one interaction; an exception becomes an ERROR row and the next interaction still runs."""
        try:
            fn(*args)
        except Exception as exc:  # noqa: BLE001
            import traceback

            traceback.print_exc()
            self.rows.append(Row(name, None, "s", at_most(TARGET, "s"), status="ERROR",
                                 note=f"error: {type(exc).__name__}: {exc}"[:200]))

    def close(self) -> None:
        self.book.close()


def _find(shell: Any, section: str, class_name: str) -> Any:
    """A section's view by class name (the order of views in a section may change)."""
    shell.view(section)  # builds the section when needed
    for v in shell._views.get(section, []):
        if v is not None and type(v).__name__ == class_name:
            return v
    return None


def _log_interactions(s: Session) -> None:
    shell = s.shell
    form = _find(shell, "health", "LogInteractionForm")
    view = _find(shell, "health", "HealthView")
    if form is None or view is None:
        s.add("app: log an interaction", [], note="n/a (health views not built)")
        return
    contacts = s.book.contacts()
    names = contacts.sort_values("contact_id")["full_name"].iloc[[len(contacts) // 3, len(contacts) // 2,
                                                                  2 * len(contacts) // 3]].tolist()
    search_times, log_times, ok, errors = [], [], True, []
    for name in names:
        search_times.append(_timed(lambda: setattr(form.picker.search, "value", name)))
        if form.picker.dropdown.value is None:
            options = [v for _, v in form.picker.dropdown.options if v is not None]
            if not options:
                ok = False
                continue
            form.picker.dropdown.value = options[0]
        cid = form.picker.dropdown.value
        before_changes, before_health = form.changes, view.health
        log_times.append(_timed(lambda: form.submit.click()))
        errors += _errors(form) + _errors(view)
        ok &= form.changes == before_changes + 1 and view.health is not before_health
        if view.health is not None and cid in view.health.index:
            ok &= int(view.health.loc[cid, "days_since"]) == 0  # the new exchange is today's
    s.add("app: search a contact (type a name)", search_times, note=f"contact picker over {len(contacts):,} contacts")
    s.add("app: log an interaction", log_times, ok=ok, errors=errors,
          note="Log it -> write -> health view redrawn by the shell")


def _weekly_done(s: Session) -> None:
    view = _find(s.shell, "week", "WeeklyPlanView")
    if view is None or not getattr(view, "value", None):
        s.add("app: mark a weekly-plan step done", [], note="n/a (no weekly plan view or no steps)")
        return
    step = view.value[0]["step"]
    before = view.changes
    t = _timed(lambda: view._buttons[step].click())
    s.add("app: mark a weekly-plan step done", [t], ok=view.changes == before + 1, errors=_errors(view))


def _map_filter(s: Session) -> None:
    from . import adapters

    view = _find(s.shell, "map", "MapView")
    if view is None:
        s.add("app: map filter change", [], note="n/a (map view not built)")
        return
    change = adapters.map_filter_changes(view)
    if change is None:
        s.add("app: map filter change", [], note="n/a (no filter found on the map view)")
        return
    times, ok = [], True
    for apply, check in change:
        before = adapters.map_state(view)
        times.append(_timed(apply))
        ok &= check(before, adapters.map_state(view))
    s.add("app: map filter change", times, ok=ok, errors=_errors(view), note=adapters.map_filter_label(view))
    switch = adapters.map_chart_change(view)
    if switch is not None:
        apply, check = switch
        before = adapters.map_state(view)
        t = _timed(apply)
        s.add("app: map switch to the network chart", [t], ok=check(before, adapters.map_state(view)),
              errors=_errors(view), note="groups above 1,500 contacts")


def measure(bench) -> list[Row]:
    need("workbook.ui.app", "AppShell")
    logging.getLogger("workbook").setLevel(logging.ERROR)
    label = f"{bench.data.sizes.contacts:,} contacts"
    s = Session(bench, label)
    try:
        from workbook.ui.app import SECTIONS

        for section in SECTIONS:
            if section.key != "start":
                s.step(f"app: open {section.label} (first visit)", s.visit, section.key, section.label)
        s.shell._nav_buttons["map"].click()
        s.step("app: map filter change", _map_filter, s)
        s.shell._nav_buttons["health"].click()
        s.step("app: log an interaction", _log_interactions, s)

        def back_to_map(s):
            t = _timed(lambda: s.shell._nav_buttons["map"].click())
            s.add("app: back to Map after a write (refresh)", [t], errors=_errors(s.shell))

        s.step("app: back to Map after a write (refresh)", back_to_map, s)
        s.shell._nav_buttons["week"].click()
        s.step("app: mark a weekly-plan step done", _weekly_done, s)
    finally:
        s.close()
    return s.rows
