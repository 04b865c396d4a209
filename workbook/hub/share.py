"""Sharing a client's coach report with their coach, by consent, through one shared folder.

A client who clicks "Share my report with my coach" gets two files written into
``<share folder>/<their hub user name>/``: ``report.html`` (the report of :mod:`workbook.report`,
with contacts' names or initials only, as they chose) and ``summary.json`` (a few counts the
coach's cohort summary is made from). "Withdraw" deletes both. The coach's page
(:mod:`workbook.hub.service`) reads nothing else: no workbook, no other file. The hub sets the
folder in ``WORKBOOK_SHARE_DIR``; the client is ``JUPYTERHUB_USER``.

>>> import tempfile, os, workbook
>>> folder = tempfile.mkdtemp()
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> _ = book.add_contact("Ada Lovelace")
>>> _ = share_report(book, folder, "alice", initials=True)
>>> [e["user"] for e in read_shared(folder)], shared_summary(folder, "alice")["initials"]
(['alice'], True)
>>> withdraw_report(folder, "alice"), read_shared(folder)
(True, [])
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ..report import build_report
from ..schema import IN_PROGRESS_STAGES
from ..session import Session
from ..store import Workbook

#: Where the hub's shared folder is given to the app (and to the coach's page).
SHARE_DIR_ENV = "WORKBOOK_SHARE_DIR"
#: The hub user the app runs for (JupyterHub sets it in every user's server, hence every kernel).
USER_ENV = "JUPYTERHUB_USER"
REPORT_FILE = "report.html"
SUMMARY_FILE = "summary.json"
#: Hub user names that are safe as a folder name (never "..", never a path); the hub's
#: ``username_pattern`` (jupyterhub_config.py) admits only these.
USER_PATTERN = r"[a-z0-9][a-z0-9_-]{0,31}"
#: An exchange this many days before a report's date (or the coach's) counts as this week.
WEEK_DAYS = 7


def check_user(user: Any) -> str:
    """The hub user name, refused unless it is a plain folder name.

    >>> check_user("alice")
    'alice'
    >>> check_user("../coach")
    Traceback (most recent call last):
    ...
    ValueError: '../coach' is not a hub user name this folder accepts.
    """
    text = str(user or "")
    if not re.fullmatch(USER_PATTERN, text):
        raise ValueError(f"{text!r} is not a hub user name this folder accepts.")
    return text


def hub_context(environ: dict[str, str] | None = None) -> tuple[str, Path] | None:
    """``(user, share folder)`` when the app runs under the hub, else None.

    >>> hub_context({}) is None
    True
    >>> hub_context({"JUPYTERHUB_USER": "alice", "WORKBOOK_SHARE_DIR": "/srv/shared"})
    ('alice', PosixPath('/srv/shared'))
    """
    env = os.environ if environ is None else environ
    user, folder = env.get(USER_ENV, ""), env.get(SHARE_DIR_ENV, "")
    if not user or not folder:
        return None
    return check_user(user), Path(folder)


def summarise_book(book: Workbook | Session, *, initials: bool) -> dict[str, Any]:
    """What the coach's cohort summary needs from one workbook: counts and goal titles, no names.

    >>> import workbook
    >>> book = workbook.open(":memory:"); _ = book.add_contact("Ada Lovelace")
    >>> s = summarise_book(book, initials=False); (s["contacts"], s["exchanges_this_week"], s["last_exchange"])
    (1, 0, None)
    """
    session = Session.of(book)
    as_of = session.as_of()
    dates = pd.to_datetime(session.interactions()["date"])
    end = pd.Timestamp(as_of)
    goals, outreach = session.goals(), session.outreach()
    return {
        "as_of": as_of.isoformat(),
        "initials": bool(initials),
        "contacts": int(len(session.contacts())),
        "exchanges_this_week": int(dates.between(end - pd.Timedelta(days=WEEK_DAYS - 1), end).sum()),
        "last_exchange": dates.max().date().isoformat() if dates.notna().any() else None,
        "goals_in_progress": goals.loc[goals["status"] == "active", "title"].astype(str).tolist(),
        "open_outreach": int(outreach["stage"].isin(IN_PROGRESS_STAGES).sum()),
    }


def _write_atomic(path: Path, text: str) -> None:
    # A coach's page reading mid-write must see the old file or the new one, never half of one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def share_report(book: Workbook | Session, folder: str | os.PathLike, user: str, *, initials: bool,
                 now: dt.datetime | None = None) -> Path:
    """Put ``user``'s report (names, or initials only) and its summary in the shared folder;
    returns the report's path. Sharing again replaces what was shared before."""
    user = check_user(user)
    target = Path(folder) / user
    target.mkdir(parents=True, exist_ok=True)
    summary = {"user": user, "shared_at": (now or dt.datetime.now()).isoformat(timespec="seconds"),
               **summarise_book(book, initials=initials)}
    _write_atomic(target / REPORT_FILE, build_report(book, initials=initials))
    _write_atomic(target / SUMMARY_FILE, json.dumps(summary, indent=1))
    return target / REPORT_FILE


