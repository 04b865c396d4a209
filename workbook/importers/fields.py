"""How the columns of a contacts CSV become contact fields, and each value checked on its way in.

Google and Outlook write the same fields under different column names; one :class:`FieldMap`
per source says which, and :func:`contact_rows` reads either. :func:`check_values` is the one
place where emails, phones, birthdays and dates are checked for every contact importer
(Google, Outlook, generic CSV, vCard): a value that cannot be read is left out with a note
naming its line, and the person and the rest of the row are kept.

>>> GOOGLE.company, OUTLOOK.company
(('Organization Name', 'Organization 1 - Name'), ('Company',))
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ._common import Table, column, columns_like, linkedin_in, note_values, split_multi
from ._merge import clean_emails
from .values import clean_phones, community_labels, date_reasons, normalise_birthday, parse_dates

Lines = Callable[[list[int]], list[int]]


@dataclass(frozen=True)
class FieldMap:
    """Column names (first match wins) or column patterns (every match, joined) per field."""

    first: tuple[str, ...]
    middle: tuple[str, ...]
    last: tuple[str, ...]
    full: tuple[str, ...]  # a whole name written by the source, used before the parts
    fallback_names: tuple[str, ...]  # used when there is no name at all (then the company)
    emails: str  # a header_key pattern: every matching column
    phones: str
    websites: str
    company: tuple[str, ...]
    position: tuple[str, ...]
    cities: tuple[str, ...]
    birthday: tuple[str, ...]
    notes: tuple[str, ...]
    labels: tuple[str, ...]
    label_sep: str


GOOGLE = FieldMap(
    first=("First Name", "Given Name"), middle=("Middle Name", "Additional Name"), last=("Last Name", "Family Name"),
    full=("Name",), fallback_names=("Nickname", "File As"),
    emails=r"email\d+value", phones=r"phone\d+value", websites=r"website\d+value",
    company=("Organization Name", "Organization 1 - Name"), position=("Organization Title", "Organization 1 - Title"),
    cities=("Address 1 - City", "Location"), birthday=("Birthday",), notes=("Notes",),
    labels=("Labels", "Group Membership"), label_sep=":::",
)
OUTLOOK = FieldMap(
    first=("First Name",), middle=("Middle Name",), last=("Last Name",),
    full=(), fallback_names=("Nickname", "E-mail Display Name", "File As"),
    emails=r"e?mail(\d)?address", phones=r"(mobile|business|home|primary|other|car|company|assistant)phone\d*",
    websites=r"(personal)?webpage",
    company=("Company",), position=("Job Title",),
    cities=("Business City", "Home City", "Location"), birthday=("Birthday",), notes=("Notes",),
    labels=("Categories",), label_sep=";",
)


def _joined(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    """Several columns' values in one cell, joined like Google joins them (`` ::: ``)."""
    columns = [column(frame, c).tolist() for c in cols]
    values = [" ::: ".join(v for v in vals if v) for vals in zip(*columns)] if columns else [""] * len(frame)
    return pd.Series(values, index=frame.index, dtype=object)


def _per_distinct(values: pd.Series, fn: Callable) -> pd.Series:
    """``fn`` applied once per distinct value (columns repeat themselves)."""
    done = {v: fn(v) for v in dict.fromkeys(values.tolist())}
    return pd.Series([done[v] for v in values.tolist()], index=values.index, dtype=object)


def _first_value(values: pd.Series) -> pd.Series:
    """The first of several values Google joins into one cell (``Oslo ::: Bergen``: two home addresses)."""
    if not values.str.contains(":::", regex=False).any():
        return values
    return values.map(lambda v: v.split(":::", 1)[0].strip() if ":::" in v else v)


