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

from ._common import Source, what_was_seen, decode_source, find_header, read_table
from ._merge import upsert_contacts
from .fields import OUTLOOK, contact_rows
from .report import ImportRefused, ImportReport

SOURCE = "outlook"


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
        raise ImportRefused(refusal(source.name, dec.text))
    table = read_table(dec, header)
    return table, contact_rows(table, OUTLOOK, report)


def refusal(name: str, text: str) -> str:
    """Why a file given as this format is not one: what was seen and what would be accepted."""
    return (f"{name} is not an Outlook contacts CSV: it has {what_was_seen(text)}. An Outlook export has First Name, Last Name and E-mail Address with Job Title, Business Phone or Mobile Phone. "
            "Nothing was imported.")


def write(ctx, parsed) -> None:
    table, rows = parsed
    ctx.report.rows_read += len(rows)
    upsert_contacts(ctx.book, ctx.index, rows, source=SOURCE, report=ctx.report, lines=table.line_of,
                    progress=ctx.progress)
