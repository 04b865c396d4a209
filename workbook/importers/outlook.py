"""Outlook contacts CSV (desktop and Outlook.com exports; Windows-1252 is common).

Columns used: First Name, Middle Name, Last Name, Company, Job Title, Department,
E-mail Address / E-mail 2 Address / E-mail 3 Address, Mobile Phone, Business Phone,
Home Phone, Primary Phone, Business City / Home City, Web Page, Birthday (``0/0/00`` = none),
Categories (``;``-separated, become ``community`` tags), Notes. ``Title`` is a name prefix
(Dr., Ms.) in Outlook, so it is not a job title. Exchange paths (``/o=...``) in the email
columns are dropped.

>>> sniff("First Name,Middle Name,Last Name,Title,Suffix,E-mail Address,Company,Job Title\\n", "x.csv")
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import (
    Source,
    column,
    decode_source,
    find_header,
    linkedin_in,
    normalise_birthday,
    read_table,
)
from ._merge import clean_emails, upsert_contacts
from .report import ImportRefused, ImportReport

SOURCE = "outlook"
_PHONES = ("Mobile Phone", "Business Phone", "Home Phone", "Primary Phone", "Business Phone 2", "Home Phone 2",
           "Other Phone", "Car Phone")


def _score(keys: set[str]) -> float:
    base = {"firstname", "lastname", "emailaddress"} <= keys
    outlookish = bool(keys & {"jobtitle", "businessphone", "email2address", "emaildisplayname", "mobilephone"})
    return 1.0 if base and outlookish else 0.0


def sniff(text: str, name: str) -> bool:
    return find_header(text, _score) is not None


def parse(source: Source, report: ImportReport, progress, fmt: str = "outlook"):
    dec = decode_source(source, report)
    header = find_header(dec.text, _score)
    if header is None:
        raise ImportRefused(f"{source.name} is not an Outlook contacts CSV (no Outlook header found); nothing was imported.")
    table = read_table(dec, header)
    f = table.frame
    first, middle, last = column(f, "First Name"), column(f, "Middle Name"), column(f, "Last Name")
    full = (first + " " + middle + " " + last).str.split().str.join(" ").fillna("")
    for alt in ("Nickname", "E-mail Display Name"):
        full = full.where(full != "", column(f, alt))
    joined = column(f, "E-mail Address") + " ::: " + column(f, "E-mail 2 Address") + " ::: " + column(f, "E-mail 3 Address")
    emails, bad, exchange = clean_emails(joined)
    if exchange:
        report.warn(f"{exchange} Exchange address(es) (starting /o=) are not email addresses and were left out.")
    phones = pd.Series([";".join(dict.fromkeys(p for p in ps if p)) for ps in zip(*(column(f, c) for c in _PHONES))],
                       index=f.index, dtype=object)
    city = column(f, "Business City")
    city = city.where(city != "", column(f, "Home City"))
    city = city.where(city != "", column(f, "Location"))
    birthday = column(f, "Birthday").map(normalise_birthday)
    if int(birthday.isna().sum()):
        report.warn(f"{int(birthday.isna().sum())} birthday(s) could not be read and were left out.")
    web = pd.Series([linkedin_in(v) for v in zip(column(f, "Web Page"), column(f, "Personal Web Page"))],
                    index=f.index, dtype=object)
    cats = column(f, "Categories").map(
        lambda v: [("community", c.strip()) for c in str(v).split(";") if c.strip()])
    bad = pd.Series(bad, index=f.index, dtype=object)
    rows = pd.DataFrame({
        "full_name": full,
        "first_name": first,
        "last_name": last,
        "emails": emails,
        "phones": phones,
        "linkedin_url": web,
        "company": column(f, "Company"),
        "position": column(f, "Job Title"),
        "location": city,
        "birthday": birthday.fillna(""),
        "notes": column(f, "Notes"),
        "tags": cats,
        "_pos": np.arange(len(f)),
        "_reason": f["_extra"].astype(object).where(f["_extra"] != "", bad.map(
            lambda b: f"{b[:60]!r} is not an email address" if b else "")),
    }, index=f.index)
    return table, rows


def write(ctx, parsed) -> None:
    table, rows = parsed
    ctx.report.rows_read += len(rows)
    upsert_contacts(ctx.book, ctx.index, rows, source=SOURCE, report=ctx.report, lines=table.line_of,
                    progress=ctx.progress)