def withdraw_report(folder: str | os.PathLike, user: str) -> bool:
    """Delete what ``user`` shared; True when there was something to delete."""
    target = Path(folder) / check_user(user)
    found = False
    for name in (SUMMARY_FILE, REPORT_FILE):  # the summary first: without it nothing is listed
        try:
            (target / name).unlink()
            found = True
        except FileNotFoundError:
            pass
    try:
        target.rmdir()
    except OSError:
        pass
    return found


def shared_summary(folder: str | os.PathLike, user: str) -> dict[str, Any] | None:
    """What ``user`` shares now (their summary), or None."""
    path = Path(folder) / check_user(user) / SUMMARY_FILE
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(summary, dict) or summary.get("user") != user or not (path.parent / REPORT_FILE).exists():
        return None
    return summary


def read_shared(folder: str | os.PathLike) -> list[dict[str, Any]]:
    """Every report shared now, by user name (a folder without a valid summary is skipped)."""
    root = Path(folder)
    if not root.is_dir():
        return []
    out = []
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and re.fullmatch(USER_PATTERN, entry.name):
            summary = shared_summary(root, entry.name)
            if summary is not None:
                out.append(summary)
    return out


def report_path(folder: str | os.PathLike, user: str) -> Path | None:
    """The shared report of ``user``, or None when they share nothing."""
    if shared_summary(folder, user) is None:
        return None
    return Path(folder) / check_user(user) / REPORT_FILE


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def summarise_cohort(shared: list[dict[str, Any]], *, as_of: dt.date) -> dict[str, Any]:
    """The coach's cohort summary, from the shared summaries only.

    ``active_this_week``: clients whose last exchange is within :data:`WEEK_DAYS` days up to
    ``as_of``; ``goals``: each goal in progress with how many clients work toward it.

    >>> rows = [{"user": "a", "last_exchange": "2026-10-14", "goals_in_progress": ["Move into UX"]},
    ...         {"user": "b", "last_exchange": "2026-09-01", "goals_in_progress": ["move into ux", "Mentor"]}]
    >>> s = summarise_cohort(rows, as_of=dt.date(2026, 10, 15))
    >>> s["shared"], s["active_this_week"], s["goals_in_progress"], s["goals"]
    (2, 1, 3, [('Move into UX', 2), ('Mentor', 1)])
    """
    start = as_of - dt.timedelta(days=WEEK_DAYS - 1)
    active = sum(1 for e in shared if (d := _date(e.get("last_exchange"))) is not None and start <= d <= as_of)
    counts: dict[str, list] = {}
    for entry in shared:
        seen = set()
        for title in entry.get("goals_in_progress") or []:
            key = " ".join(str(title).split()).casefold()
            if key and key not in seen:
                seen.add(key)
                counts.setdefault(key, [" ".join(str(title).split()), 0])[1] += 1
    goals = sorted(((t, n) for t, n in counts.values()), key=lambda tn: (-tn[1], tn[0].casefold()))
    return {"shared": len(shared), "active_this_week": active, "as_of": as_of.isoformat(),
            "goals_in_progress": sum(n for _, n in goals), "goals": goals}