def _first(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    """Per row, the first of these columns that has a value."""
    out = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    for name in names:
        out = out.where(out != "", column(frame, name))
    return out


def contact_rows(table: Table, fmap: FieldMap, report, *, file: str | None = None) -> pd.DataFrame:
    """The table's rows as contact fields, values checked (see :func:`check_values`).

    A row with no name is named as its source shows it: by its nickname or "file as", else by
    its organisation (Google shows an organisation-only contact by the organisation).
    """
    f = table.frame
    first, middle, last = _first(f, fmap.first), _first(f, fmap.middle), _first(f, fmap.last)
    parts = (first + " " + middle + " " + last).str.split().str.join(" ").fillna("")
    full = _first(f, fmap.full) if fmap.full else parts
    full = full.where(full != "", parts)
    company = _first(f, fmap.company)
    for alt in (*fmap.fallback_names,):
        full = full.where(full != "", column(f, alt))
    full = full.where(full != "", _first_value(company))
    rows = pd.DataFrame({
        "full_name": full,
        "first_name": first,
        "last_name": last,
        "emails": _joined(f, columns_like(f, fmap.emails)),
        "phones": _joined(f, columns_like(f, fmap.phones)),
        "linkedin_url": _per_distinct(_joined(f, columns_like(f, fmap.websites)), lambda v: linkedin_in(split_multi(v))),
        "company": _first_value(company),
        "position": _first_value(_first(f, fmap.position)),
        "location": _first_value(_first(f, fmap.cities)),
        "birthday": _first(f, fmap.birthday),
        "notes": _first(f, fmap.notes),
        # Each row gets its own list: the writer may extend them.
        "tags": _per_distinct(_first(f, fmap.labels), lambda v: community_labels(v, fmap.label_sep)).map(list),
        "_pos": np.arange(len(f)),
        "_reason": f["_extra"].astype(object),
    }, index=f.index)
    return check_values(rows, report, table.line_of, file=file)


def check_values(rows: pd.DataFrame, report, lines: Lines, *, file: str | None = None) -> pd.DataFrame:
    """Clean ``emails``, ``phones``, ``birthday`` and ``connected_on`` (raw text in, stored form out).

    A value that cannot be read is dropped and noted with its row's line; the row is kept. Each
    distinct value is cleaned once. Returns a new frame (``rows`` is not changed).
    """
    out = rows.copy()
    n = len(out)
    notes: list[list[str]] = [[] for _ in range(n)]

    def collect(bad: list[str]) -> None:
        for i, b in enumerate(bad):
            if b:
                notes[i].append(b)

    if "emails" in out:
        emails, bad, exchange = clean_emails(out["emails"].tolist())
        out["emails"] = pd.Series(emails, index=out.index, dtype=object)
        collect([f"{b[:60]!r} is not an email address" if b else "" for b in bad])
        if exchange:
            report.warn(f"{exchange} Exchange address(es) (starting /o=) are not email addresses and were left out.")
    if "phones" in out:
        phones, bad = clean_phones(out["phones"].tolist())
        out["phones"] = pd.Series(phones, index=out.index, dtype=object)
        collect(bad)
    if "birthday" in out:
        raw = out["birthday"].fillna("").astype(str).tolist()
        known = {v: normalise_birthday(v) for v in dict.fromkeys(raw)}
        out["birthday"] = pd.Series([known[v] or "" for v in raw], index=out.index, dtype=object)
        collect([f"birthday {v[:40]!r} is not a date" if known[v] is None else "" for v in raw])
    if "connected_on" in out:
        raw_dates = out["connected_on"].fillna("").astype(str)
        dates = parse_dates(raw_dates)
        out["connected_on"] = dates.dt.strftime("%Y-%m-%d").fillna("")
        why = date_reasons(raw_dates, dates, "the date", required=False)
        out["connected_on"] = out["connected_on"].where(why == "", "")
        collect(why.tolist())
    noted = [i for i in range(n) if notes[i]]
    if "_reason" in out:  # a row rejected anyway needs no note about its values
        reason = out["_reason"].fillna("").tolist()
        noted = [i for i in noted if not reason[i]]
    if noted and "full_name" in out:  # nor does a row the store rejects for having neither name nor address
        named = [any(str(v or "").strip() for v in vals) for vals in zip(*(
            out[c].tolist() for c in ("full_name", "first_name", "last_name", "emails") if c in out))]
        noted = [i for i in noted if named[i]]
    if noted:
        pos = out["_pos"].tolist() if "_pos" in out else list(range(n))
        note_values(report, lines([pos[i] for i in noted]), ["; ".join(notes[i]) for i in noted], file)
    return out
