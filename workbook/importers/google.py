"""Google Contacts CSV: the current layout (``First Name``, ``Organization Name``, ``Labels``,
``E-mail 1 - Value``...) and the legacy one (``Name``, ``Given Name``, ``Family Name``,
``Group Membership``, ``Organization 1 - Name``...), which Google wrote as UTF-16.

Several values in one cell are joined by `` ::: ``; system labels start with ``* ``
(``* myContacts``, ``* starred``; also ``My Contacts``, ``Starred``) and are not turned into tags.
A row with no name but an organisation is named by the organisation, as Google shows it. Other labels become
``community`` tags. Websites that are LinkedIn profiles fill the LinkedIn URL.

>>> sniff("First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\\n", "x.csv")
True
>>> sniff("Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value\\n", "x.csv")
True
"""
from __future__ import annotations

import re

import pandas as pd

from ._common import Source, what_was_seen, Table, decode_source, find_header, read_table
from ._merge import upsert_contacts
from .fields import GOOGLE, contact_rows as _fields_rows
from .report import ImportRefused, ImportReport
from .values import community_labels

SOURCE = "google"


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
        raise ImportRefused(refusal(source.name, dec.text))
    table = read_table(dec, header)
    return table, contact_rows(table, report)


def refusal(name: str, text: str) -> str:
    """Why a file given as this format is not one: what was seen and what would be accepted."""
    return (f"{name} is not a Google Contacts CSV: it has {what_was_seen(text)}. A Google export has First Name and Last Name (or Given Name and Family Name) with Labels, Organization Name or E-mail 1 - Value. "
            "Nothing was imported.")


def _labels(cell: str) -> list[tuple[str, str]]:
    """Google labels as community tags, without system groups and "Imported on ..." stamps."""
    return community_labels(cell)


def contact_rows(table: Table, report: ImportReport) -> pd.DataFrame:
    """The table's rows as contact fields (the column map shared with Outlook: :mod:`.fields`)."""
    return _fields_rows(table, GOOGLE, report)


def write(ctx, parsed) -> None:
    table, rows = parsed
    ctx.report.rows_read += len(rows)
    upsert_contacts(ctx.book, ctx.index, rows, source=SOURCE, report=ctx.report, lines=table.line_of,
                    progress=ctx.progress)
