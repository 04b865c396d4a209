"""Google Contacts CSV: the current layout (``First Name``, ``Organization Name``, ``Labels``,
``E-mail 1 - Value``...) and the legacy one (``Name``, ``Given Name``, ``Family Name``,
``Group Membership``, ``Organization 1 - Name``...), which Google wrote as UTF-16.

Several values in one cell are joined by `` ::: ``; system labels start with ``* ``
(``* myContacts``, ``* starred``) and are not turned into tags. Other labels become
``community`` tags. Websites that are LinkedIn profiles fill the LinkedIn URL.

>>> sniff("First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\\n", "x.csv")
True
>>> sniff("Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value\\n", "x.csv")
True
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._common import (
    Source,
    Table,
    column,
    columns_like,
    decode_source,
    find_header,
    linkedin_in,
    normalise_birthday,
    read_table,
    split_multi,
    strip_label,
)
from ._merge import clean_emails, upsert_contacts
from .report import ImportRefused, ImportReport

SOURCE = "google"
_SYSTEM_LABELS = {"mycontacts", "my contacts", "starred", "other contacts"}


def _score(keys: set[str]) -> float:
    has_values = any(re.fullmatch(r"email\d+value", k) for k in keys)
    current = {"firstname", "lastname"} <= keys and ("labels" in keys or "organizationname" in keys or has_values)
    legacy = {"givenname", "familyname"} <= keys and ("groupmembership" in keys or has_values)
    return 1.0 if (current or legacy) and not {"connectedon"} <= keys else 0.0


def sniff(text: str, name: str) -> bool:
    return find_header(text, _score) is not None


def parse(source: Source, report: ImportReport, progress, fmt: str = "google"):
    dec = decode_source(source, report)
    header = find_header(dec.text, _score)
    if header is None:
        raise ImportRefused(f"{source.name} is not a Google Contacts CSV (no Google header found); nothing was imported.")
    table = read_table(dec, header)
    return table, contact_rows(table, report)


def _joined(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    """Several columns' values in one cell, joined like Google joins them (`` ::: ``)."""
    columns = [column(frame, c).tolist() for c in cols]
    values = [" ::: ".join(v for v in vals if v) for vals in zip(*columns)] if columns else [""] * len(frame)
    return pd.Series(values, index=frame.index, dtype=object)


def _labels(cell: str) -> list[tuple[str, str]]:
    """Google labels as community tags, without system groups and "Imported on ..." stamps."""
    out = []
    for raw in str(cell or "").split(":::"):
        label = re.sub(r"^System Group:\s*", "", strip_label(raw))
        if label and label.lower() not in _SYSTEM_LABELS and not label.lower().startswith("imported on"):
            out.append(("community", label))
    return out


def contact_rows(table: Table, report: ImportReport) -> pd.DataFrame:
    """The table's rows as contact fields (shared with the Outlook reader's style)."""
    f = table.frame
    first = column(f, "First Name", "Given Name")
    middle = column(f, "Middle Name", "Additional Name")
    last = column(f, "Last Name", "Family Name")
    parts = (first + " " + middle + " " + last).str.split().str.join(" ").fillna("")
    full = column(f, "Name")
    full = full.where(full != "", parts)
    for alt in ("Nickname", "File As"):
        full = full.where(full != "", column(f, alt))
    emails, bad, exchange = clean_emails(_joined(f, columns_like(f, r"email\d+value")))
    phones = _joined(f, columns_like(f, r"phone\d+value")).map(lambda v: ";".join(dict.fromkeys(split_multi(v))))
    sites = _joined(f, columns_like(f, r"website\d+value")).map(lambda v: linkedin_in(split_multi(v)))
    city = column(f, "Address 1 - City")
    location = city.where(city != "", column(f, "Location"))
    birthday_raw = column(f, "Birthday")
    birthday = birthday_raw.map(normalise_birthday)
    unreadable = int(birthday.isna().sum())
    if unreadable:
        report.warn(f"{unreadable} birthday(s) could not be read and were left out.")
    labels = column(f, "Labels", "Group Membership").map(_labels)
    bad = pd.Series(bad, index=f.index, dtype=object)
    return pd.DataFrame({
        "full_name": full,
        "first_name": first,
        "last_name": last,
        "emails": emails,
        "phones": phones,
        "linkedin_url": sites,
        "company": column(f, "Organization Name", "Organization 1 - Name"),
        "position": column(f, "Organization Title", "Organization 1 - Title"),
        "location": location,
        "birthday": birthday.fillna(""),
        "notes": column(f, "Notes"),
        "tags": labels,
        "_pos": np.arange(len(f)),
        "_reason": f["_extra"].astype(object).where(f["_extra"] != "", bad.map(
            lambda b: f"{b[:60]!r} is not an email address" if b else "")),
    }, index=f.index)


def write(ctx, parsed) -> None:
    table, rows = parsed
    ctx.report.rows_read += len(rows)
    upsert_contacts(ctx.book, ctx.index, rows, source=SOURCE, report=ctx.report, lines=table.line_of,
                    progress=ctx.progress)
