"""What every measurement gets: the built network, its DataFrames (loaded once) and shared inputs."""
from __future__ import annotations

import datetime as dt
import functools
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .dataset import Dataset


@dataclass
class Bench:
    """The inputs of one benchmark run.

    Frames are read from the network's workbook on first use and kept, so measuring an analysis
    never includes loading (that is its own row). Measurements must not mutate them: task modules
    are pure, and :func:`frames_unchanged` lets the runner check it.
    """

    data: Dataset
    quick: bool = False
    out: Path = Path(".")
    runs: int | None = None
    browser: bool = True
    log: Any = print
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="wb-bench-")))
    #: Timings of this run's timed measurements by key (ratio and scaling rows reuse them).
    timings: dict[str, Any] = field(default_factory=dict)

    # -- the workbook -----------------------------------------------------------------------------

    @functools.cached_property
    def book(self):
        from workbook.store import Workbook

        return Workbook(self.data.workbook)

    frames_file: Path | None = None  # a pickle of the frames (memory subprocesses load it quickly)

    @functools.cached_property
    def frames(self) -> dict[str, Any]:
        if self.frames_file is not None and Path(self.frames_file).exists():
            with open(self.frames_file, "rb") as fh:
                return pickle.load(fh)
        b = self.book
        return {
            "contacts": b.contacts(),
            "interactions": b.interactions(),
            "tags": b.tags(),
            "links": b.links(),
            "goals": b.goals(),
            "outreach": b.outreach(),
            "outreach_history": b.outreach_history(),
            "profile": b.profile(),
            "settings": b.settings(),
            "as_of": b.as_of(),
        }

    def __getattr__(self, name: str) -> Any:
        # contacts, interactions, tags, ... read like attributes
        if name in ("contacts", "interactions", "tags", "links", "goals", "outreach", "outreach_history",
                    "profile", "settings", "as_of"):
            return self.frames[name]
        raise AttributeError(name)

    @property
    def as_of_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.as_of)

    # -- shared derived inputs (computed once, outside any timing) ------------------------------------

    @functools.cached_property
    def ties(self) -> pd.DataFrame:
        from workbook.ties import measure_ties

        return measure_ties(self.contacts, self.interactions, as_of=self.as_of)

    @functools.cached_property
    def circles(self) -> pd.Series:
        from workbook.ties import assign_circles

        return assign_circles(self.contacts, self.ties)

    @functools.cached_property
    def goal(self) -> Any:
        """The first active goal (the demo persona's product-management goal)."""
        g = self.goals
        active = g[g["status"] == "active"] if "status" in g else g
        return (active if len(active) else g).iloc[0] if len(g) else "product strategy"

    def save_frames(self) -> Path:
        """Pickle the loaded frames for the memory subprocesses (loading them from SQLite each time
        would cost a full load per measurement; the subprocess resets its peak after loading anyway)."""
        path = self.scratch_file("frames.pkl")
        with open(path, "wb") as fh:
            pickle.dump(self.frames, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.frames_file = path
        return path

    def scratch_file(self, name: str) -> Path:
        self.scratch.mkdir(parents=True, exist_ok=True)
        return self.scratch / name

    def close(self) -> None:
        if "book" in self.__dict__:
            self.book.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def frames_fingerprint(frames: dict[str, Any]) -> dict[str, Any]:
    """A cheap fingerprint of the input frames (shape and a hash), to catch a measurement mutating them."""
    out = {}
    for k, v in frames.items():
        if isinstance(v, pd.DataFrame):
            out[k] = (v.shape, int(pd.util.hash_pandas_object(v.head(2000).astype(str), index=True).sum()))
        elif isinstance(v, (dict, dt.date)):
            out[k] = repr(v)
    return out
