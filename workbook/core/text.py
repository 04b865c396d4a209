"""Text keys: how emails, LinkedIn URLs, names and companies are compared, wherever they are compared.

One home for these rules: the store normalises with them, the importers match people with them,
the analyses group by them.

>>> company_key("Northwind Analytics, Inc.") == company_key("northwind analytics")
True
"""
from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd


def normalise_email(value: str) -> str:
    """Lower-case, trim and strip ``mailto:`` from an email address.

    >>> normalise_email(" MailTo:Ada@Example.COM ")
    'ada@example.com'
    """
    v = (value or "").strip().strip("<>").strip()
    if v.lower().startswith("mailto:"):
        v = v[7:]
    return v.lower()


def normalise_linkedin(url: str) -> str:
    """Canonical LinkedIn profile URL: https, www, no query, no trailing slash, lower-case slug.

    >>> normalise_linkedin("http://LinkedIn.com/in/Ada-L/?trk=x")
    'https://www.linkedin.com/in/ada-l'
    """
    v = (url or "").strip()
    if not v:
        return ""
    v = re.sub(r"[?#].*$", "", v).rstrip("/")
    m = re.search(r"linkedin\.com/(in|pub)/(.+)$", v, flags=re.I)
    if not m:
        return v.lower()
    return f"https://www.linkedin.com/{m.group(1).lower()}/{m.group(2).lower()}"


_COMBINING = re.compile(r"[\u0300-\u036f]")
_PUNCT = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """Compare names ignoring case, accents, punctuation and spacing.

    >>> name_key("  Zoë  O'Brien ")
    'zoe obrien'
    """
    text = str(name or "")
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_PUNCT.sub("", text.casefold()).split())


#: Legal-form and holding words left out when companies are compared (the one list).
COMPANY_SUFFIXES = ("inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas", "sarl",
                    "bv", "nv", "oy", "ab", "as", "spa", "srl", "pty", "co", "corp", "corporation", "company", "group",
                    "holding", "holdings")
_COMPANY_SUFFIX = re.compile(r"\b(" + "|".join(COMPANY_SUFFIXES) + r")\b")
#: Company cells that name no employer: they never make two people colleagues.
NO_COMPANY = frozenset({"unknown", "self employed", "selfemployed", "freelance", "freelancer", "none", "n a", "na",
                        "independent", "retired", "student", "unemployed"})


@functools.lru_cache(maxsize=65_536)
def company_key(company: str) -> str:
    """Compare companies ignoring case, accents, punctuation and legal suffixes ('' for no employer).

    >>> company_key("ACME GmbH"), company_key("Self-employed")
    ('acme', '')
    """
    key = " ".join(_COMPANY_SUFFIX.sub(" ", name_key(company)).split())
    return "" if key in NO_COMPANY else key


def company_keys(companies: pd.Series) -> pd.Series:
    """:func:`company_key` for a column, computed once per distinct value.

    >>> company_keys(pd.Series(["Acme Ltd", "acme", None])).tolist()
    ['acme', 'acme', '']
    """
    values = companies.fillna("").astype(str)
    distinct = pd.unique(values)
    return values.map(dict(zip(distinct, map(company_key, distinct)))).astype(object)
