"""How each analysis's cost grows: the same operation on a network a tenth the size, in the same run.

For every analysis in :data:`ANALYSES` the table gets two rows side by side, at the small size
(3,000 contacts, 100,000 interactions, 10,000 tags, 500 links: the full network's proportions) and
at the full size (the value of that analysis's own row in this run). The note gives the growth and
its exponent ``log(t_big / t_small) / log(n_big / n_small)``: 1 is linear in the network's size,
below 1 means fixed costs dominate at the small size, above 1 grows faster than the data.
"""
from __future__ import annotations

import math

from .registry import MEASURES, NotBuilt, Row, Skipped
from .timing import Timing, time_op

#: The analyses whose growth is shown (keys of timed measurements).
ANALYSES = ("map-circles", "map-structure", "map-figure", "common-ground", "introductions", "mentors", "health",
            "health-24m", "weekly-plan", "report")
FACTOR = 10
WORSE_THAN_LINEAR = 1.15  # exponent above which the note says so (timing noise stays below it)


def small_sizes(sizes):
    """The full network's proportions at a tenth of its contacts (at least 100).

    >>> from benchmarks.dataset import Sizes
    >>> s = small_sizes(Sizes())
    >>> (s.contacts, s.interactions, s.tags, s.links)
    (3000, 100000, 10000, 500)
    """
    from dataclasses import replace

    contacts = max(100, sizes.contacts // FACTOR)
    k = contacts / sizes.contacts
    return replace(sizes, contacts=contacts, interactions=max(1000, round(sizes.interactions * k)),
                   tags=max(100, round(sizes.tags * k)), links=max(10, round(sizes.links * k)))


def exponent(t_small: float, t_big: float, n_small: int, n_big: int) -> float:
    """Growth exponent of time in size.

    >>> round(exponent(0.1, 1.0, 3000, 30000), 2), round(exponent(0.1, 10.0, 3000, 30000), 2)
    (1.0, 2.0)
    """
    if t_small <= 0 or t_big <= 0 or n_small == n_big:
        return math.nan
    return math.log(t_big / t_small) / math.log(n_big / n_small)


def measure(bench) -> list[Row]:
    from .context import Bench
    from .dataset import build
    from .floors import timing_of

    small = small_sizes(bench.data.sizes)
    data = build(small, bench.data.folder.parent, log=bench.log)
    little = Bench(data, quick=bench.quick, out=bench.out, runs=bench.runs, browser=False, log=bench.log)
    n_small, n_big = small.contacts, bench.data.sizes.contacts
    out: list[Row] = []
    try:
        for key in ANALYSES:
            title = MEASURES[key].title
            try:
                t_small = time_op(MEASURES[key].fn(little), runs=bench.runs, quick=bench.quick)
                t_big = timing_of(bench, key)
            except (NotBuilt, Skipped) as exc:
                out.append(Row(f"scale: {title}", None, "s", status="n/a", note=f"n/a (not built: {exc})"))
                continue
            out += _pair(title, t_small, t_big, n_small, n_big)
    finally:
        little.close()
    return out


def _pair(title: str, t_small: Timing, t_big: Timing, n_small: int, n_big: int) -> list[Row]:
    e = exponent(t_small.median, t_big.median, n_small, n_big)
    growth = t_big.median / t_small.median if t_small.median > 0 else math.inf
    verdict = "worse than linear" if e > WORSE_THAN_LINEAR else ("about linear" if e >= 0.85 else "below linear")
    return [
        Row(f"scale: {title}, {n_small:,} contacts", t_small.median, "s", cpu=t_small.cpu_median,
            detail={"runs (s)": ", ".join(f"{x:.3f}" for x in t_small.runs)}),
        Row(f"scale: {title}, {n_big:,} contacts", t_big.median, "s", cpu=t_big.cpu_median,
            note=f"x{growth:.1f} for x{n_big / n_small:g} the network (exponent {e:.2f}: {verdict})"),
    ]
