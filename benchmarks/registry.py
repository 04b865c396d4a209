"""The table of measurements: each one is a small function registered here with its target.

Two kinds of measurement:

* **timed** (:func:`timed`): the function gets the :class:`~benchmarks.context.Bench` and returns
  the operation to time (a zero-argument callable, or an :class:`Op` when each run needs a fresh
  set-up that must not be timed). The runner times it (warm-up, then the median of several runs)
  and measures its peak memory in a subprocess of its own.
* **rows** (:func:`rows`): the function gets the bench and returns finished :class:`Row` objects
  (speed-ups against a naive baseline, browser timings, app interactions).

A measurement whose module does not exist yet raises :class:`NotBuilt` (``need()`` does it, and so
does any ``ImportError``); the runner reports it as ``n/a (not built)`` and carries on.
"""
from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Any, Callable


class NotBuilt(Exception):
    """The module or function a measurement needs is not there (yet)."""


class Skipped(Exception):
    """The measurement was not run on purpose (``--no-browser``, missing Chromium...)."""


def need(module: str, *names: str) -> Any:
    """Import ``module`` and return it (or the named attributes), raising :class:`NotBuilt` when absent.

    >>> need("math", "sqrt")(4.0)
    2.0
    >>> need("workbook.no_such_module")
    Traceback (most recent call last):
    ...
    benchmarks.registry.NotBuilt: workbook.no_such_module
    """
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        # Only "this module is missing" means not built; a broken import inside it is an error.
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise NotBuilt(module) from None
        raise
    if not names:
        return mod
    missing = [n for n in names if not hasattr(mod, n)]
    if missing:
        raise NotBuilt(f"{module}.{missing[0]}")
    got = tuple(getattr(mod, n) for n in names)
    return got[0] if len(got) == 1 else got


@dataclass(frozen=True)
class Target:
    """A limit a value must stay under (``at_most``) or reach (``at_least``)."""

    limit: float
    unit: str
    at_most: bool = True

    def check(self, value: float | None) -> bool | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return value <= self.limit if self.at_most else value >= self.limit

    def __str__(self) -> str:
        """``<= 0.5 s``, ``>= 50x``, ``<= 1.5 GB``.

        >>> str(at_most(3.0, "s")), str(at_least(50, "x")), str(at_most(1.5, "GB"))
        ('<= 3 s', '>= 50x', '<= 1.5 GB')
        """
        sign = "<=" if self.at_most else ">="
        return f"{sign} {self.limit:g}x" if self.unit == "x" else f"{sign} {self.limit:g} {self.unit}"


def at_most(limit: float, unit: str) -> Target:
    return Target(limit, unit, True)


def at_least(limit: float, unit: str) -> Target:
    return Target(limit, unit, False)


def fmt_value(value: float | None, unit: str) -> str:
    """Format a value with its unit for the table.

    >>> fmt_value(0.01234, "s"), fmt_value(87.2, "x"), fmt_value(1.234, "x"), fmt_value(1536, "MB")
    ('0.012 s', '87x', '1.23x', '1536 MB')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "x":
        return f"{value:.0f}x" if value >= 10 else f"{value:.2f}x"
    if unit == "MB":
        return f"{value:.1f} MB" if value < 100 else f"{value:.0f} MB"
    if unit == "GB":
        return f"{value:.2f} GB"
    return f"{value:g} {unit}".strip()


@dataclass
class Row:
    """One line of the results table."""

    name: str
    value: float | None = None
    unit: str = "s"
    target: Target | None = None
    status: str = ""  # pass | FAIL | n/a | skipped | ERROR | info (filled in by finish())
    note: str = ""
    key: str = ""
    peak_mb: float | None = None
    cpu: float | None = None  # process CPU seconds (median), shown beside wall-clock time
    detail: dict[str, Any] = field(default_factory=dict)

    def finish(self) -> "Row":
        if not self.status:
            ok = self.target.check(self.value) if self.target else None
            self.status = "info" if ok is None else ("pass" if ok else "FAIL")
        return self

    @property
    def shown(self) -> str:
        if self.status in ("n/a", "skipped", "ERROR") and self.value is None:
            return self.note.split(";")[0] if self.note else self.status
        return fmt_value(self.value, self.unit)


@dataclass
class Op:
    """An operation to time whose every run needs an untimed ``setup`` (and optional ``teardown``).

    ``run`` receives what ``setup`` returned.
    """

    run: Callable[[Any], Any]
    setup: Callable[[], Any] = lambda: None
    teardown: Callable[[Any], None] = lambda state: None


@dataclass
class Measure:
    key: str
    title: str
    kind: str  # "timed" or "rows"
    fn: Callable[..., Any]
    target: Target | None = None
    extra: Callable[[Any, Any], list[Row]] | None = None
    memory: bool = True
    group: str = "core"  # core | baseline | browser | app
    note: str = ""
    names: tuple[str, ...] = ()  # the rows a "rows" measurement produces when it runs

    @property
    def row_names(self) -> tuple[str, ...]:
        return self.names or (self.title,)


MEASURES: dict[str, Measure] = {}


def timed(key: str, title: str, *, target: Target | None = None, extra=None, memory: bool = True,
          note: str = "", group: str = "core"):
    """Register a timed operation: ``fn(bench) -> callable | Op``.

    ``extra(bench, result)`` may add rows computed from the operation's last result (e.g. the
    serialised size of a figure).
    """

    def deco(fn):
        MEASURES[key] = Measure(key, title, "timed", fn, target=target, extra=extra, memory=memory,
                                group=group, note=note)
        return fn

    return deco


def rows(key: str, title: str, *, group: str, note: str = "", names: tuple[str, ...] = ()):
    """Register a measurement that returns its own rows (named ``names``): ``fn(bench) -> list[Row]``."""

    def deco(fn):
        MEASURES[key] = Measure(key, title, "rows", fn, memory=False, group=group, note=note, names=tuple(names))
        return fn

    return deco


def select(only: list[str] | None) -> list[Measure]:
    """The measurements to run: all, or those whose key (or group) matches one of ``only``.

    A name may be a key (``health``), a key prefix (``health`` also picks ``health-24m``), or a group.
    """
    if not only:
        return list(MEASURES.values())
    wanted = [w.strip() for item in only for w in item.split(",") if w.strip()]
    out = [m for m in MEASURES.values()
           if any(m.key == w or m.key.startswith(w + "-") or m.group == w for w in wanted)]
    unknown = [w for w in wanted if not any(m.key == w or m.key.startswith(w + "-") or m.group == w
                                            for m in MEASURES.values())]
    if unknown:
        raise SystemExit(f"unknown measurement(s): {', '.join(unknown)}; known: {', '.join(MEASURES)}")
    return out
